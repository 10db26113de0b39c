"""Parties named at the head of awards and judgments: role, person or organisation, platform or contractor."""

from __future__ import annotations

import re
from functools import cache

from nlp.model import PartyMention, Span
from nlp.patterns import load
from nlp.text import fold_width


@cache
def _role_re() -> re.Pattern:
    labels = sorted(load("parties")["roles"], key=len, reverse=True)
    return re.compile(
        r"^[ \t\u3000]*(?P<label>" + "|".join(labels) + r")(?:[（(][^）)\n]{0,12}[）)])?[：:][ \t\u3000]*"
        r"(?P<name>[^，,。；;：:\s（(]{2,40})",
        re.MULTILINE,
    )


def find_parties(text: str) -> list[PartyMention]:
    """Parties named at line starts (原告：张某，男…), with role, person/organisation and category."""
    roles = load("parties")["roles"]
    parties, seen = [], set()
    for m in _role_re().finditer(fold_width(text)):
        name = m["name"]
        role = roles[m["label"]]
        if (name, role) in seen:
            continue
        seen.add((name, role))
        kind, category = classify_party(name)
        parties.append(
            PartyMention(
                name=name, role=role, kind=kind, org_category=category, span=Span(m.start("name"), m.end("name"))
            )
        )
    return parties


def classify_party(name: str) -> tuple[str, str | None]:
    """(person|organisation, platform|contractor|other|None) from the name, by the patterns in parties.toml."""
    p = load("parties")
    if not name.endswith(tuple(p["organisation"]["suffixes"])):
        return "person", None
    if any(w in name for w in p["contractor"]["words"]):
        return "organisation", "contractor"
    if any(w in name for w in p["platform"]["names"] + p["platform"]["words"]):
        return "organisation", "platform"
    return "organisation", "other"
