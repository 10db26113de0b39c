"""Per-claim outcomes: read decision items into rulings, then apply them to the claims they decide."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Collection, Sequence

from nlp.claims import (
    NEEDS_RELATION,
    OTHER,
    RELATION,
    absorbing_other,
    bare_types,
    claim_type,
    claim_types_in,
    lesser_of,
    numeral,
    split_items,
    typed_amounts,
)
from nlp.model import Claim, ClaimOutcome, Effect, Outcome, Ruling, Span
from nlp.patterns import regexes
from nlp.text import find_amounts

_PATTERNS = regexes("outcomes", "outcomes")  # nlp/patterns/outcomes.toml: what each phrase means
_KEEPS = _PATTERNS["keeps"]
AFFIRMS_AWARD = _PATTERNS["affirms_award"]
_AFFIRM = re.compile(f"{_PATTERNS['affirm'].pattern}|{AFFIRMS_AWARD.pattern}")
_GROUNDS = _PATTERNS["grounds"]
_DISMISSED = _PATTERNS["dismissed"]
_UNABLE = _PATTERNS["unable"]
INADMISSIBLE_RE = _PATTERNS["inadmissible"]
_NOT_SUPPORTED = _PATTERNS["not_supported"]
_REJECTED_LAST = _PATTERNS["rejected_last"]
NOT_RULED_RE = _PATTERNS["not_ruled"]
_PASSIVE_REJECT = _PATTERNS["passive_reject"]
_REJECT_OTHERS = _PATTERNS["reject_others"]
_GRANT_ALL = _PATTERNS["grant_all"]
_PAYMENT_NAMED = _PATTERNS["payment_named"]
_SUM_SUPPORTED = _PATTERNS["sum_supported"]
_DENY = _PATTERNS["deny"]
_GRANT = _PATTERNS["grant"]
_VERDICT_ON_REQUESTS = _PATTERNS["verdict_on_requests"]


def rulings(text: str, start: int = 0, who: Callable[[str], str | None] = lambda s: None) -> list[Ruling]:
    """Rulings of a decision passage (裁决如下：一、…二、…) with spans offset by `start`, numbered by item.

    `who(item)` names the claimant a catch-all speaks of (驳回原告某公司的其他诉讼请求), when it can tell.
    """
    out: list[Ruling] = []
    for n, (body, span) in enumerate(split_items(text, start), 1):
        out.extend(replace(r, item=n) for r in item_rulings(body, span, who))
    return out


def item_rulings(body: str, span: Span, who: Callable[[str], str | None]) -> list[Ruling]:
    """What one decision item decides; an item that orders and rejects at once (被告支付原告工资3000元，驳回原告要求支付
    经济补偿金的诉讼请求, or the other way round) decides in each part for itself."""
    cuts, at = [], 0
    for m in re.finditer(r"[，,]", body):
        if _joins(body[at : m.start()], body[m.end() :]):
            cuts.append((at, m.start()))
            at = m.end()
    cuts.append((at, len(body)))
    return [r for a, b in cuts for r in _one_ruling(body[a:b], Span(span.start + a, span.start + b), who)]


def _joins(before: str, after: str) -> bool:
    """Whether a comma ends one decision and begins another: a rejection on either side of it (…，驳回… / …，对原告
    主张的工资的请求不予支持)."""
    return (
        after.startswith("驳回")
        or bool(_VERDICT_ON_REQUESTS.match(after))
        or (before.startswith("驳回") and before.endswith(("请求", "诉请")))
    )


def _one_ruling(body: str, span: Span, who: Callable[[str], str | None]) -> list[Ruling]:
    if grounds := _GROUNDS.match(body):  # 以…为由驳回…: the grounds come first, the decision after them
        body = body[grounds.end() :]
    if keep := _KEEPS.search(body):
        return [Ruling("affirm", (), Effect.grant, None, span, keeps=tuple(_item_numbers(keep.group(1))))]
    if _AFFIRM.search(body):
        return [Ruling("affirm", (), Effect.grant, None, span)]
    if body.startswith("撤销"):
        return []  # setting aside a lower decision decides nothing itself; the items that follow do
    if _UNABLE.search(body):
        return []  # 无法确认劳动关系: a reason given for a decision, not the decision
    if INADMISSIBLE_RE.search(body):
        # A notice of refusal (不予受理通知书) refuses the whole application, whatever its reasons name.
        return [
            _typed_or_all(body, span, Effect.inadmissible, who)
            if "通知" not in body
            else Ruling("all", (), Effect.inadmissible, None, span, who(body))
        ]
    if NOT_RULED_RE.search(body):
        return [_typed_or_all(body, span, Effect.not_ruled, who)]
    if _NOT_SUPPORTED.search(body):
        return [_typed_or_all(body, span, Effect.reject, who)]
    if _PASSIVE_REJECT.search(body) or _REJECTED_LAST.search(body):  # 原告的请求已被仲裁委驳回
        # A notice (通知书) refuses to hear a request, however a party describes it (该通知书以…为由予以驳回).
        return [_typed_or_all(body, span, Effect.inadmissible if "通知书" in body else Effect.reject, who)]
    if _REJECT_OTHERS.search(body):
        return [Ruling("others", (), Effect.reject, None, span, who(body))]
    if _DISMISSED.match(body):  # 驳回…的起诉: the suit is dismissed without a ruling on its merits
        return [Ruling("all", (), Effect.inadmissible, None, span, who(body))]
    if body.startswith("驳回"):
        t = claim_type(body[2:]) if "关于" in body or "要求" in body else None
        if t:
            return [Ruling("types", (t,), Effect.reject, None, span)]
        return [Ruling("all", (), Effect.reject, None, span, who(body))]
    if _SUM_SUPPORTED.match(body) and claim_type(body) in (None, OTHER) and (sums := find_amounts(body)):
        return [Ruling("all", (), Effect.grant, sums[-1][0], span, who(body))]  # 仲裁委仅支持了5000元: of the one claim
    if _GRANT_ALL.search(body) and (
        (named := claim_type(body)) is None or (named == OTHER and not _PAYMENT_NAMED.search(body))
    ):  # 支持张某的请求; but 支持支付违约金的请求 supports the request it names
        return [Ruling("all", (), Effect.grant, None, span, who(body))]
    effect = Effect.deny if _DENY.search(body) else Effect.grant if _GRANT.search(body) else None
    if effect is None:
        return []
    # An order to pay a sum under no listed type (给付冬煤费70元) still decides a claim, as such a request is one.
    return [
        Ruling("types", (t,), effect, amount, span)
        for t, amount in typed_amounts(body, requested=effect == Effect.grant)
    ]


def _item_numbers(text: str) -> list[int]:
    return [numeral(n) for n in re.findall(r"第([一二三四五六七八九十\d]+)项", text)]


def _typed_or_all(body: str, span: Span, effect: Effect, who) -> Ruling:
    """A verdict on the requests a clause names (对原告要求支付工资和加班费的请求不予支持: both), or on all of them."""
    types = tuple(t for t in claim_types_in(body) if t != OTHER)
    if types:
        return Ruling("types", types, effect, None, span)
    return Ruling("all", (), effect, None, span, who(body))


def apply_rulings(
    claims: list[Claim],
    rulings: list[Ruling],
    prior: list[ClaimOutcome] | None = None,
    open_only: Sequence[Ruling] = (),
    before_it: Collection[int] | None = None,
    text: str = "",
) -> list[ClaimOutcome]:
    """The outcome of each claim: typed rulings first, then `open_only` rulings (from the reasoning) for claims still
    open, then 'all' and 'others' for what is left, of the claims `before_it` (the body's) when that is known (a request
    first raised in court is not among those an award rejected); a claim nothing decides is not ruled. `text` (the
    document the spans point into) tells apart several claims of no listed type by the words they share with an
    order (退还安全保证金 is the claim for the 保证金, not the one for leave pay)."""
    decided: dict[int, ClaimOutcome] = {}
    affirmed = [r for r in rulings if r.scope == "affirm"]
    if affirmed and prior is not None:
        keeps = {n for r in affirmed for n in r.keeps}  # none named: the whole decision stands
        decided.update({o.claim_index: o for o in prior if not keeps or o.item in keeps})
    paid: dict[tuple[int, str], tuple[int, float]] = {}  # (item, type) → the claim an order in it paid, and the sum
    parts: dict[int, list[float]] = {}  # item → the amounts it ordered
    for r in [r for r in rulings if r.scope == "types"] + list(open_only):
        for t in r.claim_types:
            candidates = [i for i, c in enumerate(claims) if c.claim_type == t and i not in decided]
            if (
                not candidates
                and r.effect == Effect.grant
                and r.amount is not None
                and r.item is not None
                and (r.item, t) in paid
            ):
                # 支付5月份工资2200元、6月份工资1517.25元: one item paying one claim in parts orders their sum; an amount
                # that is the sum of the item's orders so far (…，共计23515.18元) is their total, not one more part
                paid_claim, before = paid[r.item, t]
                if len(parts[r.item]) > 1 and abs(sum(parts[r.item]) - r.amount) < 0.5:
                    continue
                paid[r.item, t] = (paid_claim, before + r.amount)
                parts[r.item].append(r.amount)
                decided[paid_claim] = ClaimOutcome(
                    paid_claim,
                    *effect_on(claims[paid_claim], replace(r, amount=before + r.amount)),
                    span=decided[paid_claim].span,
                    item=r.item,
                )
                continue
            # Of several open claims of the type, the one asking the amount ordered, else (of no listed type) the one
            # sharing most words with the order, else the first.
            first = candidates[0] if candidates else None
            if t == OTHER and text and len(candidates) > 1:
                ordered = _pairs(text[r.span.start : r.span.end])
                first = max(candidates, key=lambda i: len(_pairs(claims[i].text) & ordered))
            i = next((i for i in candidates if asks(claims[i], r.amount)), first)
            if (
                i is None
            ):  # an order of exactly what a claim asks is that claim's, under whatever name (赔偿金 for 经济补偿)
                i = next((i for i, c in enumerate(claims) if i not in decided and asks(c, r.amount)), None)
            if i is None and t == OTHER:  # 支付违约金 where the requests are a 竞业限制 dispute's
                i = next(
                    (i for i, c in enumerate(claims) if i not in decided and c.claim_type in absorbing_other()), None
                )
            if i is None and t == OTHER and text:  # 支付赔偿13256元 where 经济赔偿金 was asked
                bare = bare_types(text[r.span.start : r.span.end])
                i = next((i for i, c in enumerate(claims) if i not in decided and c.claim_type in bare), None)
            if i is not None:
                decided[i] = ClaimOutcome(i, *effect_on(claims[i], r), span=r.span, item=r.item)
                if r.item is not None and r.effect == Effect.grant and r.amount is not None:
                    paid[r.item, t] = (i, r.amount)
                    parts.setdefault(r.item, []).append(r.amount)
            elif (
                r.effect == Effect.grant
                and (
                    i := next(
                        (i for i, c in enumerate(claims) if c.claim_type in lesser_of(t) and i not in decided), None
                    )
                )
                is not None
            ):
                outcome, amount = effect_on(claims[i], r)  # the lesser remedy grants the claim in part
                decided[i] = ClaimOutcome(
                    i,
                    Outcome.partly_granted if outcome == Outcome.granted else outcome,
                    amount,
                    span=r.span,
                    item=r.item,
                )
    claimants = {c.claimant for c in claims}
    for scope in ("all", "others"):
        for r in rulings:
            if r.scope != scope:
                continue
            if r.claimant and r.claimant not in claimants and r.effect == Effect.reject and prior is not None:
                # 公司不服仲裁裁决起诉，法院驳回公司的诉讼请求: the party that sued to undo the earlier decision asked
                # for nothing of its own we know of, so rejecting its suit leaves that decision standing.
                decided.update({o.claim_index: o for o in prior if o.claim_index not in decided})
                continue
            if r.claimant == "worker" and r.effect == Effect.reject and claims and all(c.negated for c in claims):
                # 驳回被告张某的仲裁请求 in an employer's suit not to pay: the worker's entitlements are denied
                r = replace(r, effect=Effect.deny, claimant=None)
            # A catch-all naming a claimant no claim has (a misread narrative) speaks of all the claims.
            whose = r.claimant if r.claimant in claimants else None
            open_ = [i for i, c in enumerate(claims) if i not in decided and (whose is None or whose == c.claimant)]
            if r.amount is not None and len(open_) != 1:
                continue  # a sum allowed with no payment named decides a claim only when one is in dispute
            for i, c in enumerate(claims):
                if (
                    i not in decided
                    and (whose is None or whose == c.claimant)
                    and (before_it is None or i in before_it)
                ):
                    decided[i] = ClaimOutcome(i, *effect_on(c, r), span=r.span, item=r.item)
    return [decided.get(i) or ClaimOutcome(i, Outcome.not_ruled, None, None) for i in range(len(claims))]


def _pairs(text: str) -> set[str]:
    """The pairs of consecutive Chinese characters in `text`: what a request and the order granting it share."""
    return {text[i : i + 2] for i in range(len(text) - 1) if all("\u4e00" <= ch <= "\u9fff" for ch in text[i : i + 2])}


def asks(claim: Claim, amount: float | None) -> bool:
    """Whether `claim` asks for exactly `amount`."""
    return amount is not None and claim.amount is not None and abs(claim.amount - amount) < 0.5


def worker_view(claim: Claim, outcome: Outcome) -> Outcome:
    """An outcome stated from the worker's side: granting an employer's 无需支付 is rejecting the worker's claim."""
    if claim.negated:
        return {Outcome.granted: Outcome.rejected, Outcome.rejected: Outcome.granted}.get(outcome, outcome)
    return outcome


