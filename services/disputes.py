"""Case chains: a dispute's proceedings in stage order, their documents, and each stage's outcome per claim."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nlp.casenumber import find_case_numbers
from nlp.masking import mask_name
from services.corpus import named, quoted
from store.models import (
    STAGE_RANK,
    ClaimOutcome,
    Dispute,
    DivergenceReview,
    Document,
    Party,
    PartyKind,
    PartyRole,
    Proceeding,
    ProceedingParty,
)
from wording.messages import message


class UnknownCaseNumber(LookupError):
    """No stored proceeding has this case number."""


@dataclass(frozen=True)
class StageOutcome:
    ordinal: int
    claim_type: str
    outcome: str  # from the worker's side
    amount: float | None
    read_from: str  # "own" (the stage's own document) or "recited" (a later document reciting it)


@dataclass(frozen=True)
class StageView:
    stage: str | None
    case_number: str | None
    body: str | None
    province: str | None
    decision_date: str | None
    link_confidence: float | None
    documents: list[dict]
    outcomes: list[StageOutcome]


@dataclass(frozen=True)
class ComparisonView:
    """One request compared between the award and the court's final decision."""

    ordinal: int
    claim_type: str
    claimant: str
    change: str
    divergent: bool | None
    direction: str | None
    divergence_type: str | None  # the machine's
    evidence: list[dict]  # {stage, document_id, start, end, quote}
    reviewed_type: str | None = None  # the type a review (分歧研判) gave, while the claim diverges
    to_unify: bool = False  # the review marked it 尺度待统一


@dataclass(frozen=True)
class Chain:
    dispute_id: int
    stages: list[StageView]
    comparisons: list[ComparisonView] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def chain_for(session: Session, case_number: str, full_text: bool = True) -> Chain:
    """The chain holding the proceeding with this case number (any written form of it), as this reader may read
    it (titles, file names and quoted reasons masked unless full_text)."""
    parsed = find_case_numbers(case_number)
    if not parsed:
        raise UnknownCaseNumber(message("not_a_case_number", text=case_number))
    proceeding = session.scalar(select(Proceeding).where(Proceeding.case_number == parsed[0].normalised))
    if proceeding is None:
        raise UnknownCaseNumber(message("no_proceeding", case_number=parsed[0].raw))
    if proceeding.dispute_id is None:
        return Chain(dispute_id=0, stages=[_stage(session, proceeding, full_text)])
    return chain_of(session, proceeding.dispute_id, full_text)


def chain_of(session: Session, dispute_id: int, full_text: bool = True) -> Chain:
    """A dispute's chain by its id, as chain_for gives it."""
    dispute = session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .options(
            selectinload(Dispute.proceedings).selectinload(Proceeding.documents), selectinload(Dispute.comparisons)
        )
    )
    if dispute is None:
        raise UnknownCaseNumber(message("no_dispute", dispute_id=dispute_id))
    ordered = sorted(
        dispute.proceedings,
        key=lambda p: (STAGE_RANK[p.stage.value] if p.stage else len(STAGE_RANK), p.decision_date or date.max),
    )
    return Chain(
        dispute_id=dispute.id,
        stages=[_stage(session, p, full_text) for p in ordered],
        comparisons=readable_comparisons(session, dispute, full_text),
    )


def readable_comparisons(session: Session, dispute: Dispute, full_text: bool) -> list[ComparisonView]:
    """The dispute's compared claims (comparisons_of) with their evidence as this reader may read it, quoted in one
    pass: a pass a comparison read and masked the same documents again for each, most of a dispute's page."""
    found = comparisons_of(dispute, session)
    cut = iter(quoted(session, [e for c in found for e in c.evidence], full_text))
    return [replace(c, evidence=[next(cut) for _ in c.evidence]) for c in found]


