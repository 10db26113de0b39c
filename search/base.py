"""The search seam: what every engine indexes and answers, the query language, and the Protocol engines implement.

Everything engine-independent lives here (query parsing, facet fields, the aggregation request and the reading of
its answer), so that the embedded engine and Elasticsearch agree by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Protocol, Sequence

from nlp.masking import MaskedText, mask, masked
from nlp.tokens import index_grams, index_text, index_text_masked, index_text_masked_many, query_grams, query_tokens
from wording.messages import listed, message

# Keyword fields a search can be filtered and faceted on, the same for every engine. Within a field several values
# are alternatives (OR); across fields all must hold (AND).
FILTER_FIELDS = (
    "kind",
    "stage",
    "province",
    "body",
    "year",
    "claim_type",
    "outcome",
    "divergent",
    "divergence_type",
    "platform",
    "occupation",
    "employment_mode",
)
FACET_FIELDS = FILTER_FIELDS
SORTS = ("relevance", "date")
FACET_SIZE = 50
# The indexed fields of title and text, as written and as masked roles read them.
TEXT_FIELDS = {False: ("title", "text"), True: ("masked_title", "masked_text")}
# The character bigrams of title and text (nlp.tokens.index_grams), as written and as masked roles read them.
GRAM_FIELDS = {False: "grams", True: "masked_grams"}
# A verbatim match the words missed ranks below every match of the words.
GRAM_BOOST = 0.05
_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')
# Limits both engines keep alike, set by what Elasticsearch refuses or splits: results a search can page through
# (index.max_result_window), the words a query may hold (a bool query's clause limit), the characters of an indexed
# token (Lucene refuses terms over 32,766 bytes; Elasticsearch's whitespace tokenizer here splits past 8,190 UTF-16
# units: 4,095 characters reach neither) and of a keyword value (8,191 characters: the byte limit again).
MAX_RESULT_WINDOW = 10_000
MAX_QUERY_WORDS = 200
MAX_TOKEN_CHARS = 4_095
MAX_KEYWORD_CHARS = 8_191
_LONG_TOKEN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


class SearchUnavailable(RuntimeError):
    """The search index cannot be opened or queried; the database is unaffected."""


class QueryTooLarge(ValueError):
    """A search beyond what every engine answers alike; the message says so to the reader (a 400 from the API)."""


def check_bounds(parsed: "ParsedQuery", limit: int, offset: int) -> None:
    if offset + limit > MAX_RESULT_WINDOW:
        raise QueryTooLarge(
            f"只能翻阅前 {MAX_RESULT_WINDOW} 条结果（offset {offset} + limit {limit}）：请增加筛选条件或"
            f"换用更具体的检索词缩小范围"
        )
    if len(parsed.tokens) > MAX_QUERY_WORDS:
        raise QueryTooLarge(f"检索词过多：一次检索最多 {MAX_QUERY_WORDS} 个词，请精简检索式")


def candidate_words(tokens: Sequence[str]) -> list[str]:
    """The distinct words a candidate search matches any of, the first MAX_QUERY_WORDS."""
    return list(dict.fromkeys(tokens))[:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class IndexedDocument:
    doc_id: int
    title: str
    text: str
    kind: str
    stage: str | None
    province: str | None
    body: str | None
    case_number: str | None
    year: int | None
    decision_date: str | None  # ISO date, for sorting
    claim_type: tuple[str, ...] = ()  # the claim types the document states
    outcome: tuple[str, ...] = ()  # the outcomes it gives them
    divergent: str | None = None  # "yes" / "no": whether its dispute's award and court decision diverge; None: unknown
    divergence_type: tuple[str, ...] = ()
    platform: str | None = None
    occupation: str | None = None
    employment_mode: str | None = None
    # The natural persons of its dispute, whose names masking reduces for readers who may not see personal data.
    persons: tuple[str, ...] = ()
    # Title and text as jieba index tokens joined by spaces, the words every engine indexes, as written and as
    # masked; segment() fills them. Masked roles search only the masked ones.
    title_tokens: str | None = None
    text_tokens: str | None = None
    masked_title_tokens: str | None = None
    masked_text_tokens: str | None = None
    grams: str | None = None
    masked_grams: str | None = None

    def keywords(self) -> dict[str, list]:
        """Each filter field's values for this document (none for a field it has no value for)."""
        out = {}
        for name in FILTER_FIELDS:
            value = getattr(self, name)
            values = list(value) if isinstance(value, tuple) else [value] if value not in (None, "") else []
            # A value too long for a keyword term is left out of filters and facets, in every engine alike.
            out[name] = [v for v in values if not isinstance(v, str) or len(v) <= MAX_KEYWORD_CHARS]
        return out

    def __post_init__(self):
        # Every token within MAX_TOKEN_CHARS, whoever segmented the text: both engines then hold each one whole.
        for name in ("title_tokens", "text_tokens", "masked_title_tokens", "masked_text_tokens"):
            tokens = getattr(self, name)
            if tokens and _LONG_TOKEN.search(tokens):
                object.__setattr__(self, name, _LONG_TOKEN.sub(lambda m: m.group()[:MAX_TOKEN_CHARS], tokens))


