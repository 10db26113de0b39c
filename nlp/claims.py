"""Claims: numbered requests in a claims section, or request sentences in a narrative, typed by the taxonomy."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache

from nlp.model import Claim, Span
from nlp.patterns import load, regexes
from nlp.text import bracketed, chinese_int, find_amounts, products

OTHER = "其他"
RELATION = "确认劳动关系"
# Claims that stand or fall with the labor relation.
NEEDS_RELATION = frozenset(
    {"工资报酬", "加班费", "未签劳动合同二倍工资", "违法解除劳动合同赔偿金", "经济补偿", "工伤保险待遇"}
)
# Item numbers: 1. 1、 １． 一、 （1） (一); 1、2012年… and 1.2012年… are items, 1.5 a number.
ITEM_RE = re.compile(
    r"(?:(?<=^)|(?<=[；;。：:\s，,]))(?:\d{1,2}\s*(?:、|[.．](?!\d)|[.．](?=\d{4}年))|[一二三四五六七八九十]{1,3}、|[（(][\d一二三四五六七八九十]{1,3}[）)])"
)
# Narrative request sentences: …请求/要求/诉请…, or a party's view (张某认为其与公司应为劳动关系).
REQUEST_RE = re.compile(
    r"(?:仲裁请求|诉讼请求|请求|要求|诉请|诉求|主张|申请(?!人)(?![^，。；]{0,10}?(?:认定|鉴定))|诉至[^，。]{0,12}(?:，|$)|某[某\u4e00-\u9fff]?认为)"
)
# What parties say at a hearing (庭审中，公司称…要求…) is argument, and a statute quoted (…第三十六条规定，…要求…的) is law,
# not a claim.
_ASIDE = re.compile(r"庭审中|辩称|答辩|[^认声]称[，,：:]|陈述|提醒|规定[，,：:]")
_OPINION = regexes("outcomes", "statements")["opinion"]  # 第一种意见认为，李君要求的双倍工资…: a view, not a request
# A request word used as a noun (为证明其主张) or denied (并未提出要求) states no request.
# 其请求 is "its request" (其请求无事实依据), but right after the step that brings it, "it requests" (申请仲裁，其请求…).
_NOT_REQUESTING = re.compile(
    r"(?:的|(?<!仲裁[，,])(?<!起诉[，,])(?<!诉讼[，,])其|上述|相关|未|没有|不得|无权|可以|多次|曾|曾经|反复|一再|屡次|口头|书面)$"
)
# 按照公司要求, 考勤要求: the company's requirement, not a party's request.
_AS_REQUIRED = re.compile(r"(?:(?:按照|按|根据|遵守|服从|符合)[^，。；]{0,12}|考勤|工作|管理)$")
# 张某认为…，应…，向仲裁委员会申请仲裁: what is asked comes before the procedural step.
_PROCEDURE_FIRST = re.compile(r"申请|诉至")
# What a dispute brought by that step is about (因…补偿金等争议于2007年5月向…申请仲裁).
_CAUSE = re.compile(r"(?:因|就)(?P<cause>[^，。；]{2,40}?)(?:等)?(?:争议|纠纷|事宜)[^，。；]{0,40}$")
ORGANISATION = "|".join(load("parties")["organisation"]["in_text"])
# The party asking: an organisation, or a person (张某) whose name runs into no organisation word (某金属公司 is not one);
# 以公司未缴纳社会保险费为由 gives a reason, it does not make the company the subject, but 某公司以…为由申请仲裁 is
# the company asking for its reason.
_EMPLOYER_SUBJECT = re.compile(
    rf"(?:{ORGANISATION})(?:(?:(?!为由)[^，。；]){{0,12}}?|以[^，。；]{{0,30}}?为由[^，。；]{{0,15}}?)"
    r"(?:不服|诉至|起诉|提起诉讼|反申请|申请(?!人)|要求|请求|诉请|主张)"
)
_WORKER_SUBJECT = re.compile(
    rf"[\u4e00-\u9fff]某[某\u4e00-\u9fff]?(?:(?!{ORGANISATION})[^，。；]){{0,8}}?"
    r"(?:不服|诉至|起诉|申请|要求|请求|诉请|主张|认为)"
)


@cache
def _types() -> list[tuple[str, re.Pattern, re.Pattern | None]]:
    """Each type's patterns, and its vetoes, as one alternation each: one search a type (typing is on the hot path)."""
    return [
        (
            t["name"],
            re.compile("|".join(f"(?:{p})" for p in t["patterns"])),
            re.compile("|".join(f"(?:{p})" for p in t["unless"])) if t.get("unless") else None,
        )
        for t in load("claim_types")["type"]
    ]


