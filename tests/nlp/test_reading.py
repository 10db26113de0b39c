"""Claims and per-claim outcomes: tables of real wording, and every generated award and judgment against its truth."""

import json

import pytest

from ingest.sources import read_file
from nlp.claims import claim_type, claims_from_items, split_items, typed_amounts
from nlp.eval import judgment_stages
from nlp.extract import extract_document
from nlp.outcomes import apply_rulings, rulings, worker_view


@pytest.mark.parametrize(
    "text,expected",
    [
        ("确认申请人与被申请人自2021年3月1日至2023年2月28日期间存在劳动关系", "确认劳动关系"),
        ("请求确认周某和科技公司之间（自2019年3月1日起）存在劳动关系", "确认劳动关系"),
        ("确认原告与被告之间不存在劳动关系", "确认劳动关系"),
        ("支付拖欠工资15000元", "工资报酬"),
        ("支付节假日300%的工资", "加班费"),
        ("支付待岗期间生活费3555元", "工资报酬"),
        ("支付拖欠的底薪及销售佣金8000元", "工资报酬"),
        # Each entitlement by its other names.
        ("支付延长工作时间的工资报酬6000元", "加班费"),
        ("支付休息日工作工资2000元", "加班费"),
        ("支付离职补偿金5000元", "经济补偿"),
        ("支付违法辞退的赔偿", "违法解除劳动合同赔偿金"),
        ("支付生育津贴12000元", "社会保险"),
        ("支付经济赔偿8000元", "违法解除劳动合同赔偿金"),
        ("赔偿经济损失5000元", "其他"),
        ("补缴2015年的保险费", "社会保险"),
        ("要求支付绩效奖金差额", "工资报酬"),
        ("支付停工留薪期工资", "工伤保险待遇"),
        ("支付一次性伤残补助金、一次性工伤医疗补助金", "工伤保险待遇"),
        ("要求支付未订立书面劳动合同双倍工资差额", "未签劳动合同二倍工资"),
        ("支付未签订劳动合同的二倍工资", "未签劳动合同二倍工资"),
        ("支付违法解除劳动合同赔偿金", "违法解除劳动合同赔偿金"),
        ("支付解除劳动合同经济补偿金", "经济补偿"),
        # The month's wage in lieu of notice (劳动合同法第四十条) is neither severance nor wages owed for work.
        ("支付代通知金", "其他"),
        ("支付提前解除劳动关系的代通知金3314.50元", "其他"),
        ("支付额外一个月工资5864元", "其他"),
        ("支付解除劳动合同补偿金6000元", "经济补偿"),
        ("无须支付两倍工资差额9700元", "未签劳动合同二倍工资"),
        ("支付2008年起未签合同的加倍工资72000元", "未签劳动合同二倍工资"),
        ("赔偿失业期间医保损失6420元", "社会保险"),
        ("支付失业赔偿金19320元", "社会保险"),
        ("要求支付延时加班费19670.5元", "加班费"),
        ("补缴社会保险", "社会保险"),
        ("赔偿失业保险金损失", "社会保险"),
        ("支付一次性生活补助金8694元", "社会保险"),  # the unemployment benefit owed by an employer that did not insure
        (
            "出具解除劳动合同证明书、社会保险缴费终止单",
            "其他",
        ),  # a document about the insurance is a certificate asked for
        ("出具社保证明", "其他"),
        ("要求郑某支付竞业限制违约金710万元", "竞业限制"),
        ("要求公司支付其应休未休的护理假权益损失", "其他"),
        ("诉请某煤业公司支付职业健康检查费用", "其他"),
        ("请求支付共计80天未休年休假工资53800元", "其他"),
        ("支付非因工死亡的丧葬补助金及抚恤金差额", "社会保险"),
        ("要求公司补缴在职期间的五险一金", "社会保险"),
        ("并上齐三险", "社会保险"),
        ("要求两被申请人与申请人自2015年7月11日起建立劳动关系", "确认劳动关系"),
        ("支付待岗期间的生活费3000元", "工资报酬"),
        ("赔偿被抚养人生活费20000元", "其他"),
        ("诉请被告每月支付二倍的工资", "未签劳动合同二倍工资"),
        ("支付双倍差额工资12000元", "未签劳动合同二倍工资"),
        # 劳动合同法第八十五条: the extra 50%–100% owed for wages paid late is neither wages nor a dismissal's damages.
        ("支付2019年3月、4月未及时发放工资的50%的赔偿金4000元", "其他"),
        ("支付拖欠工资并加付赔偿金", "工资报酬"),
        ("要求加付赔偿金2000元", "其他"),
        # What a cause brought about is asked for, not the cause; a cause that types a thing of no type still does.
        ("支付因过度加班导致的虚劳病治疗产生的经济损失5000元", "其他"),
        ("支付因工伤导致的医疗费", "工伤保险待遇"),
        ("撤销一审判决，依法改判", None),
        ("解除劳动关系后申请仲裁", None),
    ],
)
def test_claim_type(text, expected):
    assert claim_type(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("支付工资8000元、加班费3000元", [("工资报酬", 8000), ("加班费", 3000)]),
        # Two requests before one amount: the amount is the last one's.
        (
            "确认劳动关系并支付未签订劳动合同二倍工资差额6万元",
            [("确认劳动关系", None), ("未签劳动合同二倍工资", 60000)],
        ),
        # Two items of one type and one total: one request.
        ("支付一次性伤残补助金及一次性伤残就业补助金共计9万元", [("工伤保险待遇", 90000)]),
        # Requests after the last amount name none.
        ("支付违约金710万元、继续履行竞业限制协议", [("竞业限制", 7100000), ("竞业限制", None)]),
        # A bracket explains the amount before it; the payments it lists are not requests of their own.
        ("支付经济补偿金16775元（按照月平均工资×工作年限计算）", [("经济补偿", 16775)]),
        ("支付工伤保险待遇318000元（包括一次性伤残补助金、停工留薪期工资）", [("工伤保险待遇", 318000)]),
        # The formalities of an entitlement are part of it; two acts of one type are two requests.
        ("补缴社会保险费并依法办理社会保险", [("社会保险", None)]),
        ("办理社会保险手续并补缴2002年1月至2013年2月的社会保险费", [("社会保险", None)]),
        ("返还竞业限制补偿金并支付违约金", [("竞业限制", None), ("竞业限制", None)]),
        # A bare 赔偿金 joined to wages is the penalty on them (其他); a dismissal's damages stay what they are.
        ("支付拖欠工资5000元及赔偿金1250元", [("工资报酬", 5000), ("其他", 1250)]),
        (
            "支付工资5000元及赔偿金1250元、违法解除劳动合同赔偿金12000元",
            [("工资报酬", 5000), ("其他", 1250), ("违法解除劳动合同赔偿金", 12000)],
        ),
        ("支付赔偿金12000元", [("违法解除劳动合同赔偿金", 12000)]),
    ],
)
def test_typed_amounts(text, expected):
    assert typed_amounts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # What is asked after an injury at work is a work-injury benefit, whatever the item calls it.
        ("支付原告上班时在车间受伤的医疗费用3200元", [("工伤保险待遇", 3200)]),
        ("支付原告因工受伤的护理费用1500元", [("工伤保险待遇", 1500)]),
        ("支付原告垫付的体检费用300元", [("其他", 300)]),
        # …unless the item says the injury was not at work.
        ("支付原告非因工受伤的医疗费用3000元", [("其他", 3000)]),
    ],
)
def test_requested_after_an_injury(text, expected):
    assert typed_amounts(text, requested=True) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # The wage of a month is asked for; a monthly wage is the rate a payment is counted at.
        ("支付2016年2月工资2188.8元、门头奖励1500元", [("工资报酬", 2188.8), ("其他", 1500)]),
        ("按月工资3000元支付经济补偿金9000元", [("经济补偿", 9000)]),
        ("按每月2000元支付二倍工资差额24000元", [("未签劳动合同二倍工资", 24000)]),
        ("支付工资10000元（2500元/月×4个月）", [("工资报酬", 10000)]),
        # A sum written only as its calculation asks for the product.
        ("支付工资3个月×2685元／月、经济补偿2个月×5864元/月", [("工资报酬", 8055), ("经济补偿", 11728)]),
        ("支付工资2685元/月×3个月", [("工资报酬", 8055)]),
    ],
)
def test_rates_in_a_request_ask_for_nothing(text, expected):
    assert typed_amounts(text, requested=True) == expected


