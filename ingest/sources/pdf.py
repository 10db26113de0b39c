"""PDF files: the text layer, page by page; a PDF without one (a scan) is quarantined."""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager
from typing import Iterator

from pypdf import PdfReader

from ingest.sources import Origin, SourceError, SourceRecord


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise SourceError(origin.path, "encrypted PDF", origin.member)
    with _font_map_damage() as damage:
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    if damage:
        raise SourceError(
            origin.path, f"damaged font map, the text read would be wrong ({damage[0][:120]})", origin.member
        )
    text = "\n".join(p for p in pages if p)
    if not text:
        raise SourceError(origin.path, "no text layer (scanned?)", origin.member)
    yield SourceRecord(path=origin.path, member=origin.member, format="pdf", text=text)


class _Collected(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _font_map_damage() -> Iterator[list[str]]:
    """What pypdf skipped while reading ToUnicode maps: characters of a damaged map come out as other characters
    (a wrong name, a wrong amount), which is worse than a file held back for a person to look at."""
    collected = _Collected()
    logger = logging.getLogger("pypdf._cmap")
    logger.addHandler(collected)
    try:
        yield collected.messages
    finally:
        logger.removeHandler(collected)
