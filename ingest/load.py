"""Load extracted documents: upsert by content hash, attach proceedings, parties and case chains."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, load_only, selectinload

from ingest.sources import SourceRecord
from nlp import EXTRACTOR_VERSION
from nlp.extract import extract_document
from nlp.model import CaseNumber, DocumentExtraction
from nlp.outcomes import worker_view
from search import IndexedDocument
from store.models import (
    STAGE_RANK,
    Claim,
    ClaimComparison,
    ClaimOutcome,
    Dispute,
    Document,
    DocumentKind,
    OrgCategory,
    Outcome,
    Party,
    PartyKind,
    PartyRole,
    Proceeding,
    ProceedingParty,
    Stage,
    money,
)


@dataclass(frozen=True)
class Extracted:
    record: SourceRecord
    sha256: str
    extraction: DocumentExtraction


def content_hash(text: str) -> str:
    """The identity of a document: the same text read from UTF-8, GB18030 or Word is one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def existing_hashes(session: Session, hashes: list[str]) -> set[str]:
    return set(session.scalars(select(Document.sha256).where(Document.sha256.in_(hashes))))


def load_batch(session: Session, batch: list[Extracted]) -> list[Document]:
    """Insert the documents not yet stored; returns the new ones (flushed, with ids)."""
    known = existing_hashes(session, [e.sha256 for e in batch])
    _prefetch(session, [e.extraction for e in batch if e.sha256 not in known])
    new = []
    for item in batch:
        if item.sha256 in known:
            continue
        known.add(item.sha256)
        new.append(_insert(session, item))
    _write_derived(session)
    return new


def _insert(session: Session, item: Extracted) -> Document:
    rec = item.record
    doc = Document(
        sha256=item.sha256,
        text=rec.text,
        source_path=rec.path,
        source_member=rec.member,
        source_format=rec.format,
        encoding=rec.encoding,
    )
    session.add(doc)
    apply_extraction(session, doc, item.extraction, rec.metadata)
    return doc


def apply_extraction(session: Session, doc: Document, ex: DocumentExtraction, metadata: dict) -> None:
    """Set every field derived from the text: kind, title, proceeding and chain; claims and outcomes are queued
    for _write_derived, which the batch calls once all its documents are in."""
    with session.no_autoflush:  # the chain's look-ups must not flush a document whose fields are half set
        doc.kind = DocumentKind(ex.kind)
        doc.title = (ex.title or doc.source_path.rsplit("/", 1)[-1])[:200]
        doc.extractor_version = EXTRACTOR_VERSION
        doc.extraction = extraction_summary(ex, metadata)
        old = doc.proceeding
        doc.proceeding = _attach_chain(session, ex) or _unnumbered(session, doc, ex)
        if old is not None and old is not doc.proceeding and old.case_number is None:
            _drop_unnumbered(session, old, doc)
        session.info.setdefault("claims", []).append((doc, ex, _decisions(session, doc, ex)))


def reextract_batch(session: Session, docs: list[Document]) -> None:
    """Read stored documents again with the current extractor; the index must take them again."""
    extractions = [extract_document(doc.text) for doc in docs]
    _prefetch(session, extractions)
    # The old claims and their outcomes go before the new arrive.
    old = select(Claim.id).where(Claim.document_id.in_([d.id for d in docs]))
    plain = {"synchronize_session": False}
    session.execute(delete(ClaimOutcome).where(ClaimOutcome.claim_id.in_(old)), execution_options=plain)
    session.execute(delete(Claim).where(Claim.id.in_(old)), execution_options=plain)
    for doc, ex in zip(docs, extractions):
        apply_extraction(session, doc, ex, (doc.extraction or {}).get("source_metadata", {}))
        doc.indexed_at = None
    _write_derived(session)


def _write_derived(session: Session) -> None:
    """Once the batch's documents are in: link chains by parties, flush (every document and proceeding then has
    an id), and write the queued claims and outcomes in two bulk inserts (the ORM's unit of work spent more time
    on these rows than reading and extracting the documents did)."""
    _link_by_parties(session)
    session.flush()
    claims, outcomes = [], []  # outcomes: (index of the claim in claims, row)
    for doc, ex, decisions in session.info.pop("claims", []):
        first = len(claims)
        claims.extend(
            {
                "document_id": doc.id,
                "ordinal": i + 1,
                "claim_type": c.claim_type,
                "claimant": c.claimant,
                "negated": c.negated,
                "text": c.text[:2000],
                "span_start": c.span.start,
                "span_end": c.span.end,
                "amount_claimed": money(c.amount),
            }
            for i, c in enumerate(ex.claims)
        )
        outcomes.extend(
            (
                first + o.claim_index,
                {
                    "proceeding_id": proceeding.id,
                    "document_id": doc.id,
                    "outcome": Outcome(outcome),
                    "amount_awarded": money(o.amount),
                    "span_start": o.span.start if o.span else None,
                    "span_end": o.span.end if o.span else None,
                },
            )
            for proceeding, decided in decisions
            for o, outcome in decided
        )
        session.expire(doc, ["claims"])
    if claims:
        ids = session.scalars(insert(Claim).returning(Claim.id, sort_by_parameter_order=True), claims).all()
        if outcomes:
            session.execute(insert(ClaimOutcome), [dict(row, claim_id=ids[k]) for k, row in outcomes])