def test_items_with_spans():
    text = "请求：1.确认存在劳动关系；2.支付工资1.2万元；3、支付加班费3500元÷21.75天×5天×2倍=1609元。"
    items = split_items(text)
    assert [body for body, _ in items] == [
        "确认存在劳动关系",
        "支付工资1.2万元",
        "支付加班费3500元÷21.75天×5天×2倍=1609元",
    ]
    assert all(text[s.start : s.end] == body for body, s in items)
    claims = claims_from_items(items, "worker")
    assert [(c.claim_type, c.amount) for c in claims] == [("确认劳动关系", None), ("工资报酬", 12000), ("加班费", 1609)]


CLAIMS = (
    "1.确认存在劳动关系；2.支付工资16000元；3.支付延时加班费9000元；4.支付违法解除劳动合同赔偿金20000元；5.补缴社会保险"
)


@pytest.mark.parametrize(
    "decision,expected",
    [
        (
            "一、确认双方存在劳动关系；二、被申请人支付申请人工资16000元；三、被申请人支付申请人延时加班费5400元；四、驳回申请人的其他仲裁请求。",
            ["granted", "granted", "partly_granted", "rejected", "rejected"],
        ),
        ("驳回申请人的全部仲裁请求。", ["rejected"] * 5),
        (
            "一、被申请人支付申请人工资16000元、违法解除劳动合同赔偿金20000元；二、申请人要求补缴社会保险的请求不予处理；三、驳回申请人的其他仲裁请求。",
            ["rejected", "granted", "rejected", "granted", "not_ruled"],
        ),
        ("对申请人的仲裁申请不予受理。", ["inadmissible"] * 5),
        ("被申请人支付申请人工资16000元。", ["not_ruled", "granted", "not_ruled", "not_ruled", "not_ruled"]),
        # Other verbs of paying, and of not having to.
        (
            "一、被申请人于本裁决生效之日起十日内发放申请人工资16000元；二、被申请人不必支付申请人延时加班费。",
            ["not_ruled", "granted", "rejected", "not_ruled", "not_ruled"],
        ),
    ],
)
def test_decision_items_onto_claims(decision, expected):
    claims = claims_from_items(split_items(CLAIMS), "worker")
    assert [o.outcome for o in apply_rulings(claims, rulings(decision))] == expected


# Conceding only part (只支付…) contests the rest of the worker's claim too.
@pytest.mark.parametrize(
    "item",
    [
        "原告无需支付被告加班费5000元",
        "判令不予支持被告要求原告支付加班费5000元的仲裁请求",
        "原告只支付被告加班费5000元",
    ],
)
def test_an_employer_asking_not_to_pay_contests_the_workers_claim(item):
    [claim] = claims_from_items(split_items(f"1、{item}"), "worker", asks_opposite=True)
    assert (claim.claim_type, claim.claimant, claim.negated, claim.amount) == ("加班费", "employer", True, 5000)


def test_employer_requests_are_negated_and_read_from_the_worker_side():
    claims = claims_from_items(
        split_items("1.确认原告与被告之间不存在劳动关系；2.原告无需支付被告工资16000元"), "employer"
    )
    assert all(c.negated for c in claims)
    outcomes = apply_rulings(claims, rulings("一、确认原告与被告之间不存在劳动关系；二、原告支付被告工资8000元。"))
    assert [(o.outcome, worker_view(c, o.outcome)) for c, o in zip(claims, outcomes)] == [
        ("granted", "rejected"),
        ("partly_granted", "partly_granted"),
    ]


@pytest.mark.parametrize(
    "decision, worker_gets",
    [
        # Rejecting the worker's requests, named by role and name, grants the employer's requests not to pay.
        ("驳回被告张某的全部仲裁请求。", ["rejected", "rejected"]),
        # Rejecting the employer's suit leaves the worker's entitlements standing.
        ("驳回原告某公司的诉讼请求。", ["granted", "granted"]),
    ],
)
def test_an_employer_suit_decided_by_whose_requests_are_rejected(decision, worker_gets):
    ex = extract_document(
        "原告某公司诉称：请求判令：1、原告不支付被告工资5000元；2、原告不支付被告经济补偿金6000元。本院认为，"
        f"双方存在劳动关系。判决如下：{decision}"
    )
    assert [worker_view(ex.claims[o.claim_index], o.outcome) for o in ex.outcomes] == worker_gets


@pytest.mark.parametrize(
    "first",
    [
        "一审法院判决：一、确认原告与被告存在劳动关系；二、驳回原告的其他诉讼请求。",
        # The order following the verb without a colon.
        "一审法院判决确认原告与被告存在劳动关系，驳回原告的其他诉讼请求。",
    ],
)
def test_appeal_affirmed_takes_the_recited_first_instance(first):
    text = (
        "上诉人（原审被告）：某配送服务有限公司。\n被上诉人（原审原告）：张三，男。\n上诉请求：撤销一审判决。\n"
        f"张三向一审法院起诉请求：1.确认存在劳动关系；2.支付工资16000元。\n{first}\n本院认为，一审判决正确。\n"
        "判决如下：\n驳回上诉，维持原判。"
    )
    ex = extract_document(text)
    assert [c.claimant for c in ex.claims] == ["worker", "worker"]
    assert [o.outcome for o in ex.outcomes] == ["granted", "rejected"]
    assert [o.outcome for o in ex.recited[0].outcomes] == ["granted", "rejected"]


def test_an_appeal_is_about_the_suits_requests_and_what_the_first_instance_ordered():
    text = (
        "上诉人某公司因与被上诉人张某劳动争议一案，不服某区人民法院民事判决，向本院提起上诉。某公司上诉请求：撤销一审判决，改判某公司"
        "无需支付张某赔偿金。事实与理由：张某系自动离职。某公司向一审法院起诉请求：某公司不支付张某违法解除劳动合同赔偿金50000元。"
        "一审法院认为，某公司解除违法。一审法院判决：一、某公司支付张某违法解除劳动合同赔偿金50000元；二、某公司支付张某加班工资"
        "20000元。本院认为，一审判决正确。判决如下：驳回上诉，维持原判。"
    )
    ex = extract_document(text)
    assert [(c.claim_type, c.amount) for c in ex.claims] == [("违法解除劳动合同赔偿金", 50000), ("加班费", None)]
    assert [worker_view(ex.claims[o.claim_index], o.outcome) for o in ex.outcomes] == ["granted", "granted"]


