"""Read one document's header facts: kind, title, stage, own and cited case numbers, body, region, date, parties."""

from __future__ import annotations

import re
from functools import cache

from nlp.casenumber import find_case_numbers, province_of
from nlp.model import DocumentExtraction, PartyMention, Span
from nlp.patterns import load
from nlp.reading import read_decisions
from nlp.segment import find_sections
from nlp.text import find_dates, fold_width

# The document's own number is printed in its header; numbers further down are citations.
HEADER_CHARS = 300
# The signature date sits in the last lines.
FOOTER_CHARS = 400
_TITLE_LINES = 6

_BODY_RE = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:劳动人事争议仲裁委员会|劳动争议仲裁委员会|人民法院)")
# Verbs that can precede a body name in running text (…诉至某某人民法院).
_BODY_LEAD = re.compile(r"^(?:.*?(?:诉至|起诉至|上诉至|申请至|向|经|由|至|于))")
_CITY_RE = re.compile(r"([\u4e00-\u9fff]{2,7}?(?:市|自治州|地区|盟))")
_SPACES = re.compile(r"[\s\u3000]+")
_KIND_STAGE = {"arbitration_award": "arbitration"}


def extract_document(text: str) -> DocumentExtraction:
    """Header facts of one award, judgment, note or record. Never raises on any text."""
    # Titles are often letter-spaced (仲 裁 裁 决 书); compare and show them without the spaces.
    lines = [_SPACES.sub("", ln) for ln in text.splitlines() if ln.strip()][:_TITLE_LINES]
    kind, title = _kind_and_title(lines)
    numbers = find_case_numbers(text)
    own = next((n for n in numbers if n.span.start < HEADER_CHARS), None)
    seen = {own.normalised} if own else set()
    cited = []
    for n in numbers:
        if n.normalised not in seen:
            seen.add(n.normalised)
            cited.append(n)
    body, body_span = _body(text)
    province, city = _region(body, own)
    dates = find_dates(text[-FOOTER_CHARS:])
    parties = find_parties(text)
    sections = find_sections(text)
    stage = own.stage if own else _KIND_STAGE.get(kind)
    claims, outcomes, recited = read_decisions(text, sections, parties, stage)
    return DocumentExtraction(
        kind=kind,
        title=title,
        stage=stage,
        case_number=own,
        cited_case_numbers=tuple(cited),
        body=body,
        body_span=body_span,
        province=province,
        city=city,
        decision_date=dates[-1][0] if dates else None,
        parties=tuple(parties),
        sections=tuple(sections),
        claims=tuple(claims),
        outcomes=tuple(outcomes),
        recited=tuple(recited),
    )


def _kind_and_title(lines: list[str]) -> tuple[str, str]:
    for rule in load("document_kinds")["kind"]:
        for line in lines:
            if any(k in line for k in rule["keywords"]):
                return rule["kind"], line[:120]
    return "other", (lines[0][:120] if lines else "")


def _body(text: str) -> tuple[str | None, Span | None]:
    m = _BODY_RE.search(text[:HEADER_CHARS]) or _BODY_RE.search(text)
    if not m:
        return None, None
    lead = _BODY_LEAD.match(m.group())
    start = m.start() + (lead.end() if lead else 0)
    return text[start:m.end()], Span(start, m.end())


def _region(body: str | None, own) -> tuple[str | None, str | None]:
    regions = load("regions")
    province = city = None
    if body:
        province = next((p for p in set(regions["provinces"].values()) if body.startswith((p, p[:2]))), None)
        rest = body[len(province):] if province and body.startswith(province) else body
        if province in regions["municipalities"]["names"]:
            city = province
        else:
            m = _CITY_RE.match(rest)
            city = m.group(1) if m else None
            province = province or regions["cities"].get(city)
    if province is None and own is not None:
        province = province_of(own)
    return province, city


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
        parties.append(PartyMention(name=name, role=role, kind=kind, org_category=category,
                                    span=Span(m.start("name"), m.end("name"))))
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
