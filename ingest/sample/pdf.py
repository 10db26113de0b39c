"""Chinese text as a PDF with a real text layer, written by hand (no PDF library can write CJK text without a font
file): a Type0 font on Adobe's standard STSong-Light with Identity-H codes, the code of a character being its UTF-16
unit, and a ToUnicode map saying so, which is what text extraction reads."""

from __future__ import annotations

LINES_PER_PAGE = 48
_FIXED = 6  # objects before the pages: catalog, page tree, font, CID font, ToUnicode map, font descriptor

_CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-UCS def "
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
)
_CMAP_TAIL = b"endcmap CMapName currentdict /CMap defineresource pop end end"
_BFCHAR_BLOCK = 100  # the most entries one bfchar block may hold


def _to_unicode(units: list[int]) -> bytes:
    """Each code used maps to the same UTF-16 unit (only the codes used: a reader parses the whole map per page)."""
    out = bytearray(_CMAP_HEAD)
    for i in range(0, len(units), _BFCHAR_BLOCK):
        block = units[i : i + _BFCHAR_BLOCK]
        out += b"%d beginbfchar\n" % len(block) + b"".join(b"<%04X> <%04X>\n" % (u, u) for u in block) + b"endbfchar\n"
    return bytes(out + _CMAP_TAIL)


def pdf_bytes(text: str) -> bytes:
    """A4 pages of the text's lines (no wrapping: generated lines are short); empty text gives one blank page, as a
    scan without OCR has."""
    lines = text.splitlines()
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    page_refs = b" ".join(b"%d 0 R" % (_FIXED + 1 + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (page_refs, len(pages)),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [4 0 R] "
        b"/ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>",
        _stream(_to_unicode(sorted({u for line in lines for u in _units(line)}))),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ]
    for i, page in enumerate(pages):
        shown = b"".join(b"<%s> Tj T*\n" % line.encode("utf-16-be").hex().upper().encode() for line in page)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
            b">> /Contents %d 0 R >>" % (_FIXED + 2 + 2 * i)
        )
        objects.append(_stream(b"BT /F1 11 Tf 15 TL 48 790 Td\n" + shown + b"ET"))
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _units(line: str) -> list[int]:
    data = line.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)
