"""Similar cases (类案) for a stored document, pasted text or a file: the search engine retrieves a pool of
candidates by the query's words, nlp.similar ranks it (the same ranking `caishen eval retrieval` measures), and
each hit says why it is similar. One hit per dispute, and never the query's own dispute."""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter, OrderedDict
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Row, bindparam, or_, select
from sqlalchemy.orm import Session, defer, load_only

from nlp.divergence import COURT_STAGES
from nlp.extract import extract_document
from nlp.masking import mask, masked
from nlp.narrative import read_case
from nlp.segment import find_sections
from nlp.similar import (
    CaseProfile,
    SimilarCase,
    TextCounts,
    char_counts,
    grams_to_bytes,
    rank,
    reason_term,
    text_counts,
)
from nlp.tokens import query_tokens
from search import SearchBackend
from services.corpus import check_index_holds, named, persons_by_dispute, readable
from store.models import (
    DECIDING_KINDS,
    STAGE_RANK,
    Claim,
    ClaimComparison,
    Document,
    DocumentFeatures,
    Party,
    Proceeding,
    ProceedingParty,
)
from wording.labels import OUTCOME_LABELS, SIMILAR_FILTER_LABELS
from wording.messages import listed, message

POOL = 100  # candidates the engine retrieves for the ranking to reorder
PROFILE_CACHE = 8192  # candidate documents whose segmented text is kept (a few MB per thousand)
HIT_FACTS_KEPT = 1024  # hits' texts whose key facts are kept (a few kB each)
QUERY_WORDS = 64  # the query's most frequent words retrieve the pool
QUERY_KEYWORDS = 10  # the query's own keywords a report states
KEY_FACTS = 200  # characters of a case's facts a hit and a report show
FIRST_YEAR = 1990  # the earliest year a filter takes
_READ = ("facts", "reasoning", "grounds")


class UnknownDocument(LookupError):
    """No stored document has this id."""


class BadFilter(ValueError):
    """A similar-case filter has a value it cannot take; the message says why, `field` names it."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class StageStep:
    """One proceeding of a similar dispute: who decided, under which number, when."""

    stage: str | None  # arbitration, first_instance … (STAGE_LABELS)
    body: str | None
    case_number: str | None
    decision_date: str | None
    doc_id: int | None  # its decision (award, judgment or ruling), else its first document
    kind: str | None


@dataclass(frozen=True)
class IssueOutcome:
    """How a similar dispute decided a claim type it shares with the query: the award and the court's final
    decision (ClaimComparison), with amounts, and whether they diverged."""

    claim_type: str
    claimant: str  # worker / employer
    amount_claimed: float | None
    arbitration_outcome: str | None  # Outcome values (OUTCOME_LABELS)
    arbitration_amount: float | None
    court_stage: str | None
    court_outcome: str | None
    court_amount: float | None
    divergent: bool | None  # None when the award or the court's decision is missing
    direction: str | None


@dataclass(frozen=True)
class SimilarHit:
    """One similar dispute, led by its final decision."""

    dispute_id: int | None
    doc_id: int  # the final decision (or, without one, the document that matched)
    matched_doc_id: int  # the dispute's document most similar to the query
    title: str
    kind: str
    stage: str | None
    case_number: str | None
    body: str | None
    decision_date: str | None
    similarity: float  # 0–100 (nlp.similar.SimilarCase.similarity)
    score: float
    stages: tuple[StageStep, ...]
    parties: tuple[tuple[str, str], ...]  # (role, name as this reader may read it)
    facts: str  # the opening of the matched document's facts, as this reader may read it
    shared_claim_types: tuple[str, ...]
    outcomes: tuple[IssueOutcome, ...]  # of the shared claim types
    shared_factors: tuple[str, ...]
    same_mode: bool
    employment_mode: str | None
    shared_terms: tuple[str, ...]
    signals: dict[str, float]


@dataclass(frozen=True)
class SimilarFilters:
    """What the similar disputes must be: a region (province), a court or commission, years, an employment mode, an
    outcome; applied to the documents the engine retrieves."""

    province: str | None = None
    body: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    employment_mode: str | None = None
    outcome: str | None = None

    def __post_init__(self):
        if self.outcome is not None and self.outcome not in OUTCOME_LABELS:
            raise BadFilter(
                message("not_a_value_of", name="outcome", value=self.outcome, expected=listed(OUTCOME_LABELS)),
                "outcome",
            )
        for name in ("year_from", "year_to"):
            year = getattr(self, name)
            if year is not None and not FIRST_YEAR <= year <= 2100:
                raise BadFilter(message("year_out_of_range", name=name, year=year, first=FIRST_YEAR), name)
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise BadFilter(message("year_order", year_from=self.year_from, year_to=self.year_to), "year_from")

    def engine(self) -> dict[str, list[str]]:
        """The search engine's filters (a year range is each of its years)."""
        out = {
            name: [value]
            for name in ("province", "body", "employment_mode", "outcome")
            if (value := getattr(self, name))
        }
        if self.year_from or self.year_to:
            first, last = self.year_from or FIRST_YEAR, self.year_to or date.today().year
            out["year"] = [str(y) for y in range(first, last + 1)]
        return out

    def labels(self) -> list[tuple[str, str]]:
        """(Chinese name, value as read) of each filter set."""
        out = [
            (SIMILAR_FILTER_LABELS[name], value)
            for name in ("province", "body", "employment_mode")
            if (value := getattr(self, name))
        ]
        if self.year_from or self.year_to:
            out.append(("年份", f"{self.year_from or ''}–{self.year_to or ''}"))
        if self.outcome:
            out.append(("结果", OUTCOME_LABELS[self.outcome]))
        return out


