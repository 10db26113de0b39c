"""Divergence: comparison of the award with the court's decision, alignment, and causes with quoted sentences.

The award/judgment pairs below are written for these tests: one for each divergence type and each direction.
"""

from __future__ import annotations

import pytest

from nlp.divergence import ClaimRecord, Passage, StageResult, align, analyse, case_divergence, compare, divergence_types
from nlp.narrative import compare_case


@pytest.mark.parametrize(
    "before, after, tolerance, expected",
    [
        (("granted", 10000), ("granted", 10050), 0.01, (False, "same")),  # within 1%
        (("granted", 10000), ("granted", 10050), 0.0, (True, "pro_worker")),
        (("partly_granted", 8000), ("granted", 20000), 0.01, (True, "pro_worker")),
        (("granted", 20000), ("partly_granted", 8000), 0.01, (True, "pro_employer")),
        (("granted", None), ("rejected", None), 0.01, (True, "pro_employer")),
        (("rejected", None), ("granted", None), 0.01, (True, "pro_worker")),
        (("granted", None), ("partly_granted", 5000), 0.01, (True, "pro_employer")),
        (("inadmissible", None), ("granted", 3000), 0.01, (True, "pro_worker")),
        # The worker gets nothing either way: not a divergence.
        (("inadmissible", None), ("rejected", None), 0.01, (False, "same")),
        (("rejected", None), ("not_ruled", None), 0.01, (False, "same")),
        (("granted", 5000), ("rejected", None), 0.01, (True, "pro_employer")),
    ],
)
def test_compare_direction_and_tolerance(before, after, tolerance, expected):
    assert compare(StageResult(*before), StageResult(*after), tolerance) == expected


def _pair(claim_type, arbitration, court, court_reasoning, arbitration_reasoning="", amount=None):
    """An award and a first-instance judgment deciding one claim, the judgment also reciting the award."""
    award = ClaimRecord(
        1, 1, claim_type, f"请求{claim_type}", amount, results={"arbitration": StageResult(*arbitration)}
    )
    judgment = ClaimRecord(
        2,
        2,
        claim_type,
        f"判令支付{claim_type}",
        amount,
        results={"first_instance": StageResult(*court), "arbitration": StageResult(*arbitration, recited=True)},
    )
    passages = [Passage("court", 2, court_reasoning)]
    if arbitration_reasoning:
        passages.append(Passage("arbitration", 1, arbitration_reasoning))
    return [award, judgment], passages


CASES = [
    (
        "事实认定差异",
        "违法解除劳动合同赔偿金",
        ("rejected", None),
        ("granted", 30000),
        "pro_worker",
        "本院认为，公司以李某连续旷工三日为由解除劳动合同，经查明，李某当日已向站长请假并获准许，公司所称旷工的事实不能成立，"
        "其解除行为缺乏事实依据，应支付违法解除劳动合同赔偿金。",
    ),
    (
        "证据采信差异",
        "加班费",
        ("rejected", None),
        ("granted", 8000),
        "pro_worker",
        "本院认为，张某提交的骑手APP后台考勤记录截图及站长在工作群发布的排班通知，公司虽对其真实性不予认可，但未提供反证，"
        "本院对上述证据予以采信，张某主张的加班费本院予以支持。",
    ),
    (
        "计算标准差异",
        "经济补偿",
        ("granted", 24000),
        ("partly_granted", 15000),
        "pro_employer",
        "本院认为，经济补偿应以劳动者解除劳动合同前十二个月的平均工资为计算基数，仲裁裁决将冲单奖励计入工资有误，"
        "本院按照每月5000元的标准重新核算经济补偿。",
    ),
    (
        "程序差异",
        "未签劳动合同二倍工资",
        ("granted", 44000),
        ("partly_granted", 22000),
        "pro_employer",
        "本院认为，未签订书面劳动合同二倍工资差额的仲裁时效应自用工满一个月的次日起分段计算，超过一年仲裁时效部分的请求，"
        "本院不予支持。",
    ),
    (
        "程序差异",
        "工资报酬",
        ("inadmissible", None),
        ("granted", 12000),
        "pro_worker",
        "本院认为，公司拖欠王某2023年3月至5月的工资，应予支付。",
    ),  # decided on the merits what the commission refused
    (
        "法律适用差异",
        "确认劳动关系",
        ("granted", None),
        ("rejected", None),
        "pro_employer",
        "本院认为，双方签订的是运输合作协议，王某使用自有车辆通过平台承接订单，报酬按单结算，双方系平等民事主体之间的承揽关系，"
        "不适用劳动法律的规定。",
    ),
    (
        "其他",
        "竞业限制",
        ("granted", None),
        ("rejected", None),
        "pro_employer",
        "本院认为，双方约定的竞业限制违约金数额明显过高，应予调整。",
    ),
]


