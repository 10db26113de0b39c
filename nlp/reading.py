"""Read the claims of a document and how it, and the decisions it recites, decided each of them."""

from __future__ import annotations

import re
from dataclasses import replace

from nlp.claims import (
    ITEM_RE,
    OTHER,
    RELATION,
    REQUEST_RE,
    absorbing_other,
    bare_types,
    claim_type,
    claimant_of,
    claims_from_items,
    lesser_of,
    list_end,
    request_lists,
    requests_patterns,
    split_items,
)
from nlp.model import (
    Claim,
    ClaimOutcome,
    Effect,
    Outcome,
    PartyMention,
    RecitedDecision,
    Ruling,
    Section,
    Side,
    Span,
    Stage,
)
from nlp.outcomes import (
    INADMISSIBLE_RE,
    NOT_RULED_RE,
    apply_rulings,
    asks,
    effect_on,
    relation_implied,
    rulings,
    worker_view,
)
from nlp.patterns import load, regexes
from nlp.segment import decision_items_end, headless_decision, last
from nlp.statements import decision_statements
from nlp.text import find_amounts, find_periods, within

CLAIMANT_ROLES = ("applicant", "plaintiff", "appellant")
_PATTERNS = regexes("outcomes", "reading")  # nlp/patterns/outcomes.toml: what each phrase means
_RECITED_AWARD = _PATTERNS["recited_award"]
_RECITED_FIRST = _PATTERNS["recited_first"]
_ROLE_WORDS = tuple(load("parties")["roles"].items())  # longer labels first (被申请人 before 申请人)


# A document's claims, its own outcome for each, and the earlier decisions it recites.
Decisions = tuple[list[Claim], list[ClaimOutcome], list[RecitedDecision]]


def read_decisions(text: str, sections: list[Section], parties: list[PartyMention], stage: str | None) -> Decisions:
    who = _who(parties)
    decision = _own_decision(text, sections) if stage != Stage.execution else None
    found = (
        rulings(text[decision.span.start : decision_items_end(text, decision)], decision.span.start, who)
        if decision
        else []
    )
    award_statements, court_reasoning = _award_statements(text, sections, decision)
    # What a decision names was in dispute, even when the text never states the request (a fragment that opens at
    # 判决如下, or a request the reader missed).
    claims, applied = document_claims(text, sections, parties, who, appeal=stage == Stage.second_instance)
    recited_first = _recited_rulings(text, _RECITED_FIRST, who)
    for named in [stated for _, stated in award_statements] + [recited_first[1] if recited_first else [], found]:
        claims = _union(claims, _named_claims(text, named, claims))
    at_arbitration = _matched(claims, applied)
    worker_claims = _as_applied(claims, at_arbitration)
    refused = claims
    # An employer asking not to pay contests the worker's entitlement: what the worker asked is the claim's amount.
    claims = [replace(c, amount=w.amount) if c.negated else c for c, w in zip(claims, worker_claims)]
    recited = []
    award = _recited(
        text, Stage.arbitration, worker_claims, _recited_rulings(text, _RECITED_AWARD, lambda s: "worker")
    ) or _stated_award(text, worker_claims, award_statements, court_reasoning, set(at_arbitration) if applied else None)
    if _AWARD_DISPUTED.search(text):
        award = _refused_award(worker_claims, refused, award)
    first = _recited(text, Stage.first_instance, claims, recited_first)
    outcomes: list[ClaimOutcome] = []
    if decision and claims:
        outcomes = apply_rulings(
            claims,
            found,
            prior=list(first.outcomes) if first else None,
            open_only=_verdicts_in_reasoning(text, sections),
            text=text,
        )
        outcomes = _in_part(text, claims, _suit_rejected(claims, outcomes, award), _reasoned_in_part(text, sections))
    if award:
        # A claim the court leaves alone because it was never put to arbitration (仲裁阶段未提起…不予处理) was not
        # decided by the award either, whatever its catch-all says.
        unheard = {
            o.claim_index
            for o in outcomes
            if o.outcome == Outcome.not_ruled
            and o.span is not None
            and _NOT_ARBITRATED.search(text, o.span.start, o.span.end)
        }
        award_outcomes = [
            replace(o, outcome=Outcome.not_ruled, amount=None) if o.claim_index in unheard else o
            for o in award.outcomes
        ]
        award_outcomes = relation_implied(
            list(award.claims), _in_part(text, list(award.claims), award_outcomes, set()), founds=False
        )
        recited.append(replace(award, outcomes=tuple(award_outcomes)))
    if first:
        recited.append(first)
    return claims, outcomes, recited