def segment(document: IndexedDocument) -> IndexedDocument:
    """The document with its index tokens (segmentation is most of the cost of indexing: callers with many
    documents run this in worker processes, and engines segment only what comes without)."""
    if document.text_tokens is not None:
        return document
    readable = _masked(document)
    return _with_tokens(document, index_text_masked(document.text, readable.redacted), readable)


def segmented(documents: list[IndexedDocument]) -> list[IndexedDocument]:
    """Every document with its index tokens, those missing segmented on every core."""
    todo = [i for i, d in enumerate(documents) if d.text_tokens is None]
    if not todo:
        return documents
    readable = [_masked(documents[i]) for i in todo]
    texts = index_text_masked_many([(documents[i].text, r.redacted) for i, r in zip(todo, readable)])
    out = list(documents)
    for i, tokens, r in zip(todo, texts, readable):
        out[i] = _with_tokens(documents[i], tokens, r)
    return out


def _masked(document: IndexedDocument) -> MaskedText:
    return masked(document.text, document.persons)


def _with_tokens(document: IndexedDocument, text_tokens: tuple[str, str], readable: MaskedText) -> IndexedDocument:
    title, masked_title = index_text(document.title), mask(document.title, document.persons)
    return replace(
        document,
        title_tokens=title,
        text_tokens=text_tokens[0],
        masked_text_tokens=text_tokens[1],
        masked_title_tokens=title if masked_title == document.title else index_text(masked_title),
        grams=index_grams(document.title, document.text),
        masked_grams=index_grams(masked_title, readable.text),
    )


@dataclass(frozen=True)
class QueryPart:
    """One part of a query, which a document must match: its words (all of them; a quoted phrase's in order), or the
    part verbatim, as its character bigrams one after another (ranked below the words)."""

    words: tuple[str, ...]
    grams: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Parts that must all match: each quoted phrase ("…"), and each run of the rest between spaces."""

    parts: tuple[QueryPart, ...]

    @property
    def tokens(self) -> list[str]:
        """Every token the query matches on, for highlighting."""
        return list(dict.fromkeys(t for p in self.parts for t in p.words))


_WORDLIKE = re.compile(r"\w")


def parse_query(query: str) -> ParsedQuery:
    quoted = [(m.group(1) or m.group(2), True) for m in _PHRASE.finditer(query)]
    runs = [(run, False) for run in _PHRASE.sub(" ", query).split()]
    # A part of punctuation alone (* / ：； / a stray quote) asks for nothing: it is left out, as an empty query is.
    parts = [
        QueryPart(
            tuple(dict.fromkeys(query_tokens(s))) if not phrase else tuple(query_tokens(s)),
            tuple(query_grams(s)),
            phrase,
        )
        for s, phrase in quoted + runs
        if _WORDLIKE.search(s)
    ]
    return ParsedQuery(tuple(p for p in parts if p.words or p.grams))


def normalise_filters(filters: Mapping[str, str | Sequence[str]] | None) -> dict[str, list[str]]:
    """Filters as field → list of values; an unknown field or a non-numeric year is a clear error."""
    out = {}
    for name, value in (filters or {}).items():
        if name not in FILTER_FIELDS:
            raise ValueError(message("unknown_filter", name=name, expected=listed(FILTER_FIELDS)))
        values = [value] if isinstance(value, str) else list(value)
        if name == "year" and not all(str(v).isdigit() for v in values):
            raise ValueError(message("not_a_year", name="year", value="、".join(map(str, values))))
        if values:
            out[name] = values
    return out


def facet_request(fields: Iterable[str] = FACET_FIELDS) -> dict:
    """The terms aggregations both engines take (tantivy reads Elasticsearch's aggregation language)."""
    return {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in fields}


def read_facets(answer: Mapping) -> dict[str, list[tuple[str, int]]]:
    """Facet counts from an aggregation answer, most frequent first; empty values left out."""
    out = {}
    for name, agg in answer.items():
        buckets = [(str(b["key"]), int(b["doc_count"])) for b in agg.get("buckets", []) if b["key"] not in ("", 0)]
        out[name] = sorted(buckets, key=lambda kv: (-kv[1], kv[0]))
    return out


@dataclass(frozen=True)
class SearchHit:
    doc_id: int
    score: float


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    query_tokens: list[str] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class SearchBackend(Protocol):
    def index(self, documents: Iterable[IndexedDocument]) -> int:
        """Add or replace documents (keyed by doc_id); returns how many were written."""

    def rebuild(self, batches: Iterable[list[IndexedDocument]]) -> int:
        """Replace the whole index with these documents; searches keep working meanwhile where the engine can."""

    def delete(self, doc_ids: Iterable[int]) -> None: ...

    def search(
        self,
        query: str,
        *,
        filters: Mapping[str, str | Sequence[str]] | None = None,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        facets: bool = False,
        masked: bool = False,
    ) -> SearchResults:
        """Documents matching every word and phrase of the query (all documents for an empty query); masked: in
        the text as masked roles read it, so that what masking removes finds nothing."""

    def candidates(
        self,
        tokens: Sequence[str],
        *,
        limit: int = 100,
        exclude: int | None = None,
        filters: Mapping[str, str | Sequence[str]] | None = None,
        masked: bool = False,
    ) -> list[SearchHit]:
        """Documents matching any of the tokens, best first: the pool a similar-case ranking reorders."""

    def count(self) -> int: ...

    def clear(self) -> None: ...