@pytest.mark.parametrize(
    "expected_type, claim_type, arbitration, court, direction, reasoning", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_divergence_type_direction_and_quotes(expected_type, claim_type, arbitration, court, direction, reasoning):
    records, passages = _pair(claim_type, arbitration, court, reasoning)
    [c] = analyse(records, passages)
    assert c.divergent is True
    assert c.direction == direction
    assert c.cause.divergence_type == expected_type
    [e] = c.cause.evidence  # each reasoning is one sentence, and it gives the reason
    assert reasoning[e.span.start : e.span.end] == e.quote and e.document_id == 2 and e.stage == "court"


# A court's reasoning that upholds the rest of the decision in set phrases and gives the reason for one claim in
# another sentence: the quote is the reason (it names the claim, one of its amounts, a standard or a finding), never
# the phrase that upholds. (claim type, award, court, reasoning, what the first quote holds)
QUOTES = [
    # The upholding sentence names the claim; the reason names only a standard.
    (
        "经济补偿",
        ("granted", 18600),
        ("partly_granted", 12400),
        "本院认为，一审判决认定事实清楚，对经济补偿的处理并无不当，本院予以维持。刘某每月领取的冲单奖励属于临时性奖励，"
        "不应计入计算基数，应按照6200元/月的标准重新核算。",
        "不应计入计算基数",
    ),
    # The reason names neither the claim nor its type's words, only the amount the award granted.
    (
        "加班费",
        ("granted", 8000),
        ("rejected", None),
        "本院认为，上诉人的上诉理由不能成立。一审判决对加班费的认定事实清楚，应予维持。张某主张的8000元系按每日在线十二小时"
        "计算，而平台记录显示其每日接单时长不足八小时。",
        "张某主张的8000元",
    ),
    (
        "违法解除劳动合同赔偿金",
        ("rejected", None),
        ("granted", 36000),
        "本院认为，一审判决认定事实清楚，处理并无不当。经查明，周某系因站点撤销被要求离岗，并非自行离职，公司解除劳动合同"
        "缺乏事实依据，应支付违法解除劳动合同赔偿金36000元。",
        "并非自行离职",
    ),
    # The upholding phrase and the reason in one sentence: the sentence is quoted for what follows the phrase.
    (
        "未签劳动合同二倍工资",
        ("granted", 22000),
        ("partly_granted", 11000),
        "本院认为，原审认定事实清楚，但未签订书面劳动合同二倍工资差额的仲裁时效应分段计算，超过时效部分不予支持。",
        "仲裁时效应分段计算",
    ),
]


@pytest.mark.parametrize("claim_type, arbitration, court, reasoning, reason", QUOTES, ids=[q[0] for q in QUOTES])
def test_the_quote_gives_the_reason_not_the_upholding_phrase(claim_type, arbitration, court, reasoning, reason):
    records, passages = _pair(claim_type, arbitration, court, reasoning, amount=arbitration[1] or court[1])
    [c] = analyse(records, passages)
    assert c.divergent is True and c.cause.evidence
    assert reason in c.cause.evidence[0].quote
    upholding = ("处理并无不当，本院予以维持", "上诉理由不能成立", "事实清楚，应予维持", "事实清楚，处理并无不当")
    assert not [e.quote for e in c.cause.evidence if any(p in e.quote for p in upholding)]


def test_a_reasoning_that_only_upholds_gives_no_quote_and_no_type():
    records, passages = _pair(
        "加班费",
        ("granted", 8000),
        ("rejected", None),
        "本院认为，一审判决认定事实清楚，适用法律正确，应予维持。上诉人的上诉请求不能成立，本院不予支持。",
    )
    [c] = analyse(records, passages)
    assert c.cause.evidence == () and c.cause.divergence_type == "其他"


def test_every_type_in_the_taxonomy_is_tested():
    assert set(divergence_types()) == {c[0] for c in CASES}


def test_same_decision_is_not_a_divergence_and_has_no_cause():
    records, passages = _pair("工资报酬", ("granted", 12000), ("granted", 12000), "本院认为，公司应支付工资12000元。")
    [c] = analyse(records, passages)
    assert (c.divergent, c.direction, c.cause) == (False, "same", None)
    assert c.change == "支持 12,000 → 支持 12,000"


def test_the_commissions_reasoning_is_quoted_after_the_courts():
    court = "本院认为，双方系平等民事主体之间的合作关系，不具有劳动关系的法律特征。"
    arbitration = "本委认为，公司对刘某进行考勤管理并按月支付报酬，双方存在劳动关系。"
    records, passages = _pair("确认劳动关系", ("granted", None), ("rejected", None), court, arbitration)
    [c] = analyse(records, passages)
    stages = [e.stage for e in c.cause.evidence]
    assert stages[0] == "court" and "arbitration" in stages


def test_claims_that_need_a_labor_relation_diverge_for_the_relations_reason():
    court = "本院认为，双方之间系承揽关系，不具有劳动关系的法律特征；另，赵某提交的加班记录截图无法核实真实性，本院不予采信。"
    records = [
        ClaimRecord(1, 1, "确认劳动关系", "确认劳动关系", results={"arbitration": StageResult("granted")}),
        ClaimRecord(2, 1, "加班费", "支付加班费", 6000, results={"arbitration": StageResult("granted", 6000)}),
        ClaimRecord(3, 2, "确认劳动关系", "确认劳动关系", results={"first_instance": StageResult("rejected")}),
        ClaimRecord(4, 2, "加班费", "支付加班费", 6000, results={"first_instance": StageResult("rejected")}),
    ]
    relation, overtime = analyse(records, [Passage("court", 2, court)])
    assert relation.cause.divergence_type == "法律适用差异"
    assert overtime.cause is relation.cause


def test_align_pairs_requests_by_type_then_amount():
    award = [
        ClaimRecord(1, 1, "工资报酬", "支付2023年3月工资", 3000),
        ClaimRecord(2, 1, "工资报酬", "支付提成工资", 12000),
        ClaimRecord(3, 1, "加班费", "支付加班费", 5000),
    ]
    judgment = [
        ClaimRecord(4, 2, "加班费", "判令支付加班费", 5000),
        ClaimRecord(5, 2, "工资报酬", "提成工资", 12000),
        ClaimRecord(6, 2, "工资报酬", "2023年3月工资", 3000),
        ClaimRecord(7, 2, "经济补偿", "经济补偿", 9000),
    ]
    groups = {tuple(r.key for r in g.records) for g in align(award + judgment)}
    assert groups == {(1, 6), (2, 5), (3, 4), (7,)}


def test_a_claim_first_raised_in_court_is_not_compared():
    records = [
        ClaimRecord(1, 2, "经济补偿", "经济补偿", 9000, results={"first_instance": StageResult("granted", 9000)})
    ]
    [c] = analyse(records, [])
    assert c.divergent is None and c.cause is None


def test_a_stages_own_document_wins_over_a_recital():
    records = [
        ClaimRecord(1, 1, "工资报酬", "工资", 5000, results={"arbitration": StageResult("granted", 5000, 1)}),
        ClaimRecord(
            2,
            2,
            "工资报酬",
            "工资",
            5000,
            results={
                "arbitration": StageResult("partly_granted", 4000, 2, recited=True),
                "first_instance": StageResult("granted", 5000, 2),
            },
        ),
    ]
    [c] = analyse(records, [])
    assert c.arbitration.document_id == 1 and c.divergent is False


_REASONS = {
    "事实认定差异": "经查明，双方实际存在劳动关系，王某并非自行离职。",
    "计算标准差异": "应按照最低工资标准重新核算。",
    "程序差异": "该请求未超过仲裁时效。",
    "法律适用差异": "双方之间并非劳务关系，应适用劳动合同法。",
}


@pytest.mark.parametrize(
    "claims, expected",
    [
        ([], (None, None)),
        (
            [("工资报酬", "事实认定差异"), ("加班费", "事实认定差异"), ("经济补偿", "计算标准差异")],
            (True, "事实认定差异"),
        ),
        ([("工资报酬", "计算标准差异"), ("加班费", "程序差异")], (True, "程序差异")),
        # As common: the relation claim's type, whichever claim comes first.
        ([("其他", "事实认定差异"), ("确认劳动关系", "法律适用差异")], (True, "法律适用差异")),
        ([("其他", "法律适用差异"), ("确认劳动关系", "事实认定差异")], (True, "事实认定差异")),
        ([("其他", "事实认定差异"), ("加班费", "法律适用差异")], (True, "事实认定差异")),
    ],
)
def test_case_divergence_names_the_main_type(claims, expected):
    comparisons = []
    for claim_type, reason in claims:
        records, passages = _pair(claim_type, ("rejected", None), ("granted", 100), "本院认为，" + _REASONS[reason])
        comparisons += analyse(records, passages)
    assert [c.cause.divergence_type for c in comparisons] == [r for _, r in claims]  # the table means what it says
    assert case_divergence(comparisons) == expected


def test_case_divergence_is_false_when_compared_claims_agree():
    records, passages = _pair("加班费", ("rejected", None), ("rejected", None), "本院认为，证据不足。")
    assert case_divergence(analyse(records, passages)) == (False, None)


@pytest.mark.parametrize(
    "text, divergent, direction",
    [
        (
            "王某申请仲裁，请求确认与某公司存在劳动关系。仲裁委员会裁决驳回王某的仲裁请求。王某不服，诉至法院。"
            "法院判决确认王某与某公司存在劳动关系。",
            True,
            "pro_worker",
        ),
        (
            "王某申请仲裁，请求某公司支付工资12000元。仲裁委员会裁决某公司支付王某工资12000元。某公司不服，诉至法院。"
            "法院判决某公司支付王某工资12000元。",
            False,
            "same",
        ),
    ],
)
def test_narratives_are_compared_with_the_same_code(text, divergent, direction):
    compared = [c for c in compare_case(text) if c.divergent is not None]
    assert compared and compared[0].divergent is divergent and compared[0].direction == direction
