"""Claim comparisons: each changed dispute's claims and outcomes read from the database, aligned and compared
(nlp.divergence), and stored one row per aligned claim with the dispute's attributes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from nlp.divergence import ARBITRATION, COURT_STAGES, STAGES, ClaimRecord, Comparison, Passage, StageResult, analyse
from nlp.model import Side, Span
from nlp.segment import find_sections
from services.progress import Progress
from services.reviews import assign_keys, reattach
from store.models import (
    DECIDING_KINDS,
    STAGE_RANK,
    Claim,
    ClaimComparison,
    Direction,
    Dispute,
    Document,
    Outcome,
    Proceeding,
    Stage,
    money,
    utcnow,
)


def analyse_pending(
    sessions: sessionmaker, tolerance: float, *, batch_size: int = 200, progress: Progress | None = None
) -> int:
    """Compare the claims of every dispute changed since it was last analysed; returns how many disputes."""
    done = 0
    while True:
        with sessions.begin() as session:
            disputes = session.scalars(
                select(Dispute)
                .where(Dispute.analysed_at.is_(None))
                .order_by(Dispute.id)
                .limit(batch_size)
                .options(
                    selectinload(Dispute.proceedings)
                    .selectinload(Proceeding.documents)
                    .selectinload(Document.claims)
                    .selectinload(Claim.outcomes),
                    selectinload(Dispute.comparisons),
                )
            ).all()
            claims = analyse_disputes(session, disputes, tolerance)
        if not disputes:
            return done
        done += len(disputes)
        if progress:
            for _ in disputes:
                progress.file_done()
            progress.add(docs=claims)


def analyse_all(sessions: sessionmaker, tolerance: float, *, progress: Progress | None = None) -> int:
    """Compare every dispute again (after a change of tolerance or of the cue patterns)."""
    with sessions.begin() as session:
        total = session.scalar(select(func.count(Dispute.id)))
        session.execute(update(Dispute).values(analysed_at=None))
    progress = progress or Progress(total, label="analyse", units=("disputes", "claims"))
    done = analyse_pending(sessions, tolerance, progress=progress)
    progress.close()
    return done


def analyse_disputes(session: Session, disputes: list[Dispute], tolerance: float) -> int:
    """Replace the disputes' comparisons with fresh ones; returns how many claims were compared. Whole-batch
    statements, so that the ORM flushes once rather than once a dispute. Reviews of the claims follow them to the
    new rows (flagged when a claim no longer diverges), never replaced."""
    # Plain statements: the ORM need not look for the rows among loaded objects (the relations are expired instead).
    plain = {"synchronize_session": False}
    rows, stale = [], []
    for dispute in disputes:
        fresh, documents = _compare(dispute, tolerance)
        # The index's divergence facets of these documents may be stale, and so may their masked text: a dispute
        # is analysed again when it gained a proceeding, whose parties masking now reduces in all its documents.
        stale.extend(d.id for d in documents)
        rows.extend(fresh)
    with session.no_autoflush:
        session.execute(
            delete(ClaimComparison).where(ClaimComparison.dispute_id.in_([d.id for d in disputes])),
            execution_options=plain,
        )
        for dispute in disputes:
            session.expire(dispute, ["comparisons"])
            dispute.analysed_at = utcnow()
        if stale:
            session.execute(
                update(Document).where(Document.id.in_(stale)).values(indexed_at=None), execution_options=plain
            )
    if rows:
        session.execute(insert(ClaimComparison), rows)
    reattach(session, [d.id for d in disputes], rows)
    return len(rows)


def _compare(dispute: Dispute, tolerance: float) -> tuple[list[dict], list[Document]]:
    """Fresh comparison rows of a dispute's claims, and its documents."""
    proceedings = sorted(dispute.proceedings, key=_chain_order)
    # Decisions are read before hearing notes and mediation records, so that requests are grouped around them; only
    # decisions give reasons.
    documents = [
        d for p in proceedings for d in sorted(p.documents, key=lambda d: (d.kind not in DECIDING_KINDS, d.id))
    ]
    stage_of = {p.id: p.stage.value for p in proceedings if p.stage and p.stage.value in STAGES}
    records = [_record(claim, stage_of) for doc in documents for claim in sorted(doc.claims, key=lambda c: c.ordinal)]
    passages = [
        p
        for doc in documents
        if doc.kind in DECIDING_KINDS and doc.proceeding_id in stage_of
        for p in _passages(doc, stage_of)
    ]
    comparisons = analyse(records, passages, tolerance)
    rows = [_row(dispute, i + 1, c, proceedings, documents) for i, c in enumerate(comparisons)]
    assign_keys(rows, _key_number(proceedings))
    return rows, documents