@pytest.mark.parametrize(
    "decision,expected",
    [
        # Items one and two stand; item three (the wages) is set aside and the rest of the worker's requests rejected.
        (
            "一、维持某区人民法院（2023）京0105民初123号民事判决第一项、第二项；二、撤销某区人民法院（2023）京0105民初123号民事判决第三项；"
            "三、驳回张三的其他诉讼请求。",
            ["granted", "granted", "rejected"],
        ),
        (
            "一、维持一审判决第二项；二、撤销一审判决第一项、第三项；三、驳回张三的其他诉讼请求。",
            ["rejected", "granted", "rejected"],
        ),
        ("驳回上诉，维持原判。", ["granted", "granted", "granted"]),
    ],
)
def test_appeal_upholding_some_items_keeps_those_items_only(decision, expected):
    text = (
        "上诉人（原审被告）：某配送服务有限公司。\n被上诉人（原审原告）：张三，男。\n上诉请求：撤销一审判决。\n"
        "张三向一审法院起诉请求：1.确认存在劳动关系；2.支付违法解除劳动合同赔偿金20000元；3.支付工资16000元。\n"
        "一审法院判决：一、确认原告与被告存在劳动关系；二、被告支付原告违法解除劳动合同赔偿金20000元；三、被告支付原告工资16000元。\n"
        f"本院认为，一审判决认定事实部分有误。\n判决如下：\n{decision}"
    )
    ex = extract_document(text)
    assert [o.outcome for o in ex.recited[0].outcomes] == ["granted"] * 3
    assert [o.outcome for o in ex.outcomes] == expected


def test_every_generated_award_and_judgment_agrees_with_truth(sample_corpus):
    checked = 0
    for line in (sample_corpus / ".truth.jsonl").open(encoding="utf-8"):
        truth = json.loads(line)
        for doc in truth["documents"]:
            if doc["kind"] not in ("arbitration_award", "judgment"):
                continue
            (record,) = read_file(sample_corpus / "documents" / doc["file"], 10**8)
            ex = extract_document(record.text)
            assert [c.claim_type for c in ex.claims] == [c["type"] for c in truth["claims"]], doc["file"]
            decisions = [(doc["stage"], ex.claims, ex.outcomes)] + [(r.stage, r.claims, r.outcomes) for r in ex.recited]
            for stage, claims, outcomes in decisions:
                got = [worker_view(c, o.outcome) for c, o in zip(claims, outcomes)]
                assert got == [c["outcomes"][stage]["outcome"] for c in truth["claims"]], (doc["file"], stage)
                checked += 1
    assert checked >= 80


@pytest.mark.parametrize(
    "requests",
    [
        "\n1.确认双方存在劳动关系；\n2.被告支付原告工资8000元；\n3.被告支付原告加班费3000元。",
        # Blank lines between the items, and a page break inside one (a printed judgment's —2—).
        "1.确认双方存在劳动关系；\n\n2.被告支付原告工资8000元；\n\n3.请求判令\n—2—\n被告支付原告加班费3000元。",
    ],
)
def test_requests_written_one_a_line_are_all_read_and_the_next_paragraph_is_not(requests):
    text = (
        "北京市朝阳区人民法院\n民事判决书\n（2023）京0105民初9号\n原告：张三，男。\n被告：某配送服务有限公司。\n"
        f"张三向本院提出诉讼请求：{requests}\n"
        "被告辩称：原告要求支付经济补偿无依据。\n判决如下：\n驳回原告的全部诉讼请求。"
    )
    ex = extract_document(text)
    assert [c.claim_type for c in ex.claims] == ["确认劳动关系", "工资报酬", "加班费"]
    assert [o.outcome for o in ex.outcomes] == ["rejected"] * 3


def test_a_request_restated_with_its_amount_takes_that_amount():
    # The application is stated twice, first without the amount; the employer sues not to pay what the award gave.
    text = (
        "原告某公司诉称：2014年被告向某区劳动人事争议仲裁委员会申请仲裁，要求原告支付双倍工资差额。请求判令：原告无须支付"
        "被告二倍工资差额9700元。经审理查明：被告于2014年向某区劳动人事争议仲裁委员会提起仲裁申请，请求裁令：1、支付未签订"
        "劳动合同二倍工资24000元。该委作出裁决，裁决：原告支付被告二倍工资9700元。本院认为，原告应支付二倍工资9700元。"
        "判决如下：原告支付被告二倍工资差额9700元。"
    )
    ex = extract_document(text)
    assert [(c.claim_type, c.amount) for c in ex.claims] == [("未签劳动合同二倍工资", 24000)]
    award = ex.recited[0].outcomes
    assert [(o.outcome, o.amount) for o in award] == [("partly_granted", 9700)]


@pytest.mark.parametrize(
    "verdict, outcome",
    [
        # The employer's request (no relation) restated and turned down: the worker keeps the relation.
        ("对于原告主张其与被告不存在劳动关系的诉讼请求，本院不予支持", "granted"),
        ("原告主张其与被告不存在劳动关系的请求，本院予以支持", "rejected"),
        # The worker's own request restated.
        ("被告要求确认与原告存在劳动关系的请求，本院不予支持", "rejected"),
    ],
)
def test_the_courts_verdict_on_a_request_its_decision_items_leave_open(verdict, outcome):
    text = (
        "原告某公司诉称：被告向仲裁委员会申请仲裁，仲裁委员会裁决原告支付被告工资3000元。请求判令：1、原告与被告之间不存在"
        f"劳动关系；2、原告无须支付被告工资3000元。本院认为，{verdict}。判决如下：原告支付被告工资3000元。"
    )
    ex = extract_document(text)
    assert [c.claim_type for c in ex.claims] == ["确认劳动关系", "工资报酬"]
    assert [worker_view(ex.claims[o.claim_index], o.outcome) for o in ex.outcomes] == [outcome, "granted"]


def test_an_order_of_the_sum_a_claim_asks_is_that_claims_under_another_name():
    text = (
        "原告某公司诉称：请求判令：1、原告不支付被告经济补偿14502元；2、原告不退还罚款300元。经审理查明，被告于2010年入职。"
        "判决如下：原告某公司于本判决生效后十日内支付被告王某赔偿金14502元、退还罚款300元。"
    )
    ex = extract_document(text)
    assert [c.claim_type for c in ex.claims] == ["经济补偿", "其他"]
    assert [(worker_view(ex.claims[o.claim_index], o.outcome), o.amount) for o in ex.outcomes] == [
        ("granted", 14502),
        ("granted", 300),
    ]


