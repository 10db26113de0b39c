"""Corpus queries: summary counts, search results joined with the stored documents, documents by id."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from nlp.masking import MaskedText, mask, masked
from search import SearchBackend, SearchUnavailable
from search.highlight import snippets
from store.models import (
    ClaimComparison,
    Dispute,
    Document,
    IngestRun,
    Party,
    PartyKind,
    Proceeding,
    ProceedingParty,
    QuarantinedFile,
    Stage,
)


@dataclass(frozen=True)
class Hit:
    doc_id: int
    score: float
    title: str
    kind: str
    case_number: str | None
    body: str | None
    decision_date: str | None
    highlights: list[str]  # HTML-escaped snippets with <mark> around matched terms

    def to_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    sort: str = "relevance"
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [{"value": v, "count": n} for v, n in counts] for k, counts in self.facets.items()},
        }


# What a hit shows of its document and proceeding, read by column (readable() and named() take these rows as they
# take documents): the page's documents as ORM objects, extraction decoded and proceedings loaded after, were a third
# of a search.
_LISTED = select(
    Document.id,
    Document.kind,
    Document.title,
    Document.text,
    Document.source_path,
    Document.source_member,
    Document.proceeding_id,
    Proceeding.case_number_raw,
    Proceeding.body,
    Proceeding.decision_date,
).outerjoin(Proceeding, Proceeding.id == Document.proceeding_id)


def search(
    session: Session,
    backend: SearchBackend,
    query: str,
    *,
    filters=None,
    page: int = 1,
    per_page: int = 10,
    sort: str = "relevance",
    facets: bool = False,
    full_text: bool = True,
) -> SearchPage:
    """A page of hits joined with the stored documents, with highlights; facet counts over all matches if asked.
    Unless full_text, the query runs on the masked text (what masking removes finds nothing) and highlights come
    from it."""
    page = max(1, page)
    result = backend.search(
        query,
        filters=filters,
        limit=per_page,
        offset=(page - 1) * per_page,
        sort=sort,
        facets=facets,
        masked=not full_text,
    )
    if not result.total:
        check_index_holds(session, backend)
    docs = {d.id: d for d in session.execute(_LISTED.where(Document.id.in_([h.doc_id for h in result.hits])))}
    texts = readable(session, list(docs.values()), full_text)
    shown = named(session, list(docs.values()), full_text)
    hits = []
    for h in result.hits:
        doc = docs.get(h.doc_id)
        if doc is None:  # indexed but no longer stored; `caishen reindex` repairs the index
            continue
        hits.append(
            Hit(
                doc_id=doc.id,
                score=round(h.score, 4),
                title=shown[doc.id]["title"],
                kind=doc.kind.value,
                case_number=doc.case_number_raw,
                body=doc.body,
                decision_date=doc.decision_date.isoformat() if doc.decision_date else None,
                highlights=[s.html() for s in snippets(texts[doc.id].text, result.query_tokens)],
            )
        )
    return SearchPage(
        query=query, total=result.total, page=page, per_page=per_page, hits=hits, sort=sort, facets=result.facets
    )


def check_index_holds(session: Session, backend: SearchBackend) -> None:
    """No hits from an empty index while the database says documents were indexed: the index was removed or
    replaced, and "nothing found" would be a lie."""
    if backend.count() == 0 and session.scalar(select(Document.id).where(Document.indexed_at.is_not(None)).limit(1)):
        raise SearchUnavailable(
            "the search index is empty but the database holds indexed documents (index removed "
            "or replaced?); `caishen reindex` rebuilds it"
        )


def readable(session: Session, docs: list[Document], full_text: bool) -> dict[int, MaskedText]:
    """Each document as this reader may read it: as written, or with personal data masked (docs/privacy.md; the
    natural persons who are parties anywhere in its dispute, and whoever its own labels name). Whatever a page
    cuts, quotes or highlights from a document is cut from this text (MaskedText.cut, .span), never masked after
    cutting: a name cut in half would survive."""
    if full_text:
        return {d.id: MaskedText.as_written(d.text) for d in docs}
    persons = persons_by_proceeding(session, {d.proceeding_id for d in docs if d.proceeding_id})
    return {d.id: masked(d.text, persons.get(d.proceeding_id, ())) for d in docs}


def named(session: Session, docs: list[Document], full_text: bool) -> dict[int, dict[str, str | None]]:
    """Each document's title and source file (and archive member) names as this reader may read them: any of them
    can name a party (张三与某公司劳动争议一案.docx)."""
    persons = {} if full_text else persons_by_proceeding(session, {d.proceeding_id for d in docs if d.proceeding_id})
    shown = (lambda value, _: value) if full_text else (lambda value, who: value and mask(value, who))
    return {
        d.id: {
            name: shown(value, persons.get(d.proceeding_id, ()))
            for name, value in (("title", d.title), ("source", d.source_path), ("member", d.source_member))
        }
        for d in docs
    }


def quoted(session: Session, evidence: list[dict], full_text: bool) -> list[dict]:
    """Evidence passages ({document_id, start, end, quote, …}) as this reader may read them: quote and span in the
    document's text as readable() gives it."""
    if full_text or not evidence:
        return evidence
    docs = session.scalars(select(Document).where(Document.id.in_({e.get("document_id") for e in evidence}))).all()
    texts = readable(session, list(docs), full_text)
    out = []
    for e in evidence:
        text = texts.get(e.get("document_id"))
        if text is None:  # no document to cut it from: only the quote is left to mask
            out.append(dict(e, quote=mask(e["quote"])))
            continue
        span = text.span(e["start"], e["end"])
        out.append(dict(e, start=span.start, end=span.end, quote=text.text[span.start : span.end]))
    return out


