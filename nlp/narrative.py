"""Read a narrative (a published typical case, a news-style summary): claims, and what the commission and courts decided.

Typical cases state the award and the court result in a sentence each; nlp.statements reads those statements, with the
same grammar a judgment's recital of its award is read with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nlp.claims import ORGANISATION, OTHER, absorbing_other, claims_from_narrative
from nlp.divergence import ARBITRATION, COURT_STAGES, ClaimRecord, Comparison, Passage, StageResult, analyse
from nlp.model import Claim, ClaimOutcome, Outcome, Ruling, Side, Span
from nlp.outcomes import apply_rulings, relation_implied, worker_view
from nlp.reading import section_claims
from nlp.segment import find_sections
from nlp.statements import decision_statements
from nlp.text import reading_form

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_COMMENTARY = ("commentary",)


@dataclass(frozen=True)
class CaseReading:
    claims: tuple[Claim, ...]
    arbitration: tuple[ClaimOutcome, ...]  # empty when the text states no award
    court: tuple[ClaimOutcome, ...]  # the final court outcome; empty when none is stated
    arbitration_span: Span | None
    court_span: Span | None


def read_case(text: str) -> CaseReading:
    """Claims and per-stage outcomes of a narrative; the commentary (典型意义) is not read for outcomes.

    Published texts put stray spaces inside words (劳动 关系); they are read without them, spans map back.
    """
    compact, positions = _collapse_spaces(reading_form(text))
    reading = _read_compact(compact)
    return _map_spans(reading, positions)


def _read_compact(text: str) -> CaseReading:
    sections = find_sections(text)
    # A comment follows the case it comments on: a heading in the title line (【案例分析】某局典型案例) opens none.
    title_end = text.find("\n", len(text) - len(text.lstrip()))
    end = next((s.heading.start for s in sections if s.name in _COMMENTARY and s.heading.start >= title_end), len(text))
    body = text[:end]
    statements = _plaintiff_named(body, decision_statements(body))
    claims = _claims(body, sections)
    # What a decision names was claimed, even when the text never states the request (裁决：公司支付赔偿金).
    for _, _, found in statements:
        for r in found:
            for t in r.claim_types:
                if not any(c.claim_type == t or (t == OTHER and c.claim_type in absorbing_other()) for c in claims):
                    claims.append(
                        Claim(claim_type=t, text=body[r.span.start : r.span.end], span=r.span, claimant="worker")
                    )
    if not claims:  # 仲裁委员会裁决支持张某的请求, the requests never stated: one unspecified claim carries the outcome
        decided = next((r for _, _, found in statements for r in found if r.scope in ("all", "others")), None)
        if decided:
            claims.append(
                Claim(
                    claim_type=OTHER,
                    text=body[decided.span.start : decided.span.end],
                    span=decided.span,
                    claimant=decided.claimant or "worker",
                )
            )
    arbitration: tuple[ClaimOutcome, ...] = ()
    court: tuple[ClaimOutcome, ...] = ()
    arb_span: Span | None = None
    court_span: Span | None = None
    awarded: list[Ruling] = []  # the award's rulings told so far, the latest first
    for stage, span, found in statements:
        if stage == "affirm":
            if arbitration:
                court, court_span = arbitration, span
            continue
        if stage == Side.court:
            for told in _in_turn(found):
                if outcomes := _apply(claims, told, prior=court or arbitration):
                    court, court_span = outcomes, span
            continue
        # An award told over several sentences decides what each names, a later one (a second application) first and
        # its catch-all the rest; one restated after the court does not count, unless it is the first told
        # (…作出二审判决。…仲裁未获支持，诉至法院…).
        if court and arbitration:
            continue
        awarded = found + awarded
        if outcomes := _apply(claims, awarded):
            arbitration, arb_span = outcomes, span
    return CaseReading(tuple(claims), tuple(arbitration), tuple(court), arb_span, court_span)


# Who brought the suit against the award (某公司不服仲裁裁决，诉至法院 / 该单位不服裁决，遂向…法院提起诉讼).
_SUES = re.compile(r"([^，。；：:]{1,20}?)不服[^。；]{0,30}?(?:提起诉讼|起诉|诉至)")
_EMPLOYER = re.compile(f"{ORGANISATION}|单位")


def _plaintiff_named(body: str, statements: list) -> list:
    """Court statements whose catch-all names only 原告 (驳回原告的诉讼请求) speak of whoever sued against the award:
    the employer's requests, when it was the employer (the award then stands)."""
    sued = _SUES.search(body)
    if not (sued and _EMPLOYER.search(sued.group(1))):
        return statements

    def named(r: Ruling, sentence: str) -> Ruling:
        plaintiffs = r.claimant is None and r.scope in ("all", "others") and "原告" in sentence
        return replace(r, claimant="employer") if plaintiffs else r

    return [
        (stage, span, [named(r, body[span.start : span.end]) for r in found] if stage == Side.court else found)
        for stage, span, found in statements
    ]


