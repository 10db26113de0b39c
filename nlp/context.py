"""Gig-work context: platform work or not, occupation, employment mode, and the labor-relation factors as spans."""

from __future__ import annotations

import re
from functools import cache

from nlp.model import Factor, GigContext, Span
from nlp.parties import classify_party
from nlp.patterns import denied, load

_ORG = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()]{2,30}?(?:有限责任公司|股份有限公司|有限公司|公司)")
# What a sentence puts before a company's name (杨海通过闪达网络科技有限公司 → 闪达网络科技有限公司).
# Only words that do not occur inside company names (在 does: 三快在线).
_BEFORE_NAME = re.compile(r".*(?:通过|经由|借助|入职|加入|就职于|受雇于|与|向)")


_NEGATION_WINDOW = 6  # characters before a match searched for a negation (未与公司签订…)


@cache
def _compiled(section: str, generic: bool = False) -> list[tuple[str, re.Pattern, re.Pattern | None]]:
    return [
        (e["name"], re.compile("|".join(e["patterns"])), re.compile(e["negated_by"]) if "negated_by" in e else None)
        for e in load("gig")[section]
        if e.get("generic", False) == generic
    ]


@cache
def _factor_patterns() -> dict[str, re.Pattern]:
    return {name: re.compile("|".join(p)) for name, p in load("gig")["factors"].items()}


def _org_name(m: re.Match) -> str:
    return _BEFORE_NAME.sub("", m.group()) or m.group()


def gig_context(text: str) -> GigContext:
    occupation = _first(_compiled("occupation"), text)
    mode = _first(_compiled("mode"), text) or _first(_compiled("mode", generic=True), text)
    pw = load("gig")["platform_work"]
    platform_work = (
        occupation is not None
        or mode in ("专送", "众包")
        or (any(p in text for p in pw["patterns"]) and any(re.search(p, text) for p in pw["needs_one_of"]))
    )
    platform = next(
        (name for name in map(_org_name, _ORG.finditer(text)) if classify_party(name) == ("organisation", "platform")),
        None,
    )
    factors = tuple(
        Factor(name, m.group(), Span(m.start(), m.end()))
        for name, pattern in _factor_patterns().items()
        for m in pattern.finditer(text)
    )
    return GigContext(
        platform_work=platform_work,
        platform=platform,
        occupation=occupation,
        employment_mode=mode,
        factors=tuple(sorted(factors, key=lambda f: f.span.start)),
    )


def _first(rules, text: str) -> str | None:
    """The rule whose pattern occurs earliest in the text (the case's own arrangement is usually named first)."""
    best = None
    for name, pattern, negated_by in rules:
        for m in pattern.finditer(text):
            if denied(negated_by, text, m.start(), _NEGATION_WINDOW):
                continue
            if best is None or m.start() < best[1]:
                best = (name, m.start())
            break
    return best[0] if best else None