def _decisions(session: Session, doc: Document, ex: DocumentExtraction) -> list[tuple[Proceeding, list]]:
    """The document's own outcome for each claim, and the outcomes of the decisions it recites, by proceeding."""
    decisions = []
    if doc.proceeding is not None and ex.outcomes:
        decisions.append((doc.proceeding, [(o, worker_view(c, o.outcome)) for c, o in zip(ex.claims, ex.outcomes)]))
    for recited in ex.recited:
        cited = next((n for n in ex.cited_case_numbers if n.stage == recited.stage), None)
        # A numbered document's unnumbered recital is left to linking by parties, which finds the real award.
        proceeding = (
            _proceeding(session, cited)
            if cited is not None
            else _recited_stage(session, doc, recited.stage)
            if ex.case_number is None
            else None
        )
        if proceeding is not None:
            decisions.append(
                (proceeding, [(o, worker_view(recited.claims[o.claim_index], o.outcome)) for o in recited.outcomes])
            )
    return decisions


def _unnumbered(session: Session, doc: Document, ex: DocumentExtraction) -> Proceeding | None:
    """The proceeding of a decision that states no case number of its own (a published judgment without its header),
    so that its claims, its outcomes and the award it recites are stored and compared; a re-read keeps it. Such a
    text has lost its party block too, so it is not linked by parties: only a number it cites joins it to a chain."""
    if ex.stage is None or not (ex.outcomes or ex.recited):
        return None
    own = doc.proceeding if doc.proceeding is not None and doc.proceeding.case_number is None else None
    if own is None:
        own = Proceeding(
            stage=Stage(ex.stage), body=ex.body, province=ex.province, city=ex.city, decision_date=ex.decision_date
        )
        session.add(own)
    rank = STAGE_RANK[ex.stage]
    earlier = [_proceeding(session, c) for c in ex.cited_case_numbers if STAGE_RANK[c.stage] < rank]
    _join_dispute(session, [own, *earlier])
    return own


def _drop_unnumbered(session: Session, old: Proceeding, doc: Document) -> None:
    """A re-read gave a document other than its unnumbered proceeding: nothing can cite that one, nor the placeholders
    of the awards it recited, so they go; their dispute is compared again (or goes too, left empty)."""
    dispute = old.dispute
    gone = [
        p
        for p in (dispute.proceedings if dispute else [old])
        if p.case_number is None and all(d is doc for d in p.documents)
    ]
    for p in gone:
        p.dispute = None
        session.delete(p)
    if dispute is not None:
        if all(p in gone for p in dispute.proceedings):
            session.execute(delete(ClaimComparison).where(ClaimComparison.dispute_id == dispute.id))
            session.delete(dispute)
        else:
            dispute.analysed_at = None


def _recited_stage(session: Session, doc: Document, stage: str) -> Proceeding | None:
    """The proceeding of an earlier decision a document recites without its number: one of the document's dispute
    at that stage, or a new one there (the award recited as 仲裁委员会裁决…, its number not given)."""
    own = doc.proceeding
    if own is None or own.dispute is None:
        return None
    found = next((p for p in own.dispute.proceedings if p.stage == Stage(stage) and p is not own), None)
    if found is None:
        found = Proceeding(stage=Stage(stage), dispute=own.dispute)
        session.add(found)
    return found


def extraction_summary(ex: DocumentExtraction, metadata: dict) -> dict:
    """The derived fields kept on the document as JSON until later issues give them tables."""
    return {
        "case_number": ex.case_number.normalised if ex.case_number else None,
        "cited_case_numbers": [c.normalised for c in ex.cited_case_numbers],
        "body": ex.body,
        "province": ex.province,
        "city": ex.city,
        "decision_date": ex.decision_date.isoformat() if ex.decision_date else None,
        "gig": _gig(ex.context),
        "source_metadata": metadata,
    }


def _gig(context) -> dict | None:
    if context is None:
        return None
    return {
        "platform_work": context.platform_work,
        "platform": context.platform,
        "occupation": context.occupation,
        "employment_mode": context.employment_mode,
        "factors": [
            {"name": f.name, "text": f.text, "start": f.span.start, "end": f.span.end} for f in context.factors
        ],
    }