def filters_from(values: dict[str, str]) -> SimilarFilters:
    """Filters from text values (a form, a query string, a JSON body, CLI options); BadFilter names a bad one."""
    unknown = set(values) - set(SimilarFilters.__dataclass_fields__)
    if unknown:
        raise BadFilter(
            message("unknown_filter", name=sorted(unknown)[0], expected=listed(SimilarFilters.__dataclass_fields__)),
            sorted(unknown)[0],
        )
    years = {}
    for name in ("year_from", "year_to"):
        value = values.get(name)
        if value is not None and not str(value).strip().isdigit():
            raise BadFilter(message("not_a_year", name=name, value=value), name)
        years[name] = int(value) if value is not None else None
    return SimilarFilters(**{k: str(v).strip() or None for k, v in values.items() if k not in years}, **years)


def filter_choices(backend: SearchBackend) -> dict[str, list[str]]:
    """The values the corpus holds for the text filters (province, body, employment_mode), most frequent first."""
    facets = backend.search("", limit=1, facets=True, masked=True).facets
    return {name: [value for value, _ in facets.get(name, [])] for name in ("province", "body", "employment_mode")}


@dataclass(frozen=True)
class SimilarResult:
    source: str  # "document 12", "text", "file x.docx"
    claim_types: tuple[str, ...]
    factors: tuple[str, ...]
    employment_mode: str | None
    facts: str  # the query's facts as this reader may read them
    keywords: tuple[str, ...]  # the query's own legal and factual words, most frequent first
    filters: SimilarFilters
    hits: list[SimilarHit]

    def to_dict(self) -> dict:
        return asdict(self)


def similar_to_document(
    session: Session,
    backend: SearchBackend,
    doc_id: int,
    *,
    limit: int = 10,
    full_text: bool = True,
    filters: SimilarFilters = SimilarFilters(),
) -> SimilarResult:
    """Disputes similar to a stored document's: its issues are those of its whole dispute, so a hearing note finds
    what an award or a judgment decided."""
    # Only what readable() reads: the document's extraction, decoded, cost more than the rest of reading it.
    doc = session.get(Document, doc_id, options=[load_only(Document.text, Document.proceeding_id)])
    if doc is None:
        raise UnknownDocument(message("no_document", doc_id=doc_id))
    text = readable(session, [doc], full_text)[doc_id].text
    profile, dispute = _profiles(session, [doc_id], full_text, {doc_id: text})[doc_id]
    return _similar(session, backend, profile, f"document {doc_id}", limit, (doc_id, dispute), full_text, filters)