def effect_on(claim: Claim, r: Ruling) -> tuple[Outcome, float | None]:
    """What a ruling gives a claim, and the amount: ordering less than it asks grants it in part."""
    if r.effect in (Effect.not_ruled, Effect.inadmissible):
        return Outcome(r.effect.value), None
    if r.effect == Effect.reject:
        return Outcome.rejected, None
    worker_wins = r.effect == Effect.grant
    partly = worker_wins and r.amount is not None and claim.amount is not None and r.amount < claim.amount - 0.5
    if claim.negated:  # the employer asked not to pay: ordering part of it grants the request in part
        return (
            (Outcome.partly_granted, r.amount)
            if partly
            else (Outcome.rejected, r.amount)
            if worker_wins
            else (Outcome.granted, None)
        )
    if not worker_wins:
        return Outcome.rejected, None
    return (
        (Outcome.partly_granted, r.amount)
        if partly
        else (Outcome.granted, r.amount if r.amount is not None else claim.amount)
    )


def relation_implied(claims: list[Claim], outcomes: list[ClaimOutcome], founds: bool = True) -> list[ClaimOutcome]:
    """Ordering wages or compensation that only a labor relation founds implies the relation was found (unless not
    `founds`: a judgment's relation claim is often raised first in court, and the award it recites did not decide
    it); finding no relation disposes of the claims that need one (不存在劳动关系 → no 经济补偿)."""
    founded = founds and any(
        o.outcome in (Outcome.granted, Outcome.partly_granted)
        and claims[o.claim_index].claim_type in NEEDS_RELATION
        and not claims[o.claim_index].negated
        for o in outcomes
    )
    denied = any(
        claims[o.claim_index].claim_type == RELATION
        and worker_view(claims[o.claim_index], o.outcome) == Outcome.rejected
        for o in outcomes
    )

    def implied(o: ClaimOutcome) -> ClaimOutcome:
        claim = claims[o.claim_index]
        if o.outcome != Outcome.not_ruled:
            return o
        if founded and claim.claim_type == RELATION:  # an employer's 确认不存在劳动关系 is thereby rejected
            return replace(o, outcome=worker_view(claim, Outcome.granted))
        if denied and claim.claim_type in NEEDS_RELATION:
            return replace(o, outcome=worker_view(claim, Outcome.rejected))
        return o

    return [implied(o) for o in outcomes]