@pytest.mark.parametrize(
    "asked, award",
    [
        # The award is known only from the suit against it: it ordered what the employer refuses to pay.
        ("", [("granted", 5000)]),
        # The worker asked more at arbitration than the award gave.
        ("被告曾向仲裁委员会申请仲裁，请求：1、支付加班费8000元。", [("partly_granted", 5000)]),
    ],
)
def test_an_employer_disputing_an_award_says_what_it_ordered(asked, award):
    text = (
        f"原告某公司诉称：{asked}原告不服该仲裁裁决，诉至法院，请求判令：原告无需支付被告加班费5000元。"
        "本院认为，原告未举证。判决如下：原告支付被告加班费5000元。"
    )
    ex = extract_document(text)
    assert [(o.outcome, o.amount) for r in ex.recited if r.stage == "arbitration" for o in r.outcomes] == award


@pytest.mark.parametrize(
    "requests, expected",
    [
        # Costs at the end of a request in running text leave the rest of it requested; so does a total of the sums.
        (
            "故诉至法院，要求被告给付原告医疗费用14565.18元、伙食补助费8950元，共计23515.18元，案件受理费由被告承担。",
            [("工伤保险待遇", 14565.18), ("工伤保险待遇", 8950)],
        ),
        # Setting the award aside is no claim; what follows it in the item is.
        ("请求判令：1、撤销仲裁裁决，原告无需支付被告加班费5000元。", [("加班费", 5000)]),
        # The costs added to a request (并承担本案诉讼费), however worded, ask for nothing; the rest of it does.
        ("请求判令：1、被告支付加班费共计747,144.29元并承担本案诉讼费。", [("加班费", 747144.29)]),
        ("请求判令：1、被告支付工资5000元；2、判决诉讼所涉费用由被告承担。", [("工资报酬", 5000)]),
        # A total of the items counted (三项合计…) is none of them.
        (
            "请求判令：1、被告赔偿养老保险损失1000元、医疗保险损失2000元、失业保险损失500元，三项合计3500元。",
            [("社会保险", 1000), ("社会保险", 2000), ("社会保险", 500)],
        ),
        # A total with no amount before it is the request's amount.
        ("请求判令：1、被告支付工资，共计5000元。", [("工资报酬", 5000)]),
    ],
)
def test_requests_keep_what_costs_and_totals_do_not_ask(requests, expected):
    # The statement says the dispute is about a work injury: what is asked under no type is asked under it.
    ex = extract_document(
        f"原告王某诉称，原告在被告单位工作时受伤，被认定为工伤。{requests}经审理查明，原告系被告职工。"
    )
    assert [(c.claim_type, c.amount) for c in ex.claims] == expected


@pytest.mark.parametrize(
    "statement, expected",
    [
        ("原告张某向本院提出诉讼请求：判令被告支付拖欠工资5000元、加班费3000元。", ["工资报酬", "加班费"]),
        (
            "原告张某诉称，其于2015年入职被告处，被告拖欠其工资，故诉至法院，要求被告支付工资5000元、经济补偿金6000元。",
            ["工资报酬", "经济补偿"],
        ),
        # The party named before its request word; a list led by 判如所请.
        ("原告张某请求确认与被告自2015年1月1日至2016年5月31日存在劳动关系。", ["确认劳动关系"]),
        (
            "原告张某诉称：被告拖欠工资。为此，原告特诉至贵院，望判如所请：1、被告支付工资5000元；2、被告支付经济补偿金6000元。",
            ["工资报酬", "经济补偿"],
        ),
        # Requests of an application brought to the commission (申请至…仲裁委员会，请求…).
        (
            "原告张某诉称：原告于2016年5月申请至某区劳动人事争议仲裁委员会，请求确认原告与被告存在劳动关系。",
            ["确认劳动关系"],
        ),
        # Lists headed by 申请事项 or 诉求.
        (
            "申请人张某的申请事项：1、被申请人支付工资5000元；2、被申请人支付经济补偿金6000元。",
            ["工资报酬", "经济补偿"],
        ),
        ("原告张某的诉求：被告支付工资5000元。", ["工资报酬"]),
        # A request pointing back asks for the sums its sentence named.
        ("原告张某诉称，被告拖欠原告工资5000元、加班费3000元，故原告起诉来院，要求被告给付。", ["工资报酬", "加班费"]),
        # What a party asked before, often, is a fact of the dispute, not a request of this suit.
        ("原告张某多次要求被告支付工资5000元，被告以资金困难为由拒绝。", []),
    ],
)
def test_how_a_statement_states_its_requests(statement, expected):
    ex = extract_document(
        statement + "经审理查明，原告系被告职工。本院认为，原告证据不足。判决如下：驳回原告张某的全部诉讼请求。"
    )
    assert [c.claim_type for c in ex.claims] == expected


@pytest.mark.parametrize(
    "items, expected",
    [
        # Interest joined to a sum is part of that request; interest asked alone is a request of its own.
        ("1、退还押金3000元及利息；2、支付工资5000元", [("其他", 3000), ("工资报酬", 5000)]),
        ("1、支付拖欠工资5000元并支付相应利息", [("工资报酬", 5000)]),
        ("1、支付工资5000元；2、支付逾期付款利息300元", [("工资报酬", 5000), ("其他", 300)]),
        # Setting aside or upholding an item of the decision under appeal asks for nothing itself.
        ("1、撤销一审判决第四项；2、改判被上诉人支付工资5000元", [("工资报酬", 5000)]),
        ("1、撤销第四项；2、维持第一项、第二项", []),
        # So are the formalities of an entitlement.
        ("1、补缴社会保险费并办理社会保险手续", [("社会保险", None)]),
    ],
)
def test_what_each_request_item_asks(items, expected):
    assert [(c.claim_type, c.amount) for c in claims_from_items(split_items(items), "worker")] == expected


_REQUESTS = "原告张某诉称：原告于2015年入职被告某物流公司。现诉至本院，请求判令：1、被告支付工资5000元；2、被告支付加班费3000元。"
_DECISION = "判决如下：驳回原告张某的全部诉讼请求。"


