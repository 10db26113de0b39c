"""Similar cases (类案) for a stored document, pasted text or a file: the search engine retrieves a pool of
candidates by the query's words, nlp.similar ranks it (the same ranking `caishen eval retrieval` measures), and
each hit says why it is similar. One hit per dispute, and never the query's own dispute."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Document
from app.search import SearchBackend
from app.services.corpus import check_index_holds, named, readable
from ingest.sources import Origin, SourceRecord, read_bytes
from nlp.extract import extract_document
from nlp.narrative import read_case
from nlp.segment import find_sections
from nlp.similar import CaseProfile, rank
from nlp.tokens import query_tokens

POOL = 100  # candidates the engine retrieves for the ranking to reorder
PROFILE_CACHE = 8192  # candidate documents whose segmented text is kept (a few MB per thousand)
QUERY_WORDS = 64  # the query's most frequent words retrieve the pool
_READ = ("facts", "reasoning", "grounds")


class UnknownDocument(LookupError):
    """No stored document has this id."""


@dataclass(frozen=True)
class SimilarHit:
    doc_id: int
    dispute_id: int | None
    title: str
    kind: str
    case_number: str | None
    body: str | None
    score: float
    shared_claim_types: tuple[str, ...]
    shared_factors: tuple[str, ...]
    same_mode: bool
    employment_mode: str | None
    shared_terms: tuple[str, ...]
    signals: dict[str, float]


@dataclass(frozen=True)
class SimilarResult:
    source: str  # "document 12", "text", "file x.docx"
    claim_types: tuple[str, ...]
    factors: tuple[str, ...]
    employment_mode: str | None
    hits: list[SimilarHit]

    def to_dict(self) -> dict:
        return asdict(self)


def similar_to_document(session: Session, backend: SearchBackend, doc_id: int, *, limit: int = 10,
                        full_text: bool = True) -> SimilarResult:
    doc = session.scalar(select(Document).where(Document.id == doc_id).options(*_LOAD))
    if doc is None:
        raise UnknownDocument(f"no stored document has id {doc_id}")
    profile = _stored_profile(doc, readable(session, [doc], full_text)[doc.id].text)
    return _similar(session, backend, profile, f"document {doc_id}", limit, doc, full_text)


def similar_to_text(session: Session, backend: SearchBackend, text: str, *, source: str = "text",
                    limit: int = 10, full_text: bool = True) -> SimilarResult:
    if not text.strip():
        raise ValueError("the text to compare is empty")
    ex = extract_document(text)
    context = ex.context
    claims = ex.claims or read_case(text).claims  # pasted text is often a short account, not a document
    profile = CaseProfile("query", _readable(text), tuple(query_tokens(_readable(text))),
                          frozenset(c.claim_type for c in claims),
                          frozenset(f.name for f in context.factors) if context else frozenset(),
                          context.employment_mode if context else None)
    return _similar(session, backend, profile, source, limit, None, full_text)


def text_of_file(name: str, data: bytes, max_bytes: int) -> str:
    """The text of an uploaded or named file, in any format ingest reads; ValueError says why there is none."""
    records = list(read_bytes(data, name, Origin(name), max_bytes))
    texts = [r.text for r in records if isinstance(r, SourceRecord)]
    if not texts:
        reasons = "; ".join(r.reason for r in records if not isinstance(r, SourceRecord))
        raise ValueError(f"cannot read {name}: {reasons or 'no text'}")
    return "\n".join(texts)


_LOAD = (selectinload(Document.claims), selectinload(Document.proceeding))


def _similar(session: Session, backend: SearchBackend, query: CaseProfile, source: str, limit: int,
             exclude: Document | None, full_text: bool) -> SimilarResult:
    """The ranked hits. A reader who may not see personal data retrieves and compares on the masked texts, so no
    removed value is among the shared words or brings a hit."""
    words = [w for w, _ in Counter(t for t in query.tokens if len(t) > 1).most_common(QUERY_WORDS)]
    hits = backend.candidates(words, limit=POOL, exclude=exclude.id if exclude else None, masked=not full_text)
    if not hits:
        check_index_holds(session, backend)
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_([h.doc_id for h in hits]))
                                             .options(*_LOAD))}
    own_dispute = _dispute(exclude) if exclude else None
    pool = [d for d in (docs.get(h.doc_id) for h in hits)
            if d is not None and (own_dispute is None or _dispute(d) != own_dispute)]
    texts, shown = readable(session, pool, full_text), named(session, pool, full_text)
    ranked = rank(query, [_stored_profile(d, texts[d.id].text) for d in pool])
    by_id = {str(d.id): d for d in pool}
    out, seen = [], set()
    for r in ranked:
        doc = by_id[r.key]
        dispute = _dispute(doc)
        if dispute is not None and dispute in seen:
            continue  # one hit per dispute: its best document
        seen.add(dispute)
        p = doc.proceeding
        out.append(SimilarHit(
            doc_id=doc.id, dispute_id=dispute, title=shown[doc.id]["title"], kind=doc.kind.value,
            case_number=p.case_number_raw if p else None, body=p.body if p else None, score=r.score,
            shared_claim_types=r.shared_issues, shared_factors=r.shared_factors, same_mode=r.same_mode,
            employment_mode=_gig(doc).get("employment_mode"), shared_terms=r.shared_terms, signals=r.signals))
        if len(out) == limit:
            break
    return SimilarResult(source=source, claim_types=tuple(sorted(query.issues)), factors=tuple(sorted(query.factors)),
                         employment_mode=query.mode, hits=out)


def _stored_profile(doc: Document, text: str) -> CaseProfile:
    """The profile of a stored document from its text as the reader reads it."""
    gig = _gig(doc)
    text, tokens = _readable_tokens(doc.sha256, text)
    return CaseProfile(str(doc.id), text, tokens, frozenset(c.claim_type for c in doc.claims),
                       frozenset(f["name"] for f in gig.get("factors") or []), gig.get("employment_mode"))


@lru_cache(maxsize=PROFILE_CACHE)
def _readable_tokens(sha256: str, text: str) -> tuple[str, tuple[str, ...]]:
    """Segmenting a hundred candidates is most of a similar-case request; the same documents come back often (a
    content hash names a text for good, with the masked text beside it), and interned tokens keep the cache
    small."""
    readable = _readable(text)
    return readable, tuple(sys.intern(t) for t in query_tokens(readable))


def _readable(text: str) -> str:
    """What a case is compared on: its facts and reasoning when the document has those sections, else all of it."""
    parts = [text[s.span.start:s.span.end] for s in find_sections(text) if s.name in _READ]
    return "\n".join(parts) if sum(map(len, parts)) >= 50 else text


def _gig(doc: Document) -> dict:
    return (doc.extraction or {}).get("gig") or {}


def _dispute(doc: Document) -> int | None:
    return doc.proceeding.dispute_id if doc.proceeding else None
