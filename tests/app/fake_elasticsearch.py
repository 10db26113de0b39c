"""An in-memory Elasticsearch cluster behind the real client: a transport node (elastic_transport's BaseNode) that
answers the HTTP requests elasticsearch-py sends for the index-management and bulk APIs caishen uses, as a cluster
of the given version answers them, and fails any one of them on request.

The client stays the real one (its URL building, NDJSON bulk bodies, compatibility headers, status → exception
mapping, retries, bulk helpers); only the wire is replaced. What the node emulates, from the Elasticsearch
reference: aliases (atomic `_aliases` actions with must_exist and remove_index; writes through an alias to its one
index; `require_alias`), creation with aliases in one request, `resource_already_exists_exception`,
`invalid_alias_name_exception`, the write block (`cluster_block_exception` per bulk item, 403), refresh (documents
written with refresh_interval -1 count only after a refresh), auto-creation of a missing index by a bulk write, and
the refusal of a client of another major version (400, no body for HEAD). Search is not emulated: the contract suite
runs that against a real cluster (ES_URL).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, ConnectionError, ConnectionTimeout, HttpHeaders
from elastic_transport._node._base import NodeApiResponse

FAULTS = ("timeout", "late_timeout", "refused", "error")  # late_timeout: the cluster did it, the answer was lost


@dataclass
class Index:
    aliases: set[str] = field(default_factory=set)
    settings: dict = field(default_factory=dict)
    docs: dict[str, dict] = field(default_factory=dict)  # searchable
    pending: dict[str, dict | None] = field(default_factory=dict)  # written, awaiting a refresh (None: deleted)
    mappings: dict = field(default_factory=dict)  # empty: auto-created by a write, mapped dynamically

    def refresh(self) -> None:
        for _id, source in self.pending.items():
            if source is None:
                self.docs.pop(_id, None)
            else:
                self.docs[_id] = source
        self.pending.clear()


class FakeCluster:
    def __init__(self, version: str = "9.1.0"):
        self.version = version
        self.indices: dict[str, Index] = {}
        self.calls: list[str] = []  # every request's endpoint, in order
        self.headers: list[HttpHeaders] = []  # and its headers
        self.faults: dict[int, str] = {}  # request number (0-based) → fault
        self.before: dict[int, Callable[[], None]] = {}  # request number → run this first (another process)
        self.reject_items: dict[int, int] = {}  # bulk request number → items to answer 429
        self.check: Callable[[FakeCluster], None] = lambda cluster: None  # an invariant, after every request
        self.authorization: str | None = None  # when set, the Authorization header every request must carry

    def node_class(self) -> type[BaseNode]:
        return type("FakeNode", (FakeNode,), {"cluster": self})

    # What a test inspects.
    def alias_targets(self, alias: str) -> list[str]:
        return sorted(name for name, index in self.indices.items() if alias in index.aliases)

    def ids(self, name: str) -> set[str]:
        return set(self.indices[name].docs)

    # The request handling.
    def handle(self, method: str, target: str, body: bytes | None, headers: HttpHeaders) -> tuple[int, object]:
        n = len(self.calls)
        path, query = urlsplit(target).path, {k: v[-1] for k, v in parse_qs(urlsplit(target).query).items()}
        parts = [unquote(p) for p in path.strip("/").split("/") if p]
        endpoint = _endpoint(method, parts)
        self.calls.append(endpoint)
        self.headers.append(headers)
        if n in self.before:
            self.before.pop(n)()
        fault = self.faults.get(n)
        if fault == "timeout":
            raise ConnectionTimeout("Connection timed out")
        if fault == "refused":
            raise ConnectionError("Connection refused")
        if fault == "error":
            return 500, _error(500, "internal_server_error", "injected")
        if self.authorization and headers.get("authorization") != self.authorization:
            return 401, _error(401, "security_exception", "unable to authenticate user [elastic] for REST request [/]")
        refused = self._refuses_client(headers)
        if refused:
            return refused
        try:
            answer = getattr(self, "_" + endpoint)(parts, query, _decode(body, endpoint))
        finally:
            self.check(self)
        if fault == "late_timeout":
            raise ConnectionTimeout("Connection timed out")
        return answer

    def _refuses_client(self, headers: HttpHeaders):
        major = self.version.split(".")[0]
        for name in ("accept", "content-type"):
            m = re.search(r"compatible-with=(\d+)", headers.get(name, ""))
            if m and m.group(1) not in (major, str(int(major) - 1)):
                return 400, _error(
                    400,
                    "media_type_header_exception",
                    f"Accept version must be either version {major} or {int(major) - 1}, but found {m.group(1)}",
                )
        return None

    def _names(self, expression: str, *, ignore_unavailable: bool = False) -> list[str]:
        out = []
        for part in expression.split(","):
            if "*" in part:
                out += [name for name in self.indices if fnmatchcase(name, part)]
            elif part in self.indices:
                out.append(part)
            elif self.alias_targets(part):
                out += self.alias_targets(part)
            elif not ignore_unavailable:
                raise _Answer(404, _error(404, "index_not_found_exception", f"no such index [{part}]"))
        return sorted(set(out))

    def _info(self, parts, query, body):
        return 200, {
            "name": "fake",
            "cluster_name": "fake",
            "version": {"number": self.version},
            "tagline": "You Know, for Search",
        }

    def _exists_alias(self, parts, query, body):
        return (200 if self.alias_targets(parts[1]) else 404), None

    def _get_alias(self, parts, query, body):
        if parts[0] == "_alias":  # GET /_alias/{name}
            targets = self.alias_targets(parts[1])
            if not targets:
                return 404, {"error": f"alias [{parts[1]}] missing", "status": 404}
            return 200, {name: {"aliases": {parts[1]: {}}} for name in targets}
        return 200, {
            name: {"aliases": {a: {} for a in self.indices[name].aliases}}  # GET /{indices}/_alias
            for name in self._names(parts[0], ignore_unavailable=True)
        }

    def _exists(self, parts, query, body):
        return (200 if parts[0] in self.indices or self.alias_targets(parts[0]) else 404), None

    def _create(self, parts, query, body):
        name = parts[0]
        if name in self.indices or self.alias_targets(name):
            return 400, _error(400, "resource_already_exists_exception", f"index [{name}] already exists")
        for alias in (body or {}).get("aliases", {}):
            if alias in self.indices:
                return 400, _error(
                    400,
                    "invalid_alias_name_exception",
                    f"Invalid alias name [{alias}]: an index or data stream exists with the same name",
                )
        self.indices[name] = Index(
            aliases=set((body or {}).get("aliases", {})),
            settings=dict((body or {}).get("settings", {})),
            mappings=dict((body or {}).get("mappings", {})),
        )
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def _delete(self, parts, query, body):
        for part in parts[0].split(","):
            if self.alias_targets(part) and part not in self.indices:
                return 400, _error(
                    400,
                    "illegal_argument_exception",
                    f"The provided expression [{part}] matches an alias, specify the corresponding "
                    f"concrete indices instead.",
                )
        for name in self._names(parts[0], ignore_unavailable=query.get("ignore_unavailable") == "true"):
            del self.indices[name]
        return 200, {"acknowledged": True}

    def _get_mapping(self, parts, query, body):
        return 200, {name: {"mappings": self.indices[name].mappings} for name in self._names(parts[0])}

    def _put_settings(self, parts, query, body):
        flat = _flatten(body)
        for name in self._names(parts[0], ignore_unavailable=query.get("ignore_unavailable") == "true"):
            for key, value in flat.items():
                self.indices[name].settings[key.removeprefix("index.")] = value
        return 200, {"acknowledged": True}

    def _refresh(self, parts, query, body):
        for name in self._names(parts[0]):
            self.indices[name].refresh()
        return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}

    def _count(self, parts, query, body):
        return 200, {"count": sum(len(self.indices[n].docs) for n in self._names(parts[0]))}

    def _update_aliases(self, parts, query, body):
        planned = {name: set(index.aliases) for name, index in self.indices.items()}
        for action in body["actions"]:
            ((kind, spec),) = action.items()
            if kind == "remove_index":
                if spec["index"] not in planned:
                    return 404, _error(404, "index_not_found_exception", f"no such index [{spec['index']}]")
                del planned[spec["index"]]
                continue
            index, alias = spec["index"], spec["alias"]
            if index not in planned:
                return 404, _error(404, "index_not_found_exception", f"no such index [{index}]")
            if kind == "add":
                if alias in planned:
                    return 400, _error(
                        400,
                        "invalid_alias_name_exception",
                        f"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias",
                    )
                planned[index].add(alias)
            elif kind == "remove":
                if alias not in planned[index] and spec.get("must_exist"):
                    return 404, _error(404, "aliases_not_found_exception", f"aliases [{alias}] missing")
                planned[index].discard(alias)
        for name in list(self.indices):
            if name not in planned:
                del self.indices[name]
            else:
                self.indices[name].aliases = planned[name]
        return 200, {"acknowledged": True}

    def _bulk(self, parts, query, body):
        n = len(self.calls) - 1
        reject = self.reject_items.pop(n, 0)
        items, touched = [], set()
        for action, source in body:
            ((op, meta),) = action.items()
            item = {"_index": meta["_index"], "_id": meta["_id"]}
            status, error = self._bulk_item(op, meta, source, query, touched, reject > 0)
            reject -= 1
            item["status"] = status
            if error:
                item["error"] = error
            items.append({op: item})
        if query.get("refresh") in ("true", "wait_for", ""):
            for name in touched:
                self.indices[name].refresh()
        return 200, {"took": 1, "errors": any("error" in next(iter(i.values())) for i in items), "items": items}

    def _bulk_item(self, op, meta, source, query, touched, reject):
        target = meta["_index"]
        if reject:
            return 429, {"type": "es_rejected_execution_exception", "reason": "rejected execution (queue full)"}
        targets = self.alias_targets(target)
        if query.get("require_alias") == "true" and not targets:
            return 404, {
                "type": "index_not_found_exception",
                "reason": f"no such index [{target}] and [require_alias] request flag is [true] and "
                f"[{target}] is not an alias",
            }
        if len(targets) > 1:
            return 400, {
                "type": "illegal_argument_exception",
                "reason": f"no write index is defined for alias [{target}]",
            }
        name = targets[0] if targets else target
        if name not in self.indices:
            if op == "delete":
                return 404, {"type": "index_not_found_exception", "reason": f"no such index [{name}]"}
            self.indices[name] = Index()  # what a write to a missing name does
        index = self.indices[name]
        if index.settings.get("blocks.write") in (True, "true"):
            return 403, {
                "type": "cluster_block_exception",
                "reason": f"index [{name}] blocked by: [FORBIDDEN/8/index write (api)];",
            }
        touched.add(name)
        if op == "delete":
            found = meta["_id"] in index.docs or index.pending.get(meta["_id"]) is not None
            index.pending[meta["_id"]] = None
        else:
            found = False
            index.pending[meta["_id"]] = source
        if index.settings.get("refresh_interval") != "-1":
            index.refresh()  # a periodic refresh, as good as immediate here
        return (200 if found else 404) if op == "delete" else 201, None


class FakeNode(BaseNode):
    cluster: FakeCluster
    _CLIENT_META_HTTP_CLIENT = ("fk", "1")

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None) -> NodeApiResponse:
        try:
            status, answer = self.cluster.handle(method, target, body, headers or HttpHeaders())
        except _Answer as a:
            status, answer = a.status, a.body
        data = b"" if answer is None or method == "HEAD" else json.dumps(answer).encode()
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            duration=0.0,
            node=self.config,
            headers=HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
        )
        return NodeApiResponse(meta, data)


class _Answer(Exception):
    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body


def _endpoint(method: str, parts: list[str]) -> str:
    if not parts:
        return "info"
    if parts[0] == "_alias" and method == "HEAD":
        return "exists_alias"
    if "_alias" in parts:
        return "get_alias"
    if parts == ["_aliases"]:
        return "update_aliases"
    if parts[-1] == "_bulk":
        return "bulk"
    if parts[-1] in ("_settings", "_refresh", "_count", "_mapping"):
        return {"_settings": "put_settings", "_refresh": "refresh", "_count": "count", "_mapping": "get_mapping"}[
            parts[-1]
        ]
    return {"HEAD": "exists", "PUT": "create", "DELETE": "delete"}[method]


def _decode(body: bytes | None, endpoint: str):
    if not body:
        return None
    if endpoint != "bulk":
        return json.loads(body)
    lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
    out, i = [], 0
    while i < len(lines):
        op = next(iter(lines[i]))
        out.append((lines[i], None if op == "delete" else lines[i + 1]))
        i += 1 if op == "delete" else 2
    return out


def _flatten(settings: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in settings.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _error(status: int, kind: str, reason: str) -> dict:
    return {
        "error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
        "status": status,
    }