_NOT_ARBITRATED = _PATTERNS["not_arbitrated"]


_IN_PART = _PATTERNS["in_part"]
_PART = _PATTERNS["part"]
_INTEREST = _PATTERNS["interest"]


def _reasoned_in_part(text: str, sections: list[Section]) -> set[str]:
    """The claim types the court's reasoning grants in part, clause by clause (加班费…超出部分不予支持；经济补偿应予支持)."""
    return {
        t
        for s in sections
        if s.name == "reasoning"
        for m in re.finditer(r"[^。；;]+", text[s.span.start : s.span.end])
        if _IN_PART.search(m.group()) and (t := claim_type(m.group())) and t != OTHER
    }


def _in_part(text: str, claims: list[Claim], outcomes: list[ClaimOutcome], reasoned: set[str]) -> list[ClaimOutcome]:
    """A claim granted less than it asks, where no amount says so: the order covers a shorter period than the request
    (加班费 for 2016 where 2015–2016 was asked; a relation confirmed from a later date) or fewer of the parts it lists
    (养老保险 of 养老、医疗、失业保险) or leaves out the interest asked with the sum, or the court's reasoning says it
    allows the request in part."""
    out = []
    for o in outcomes:
        c = claims[o.claim_index]
        if o.outcome == Outcome.granted and not c.negated and o.span is not None:
            order = text[o.span.start : o.span.end]
            unpriced = c.amount is None or o.amount is None or o.amount < c.amount - 0.5
            asked, given = find_periods(c.text), find_periods(order)
            shorter = bool(asked and given) and within(given[0], asked[0]) and not within(asked[0], given[0])
            parts_given = set(_PART.findall(order))
            fewer = bool(parts_given) and parts_given < set(_PART.findall(c.text))
            without_interest = bool(_INTEREST.search(c.text)) and not _INTEREST.search(order)
            if without_interest or unpriced and (shorter or fewer or c.claim_type in reasoned):
                o = replace(o, outcome=Outcome.partly_granted)
        out.append(o)
    return out


_AWARD_DISPUTED = _PATTERNS["award_disputed"]


def _refused_award(claims: list[Claim], refused: list[Claim], award: RecitedDecision | None) -> RecitedDecision | None:
    """An employer suing not to pay what an award ordered (不服仲裁裁决…请求判令原告无需支付被告加班费5000元) says what
    the award gave where the text recites no more of it: the sum it refuses, or the claim if it names none. Denying
    the relation says nothing of the award: it may have ordered pay without ruling on the relation."""
    decided = {o.claim_index for o in award.outcomes if o.span is not None} if award else set()  # 不予处理 included
    inferred = {}
    for i, (c, r) in enumerate(zip(claims, refused)):
        if r.negated and i not in decided and r.claim_type != RELATION:
            ordered = Ruling("types", (c.claim_type,), Effect.grant, r.amount, r.span)
            inferred[i] = ClaimOutcome(i, *effect_on(c, ordered), span=r.span)
    if not inferred:
        return award
    outcomes = {**{o.claim_index: o for o in award.outcomes}, **inferred} if award else inferred
    return RecitedDecision(
        stage=Stage.arbitration,
        case_number=award.case_number if award else None,
        claims=tuple(claims),
        outcomes=tuple(outcomes.get(i) or ClaimOutcome(i, Outcome.not_ruled, None, None) for i in range(len(claims))),
        span=award.span if award else refused[min(inferred)].span,
    )


def _suit_rejected(
    claims: list[Claim], outcomes: list[ClaimOutcome], award: RecitedDecision | None
) -> list[ClaimOutcome]:
    """An employer's suit (不支付…) rejected as a whole leaves the worker what the award gave."""
    awarded = {o.claim_index: o for o in award.outcomes} if award else {}
    out = []
    for o in outcomes:
        claim = claims[o.claim_index]
        if (
            claim.negated
            and o.outcome == Outcome.rejected
            and o.amount is None
            and o.claim_index in awarded
            and awarded[o.claim_index].outcome != Outcome.not_ruled
        ):
            kept = awarded[o.claim_index]
            o = replace(o, outcome=worker_view(claim, kept.outcome), amount=kept.amount)
        out.append(o)
    return out