@cache
def _other() -> re.Pattern:
    return re.compile("|".join(load("claim_types")["other"]["patterns"]))


@cache
def _contexts() -> list[tuple[str, re.Pattern, frozenset[str], re.Pattern | None]]:
    return [
        (c["name"], re.compile(c["cue"]), frozenset(c["absorbs"]), re.compile(c["unless"]) if "unless" in c else None)
        for c in load("claim_types").get("context", [])
    ]


def claim_type(text: str, context: str = "") -> str | None:
    """The taxonomy type of a request or decision item; 其他 when it is plainly a claim of no listed type; else None.

    `context` is the passage the item stands in: a 违约金 requested in a non-compete dispute is of that dispute's type.
    """
    caused = _CAUSED.sub("", text)  # 因过度加班导致的…经济损失 is a loss, not overtime
    found = _listed_or_other(caused) or (_listed_or_other(text) if caused != text else None)
    for name, cue, absorbs, unless in _contexts():
        if found in absorbs and (cue.search(text) or cue.search(context)) and not (unless and unless.search(text)):
            return name
    return found


# A cause named before what it caused (因过度加班导致的, 因工伤造成的): the thing caused is what is asked.
_CAUSED = re.compile(r"因[^，。；、]{1,30}?(?:导致|造成|引起|引发|所致)的?")


def _listed_or_other(text: str) -> str | None:
    listed = next(
        (name for name, patterns, unless in _types() if patterns.search(text) and not (unless and unless.search(text))),
        None,
    )
    return listed or (OTHER if _other().search(text) else None)


@cache
def absorbing_other() -> tuple[str, ...]:
    """The types a dispute's context makes of a payment under no listed name (违约金 in a 竞业限制 dispute)."""
    return tuple(dict.fromkeys(name for name, _, absorbs, _ in _contexts() if OTHER in absorbs))


def lesser_of(claim_type_: str) -> tuple[str, ...]:
    """The claimed types a decision of `claim_type_` can grant in part (经济补偿 for 违法解除劳动合同赔偿金)."""
    return tuple(load("claim_types").get("lesser", {}).get(claim_type_, ()))


@cache
def _bare() -> list[tuple[str, re.Pattern]]:
    # The word follows the verb, or the receiver named after it (支付原告王某赔偿8000元), with nothing qualifying it.
    roles = "|".join(load("parties")["roles"])
    return [
        (t, re.compile(rf"[付予、，](?:(?:{roles})[\u4e00-\u9fff]{{0,4}}?)?{word}(?:金|款)?(?:人民币)?\d"))
        for t, word in load("claim_types").get("bare", {}).items()
    ]


def bare_types(order: str) -> tuple[str, ...]:
    """The types an order under the bare word of a remedy may stand for (支付赔偿13256元: 违法解除劳动合同赔偿金)."""
    return tuple(t for t, pattern in _bare() if pattern.search(order))


def claim_types_in(text: str, context: str = "") -> list[str]:
    """Every type named in a passage that lists several requests (支付工资、加班费及经济补偿), in order, once each
    unless two requests joined by 并/及 share it; `context` is the passage around it when `text` is part of one."""
    found: list[str] = []
    # Punctuation and 以及 separate requests; 和/及/与 do only when both sides name a claim (not in 杭州通和…公司).
    for part in re.split(r"[、，,；;]|以及", text):
        split = re.split(r"及|和|与|并", part)
        pieces = [claim_type(p, context or text) for p in split]
        # 补缴社会保险费并依法办理社会保险, 退还保证金及利息: an accessory is part of the entitlement, not one more request
        substantive = {t for t, p in zip(pieces, split) if t and not _accessory().search(p)}
        pieces = [t for t, p in zip(pieces, split) if not (t in substantive and _accessory().search(p))]
        typed = [t for t in pieces if t]
        if len(typed) >= 2:  # 返还竞业限制补偿金并支付违约金: two requests, even of one type
            for t in typed:
                if found.count(t) < typed.count(t):
                    found.append(t)
        elif (one := claim_type(part, context or text)) and one not in found:
            found.append(one)
    if not found and (whole := claim_type(text, context or text)):
        found.append(whole)
    return found


