"""Read a narrative (a published typical case, a news-style summary): claims, and what the commission and courts decided.

Typical cases state the award and the court result in a sentence each (仲裁委员会裁决……。某公司不服，诉至法院。一审法院判决……);
these functions find those statements and read them with the same ruling grammar as decision items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.claims import claims_from_items, claims_from_narrative, split_items
from nlp.model import Claim, ClaimOutcome, Span
from nlp.outcomes import apply_rulings, item_rulings
from nlp.segment import find_sections

# Where the commission decides, and where a court does.
_ARBITRATION = re.compile(r"仲裁(?:委员会|委|庭|院)?[^。；]{0,40}?(?:裁决|不予受理|不予立案|驳回|支持|终结审理|作出)")
_COURT = re.compile(r"(?:法院|一审|二审|再审|生效判决|终审|判决)[^。；]{0,40}?(?:判决|驳回|支持|维持|改判|确认|认定)")
_AFFIRMS_AWARD = re.compile(r"(?:结果|判决|处理)?与仲裁(?:裁决)?(?:结果)?(?:一致|相同)|维持(?:了)?仲裁裁决")
_EMPLOYER_SUBJECT = re.compile(r"(?:公司|单位|企业|会所|中心|医院|学校|研究院|集团|厂|店|酒店|宾馆)[^，。；]{0,12}?"
                               r"(?:不服|诉至|起诉|提起诉讼|反申请|申请仲裁|要求|请求|诉请|主张)")
_WORKER_FIRST = re.compile(r"[\u4e00-\u9fff]某[某\u4e00-\u9fff]?[^，。；]{0,8}?(?:不服|诉至|起诉|申请|要求|请求|诉请|主张)")
_COMMENTARY = ("commentary",)


@dataclass(frozen=True)
class CaseReading:
    claims: tuple[Claim, ...]
    arbitration: tuple[ClaimOutcome, ...]  # empty when the text states no award
    court: tuple[ClaimOutcome, ...]  # the final court outcome; empty when none is stated
    arbitration_span: Span | None
    court_span: Span | None


def read_case(text: str) -> CaseReading:
    """Claims and per-stage outcomes of a narrative; the commentary (典型意义) is not read for outcomes."""
    sections = find_sections(text)
    end = next((s.heading.start for s in sections if s.name in _COMMENTARY), len(text))
    body = text[:end]
    claims = _claims(body, sections)
    arbitration = court = ()
    arb_span = court_span = None
    for m in re.finditer(r"[^。！？\n]+", body):
        sentence, start = m.group(), m.start()
        a, c = _ARBITRATION.search(sentence), _COURT.search(sentence)
        if c and (not a or c.start() < a.start() or _AFFIRMS_AWARD.search(sentence)):
            if _AFFIRMS_AWARD.search(sentence) and arbitration:
                court, court_span = arbitration, Span(start, start + len(sentence))
                continue
            outcomes = _read(sentence[c.end() - 2:], start + c.end() - 2, claims, prior=court or arbitration)
            if outcomes:
                court, court_span = outcomes, Span(start, start + len(sentence))
        elif a:
            outcomes = _read(sentence[a.end() - 2:], start + a.end() - 2, claims)
            if outcomes and not arbitration:
                arbitration, arb_span = outcomes, Span(start, start + len(sentence))
    return CaseReading(tuple(claims), tuple(arbitration), tuple(court), arb_span, court_span)


def _claims(body: str, sections) -> list[Claim]:
    for s in sections:
        if s.name == "claims" and s.span.start < len(body):
            items = split_items(body[s.span.start:min(s.span.end, len(body))].split("\n\n")[0], s.span.start)
            found = claims_from_items(items, "worker")
            if found:
                return found
    return claims_from_narrative(body, _claimant)


def _claimant(sentence: str) -> str:
    employer, worker = _EMPLOYER_SUBJECT.search(sentence), _WORKER_FIRST.search(sentence)
    if employer and (not worker or employer.start() < worker.start()):
        return "employer"
    return "worker"


def _read(clause: str, start: int, claims: list[Claim], prior=()) -> tuple[ClaimOutcome, ...]:
    if not claims:
        return ()
    rulings = []
    for part in re.split(r"[；;]", clause):
        rulings.extend(item_rulings(part.strip("，,：: "), Span(start, start + len(clause)), lambda s: None))
    if not rulings:
        return ()
    outcomes = apply_rulings(claims, rulings, prior=list(prior) or None)
    if all(o.outcome == "not_ruled" for o in outcomes):
        return ()
    return tuple(outcomes)