def _own_decision(text: str, sections: list[Section]) -> Section | None:
    """The document's own decision: its last decision section, unless reasoning follows it (then it is a recited
    award's 裁决如下 and the document's own heading was dropped)."""
    decision = last(sections, "decision")
    if decision and not any(s.name == "reasoning" and s.heading.start > decision.heading.start for s in sections):
        return decision
    return headless_decision(text, sections) or decision


def _named_claims(text: str, found: list[Ruling], claims: list[Claim]) -> list[Claim]:
    """A claim for each type a decision's items name; one a type an item (支付5月份工资2200元、6月份工资1517元 orders one
    wage claim). An order of exactly the sum a claim asks is that claim's, under whatever name (赔偿金14502元 for
    经济补偿14502元)."""
    absorbed = any(c.claim_type in absorbing_other() for c in claims)  # a 竞业限制 dispute's 违约金 is its own
    held = {c.claim_type for c in claims}
    seen, out = set(), []
    for r in found:
        if any(asks(c, r.amount) for c in claims):
            continue
        if r.claim_types == (OTHER,) and (absorbed or set(bare_types(text[r.span.start : r.span.end])) & held):
            continue
        for t in r.claim_types if r.scope == "types" else ():
            # A dispute is over one labour relation, however many sentences speak of it.
            key = (None, t) if t == RELATION else (r.item if r.item is not None else id(r), t)
            if key not in seen:
                seen.add(key)
                out.append(Claim(claim_type=t, text=text[r.span.start : r.span.end], span=r.span, claimant="worker"))
    return out


def document_claims(
    text: str, sections: list[Section], parties: list[PartyMention], who, appeal: bool = False
) -> tuple[list[Claim], list[Claim]]:
    """The entitlements in dispute: the requests of this document's claimant (a claims section, or the requests its
    statement makes; in an appeal, the suit's requests with the appeal's), with the requests of the arbitration
    application it recites that those leave out; and the application's requests themselves."""
    # A judgment's plaintiff may be the employer asking not to pay (判令原告不支付被告赔偿金), whatever else it seems.
    claims = section_claims(text, sections, parties, who, asks_opposite=True, every=appeal)
    statement_end = next((s.heading.start for s in sections if s.name in _AFTER_STATEMENT), len(text))
    application = requests_patterns()["application"]
    if not claims:
        plaintiff = _plaintiff(text[:statement_end], parties)
        # A list after a colon is the statement's requests; one in running text only when it has no list; the
        # arbitration application it recites only when it states none of its own (an employer's suit recites the
        # worker's application before asking not to pay).
        found = request_lists(text, 0, statement_end)
        for lead, span, _ in sorted(
            found, key=lambda f: (bool(application.search(text, f[0].start, f[0].end)), not f[2])
        ):
            claims = _requests_at(text, span, plaintiff, asks_opposite=True)
            if all(c.claim_type == OTHER and c.amount is None for c in claims) and requests_patterns()[
                "refers_back"
            ].search(text, span.start, span.end):
                claims = _requests_at(text, Span(lead.start, lead.end), plaintiff, asks_opposite=True) or claims
            if claims:
                break
    if not claims:  # no request stated: the grounds a suit or an application was brought on name what is owed
        before_reasoning = next((s.heading.start for s in sections if s.name in ("reasoning", "decision")), len(text))
        claims = [
            c
            for m in requests_patterns()["grounds"].finditer(text, 0, before_reasoning)
            for c in _requests_at(text, Span(m.start("grounds"), m.end("grounds")), "worker")
        ]
    if not claims:  # no statement of the requests: the court's reasoning may restate them one by one
        claims = [
            c
            for s in sections
            if s.name == "reasoning"
            for _, span, _ in request_lists(text, s.span.start, s.span.end)
            for c in _requests_at(text, span, "worker", asks_opposite=True)
        ]
    if (
        not claims
    ):  # nor restated as requests: the reasoning takes them up one topic at a time (关于加班费，… / 原告主张的…)
        for s in sections:
            if s.name == "reasoning":
                for m in _TOPIC.finditer(text, s.span.start, s.span.end):
                    g = "topic" if m.group("topic") else "asked"
                    claims = _union(claims, _requests_at(text, Span(m.start(g), m.end(g)), "worker"))
    reasoning = next((s.heading.start for s in sections if s.name in ("reasoning", "decision")), len(text))
    applied: list[Claim] = []
    for lead, span, _ in request_lists(text, 0, reasoning):
        if application.search(text, lead.start, lead.end):
            listed = _requests_at(text, span, claimant_of(text[lead.start : lead.end]))
            claims, applied = _union(claims, listed), _union(applied, listed)
    return claims, applied