def _in_turn(rulings: list[Ruling]) -> list[list[Ruling]]:
    """A court sentence's rulings, cut before each upholding (一审法院支持了…，二审维持原判): the appeal upholds what the
    sentence told before it."""
    parts: list[list[Ruling]] = [[]]
    for r in rulings:
        if r.scope == "affirm" and parts[-1]:
            parts.append([])
        parts[-1].append(r)
    return [p for p in parts if p]


def _claims(body: str, sections) -> list[Claim]:
    """The requests of a claims section when the narrative has one (申请人请求：1.…), else its request sentences."""
    return section_claims(
        body, [s for s in sections if s.span.start < len(body)], [], lambda s: None
    ) or claims_from_narrative(body)


def _apply(claims: list[Claim], rulings: list, prior=()) -> tuple[ClaimOutcome, ...]:
    if not claims or not rulings:
        return ()
    outcomes = apply_rulings(claims, rulings, prior=list(prior) or None)
    if all(o.outcome == Outcome.not_ruled for o in outcomes):
        return ()
    return tuple(relation_implied(claims, outcomes))


def _collapse_spaces(text: str) -> tuple[str, list[int]]:
    """The text without runs of spaces, and for each kept character its position in the original."""
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    for m in _SPACES.finditer(text):
        kept.append(text[last : m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    positions.append(len(text))
    return "".join(kept), positions


def _map_spans(reading: CaseReading, positions: list[int]) -> CaseReading:
    def span(s: Span) -> Span:
        return Span(positions[s.start], positions[s.end - 1] + 1 if s.end > s.start else positions[s.start])

    def maybe(s: Span | None) -> Span | None:
        return None if s is None else span(s)

    claims = tuple(replace(c, span=span(c.span)) for c in reading.claims)
    return CaseReading(
        claims,
        tuple(replace(o, span=maybe(o.span)) for o in reading.arbitration),
        tuple(replace(o, span=maybe(o.span)) for o in reading.court),
        maybe(reading.arbitration_span),
        maybe(reading.court_span),
    )


def compare_case(text: str, tolerance: float = 0.01) -> list[Comparison]:
    """The narrative's claims compared between the award and the court's final decision, with causes read from
    the whole text (a published case gives its reasons in the result and the commentary alike)."""
    reading = read_case(text)
    results: dict[int, dict[str, StageResult]] = {}
    for stage, outcomes in ((ARBITRATION, reading.arbitration), (COURT_STAGES[0], reading.court)):
        for o in outcomes:
            worker = worker_view(reading.claims[o.claim_index], o.outcome)
            results.setdefault(o.claim_index, {})[stage] = StageResult(worker, o.amount, span=o.span)
    records = [
        ClaimRecord(
            key=i,
            document_id=None,
            claim_type=c.claim_type,
            text=c.text,
            amount_claimed=c.amount,
            claimant=c.claimant,
            results=results.get(i, {}),
        )
        for i, c in enumerate(reading.claims)
    ]
    return analyse(records, [Passage(Side.court, None, text, _reasons_start(text, reading))], tolerance)


def _reasons_start(text: str, reading: CaseReading) -> int:
    """Where a narrative's reasons begin: its result section or its first court statement, whichever comes first;
    the facts before them describe the dispute, not why it was decided as it was."""
    starts = [s.span.start for s in find_sections(text) if s.name in ("decision", "reasoning")]
    if reading.court_span:
        starts.append(reading.court_span.start)
    return min(starts, default=0)
