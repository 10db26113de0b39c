"""The comparison page's content: the claims aligned in rows (each stage's outcome, the divergence, and the quoted
reasons, each labelled with the body that wrote it), and one pane per stage with that stage's decision, where the
decision of each claim and the sentences that explain a divergence are marked.

Marks are placed by character span on the text as the reader reads it (corpus.readable): the stored spans are
carried into the masked text, never the other way round."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nlp.divergence import STAGES
from nlp.masking import MaskedText, mask
from services.corpus import named, readable
from store.models import (
    DECIDING_KINDS,
    STAGE_RANK,
    ClaimComparison,
    Dispute,
    DivergenceReview,
    Document,
    Proceeding,
)
from wording.labels import BODY_LABELS, DIRECTION_LABELS, OUTCOME_LABELS
from wording.messages import message


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # decision / evidence
    anchor: str  # element id, for scrolling to it


@dataclass(frozen=True)
class Side:
    doc_id: int
    title: str
    stage: str
    case_number: str | None
    body: str | None  # the commission or court
    html: Markup


@dataclass(frozen=True)
class Quote:
    """A sentence giving the reason for a claim's outcome, and who wrote it."""

    body: str  # 仲裁委 / 一审 / 二审 / 再审
    text: str
    anchor: str | None  # its mark in the pane of its document; None when that document has no pane
    same_as: int | None = None  # the claim it was first quoted for: shown there, referred to here


@dataclass(frozen=True)
class Row:
    ordinal: int
    claim_type: str
    cells: dict[str, str]  # stage → 支持 8,000
    change: str
    divergent: bool | None
    divergence_type: str | None
    direction: str | None
    quotes: list[Quote]
    review: ReviewMark | None = None


@dataclass(frozen=True)
class ReviewMark:
    """What the row shows of its claim's review (分歧研判)."""

    divergence_type: str
    agrees: bool  # with the machine's type
    to_unify: bool
    flag: str | None
    updated_by: str
    updated_institution: str


@dataclass(frozen=True)
class CompareView:
    dispute_id: int
    sides: list[Side]  # one per stage with a decision, in chain order
    stages: list[str]
    rows: list[Row]


class UnknownDispute(LookupError):
    """No stored dispute has this id."""


def compare_view(session: Session, dispute_id: int, full_text: bool) -> CompareView:
    dispute = session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .options(
            selectinload(Dispute.proceedings).selectinload(Proceeding.documents), selectinload(Dispute.comparisons)
        )
    )
    if dispute is None:
        raise UnknownDispute(message("no_dispute", dispute_id=dispute_id))
    documents = [d for p in dispute.proceedings for d in p.documents]
    texts, shown = readable(session, documents, full_text), named(session, documents, full_text)
    marks = {}
    for c in dispute.comparisons:
        for stage, d in (c.decisions or {}).items():
            if d.get("start") is not None:
                marks.setdefault(d["document_id"], []).append(
                    Mark(d["start"], d["end"], "decision", f"c{c.ordinal}-{stage}")
                )
        for i, e in enumerate(c.evidence or []):
            marks.setdefault(e.get("document_id"), []).append(
                Mark(e["start"], e["end"], "evidence", f"e{c.ordinal}-{i}")
            )
    chosen = [found for stage in STAGES if (found := _decision(dispute, stage, marks))]
    sides = [_side(found, marks, texts, shown) for found in chosen]
    stage_of = {d.id: p.stage.value for p in dispute.proceedings if p.stage for d in p.documents}
    first_quoted: dict[tuple, int] = {}  # a reason shared by several claims is quoted once, at the first
    keys = [c.claim_key for c in dispute.comparisons if c.claim_key]
    reviews = (
        {r.claim_key: r for r in session.scalars(select(DivergenceReview).where(DivergenceReview.claim_key.in_(keys)))}
        if keys
        else {}
    )
    rows = [
        _row(c, texts, stage_of, {s.doc_id for s in sides}, first_quoted, reviews.get(c.claim_key))
        for c in dispute.comparisons
    ]
    stages = [s for s in STAGES if any(s in r.cells for r in rows)]
    return CompareView(dispute_id, sides, stages, rows)


