"""Elasticsearch backend (the scale path), with the official client.

The index holds the same jieba tokens as the embedded engine (pre-segmented text, whitespace analyzer), so both
engines match the same words; settings and mappings are config/elasticsearch/index.json. The name users query is an
alias over a versioned index: `rebuild` fills a new index and swaps the alias in one step, with no downtime.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from elasticsearch import Elasticsearch, helpers
from elasticsearch import ApiError, TransportError

from app.search.base import (GRAM_BOOST, GRAM_FIELDS, SORTS, TEXT_FIELDS, IndexedDocument, QueryPart, SearchHit, SearchResults,
                             SearchUnavailable, facet_request, normalise_filters, parse_query, read_facets, segmented)

INDEX_DEFINITION = Path(__file__).resolve().parents[2] / "config" / "elasticsearch" / "index.json"
_ERRORS = (ApiError, TransportError, helpers.BulkIndexError)


class ElasticsearchBackend:
    def __init__(self, url: str, alias: str, client: Elasticsearch | None = None):
        self.alias = alias
        self.client = client or Elasticsearch(url, request_timeout=30)
        self.definition = json.loads(INDEX_DEFINITION.read_text(encoding="utf-8"))
        try:
            if not self.client.indices.exists_alias(name=alias):
                self._swap(self._create())
        except _ERRORS as exc:
            raise SearchUnavailable(f"Elasticsearch at {url} cannot be used: {exc}") from exc

    def index(self, documents: Iterable[IndexedDocument]) -> int:
        return self._bulk(self.alias, list(documents))

    def rebuild(self, batches: Iterable[list[IndexedDocument]]) -> int:
        """Index everything into a new versioned index, then point the alias at it and drop the old one."""
        new = self._create()
        try:
            n = sum(self._bulk(new, batch) for batch in batches)
            old = list(self.client.indices.get_alias(name=self.alias))
            self._swap(new, old)
            for name in old:
                self.client.indices.delete(index=name)
        except _ERRORS as exc:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise SearchUnavailable(f"Elasticsearch rebuild of {self.alias} failed: {exc}") from exc
        return n

    def delete(self, doc_ids: Iterable[int]) -> None:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in doc_ids)
        self._call(lambda: helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for"))

    def clear(self) -> None:
        self._call(lambda: self.client.delete_by_query(index=self.alias, query={"match_all": {}}, refresh=True,
                                                       conflicts="proceed"))

    def count(self) -> int:
        return self._call(lambda: self.client.count(index=self.alias)["count"])

    def search(self, query: str, *, filters=None, limit: int = 10, offset: int = 0, sort: str = "relevance",
               facets: bool = False, masked: bool = False) -> SearchResults:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORTS)}")
        parsed = parse_query(query)
        must = [_part(p, masked) for p in parsed.parts]
        body = {"query": {"bool": {"must": must, "filter": _filters(filters)}}, "size": limit, "from": offset,
                "track_total_hits": True, "_source": False}
        if sort == "date":
            body["sort"] = [{"decision_date": {"order": "desc", "missing": "_last"}}, "_score"]
        if facets:
            body["aggs"] = facet_request()
        answer = self._call(lambda: self.client.search(index=self.alias, **body))
        hits = [SearchHit(doc_id=int(h["_id"]), score=h["_score"] or 0.0) for h in answer["hits"]["hits"]]
        return SearchResults(total=answer["hits"]["total"]["value"], hits=hits, query_tokens=parsed.tokens,
                             facets=read_facets(answer.get("aggregations", {})))

    def candidates(self, tokens, *, limit: int = 100, exclude: int | None = None, filters=None,
                   masked: bool = False) -> list[SearchHit]:
        words = list(dict.fromkeys(tokens))
        if not words:
            return []
        text = TEXT_FIELDS[masked][1]
        query = {"bool": {"should": [{"term": {text: t}} for t in words], "minimum_should_match": 1,
                          "filter": _filters(filters),
                          "must_not": [{"ids": {"values": [str(exclude)]}}] if exclude is not None else []}}
        answer = self._call(lambda: self.client.search(index=self.alias, query=query, size=limit, _source=False))
        return [SearchHit(doc_id=int(h["_id"]), score=h["_score"]) for h in answer["hits"]["hits"]]

    def drop(self) -> None:
        """Remove the alias and every index behind it (the contract tests' clean-up)."""
        names = self._call(lambda: list(self.client.indices.get_alias(name=self.alias)))
        for name in names:
            self._call(lambda: self.client.indices.delete(index=name))

    def _bulk(self, index: str, documents: list[IndexedDocument]) -> int:
        if not documents:
            return 0
        actions = _actions(index, segmented(documents))
        ok, _ = self._call(lambda: helpers.bulk(self.client, actions, refresh="wait_for"))
        return ok

    def _create(self) -> str:
        name = f"{self.alias}-{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}"
        self.client.indices.create(index=name, settings=self.definition["settings"],
                                   mappings=self.definition["mappings"])
        return name

    def _swap(self, new: str, old: list[str] = ()) -> None:
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        self.client.indices.update_aliases(actions=[*actions, {"add": {"index": new, "alias": self.alias}}])

    def _call(self, work):
        try:
            return work()
        except _ERRORS as exc:
            raise SearchUnavailable(f"Elasticsearch index {self.alias} failed: {exc}") from exc


def _actions(index: str, documents: list[IndexedDocument]) -> Iterator[dict]:
    for d in documents:
        source = {"doc_id": d.doc_id, "title": d.title_tokens, "text": d.text_tokens,
                  "masked_title": d.masked_title_tokens, "masked_text": d.masked_text_tokens,
                  "grams": d.grams, "masked_grams": d.masked_grams,
                  "case_number": d.case_number, "decision_date": d.decision_date}
        source.update({name: values for name, values in d.keywords().items() if values})
        yield {"_op_type": "index", "_index": index, "_id": str(d.doc_id), "_source": source}


def _part(part: QueryPart, masked: bool) -> dict:
    """The part's words (in order if quoted), or the part verbatim, as the embedded engine matches and scores it."""
    fields, either = TEXT_FIELDS[masked], []
    if part.phrase and len(part.words) > 1:
        either.append(_either_field("match_phrase", " ".join(part.words), fields))
    elif part.words:
        either.append({"bool": {"must": [_either_field("term", w, fields) for w in part.words]}})
    if len(part.grams) == 1 and len(part.grams[0]) == 1:  # one character: the start of a bigram
        either.append({"prefix": {GRAM_FIELDS[masked]: {"value": part.grams[0], "boost": GRAM_BOOST}}})
    elif part.grams:
        either.append({"match_phrase": {GRAM_FIELDS[masked]: {"query": " ".join(part.grams), "boost": GRAM_BOOST}}})
    return {"bool": {"should": either, "minimum_should_match": 1}}


def _either_field(kind: str, value: str, fields: tuple[str, str]) -> dict:
    """The words in the text or the title (a title match weighs double), as the embedded engine scores them."""
    title, text = fields
    key = "query" if kind == "match_phrase" else "value"
    return {"bool": {"should": [{kind: {text: {key: value}}}, {kind: {title: {key: value, "boost": 2.0}}}],
                     "minimum_should_match": 1}}


def _filters(filters) -> list[dict]:
    return [{"terms": {name: [int(v) for v in values] if name == "year" else values}}
            for name, values in normalise_filters(filters).items()]