def similar_to_text(
    session: Session,
    backend: SearchBackend,
    text: str,
    *,
    source: str = "text",
    limit: int = 10,
    full_text: bool = True,
    filters: SimilarFilters = SimilarFilters(),
) -> SimilarResult:
    if not text.strip():
        raise ValueError(message("empty_text"))
    ex = extract_document(text)
    context = ex.context
    claims = ex.claims or read_case(text).claims  # pasted text is often a short account, not a document
    profile = CaseProfile(
        "query",
        facts_text(text),
        tuple(query_tokens(facts_text(text))),
        frozenset(c.claim_type for c in claims),
        frozenset(f.name for f in context.factors) if context else frozenset(),
        context.employment_mode if context else None,
    )
    return _similar(session, backend, profile, source, limit, None, full_text, filters)


def _similar(
    session: Session,
    backend: SearchBackend,
    query: CaseProfile,
    source: str,
    limit: int,
    exclude: tuple[int, int | None] | None,
    full_text: bool,
    filters: SimilarFilters,
) -> SimilarResult:
    """The ranked disputes. A reader who may not see personal data retrieves and compares on the masked texts, so
    no removed value is among the shared words or brings a hit. `exclude` is the query document and its dispute.
    The pool is ranked on what _profiles reads by column; only the hits shown are loaded as whole documents."""
    words = [w for w, _ in Counter(t for t in query.tokens if len(t) > 1).most_common(QUERY_WORDS)]
    hits = backend.candidates(
        words,
        limit=POOL,
        exclude=exclude[0] if exclude else None,
        masked=not full_text,
        filters=filters.engine() or None,
    )
    if not hits and not filters.engine():
        check_index_holds(session, backend)
    profiles = _profiles(session, [h.doc_id for h in hits], full_text)
    own_dispute = exclude[1] if exclude else None
    pool = [
        profiles[h.doc_id]
        for h in hits
        if h.doc_id in profiles and (own_dispute is None or profiles[h.doc_id][1] != own_dispute)
    ]
    ranked = rank(query, [p for p, _ in pool])
    by_key = {p.key: (p, dispute) for p, dispute in pool}
    best, seen = [], set()
    for r in ranked:
        profile, dispute = by_key[r.key]
        if dispute is not None and dispute in seen:
            continue  # one hit per dispute: its most similar document says how similar
        seen.add(dispute)
        best.append((r, profile, dispute))
        if len(best) == limit:
            break
    matched = {
        d.id: d
        for d in session.scalars(
            select(Document)
            .where(Document.id.in_([int(p.key) for _, p, _ in best]))
            .options(defer(Document.extraction))
        )
    }
    texts = readable(session, list(matched.values()), full_text)
    chains = _chains(
        session,
        {dispute for _, _, dispute in best if dispute is not None},
        {matched[int(p.key)].proceeding_id for _, p, dispute in best if dispute is None} - {None},
    )
    persons = {} if full_text else persons_by_dispute(session, {dispute for _, _, dispute in best} - {None})
    stages = [
        _stages(matched[int(p.key)], chains.get(_chain_key(dispute, matched[int(p.key)].proceeding_id)))
        for _, p, dispute in best
    ]
    titles = named(session, [lead for _, _, lead in stages], full_text)
    out = [
        _hit(
            r,
            matched[int(p.key)],
            dispute,
            chains.get(("dispute", dispute)),
            stage,
            titles[stage[2].id]["title"],
            texts[int(p.key)].text,
            full_text,
            persons.get(dispute, set()),
            p.mode,
        )
        for (r, p, dispute), stage in zip(best, stages)
    ]
    return SimilarResult(
        source=source,
        claim_types=tuple(sorted(query.issues)),
        factors=tuple(sorted(query.factors)),
        employment_mode=query.mode,
        facts=key_facts(query.text if full_text else mask(query.text)),
        keywords=_keywords(query.tokens, query.unshown),
        filters=filters,
        hits=out,
    )


@dataclass(frozen=True)
class _Chain:
    """What a shown hit says of its dispute (or of the one proceeding of a document in none), read by column: a
    dozen hits' proceedings, documents, parties and comparisons as ORM objects took longer than ranking the pool."""

    proceedings: list[Row]  # id, stage, body, case_number_raw, decision_date; in Dispute.proceedings' order
    documents: dict[int, list[Row]]  # by proceeding: id, kind, title, source_path, source_member, proceeding_id
    parties: dict[int, list[Row]]  # by proceeding: role, name
    comparisons: list[Row]  # the columns _outcome reads, in Dispute.comparisons' order


