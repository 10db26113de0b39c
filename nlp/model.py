"""Extraction results: small frozen dataclasses that carry the character spans they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Stage(StrEnum):
    """The stages of one dispute, in chain order."""

    arbitration = "arbitration"  # 仲裁
    first_instance = "first_instance"  # 一审
    second_instance = "second_instance"  # 二审
    retrial = "retrial"  # 再审
    execution = "execution"  # 执行


class Side(StrEnum):
    """The two sides of 裁审衔接: the arbitration commission and the courts (every court stage)."""

    arbitration = "arbitration"  # 仲裁委
    court = "court"  # 法院


class Outcome(StrEnum):
    """What a stage gave a claim, from the side of whoever asked for it."""

    granted = "granted"  # 支持
    partly_granted = "partly_granted"  # 部分支持
    rejected = "rejected"  # 驳回
    not_ruled = "not_ruled"  # 未涉及 / 不予处理
    inadmissible = "inadmissible"  # 不予受理


class Effect(StrEnum):
    """What one decision item does (an Outcome follows once it is applied to a claim: an employer's 无需支付 that is
    granted rejects the worker's claim)."""

    grant = "grant"  # orders the payment, finds the relation, upholds the request
    deny = "deny"  # 无需支付 / 不存在劳动关系: orders that nothing is owed
    reject = "reject"  # 驳回
    not_ruled = "not_ruled"  # 不予处理
    inadmissible = "inadmissible"  # 不予受理


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    name: str  # parties, claims, grounds, defence, facts, reasoning, decision, commentary
    heading: Span
    span: Span  # the body, after the heading


@dataclass(frozen=True)
class CaseNumber:
    """A parsed case number such as （2023）京0105民初12345号 or 京朝劳人仲字〔2023〕第1234号."""

    raw: str
    normalised: str
    year: int
    code: str  # court code (京0105) or the commission's region prefix (京朝)
    case_type: str  # 民初, 民终, 民再, 执, 劳人仲字 …
    serial: int
    stage: Stage
    span: Span


@dataclass(frozen=True)
class PartyMention:
    name: str
    role: str  # applicant, respondent, plaintiff, defendant, appellant, appellee, third_party
    kind: str  # person, organisation
    org_category: str | None  # platform, contractor, other; None for persons
    span: Span


@dataclass(frozen=True)
class Claim:
    """One request: its type in the taxonomy, who makes it, the amount, and whether it is phrased negatively."""

    claim_type: str
    text: str
    span: Span
    claimant: str  # worker, employer
    amount: float | None = None
    negated: bool = (
        False  # an employer's "无需支付…" / "不存在劳动关系": it asks for the opposite of the worker's claim
    )


@dataclass(frozen=True)
class Ruling:
    """What one decision item does: to which claims (by type, the rest, or all) and with what effect."""

    scope: (
        str  # types, others (驳回…其他请求), all (驳回/支持…全部请求), affirm (驳回上诉，维持原判 / 维持原判决第一项)
    )
    claim_types: tuple[str, ...]
    effect: Effect
    amount: float | None
    span: Span
    claimant: str | None = None  # whose requests a catch-all speaks of (worker / employer), when it says
    item: int | None = None  # the number of the decision item it stands in (判决：一、… is 1)
    keeps: tuple[int, ...] = ()  # for affirm: the items of the reviewed decision it upholds; none named = all


@dataclass(frozen=True)
class ClaimOutcome:
    claim_index: int
    outcome: Outcome  # relative to the claim's own claimant
    amount: float | None
    span: Span | None
    item: int | None = None  # the decision item that decided it, so that an appeal can uphold items by number


@dataclass(frozen=True)
class RecitedDecision:
    """An earlier decision a document recites (the award in a judgment, the first instance in an appeal)."""

    stage: Stage
    case_number: str | None
    claims: tuple[Claim, ...]  # the claims decided at that stage (an employer's negated requests when it sued)
    outcomes: tuple[ClaimOutcome, ...]
    span: Span


@dataclass(frozen=True)
class Factor:
    name: str  # order_volume, working_hours, attendance, penalties, pay_settlement, refuse_orders, uniform_equipment, exclusivity
    text: str
    span: Span


@dataclass(frozen=True)
class GigContext:
    platform_work: bool
    platform: str | None
    occupation: str | None
    employment_mode: str | None
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Header:
    """What a document's head and signature say: kind, title, numbers, body, region, date, parties."""

    kind: str
    title: str
    stage: Stage | None
    case_number: CaseNumber | None  # the number this document belongs to
    cited_case_numbers: tuple[CaseNumber, ...]  # numbers it recites (the award, the judgment under appeal …)
    body: str | None  # commission or court
    body_span: Span | None
    province: str | None
    city: str | None
    decision_date: date | None
    parties: tuple[PartyMention, ...] = field(default=())


@dataclass(frozen=True)
class DocumentExtraction(Header):
    sections: tuple[Section, ...] = field(default=())
    claims: tuple[Claim, ...] = field(default=())
    outcomes: tuple[ClaimOutcome, ...] = field(default=())  # this document's own decision, per claim
    recited: tuple[RecitedDecision, ...] = field(default=())
    context: GigContext | None = None
