"""One generated dispute: facts, claims, and how each stage decides them (the generator's ground truth)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ingest.sample.people import Organisation, Person, make_organisation, make_person
from nlp.model import Outcome, Stage

CLAIM_TYPES = [
    "工资报酬",
    "加班费",
    "未签劳动合同二倍工资",
    "违法解除劳动合同赔偿金",
    "经济补偿",
    "工伤保险待遇",
    "社会保险",
]
# Why a court departs from the award, as the divergence taxonomy names it.
DEPARTURES = ["法律适用差异", "证据采信差异", "计算标准差异", "程序差异", "事实认定差异"]
# What each departure changes in the deciding body's view of the case.
_DEPARTURE_FIELD = {
    "法律适用差异": "relation",
    "证据采信差异": "evidence_ok",
    "计算标准差异": "base_factor",
    "程序差异": "limitation",
    "事实认定差异": "dismissed",
}
DEPARTURE_CLAIMS = {
    "法律适用差异": None,
    "证据采信差异": {"加班费"},
    "计算标准差异": {"未签劳动合同二倍工资", "违法解除劳动合同赔偿金", "经济补偿"},
    "程序差异": {"未签劳动合同二倍工资"},
    "事实认定差异": {"违法解除劳动合同赔偿金"},
}
_MODE_BIAS = {"专送": 1, "劳务派遣": 1, "劳务外包": 0, "加盟": 0, "兼职": -1, "众包": -2}


@dataclass(frozen=True)
class View:
    """How one deciding body reads the case; outcomes follow from it."""

    relation: bool  # a labor relation exists
    evidence_ok: bool  # working-time records (platform logs, schedules) are accepted
    base_factor: float  # share of the claimed monthly wage used as the calculation base
    limitation: bool  # the one-year time limit is applied to double wages
    dismissed: bool  # the employer ended the relation (not the worker leaving)


@dataclass(frozen=True)
class GenClaim:
    claim_type: str
    amount: int | None
    months: int = 0  # months the amount covers, where that matters


@dataclass(frozen=True)
class Decided:
    outcome: Outcome
    amount: int | None


@dataclass
class Scenario:
    key: int
    region: dict
    occupation: dict
    mode: str
    platform: Organisation
    employer: Organisation  # the respondent the worker claims against
    second_respondent: Organisation | None
    worker: Person
    start: date
    end: date
    wage: int
    facts: dict
    claims: list[GenClaim]
    arb_view: View
    court_view: View | None = None
    appeal_view: View | None = None
    departures: list[str] = field(default_factory=list)
    appeal_departure: str | None = None
    worker_sues: bool = True
    dates: dict = field(default_factory=dict)
    numbers: dict = field(default_factory=dict)
    agents: list[str] = field(default_factory=list)  # 委托代理人 the documents name
    officials: list[str] = field(default_factory=list)  # arbitrators, judges, clerks and mediators who sign

    @property
    def claimed_months(self) -> int:
        return max(1, (self.end.year - self.start.year) * 12 + self.end.month - self.start.month)

    def decide(self, view: View) -> list[Decided]:
        return [decide(c, view) for c in self.claims]

    def stages(self) -> list[tuple[str, View]]:
        out = [(Stage.arbitration, self.arb_view)]
        if self.court_view:
            out.append((Stage.first_instance, self.court_view))
        if self.appeal_view:
            out.append((Stage.second_instance, self.appeal_view))
        return out


def decide(claim: GenClaim, view: View) -> Decided:
    t, amount = claim.claim_type, claim.amount
    if t == "社会保险":
        return Decided(Outcome.not_ruled, None)  # 补缴社保 is for the social-insurance agency, not the commission
    if not view.relation:
        return Decided(Outcome.rejected, None)
    if t == "确认劳动关系":
        return Decided(Outcome.granted, None)
    if t == "工资报酬":
        return Decided(Outcome.granted, amount)
    if t == "加班费":
        return (
            Decided(Outcome.partly_granted, _round(amount * 0.6))
            if view.evidence_ok
            else Decided(Outcome.rejected, None)
        )
    if t == "工伤保险待遇":
        return Decided(Outcome.partly_granted, _round(amount * 0.8))
    if t == "违法解除劳动合同赔偿金" and not view.dismissed:
        return Decided(Outcome.rejected, None)
    factor = view.base_factor
    if t == "未签劳动合同二倍工资" and view.limitation and claim.months > 6:
        factor *= 6 / claim.months  # only the months inside the one-year limit
    if factor >= 0.999:
        return Decided(Outcome.granted, amount)
    return Decided(Outcome.partly_granted, _round(amount * factor))


def _round(x: float) -> int:
    return int(round(x / 10.0) * 10)


def make_scenario(rng: random.Random, key: int, vocab: dict) -> Scenario:
    region = rng.choice(vocab["region"])
    occupation = rng.choice(vocab["occupation"])
    mode = rng.choice(occupation["modes"])
    names = vocab["names"]
    start = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 4 * 365))
    end = start + timedelta(days=rng.randrange(200, 3 * 365))
    worker = make_person(rng, names, region, end)
    platform_name = rng.choice(occupation["platforms"])
    platform = make_organisation(rng, names, region, f"{platform_name}网络科技有限公司", "platform")
    employer, second = platform, None
    if mode in ("专送", "劳务外包", "劳务派遣", "加盟"):
        trade = {"专送": "配送服务", "劳务外包": "劳务服务", "劳务派遣": "人力资源服务", "加盟": "物流服务"}[mode]
        employer = make_organisation(
            rng,
            names,
            region,
            f"{region['city'][:-1]}{rng.choice(names['company_words'])}{trade}有限公司",
            "contractor",
        )
        second = platform if rng.random() < 0.6 else None
    facts = {
        "orders_per_day": rng.randrange(8, 45),
        "hours_per_day": rng.choice([6, 8, 9, 10, 11, 12]),
        "days_per_month": rng.randrange(20, 30),
        "attendance": rng.random() < 0.55,
        "penalties": rng.random() < 0.6,
        "can_refuse": rng.random() < 0.45,
        "uniform": rng.random() < 0.6,
        "exclusive": rng.random() < 0.35,
    }
    control = (
        facts["attendance"]
        + facts["penalties"]
        + (not facts["can_refuse"])
        + facts["uniform"]
        + facts["exclusive"]
        + (facts["hours_per_day"] >= 9)
        + _MODE_BIAS[mode]
    )
    wage = rng.randrange(40, 120) * 100
    sc = Scenario(
        key=key,
        region=region,
        occupation=occupation,
        mode=mode,
        platform=platform,
        employer=employer,
        second_respondent=second,
        worker=worker,
        start=start,
        end=end,
        wage=wage,
        facts=facts,
        claims=[],
        arb_view=View(
            relation=control >= 3,
            evidence_ok=rng.random() < 0.5,
            base_factor=1.0,
            limitation=False,
            dismissed=rng.random() < 0.6,
        ),
    )
    sc.claims = _claims(rng, sc)
    _court(rng, sc)
    _dates_and_numbers(rng, sc)
    return sc


def _claims(rng: random.Random, sc: Scenario) -> list[GenClaim]:
    months = sc.claimed_months
    years = max(1, round(months / 12 + 0.25))
    pool = [
        t for t in CLAIM_TYPES if t != "工伤保险待遇" or sc.occupation["name"] in ("外卖骑手", "快递员", "货车司机")
    ]
    chosen = rng.sample(pool, rng.randint(2, 4))
    if "违法解除劳动合同赔偿金" in chosen and "经济补偿" in chosen:
        chosen.remove("经济补偿")
    claims = [GenClaim("确认劳动关系", None)] if rng.random() < 0.92 else []
    for t in CLAIM_TYPES:  # a stable order, as requests are usually listed
        if t not in chosen:
            continue
        if t == "工资报酬":
            n = rng.randint(1, 3)
            claims.append(GenClaim(t, sc.wage * n, n))
        elif t == "加班费":
            claims.append(GenClaim(t, _round(sc.wage / 21.75 / 8 * 1.5 * rng.randrange(80, 600)), months))
        elif t == "未签劳动合同二倍工资":
            n = min(11, months - 1)
            claims.append(GenClaim(t, sc.wage * n, n))
        elif t == "违法解除劳动合同赔偿金":
            claims.append(GenClaim(t, sc.wage * 2 * years, years))
        elif t == "经济补偿":
            claims.append(GenClaim(t, sc.wage * years, years))
        elif t == "工伤保险待遇":
            claims.append(GenClaim(t, rng.randrange(30, 160) * 1000))
        else:
            claims.append(GenClaim(t, None))
    return claims


def _applicable(sc: Scenario, departure: str, view: View) -> bool:
    types = {c.claim_type for c in sc.claims}
    needed = DEPARTURE_CLAIMS[departure]
    if needed is None:
        return "确认劳动关系" in types
    return view.relation and bool(needed & types)


def _depart(view: View, departure: str) -> View:
    name = _DEPARTURE_FIELD[departure]
    value = getattr(view, name)
    return replace(view, **{name: (0.8 if value == 1.0 else 1.0) if name == "base_factor" else not value})


def _court(rng: random.Random, sc: Scenario) -> None:
    if rng.random() > 0.7:
        return  # the award was accepted
    view = sc.arb_view
    wanted = 0 if rng.random() < 0.45 else (1 if rng.random() < 0.75 else 2)
    for departure in rng.sample(DEPARTURES, len(DEPARTURES)):
        if len(sc.departures) == wanted:
            break
        if _applicable(sc, departure, view):
            view = _depart(view, departure)
            sc.departures.append(departure)
    sc.court_view = view
    lost = sum(1 for d in sc.decide(sc.arb_view) if d.outcome in (Outcome.rejected, Outcome.partly_granted))
    sc.worker_sues = lost > 0 and (not sc.arb_view.relation or rng.random() < 0.5)
    if rng.random() < 0.35:
        departure = "计算标准差异" if _applicable(sc, "计算标准差异", view) and rng.random() < 0.3 else None
        sc.appeal_departure = departure
        sc.appeal_view = _depart(view, departure) if departure else view


def _dates_and_numbers(rng: random.Random, sc: Scenario) -> None:
    d = {"apply": sc.end + timedelta(days=rng.randrange(10, 200))}
    d["accept"] = d["apply"] + timedelta(days=rng.randrange(1, 5))
    d["hearing"] = d["accept"] + timedelta(days=rng.randrange(15, 40))
    d["award"] = d["hearing"] + timedelta(days=rng.randrange(7, 30))
    d["file"] = d["award"] + timedelta(days=rng.randrange(5, 15))
    d["judgment"] = d["file"] + timedelta(days=rng.randrange(60, 160))
    d["appeal_file"] = d["judgment"] + timedelta(days=rng.randrange(20, 40))
    d["appeal"] = d["appeal_file"] + timedelta(days=rng.randrange(60, 120))
    d["execution"] = max(
        d["award"], d["judgment"] if sc.court_view else d["award"], d["appeal"] if sc.appeal_view else d["award"]
    ) + timedelta(days=rng.randrange(30, 120))
    sc.dates = d
    region = sc.region
    bracket = rng.choice(["〔〕", "〔〕", "[]"])
    sc.numbers = {
        "arbitration": f"{region['arb_prefix']}{bracket[0]}{d['award'].year}{bracket[1]}第{rng.randrange(100, 9999)}号",
        "first_instance": f"（{d['judgment'].year}）{region['basic_code']}民初{rng.randrange(1000, 60000)}号",
        "second_instance": f"（{d['appeal'].year}）{region['inter_code']}民终{rng.randrange(1000, 30000)}号",
        "execution": f"（{d['execution'].year}）{region['basic_code']}执{rng.randrange(1000, 40000)}号",
    }