_COMPARED = (
    ClaimComparison.dispute_id,
    ClaimComparison.claim_type,
    ClaimComparison.claimant,
    ClaimComparison.amount_claimed,
    ClaimComparison.court_stage,
    ClaimComparison.divergent,
    ClaimComparison.direction,
    *(
        getattr(ClaimComparison, f"{stage}_{what}")
        for stage in ("arbitration", *COURT_STAGES)
        for what in ("outcome", "amount")
    ),
)


def _chain_key(dispute: int | None, proceeding: int | None) -> tuple[str, int | None]:
    return ("dispute", dispute) if dispute is not None else ("proceeding", proceeding)


def _chains(session: Session, disputes: set[int], proceedings: set[int]) -> dict[tuple[str, int | None], _Chain]:
    """The chains of these disputes and of these proceedings in no dispute, by _chain_key."""
    rows = session.execute(
        select(
            Proceeding.id,
            Proceeding.dispute_id,
            Proceeding.stage,
            Proceeding.body,
            Proceeding.case_number_raw,
            Proceeding.decision_date,
        )
        .where(or_(Proceeding.dispute_id.in_(disputes), Proceeding.id.in_(proceedings)))
        .order_by(Proceeding.decision_date, Proceeding.id)
    ).all()
    ids = [p.id for p in rows]
    documents: dict[int, list] = {}
    for d in session.execute(
        select(
            Document.id,
            Document.kind,
            Document.title,
            Document.source_path,
            Document.source_member,
            Document.proceeding_id,
        ).where(Document.proceeding_id.in_(ids))
    ):
        documents.setdefault(d.proceeding_id, []).append(d)
    parties: dict[int, list] = {}
    for pp in session.execute(
        select(ProceedingParty.proceeding_id, ProceedingParty.role, Party.name)
        .join(Party, Party.id == ProceedingParty.party_id)
        .where(ProceedingParty.proceeding_id.in_(ids))
        # the order of the unique index (proceeding, party, role), which the ORM's collection
        # had from SQLite; now the same on PostgreSQL too
        .order_by(ProceedingParty.party_id, ProceedingParty.role)
    ):
        parties.setdefault(pp.proceeding_id, []).append(pp)
    comparisons: dict[int, list] = {}
    for c in session.execute(
        select(*_COMPARED).where(ClaimComparison.dispute_id.in_(disputes)).order_by(ClaimComparison.ordinal)
    ):
        comparisons.setdefault(c.dispute_id, []).append(c)
    chains: dict[tuple[str, int | None], _Chain] = {}
    for p in rows:
        key = _chain_key(p.dispute_id, p.id)
        chain = chains.setdefault(key, _Chain([], {}, {}, comparisons.get(p.dispute_id, [])))
        chain.proceedings.append(p)
        chain.documents[p.id] = documents.get(p.id, [])
        chain.parties[p.id] = parties.get(p.id, [])
    return chains


# A hit's proceedings in order, each with its decision; the proceeding and the document that lead it.
_Stages = tuple[list[tuple[Row, Row | None]], Row | None, Row | Document]


def _stages(matched: Document, chain: _Chain | None) -> _Stages:
    """A hit's proceedings in order, each with its decision, and the proceeding and document that lead it: the final
    decision, else the matched document."""
    proceedings = sorted(
        chain.proceedings if chain else [],
        key=lambda p: (STAGE_RANK[p.stage.value] if p.stage else -1, p.decision_date or date.min),
    )
    steps = [(p, _decision_of(chain.documents[p.id])) for p in proceedings]
    decided = [(p, d) for p, d in steps if d is not None and d.kind in DECIDING_KINDS]
    own = next((p for p in proceedings if p.id == matched.proceeding_id), None)
    lead_proceeding, lead = decided[-1] if decided else (own, matched)
    return steps, lead_proceeding, lead


