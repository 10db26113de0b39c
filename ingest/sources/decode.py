"""Bytes to text: BOMs, UTF-8, GB18030, then charset detection; binary junk is refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ingest.sources import Origin, SourceError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Text whose share of control characters exceeds this is binary data with a text name.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(data: bytes, origin: Origin) -> tuple[str, str]:
    """(text, encoding name) or SourceError naming the file."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="strict"), enc, origin)
    if b"\x00" in data:  # no text encoding caishen reads has NUL bytes, except UTF-16 without its BOM
        try:
            text, enc = _checked(data.decode("utf-16-le"), "utf-16-le", origin)
            if _plausible(text):
                return text, enc
        except (UnicodeDecodeError, SourceError):
            pass
        raise SourceError(origin.path, "binary content, not text (NUL bytes)", origin.member)
    try:
        return _checked(data.decode("utf-8"), "utf-8", origin)
    except UnicodeDecodeError:
        pass
    try:
        return _checked(*_utf8_or_gb18030_lines(data), origin)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or not _plausible(str(best)):  # detection always guesses something, even for random bytes
        raise SourceError(
            origin.path, "undecodable text: not UTF-8, UTF-16 or GB18030, and no encoding detected", origin.member
        )
    return _checked(str(best), best.encoding, origin)


def _utf8_or_gb18030_lines(data: bytes) -> tuple[str, str]:
    """GB18030 text, or a file pieced together from UTF-8 and GB18030 parts (each line decoded as the UTF-8 it is,
    else as GB18030): decoding the whole as GB18030 would turn the UTF-8 part into plausible-looking mojibake."""
    lines, mixed = [], False
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
            mixed = mixed or not line.isascii()
        except UnicodeDecodeError:
            lines.append(line.decode("gb18030"))
    return "\n".join(lines), "utf-8+gb18030" if mixed else "gb18030"


# Characters Chinese legal text is made of: ASCII, CJK ideographs and punctuation, full-width forms.
_COMMON = ((0x20, 0x7E), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2010, 0x206F), (0xB7, 0xD7))
_MIN_COMMON_SHARE = 0.95


def _plausible(text: str) -> bool:
    """Whether a guessed decoding reads as text (bytes decoded as UTF-16 by mistake give rare code points)."""
    chars = [ord(ch) for ch in text if not ch.isspace()]
    common = sum(any(lo <= c <= hi for lo, hi in _COMMON) for c in chars)
    return bool(chars) and common >= _MIN_COMMON_SHARE * len(chars)


def _checked(text: str, encoding: str, origin: Origin) -> tuple[str, str]:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > _MAX_CONTROL_SHARE * max(len(text), 1):
        raise SourceError(origin.path, f"binary content, not text ({control} control characters)", origin.member)
    # The few left are noise (and PostgreSQL cannot store NUL in text).
    return (_CONTROL.sub("", text) if control else text), encoding
