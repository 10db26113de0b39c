"""PDF files: the text layer, page by page; a PDF without one (a scan) is quarantined."""

from __future__ import annotations

import io
from typing import Iterator

from pypdf import PdfReader

from ingest.sources import Origin, SourceError, SourceRecord


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise SourceError(origin.path, "encrypted PDF", origin.member)
    pages = [(page.extract_text() or "").strip() for page in reader.pages]
    text = "\n".join(p for p in pages if p)
    if not text:
        raise SourceError(origin.path, "no text layer (scanned?)", origin.member)
    yield SourceRecord(path=origin.path, member=origin.member, format="pdf", text=text)