@cache
def _accessory() -> re.Pattern:
    return re.compile(load("claim_types")["joined"]["accessory"])


def typed_amounts(body: str, context: str = "", requested: bool = False) -> list[tuple[str, float | None]]:
    """(type, amount) for each payment a passage names: each amount belongs to the text since the previous one.

    `context` is the passage around it when `body` is part of one (the grounds stated before a request). When
    `requested`, the passage asks for a payment or orders one, so an amount named under no listed type is still a
    claim (其他)."""
    context = context or body
    amounts = find_amounts(body)
    named = unbracketed(body)  # a bracket explains an amount (…元（其中伤残补助金…）); it names no request of its own
    if requested:  # operands of a calculation (3500元÷21.75天×5天=1609元) and rates ask for nothing themselves
        amounts = [a for a in amounts if not (_OPERAND.match(body, a[2]) or _explained(body, a[1], a[2]))]
        amounts = sorted(
            amounts + [p for p in products(body) if not any(a[1] < p[2] and p[1] < a[2] for a in amounts)],
            key=lambda a: a[1],
        )
    if not amounts:
        return [(t, None) for t in claim_types_in(named, context)]
    out: list[tuple[str, float | None]] = []
    prev = 0
    for value, _, end in amounts:
        if end <= prev:
            continue  # read already as the amount before its name
        # 确认劳动关系并支付二倍工资差额6万元: two requests, the amount the last one's; one amount for two items of one
        # type (伤残补助金及就业补助金共计9万元) is one request
        types = list(dict.fromkeys(claim_types_in(named[prev:end], context)))
        named_after = _NAMED_AFTER.match(named, end)  # 支付58288元的经济赔偿金: the amount before its name
        if not types and named_after and (after := claim_type(named_after.group(), context)):
            types, end = [after], named_after.end()
        types = types or ([OTHER] if requested else [])
        out.extend([(t, None) for t in types[:-1]] + [(types[-1], value)] if types else [])
        prev = end
    # Requests listed after the last amount (…违约金710万元、继续履行《竞业限制协议》等请求) name no amount; an accessory
    # joined to the last one (…保证金2000元及利息) is part of it.
    rest = named[prev:]
    if not (out and _JOINED_ACCESSORY.match(rest) and _accessory().search(rest)):
        out.extend((t, None) for t in claim_types_in(rest, context))
    return out


# Clauses of an item: to a comma, but not to one grouping thousands (747,144.29元).
_CLAUSES = re.compile(r"(?:[^，,]|(?<=\d)[，,](?=\d{3}(?!\d)))+")
_COSTS_ADDED = re.compile(r"(?:并|及|和|以及)(?:由[^，,]{1,10}?)?(?:承担|负担)[^，,]{0,6}?(?:诉讼|受理|仲裁)费(?:用)?$")
_JOINED_ACCESSORY = re.compile(r"(?:以及|及|和|并|与)[^，。；;、]*$")
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")


def unbracketed(text: str) -> str:
    """`text` with what brackets hold blanked out, offsets kept."""
    return _BRACKETED.sub(lambda m: " " * len(m.group()), text)


def item_number(text: str) -> int | None:
    """The number of a list item that opens `text` (一、… is 1, （3）… is 3), or None."""
    mark = ITEM_RE.match(text)
    digits = re.sub(r"[^\d一二三四五六七八九十]", "", mark.group()) if mark else ""
    return numeral(digits) if digits else None


def numeral(text: str) -> int:
    """An item or paragraph number written in digits (3) or Chinese (三, 十二)."""
    return int(text) if text.isdigit() else chinese_int(text)