def _decision(dispute: Dispute, stage: str, marks: dict) -> tuple[Proceeding, Document] | None:
    """The stage's decision (award, judgment or ruling) that gives the most reasons quoted; among equals the
    latest."""
    found = [
        (p, d)
        for p in dispute.proceedings
        if p.stage and p.stage.value == stage
        for d in p.documents
        if d.kind in DECIDING_KINDS
    ]

    def rank(pd: tuple[Proceeding, Document]) -> tuple:
        quoted = sum(m.css == "evidence" for m in marks.get(pd[1].id, []))
        return quoted, STAGE_RANK[pd[0].stage.value], pd[1].id

    return max(found, key=rank) if found else None


def _side(
    found: tuple[Proceeding, Document], marks: dict, texts: dict[int, MaskedText], shown: dict[int, dict]
) -> Side:
    p, doc = found
    text = texts[doc.id]
    moved = []
    for m in marks.get(doc.id, []):
        span = text.span(m.start, m.end)
        moved.append(Mark(span.start, span.end, m.css, m.anchor))
    return Side(doc.id, shown[doc.id]["title"], p.stage.value, p.case_number_raw, p.body, marked_html(text.text, moved))


def marked_html(text: str, marks: list[Mark]) -> Markup:
    """The text as escaped HTML with <mark> around each span (overlaps: the first wins)."""
    out, at = [], 0
    ordered = [m for m in sorted(marks, key=lambda m: (m.start, -m.end)) if m.end > m.start and m.end <= len(text)]
    for i, m in enumerate(ordered):
        if m.start < at:
            continue  # inside a mark already written: its anchor went in there
        # Marks starting inside this one (the same reason quoted for several claims) keep their anchors here.
        inner = [o.anchor for o in ordered[i + 1 :] if o.start < m.end]
        extra = Markup("").join(Markup('<span class="anchor" id="{}"></span>').format(a) for a in inner)
        out.append(escape(text[at : m.start]))
        out.append(Markup('<mark class="{}" id="{}">{}{}</mark>').format(m.css, m.anchor, extra, text[m.start : m.end]))
        at = m.end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def _row(
    c: ClaimComparison,
    texts: dict[int, MaskedText],
    stage_of: dict[int, str],
    in_panes: set[int],
    first_quoted: dict[tuple, int],
    review: DivergenceReview | None = None,
) -> Row:
    cells = {}
    for stage in STAGES:
        outcome = getattr(c, f"{stage}_outcome")
        if outcome is not None:
            amount = getattr(c, f"{stage}_amount")
            cells[stage] = OUTCOME_LABELS[outcome.value] + (f" {float(amount):,.0f}元" if amount is not None else "")
    quotes = []
    for i, e in enumerate(c.evidence or []):
        doc_id = e.get("document_id")
        text = texts[doc_id].cut(e["start"], e["end"]) if doc_id in texts else mask(e["quote"])
        body = BODY_LABELS.get(stage_of.get(doc_id), "法院" if e.get("stage") == "court" else "仲裁委")
        first = first_quoted.setdefault((doc_id, e["start"], e["end"]), c.ordinal)
        quotes.append(
            Quote(
                body, text, f"e{c.ordinal}-{i}" if doc_id in in_panes else None, first if first != c.ordinal else None
            )
        )
    mark = (
        ReviewMark(
            review.divergence_type,
            review.divergence_type == c.divergence_type,
            review.to_unify,
            review.flag or (None if c.divergent else "no_longer_divergent"),
            review.updated_by,
            review.updated_institution,
        )
        if review is not None
        else None
    )
    return Row(
        c.ordinal,
        c.claim_type,
        cells,
        c.change,
        c.divergent,
        c.divergence_type,
        DIRECTION_LABELS.get(c.direction.value) if c.direction else None,
        quotes,
        mark,
    )