def _requests_at(text: str, span: Span, claimant: str, asks_opposite: bool = False) -> list[Claim]:
    return claims_from_items(
        split_items(text[span.start : span.end], span.start), claimant, asks_opposite, context=text[: span.end]
    )


def _as_applied(claims: list[Claim], applied: dict[int, Claim]) -> list[Claim]:
    """The claims as the award decided them: the worker's, for the amounts asked at arbitration where the text
    states them (a suit may ask more, or an employer ask not to pay what the award gave)."""
    out = []
    for i, c in enumerate(claims):
        asked = applied[i].amount if i in applied else None
        out.append(replace(c, claimant="worker", negated=False, amount=asked if asked is not None else c.amount))
    return out


def _matched(claims: list[Claim], applied: list[Claim]) -> dict[int, Claim]:
    """The application's request each claim answers to, by type in order."""
    left: dict[str, list[Claim]] = {}
    for c in applied:
        left.setdefault(c.claim_type, []).append(c)
    return {i: left[c.claim_type].pop(0) for i, c in enumerate(claims) if left.get(c.claim_type)}


_TOPIC = _PATTERNS["topic"]
_AFTER_STATEMENT = ("defence", "facts", "reasoning", "decision")
_PLAINTIFF = _PATTERNS["plaintiff"]
# How an organisation's name ends: wider than claims.ORGANISATION, which is matched inside running text (院 there
# would be any 法院).
_ORGANISATION_NAME = re.compile(f"(?:{'|'.join(load('parties')['organisation']['suffixes'])})$")


def _plaintiff(statement: str, parties: list[PartyMention]) -> str:
    """Who brings the suit: the party block says, else the name the statement opens with (原告某公司诉称), else how it
    speaks of itself (我公司)."""
    if any(p.role in CLAIMANT_ROLES for p in parties):
        return _claimant(parties)
    m = _PLAINTIFF.search(statement)
    if m and _ORGANISATION_NAME.search(m.group(1)):
        return "employer"
    return "employer" if re.search(r"我(?:公司|单位|院|厂)|原告(?:公司|单位)", statement) else "worker"


def _union(claims: list[Claim], more: list[Claim]) -> list[Claim]:
    """`claims` and those of `more` of a type it holds fewer of: a request restated in both is one entitlement, with
    the amount the restatement names when the first statement names none (要求支付双倍工资差额。…请求：…二倍工资24000元)."""
    held: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        held.setdefault(c.claim_type, []).append(i)
    out = list(claims)
    for c in more:
        covers = next((t for t in (c.claim_type, *lesser_of(c.claim_type)) if held.get(t)), None)
        if covers is None:
            out.append(c)
            continue
        i = held[covers].pop(0)
        if out[i].amount is None and c.amount is not None and covers == c.claim_type:
            out[i] = replace(out[i], amount=c.amount)
    return out


def section_claims(
    text: str,
    sections: list[Section],
    parties: list[PartyMention],
    who,
    asks_opposite: bool = False,
    every: bool = False,
) -> list[Claim]:
    """Claims of the first claims section that holds any (上诉请求：撤销一审判决 holds none; 起诉请求 then does); with
    `every` (an appeal), of every claims section, the suit's before the appeal's (an appeal asks again for part of what
    the suit asked).

    The claimant is whoever is named just before the heading (张某向一审法院起诉请求), else the first claimant party.
    """
    found: list[Claim] = []
    claims_sections = [s for s in sections if s.name == "claims"]
    if every:
        claims_sections.sort(key=lambda s: "上诉" in text[s.heading.start : s.heading.end])
    for s in claims_sections:
        claimant = who(text[max(0, s.heading.start - 40) : s.heading.start].rsplit("。", 1)[-1]) or _claimant(parties)
        start, body = _request_lines(text, s)
        found = _union(found, claims_from_items(split_items(body, start), claimant, asks_opposite))
        if found and not every:
            break
    return found


