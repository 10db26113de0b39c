"""Labor-relation match score of a stored dispute (read from all its documents) or of pasted text, with what-if
changes; each cue keeps the document and span it was read from, in the text as the reader reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nlp import match
from nlp.masking import MaskedText, masked
from services.compare import UnknownDispute
from services.corpus import readable
from store.models import Dispute, Proceeding
from wording.messages import message

_CONTEXT = 14  # characters either side of a cue shown with it
# The most anyone can work: a what-if beyond it (30 hours a day) is a slip of the keyboard, not a case to score.
_MOST = {"小时/天": 24, "小时/周": 168, "天/月": 31, "天/周": 7}


@dataclass(frozen=True)
class CueView:
    quote: str  # the cue with a little context, from the text as the reader reads it (start, end: the cue there)
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


def dispute_score(
    session: Session, dispute_id: int, changes: Mapping[str, object] | None = None, full_text: bool = True
) -> ScoreView:
    """Raises UnknownDispute, or match.InvalidInput for a change that does not fit."""
    dispute = session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .options(selectinload(Dispute.proceedings).selectinload(Proceeding.documents))
    )
    if dispute is None:
        raise UnknownDispute(message("no_dispute", dispute_id=dispute_id))
    documents = sorted((d for p in dispute.proceedings for d in p.documents), key=lambda d: d.id)
    texts = readable(session, documents, full_text)
    return _view(dispute_id, [(d.id, d.text, texts[d.id]) for d in documents], changes or {})


def check_changes(changes: Mapping[str, object]) -> None:
    """Raises match.InvalidInput, worded for the reader, for a number that is not one or that no one can work."""
    specs = {i.name: i for i in match.inputs()}
    for name, raw in changes.items():
        spec = specs.get(name)
        if spec is None or spec.kind != "number" or raw in (None, ""):
            continue
        try:
            number = float(str(raw))
        except ValueError:
            raise match.InvalidInput(name, raw, "number", text=f"{spec.label}须填写数字，而不是“{raw}”") from None
        most = 1 if spec.unit and spec.unit.endswith("0–1") else _MOST.get(spec.unit or "")
        if not 0 <= number <= (most if most is not None else float("inf")):
            raise match.InvalidInput(
                name,
                raw,
                "non_negative",
                text=f"{spec.label}应在 0 到 {most:g} {spec.unit if most != 1 else ''}之间，而不是 {number:g}"
                if most is not None
                else f"{spec.label}不能为负数",
            )


def text_score(text: str, changes: Mapping[str, object] | None = None, full_text: bool = True) -> ScoreView:
    return _view(None, [(None, text, MaskedText.as_written(text) if full_text else masked(text))], changes or {})


def inputs_score(given: Mapping[str, object]) -> ScoreView:
    """From structured inputs alone (orders a day, hours, scheduling …)."""
    return _view(None, [], given)


def _view(
    dispute_id: int | None, texts: list[tuple[int | None, str, MaskedText]], changes: Mapping[str, object]
) -> ScoreView:
    # One reading over all documents (as written), so a factor's cues from the award and the judgment weigh
    # together; each cue is then shown from the text as the reader reads it.
    joined, offsets, pos = [], [], 0
    for doc_id, text, shown in texts:
        offsets.append((pos, doc_id, shown))
        joined.append(text)
        pos += len(text) + 1
    result = match.what_if(match.read_factors("\n".join(joined)), changes)
    factors = [
        FactorView(
            c.name, c.label, c.weight, c.value, c.points, c.source, c.quantity, [_cue(cue, offsets) for cue in c.cues]
        )
        for c in result.contributions
    ]
    return ScoreView(
        dispute_id,
        result.score,
        result.band,
        result.band_label,
        result.probability,
        result.threshold,
        result.incomplete_from,
        result.model_source,
        {k: str(v) for k, v in changes.items() if v not in (None, "")},
        factors,
    )


def _cue(cue: match.Cue, offsets: list[tuple[int, int | None, MaskedText]]) -> CueView:
    base, doc_id, text = next(o for o in reversed(offsets) if o[0] <= cue.span.start)
    span = text.span(cue.span.start - base, cue.span.end - base)
    quote = text.text[max(0, span.start - _CONTEXT) : span.end + _CONTEXT]
    return CueView(quote, text.text[span.start : span.end], cue.direction, cue.weight, doc_id, span.start, span.end)
