"""Statements of decisions in running text: which body decided what, sentence by sentence and clause by clause.

Narratives state the award and the court result in a sentence each (仲裁委员会裁决……。某公司不服，诉至法院。一审法院
判决……), and a judgment recites the award the same way (…仲裁委员会作出…号裁决，裁决被告支付…); both are read here with
the same ruling grammar as decision items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from nlp.claims import ITEM_RE, ORGANISATION, OTHER, RELATION, REQUEST_RE, claim_types_in, item_number
from nlp.model import Effect, Ruling, Side, Span
from nlp.outcomes import AFFIRMS_AWARD, item_rulings
from nlp.patterns import regexes

_PATTERNS = regexes("outcomes", "statements")  # nlp/patterns/outcomes.toml: what each phrase means
_COURT_CUE = _PATTERNS["court_cue"]
_ARBITRATION_CUE = _PATTERNS["arbitration_cue"]
_PROCEDURAL = _PATTERNS["procedural"]
_REASONING = _PATTERNS["reasoning"]
_CONCLUSION = _PATTERNS["conclusion"]
_ORDERS = _PATTERNS["orders"]
_LIST_LEAD = _PATTERNS["list_lead"]
_QUOTED_LAW = _PATTERNS["quoted_law"]
_DISPUTE_NAME = _PATTERNS["dispute_name"]
_ORDERED = _PATTERNS["ordered"]
_FINDING = _PATTERNS["finding"]
_VERDICT = _PATTERNS["verdict"]
_MODAL = _PATTERNS["modal"]
_LEAD = _PATTERNS["lead"]
_BODY_DECIDES = _PATTERNS["body_decides"]
_DECIDED_BEFORE = _PATTERNS["decided_before"]
_DECIDES = _PATTERNS["decides"]
_ORGANISATION = re.compile(ORGANISATION)
_CLAUSE = _PATTERNS["clause"]
_BARE_PAYMENT = _PATTERNS["bare_payment"]


_PARTY_SPEAKS = _PATTERNS["party_speaks"]
_ASKS_BODY = _PATTERNS["asks_body"]
_SHOULD = _PATTERNS["should"]
_RECITES = _PATTERNS["recites"]
_NAMES_REQUEST = _PATTERNS["names_request"]
_OTHERS_OPEN = _PATTERNS["others_open"]
_OPINION = _PATTERNS["opinion"]
_ADVERB = _PATTERNS["adverb"]
_STATUTE_DUTY = _PATTERNS["statute_duty"]
_ASKS_DECISION = _PATTERNS["asks_decision"]
_REFUSALS = {"受理": Effect.inadmissible, "处理": Effect.not_ruled}  # 不予受理 / 不予处理 as a bare verdict

Statement = tuple[Side | Literal["affirm"], Span, list[Ruling]]


def decision_statements(body: str) -> list[Statement]:
    """(the side, or "affirm", span, rulings) per sentence that states a decision, in order.

    Within a sentence each clause speaks for the body its own cue names, or else the last body named before it.
    """
    body = _without_dispute_names(_QUOTED_LAW.sub(lambda m: " " * len(m.group()), body))  # same length: spans stay
    out: list[Statement] = []
    reasoning_of = None  # the body whose reasoning the text is in, for conclusions that name no body
    listing = None  # the body whose list of decision items (判决：一、…。二、…) runs on past a full stop
    stated: Side | None = None  # the body whose decision the sentence before stated
    opinion_end = 0  # where the opinion being told ends (第一种意见认为…)
    for m in re.finditer(r"[^。！？\n]+", body):
        sentence = m.group()
        cued = _COURT_CUE.search(sentence) or _ARBITRATION_CUE.search(sentence)
        # 其他请求如补交保险等未获支持: the rest of the requests, decided by the body that decided the sentence before
        rest_of = stated if _OTHERS_OPEN.match(sentence.strip()) and not cued else None
        stated = None
        if _OPINION.search(sentence):  # one view judges discussed, with its reasons to the end of the paragraph
            paragraph_end = body.find("\n", m.end())
            opinion_end = paragraph_end if paragraph_end != -1 else len(body)
        if not (cued or listing or rest_of or _may_conclude(sentence, reasoning_of)) or m.start() < opinion_end:
            continue  # no clause can speak for a body (most sentences): nothing to read, nothing carried on
        if rest_of:
            span = Span(m.start(), m.end())
            effects = {r.effect for r in item_rulings(sentence, span, _claimant_named)}
            if len(effects) == 1:
                out.append((rest_of, span, [Ruling("others", (), effects.pop(), None, span)]))
                stated = rest_of
            continue
        if AFFIRMS_AWARD.search(sentence) and _COURT_CUE.search(sentence):
            out.append(("affirm", Span(m.start(), m.end()), []))
            continue
        argued = bool(_PARTY_SPEAKS.search(sentence))
        state = _Clauses(
            stage=reasoning_of if _CONCLUSION.match(sentence.strip()) else listing,
            ordered=listing is not None,
            reasoning_of=reasoning_of,
            argued=argued,
        )
        found: dict[Side, list[Ruling]] = {side: [] for side in Side}
        for c in _CLAUSE.finditer(sentence):
            for stage, rulings in state.read(c.group(), m.start() + c.start()):
                found[stage].extend(rulings)
        for name in Side:
            if found[name]:
                out.append((name, Span(m.start(), m.end()), found[name]))
                stated = name
        lead = _LIST_LEAD.search(sentence)
        if lead and not sentence[lead.end() :].strip():
            listing = state.stage  # …作出裁决：\n一、…: the list begins on the next line
        else:
            listing = (
                (state.stage if state.stage is not None and found[state.stage] else None) if lead or listing else None
            )
        if cued and _REASONING.search(sentence) and not argued:
            reasoning_of = Side.court if _COURT_CUE.search(sentence) else Side.arbitration
        elif cued:
            reasoning_of = None
    return out


_NAME_CHARS = 12  # how far before 纠纷 / 一案 a dispute's name reaches


def _without_dispute_names(body: str) -> str:
    """The text with each dispute's name blanked, same length. Found from its end (纠纷), as a pattern reaching back
    from every character would cost a scan per character."""
    chars = list(body)
    for m in _DISPUTE_NAME.finditer(body):
        start = m.start()
        while start > m.start() - _NAME_CHARS and "\u4e00" <= body[start - 1 : start] <= "\u9fff":
            start -= 1
        if m.start() - start >= 2:
            chars[start : m.end()] = " " * (m.end() - start)
    return "".join(chars)


def _may_conclude(sentence: str, reasoning_of: Side | None) -> bool:
    """Whether a sentence naming no body may still conclude the reasoning it is in (故公司应支付…)."""
    return reasoning_of is not None and any(
        _CONCLUSION.match(c.group().strip()) or _ORDERS.match(c.group().strip()) for c in _CLAUSE.finditer(sentence)
    )


@dataclass
class _Clauses:
    """What one sentence's clauses carry to the next: whose decision they state, and whether it is an order."""

    stage: Side | None  # the body the clause speaks for
    ordered: bool  # a decision verb came first, so an order to pay is a decision and not a finding
    reasoning_of: Side | None  # the body whose reasoning the sentence is in
    asked: tuple[Side, str] | None = None  # (stage, text) of a request a body restates before its verdict
    ordering: bool = False  # the clause before ordered payments, so a bare 加班费2000元 after it is one more
    topic: str = ""  # the sentence's clauses since its last ruling, which may name what a bare verdict decides
    argued: bool = False  # a party speaks (被告辩称…, 原告认为…): what it says a body should do is no decision

    def read(self, clause: str, start: int) -> list[tuple[Side, list[Ruling]]]:
        """The rulings one clause states, with the body stating them (none, or one pair).

        A verdict that names nothing (加班费的请求，因证据不足，该委不予支持) decides what the clauses before it name."""
        stated = (
            [] if self.argued and _SHOULD.search(clause) and not _RECITES.search(clause) else self._read(clause, start)
        )
        if not any(rulings for _, rulings in stated):
            self.topic += clause + "，"
            return stated
        topic, self.topic = self.topic, ""
        types = tuple(t for t in claim_types_in(topic) if t != OTHER)
        if not types or _NAMES_REQUEST.search(clause):
            return stated
        return [
            (
                stage,
                [
                    replace(r, scope="types", claim_types=types) if r.scope == "all" and r.claimant is None else r
                    for r in rulings
                ],
            )
            for stage, rulings in stated
        ]

    def _read(self, clause: str, start: int) -> list[tuple[Side, list[Ruling]]]:
        if (
            self.asked
            and (mark := ITEM_RE.match(clause.strip()))
            and _ASKS_DECISION.match(clause.strip()[mark.end() :])
        ):
            return []  # 请求内容为：1.依法裁决确认…；2.依法裁决…补缴…: one more item of the request
        verdict = _VERDICT.match(clause.strip())
        if self.asked and verdict:  # 张某主张…，应予支持
            effect = (
                _REFUSALS[verdict.group(3)]
                if verdict.group(3)
                else Effect.reject
                if verdict.group(1) or verdict.group(2) == "驳回"
                else Effect.grant
            )
            stage, asked, self.asked = self.asked[0], self.asked[1], None
            span = Span(start, start + len(clause))
            types = claim_types_in(asked)  # 原告的请求缺乏依据，予以驳回: a request of no type is all of them
            return [
                (
                    stage,
                    [Ruling("types", (t,), effect, None, span) for t in types]
                    or [Ruling("all", (), effect, None, span, _claimant_named("驳回" + asked))],
                )
            ]
        if _FINDING.search(clause):
            self.ordered = False
        if _ORDERED.search(clause):
            self.ordered = True
        court, arb = _COURT_CUE.search(clause), _ARBITRATION_CUE.search(clause)
        if court and (not arb or court.start() < arb.start()):
            self.stage = Side.court
        elif arb:
            self.stage = Side.arbitration
        if (court or arb) and _REASONING.search(clause) and not self.argued:
            self.reasoning_of = self.stage  # 法院审理认为，…，依法驳回…: the sentence's conclusion is that body's
        elif (
            self.stage is None
            and self.reasoning_of
            and (_CONCLUSION.match(clause.strip()) or _ORDERS.match(clause.strip()))
        ):
            self.stage = self.reasoning_of  # 又因……，故公司应支付……: the conclusion of the reasoning, mid-sentence
        if self.stage is None:
            return []
        if _STATUTE_DUTY.match(clause.strip()):
            return []  # 用人单位应向劳动者支付经济补偿: what the law says employers owe, not a decision
        if _ASKS_BODY.match(clause.strip()):
            return []  # 请求法院驳回…: the party's request, which the body decides later
        if clause.rstrip().endswith("为由"):
            return []  # 以…不属于受理范围为由，不予受理: the grounds, with the decision in the next clause
        if _PROCEDURAL.search(clause) and not _DECIDES.search(_after_procedure(clause)):
            self.stage = None  # what follows a procedural step (不服…诉至法院) needs its own cue
            return []
        request = REQUEST_RE.search(clause)
        if (
            request
            and not re.search(r"驳回|支持|不予", clause[: request.start()])
            and not re.search(r"驳回|支持|不予受理", clause)
        ):
            self.asked = (self.stage, clause[request.start() :])
            self.stage = None  # 诉请判决某公司支付…，…：the clauses after a request still state the request
            return []
        lead = _BODY_DECIDES.match(clause) or _LEAD.match(clause)
        if lead and not clause[lead.end() :].strip():
            lead = None  # the decision word ends the clause (…超过45日未作出仲裁裁决): what it says comes before it
        rest, offset = (clause[lead.end() :], start + lead.end()) if lead else (clause, start)
        # 遂驳回… / 故支持… / 还驳回了…: the connective opens the decision, it is not part of it
        if then := _CONCLUSION.match(rest) or _ADVERB.match(rest):
            rest, offset = rest[then.end() :], offset + then.end()
        if decided := _DECIDED_BEFORE.match(rest):
            rest, offset = decided.group("decided"), offset + decided.start("decided")
        mark = ITEM_RE.match(rest.strip())  # 一、维持…第一项: the item's number, then what it says
        item = item_number(rest.strip())
        if mark:
            skip = len(rest) - len(rest.lstrip()) + mark.end()
            rest, offset = rest[skip:], offset + skip
        span = Span(offset, offset + len(rest))
        read = [replace(r, item=item) for r in item_rulings(rest.strip(), span, _claimant_named)]
        if not read and self.ordering and _BARE_PAYMENT.match(rest.strip()):  # 裁决被告支付工资5000元，加班费2000元
            read = [replace(r, item=item) for r in item_rulings("支付" + rest.strip(), span, _claimant_named)]
        self.ordering = any(r.scope == "types" and r.effect == Effect.grant and r.amount is not None for r in read)
        if not (self.ordered or _MODAL.search(clause) or _CONCLUSION.match(clause.strip())):  # a finding is no order
            read = [
                r
                for r in read
                if not (r.scope == "types" and r.effect == Effect.grant and RELATION not in r.claim_types)
            ]
        return [(self.stage, read)]


def _claimant_named(clause: str) -> str | None:
    """Whose requests a catch-all names in running text: 驳回某健身会所的… is the employer's, 驳回王某的… the worker's."""
    m = re.search(r"(?:驳回|支持)(?:了)?(.{1,20}?)(?:的|提出|关于|$)", clause)
    if not m:
        return None
    return "employer" if _ORGANISATION.search(m.group(1)) else "worker" if "某" in m.group(1) else None


def _after_procedure(clause: str) -> str:
    """What a clause says after its procedural verb (提出仲裁申请被告知不予受理后 → 被告知不予受理后)."""
    m = _PROCEDURAL.search(clause)
    return clause[m.end() :] if m else clause
