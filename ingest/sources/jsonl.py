"""JSON Lines (or one JSON array): records with a "text" field and optional metadata; bad lines quarantined alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ingest.sources import SourceError, SourceRecord
from ingest.sources.decode import decode

TEXT_FIELD = "text"


def read(path: Path) -> Iterator[SourceRecord | SourceError]:
    content, encoding = decode(path.read_bytes(), path)
    stripped = content.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise SourceError(path, f"invalid JSON: {exc}") from None
        numbered = ((f"item {i}", row) for i, row in enumerate(rows, 1))
    else:
        numbered = _lines(content, path)
    for member, row in numbered:
        if isinstance(row, SourceError):
            yield row
        elif not isinstance(row, dict):
            yield SourceError(path, "record is not a JSON object", member)
        elif not isinstance(row.get(TEXT_FIELD), str) or not row[TEXT_FIELD].strip():
            yield SourceError(path, f'record has no "{TEXT_FIELD}" field', member)
        else:
            meta = {k: v for k, v in row.items() if k != TEXT_FIELD}
            yield SourceRecord(path=str(path), format="jsonl", text=row[TEXT_FIELD], member=member,
                               encoding=encoding, metadata=meta)


def _lines(content: str, path: Path):
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"line {n}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {n}", SourceError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", f"line {n}")
