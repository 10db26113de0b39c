"""Word .docx files: paragraphs and table rows in document order.

Only the main document part is parsed (with lxml, as python-docx does): opening the whole package with python-docx
parses styles, numbering, settings and theme too, four times the work for the same text.
"""

from __future__ import annotations

import io
import zipfile
from typing import Iterator

from lxml import etree

from ingest.sources import Origin, SourceError, SourceRecord
from ingest.sources.archive import MAX_RATIO

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_NS = {"w": _W[1:-1]}
# Entities are never expanded and nothing is fetched: a document is data, not instructions.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
# Runs that carry a paragraph's visible text: plain, inside links, tracked insertions and content controls.
_RUNS = etree.XPath(
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:sdt/w:sdtContent/w:r", namespaces=_NS
)
_RUN_TEXT = {
    f"{_W}t": None,
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord]:
    body = _body(data, origin)
    text = "\n".join(line for line in _lines(body) if line.strip())
    if not text:
        raise SourceError(origin.path, "no text in the Word document", origin.member)
    yield SourceRecord(path=origin.path, member=origin.member, format="docx", text=text)


def _body(data: bytes, origin: Origin) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(_main_part(package))
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise SourceError(
                origin.path, f"docx body compressed {info.file_size // info.compress_size}:1 (zip bomb?)", origin.member
            )
        root = etree.fromstring(package.read(info), _PARSER)
    body = root.find(f"{_W}body")
    if body is None:
        raise SourceError(origin.path, "not a Word document: no body in the main part", origin.member)
    return body


def _main_part(package: zipfile.ZipFile) -> str:
    """The part the package relationships name as the document (almost always word/document.xml)."""
    try:
        rels = etree.fromstring(package.read("_rels/.rels"), _PARSER)
    except KeyError:
        return "word/document.xml"
    for rel in rels.iter(_RELS):
        if rel.get("Type") == _OFFICE_DOCUMENT:
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _lines(container: etree._Element) -> Iterator[str]:
    """Paragraphs as lines, table rows as tab-separated cells; content controls are read through."""
    for block in container:
        if block.tag == f"{_W}p":
            yield _paragraph(block)
        elif block.tag == f"{_W}tbl":
            for row in block.iterfind(f"{_W}tr"):
                yield "\t".join(
                    "\n".join(_paragraph(p) for p in cell.iterfind(f"{_W}p")) for cell in row.iterfind(f"{_W}tc")
                )
        elif block.tag == f"{_W}sdt":
            content = block.find(f"{_W}sdtContent")
            if content is not None:
                yield from _lines(content)


def _paragraph(p: etree._Element) -> str:
    parts = []
    for run in _RUNS(p):
        for child in run:
            if child.tag in _RUN_TEXT:
                parts.append(_RUN_TEXT[child.tag] or child.text or "")
    return "".join(parts)