def _key_number(proceedings: list[Proceeding]) -> str | None:
    """The case number reviews know the dispute by: its award's, else its first numbered proceeding's (in chain
    order); the normalised form, which every written form of the number shares."""
    numbered = [p for p in proceedings if p.case_number]
    award = next((p for p in numbered if p.stage == Stage.arbitration), None)
    return (award or (numbered[0] if numbered else None)).case_number if numbered else None


def _chain_order(p: Proceeding) -> tuple:
    return STAGE_RANK[p.stage.value] if p.stage else len(STAGE_RANK), p.decision_date or date.max, p.id


def _record(claim: Claim, stage_of: dict[int, str]) -> ClaimRecord:
    results = {}
    for o in claim.outcomes:
        stage = stage_of.get(o.proceeding_id)
        if stage is None:
            continue
        span = Span(o.span_start, o.span_end) if o.span_start is not None else None
        results[stage] = StageResult(
            o.outcome.value,
            _float(o.amount_awarded),
            o.document_id,
            span,
            recited=o.proceeding_id != claim.document.proceeding_id,
        )
    return ClaimRecord(
        key=claim.id,
        document_id=claim.document_id,
        claim_type=claim.claim_type,
        text=claim.text,
        amount_claimed=_float(claim.amount_claimed),
        claimant=claim.claimant,
        results=results,
    )


def _passages(doc: Document, stage_of: dict[int, str]) -> list[Passage]:
    """The reasoning of a decision (本院认为…, 本委认为…); a document without one is read whole."""
    stage = Side.arbitration if stage_of[doc.proceeding_id] == ARBITRATION else Side.court
    reasoning = [s for s in find_sections(doc.text) if s.name == "reasoning"]
    if not reasoning:
        return [Passage(stage, doc.id, doc.text)]
    return [Passage(stage, doc.id, doc.text, s.span.start, s.span.end) for s in reasoning]


def _row(
    dispute: Dispute, ordinal: int, c: Comparison, proceedings: list[Proceeding], documents: list[Document]
) -> dict:
    """A ClaimComparison row, as a bulk insert takes it."""
    first = c.claim.first
    arbitration = next((p for p in proceedings if p.stage == Stage.arbitration), None)
    courts = [p for p in proceedings if p.stage and p.stage.value in COURT_STAGES]
    court = next((p for p in courts if p.stage.value == c.court_stage), courts[-1] if courts else None)
    decided = (court if c.court else None) or arbitration
    gig = _gig(documents)
    row = dict(
        dispute_id=dispute.id,
        ordinal=ordinal,
        claim_type=first.claim_type,
        claimant=first.claimant,
        claim_text=first.text[:2000],
        amount_claimed=money(first.amount_claimed),
        court_stage=Stage(c.court_stage) if c.court_stage else None,
        divergent=c.divergent,
        direction=Direction(c.direction) if c.direction else None,
        change=c.change[:120],
        divergence_type=c.cause.divergence_type if c.cause else None,
        evidence=[
            {"stage": e.stage, "document_id": e.document_id, "start": e.span.start, "end": e.span.end, "quote": e.quote}
            for e in (c.cause.evidence if c.cause else ())
        ],
        decisions={},
        claim_ids=[r.key for r in c.claim.records],
        province=next((p.province for p in proceedings if p.province), None),
        city=next((p.city for p in proceedings if p.city), None),
        arbitration_case_number=arbitration.case_number_raw if arbitration else None,
        court_case_number=court.case_number_raw if court else None,
        commission=arbitration.body if arbitration else None,
        court=court.body if court else None,
        year=decided.decision_date.year if decided and decided.decision_date else None,
        decision_date=decided.decision_date if decided else None,
        platform_work=gig.get("platform_work"),
        platform=gig.get("platform"),
        occupation=gig.get("occupation"),
        employment_mode=gig.get("employment_mode"),
    )
    for stage in STAGES:
        result = c.claim.result(stage)
        row[f"{stage}_outcome"] = Outcome(result.outcome) if result else None
        row[f"{stage}_amount"] = money(result.amount) if result else None
        if result is None:
            continue
        row["decisions"][stage] = {
            "document_id": result.document_id,
            "recited": result.recited,
            "start": result.span.start if result.span else None,
            "end": result.span.end if result.span else None,
        }
    return row


def _gig(documents: list[Document]) -> dict:
    """The dispute's platform context: from the first document that finds platform work, else the first read."""
    found = [d.extraction["gig"] for d in documents if d.extraction and d.extraction.get("gig")]
    merged = dict(next((g for g in found if g.get("platform_work")), found[0] if found else {}))
    for key in ("platform", "occupation", "employment_mode"):  # a later document may name what the first did not
        merged[key] = merged.get(key) or next((g[key] for g in found if g.get(key)), None)
    return merged


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