def _attach_chain(session: Session, ex: DocumentExtraction) -> Proceeding | None:
    if ex.case_number is None:
        return None
    own = _proceeding(session, ex.case_number)
    # A cited placeholder gets its details when its own document arrives.
    own.stage = own.stage or (Stage(ex.stage) if ex.stage else None)
    own.body = own.body or ex.body
    own.province = own.province or ex.province
    own.city = own.city or ex.city
    own.decision_date = own.decision_date or ex.decision_date
    own.case_number_raw = own.case_number_raw or ex.case_number.raw
    # A document links to the proceedings of earlier stages it cites.
    rank = STAGE_RANK[ex.case_number.stage]
    earlier = [_proceeding(session, c) for c in ex.cited_case_numbers if STAGE_RANK[c.stage] < rank]
    _join_dispute(session, [own, *earlier])
    for p in ex.parties:
        _add_party(session, own, p)
    if not earlier and own.stage is not None:
        session.info.setdefault("unlinked", []).append(own)  # linked by parties once the batch is in
    return own


# A court proceeding follows the stage before it; a party-based match looks one stage either way.
_PREVIOUS = {Stage.first_instance: Stage.arbitration, Stage.second_instance: Stage.first_instance}
_NEXT = {v: k for k, v in _PREVIOUS.items()}


def _link_by_parties(session: Session) -> None:
    """Proceedings of the batch that no cited number links: find each one's neighbour stage by the same worker and
    employer, and record how sure the link is (region and date order raise it). Works whichever of the two arrives
    first. One flush and two queries for the whole batch."""
    pending = session.info.pop("unlinked", [])
    if not pending:
        return
    session.flush()  # this batch's parties and proceedings must be visible to the queries
    persons = {own: {pp.party_id for pp in own.parties if pp.party.kind == PartyKind.person} for own in pending}
    # Every party of every proceeding sharing a worker with the batch's (an employer, a platform above all, takes
    # part in thousands of proceedings: looked up from the workers' side, the rows stay few).
    workers = set().union(*persons.values())
    parties_of, holders = defaultdict(set), defaultdict(set)  # proceeding id → its parties; worker → proceedings
    shares_worker = select(ProceedingParty.proceeding_id).where(ProceedingParty.party_id.in_(workers))
    for proceeding_id, party_id in session.execute(
        select(ProceedingParty.proceeding_id, ProceedingParty.party_id).where(
            ProceedingParty.proceeding_id.in_(shares_worker)
        )
    ):
        parties_of[proceeding_id].add(party_id)
        if party_id in workers:
            holders[party_id].add(proceeding_id)
    sharing = []  # (proceeding, ids of the others sharing a worker and an employer with it)
    for own in pending:
        orgs = {pp.party_id for pp in own.parties if pp.party.kind == PartyKind.organisation}
        if persons[own] and orgs:
            ids = set().union(*(holders[p] for p in persons[own])) - {own.id}
            sharing.append((own, sorted(i for i in ids if parties_of[i] & orgs)))
    others = {
        p.id: p
        for p in session.scalars(select(Proceeding).where(Proceeding.id.in_({i for _, ids in sharing for i in ids})))
    }
    for own, ids in sharing:
        for stage, later in ((_PREVIOUS.get(own.stage), True), (_NEXT.get(own.stage), False)):
            if stage is None or _has_stage(own.dispute, stage, own):
                continue
            candidates = [
                c for c in map(others.get, ids) if c.stage == stage and not _has_stage(c.dispute, own.stage, c)
            ]
            if not candidates:
                continue
            first, second = (lambda c: c, lambda c: own) if later else (lambda c: own, lambda c: c)  # noqa: B023 (used at once)
            scored = sorted(((_confidence(first(c), second(c)), c) for c in candidates), key=lambda x: -x[0])
            confidence, match = scored[0]
            _join_dispute(session, [own, match], cited=False)
            (own if later else match).link_confidence = confidence


def _has_stage(dispute: Dispute | None, stage: Stage, besides: Proceeding) -> bool:
    return dispute is not None and any(p.stage == stage and p is not besides for p in dispute.proceedings)


def _confidence(earlier: Proceeding, later: Proceeding) -> float:
    """Same worker and employer: 0.6; in the same province: +0.2; decided in order, within two years: +0.1."""
    score = 0.6
    if earlier.province and earlier.province == later.province:
        score += 0.2
    if earlier.decision_date and later.decision_date and 0 <= (later.decision_date - earlier.decision_date).days <= 730:
        score += 0.1
    return round(score, 2)