def _request_lines(text: str, section: Section) -> tuple[int, str]:
    """(offset, text) of a section's requests: the first line, and the lines after it that start with an item number
    (1.… / 二、…), so requests written one a line are kept and the paragraph that follows is not."""
    start = section.span.start
    while start < section.span.end and text[start] == "\n":
        start += 1
    lines = text[start : section.span.end].split("\n")
    kept = "\n".join(lines[: 1 + _items_after(lines[1:])])
    # Requests that run on into the grounds on one line end at the full stop no item number follows.
    return start, kept[: list_end(text, start, start + len(kept)) - start]


# A page's number printed between its lines (—2—, - 3 -, 第2页): a printed judgment's page break.
_PAGE_MARK = re.compile(r"\s*(?:[—－-]\s*\d{1,3}\s*[—－-]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*")


def _items_after(lines: list[str]) -> int:
    """How many of the lines after a list's first go on with it: those opening with an item number, blank lines and
    page marks between them, and the line a page break cut from its item (3.请求判令\n—2—\n被告支付…)."""
    count, broken = 0, False
    for line in lines:
        if not line.strip() or _PAGE_MARK.fullmatch(line):
            broken = broken or bool(line.strip())
        elif ITEM_RE.match(line.lstrip()) or broken:
            broken = False
        else:
            break
        count += 1
    return count


def _claimant(parties: list[PartyMention]) -> str:
    first = next((p for p in parties if p.role in CLAIMANT_ROLES), None)
    return "employer" if first is not None and first.kind == "organisation" else "worker"


def _who(parties: list[PartyMention]):
    """Whose requests a catch-all speaks of, from the name or the role word it uses."""

    def who(item: str) -> str | None:
        for p in parties:
            if p.name in item:
                return "employer" if p.kind == "organisation" else "worker"
        for word, role in _ROLE_WORDS:
            if word in item:
                party = next((p for p in parties if p.role == role), None)
                if party is not None:
                    return "employer" if party.kind == "organisation" else "worker"
                if role == "applicant":
                    return "worker"
                break
        # No party block (a published text drops it): a company named whole (驳回北京某商贸有限公司的其他诉讼请求) is
        # the employer, a person named after the role word (驳回被告张某的仲裁请求) the worker.
        named = _CATCH_ALL_NAMES.search(item)
        if named and _ORGANISATION_NAME.search(named.group(1)):
            return "employer"
        return "worker" if named and _PERSON_NAMED.fullmatch(named.group(1)) else None

    return who


_CATCH_ALL_NAMES = re.compile(r"(?:驳回|支持)([^，,。；;的]{2,30})的")
_PERSON_NAMED = re.compile(rf"(?:{'|'.join(word for word, _ in _ROLE_WORDS)})[\u4e00-\u9fff]{{2,4}}")


def _recited_rulings(text: str, pattern: re.Pattern, who) -> tuple[re.Match, list[Ruling], int] | None:
    """Where a decision recited as a list (…裁决：一、… / 一审法院判决：…) starts, its rulings, and where it ends."""
    m = pattern.search(text)
    if not m:
        return None
    end = text.find("。", m.end())
    end = len(text) if end == -1 else end + 1
    return m, rulings(text[m.end() : end], m.end(), who), end


def _recited(
    text: str, stage: Stage, claims: list[Claim], read: tuple[re.Match, list[Ruling], int] | None
) -> RecitedDecision | None:
    if not read or not read[1] or not claims:
        return None
    m, found, end = read
    outcomes = apply_rulings(claims, found, text=text)
    number = m.groupdict().get("number")
    return RecitedDecision(
        stage=stage, case_number=number, claims=tuple(claims), outcomes=tuple(outcomes), span=Span(m.start(), end)
    )


