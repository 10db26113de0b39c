"""Embedded search: a tantivy index on disk over caishen's words and character bigrams, no server needed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterable

import tantivy

from search.base import (  # the limits both engines keep alike
    FILTER_FIELDS,
    GRAM_BOOST,
    GRAM_FIELDS,
    SORTS,
    TEXT_FIELDS,
    IndexedDocument,
    QueryPart,
    SearchHit,
    SearchResults,
    SearchUnavailable,
    candidate_words,
    check_bounds,
    facet_request,
    normalise_filters,
    parse_query,
    read_facets,
    segmented,
)

_WRITER_HEAP = 64_000_000


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("doc_id", stored=True, indexed=True, fast=True)
    # Pre-segmented words and bigrams joined by spaces; the whitespace tokenizer keeps them as they are (with
    # positions, for phrases and verbatim strings).
    for name in (*TEXT_FIELDS[False], *TEXT_FIELDS[True], *GRAM_FIELDS.values()):
        sb.add_text_field(name, tokenizer_name="whitespace")
    for name in FILTER_FIELDS:
        if name == "year":
            sb.add_integer_field("year", stored=True, indexed=True, fast=True)
        else:
            sb.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
    sb.add_text_field("decision_date", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("date_order", fast=True, tokenizer_name="raw")  # _date_order
    return sb.build()


def _date_order(document: IndexedDocument) -> str:
    """What the date sort orders by, newest first: the date, then the higher doc_id among documents of one date (as
    Elasticsearch orders them; tantivy sorts on one field only); documents without a date come last."""
    return f"{document.decision_date or '0000-00-00'} {document.doc_id:012d}"


class EmbeddedBackend:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = _schema()
        self._open()

    def _open(self) -> None:
        self._index = None  # None: the index on disk has other fields (an earlier version's); rebuild() replaces it
        self._loaded: tuple | None = None  # _meta_stamp() when the reader last reloaded
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self.schema, path=str(self.path))
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise SearchUnavailable(f"search index at {self.path} cannot be opened: {exc}") from exc
        except OSError as exc:
            raise SearchUnavailable(f"search index at {self.path} cannot be opened: {exc}") from exc

    def index(self, documents: Iterable[IndexedDocument]) -> int:
        documents = segmented(list(documents))  # before the writer opens
        writer = self._writer()
        for d in documents:
            writer.delete_documents_by_term("doc_id", d.doc_id)
            doc = tantivy.Document(
                doc_id=d.doc_id,
                title=d.title_tokens,
                text=d.text_tokens,
                masked_title=d.masked_title_tokens,
                masked_text=d.masked_text_tokens,
                grams=d.grams,
                masked_grams=d.masked_grams,
                decision_date=d.decision_date or "",
            )
            for name, values in d.keywords().items():
                for v in values:
                    if name == "year":
                        doc.add_integer(name, int(v))
                    else:
                        doc.add_text(name, str(v))
            doc.add_text("date_order", _date_order(d))
            writer.add_document(doc)
        self._commit(writer)
        return len(documents)

    def rebuild(self, batches: Iterable[list[IndexedDocument]]) -> int:
        """Empty the index and fill it again (an embedded index serves one machine: no alias to swap); an index
        removed from disk is created again."""
        if self._index is None:
            shutil.rmtree(self.path)
        if self._index is None or not self._on_disk():
            self._open()
        self.clear()
        return sum(self.index(batch) for batch in batches)

    def delete(self, doc_ids: Iterable[int]) -> None:
        writer = self._writer()
        for doc_id in doc_ids:
            writer.delete_documents_by_term("doc_id", doc_id)
        self._commit(writer)

    def clear(self) -> None:
        writer = self._writer()
        writer.delete_all_documents()
        self._commit(writer)

    def count(self) -> int:
        try:
            return self._searcher().num_docs
        except ValueError as exc:
            raise self._unavailable("read", exc) from exc

    def search(
        self,
        query: str,
        *,
        filters=None,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        facets: bool = False,
        masked: bool = False,
    ) -> SearchResults:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
        parsed = parse_query(query)
        clauses = [(tantivy.Occur.Must, self._part(p, masked)) for p in parsed.parts]
        clauses += self._filters(filters)
        q = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()
        check_bounds(parsed, limit, offset)
        try:
            searcher = self._searcher()
            if sort == "date":
                result = searcher.search(q, limit, count=True, offset=offset, order_by_field="date_order")
            else:
                result = searcher.search(q, limit, count=True, offset=offset)
            hits = [
                SearchHit(doc_id=searcher.doc(addr)["doc_id"][0], score=key if sort == "relevance" else 0.0)
                for key, addr in result.hits
            ]
            counts = read_facets(searcher.aggregate(q, facet_request())) if facets else {}
        except ValueError as exc:
            raise self._unavailable("search", exc) from exc
        return SearchResults(total=result.count, hits=hits, query_tokens=parsed.tokens, facets=counts)

    def candidates(
        self, tokens, *, limit: int = 100, exclude: int | None = None, filters=None, masked: bool = False
    ) -> list[SearchHit]:
        words = candidate_words(tokens)
        if not words:
            return []
        text = TEXT_FIELDS[masked][1]
        anyword = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, text, t)) for t in words]
        )
        clauses = [(tantivy.Occur.Must, anyword), *self._filters(filters)]
        if exclude is not None:
            clauses.append((tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "doc_id", exclude)))
        try:
            searcher = self._searcher()
            result = searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
            return [SearchHit(doc_id=searcher.doc(addr)["doc_id"][0], score=score) for score, addr in result.hits]
        except ValueError as exc:
            raise self._unavailable("search", exc) from exc

    def _part(self, part: QueryPart, masked: bool) -> tantivy.Query:
        """The part's words (in order if quoted), or the part verbatim."""
        fields, either = TEXT_FIELDS[masked], []
        if part.phrase and len(part.words) > 1:
            either.append(self._either_field(tantivy.Query.phrase_query, list(part.words), fields))
        elif part.words:
            either.append(
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, self._either_field(tantivy.Query.term_query, w, fields)) for w in part.words]
                )
            )
        if part.grams:
            grams = GRAM_FIELDS[masked]
            first = part.grams[0]
            verbatim = (
                tantivy.Query.phrase_query(self.schema, grams, list(part.grams))
                if len(part.grams) > 1
                else tantivy.Query.regex_query(self.schema, grams, re.escape(first) + ".")
                if len(first) == 1
                else tantivy.Query.term_query(self.schema, grams, first)
            )
            either.append(tantivy.Query.boost_query(verbatim, GRAM_BOOST))
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in either])

    def _either_field(self, make, value, fields: tuple[str, str]) -> tantivy.Query:
        """The words in the text or the title (a title match weighs double)."""
        title, text = fields
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, make(self.schema, text, value)),
                (tantivy.Occur.Should, tantivy.Query.boost_query(make(self.schema, title, value), 2.0)),
            ]
        )

    def _filters(self, filters) -> list:
        clauses = []
        for name, values in normalise_filters(filters).items():
            terms = [int(v) for v in values] if name == "year" else list(values)
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(self.schema, name, terms)))
        return clauses

    def _searcher(self) -> tantivy.Searcher:
        self._current()
        # A reload costs a few hundred µs a search: only when a commit, in this process or another, has replaced
        # meta.json since the last one (or it cannot be read, where the reload says what is wrong).
        stamp = self._meta_stamp()
        if stamp is None or stamp != self._loaded:
            self._index.reload()
            self._loaded = stamp
        return self._index.searcher()

    def _meta_stamp(self) -> tuple | None:
        try:
            meta = (self.path / "meta.json").stat()
        except OSError:
            return None
        return meta.st_ino, meta.st_mtime_ns, meta.st_size

    def _writer(self) -> tantivy.IndexWriter:
        self._current()
        try:
            return self._index.writer(_WRITER_HEAP, 1)
        except ValueError as exc:
            raise self._unavailable("write to", exc) from exc

    def _commit(self, writer: tantivy.IndexWriter) -> None:
        try:
            writer.commit()
            writer.wait_merging_threads()
        except ValueError as exc:
            raise self._unavailable("commit to", exc) from exc

    def _current(self) -> None:
        if self._index is None:
            raise SearchUnavailable(
                f"search index at {self.path} was built by an earlier version of caishen (its "
                f"fields differ); `caishen reindex` rebuilds it from the database"
            )

    def _on_disk(self) -> bool:
        return (self.path / "meta.json").exists()

    def _unavailable(self, doing: str, exc: Exception) -> SearchUnavailable:
        """tantivy reports every failure as ValueError: name the two an operator can fix."""
        if not self._on_disk():
            return SearchUnavailable(
                f"search index at {self.path} is missing (removed?); `caishen reindex` rebuilds it from the database"
            )
        if "Lock" in str(exc):
            return SearchUnavailable(f"search index at {self.path} is locked by another writer: {exc}")
        return SearchUnavailable(f"could not {doing} the search index at {self.path}: {exc}")