def comparisons_of(dispute: Dispute, session: Session | None = None) -> list[ComparisonView]:
    """The dispute's compared claims; with a session, each with its review's type where it diverges."""
    reviewed = {}
    keys = [c.claim_key for c in dispute.comparisons if c.claim_key and c.divergent]
    if session is not None and keys:
        reviewed = {
            k: (t, u)
            for k, t, u in session.execute(
                select(DivergenceReview.claim_key, DivergenceReview.divergence_type, DivergenceReview.to_unify).where(
                    DivergenceReview.claim_key.in_(keys)
                )
            )
        }
    return [
        ComparisonView(
            ordinal=c.ordinal,
            claim_type=c.claim_type,
            claimant=c.claimant,
            change=c.change,
            divergent=c.divergent,
            direction=c.direction.value if c.direction else None,
            divergence_type=c.divergence_type,
            evidence=[dict(e) for e in c.evidence or []],
            reviewed_type=reviewed.get(c.claim_key, (None, False))[0] if c.divergent else None,
            to_unify=bool(reviewed.get(c.claim_key, (None, False))[1]) if c.divergent else False,
        )
        for c in dispute.comparisons
    ]


def _stage(session: Session, p: Proceeding, full_text: bool) -> StageView:
    rows = session.execute(
        select(ClaimOutcome, Document.proceeding_id)
        .join(Document, ClaimOutcome.document_id == Document.id)
        .where(ClaimOutcome.proceeding_id == p.id)
        .options(selectinload(ClaimOutcome.claim))
    ).all()
    # A stage's own document is the best account of it; a recital fills in when the document is missing.
    best: dict[tuple[int, str], StageOutcome] = {}
    for outcome, doc_proceeding in rows:
        source = "own" if doc_proceeding == p.id else "recited"
        key = (outcome.claim.ordinal, outcome.claim.claim_type)
        if key not in best or (source == "own" and best[key].read_from == "recited"):
            best[key] = StageOutcome(
                ordinal=outcome.claim.ordinal,
                claim_type=outcome.claim.claim_type,
                outcome=outcome.outcome.value,
                amount=float(outcome.amount_awarded) if outcome.amount_awarded is not None else None,
                read_from=source,
            )
    shown = named(session, list(p.documents), full_text)
    return StageView(
        stage=p.stage.value if p.stage else None,
        case_number=p.case_number_raw,
        body=p.body,
        province=p.province,
        decision_date=p.decision_date.isoformat() if p.decision_date else None,
        link_confidence=p.link_confidence,
        documents=[{"id": d.id, "kind": d.kind.value, **shown[d.id]} for d in p.documents],
        outcomes=sorted(best.values(), key=lambda o: o.ordinal),
    )


_CLAIMANTS = {PartyRole.applicant, PartyRole.plaintiff}
_RESPONDENTS = {PartyRole.respondent, PartyRole.defendant}


def dispute_title(session: Session, dispute_id: int, full_text: bool) -> str | None:
    """ "肖瑶与武汉启航人力资源服务有限公司劳动争议": the parties of the dispute's first proceeding, natural persons
    masked (肖某) unless full_text; None when no parties were read."""
    rows = session.execute(
        select(Proceeding.stage, Proceeding.id, ProceedingParty.role, Party.name, Party.kind)
        .join(ProceedingParty, ProceedingParty.proceeding_id == Proceeding.id)
        .join(Party, Party.id == ProceedingParty.party_id)
        .where(Proceeding.dispute_id == dispute_id)
        .order_by(ProceedingParty.id)
    ).all()
    if not rows:
        return None
    first = min(rows, key=lambda r: (STAGE_RANK[r.stage.value] if r.stage else 99, r.id)).id

    def names(roles: set[PartyRole]) -> str:
        found = [
            r.name if full_text or r.kind != PartyKind.person else mask_name(r.name)
            for r in rows
            if r.id == first and r.role in roles
        ]
        return "、".join(dict.fromkeys(found))

    claimants, respondents = names(_CLAIMANTS), names(_RESPONDENTS)
    return f"{claimants}与{respondents}劳动争议" if claimants and respondents else None