def _hit(
    r: SimilarCase,
    matched: Document,
    dispute: int | None,
    chain: _Chain | None,
    stages: _Stages,
    title: str,
    text: str,
    full_text: bool,
    persons: set[str],
    mode: str | None,
) -> SimilarHit:
    steps, lead_proceeding, lead = stages
    shown_name = (lambda n: n) if full_text else (lambda n: mask(n, persons))
    first = steps[0][0] if steps else None
    parties = (
        tuple(dict.fromkeys((pp.role.value, shown_name(pp.name)) for pp in chain.parties[first.id])) if first else ()
    )
    comparisons = chain.comparisons if chain else []
    return SimilarHit(
        dispute_id=dispute,
        doc_id=lead.id,
        matched_doc_id=matched.id,
        title=title,
        kind=lead.kind.value,
        stage=_stage(lead_proceeding),
        case_number=_number(lead_proceeding),
        body=lead_proceeding.body if lead_proceeding else None,
        decision_date=_date(lead_proceeding),
        similarity=r.similarity,
        score=r.score,
        stages=tuple(
            StageStep(_stage(p), p.body, p.case_number_raw, _date(p), d.id if d else None, d.kind.value if d else None)
            for p, d in steps
        ),
        parties=parties,
        facts=_hit_facts(text),
        shared_claim_types=r.shared_issues,
        outcomes=tuple(_outcome(c) for c in comparisons if c.claim_type in r.shared_issues),
        shared_factors=r.shared_factors,
        same_mode=r.same_mode,
        employment_mode=mode,
        shared_terms=r.shared_terms,
        signals=r.signals,
    )


@lru_cache(maxsize=HIT_FACTS_KEPT)
def _hit_facts(text: str) -> str:
    """The key facts a hit shows of its text as this reader reads it: the same hits come back often, and finding a
    text's sections was a tenth of a request."""
    return key_facts(facts_text(text))


def _decision_of(documents: list[Row]) -> Row | None:
    """A proceeding's decision (award, judgment or ruling), else its first document."""
    docs = sorted(documents, key=lambda d: (d.kind not in DECIDING_KINDS, d.id))
    return docs[0] if docs else None


def _outcome(c: Row) -> IssueOutcome:
    """The award and the court's final decision of a compared claim: the court stage the comparison names, else the
    latest court stage that decided it."""
    court = (
        c.court_stage.value
        if c.court_stage
        else next((s for s in reversed(COURT_STAGES) if getattr(c, f"{s}_outcome") is not None), None)
    )
    outcome = getattr(c, f"{court}_outcome") if court else None
    amount = getattr(c, f"{court}_amount") if court else None
    return IssueOutcome(
        claim_type=c.claim_type,
        claimant=c.claimant,
        amount_claimed=_float(c.amount_claimed),
        arbitration_outcome=c.arbitration_outcome.value if c.arbitration_outcome else None,
        arbitration_amount=_float(c.arbitration_amount),
        court_stage=court,
        court_outcome=outcome.value if outcome else None,
        court_amount=_float(amount),
        divergent=c.divergent,
        direction=c.direction.value if c.direction else None,
    )


def key_facts(text: str) -> str:
    """The opening of a case's facts, as much as a report's row holds."""
    flat = " ".join(text.split())
    return flat if len(flat) <= KEY_FACTS else flat[:KEY_FACTS].rstrip() + "…"


def _keywords(tokens: tuple[str, ...], unshown: frozenset[str]) -> tuple[str, ...]:
    return tuple(
        w for w, _ in Counter(t for t in tokens if t not in unshown and reason_term(t)).most_common(QUERY_KEYWORDS)
    )


def _stage(p: Row | None) -> str | None:
    return p.stage.value if p is not None and p.stage else None


def _number(p: Row | None) -> str | None:
    return p.case_number_raw if p is not None else None


def _date(p: Row | None) -> str | None:
    return p.decision_date.isoformat() if p is not None and p.decision_date else None


def _float(value) -> float | None:
    return float(value) if value is not None else None


def case_features(text: str, persons: tuple[str, ...]) -> dict:
    """What ranking compares of a document (DocumentFeatures' columns), as written and as masked readers read it:
    computed when the document is indexed, in the worker processes that segment it for the index."""
    out = {}
    for prefix, readable_text in (("", text), ("masked_", masked(text, persons).text)):
        facts = facts_text(readable_text)
        out[f"{prefix}tokens"] = " ".join(query_tokens(facts))
        out[f"{prefix}grams"] = grams_to_bytes(char_counts(facts))
    return out