def split_items(text: str, start: int = 0) -> list[tuple[str, Span]]:
    """Numbered items of a list (1.… 2.… / 一、… 二、…) with spans offset by `start`; unnumbered, the parts between
    semicolons."""
    marks = _with_glued(text, list(ITEM_RE.finditer(text)))
    if not marks:  # unnumbered items are separated by semicolons (支付工资19879元，支付利息；诉讼费由被告承担)
        return [
            (
                m.group().strip(),
                Span(
                    start + m.start() + len(m.group()) - len(m.group().lstrip()),
                    start + m.start() + len(m.group().rstrip()),
                ),
            )
            for m in re.finditer(r"[^；;]+", text.rstrip("。"))
            if m.group().strip()
        ]
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        raw = text[m.end() : end]
        body = raw.strip().rstrip("；;。，, ")
        if body:
            s = start + m.end() + raw.find(body)
            items.append((body, Span(s, s + len(body))))
    return items


# The next number of a list glued to the item before it (…及利息2.本案诉讼费用由被告承担).
_GLUED = re.compile(r"(?<=[\u4e00-\u9fff])(\d{1,2})[.．、](?=[\u4e00-\u9fff])")


def _with_glued(text: str, marks: list[re.Match]) -> list[re.Match]:
    """The item marks, with each item's successor found glued inside it when it bears the next number."""
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append(m)
        number = item_number(m.group().strip())
        while number is not None:
            glued = next((g for g in _GLUED.finditer(text, m.end(), end) if int(g.group(1)) == number + 1), None)
            if glued is None:
                break
            out.append(glued)
            m, number = glued, number + 1
    return out


def claim_amount(text: str) -> float | None:
    """The amount a request asks for: the result of a calculation (…=1609元) or the last amount named, leaving out
    what a bracket explains (10000元（2500元/月×4个月）) and rates (每月2000元)."""
    amounts = find_amounts(text)
    asked = [a for a in amounts if not _explained(text, a[1], a[2])] or products(text)
    return (asked or amounts)[-1][0] if amounts else None


def _explained(text: str, start: int, end: int) -> bool:
    return bracketed(text, start) or bool(_RATE.match(text, end) or _RATE_BEFORE.search(text, max(0, start - 4), start))


_NAMED_AFTER = re.compile(r"的[^，,、；;。及和与并]{1,15}")
_ACT = re.compile(r"确认|撤销|恢复|退还|返还|办理|出具|补缴|补办|继续履行|解除|发放|支付|给付|赔偿")
_OPERAND = re.compile(r"[^、，,；;。（(]*?[=＝×*÷+＋]")  # not x: an anonymised name is written XX
_GROUNDS_HEADING = re.compile(r"事实(?:和|与|及)理由")
_OTHER_ACTOR = re.compile(r"[，,；;][^，,；;。]*?(?:仲裁委|仲裁院|仲裁庭|该委|法院|本院|裁决|判决)")
_RATE = re.compile(r"\s*(?:/|／|每)(?:月|天|日|小时|年)")
# 每月2000元 and 月工资2000元 are rates; 2月工资2188元 is the wage of a month.
_RATE_BEFORE = re.compile(r"(?:每月|每天|每日|(?<![\d一二三四五六七八九十])月工资)$")
# 合计3069元；其中第1、2项合计为…: a summary after a request is not part of it.
_SUMMARY = re.compile(r"[；;。](?:其中|以上|上述|合计|共计|总计|诉讼请求)")
# …元、伙食补助费8950元，共计23515元: the sum of the amounts before it, when there are some.
_TOTAL = re.compile(r"[，,](?:以上|上述|各项|[两二三四五六七八九十\d]+项)?(?:合计|共计|总计)")


def claims_from_items(
    items: list[tuple[str, Span]], claimant: str, asks_opposite: bool = False, context: str = ""
) -> list[Claim]:
    """Claims of numbered requests, each item one claim a request it joins (支付工资及加班费 is two; an amount asked
    for under no listed type, 冬煤费70元, is 其他). With `asks_opposite`, a request for the opposite of a worker's
    claim (判令原告不支付被告赔偿金) is the employer's, whoever the list was thought to come from."""
    claims = []
    for body, span in items:
        cut = _SUMMARY.search(body) or next((m for m in _TOTAL.finditer(body) if find_amounts(body[: m.start()])), None)
        if cut:
            body, span = body[: cut.start()], Span(span.start, span.start + cut.start())
        body, span = _without_costs(body, span)
        if not body:
            continue
        opposite = bool(requests_patterns()["negated"].search(body))
        whose = "employer" if asks_opposite and opposite else claimant
        # An item asking for an act of no listed type (确认…解除劳动合同, 不应撤销…文件) is 其他.
        found = typed_amounts(body, context, requested=True) or ([(OTHER, None)] if _ACT.search(body) else [])
        one = len(found) == 1
        for t, amount in found:
            claims.append(
                Claim(
                    claim_type=t,
                    text=body,
                    span=span,
                    claimant=whose,
                    amount=claim_amount(body) if one else amount,
                    negated=whose == "employer" and opposite,
                )
            )
    return claims