def persons_by_proceeding(session: Session, proceeding_ids: set[int]) -> dict[int, set[str]]:
    """For each proceeding, the natural persons who are parties to any proceeding of its dispute."""
    own = dict(
        session.execute(select(Proceeding.id, Proceeding.dispute_id).where(Proceeding.id.in_(proceeding_ids))).all()
    )
    persons = persons_by_dispute(session, {d for d in own.values() if d is not None})
    return {pid: persons.get(dispute, set()) for pid, dispute in own.items()}


def persons_by_dispute(session: Session, dispute_ids: set[int]) -> dict[int, set[str]]:
    rows = session.execute(
        select(Proceeding.dispute_id, Party.name)
        .join(ProceedingParty, ProceedingParty.proceeding_id == Proceeding.id)
        .join(Party, Party.id == ProceedingParty.party_id)
        .where(Party.kind == PartyKind.person, Proceeding.dispute_id.in_(dispute_ids))
    )
    out: dict[int, set[str]] = {}
    for dispute, name in rows:
        out.setdefault(dispute, set()).add(name)
    return out


def document(session: Session, doc_id: int) -> Document | None:
    return session.scalar(
        select(Document)
        .where(Document.id == doc_id)
        .options(selectinload(Document.proceeding).selectinload(Proceeding.dispute))
    )


def summary(session: Session) -> dict:
    """Counts a user wants after an ingest: documents by kind, proceedings by stage, disputes, divergences,
    quarantine."""
    by_kind = dict(session.execute(select(Document.kind, func.count()).group_by(Document.kind)).all())
    by_stage = dict(session.execute(select(Proceeding.stage, func.count()).group_by(Proceeding.stage)).all())
    in_court = session.scalar(
        select(func.count(func.distinct(Proceeding.dispute_id))).where(
            Proceeding.stage.in_([Stage.first_instance, Stage.second_instance, Stage.retrial])
        )
    )
    return {
        "documents": sum(by_kind.values()),
        "documents_by_kind": {k.value: v for k, v in sorted(by_kind.items(), key=lambda kv: kv[0].value)},
        "proceedings_by_stage": {(k.value if k else "unknown"): v for k, v in by_stage.items()},
        "disputes": session.scalar(select(func.count(Dispute.id))),
        "disputes_with_court_stage": in_court,
        "divergence": _divergence_summary(session),
        "quarantined_files": session.scalar(select(func.count(QuarantinedFile.id))),
        "ingest_runs": session.scalar(select(func.count(IngestRun.id))),
    }


def _divergence_summary(session: Session) -> dict:
    compared = session.scalar(select(func.count()).where(ClaimComparison.divergent.is_not(None)))
    divergent = session.scalar(select(func.count()).where(ClaimComparison.divergent.is_(True)))
    by_type = session.execute(
        select(ClaimComparison.divergence_type, func.count())
        .where(ClaimComparison.divergent.is_(True))
        .group_by(ClaimComparison.divergence_type)
    ).all()
    return {
        "claims_compared": compared,
        "claims_divergent": divergent,
        "rate": round(divergent / compared, 4) if compared else None,
        "by_type": dict(sorted(by_type, key=lambda kv: -kv[1])),
    }


def quarantined(session: Session, limit: int = 200) -> list[QuarantinedFile]:
    return list(session.scalars(select(QuarantinedFile).order_by(QuarantinedFile.id.desc()).limit(limit)))
