"""Highlighted snippets computed from the stored text, the same whichever engine found the document."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from nlp.text import simplified


@dataclass(frozen=True)
class Snippet:
    text: str
    start: int  # offset of the snippet in the document
    marks: list[tuple[int, int]]  # spans of matched terms, relative to the snippet

    def html(self) -> str:
        """The snippet HTML-escaped, with matched terms in <mark>."""
        out, pos = [], 0
        for s, e in self.marks:
            out.append(escape(self.text[pos:s]))
            out.append(f"<mark>{escape(self.text[s:e])}</mark>")
            pos = e
        out.append(escape(self.text[pos:]))
        return "".join(out)


def snippets(text: str, terms: list[str], *, width: int = 120, limit: int = 3) -> list[Snippet]:
    """Up to `limit` non-overlapping windows of the text with the most distinct query terms, best first."""
    positions = _term_positions(text, terms)
    if not positions:
        return []
    windows = []
    for anchor, _ in positions:
        start = max(0, anchor - width // 4)
        end = min(len(text), start + width)
        inside = [(s, e) for s, e in positions if s >= start and e <= end]
        distinct = len({text[s:e].lower() for s, e in inside})
        windows.append((-distinct, -len(inside), start, end, inside))
    windows.sort()
    chosen: list[Snippet] = []
    for _, _, start, end, inside in windows:
        if len(chosen) == limit:
            break
        if any(start < c.start + len(c.text) and c.start < end for c in chosen):
            continue
        chosen.append(Snippet(text=text[start:end], start=start, marks=[(s - start, e - start) for s, e in inside]))
    return chosen


def _term_positions(text: str, terms: list[str]) -> list[tuple[int, int]]:
    lowered = simplified(text).lower()  # as the index reads it: a traditional 駁回 is where 驳回 was found
    spans = []
    for term in sorted(set(t.lower() for t in terms if t.strip()), key=len, reverse=True):
        i = lowered.find(term)
        while i != -1:
            if not any(s < i + len(term) and i < e for s, e in spans):
                spans.append((i, i + len(term)))
            i = lowered.find(term, i + len(term))
    return sorted(spans)
