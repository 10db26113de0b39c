"""Embedded search: a tantivy index on disk over jieba tokens, no server needed."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import tantivy

from app.search.base import FILTER_FIELDS, IndexedDocument, SearchHit, SearchResults, SearchUnavailable
from nlp.tokens import index_tokens_many, query_tokens

_WRITER_HEAP = 64_000_000


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("doc_id", stored=True, indexed=True, fast=True)
    # Pre-segmented jieba tokens joined by spaces; the whitespace tokenizer keeps them as they are.
    sb.add_text_field("title", tokenizer_name="whitespace")
    sb.add_text_field("text", tokenizer_name="whitespace")
    for name in ("kind", "stage", "province", "body", "case_number"):
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_text_field("decision_date", stored=True, fast=True, tokenizer_name="raw")
    return sb.build()


class EmbeddedBackend:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = _schema()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self.schema, path=str(self.path))
        except (OSError, ValueError) as exc:
            raise SearchUnavailable(f"search index at {self.path} cannot be opened: {exc}") from exc

    def index(self, documents: Iterable[IndexedDocument]) -> int:
        documents = list(documents)
        tokens = index_tokens_many([t for d in documents for t in (d.title, d.text)])  # before the writer opens
        writer = self._writer()
        n = 0
        for i, d in enumerate(documents):
            writer.delete_documents_by_term("doc_id", d.doc_id)
            writer.add_document(tantivy.Document(
                doc_id=d.doc_id,
                title=" ".join(tokens[2 * i]),
                text=" ".join(tokens[2 * i + 1]),
                kind=d.kind, stage=d.stage or "", province=d.province or "", body=d.body or "",
                case_number=d.case_number or "", year=d.year or 0, decision_date=d.decision_date or "",
            ))
            n += 1
        self._commit(writer)
        return n

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
        self._index.reload()
        return self._index.searcher().num_docs

    def search(self, query: str, *, filters: dict[str, str] | None = None,
               limit: int = 10, offset: int = 0) -> SearchResults:
        tokens = query_tokens(query)
        clauses = []
        if tokens:
            # Every query word must appear in the title or the text (AND of words, OR of fields).
            for tok in dict.fromkeys(tokens):
                either = tantivy.Query.boolean_query([
                    (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "text", tok)),
                    (tantivy.Occur.Should, tantivy.Query.boost_query(
                        tantivy.Query.term_query(self.schema, "title", tok), 2.0)),
                ])
                clauses.append((tantivy.Occur.Must, either))
        for name, value in (filters or {}).items():
            if name not in FILTER_FIELDS:
                raise ValueError(f"unknown filter {name!r}; expected one of {', '.join(FILTER_FIELDS)}")
            term = int(value) if name == "year" else value
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, name, term)))
        q = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()
        try:
            self._index.reload()
            searcher = self._index.searcher()
            result = searcher.search(q, limit, count=True, offset=offset)
            hits = [SearchHit(doc_id=searcher.doc(addr)["doc_id"][0], score=score) for score, addr in result.hits]
        except ValueError as exc:
            raise SearchUnavailable(f"search index at {self.path} failed: {exc}") from exc
        return SearchResults(total=result.count, hits=hits, query_tokens=tokens)

    def _writer(self) -> tantivy.IndexWriter:
        try:
            return self._index.writer(_WRITER_HEAP, 1)
        except ValueError as exc:  # another process holds the writer lock
            raise SearchUnavailable(f"search index at {self.path} is locked by another writer: {exc}") from exc

    def _commit(self, writer: tantivy.IndexWriter) -> None:
        writer.commit()
        writer.wait_merging_threads()
