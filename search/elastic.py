"""Elasticsearch backend (the scale path), with the official client.

The index holds the same jieba tokens as the embedded engine (pre-segmented text, whitespace analyzer), so both
engines match the same words; settings and mappings are config/elasticsearch/index.json. The name users query is an
alias over a versioned index `{alias}-{20 digits}`: `rebuild` fills a new one and swaps the alias in one step, with
no downtime. The client's major version must be the cluster's (pyproject pins it); a mismatch is refused at start.
Errors name the hosts, never the URL as configured (it may carry a password).
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone
from typing import Iterable, Iterator, Sequence

import elasticsearch
from elastic_transport import ConnectionError as NoConnection
from elastic_transport import ConnectionTimeout, TlsError
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError, helpers

from config.settings import CONFIG_DIR
from search.base import (  # the limits both engines keep alike
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

INDEX_DEFINITION = CONFIG_DIR / "elasticsearch" / "index.json"
CLIENT_MAJOR = int(elasticsearch.__versionstr__.split(".")[0])
_ERRORS = (ApiError, TransportError, helpers.BulkIndexError)
# After hosts fail to answer, every call fails at once for this long instead of each waiting out the timeouts again.
DOWN_FOR_S = 30.0
_down: dict[tuple[str, ...], tuple[float, str]] = {}  # hosts → (monotonic time until, the failure)
_FIRST = "0" * 20  # the version of the index a new alias starts on: one fixed name, so that starts cannot race
# A rebuild fills its index without refreshes or replicas, and gives them back before the swap.
_BUILDING = {"refresh_interval": "-1", "number_of_replicas": 0}


class ElasticsearchBackend:
    # A bulk request the cluster refuses as too busy (429) is retried this often, waiting 1 s, 2 s, 4 s … (≤ 60 s).
    bulk_retries, first_backoff_s = 5, 1.0

    def __init__(self, hosts: str | Sequence[str], alias: str, **options):
        """hosts: scheme://host:port each, without credentials (Settings.es_hosts); options: the client's
        (api_key, basic_auth, ca_certs, request_timeout, max_retries)."""
        self.hosts = tuple([hosts] if isinstance(hosts, str) else hosts)
        self.alias = alias
        self.definition = json.loads(INDEX_DEFINITION.read_text(encoding="utf-8"))
        self._broken: str | None = None  # why the alias cannot be used until a rebuild, when startup found that
        self._fail_fast()
        try:
            self.client = Elasticsearch(list(self.hosts), retry_on_timeout=True, **options)
        except ValueError as exc:
            raise SearchUnavailable(f"Elasticsearch at {self._where()} cannot be used: {exc}") from None
        self._request(self._start, "cannot be used")

    @classmethod
    def from_settings(cls, settings, alias: str | None = None, **options) -> "ElasticsearchBackend":
        return cls(
            settings.es_hosts,
            alias or settings.es_index,
            **{
                "api_key": settings.es_api_key or None,
                "basic_auth": settings.es_basic_auth,
                "ca_certs": settings.es_ca_certs or None,
                "request_timeout": settings.es_timeout,
                "max_retries": settings.es_retries,
                **options,
            },
        )

    def index(self, documents: Iterable[IndexedDocument]) -> int:
        return self._bulk(self.alias, list(documents))

    def rebuild(self, batches: Iterable[list[IndexedDocument]]) -> int:
        """Fill a new versioned index while the live one keeps answering searches (writes to it are refused, visibly,
        so that none is lost at the swap), check the new one holds every document, point the alias at it in one step,
        then delete the older indices — never the one the alias points to. A failure at any step leaves the alias on
        the complete index it was on, and removes the new one (or, when the cluster cannot be reached to do so, the
        next rebuild does)."""
        live = self._request(self._live)
        new = self._request(self._create, "could not create an index")
        swapping = False
        try:
            self._request(lambda: self._block_writes(live, True), "could not pause writes")
            n = sum(self._bulk(new, batch, building=True) for batch in batches)
            self._request(lambda: self._ready(new, n), "could not finish the new index")
            swapping = True
            self._request(lambda: self._swap(new, live), "could not switch the alias")
        except BaseException:
            if not (swapping and self._swapped(new)):
                self._abandon(new, live, swapped_maybe=swapping)
                raise
        self._broken = None
        self._sweep(new)
        return n

    def delete(self, doc_ids: Iterable[int]) -> None:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in doc_ids)
        self._call(lambda: self._write(actions, missing_ok=True))

    def clear(self) -> None:
        self._call(
            lambda: self.client.delete_by_query(
                index=self.alias, query={"match_all": {}}, refresh=True, conflicts="proceed"
            )
        )

    def count(self) -> int:
        return self._call(lambda: self.client.count(index=self.alias)["count"])

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
        must = [_part(p, masked) for p in parsed.parts]
        body = {
            "query": {"bool": {"must": must, "filter": _filters(filters)}},
            "size": limit,
            "from": offset,
            "track_total_hits": True,
            "_source": False,
        }
        check_bounds(parsed, limit, offset)
        if sort == "date":
            body["sort"] = [{"decision_date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"}]
        if facets:
            body["aggs"] = facet_request()
        answer = self._call(lambda: self.client.search(index=self.alias, **body))
        hits = [SearchHit(doc_id=int(h["_id"]), score=h["_score"] or 0.0) for h in answer["hits"]["hits"]]
        return SearchResults(
            total=answer["hits"]["total"]["value"],
            hits=hits,
            query_tokens=parsed.tokens,
            facets=read_facets(answer.get("aggregations", {})),
        )

    def candidates(
        self, tokens, *, limit: int = 100, exclude: int | None = None, filters=None, masked: bool = False
    ) -> list[SearchHit]:
        words = candidate_words(tokens)
        if not words:
            return []
        text = TEXT_FIELDS[masked][1]
        query = {
            "bool": {
                "should": [{"term": {text: t}} for t in words],
                "minimum_should_match": 1,
                "filter": _filters(filters),
                "must_not": [{"ids": {"values": [str(exclude)]}}] if exclude is not None else [],
            }
        }
        answer = self._call(lambda: self.client.search(index=self.alias, query=query, size=limit, _source=False))
        return [SearchHit(doc_id=int(h["_id"]), score=h["_score"]) for h in answer["hits"]["hits"]]

    def drop(self) -> None:
        """Remove the alias and every index behind it (the contract tests' clean-up)."""
        names = self._request(self._live)
        if names:
            self._request(lambda: self.client.indices.delete(index=",".join(names)))

    def _start(self) -> None:
        """Check the cluster's version, and put the alias on a first index unless it has one. The first index has a
        fixed name and takes the alias in the request that creates it: of processes starting together one creates
        it, the others find it; a start that fails leaves nothing behind to retry over."""
        self._check_version()
        if self.client.indices.exists_alias(name=self.alias):
            return
        try:
            self.client.indices.create(
                index=self._version(_FIRST),
                aliases={self.alias: {}},
                settings=self.definition["settings"],
                mappings=self.definition["mappings"],
            )
        except BadRequestError as exc:  # another process won, or the name is taken by something that is no alias
            if _error_type(exc) not in ("resource_already_exists_exception", "invalid_alias_name_exception"):
                raise
        if not self.client.indices.exists_alias(name=self.alias):
            self._broken = (
                f"Elasticsearch at {self._where()}: {self.alias} is not an alias over caishen's indices "
                f"(an index of that name, or an alias removed by hand); `caishen reindex` rebuilds it"
            )

    def _check_version(self) -> None:
        """The cluster's version, asked without the client's compatibility header (a cluster of another major
        version refuses every request carrying it, with no reason given to a HEAD request)."""
        number = self.client.perform_request("GET", "/", headers={"accept": "*/*"})["version"]["number"]
        if int(number.split(".")[0]) != CLIENT_MAJOR:
            raise SearchUnavailable(
                f"Elasticsearch at {self._where()} is version {number}, but caishen's client (elasticsearch-py "
                f"{elasticsearch.__versionstr__}) speaks only to {CLIENT_MAJOR}.x clusters: use a {CLIENT_MAJOR}.x "
                f"cluster (README: supported versions)"
            )

    def _bulk(self, index: str, documents: list[IndexedDocument], building: bool = False) -> int:
        if not documents:
            return 0
        actions = _actions(index, segmented(documents))
        return (self._request if building else self._call)(lambda: self._write(actions, building=building))

    def _write(self, actions: Iterable[dict], building: bool = False, missing_ok: bool = False) -> int:
        """Write to the alias (require_alias: never to an index auto-created under its name), or fill a new index
        (no refresh per request). Documents the cluster refuses as too busy (429) are sent again with backoff (the
        bulk helper does that only when it does not raise on errors itself); any other refusal raises."""
        ok, errors = helpers.bulk(
            self.client,
            actions,
            raise_on_error=False,
            require_alias=not building,
            refresh="false" if building else "wait_for",
            max_retries=self.bulk_retries,
            initial_backoff=self.first_backoff_s,
            max_backoff=60,
        )
        errors = [e for e in errors if not (missing_ok and _not_found(next(iter(e.values()))))]
        if errors:
            raise helpers.BulkIndexError(f"{len(errors)} document(s) failed to index.", errors)
        return ok

    def _version(self, stamp: str) -> str:
        return f"{self.alias}-{stamp}"

    def _create(self) -> str:
        name = self._version(f"{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}")
        self.client.indices.create(
            index=name, settings={**self.definition["settings"], **_BUILDING}, mappings=self.definition["mappings"]
        )
        return name

    def _live(self) -> list[str]:
        """The indices the alias points to (none when it is missing)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _block_writes(self, indices: list[str], block: bool) -> None:
        if indices:
            self.client.indices.put_settings(
                index=",".join(indices), settings={"index.blocks.write": block or None}, ignore_unavailable=True
            )

    def _ready(self, new: str, expected: int) -> None:
        """The new index with refreshes and replicas back, searchable, and holding every document written to it."""
        replicas = self.definition["settings"].get("number_of_replicas")
        self.client.indices.put_settings(index=new, settings={"refresh_interval": None, "number_of_replicas": replicas})
        self.client.indices.refresh(index=new)
        if self.client.indices.get_mapping(index=new)[new]["mappings"].get("dynamic") != "strict":
            raise SearchUnavailable(
                f"Elasticsearch at {self._where()}: the new index {new} was removed while it was "
                f"filled (another rebuild at the same time?); the alias stays where it was"
            )
        held = self.client.count(index=new)["count"]
        if held != expected:
            raise SearchUnavailable(
                f"Elasticsearch at {self._where()}: the new index {new} holds {held} documents of "
                f"{expected} written; the alias stays where it was"
            )

    def _swap(self, new: str, live: list[str]) -> None:
        """One atomic request. Removing each live index with must_exist fails the whole request if another process
        moved the alias meanwhile; an index that took the alias's name (written to before require_alias) goes."""
        actions = [{"remove": {"index": o, "alias": self.alias, "must_exist": True}} for o in live]
        if not live and self.client.indices.exists(index=self.alias):
            actions.append({"remove_index": {"index": self.alias}})
        self.client.indices.update_aliases(actions=[*actions, {"add": {"index": new, "alias": self.alias}}])

    def _swapped(self, new: str) -> bool:
        """Whether a swap whose answer was lost took effect after all."""
        try:
            return self._live() == [new]
        except _ERRORS:
            return False

    def _abandon(self, new: str, live: list[str], swapped_maybe: bool) -> None:
        """After a failed rebuild: writes to the live index resume and the new index goes — unless the swap was
        sent, which may yet take effect: then the new index stays for the next rebuild to remove. Best effort: what
        a cluster that cannot be reached keeps, the next rebuild removes."""
        _quietly(lambda: self._block_writes(live, False))
        if not swapped_maybe:
            _quietly(lambda: self.client.indices.delete(index=new, ignore_unavailable=True))

    def _sweep(self, live: str) -> None:
        """Delete every versioned index older than the live one and not under the alias: those it replaced, and
        those failed rebuilds left. A newer one may be another process's rebuild in progress. Best effort: a failure
        leaves them for the next rebuild."""
        pattern = re.compile(re.escape(self.alias) + r"-\d{20}")
        indices = _quietly(lambda: self.client.indices.get_alias(index=self._version("*"))) or {}
        old = [
            name
            for name, held in indices.items()
            if pattern.fullmatch(name) and name < live and self.alias not in held.get("aliases", {})
        ]
        if old:
            _quietly(lambda: self.client.indices.delete(index=",".join(sorted(old))))

    def _call(self, work, doing: str = "failed"):
        """A request through the alias, refused while startup found the alias unusable."""
        if self._broken:
            raise SearchUnavailable(self._broken)
        return self._request(work, doing)

    def _request(self, work, doing: str = "failed"):
        """Run a request; a client error becomes SearchUnavailable naming the hosts. Hosts that did not answer are
        not asked again for DOWN_FOR_S."""
        self._fail_fast()
        try:
            return work()
        except (NoConnection, ConnectionTimeout) as exc:
            message = f"Elasticsearch at {self._where()} {doing}: {_reason(exc)}"
            _down[self.hosts] = (time.monotonic() + DOWN_FOR_S, message)
            raise SearchUnavailable(message) from None
        except _ERRORS as exc:
            message = f"Elasticsearch at {self._where()} {doing} ({self.alias}): {_reason(exc)}"
            raise SearchUnavailable(message) from None

    def _fail_fast(self) -> None:
        until, message = _down.get(self.hosts, (0.0, ""))
        if time.monotonic() < until:
            raise SearchUnavailable(f"{message} (not asked again for {DOWN_FOR_S:.0f} s)")

    def _where(self) -> str:
        return ", ".join(self.hosts)


def _quietly(work):
    """A clean-up step that may fail: what it leaves, the next rebuild removes."""
    try:
        return work()
    except _ERRORS:
        return None


def _not_found(item: dict) -> bool:
    """A delete of a document the index does not hold (not the index missing: that is an error)."""
    return item.get("status") == 404 and "error" not in item


def _error_type(exc: ApiError) -> str | None:
    error = exc.body.get("error") if isinstance(exc.body, dict) else None
    return error.get("type") if isinstance(error, dict) else None


def _reason(exc: Exception) -> str:
    """What went wrong, from the error's kind and the cluster's reason, never from the request (whose URL and
    headers carry credentials)."""
    if isinstance(exc, ConnectionTimeout):
        return "no answer within the timeout (CAISHEN_ES_TIMEOUT)"
    if isinstance(exc, TlsError):
        return "TLS failed (is CAISHEN_ES_CA_CERTS the cluster's CA certificate?)"
    if isinstance(exc, NoConnection):
        return "cannot connect"
    if isinstance(exc, helpers.BulkIndexError):
        first = next(iter(exc.errors[0].values()), {}) if exc.errors else {}
        error = first.get("error") or {}
        if isinstance(error, dict) and error.get("type") == "cluster_block_exception":
            return (
                "writes are paused while `caishen reindex` rebuilds the index (if no rebuild is running, one was "
                "interrupted: run `caishen reindex`)"
            )
        kind = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(error)
        return f"{len(exc.errors)} documents refused, the first: {kind}"
    if isinstance(exc, ApiError):
        if exc.status_code == 401:
            return "authentication failed (CAISHEN_ES_API_KEY, or CAISHEN_ES_USERNAME and CAISHEN_ES_PASSWORD)"
        error = exc.body.get("error") if isinstance(exc.body, dict) else None
        detail = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else exc.message
        return f"HTTP {exc.status_code} {detail}"
    return type(exc).__name__


def _actions(index: str, documents: list[IndexedDocument]) -> Iterator[dict]:
    for d in documents:
        source = {
            "doc_id": d.doc_id,
            "title": d.title_tokens,
            "text": d.text_tokens,
            "masked_title": d.masked_title_tokens,
            "masked_text": d.masked_text_tokens,
            "grams": d.grams,
            "masked_grams": d.masked_grams,
            "case_number": d.case_number,
            "decision_date": d.decision_date,
        }
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
    return {
        "bool": {
            "should": [{kind: {text: {key: value}}}, {kind: {title: {key: value, "boost": 2.0}}}],
            "minimum_should_match": 1,
        }
    }


def _filters(filters) -> list[dict]:
    return [
        {"terms": {name: [int(v) for v in values] if name == "year" else values}}
        for name, values in normalise_filters(filters).items()
    ]