def _award_statements(
    text: str, sections: list[Section], decision: Section | None
) -> tuple[list[tuple[Span, list[Ruling]]], int]:
    """The award as the text before the court's decision states it, and where the court's reasoning begins (there only
    sentences naming the commission count), sentence by sentence (…仲裁
    委员会作出…裁决，裁决被告支付… / 该委作出不予受理通知书 / 驳回了原告的仲裁请求); the commission's reasoning and
    decision items recited on the way (仲裁委认为… / 裁决如下：) are part of it."""
    court = min(
        (
            s.heading.start
            for s in sections
            if s.name == "reasoning" and "仲裁" not in text[s.heading.start : s.heading.end]
        ),
        default=len(text),
    )
    end = decision.heading.start if decision else len(text)
    skip = re.compile(load("sections")["award_recital"]["skip"])
    # In the court's own reasoning only a sentence naming the commission recites its award (仲裁时效 and 仲裁前置
    # there are the court's words).
    return [
        (span, found)
        for stage, span, found in decision_statements(text[:end])
        if stage == Side.arbitration
        and not skip.search(text, span.start, span.end)
        and (span.start < court or _COMMISSION.search(text, span.start, span.end))
    ], court


_COMMISSION = _PATTERNS["commission"]


def _stated_award(
    text: str,
    claims: list[Claim],
    statements: list[tuple[Span, list[Ruling]]],
    court_reasoning: int,
    applied_for: set[int] | None = None,
) -> RecitedDecision | None:
    """The award's outcome per claim; a later award (a second application) decides again what it names, but the
    court's reasoning restating the award (仲裁委裁决公司支付赔偿金，公司未起诉…) only tells what the recital did not.
    Its catch-alls decide only the claims `applied_for` when the text states the application."""
    if not claims or not statements:
        return None
    outcomes: dict[int, ClaimOutcome] = {}
    for span, found in statements:
        restated = span.start >= court_reasoning
        # …裁决被告支付原告工资5000元。驳回原告的其他仲裁请求。: "the others" are the claims earlier sentences left open
        the_rest = all(r.scope == "others" for r in found)
        for o in apply_rulings(claims, found, before_it=applied_for, text=text):
            decided = o.claim_index in outcomes and outcomes[o.claim_index].span is not None
            if (o.outcome != Outcome.not_ruled or o.claim_index not in outcomes) and not (
                (restated or the_rest) and decided
            ):
                outcomes[o.claim_index] = o
    return RecitedDecision(
        stage=Stage.arbitration,
        case_number=None,
        claims=tuple(claims),
        outcomes=tuple(outcomes[i] for i in sorted(outcomes)),
        span=Span(statements[0][0].start, statements[-1][0].end),
    )


def _verdicts_in_reasoning(text: str, sections: list[Section]):
    """What the court's reasoning decides of the requests it restates, for claims its decision items leave open: a
    不予处理 binds a claim before a catch-all 驳回 would; a verdict closing a restated request (对于原告主张不存在劳动关系
    的诉讼请求，本院不予支持) decides that request. A 不予处理 naming no type speaks of the request restated just before
    it (请求判决支付医疗费…。本项请求…未经仲裁…，本院不予处理)."""
    out = []
    for s in sections:
        if s.name != "reasoning":
            continue
        restated: str | None = None
        restated_at = 0
        for m in re.finditer(r"[^。]+", text[s.span.start : s.span.end]):
            sentence = m.group()
            # A request restated with its sum under no listed name (请求…支付…医疗费56442.46元) is of no listed type.
            asks = REQUEST_RE.search(sentence)
            t = claim_type(sentence) or (OTHER if asks and find_amounts(sentence) else None)
            start = s.span.start + m.start()
            span = Span(start, start + len(sentence))
            if asks and t:
                restated, restated_at = t, start
                if verdict := _VERDICT.search(sentence):
                    if t != OTHER:
                        effect = _verdict_effect(sentence[: verdict.start()], bool(verdict.group(1)))
                        out.append(Ruling("types", (t,), effect, None, span))
                    continue
            if (refused := INADMISSIBLE_RE.search(sentence)) or NOT_RULED_RE.search(sentence):
                if not (t and t != OTHER) and restated:  # the verdict speaks of the request restated before it
                    t, span = restated, Span(restated_at, span.end)
                if t:
                    out.append(Ruling("types", (t,), Effect.inadmissible if refused else Effect.not_ruled, None, span))
                restated = None
    return out


def _verdict_effect(restated: str, rejects: bool) -> Effect:
    """A verdict's effect in the worker's terms: upholding an employer's request not to pay (无需支付) denies the
    worker, rejecting it leaves the worker the entitlement; so does upholding a request to reject the worker's."""
    if requests_patterns()["negated"].search(restated) or "驳回" in restated:
        return Effect.reject if rejects else Effect.deny
    return Effect.deny if rejects else Effect.grant


_VERDICT = _PATTERNS["verdict"]