# The statements a request runs for a hundred candidates, built once: building one and coercing its ids each time
# cost more than SQLite took to run it.
_PROFILED = (
    select(
        Document.id,
        Document.sha256,
        Document.proceeding_id,
        Proceeding.dispute_id,
        Document.indexed_at,
        DocumentFeatures.document_id,  # None: features not stored
    )
    .outerjoin(Proceeding, Proceeding.id == Document.proceeding_id)
    .outerjoin(DocumentFeatures, DocumentFeatures.document_id == Document.id)
    .where(Document.id.in_(bindparam("ids", expanding=True)))
)
_DECIDED = select(ClaimComparison.dispute_id, ClaimComparison.claim_type).where(
    ClaimComparison.dispute_id.in_(bindparam("disputes", expanding=True))
)
_NAMED = (
    select(Proceeding.id, Proceeding.dispute_id, Proceeding.case_number_raw, Party.name)
    .outerjoin(ProceedingParty, ProceedingParty.proceeding_id == Proceeding.id)
    .outerjoin(Party, Party.id == ProceedingParty.party_id)
    .where(
        or_(
            Proceeding.dispute_id.in_(bindparam("disputes", expanding=True)),
            Proceeding.id.in_(bindparam("proceedings", expanding=True)),
        )
    )
)


def _profiles(
    session: Session, ids: list[int], full_text: bool, texts: dict[int, str] | None = None
) -> dict[int, tuple[CaseProfile, int | None]]:
    """The profile of each stored document, with its dispute, read by column: no ORM object graph (a hundred
    candidates' claims, proceedings, parties and comparisons as objects were most of a request). Its tokens and
    n-gram counts are those stored when it was indexed, as this reader reads them (_indexed); for a document
    indexed before they were stored, segmented and counted now from its text as the reader reads it. `texts` are the
    texts as read where the caller has them (a stored profile's text is what is given, else empty). Its issues are
    its own claims' and those its dispute's stages decided, so documents of every kind compare on the dispute's
    issues."""
    rows = session.execute(_PROFILED, {"ids": ids}).all()
    indexed = _indexed(
        session, [(d, sha256, at) for d, sha256, _, _, at, features in rows if features is not None], full_text
    )
    texts = dict(texts or {})
    unstored = [d for d, *_ in rows if d not in indexed]
    own = _own(session, unstored) if unstored else {}
    if reading := [d for d in unstored if d not in texts]:
        docs = session.scalars(select(Document).where(Document.id.in_(reading))).all()
        texts.update((d, t.text) for d, t in readable(session, list(docs), full_text).items())
    disputes = {dispute for _, _, _, dispute, *_ in rows if dispute is not None}
    decided: dict[int, set[str]] = {}
    for dispute, claim_type in session.execute(_DECIDED, {"disputes": list(disputes)}):
        decided.setdefault(dispute, set()).add(claim_type)
    unshown = _unshown(session, disputes, {p for _, _, p, dispute, *_ in rows if p is not None and dispute is None})
    out = {}
    for d, sha256, proceeding, dispute, *_ in rows:
        text = texts.get(d, "")
        if d in indexed:
            tokens, counts, (claims, mode, factors) = indexed[d]
        else:
            (text, tokens), counts, (claims, mode, factors) = _readable_tokens(sha256, text), None, own[d]
        out[d] = (
            CaseProfile(
                str(d),
                text,
                tokens,
                claims | decided.get(dispute, set()),
                factors,
                mode,
                unshown.get(_chain_key(dispute, proceeding), frozenset()),
                counts,
            ),
            dispute,
        )
    return out


# A document's own claim types, employment mode and labor-relation factor names.
_Own = tuple[frozenset[str], str | None, frozenset[str]]


def _own(session: Session, ids: list[int]) -> dict[int, _Own]:
    """What these documents' own extraction says (Claim, Document.extraction): set when a document is stored or read
    again, which marks it for indexing again."""
    claims: dict[int, set[str]] = {}
    for d, claim_type in session.execute(select(Claim.document_id, Claim.claim_type).where(Claim.document_id.in_(ids))):
        claims.setdefault(d, set()).add(claim_type)
    return {
        d: (frozenset(claims.get(d, ())), mode, _factor_names(factors))
        for d, mode, factors in session.execute(
            select(
                Document.id,
                Document.extraction[("gig", "employment_mode")].as_string(),
                Document.extraction[("gig", "factors")].as_string(),
            ).where(Document.id.in_(ids))
        )
    }


