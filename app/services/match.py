"""Labor-relation match score of a stored dispute (read from all its documents) or of pasted text, with what-if
changes; each cue keeps the document and span it was read from, masked for readers who may not see names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Dispute, Proceeding
from app.services.compare import UnknownDispute
from app.services.corpus import persons_by_dispute
from nlp import match
from nlp.masking import mask

_CONTEXT = 14  # characters either side of a cue shown with it


@dataclass(frozen=True)
class CueView:
    quote: str  # the cue with a little context, masked when the reader must not see names
    cue: str
    direction: int
    weight: float
    document_id: int | None
    start: int
    end: int


@dataclass(frozen=True)
class FactorView:
    name: str
    label: str
    weight: float
    value: float
    points: float
    source: str  # text, input (set by hand), unknown
    quantity: tuple[str, float] | None
    cues: list[CueView]


@dataclass(frozen=True)
class ScoreView:
    dispute_id: int | None
    score: float
    band: str
    band_label: str
    probability: float
    threshold: float
    incomplete_from: float
    model: str
    changes: dict[str, str]
    factors: list[FactorView]

    def to_dict(self) -> dict:
        return asdict(self)


def dispute_score(session: Session, dispute_id: int, changes: Mapping[str, object] | None = None,
                  full_text: bool = True) -> ScoreView:
    """Raises UnknownDispute, or match.InvalidInput for a change that does not fit."""
    dispute = session.scalar(select(Dispute).where(Dispute.id == dispute_id)
                             .options(selectinload(Dispute.proceedings).selectinload(Proceeding.documents)))
    if dispute is None:
        raise UnknownDispute(f"no dispute {dispute_id}")
    documents = sorted((d for p in dispute.proceedings for d in p.documents), key=lambda d: d.id)
    persons = None if full_text else persons_by_dispute(session, {dispute_id}).get(dispute_id, set())
    return _view(dispute_id, [(d.id, d.text) for d in documents], changes or {}, persons)


def text_score(text: str, changes: Mapping[str, object] | None = None, full_text: bool = True) -> ScoreView:
    return _view(None, [(None, text)], changes or {}, None if full_text else set())


def inputs_score(given: Mapping[str, object]) -> ScoreView:
    """From structured inputs alone (orders a day, hours, scheduling …)."""
    return _view(None, [], given, None)


def _view(dispute_id: int | None, texts: list[tuple[int | None, str]], changes: Mapping[str, object],
          persons: set[str] | None) -> ScoreView:
    # One reading over all documents, so a factor's cues from the award and the judgment weigh together.
    joined, offsets, pos = [], [], 0
    for doc_id, text in texts:
        offsets.append((pos, doc_id, text))
        joined.append(text)
        pos += len(text) + 1
    result = match.what_if(match.read_factors("\n".join(joined)), changes)
    factors = [FactorView(c.name, c.label, c.weight, c.value, c.points, c.source, c.quantity,
                          [_cue(cue, offsets, persons) for cue in c.cues]) for c in result.contributions]
    return ScoreView(dispute_id, result.score, result.band, result.band_label, result.probability, result.threshold,
                     result.incomplete_from, result.model_source, {k: str(v) for k, v in changes.items() if v not in (None, "")},
                     factors)


def _cue(cue: match.Cue, offsets: list[tuple[int, int | None, str]], persons: set[str] | None) -> CueView:
    base, doc_id, text = next(o for o in reversed(offsets) if o[0] <= cue.span.start)
    start, end = cue.span.start - base, cue.span.end - base
    quote = text[max(0, start - _CONTEXT):end + _CONTEXT]
    if persons is not None:
        quote = mask(quote, persons)
    return CueView(quote, cue.text if persons is None else mask(cue.text, persons), cue.direction, cue.weight,
                   doc_id, start, end)