@pytest.mark.parametrize(
    "between, award",
    [
        # The award told by the defence, in the passive.
        ("被告辩称，原告的请求已被仲裁委驳回。本院认为，原告证据不足。", ["rejected", "rejected"]),
        # The commission as the subject of its decision, grounds first.
        (
            "经审理查明，2016年原告申请仲裁，仲裁委员会以原告证据不足为由驳回。本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        ("经审理查明，原告申请仲裁，仲裁委驳回了原告的请求。本院认为，原告证据不足。", ["rejected", "rejected"]),
        (
            "经审理查明，原告申请仲裁，仲裁委作出了驳回原告仲裁请求的裁决。本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        (
            "经审理查明，原告申请仲裁，仲裁委以超过仲裁时效为由未予受理。本院认为，原告证据不足。",
            ["inadmissible", "inadmissible"],
        ),
        # The award's decision after the colon of its name; a verdict on every request a clause names.
        (
            "经审理查明，原告申请仲裁，该委于2016年5月10日作出某劳人仲案字〔2016〕第12号仲裁裁决书：驳回申请人的仲裁请求。本院认为，原告"
            "证据不足。",
            ["rejected", "rejected"],
        ),
        (
            "经审理查明，原告申请仲裁，仲裁委员会裁决对原告要求被告支付工资和加班费的请求不予支持。本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        # A chamber refusing to hear (该庭…不受理); a commission letting the time run out decided nothing.
        (
            "经审理查明，原告向某仲裁院清溪仲裁庭申请仲裁，但该庭作出了不受理决定。本院认为，原告证据不足。",
            ["inadmissible", "inadmissible"],
        ),
        (
            "经审理查明，原告申请仲裁，仲裁委员会超过45日未作出仲裁裁决。本院认为，原告证据不足。",
            ["not_ruled", "not_ruled"],
        ),
        # …its decision made after the grounds, or told by the award it made.
        (
            "经审理查明，原告申请仲裁，仲裁委以原告证据不足为由，作出不予支持的裁决。本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        (
            "经审理查明，原告申请仲裁，某仲裁委员会作出的某劳仲裁字[2016]第5号裁决书驳回了原告的仲裁请求。本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        # The rejection said as support withheld, or after the requests it rejects.
        ("经审理查明，劳动仲裁委员会作出了不支持原告请求的裁决。本院认为，原告证据不足。", ["rejected", "rejected"]),
        ("经审理查明，原告的仲裁请求未得到支持。本院认为，原告证据不足。", ["rejected", "rejected"]),
        ("经审理查明，仲裁裁决对原告的请求予以驳回。本院认为，原告证据不足。", ["rejected", "rejected"]),
        # A notice refuses to hear the requests, whatever word a party uses for it.
        (
            "被告辩称，仲裁委作出的不予受理通知书是正确的，该通知书以原告的请求超过仲裁时效予以驳回。本院认为，原告证据不足。",
            ["inadmissible", "inadmissible"],
        ),
        # "The other requests" rejected in a sentence of their own are those the sentences before left open.
        (
            "经审理查明，仲裁委作出裁决，由被告支付原告下列款项：工资5000元，加班费1000元。驳回原告的其他仲裁请求。本院认为，原告证据不足。",
            ["granted", "partly_granted"],
        ),
        (
            "经审理查明，仲裁委员会裁决：一、被告支付原告：（1）工资5000元。二、驳回原告其他仲裁请求。本院认为，原告证据不足。",
            ["granted", "rejected"],
        ),
        # Thousands grouped with a full-width comma stay one amount.
        (
            "经审理查明，2016年经某仲裁委员会仲裁裁决，被告支付原告工资5，000元、加班费1，000.50元。本院认为，原告证据不足。",
            ["granted", "partly_granted"],
        ),
        # Recited only in the court's reasoning.
        (
            "经审理查明，原告于2015年入职。本院认为，原告曾申请仲裁，仲裁委裁决驳回原告的仲裁请求。原告证据不足。",
            ["rejected", "rejected"],
        ),
        (
            "经审理查明，原告于2015年入职。本院认为，原告证据不足。仲裁裁决驳回原告的仲裁请求并无不当。",
            ["rejected", "rejected"],
        ),
        # The court's own verdict in its reasoning is not the award's, though it speaks of the arbitration.
        (
            "经审理查明，原告于2015年入职。本院认为，原告向仲裁委提出仲裁申请，要求被告支付加班费的请求，已超过仲裁时效，"
            "本院不予支持。",
            [],
        ),
        # A bare verdict decides what the clauses before it name (加班费的请求，…，该委不予支持), or all that was asked.
        (
            "经审理查明，仲裁委员会裁决被告支付原告工资5000元。加班费的请求，因证据不足，该委不予支持。本院认为，原告证据不足。",
            ["granted", "rejected"],
        ),
        (
            "经审理查明，仲裁委员会认为原告的请求不属于劳动争议处理范围，决定不予受理。本院认为，原告证据不足。",
            ["inadmissible", "inadmissible"],
        ),
        # A party's view of what the commission should have done is argument, not the award.
        (
            "经审理查明，仲裁委员会裁决驳回原告的全部仲裁请求。被告辩称，该案不属于劳动争议，仲裁委应不予受理。本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        (
            "经审理查明，仲裁委员会裁决驳回原告的全部仲裁请求。原告认为，仲裁裁决认定事实错误，被告应支付原告工资5000元、加班费3000元。"
            "本院认为，原告证据不足。",
            ["rejected", "rejected"],
        ),
        # …but a party telling what the commission decided recites the award, whatever its view of it.
        (
            "原告认为，仲裁委员会裁决被告应当支付原告工资5000元，驳回原告其他请求，认定事实错误。本院认为，原告证据不足。",
            ["granted", "rejected"],
        ),
        # The reasoning restating the award does not undo what its recital said.
        (
            "经审理查明，仲裁委裁决：一、被告支付原告工资3000元；二、驳回原告的其他仲裁请求。本院认为，仲裁委裁决被告支付原告工资，"
            "被告未起诉。",
            ["partly_granted", "rejected"],
        ),
    ],
)
def test_the_award_however_the_judgment_tells_it(between, award):
    ex = extract_document(_REQUESTS + between + _DECISION)
    assert [c.claim_type for c in ex.claims] == ["工资报酬", "加班费"]
    assert [o.outcome for r in ex.recited if r.stage == "arbitration" for o in r.outcomes] == award


def test_an_award_finding_no_relation_disposes_of_the_claims_that_need_one():
    ex = extract_document(
        _REQUESTS + "经审理查明，仲裁委员会裁决双方不存在劳动关系。本院认为，原告证据不足。" + _DECISION
    )
    award = {c.claim_type: o.outcome for r in ex.recited for c, o in zip(r.claims, r.outcomes)}
    assert award == {"工资报酬": "rejected", "加班费": "rejected", "确认劳动关系": "rejected"}


@pytest.mark.parametrize(
    "reasoning, decision, overtime",
    [
        # A request first raised in court is not heard, however the reasoning says so.
        ("原告主张的加班费，未经仲裁前置程序，本院不予审理。", "被告支付原告工资5000元。", "not_ruled"),
        (
            "原告增加的加班费请求，未经劳动仲裁，本院不作审理。",
            "一、被告支付原告工资5000元；二、驳回原告的其他诉讼请求。",
            "not_ruled",
        ),
        (
            "加班费请求属新增请求，原告可另行申请仲裁。",
            "一、被告支付原告工资5000元；二、驳回原告的其他诉讼请求。",
            "not_ruled",
        ),
        # Outside what a court may hear: refused, as 不予受理 is.
        (
            "原告要求被告支付加班费的请求，不属于人民法院受理劳动争议的范围，本院不予审理。",
            "被告支付原告工资5000元。",
            "inadmissible",
        ),
        # A verdict in the reasoning on a request named by 诉求.
        ("原告的加班费诉求缺乏依据，不予支持。", "被告支付原告工资5000元。", "rejected"),
    ],
)
def test_what_the_reasoning_does_with_a_request_the_decision_leaves_open(reasoning, decision, overtime):
    ex = extract_document(_REQUESTS + f"经审理查明，原告于2015年入职。本院认为，{reasoning}判决如下：{decision}")
    assert [o.outcome for o in ex.outcomes] == ["granted", overtime]


def test_a_payment_under_no_name_in_a_non_compete_dispute_is_of_that_dispute():
    text = (
        "原告某科技有限公司诉称：被告违反竞业限制约定。原告请求判令：1、被告支付竞业限制违约金100000元；2、被告继续履行"
        "竞业限制协议。经审理查明，仲裁委裁决被告支付原告违约金50000元，驳回原告其他仲裁请求。本院认为，违约金过高。"
        "判决如下：一、被告支付原告违约金30000元；二、驳回原告其他诉讼请求。"
    )
    ex = extract_document(text)
    assert [(c.claim_type, c.claimant) for c in ex.claims] == [("竞业限制", "employer"), ("竞业限制", "employer")]
    stages = judgment_stages(ex)
    assert [(r.outcome, r.amount) for r in stages["arbitration"].values()] == [
        ("partly_granted", 50000),
        ("rejected", None),
    ]
    assert [(r.outcome, r.amount) for r in stages["court"].values()] == [("partly_granted", 30000), ("rejected", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # The requests stated only in the arbitration application the statement recites (申请劳动仲裁，要求…), refused.
        (
            "原告赵某诉称，其在被告处担任司机。2016年10月，原告申请劳动仲裁，要求被告支付加班工资20000元、补缴社会保险，"
            "仲裁委于2016年11月2日出具不予受理案件通知书。故原告诉至本院，要求判如所请。本院认为，原告主张的加班工资，本院酌情支持"
            "5000元。判决如下：一、被告支付原告赵某加班工资5000元；二、驳回原告赵某的其他诉讼请求。",
            [("加班费", "inadmissible", "partly_granted"), ("社会保险", "inadmissible", "rejected")],
        ),
        # Requests numbered after the statement's colon, each opening with its request word.
        (
            "原告杨某诉称：1、请求判令被告支付拖欠工资6000元；2、请求判令被告支付经济补偿金6000元；3、诉讼费由被告承担。"
            "本院认为，原告证据不足。判决如下：驳回原告杨某的诉讼请求。",
            [("工资报酬", None, "rejected"), ("经济补偿", None, "rejected")],
        ),
        # 主张 followed by a payment states a request.
        (
            "原告张某向本院起诉，主张被告支付工资3000元及经济补偿金2000元。本院认为，原告的请求缺乏证据。判决如下：驳回原告张某的"
            "诉讼请求。",
            [("工资报酬", None, "rejected"), ("经济补偿", None, "rejected")],
        ),
        # No statement of the requests: the reasoning restates each, clause by clause.
        (
            "本院认为，原告要求被告支付工资3000元的请求，证据不足，不予支持；原告要求被告支付经济补偿金2000元的请求，于法无据，"
            "不予支持。判决如下：驳回原告的诉讼请求。",
            [("工资报酬", None, "rejected"), ("经济补偿", None, "rejected")],
        ),
        # No request stated: the grounds the application was brought on name what is owed.
        (
            "经审理查明，2016年5月，原告以被告拖欠工资3000元、未支付经济补偿金2000元为由申请仲裁，仲裁委不予受理。本院认为，"
            "原告的请求缺乏证据。判决如下：驳回原告的诉讼请求。",
            [("工资报酬", "inadmissible", "rejected"), ("经济补偿", "inadmissible", "rejected")],
        ),
        # No request stated anywhere: the reasoning takes up each claim as a topic.
        (
            "原告张某与被告某公司劳动争议一案，原告向仲裁委申请仲裁，该委以超过仲裁时效为由不予受理。原告遂起诉。本院认为，关于加班费，"
            "原告未提供证据，不予支持。关于经济补偿金，原告系自行离职，不予支持。判决如下：驳回原告张某的诉讼请求。",
            [("加班费", "inadmissible", "rejected"), ("经济补偿", "inadmissible", "rejected")],
        ),
        (
            "原告张某与被告某公司劳动争议一案，原告向仲裁委申请仲裁，该委以超过仲裁时效为由不予受理。原告遂起诉。本院认为，原告主张的"
            "加班费3000元，缺乏证据，本院不予支持；原告主张的经济补偿金2000元，于法无据，本院不予支持。判决如下：驳回原告张某的诉讼请求。",
            [("加班费", "inadmissible", "rejected"), ("经济补偿", "inadmissible", "rejected")],
        ),
        # An assertion (主张系…) is no topic of the reasoning.
        (
            "原告张某与被告某公司劳动争议一案，原告遂起诉。本院认为，原告主张系公司不按时发放工资而被迫辞职，证据不足；关于经济补偿金，"
            "原告系自行离职，不予支持。判决如下：驳回原告张某的诉讼请求。",
            [("经济补偿", None, "rejected")],
        ),
        # A sum the award allowed with no payment named is of the one claim in dispute.
        (
            "原告黄某诉称，被告拖欠原告工资10000元，原告申请仲裁后，仲裁委仅支持了5000元。原告不服，诉至法院，请求判令被告支付工资"
            "10000元。本院认为，原告的请求有事实依据，予以支持。判决如下：被告支付原告黄某工资10000元。",
            [("工资报酬", "partly_granted", "granted")],
        ),
        # An application brought by 申诉至…仲裁委员会: the award's rejection decides only what it asked for.
        (
            "原告诉称：原告于2012年入职被告处。请求法院判令：1、确认原告与被告存在劳动关系；2、被告支付原告工资5000元。另查，2013年1月，原告申诉至某区劳动人事争议仲裁"
            "委员会，要求被告支付原告工资5000元。该委裁决驳回原告的仲裁请求，原告不服，诉至本院。本院认为，原告证据不足。"
            "判决如下：驳回原告的诉讼请求。",
            [("确认劳动关系", "not_ruled", "rejected"), ("工资报酬", "rejected", "rejected")],
        ),
        # An employer's suit: the catch-all naming the company whole rejects its requests, not the worker's it left alone.
        (
            "原告北京某商贸有限公司诉称：公司与杨某是劳务关系。现公司不服仲裁裁决诉至法院，请求判决：1、公司不支付杨某未签订劳动合同的"
            "二倍工资12000元；2、杨某承担诉讼费。经审理查明：杨某向仲裁委申请仲裁，要求公司支付未签订劳动合同的二倍工资15000元、违法"
            "解除劳动合同赔偿金3000元。仲裁委裁决：一、公司支付杨某二倍工资12000元；二、驳回杨某的其他仲裁请求。本院认为，双方存在劳动"
            "关系。判决如下：一、北京某商贸有限公司支付杨某未签订书面劳动合同的二倍工资差额10087元；二、驳回北京某商贸有限公司的其他诉讼"
            "请求。",
            [
                ("未签劳动合同二倍工资", "partly_granted", "partly_granted"),
                ("违法解除劳动合同赔偿金", "rejected", "not_ruled"),
            ],
        ),
        # Requests right after 诉称：; an award the commission never made (终结审理) decided nothing.
        (
            "原告张某诉称：请求判令被告支付工资5000元、经济补偿金3000元。原告申请仲裁后，仲裁委作出终结审理决定书。本院认为，原告的"
            "请求部分有理。判决如下：一、被告于本判决生效之日起十日内支付原告工资5000元；二、驳回原告的其他诉讼请求。",
            [("工资报酬", "not_ruled", "granted"), ("经济补偿", "not_ruled", "rejected")],
        ),
        (
            "原告张某诉称：请求判令被告支付工资5000元、经济补偿金3000元。仲裁委对其仲裁请求不予支持。本院认为，原告的请求部分有理。"
            "判决如下：一、被告于本判决生效之日起十日内支付原告工资5000元；二、驳回原告的其他诉讼请求。",
            [("工资报酬", "rejected", "granted"), ("经济补偿", "rejected", "rejected")],
        ),
        # The award named as what the employer disputes, its decision told before the word for it.
        (
            "原告某公司诉称：原告不服某区劳动人事争议仲裁委员会作出的由原告一次性支付被告经济补偿金9025元的裁决，诉至本院。本院认为，"
            "原告解除劳动合同合法。判决如下：原告某公司无需支付被告张某经济补偿金9025元。",
            [("经济补偿", "granted", "rejected")],
        ),
        # The application's requests told as 其请求…, right after the step that brings them.
        (
            "原告张某诉称：2016年3月，原告申请劳动仲裁，其请求被告支付加班费6700元、二倍工资12000元。仲裁委裁决被告支付原告二倍工资"
            "6000元，驳回原告其他仲裁请求。本院认为，原告证据不足。判决如下：驳回原告的诉讼请求。",
            [("加班费", "rejected", "rejected"), ("未签劳动合同二倍工资", "partly_granted", "rejected")],
        ),
        # A statute quoted, or what an exhibit says, decides nothing.
        (
            "原告张某诉称：请求判令被告支付工资5000元。经审理查明，原告提交的《薪酬确认书》载明其每月基本工资为960元、加班费570元。本院"
            "认为，根据《中华人民共和国劳动争议调解仲裁法》第四十七条规定，下列劳动争议，除本法另有规定的外，仲裁裁决为终局裁决，裁决书"
            "自作出之日起发生法律效力：（一）追索劳动报酬、工伤医疗费、经济补偿或者赔偿金的争议。判决如下：被告支付原告工资5000元。",
            [("工资报酬", None, "granted")],
        ),
        # The application brought by 提出仲裁 is the arbitration's; the suit brought by 告上法庭 states the court's requests.
        (
            "原告张某诉称，2016年5月被告将原告辞退。原告提出仲裁，要求被告支付违法解除劳动合同赔偿金和支付加班工资，仲裁委员会裁决被告"
            "支付原告违法解除劳动合同赔偿金12000元，驳回原告的其他仲裁请求。原告不服，将被告告上法庭，请求被告支付加班费3000元、违法解除"
            "劳动合同赔偿金12000元。本院认为，原告证据不足。判决如下：驳回原告张某的全部诉讼请求。",
            [("加班费", "rejected", "rejected"), ("违法解除劳动合同赔偿金", "granted", "rejected")],
        ),
        # A request the reasoning restates and leaves alone as never put to arbitration: neither stage decided it, whatever
        # the catch-alls say.
        (
            "原告张某诉称：请求判令：1、被告支付工资5000元；2、被告支付医疗费3000元。经审理查明，原告申请仲裁，仲裁委裁决驳回原告的"
            "仲裁请求。本院认为，请求判令被告支付医疗费3000元。本项请求原告在仲裁阶段未提起，本院在本案中不予处理。原告的工资请求证据"
            "不足。判决如下：驳回原告的全部诉讼请求。",
            [("工资报酬", "rejected", "rejected"), ("其他", "not_ruled", "not_ruled")],
        ),
        # A request addressed to the court (请求判令…) after the facts, in the same sentence.
        (
            "原告张某诉称，原告于2015年在工作中受伤，经鉴定为九级伤残，请求判令被告支付一次性伤残补助金30000元。本院认为，原告未举证。"
            "判决如下：驳回原告张某的诉讼请求。",
            [("工伤保险待遇", None, "rejected")],
        ),
    ],
)
def test_requests_and_awards_told_in_running_text(text, expected):
    ex = extract_document(text)
    stages = judgment_stages(ex)
    assert [
        (
            c.claim_type,
            stages["arbitration"][i].outcome if i in stages["arbitration"] else None,
            stages["court"][i].outcome if i in stages["court"] else None,
        )
        for i, c in enumerate(ex.claims)
    ] == expected


_TWO_REQUESTS = "原告张某诉称：请求判令：1、{asked}；2、被告支付经济补偿金。本院认为，{reasoning}判决如下：一、{ordered}；二、被告支付原告经济补偿金5000元。"


@pytest.mark.parametrize(
    "asked, reasoning, ordered, first",
    [
        # The reasoning allows the request in part.
        (
            "被告支付加班费",
            "原告主张的加班费，本院核算为3000元，超出部分不予支持；经济补偿金应予支持。",
            "被告支付原告加班费3000元",
            "partly_granted",
        ),
        (
            "被告支付工资差额",
            "原告主张的工资差额部分有据，本院部分予以支持。",
            "被告支付原告工资差额2000元",
            "partly_granted",
        ),
        # The order covers a shorter period than the request.
        (
            "被告支付2015年1月至2016年12月的加班费",
            "原告2015年的加班费已超过仲裁时效。",
            "被告支付原告2016年1月至2016年12月的加班费3000元",
            "partly_granted",
        ),
        (
            "确认原告与被告自2014年1月1日至2017年6月30日存在劳动关系",
            "原告与被告自2015年3月1日起存在劳动关系。",
            "确认原告张某与被告某公司自2015年3月1日至2017年6月30日存在劳动关系",
            "partly_granted",
        ),
        # The order names fewer of the parts the request lists.
        (
            "被告为原告补缴养老保险、医疗保险、失业保险",
            "医疗保险和失业保险原告已自行缴纳。",
            "被告为原告补缴2015年的养老保险",
            "partly_granted",
        ),
        ("被告为原告补缴养老保险、医疗保险", "原告的请求有据。", "被告为原告补缴养老保险、医疗保险", "granted"),
        (
            "被告支付节假日加班、双休日加班、延时加班工资",
            "原告的延时加班证据不足。",
            "被告支付原告节假日加班工资825元、双休日加班工资3595元",
            "partly_granted",
        ),
        # The sum asked is ordered, the interest asked with it is not.
        ("被告退还保证金2000元及利息", "被告应退还保证金。", "被告退还原告保证金2000元", "partly_granted"),
        ("被告退还保证金2000元及利息", "被告应退还保证金并支付利息。", "被告退还原告保证金2000元及利息", "granted"),
        # The same period, or a request the reasoning allows whole: granted.
        (
            "确认原告与被告自2014年1月至2017年6月存在劳动关系",
            "原告与被告存在劳动关系。",
            "确认原告张某与被告某公司自2014年1月1日至2017年6月30日存在劳动关系",
            "granted",
        ),
        ("被告支付加班费", "原告主张的加班费应予支持。", "被告支付原告加班费3000元", "granted"),
    ],
)
def test_granted_in_part_without_an_amount(asked, reasoning, ordered, first):
    ex = extract_document(_TWO_REQUESTS.format(asked=asked, reasoning=reasoning, ordered=ordered))
    assert [o.outcome for o in ex.outcomes] == [first, "granted"]


def test_an_award_for_a_shorter_period_grants_in_part():
    ex = extract_document(
        _TWO_REQUESTS.format(
            asked="确认原告与被告自2014年1月1日至2017年6月30日存在劳动关系",
            reasoning="原告与被告自2014年1月1日起存在劳动关系。",
            ordered="确认原告张某与被告某公司自2014年1月1日至2017年6月30日存在劳动关系",
        ).replace(
            "本院认为",
            "经审理查明，仲裁委裁决确认双方自2016年1月1日至2017年6月30日存在劳动关系，驳回原告的其他仲裁请求。本院认为",
        )
    )
    stages = judgment_stages(ex)
    assert [r.outcome for r in stages["arbitration"].values()] == ["partly_granted", "rejected"]
    assert [r.outcome for r in stages["court"].values()] == ["granted", "granted"]


def test_orders_of_no_listed_type_go_to_the_request_they_name():
    text = (
        "原告张某诉称：请求判令：1、被告退还安全保证金2000元；2、被告支付带薪年休假工资19310元。本院认为，原告未休年休假，"
        "被告应支付年休假工资差额。判决如下：一、被告支付原告未休年休假工资差额3678元；二、被告退还原告安全保证金二千元。"
    )
    ex = extract_document(text)
    assert [(c.claim_type, c.amount) for c in ex.claims] == [("其他", 2000), ("其他", 19310)]
    assert [(o.outcome, o.amount) for o in ex.outcomes] == [("granted", 2000), ("partly_granted", 3678)]


@pytest.mark.parametrize(
    "asked, ordered, expected",
    [
        # A bare 赔偿 / 补偿款 is the remedy of that name the requests hold, paid in part.
        (
            "支付违法解除劳动合同的经济赔偿金50000元",
            "支付原告赔偿8000元",
            [("违法解除劳动合同赔偿金", "partly_granted", 8000)],
        ),
        ("支付解除劳动合同的经济补偿金12000元", "一次性给付原告补偿款12000元", [("经济补偿", "granted", 12000)]),
        # Where the requests hold no such remedy, the order is a claim of its own.
        (
            "支付拖欠工资6000元",
            "支付原告工资6000元、赔偿3000元",
            [("工资报酬", "granted", 6000), ("其他", "granted", 3000)],
        ),
    ],
)
def test_an_order_under_a_bare_remedy_word_is_that_remedys(asked, ordered, expected):
    ex = extract_document(
        f"原告王某诉称：请求判令被告{asked}。本院认为，被告解除劳动合同违法。判决如下：一、被告某公司于本判决生效后"
        f"十日内{ordered}；二、驳回原告的其他诉讼请求。"
    )
    assert [(ex.claims[o.claim_index].claim_type, o.outcome, o.amount) for o in ex.outcomes] == expected


@pytest.mark.parametrize(
    "decision, expected",
    [
        # One item paying one claim in parts orders their sum.
        ("被告支付原告2014年5月工资2200元、6月工资1517.25元", [("partly_granted", 3717.25), ("not_ruled", None)]),
        ("被告支付原告2014年5月工资2200元、6月工资2200元", [("granted", 4400), ("not_ruled", None)]),
        # A total after the parts is not one more part.
        (
            "被告支付原告2014年5月工资2200元、6月工资1517.25元，共计3717.25元",
            [("partly_granted", 3717.25), ("not_ruled", None)],
        ),
        (
            "一、被告支付原告5月工资2200元、经济补偿1000元，合计3200元",
            [("partly_granted", 2200), ("partly_granted", 1000)],
        ),
    ],
)
def test_an_item_paying_a_claim_in_parts(decision, expected):
    claims = claims_from_items(split_items("1、支付2014年5月、6月工资4400元；2、支付经济补偿金2000元"), "worker")
    assert [(o.outcome, o.amount) for o in apply_rulings(claims, rulings(decision))] == expected


@pytest.mark.parametrize(
    "decision",
    [
        "一、被告支付原告工资3000元，驳回原告要求被告支付经济补偿金的诉讼请求。",
        "一、驳回原告要求支付经济补偿金的诉讼请求，被告支付原告工资3000元。",
        # The rejection naming the requests it rejects, after the order.
        "被告支付原告工资3000元，对原告主张的经济补偿金的请求不予支持。",
    ],
)
def test_an_item_that_orders_and_rejects_decides_in_each_part(decision):
    ex = extract_document(
        "原告张某诉称：请求判令：1、被告支付工资3000元；2、被告支付经济补偿金2000元。本院认为，原告的工资请求"
        "有据。判决如下：" + decision
    )
    assert [(o.outcome, o.amount) for o in ex.outcomes] == [("granted", 3000), ("rejected", None)]


def test_a_dispute_is_over_one_labour_relation_however_often_it_is_named():
    text = (
        "原告某装饰公司诉称：被告在仲裁庭审中未提供可以证明双方存在劳动关系的证据，不符合认定存在劳动关系的规定，仲裁委裁决双方存在"
        "劳动关系错误。请求：1、判决原告与被告之间不存在劳动关系。本院认为，双方存在劳动关系。判决如下：驳回原告的诉讼请求。"
    )
    ex = extract_document(text)
    assert [c.claim_type for c in ex.claims] == ["确认劳动关系"]


def test_a_fragment_without_its_decision_decides_nothing():
    """The closing notice (…撤回的，本判决发生法律效力) is no decision: a numbered list before it (the requests, a
    pledge quoted in the facts) is not read as one."""
    text = (
        "原告王某诉称，请求判决被告支付以下费用：1、未签订书面劳动合同双倍工资差额44000元；2、经济补偿4000元。经审理查明，"
        "原告签订《承诺书》：“本人自愿承诺以下几点：1、不挪用公司公款。2、绝对服从公司制定的其他任务政策，并承担给公司造成的"
        "经济损失，也将不享受公司年度奖励返点。”被告按每天60元支付销售补助，并根据销售回款结算原告的销售提成。"
        "如不服本判决，可在判决书送达之日起十五日内上诉。"
        "双方当事人在法定上诉期内均未提出上诉的，本判决发生法律效力。"
    )
    ex = extract_document(text)
    assert [(c.claim_type, c.amount) for c in ex.claims] == [("未签劳动合同二倍工资", 44000), ("经济补偿", 4000)]
    assert {o.outcome for o in ex.outcomes} <= {"not_ruled"}


@pytest.mark.parametrize("layout", ["{}", "\n{}"])
def test_a_recited_award_listed_on_the_lines_after_its_lead(layout):
    award = layout.format("一、被告支付原告加班费3000元；") + layout.format("二、驳回原告的其他仲裁请求。")
    text = (
        "原告张某向本院提出诉讼请求：1.被告支付加班费3000元；2.被告支付经济补偿5000元。原告曾向某区劳动人事争议仲裁委员会"
        f"申请仲裁，要求被告支付加班费3000元、经济补偿5000元。该委作出裁决：{award}原告不服，诉至本院。"
        "本院认为，双方存在劳动关系。判决如下：被告支付原告加班费3000元。"
    )
    ex = extract_document(text)
    stages = judgment_stages(ex)
    assert {ex.claims[i].claim_type: r.outcome for i, r in stages["arbitration"].items()} == {
        "加班费": "granted",
        "经济补偿": "rejected",
    }
