"""Texts of generated documents, laid out as real awards, judgments, notes and records are."""

from __future__ import annotations

import random
from datetime import date

from ingest.sample.people import Organisation, Person, person_name, vocabulary
from ingest.sample.scenario import Decided, GenClaim, Scenario, View
from nlp.model import Outcome

_CN = "〇一二三四五六七八九"
_ITEM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def cn_date(d: date) -> str:
    """二〇二三年五月六日, as signatures are dated."""

    def small(n: int) -> str:
        return (
            (
                "十"
                if n == 10
                else "十" + _CN[n % 10]
                if n < 20
                else _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
            )
            if n >= 10
            else _CN[n]
        )

    return "".join(_CN[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


def ymd(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def money(n: int) -> str:
    return f"{n}元"


# What each money claim is called in requests and decision items.
PAYMENT = {
    "工资报酬": "工资",
    "加班费": "延时加班费",
    "未签劳动合同二倍工资": "未签订书面劳动合同二倍工资差额",
    "违法解除劳动合同赔偿金": "违法解除劳动合同赔偿金",
    "经济补偿": "解除劳动合同经济补偿",
    "工伤保险待遇": "一次性伤残补助金、停工留薪期工资等工伤保险待遇",
}


def _relation(sc: Scenario, a: str, b: str, exists: bool = True) -> str:
    return f"确认{a}与{b}自{ymd(sc.start)}至{ymd(sc.end)}期间{'存在' if exists else '不存在'}劳动关系"


def claim_request(sc: Scenario, c: GenClaim, who: str, against: str) -> str:
    """One request as the worker phrases it."""
    if c.claim_type == "确认劳动关系":
        return _relation(sc, who, against)
    if c.claim_type == "社会保险":
        return f"{against}为{who}补缴{ymd(sc.start)}至{ymd(sc.end)}期间的社会保险"
    what = f"拖欠的{c.months}个月工资" if c.claim_type == "工资报酬" else PAYMENT[c.claim_type]
    return f"{against}支付{who}{what}{money(c.amount)}"


def employer_request(sc: Scenario, c: GenClaim, employer: str, worker: str) -> str:
    """The same claim as an employer who sues phrases it: negatively."""
    if c.claim_type == "确认劳动关系":
        return _relation(sc, employer, worker, exists=False)
    if c.claim_type == "社会保险":
        return f"{employer}无需为{worker}补缴社会保险"
    return f"{employer}无需支付{worker}{PAYMENT[c.claim_type]}{money(c.amount)}"


def decision_item(sc: Scenario, c: GenClaim, d: Decided, payer: str, payee: str, effective: str) -> str | None:
    """The operative item for a granted claim; rejected ones fall under the catch-all."""
    if d.outcome not in (Outcome.granted, Outcome.partly_granted):
        return None
    if c.claim_type == "确认劳动关系":
        return _relation(sc, payee, payer)
    return f"{payer}于{effective}生效之日起十日内支付{payee}{PAYMENT[c.claim_type]}{money(d.amount)}"


def numbered(items: list[str], arabic: bool = False) -> str:
    if len(items) == 1:
        return items[0] + "。"
    return "；".join(f"{i}.{s}" if arabic else f"{_ITEM[i - 1]}、{s}" for i, s in enumerate(items, 1)) + "。"


def facts_paragraph(sc: Scenario) -> str:
    f, w, occ = sc.facts, sc.worker.name, sc.occupation
    out = [
        f"{ymd(sc.start)}，{w}通过{sc.platform.name}运营的“{sc.platform.name[:2]}”平台注册成为{occ['name']}，"
        f"以{sc.mode}方式{occ['work']}。"
    ]
    if sc.employer is not sc.platform:
        out.append(
            f"{w}的日常管理及报酬发放由{sc.employer.name}负责，双方签订有《{_agreement(sc)}》，未签订书面劳动合同。"
        )
    else:
        out.append("双方签订有《平台服务协议》，未签订书面劳动合同。")
    out.append(
        f"{w}每日在线约{f['hours_per_day']}小时，每月出勤约{f['days_per_month']}天，日均完成{f['orders_per_day']}{occ['unit']}，"
        f"月均收入约{sc.wage}元，报酬按{occ['unit']}计算，由{sc.employer.name}按月结算。"
    )
    out.append(
        "站点对其实行排班考勤，迟到或未按时上线将被扣款。" if f["attendance"] else "平台未对其设定固定上线时间。"
    )
    if f["penalties"]:
        out.append("平台规则规定，超时送达或差评将被扣除相应报酬。")
    out.append("其可自行选择是否接受派单。" if f["can_refuse"] else "系统派单后不得拒单，拒单将影响派单量。")
    if f["uniform"]:
        out.append(f"{w}工作时须穿着统一工服、佩戴工牌。")
    out.append(f"{ymd(sc.end)}，{w}的平台账号被停用，此后未再{occ['work']}。")
    return "".join(out)


def _agreement(sc: Scenario) -> str:
    return {
        "专送": "配送服务合作协议",
        "劳务外包": "劳务外包协议",
        "劳务派遣": "劳务派遣协议",
        "加盟": "加盟合作协议",
    }.get(sc.mode, "合作协议")


def relation_reason(sc: Scenario, view: View, body: str) -> str:
    w, e = sc.worker.name, sc.employer.name
    if view.relation:
        return (
            f"{body}认为，{e}通过平台规则对{w}的上线时间、接单数量进行管理，并以扣款方式进行奖惩，{w}的劳动报酬主要来源于此，"
            f"双方之间具有明显的人身从属性和经济从属性，应认定存在劳动关系。"
        )
    return (
        f"{body}认为，{w}可自主决定是否上线接单及接单数量，{e}并未对其进行考勤管理，双方之间不具有劳动关系所要求的人身从属性，"
        f"不应认定存在劳动关系，{w}基于劳动关系提出的各项请求缺乏依据。"
    )


# Sentences a deciding body gives for each reading of a contested point; the court quotes its own on a departure.
def point_reason(sc: Scenario, departure: str, view: View) -> str:
    w, e = sc.worker.name, sc.employer.name
    if departure == "证据采信差异":
        if view.evidence_ok:
            return (
                f"{w}提交的平台后台接单记录及排班表截图，{e}虽不认可，但未提交相反证据，对上述证据予以采信，"
                f"据此认定{w}存在延时加班的事实。"
            )
        return f"{w}提交的微信聊天记录截图无法核实发送人身份，亦无其他证据佐证，不予采信，{w}主张的加班事实证据不足。"
    if departure == "计算标准差异":
        if view.base_factor < 1:
            return (
                f"关于工资标准，{w}主张的月工资包含高峰时段补贴及冲单奖励，该部分不具有固定性，不应计入计算基数，"
                f"应按照{int(sc.wage * view.base_factor)}元/月的标准重新核算。"
            )
        return f"关于工资标准，{w}的月工资应以其实际取得的全部劳动报酬{sc.wage}元计算，以基本工资作为计算基数有误。"
    if departure == "程序差异":
        if view.limitation:
            return (
                f"{w}主张的未签订书面劳动合同二倍工资差额，应自用工之日起满一个月的次日起分别计算仲裁时效，"
                f"其于{ymd(sc.dates['apply'])}申请仲裁，超过一年仲裁时效部分的请求，不予支持。"
            )
        return f"{e}在仲裁阶段未提出时效抗辩，亦无证据证明仲裁时效已届满，故对二倍工资差额的请求予以支持。"
    if departure == "事实认定差异":
        if view.dismissed:
            return f"{e}以{w}差评过多为由将其账号停用，该行为实为单方解除劳动关系，且未能举证证明解除的合法依据，构成违法解除。"
        return (
            f"根据双方微信聊天记录，{w}于{ymd(sc.end)}自行停止接单并表示不再从事该工作，现有证据不足以证明系{e}解除劳动关系，"
            f"{w}主张违法解除劳动合同赔偿金，不予支持。"
        )
    return relation_reason(sc, view, "本院")


def reasoning(sc: Scenario, view: View, body: str, points: list[str]) -> str:
    parts = [relation_reason(sc, view, body)]
    if view.relation:
        parts += [point_reason(sc, p, view) for p in points if p != "法律适用差异"]
    if any(c.claim_type == "社会保险" for c in sc.claims):
        parts.append("关于补缴社会保险的请求，不属于劳动争议处理范围，不予处理。")
    return "".join(parts)


def _contested(sc: Scenario) -> list[str]:
    """Points each body addresses in its reasoning: every departure the court takes, so both sides state a view."""
    points = list(sc.departures)
    if sc.appeal_departure:
        points.append(sc.appeal_departure)
    return list(dict.fromkeys(points))


def party_lines(who: Person | Organisation, label: str) -> list[str]:
    return [who.line(label)] if isinstance(who, Person) else who.lines(label)


def respondents(sc: Scenario) -> list:
    return [sc.employer] + ([sc.second_respondent] if sc.second_respondent else [])


def award(sc: Scenario, rng: random.Random) -> str:
    r, w = sc.region, sc.worker
    names = "、".join(o.name for o in respondents(sc))
    lines = [r["commission"], "仲 裁 裁 决 书", sc.numbers["arbitration"], "", w.line("申请人")]
    if rng.random() < 0.6:
        lines.append(f"委托代理人：{_agent(rng, sc)}。")
    for o in respondents(sc):
        lines += o.lines("被申请人")
    lines += [
        "",
        f"申请人{w.name}与被申请人{names}劳动争议一案，本委于{ymd(sc.dates['accept'])}受理后，依法组成仲裁庭，"
        f"于{ymd(sc.dates['hearing'])}公开开庭进行了审理。本案现已审理终结。",
        "申请人请求：" + numbered([claim_request(sc, c, "申请人", "被申请人") for c in sc.claims], arabic=True),
        f"被申请人辩称：双方系{_agreement(sc)[:-2]}关系，申请人可自由决定是否接单，不存在劳动关系，请求驳回申请人的全部仲裁请求。",
        "经审理查明：" + facts_paragraph(sc),
        reasoning(sc, sc.arb_view, "本委", _contested(sc)),
        "依照《中华人民共和国劳动合同法》第七条、第十条、第八十二条，《中华人民共和国劳动争议调解仲裁法》第六条之规定，裁决如下：",
        numbered(decision_items(sc, sc.decide(sc.arb_view), True, "被申请人", "申请人", "仲裁请求", "本裁决")),
        "本裁决为非终局裁决。当事人如不服本裁决，可自收到本裁决书之日起十五日内向人民法院提起诉讼；期满不起诉的，本裁决书即发生法律效力。",
        "",
        f"仲裁员：{_name(rng, sc)}",
        cn_date(sc.dates["award"]),
        f"书记员：{_name(rng, sc)}",
    ]
    return "\n".join(lines)


def decision_items(
    sc: Scenario,
    decided: list[Decided],
    worker_claims: bool,
    employer: str,
    worker: str,
    requests: str = "诉讼请求",
    effective: str = "本判决",
) -> list[str]:
    """Operative items. When the employer is the claimant, what the worker loses is written as 无需支付 / 不存在."""
    items = []
    for c, d in zip(sc.claims, decided):
        if d.outcome in (Outcome.granted, Outcome.partly_granted):
            items.append(decision_item(sc, c, d, employer, worker, effective))
        elif d.outcome == Outcome.not_ruled:
            items.append(f"对{worker}要求补缴社会保险的请求不予处理")
        elif not worker_claims and d.outcome == Outcome.rejected:
            items.append(
                _relation(sc, employer, worker, exists=False).replace(f"自{ymd(sc.start)}至{ymd(sc.end)}期间", "之间")
                if c.claim_type == "确认劳动关系"
                else f"{employer}无需支付{worker}{PAYMENT[c.claim_type]}"
            )
    granted = any(d.outcome in (Outcome.granted, Outcome.partly_granted) for d in decided)
    claimant = worker if worker_claims else employer
    if not items:
        return [f"驳回{claimant}的全部{requests}"]
    if granted if not worker_claims else any(d.outcome == Outcome.rejected for d in decided):
        items.append(f"驳回{claimant}的其他{requests}")
    return items


def first_instance(sc: Scenario, rng: random.Random) -> str:
    r, w, e = sc.region, sc.worker, sc.employer
    arb = sc.decide(sc.arb_view)
    court = sc.decide(sc.court_view)
    plaintiff_is_worker = sc.worker_sues
    lines = [r["basic_court"], "民 事 判 决 书", sc.numbers["first_instance"], ""]
    if plaintiff_is_worker:
        lines += party_lines(w, "原告")
        for o in respondents(sc):
            lines += party_lines(o, "被告")
        requests = [claim_request(sc, c, "原告", "被告") for c in sc.claims]
        plaintiff, defendant = w.name, e.name
    else:
        lines += e.lines("原告")
        lines.append(w.line("被告"))
        if sc.second_respondent:
            lines += sc.second_respondent.lines("第三人")
        requests = [employer_request(sc, c, "原告", "被告") for c in sc.claims]
        plaintiff, defendant = e.name, w.name
    arb_items = numbered(decision_items(sc, arb, True, "被申请人", "申请人", "仲裁请求", "本裁决"))
    lines += [
        "",
        f"原告{plaintiff}与被告{defendant}劳动争议一案，本院于{ymd(sc.dates['file'])}立案后，依法适用简易程序，公开开庭进行了审理。本案现已审理终结。",
        f"{plaintiff}向本院提出诉讼请求："
        + numbered(requests, arabic=True)
        + f"事实和理由：{plaintiff}不服{r['commission']}作出的{sc.numbers['arbitration']}裁决，故诉至法院。",
        f"{defendant}辩称：仲裁裁决认定事实清楚，请求依法判决。",
        "当事人围绕诉讼请求依法提交了证据，本院组织当事人进行了证据交换和质证。",
        "本院经审理认定事实如下："
        + facts_paragraph(sc)
        + f"{ymd(sc.dates['apply'])}，{w.name}向{r['commission']}申请仲裁，该委于{ymd(sc.dates['award'])}作出{sc.numbers['arbitration']}裁决书，"
        + f"裁决：{arb_items}{plaintiff}不服该裁决，诉至本院。",
        reasoning(sc, sc.court_view, "本院", _contested(sc)),
        "依照《中华人民共和国劳动合同法》第七条、第十条、第八十二条，《中华人民共和国民事诉讼法》第六十七条之规定，判决如下：",
    ]
    e_label, w_label = ("被告", "原告") if plaintiff_is_worker else ("原告", "被告")
    lines.append(numbered(decision_items(sc, court, plaintiff_is_worker, e_label + e.name, w_label + w.name)))
    lines += [
        f"案件受理费10元，由{e.name}负担。",
        f"如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，上诉于{r['inter_court']}。",
        "",
        f"审判员　{_name(rng, sc)}",
        cn_date(sc.dates["judgment"]),
        f"书记员　{_name(rng, sc)}",
    ]
    return "\n".join(lines)


def second_instance(sc: Scenario, rng: random.Random) -> str:
    r, w, e = sc.region, sc.worker, sc.employer
    changed = sc.appeal_view != sc.court_view
    appellant_is_worker = not sc.court_view.relation  # the side that lost at first instance appeals
    worker_role = "原审原告" if sc.worker_sues else "原审被告"
    employer_role = "原审被告" if sc.worker_sues else "原审原告"
    appellant, appellee = (w, e) if appellant_is_worker else (e, w)
    head = party_lines(appellant, f"上诉人（{worker_role if appellant_is_worker else employer_role}）") + party_lines(
        appellee, f"被上诉人（{employer_role if appellant_is_worker else worker_role}）"
    )
    e_label, w_label = ("被告", "原告") if sc.worker_sues else ("原告", "被告")
    court1 = numbered(decision_items(sc, sc.decide(sc.court_view), sc.worker_sues, e_label, w_label))
    plaintiff = w if sc.worker_sues else e
    requests = (
        [claim_request(sc, c, "原告", "被告") for c in sc.claims]
        if sc.worker_sues
        else [employer_request(sc, c, "原告", "被告") for c in sc.claims]
    )
    lines = [
        r["inter_court"],
        "民 事 判 决 书",
        sc.numbers["second_instance"],
        "",
        *head,
        "",
        f"上诉人{appellant.name}因与被上诉人{appellee.name}劳动争议一案，不服{r['basic_court']}{sc.numbers['first_instance']}民事判决，"
        f"向本院提起上诉。本院于{ymd(sc.dates['appeal_file'])}立案后，依法组成合议庭进行了审理。本案现已审理终结。",
        f"{appellant.name}上诉请求：撤销一审判决，依法改判。",
        f"{plaintiff.name}向一审法院起诉请求：" + numbered(requests, arabic=True),
        f"一审法院认定事实：{facts_paragraph(sc)}",
        f"一审法院判决：{court1}",
        "本院二审期间，当事人没有提交新证据。本院对一审查明的事实予以确认。",
    ]
    if changed:
        lines += [
            point_reason(sc, sc.appeal_departure, sc.appeal_view).replace("应按照", "本院认为，应按照", 1),
            "依照《中华人民共和国民事诉讼法》第一百七十七条第一款第二项之规定，判决如下：",
            numbered(
                [f"撤销{r['basic_court']}{sc.numbers['first_instance']}民事判决"]
                + decision_items(sc, sc.decide(sc.appeal_view), sc.worker_sues, e.name, w.name)
            ),
        ]
    else:
        lines += [
            "本院认为，一审判决认定事实清楚，适用法律正确，应予维持。上诉人的上诉请求不能成立，本院不予支持。",
            "依照《中华人民共和国民事诉讼法》第一百七十七条第一款第一项之规定，判决如下：",
            "驳回上诉，维持原判。",
        ]
    lines += [
        "二审案件受理费10元，由上诉人负担。",
        "本判决为终审判决。",
        "",
        f"审判长　{_name(rng, sc)}",
        f"审判员　{_name(rng, sc)}",
        cn_date(sc.dates["appeal"]),
        f"书记员　{_name(rng, sc)}",
    ]
    return "\n".join(lines)


def hearing_note(sc: Scenario, rng: random.Random, stage: str) -> str:
    number = sc.numbers[stage]
    body = sc.region["commission"] if stage == "arbitration" else sc.region["basic_court"]
    when = sc.dates["hearing"] if stage == "arbitration" else sc.dates["file"]
    w, e = sc.worker.name, sc.employer.name
    foci = ["双方是否存在劳动关系"] + [
        f"{c.claim_type}的请求应否支持" for c in sc.claims if c.claim_type != "确认劳动关系"
    ]
    return "\n".join(
        [
            "庭审要点",
            f"案号：{number}",
            f"审理机构：{body}",
            f"开庭时间：{ymd(when)}",
            f"主持人：{_name(rng, sc)}",
            "",
            "争议焦点：" + numbered(foci, arabic=True),
            f"申请人（劳动者）{w}陈述：其通过平台接单，每日在线约{sc.facts['hours_per_day']}小时，须服从站点排班，"
            f"超时会被扣款，应认定为劳动关系。",
            f"{e}陈述：双方签订的是{_agreement(sc)}，{w}可自行决定是否接单，收入按单结算，不存在管理关系。",
            f"仲裁庭/合议庭询问：{w}是否可以拒绝派单？{w}答："
            + ("可以拒单，但会影响派单。" if sc.facts["can_refuse"] else "不能拒单，拒单要罚款。"),
            "证据：平台接单记录、工资流水、微信聊天记录截图、合作协议。",
            "各方对庭审要点无异议。",
        ]
    )


def mediation_record(sc: Scenario, rng: random.Random) -> str:
    w, e = sc.worker.name, sc.employer.name
    return "\n".join(
        [
            "调解笔录",
            f"案号：{sc.numbers['arbitration']}",
            f"时间：{ymd(sc.dates['hearing'])}",
            f"地点：{sc.region['commission']}调解室",
            f"调解员：{_name(rng, sc)}",
            f"申请人：{w}",
            f"被申请人：{e}",
            "",
            f"调解员：双方是否同意在本委主持下进行调解？{w}：同意。{e}：同意。",
            f"{w}：要求对方支付全部请求款项，可以适当让步。",
            f"{e}：双方系合作关系，出于人道考虑愿意一次性补偿{sc.wage}元。",
            "调解员：双方意见差距较大，本次调解不成，本案将依法作出裁决。",
        ]
    )


def execution_record(sc: Scenario, rng: random.Random, basis: str, amount: int) -> str:
    w, e = sc.worker.name, sc.employer.name
    finished = rng.random() < 0.7
    return "\n".join(
        [
            "执行情况",
            f"执行案号：{sc.numbers['execution']}",
            f"执行法院：{sc.region['basic_court']}",
            f"申请执行人：{w}",
            f"被执行人：{e}",
            f"执行依据：{basis}",
            f"执行标的：{amount}元",
            f"立案日期：{ymd(sc.dates['execution'])}",
            (
                "执行结果：被执行人已全部履行，本案执行完毕。"
                if finished
                else "执行结果：经查询被执行人名下暂无可供执行财产，终结本次执行程序。"
            ),
        ]
    )


def _agent(rng: random.Random, sc: Scenario) -> str:
    name = person_name(rng, vocabulary()["names"])
    sc.agents.append(name)  # the truth lists every natural person the documents name
    return f"{name}，{rng.choice(vocabulary()['names']['law_firms'])}律师"


def _name(rng: random.Random, sc: Scenario) -> str:
    """An official acting in office (arbitrator, judge, clerk, mediator): named as they sign."""
    name = person_name(rng, vocabulary()["names"])
    sc.officials.append(name)
    return name
