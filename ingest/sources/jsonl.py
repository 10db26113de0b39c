"""JSON Lines (or one JSON array): records with a "text" field and optional metadata; bad lines quarantined alone."""

from __future__ import annotations

import json
from typing import Iterator

from ingest.sources import Origin, SourceError, SourceRecord
from ingest.sources.decode import decode
from ingest.sources.table import record_from_row


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord | SourceError]:
    content, encoding = decode(data, origin)
    stripped = content.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise SourceError(origin.path, f"invalid JSON: {exc}", origin.member) from None
        numbered = ((origin.within(f"item {i}"), row) for i, row in enumerate(rows, 1))
    else:
        numbered = _lines(content, origin)
    for member, row in numbered:
        if isinstance(row, SourceError):
            yield row
        elif not isinstance(row, dict):
            yield SourceError(origin.path, "record is not a JSON object", member)
        else:
            yield record_from_row(row, origin.path, member, "jsonl", encoding)


def _lines(content: str, origin: Origin):
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        member = origin.within(f"line {n}")
        try:
            yield member, json.loads(line)
        except json.JSONDecodeError as exc:
            yield member, SourceError(origin.path, f"invalid JSON: {exc.msg} (column {exc.colno})", member)
