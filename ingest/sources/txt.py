"""Plain text in UTF-8 (with or without BOM), GB18030/GBK or UTF-16."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ingest.sources import SourceError, SourceRecord
from ingest.sources.decode import decode


def read(path: Path) -> Iterator[SourceRecord]:
    text, encoding = decode(path.read_bytes(), path)
    if not text.strip():
        raise SourceError(path, "no text (only whitespace)")
    yield SourceRecord(path=str(path), format="txt", text=text, encoding=encoding)