def _prefetch(session: Session, extractions: list[DocumentExtraction]) -> None:
    """Load a batch's stored proceedings and parties in one query each, before apply_extraction: its look-ups are
    then answered in memory (session.info lives as long as the batch's transaction), and a miss means new."""
    numbers = {
        n.normalised
        for ex in extractions
        for n in ([ex.case_number] if ex.case_number else []) + list(ex.cited_case_numbers)
    }
    names = {p.name for ex in extractions for p in ex.parties}
    proceedings, parties = _cache(session, "proceedings"), _cache(session, "parties")
    with session.no_autoflush:
        for p in session.scalars(select(Proceeding).where(Proceeding.case_number.in_(numbers - set(proceedings)))):
            proceedings[p.case_number] = p
        for p in session.scalars(select(Party).where(Party.name.in_(names))):
            parties.setdefault((p.name, p.kind), p)


def _cache(session: Session, name: str) -> dict:
    return session.info.setdefault(name, {})


def _proceeding(session: Session, number: CaseNumber) -> Proceeding:
    """The proceeding of a case number, created if new (the batch's _prefetch loaded every stored one)."""
    cache = _cache(session, "proceedings")
    found = cache.get(number.normalised)
    if found is None:
        found = Proceeding(case_number=number.normalised, case_number_raw=number.raw, stage=Stage(number.stage))
        session.add(found)
        cache[number.normalised] = found
    return found


def _join_dispute(session: Session, proceedings: list[Proceeding], cited: bool = True) -> None:
    """Put the proceedings in one dispute, merging disputes found to be the same chain (by a citation, or not)."""
    disputes = {p.dispute for p in proceedings if p.dispute is not None}
    if not disputes:
        target = Dispute()
    else:
        target = min(disputes, key=lambda d: (d.id is None, d.id or 0))
        for other in disputes - {target}:
            for p in list(other.proceedings):
                p.dispute = target
            if sa_inspect(other).pending:  # created earlier in this batch and never flushed
                session.expunge(other)
            else:
                session.delete(other)
    target.analysed_at = None  # its claims are compared again after the batch
    for p in proceedings:
        p.dispute = target
        if cited and len(proceedings) > 1:
            p.link_confidence = 1.0  # linked by a cited case number


def _add_party(session: Session, proceeding: Proceeding, mention) -> None:
    key = (mention.name, PartyKind(mention.kind))
    cache = _cache(session, "parties")
    party = cache.get(key)
    if party is None:  # not stored (the batch's _prefetch loaded every stored one)
        category = OrgCategory(mention.org_category) if mention.org_category else None
        party = Party(name=mention.name, kind=key[1], org_category=category)
        session.add(party)
        cache[key] = party
    role = PartyRole(mention.role)
    if not any(pp.party is party and pp.role == role for pp in proceeding.parties):
        proceeding.parties.append(ProceedingParty(party=party, role=role))


def indexed(doc: Document, persons: Iterable[str] = ()) -> IndexedDocument:
    """What the search engine holds for a stored document: its text as written and as masked roles read it (the
    natural persons of its dispute are `persons`), where it stands in its chain, the claims it states and how it
    decides them, whether its dispute's award and court decision diverge, and its gig context. (Load it with
    INDEX_LOAD so that this reads no row lazily.)"""
    p = doc.proceeding
    decided = p.decision_date if p else None
    own = [o for c in doc.claims for o in c.outcomes if p is not None and o.proceeding_id == p.id]
    comparisons = p.dispute.comparisons if p is not None and p.dispute is not None else []
    compared = [c for c in comparisons if c.divergent is not None]
    gig = (doc.extraction or {}).get("gig") or {}
    return IndexedDocument(
        doc_id=doc.id,
        title=doc.title,
        text=doc.text,
        kind=doc.kind.value,
        persons=tuple(sorted(persons)),
        stage=p.stage.value if p and p.stage else None,
        province=p.province if p else None,
        body=p.body if p else None,
        case_number=p.case_number_raw if p else None,
        year=decided.year if decided else None,
        decision_date=decided.isoformat() if decided else None,
        claim_type=tuple(dict.fromkeys(c.claim_type for c in doc.claims)),
        outcome=tuple(dict.fromkeys(o.outcome.value for o in own)),
        divergent=("yes" if any(c.divergent for c in compared) else "no") if compared else None,
        divergence_type=tuple(sorted({c.divergence_type for c in compared if c.divergent and c.divergence_type})),
        platform=gig.get("platform"),
        occupation=gig.get("occupation"),
        employment_mode=gig.get("employment_mode"),
    )


# What indexed() reads, loaded with the documents in a few queries.
INDEX_LOAD = (
    selectinload(Document.proceeding)
    .selectinload(Proceeding.dispute)
    .selectinload(Dispute.comparisons)
    .options(load_only(ClaimComparison.divergent, ClaimComparison.divergence_type)),
    selectinload(Document.claims).selectinload(Claim.outcomes),
)
