"""Find and parse case numbers: court numbers （2023）京0105民初12345号 and arbitration numbers 京朝劳人仲字〔2023〕第1234号."""

from __future__ import annotations

import re

from nlp.model import CaseNumber, Span, Stage
from nlp.patterns import load
from nlp.text import ascii_brackets, fold_width

# Court case types → stage; longer types first so that 执恢 is not read as 执.
COURT_TYPES = {
    "民初": Stage.first_instance,
    "民终": Stage.second_instance,
    "民申": Stage.retrial,
    "民再": Stage.retrial,
    "民特": Stage.first_instance,
    "民撤": Stage.first_instance,
    "执恢": Stage.execution,
    "执异": Stage.execution,
    "执复": Stage.execution,
    "执保": Stage.execution,
    "执": Stage.execution,
}
# Since 2016: （2023）京0105民初12345号; before: （2007）马民初字第361号, the court named by characters.
_COURT_RE = re.compile(
    r"\(\s*(?P<year>\d{4})\s*\)\s*(?P<code>[\u4e00-\u9fff](?:\d{1,4}|[\u4e00-\u9fff]{0,5}?))\s*(?P<type>"
    + "|".join(sorted(COURT_TYPES, key=len, reverse=True))
    + r")字?\s*第?\s*(?P<serial>\d{1,6})\s*号"
)
# The part after the commission's region prefix: 劳人仲字, 劳仲案字, 劳人仲委案字, 劳人仲案非终字, 劳人仲不字 …, with
# a chamber in brackets (深劳人仲（宝）案〔2016〕123号) or the kind after the year (沪劳人仲（2016）办字第123号).
_ARBITRATION_RE = re.compile(
    r"(?P<type>劳人仲|劳仲|劳动仲|人仲)(?P<chamber>\(\s*[\u4e00-\u9fff]{1,4}\s*\))?(?P<mark>[委裁案非终不字]{0,5})\s*第?"
    r"\s*\(\s*(?P<year>\d{4})\s*\)\s*(?P<kind>[\u4e00-\u9fff]{1,2}字)?\s*第?\s*(?P<serial>\d{1,6})\s*号"
)
# Characters that end an arbitration prefix when walking left (verbs, particles, punctuation).
_PREFIX_STOP = set("出的了于经及和与即并为以在按据依照号第称是作见附至由向对将该本原") | set(
    "：:，,。；;、“”\"'《》()（） \n\t"
)
_MAX_PREFIX = 4
_BODY_END = re.compile(r"^.*[会院]")
# A verb run straight into the number (不服京朝劳人仲字…, 承认桂劳人仲案字…) is not part of its code.
_VERB_LEAD = re.compile(r"^(?:不服|承认|认可|撤销|维持|执行|送达|收到)")


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case number in the text, in order of appearance, with spans into the original text."""
    flat = ascii_brackets(fold_width(text))  # both keep length, so spans map back unchanged
    found: list[CaseNumber] = []
    for m in _COURT_RE.finditer(flat):
        year, code, ctype, serial = m["year"], m["code"], m["type"], int(m["serial"])
        found.append(
            CaseNumber(
                raw=text[m.start() : m.end()],
                normalised=f"({year}){code}{ctype}{serial}号",
                year=int(year),
                code=code,
                case_type=ctype,
                serial=serial,
                stage=COURT_TYPES[ctype],
                span=Span(m.start(), m.end()),
            )
        )
    for m in _ARBITRATION_RE.finditer(flat):
        start = m.start()
        while (
            start > 0
            and m.start() - start < _MAX_PREFIX
            and flat[start - 1] not in _PREFIX_STOP
            and "\u4e00" <= flat[start - 1] <= "\u9fff"
        ):
            start -= 1
        # A commission's name may run straight into its number (…仲裁委员会穗天劳人仲…): the prefix starts after it.
        prefix = _VERB_LEAD.sub("", _BODY_END.sub("", flat[start : m.start()]))
        start = m.start() - len(prefix)
        ctype = m["type"] + (m["chamber"] or "").replace(" ", "") + m["mark"]
        serial = int(m["serial"])
        found.append(
            CaseNumber(
                raw=text[start : m.end()],
                normalised=f"{prefix}{ctype}({m['year']}){m['kind'] or ''}{serial}号",
                year=int(m["year"]),
                code=prefix,
                case_type=ctype,
                serial=serial,
                stage=Stage.arbitration,
                span=Span(start, m.end()),
            )
        )
    return sorted(found, key=lambda c: c.span.start)


def province_of(number: CaseNumber) -> str | None:
    """The province named by the first character of a court code or arbitration prefix."""
    return load("regions")["provinces"].get(number.code[:1]) if number.code else None