FEATURES_KEPT = 4096  # documents kept, once for each kind of reader (about 10 kB each)
# (document id, content hash, indexed_at, full text) → its stored tokens and their counts, and _own, least recently
# used first: reading and decoding a hundred candidates' features, claims and extraction was a sixth of a request,
# and the same documents come back often. Indexing stores the features and then sets indexed_at, and storing or
# reading a document again empties it, so a document changed since is read again.
_kept: OrderedDict[tuple[int, str, datetime, bool], tuple[tuple[str, ...], TextCounts, _Own]] = OrderedDict()
_kept_lock = threading.Lock()  # one cache for the threads of a process


def _indexed(
    session: Session, documents: list[tuple[int, str, datetime | None]], full_text: bool
) -> dict[int, tuple[tuple[str, ...], TextCounts, _Own]]:
    """What indexing fixed of these documents (id, sha256, indexed_at), as this reader reads them: the features
    stored and _own. Those kept from an earlier request, the others read and decoded now; a document marked for
    indexing again (indexed_at empty) is read and not kept, it is about to change."""
    keys = {d: (d, sha256, indexed_at, full_text) for d, sha256, indexed_at in documents}
    with _kept_lock:
        out = {d: _kept[key] for d, key in keys.items() if key in _kept}
        for d in out:
            _kept.move_to_end(keys[d])
    missing = [d for d in keys if d not in out]
    if not missing:
        return out
    tokens_column, grams_column = (
        (DocumentFeatures.tokens, DocumentFeatures.grams)
        if full_text
        else (DocumentFeatures.masked_tokens, DocumentFeatures.masked_grams)
    )
    own = _own(session, missing)
    read = {}
    for d, tokens, grams in session.execute(
        select(DocumentFeatures.document_id, tokens_column, grams_column).where(
            DocumentFeatures.document_id.in_(missing)
        )
    ):
        words = tuple(map(sys.intern, tokens.split()))  # interned: a word is held once, however many keep it
        read[d] = (words, text_counts(words, grams), own[d])
    out.update(read)
    with _kept_lock:
        for d, kept in read.items():
            if keys[d][2] is not None:
                _kept[keys[d]] = kept
        while len(_kept) > FEATURES_KEPT:
            _kept.popitem(last=False)
    return out


def _unshown(session: Session, disputes: set[int], proceedings: set[int]) -> dict[tuple[str, int], frozenset[str]]:
    """The words of each dispute's parties' names and case numbers (of a proceeding's, for one in no dispute), by
    ("dispute", id) or ("proceeding", id): shared, they say nothing about the dispute (two companies named 途运…, two
    numbers of the same commission)."""
    rows = session.execute(_NAMED, {"disputes": list(disputes), "proceedings": list(proceedings)})
    names: dict[tuple[str, int], set[str]] = {}
    for proceeding, dispute, number, party in rows:
        names.setdefault(_chain_key(dispute, proceeding), set()).update(n for n in (number, party) if n)
    return {group: _words_of(frozenset(each)) for group, each in names.items()}


@lru_cache(maxsize=PROFILE_CACHE)
def _factor_names(factors: str | None) -> frozenset[str]:
    """The names of the labor-relation factors extraction found (Document.extraction's gig.factors, as JSON text):
    decoding a hundred documents' factors, evidence spans and all, was a tenth of a request, and the same
    documents come back often."""
    return frozenset(f["name"] for f in json.loads(factors) or []) if factors else frozenset()


@lru_cache(maxsize=PROFILE_CACHE)
def _words_of(names: frozenset[str]) -> frozenset[str]:
    """The words of a dispute's names and case numbers: the same disputes come back often, and gathering their words
    name by name cost about 2 ms a request."""
    return frozenset(t for name in names for t in query_tokens(name))


@lru_cache(maxsize=PROFILE_CACHE)
def _readable_tokens(sha256: str, text: str) -> tuple[str, tuple[str, ...]]:
    """Segmenting a hundred candidates is most of a similar-case request; the same documents come back often (a
    content hash names a text for good, with the masked text beside it), and interned tokens keep the cache
    small."""
    readable = facts_text(text)
    return readable, tuple(sys.intern(t) for t in query_tokens(readable))


def facts_text(text: str) -> str:
    """What a case is compared on: its facts and reasoning when the document has those sections, else all of it."""
    parts = [text[s.span.start : s.span.end] for s in find_sections(text) if s.name in _READ]
    return "\n".join(parts) if sum(map(len, parts)) >= 50 else text
