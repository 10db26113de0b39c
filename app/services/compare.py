"""The comparison page's content: a dispute's award and its court's final decision side by side, the claims aligned
in rows, and in each text the decision of each claim and the sentences that explain a divergence, marked.

Marks are placed by character span on the text as the reader reads it (corpus.readable): the stored spans are
carried into the masked text, never the other way round."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.labels import DIRECTION_LABELS, OUTCOME_LABELS
from app.models import STAGE_RANK, ClaimComparison, Dispute, Document, DocumentKind, Proceeding
from app.services.corpus import named, readable
from nlp.masking import MaskedText, mask

COURT_STAGES = ("first_instance", "second_instance", "retrial")


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
    html: Markup


@dataclass(frozen=True)
class Row:
    ordinal: int
    claim_type: str
    cells: dict[str, str]  # stage → 支持 8,000
    change: str
    divergent: bool | None
    divergence_type: str | None
    direction: str | None
    quotes: list[str]


@dataclass(frozen=True)
class CompareView:
    dispute_id: int
    award: Side | None
    court: Side | None
    stages: list[str]
    rows: list[Row]


class UnknownDispute(LookupError):
    """No stored dispute has this id."""


def compare_view(session: Session, dispute_id: int, full_text: bool) -> CompareView:
    dispute = session.scalar(select(Dispute).where(Dispute.id == dispute_id).options(
        selectinload(Dispute.proceedings).selectinload(Proceeding.documents), selectinload(Dispute.comparisons)))
    if dispute is None:
        raise UnknownDispute(f"no dispute {dispute_id}")
    documents = [d for p in dispute.proceedings for d in p.documents]
    texts, shown = readable(session, documents, full_text), named(session, documents, full_text)
    rows, marks = [], {}
    for c in dispute.comparisons:
        for stage, d in (c.decisions or {}).items():
            if d.get("start") is not None:
                marks.setdefault(d["document_id"], []).append(
                    Mark(d["start"], d["end"], "decision", f"c{c.ordinal}-{'a' if stage == 'arbitration' else 'c'}"))
        for i, e in enumerate(c.evidence or []):
            marks.setdefault(e.get("document_id"), []).append(
                Mark(e["start"], e["end"], "evidence", f"e{c.ordinal}-{i}"))
        rows.append(_row(c, texts))
    stages = [s for s in ("arbitration", *COURT_STAGES) if any(s in r.cells for r in rows)]
    award = _decision(dispute, ("arbitration",), marks)
    court = _decision(dispute, COURT_STAGES, marks)
    return CompareView(dispute_id, _side(award, marks, texts, shown), _side(court, marks, texts, shown), stages, rows)


def _decision(dispute: Dispute, stages: tuple[str, ...], marks: dict) -> tuple[Proceeding, Document] | None:
    """The decision (award, judgment or ruling) of these stages that gives the most reasons quoted; among equals
    the latest stage's (an appeal that only affirms quotes nothing, the first instance's reasons show instead)."""
    found = [(p, d) for p in dispute.proceedings if p.stage and p.stage.value in stages for d in p.documents
             if d.kind in (DocumentKind.arbitration_award, DocumentKind.judgment, DocumentKind.ruling)]
    def rank(pd: tuple[Proceeding, Document]) -> tuple:
        quoted = sum(m.css == "evidence" for m in marks.get(pd[1].id, []))
        return quoted, STAGE_RANK[pd[0].stage.value], pd[1].id

    return max(found, key=rank) if found else None


def _side(found: tuple[Proceeding, Document] | None, marks: dict, texts: dict[int, MaskedText],
          shown: dict[int, dict]) -> Side | None:
    if found is None:
        return None
    p, doc = found
    text = texts[doc.id]
    moved = []
    for m in marks.get(doc.id, []):
        span = text.span(m.start, m.end)
        moved.append(Mark(span.start, span.end, m.css, m.anchor))
    return Side(doc.id, shown[doc.id]["title"], p.stage.value, p.case_number_raw, marked_html(text.text, moved))


def marked_html(text: str, marks: list[Mark]) -> Markup:
    """The text as escaped HTML with <mark> around each span (overlaps: the first wins)."""
    out, at = [], 0
    ordered = [m for m in sorted(marks, key=lambda m: (m.start, -m.end)) if m.end > m.start and m.end <= len(text)]
    for i, m in enumerate(ordered):
        if m.start < at:
            continue  # inside a mark already written: its anchor went in there
        # Marks starting inside this one (the same reason quoted for several claims) keep their anchors here.
        inner = [o.anchor for o in ordered[i + 1:] if o.start < m.end]
        extra = Markup("").join(Markup('<span class="anchor" id="{}"></span>').format(a) for a in inner)
        out.append(escape(text[at:m.start]))
        out.append(Markup('<mark class="{}" id="{}">{}{}</mark>').format(m.css, m.anchor, extra, text[m.start:m.end]))
        at = m.end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def _row(c: ClaimComparison, texts: dict[int, MaskedText]) -> Row:
    cells = {}
    for stage in ("arbitration", *COURT_STAGES):
        outcome = getattr(c, f"{stage}_outcome")
        if outcome is not None:
            amount = getattr(c, f"{stage}_amount")
            cells[stage] = OUTCOME_LABELS[outcome.value] + (f" {float(amount):,.0f}元" if amount is not None else "")
    quotes = [texts[e["document_id"]].cut(e["start"], e["end"]) if e.get("document_id") in texts else mask(e["quote"])
              for e in c.evidence or []]
    return Row(c.ordinal, c.claim_type, cells, c.change, c.divergent, c.divergence_type,
               DIRECTION_LABELS.get(c.direction.value) if c.direction else None, quotes)