def _without_costs(body: str, span: Span) -> tuple[str, Span]:
    """An item without its clauses that ask for no entitlement (…共计23515元，案件受理费由被告承担 / 撤销仲裁裁决，改判…):
    the rest is still requested; so is what a clause asks before it adds the costs (…加班费5000元并承担本案诉讼费)."""
    kept = []
    for m in _CLAUSES.finditer(body):
        costs = _COSTS_ADDED.search(m.group())
        start, end = m.start(), m.start() + costs.start() if costs else m.end()
        if end > start and not any(p.search(body, start, end) for p in requests_patterns()["not_a_claim"]):
            kept.append((start, end))
    if not kept:
        return "", span
    return body[kept[0][0] : kept[-1][1]], Span(span.start + kept[0][0], span.start + kept[-1][1])


@cache
def requests_patterns() -> dict:
    p = load("requests")
    return {
        "listed": re.compile(p["listed"]),
        "inline": re.compile(p["inline"]),
        "brought_by": re.compile(p["brought_by"]),
        "addressed": re.compile(p["addressed"]),
        "refers_back": re.compile(p["refers_back"]),
        "application": re.compile(p["application"]),
        "grounds": re.compile(p["grounds"]),
        "not_a_claim": [re.compile(x) for x in p["not_a_claim"]],
        "negated": re.compile(p["negated"]),
        "opposes": re.compile(p["opposes"]),
    }


def request_lists(text: str, start: int = 0, end: int | None = None) -> list[tuple[Span, Span, bool]]:
    """Where requests are stated in text[start:end]: (span of the lead sentence up to the requests, span of the
    requests, whether they are listed after a colon), in order. A list after a colon runs over the sentences that
    open with the next item number (1、…。2、…。); a request in running text runs to the end of its sentence."""
    end = len(text) if end is None else end
    patterns = requests_patterns()
    # Every candidate is found in one pass each (searching again from each position would be quadratic).
    candidates = sorted(
        [(m.start(), True, m) for m in patterns["listed"].finditer(text, start, end)]
        + [
            (m.start(), False, m)
            for m in patterns["inline"].finditer(text, start, end)
            if (
                _brings(text, _sentence_start(text, m.start(), max(start, m.start() - _LEAD_CHARS)), m.start())
                or _first_item(text, start, m.start())
                or patterns["addressed"].match(text, m.end())
            )
            and not _NOT_REQUESTING.search(text[max(start, m.start() - 4) : m.start()])
        ],
        key=lambda c: c[0],
    )
    found, pos = [], start
    for at, listed, m in candidates:
        if at < pos:
            continue
        first = None if listed else _first_item(text, start, m.start())
        begin = m.end() if listed else first.start(1) if first else m.start()
        stop = list_end(text, begin, end)
        if not listed:  # a request in running text ends where another actor's clause begins (…，仲裁委员会裁决…)
            other = _OTHER_ACTOR.search(text, begin, stop)
            stop = other.start() if other else stop
        lead = _sentence_start(text, m.start(), max(start, m.start() - _LEAD_CHARS))
        if stop > begin:
            found.append((Span(lead, m.end()), Span(begin, stop), listed))
        pos = max(stop, m.end())
    return found


# 诉称：1、请求判令…；2、请求判令…: requests numbered after a colon, each opening with its request word.
_FIRST_ITEM = re.compile(r"[：:]\s*((?:1\s*[、.．]|一、|[（(][1一][）)])\s*)$")


def _first_item(text: str, start: int, request: int) -> re.Match | None:
    return _FIRST_ITEM.search(text, max(start, request - 8), request)


def _brings(text: str, sentence: int, request: int) -> bool:
    """Whether a request word states a request: the step that brings it comes first in its sentence (诉至法院，请求…),
    or the request opens the sentence (原告请求判令… / a court restating each request: 请求判决…。本院认为…)."""
    clause = max(sentence, text.rfind("；", sentence, request) + 1)  # 不予支持；原告要求…的请求: a new clause opens
    return bool(
        requests_patterns()["brought_by"].search(text, sentence, request) or _OPENS.fullmatch(text, clause, request)
    )


