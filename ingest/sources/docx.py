"""Word .docx files: paragraphs and table rows in document order."""

from __future__ import annotations

import io
from typing import Iterator

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.sources import Origin, SourceError, SourceRecord


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord]:
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
    text = "\n".join(line for line in lines if line.strip())
    if not text:
        raise SourceError(origin.path, "no text in the Word document", origin.member)
    yield SourceRecord(path=origin.path, member=origin.member, format="docx", text=text)
