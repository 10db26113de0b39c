"""Document sections (claims, facts, reasoning, decision …) with spans, from headings kept in patterns/sections.toml."""

from __future__ import annotations

import re
from functools import cache

from nlp.model import Section, Span
from nlp.patterns import load


@cache
def _markers() -> list[tuple[str, re.Pattern]]:
    return [(s["name"], re.compile("|".join(f"(?:{m})" for m in s["markers"]))) for s in load("sections")["section"]]


def find_sections(text: str) -> list[Section]:
    """Sections in document order; each runs from its heading to the next one (or the end)."""
    heads: list[tuple[int, int, str]] = []
    for name, pattern in _markers():
        heads.extend((m.start(), m.end(), name) for m in pattern.finditer(text))
    heads.sort()
    sections: list[Section] = []
    for i, (start, body_start, name) in enumerate(heads):
        if sections and start < sections[-1].heading.end:
            continue  # overlapping headings (申请人请求：… 仲裁请求：): the first one wins
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        end = max(end, body_start)
        sections.append(Section(name=name, heading=Span(start, body_start), span=Span(body_start, end)))
    return sections


@cache
def _decision_end() -> re.Pattern:
    return re.compile("|".join(f"(?:{m})" for m in load("sections")["decision_end"]["markers"]))


def decision_items_end(text: str, section: Section) -> int:
    """Where the items of a decision section end: before the late-payment notice, the costs and the appeal notice."""
    m = _decision_end().search(text, section.span.start, section.span.end)
    return m.start() if m else section.span.end


def headless_decision(text: str, sections: list[Section]) -> Section | None:
    """A decision without its heading: the numbered items, after the last reasoning, that say when they take effect
    (一、被告…于本判决生效后十日内给付…)."""
    p = load("sections")["headless_decision"]
    after = max((s.span.start for s in sections if s.name == "reasoning"), default=0)
    effective = re.compile(p["effective"]).search(text, after)
    if effective is None:
        return None
    opens = list(re.compile(p["opens"]).finditer(text, after, effective.start()))
    if not opens:
        return None
    start = opens[-1].end() - len(opens[-1].group().lstrip("。；;：: \n\t"))
    return Section(name="decision", heading=Span(start, start), span=Span(start, len(text)))


def first(sections: list[Section], name: str) -> Section | None:
    return next((s for s in sections if s.name == name), None)


def last(sections: list[Section], name: str) -> Section | None:
    return next((s for s in reversed(sections) if s.name == name), None)