# How far back the step that brings a request, and the start of its sentence, are looked for.
_LEAD_CHARS = 120
# What may stand before a request word that opens its sentence: the party, a connective.
_OPENS = re.compile(
    r"[\s，,：:]*(?:(?:本院认为|经审理查明)[，,：:]?)?"
    r"(?:(?:原告|申请人|上诉人)[^，,。；;：:]{0,20}?(?:诉|起诉|上诉)?称[：:，,]\s*)?"  # 原告张某诉称：请求判令…
    r"(?:原告|申请人|上诉人|我|其|现|故|遂|为此|据此|因此|对于|关于)*\s*"
    r"(?:(?<=原告|请人|诉人)[\u4e00-\u9fff]{1,4}?)?"
)  # 原告张某请求确认…


def _sentence_start(text: str, pos: int, floor: int) -> int:
    return max(text.rfind("。", floor, pos) + 1, floor)


def list_end(text: str, begin: int, end: int) -> int:
    """The end of the requests that start at `begin`: the full stop after which no item number follows, or the
    grounds (事实和理由) if they come first."""
    stop = begin
    while True:
        dot = text.find("。", stop, end)
        if dot == -1 or not ITEM_RE.match(text[dot + 1 : dot + 7].lstrip()):
            break
        stop = dot + 1
    last = end if dot == -1 else dot
    grounds = _GROUNDS_HEADING.search(text, begin, last)  # searched within the list only, to stay linear
    return grounds.start() if grounds else last


def claims_from_narrative(text: str) -> list[Claim]:
    """Claims stated in running text (…申请仲裁，要求支付工资、加班费…): one claim a type a request sentence.

    An employer's request for the opposite of a worker's claim (公司起诉请求确认不存在劳动关系) is the same claim.
    """
    claims: list[Claim] = []
    for m in re.finditer(r"[^。！？\n]+", text):
        sentence = m.group()
        req = next(
            (
                r
                for r in REQUEST_RE.finditer(sentence)
                if not _NOT_REQUESTING.search(sentence[: r.start()])
                and not (r.group() == "要求" and _AS_REQUIRED.search(sentence[: r.start()]))
            ),
            None,
        )
        if (
            not req
            or _ASIDE.search(sentence[: req.start()])
            or _OPINION.search(sentence[: req.start()])
            or requests_patterns()["opposes"].match(sentence, req.end())
        ):
            continue
        clause = sentence[req.start() :]
        if _PROCEDURE_FIRST.match(req.group()):
            cause = _CAUSE.search(sentence, 0, req.start())  # 因解除劳动合同的补偿金等争议…申请仲裁，…要求确认…: both
            if not claim_types_in(clause):
                clause = sentence[: req.start()]
            elif cause:
                clause = cause.group("cause") + "，" + clause
        claimant = claimant_of(sentence[: req.end()])  # the party asking comes before what it asks
        negated = claimant == "employer" and bool(requests_patterns()["negated"].search(clause))
        earlier = Counter(c.claim_type for c in claims)  # a later sentence restating requests adds only new ones
        for t, amount in typed_amounts(clause, sentence):  # 以违反竞业限制约定为由…要求支付违约金: the grounds type it
            if earlier[t]:
                earlier[t] -= 1
                first = next(i for i, c in enumerate(claims) if c.claim_type == t)
                if claims[first].amount is None and amount is not None and claims[first].claimant == claimant:
                    claims[first] = replace(claims[first], amount=amount)  # a later sentence states the amount
                continue
            claims.append(
                Claim(
                    claim_type=t,
                    text=sentence.strip(),
                    span=Span(m.start(), m.end()),
                    claimant=claimant,
                    amount=amount,
                    negated=negated,
                )
            )
    return claims


def claimant_of(sentence: str) -> str:
    """Who makes the request in a narrative sentence: the employer when an organisation is its subject."""
    employer, worker = _EMPLOYER_SUBJECT.search(sentence), _WORKER_SUBJECT.search(sentence)
    if employer and (not worker or employer.start() < worker.start()):
        return "employer"
    return "worker"
