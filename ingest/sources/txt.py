"""Plain text in UTF-8 (with or without BOM), GB18030/GBK or UTF-16."""

from __future__ import annotations

from typing import Iterator

from ingest.sources import Origin, SourceError, SourceRecord
from ingest.sources.decode import decode


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord]:
    text, encoding = decode(data, origin)
    if not text.strip():
        raise SourceError(origin.path, "no text (only whitespace)", origin.member)
    yield SourceRecord(path=origin.path, member=origin.member, format="txt", text=text, encoding=encoding)
