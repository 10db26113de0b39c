"""HTML pages: visible text only, with block elements as line breaks; scripts and styles dropped."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Iterator

from ingest.sources import Origin, SourceError, SourceRecord
from ingest.sources.decode import decode

_SKIP = {"script", "style", "noscript", "template", "head"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title", "table"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def read(data: bytes, origin: Origin) -> Iterator[SourceRecord]:
    markup, encoding = decode(data, origin)
    text = html_to_text(markup)
    if not text:
        raise SourceError(origin.path, "no visible text in HTML", origin.member)
    yield SourceRecord(path=origin.path, member=origin.member, format="html", text=text, encoding=encoding)
