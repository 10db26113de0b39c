"""Narrative reading (typical cases): tables of written-here sentences, and floors on the shared dev set."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.context import gig_context
from nlp.eval import eval_cases
from nlp.narrative import read_case
from tests.conftest import shared_file


def outcomes(text):
    r = read_case(text)
    arb = {r.claims[o.claim_index].claim_type: o.outcome for o in r.arbitration}
    court = {r.claims[o.claim_index].claim_type: o.outcome for o in r.court}
    return [c.claim_type for c in r.claims], arb, court


@pytest.mark.parametrize(
    "text,types,arb,court",
    [
        (
            "2023年3月，王某向仲裁委员会申请仲裁，要求某公司支付拖欠工资8000元、加班费3000元。【裁判结果】仲裁委员会裁决驳回王某的",
            ["工资报酬", "加班费"],
            {"工资报酬": "rejected", "加班费": "rejected"},
            {},
        ),
        (
            "李某申请仲裁，请求确认与某科技公司存在劳动关系。仲裁委员会裁决：确认双方自2021年1月1日起存在劳动关系。"
            "某科技公司不服，诉至法院。本案经一审、二审，结果与仲裁裁决一致。",
            ["确认劳动关系"],
            {"确认劳动关系": "granted"},
            {"确认劳动关系": "granted"},
        ),
        (
            "张某向仲裁委员会提出仲裁申请被告知不予受理后，遂提起诉讼，诉请判决某厂支付停工留薪期工资。一审法院判决某厂支付张某停工留薪期工资12000元。",
            ["工伤保险待遇"],
            {"工伤保险待遇": "inadmissible"},
            {"工伤保险待遇": "granted"},
        ),
        (
            "仲裁委员会裁决：某物流公司向赵某支付违法解除劳动合同赔偿金。",
            ["违法解除劳动合同赔偿金", "确认劳动关系"][:1],
            {"违法解除劳动合同赔偿金": "granted"},
            {},
        ),
        (
            "周某申请仲裁，仲裁委员会裁决双方之间不存在劳动关系。周某不服，诉至人民法院。一审法院判决：周某与某传媒公司之间不存在劳动关系。"
            "周某提起上诉，二审法院判决：驳回上诉，维持原判。",
            ["确认劳动关系"],
            {"确认劳动关系": "rejected"},
            {"确认劳动关系": "rejected"},
        ),
        (
            "庭审中，某公司称曾多次要求孙某签订劳动合同。孙某申请仲裁，要求支付未签订书面劳动合同二倍工资差额。",
            ["未签劳动合同二倍工资"],
            {},
            {},
        ),
        # How news reports tell the court's result: from the winner's side, with the body before its verb, as what a
        # request failed to get, and an appeal upholding what the sentence told first.
        *(
            (
                "骑手阿娇申请劳动仲裁，要求支付加班费2万元。仲裁委员会裁决驳回阿娇的仲裁请求。" + told,
                ["加班费"],
                {"加班费": "rejected"},
                {"加班费": court},
            )
            for told, court in (
                ("阿娇又诉至法院，获得一审判决支持后，某配送公司不服又提起上诉。", "granted"),
                ("阿娇不服诉至法院，法院审理后驳回了她的诉讼请求。", "rejected"),
                ("阿娇起诉后，一审、二审法院均驳回了阿娇的诉讼请求。", "rejected"),
                ("阿娇不服，提起诉讼。阿娇的诉讼请求最终未获法院支持。", "rejected"),
                ("阿娇诉至法院，法院遂判决支持了阿娇的诉求。", "granted"),
                ("阿娇诉至法院，一审法院支持了阿娇的诉求，二审维持原判。", "granted"),
                ("阿娇诉至法院，一审法院支持了阿娇的诉求。某配送公司上诉，二审法院驳回了某配送公司的上诉。", "granted"),
            )
        ),
        # An employer's suit rejected leaves the award standing, whatever kind of organisation sued.
        *(
            (
                f"小李申请仲裁，要求确认与{employer}存在劳动关系。仲裁委员会裁决确认双方存在劳动关系。{employer}不服，诉至法院。"
                f"最终，法院驳回了{employer}的诉讼请求。",
                ["确认劳动关系"],
                {"确认劳动关系": "granted"},
                {"确认劳动关系": "granted"},
            )
            for employer in ("某配送服务部", "某县交通运输大队", "某文化工作室")
        ),
        # A page title naming a comment (【案例分析】) opens none; a decision after its connective (遂驳回…) is one.
        (
            "【案例分析】某局劳动争议典型案例\n罗某申请仲裁，要求某电商公司支付违法解除劳动合同赔偿金。\n【裁判结果】\n"
            "仲裁委员会审理认为，某电商公司解除劳动合同并无不当，遂驳回罗某的仲裁请求。",
            ["违法解除劳动合同赔偿金"],
            {"违法解除劳动合同赔偿金": "rejected"},
            {},
        ),
        # 原告 is whoever sued against the award; its request to the court (请求法院驳回…) decides nothing.
        *(
            (
                f"黄某申请仲裁，要求支付工资1200元。仲裁委员会裁决{award}。{suit}",
                ["工资报酬"],
                {"工资报酬": court},
                {"工资报酬": court},
            )
            for award, suit, court in (
                (
                    "某事业单位支付黄某工资1200元",
                    "该事业单位不服裁决，遂向某区人民法院提起诉讼，请求法院驳回黄某的请求。法院认为，原告的诉讼请求无理，不予支持。",
                    "granted",
                ),
                ("驳回黄某的请求", "黄某不服，诉至法院。法院判决驳回原告的诉讼请求。", "rejected"),
            )
        ),
        # A report that tells the court's reasoning but not its list: the reasoning's conclusion is the decision.
        (
            "张某申请仲裁，要求某公司支付经济补偿金9000元。仲裁委员会裁决驳回张某的请求。张某不服，诉至法院。"
            "法院认为，某公司未足额支付劳动报酬，张某据此解除劳动合同。被告应向原告支付经济补偿金9000元。",
            ["经济补偿"],
            {"经济补偿": "rejected"},
            {"经济补偿": "granted"},
        ),
        # A news report opening with the court's result still tells the award after it.
        (
            "近日，某区人民法院判决某配送公司支付骑手小陈加班费5000元。此前小陈申请仲裁，要求支付加班费，仲裁委员会裁决驳回其请求。",
            ["加班费"],
            {"加班费": "rejected"},
            {"加班费": "granted"},
        ),
        # The dispute's name decides nothing (确认劳动关系纠纷), nor does its author's comment (论理释法 restating
        # 存在劳动关系 is no award).
        (
            "近日，某市中级人民法院对一起骑手确认劳动关系纠纷作出二审判决。小陈申请仲裁，要求确认与某配送公司存在劳动关系。"
            "仲裁委认定双方间并非劳动关系，裁决驳回了小陈的全部仲裁请求。\n三、论理释法\n劳动关系是特殊的民事法律关系，因此双方有无建立劳动关系的合意，亦是双方间是否存在劳动关系的审查要素。",
            ["确认劳动关系"],
            {"确认劳动关系": "rejected"},
            {},
        ),
        # A company's requirement (按照公司要求) is no request; 按月支付劳动报酬 in the court's findings is no order.
        (
            "吴某按照某物流公司要求在指定区域配送，某物流公司按月支付劳动报酬。吴某申请仲裁，要求支付违法解除劳动合同赔偿金。"
            "仲裁委员会裁决驳回吴某的仲裁请求。法院认为，某物流公司按月支付劳动报酬，其解除理由不成立，判决某物流公司支付吴某违法解除劳动合同赔偿金。",
            ["违法解除劳动合同赔偿金"],
            {"违法解除劳动合同赔偿金": "rejected"},
            {"违法解除劳动合同赔偿金": "granted"},
        ),
        # In a non-compete dispute the 违约金 and the return of the 补偿 paid are both 竞业限制 requests, one claim each.
        (
            "某科技公司向仲裁委员会申请仲裁，请求郑某返还竞业限制补偿金并支付违约金。仲裁委员会裁决对某科技公司的请求予以支持。",
            ["竞业限制", "竞业限制"],
            {"竞业限制": "granted"},
            {},
        ),
        # The requests are never stated: one unspecified claim carries the award.
        ("邓某以公司违法调岗为由申请仲裁。【裁判结果】仲裁委员会裁决支持邓某的", ["其他"], {"其他": "granted"}, {}),
        # No labor relation found: the compensation that needs one falls with it.
        (
            "李某以公司未缴纳社会保险费为由要求某传播公司支付解除劳动合同经济补偿。李某申请仲裁，请求确认与某传播公司存在劳动关系。"
            "仲裁委员会裁决双方不存在劳动关系。李某不服，诉至法院。一审法院判决：李某与某传播公司之间不存在劳动关系。",
            ["经济补偿", "确认劳动关系"],
            {"经济补偿": "rejected", "确认劳动关系": "rejected"},
            {"经济补偿": "rejected", "确认劳动关系": "rejected"},
        ),
        # A restated request and a bare verdict on it.
        (
            "孙某申请仲裁，要求确认与某公司存在劳动关系。仲裁委员会裁决驳回孙某的仲裁请求。孙某不服，诉至法院。"
            "法院经审理认为，某公司对孙某进行考勤管理，现孙某主张与某公司存在劳动关系，应予支持。",
            ["确认劳动关系"],
            {"确认劳动关系": "rejected"},
            {"确认劳动关系": "granted"},
        ),
        # The company sued to undo the award and lost: the award stands.
        (
            "吴某申请仲裁，要求确认劳动关系并支付未签订劳动合同二倍工资差额6万元。仲裁委员会裁决：一、确认双方存在劳动关系；"
            "二、某电商公司支付吴某二倍工资差额6万元。某电商公司不服，起诉至法院。一审法院判决驳回某电商公司的诉讼请求。",
            ["确认劳动关系", "未签劳动合同二倍工资"],
            {"确认劳动关系": "granted", "未签劳动合同二倍工资": "granted"},
            {"确认劳动关系": "granted", "未签劳动合同二倍工资": "granted"},
        ),
        # Ordering pay implies a relation, which rejects the employer's 确认不存在劳动关系 (raised in court).
        (
            "主播林某以公司拖欠提成为由申请仲裁，要求支付提成收入2.6万元。仲裁委员会裁决某传媒公司支付林某提成2.6万元。"
            "某传媒公司不服，起诉请求确认双方不存在劳动关系、无需支付提成。法院认为双方系经纪合同关系，不存在劳动关系，"
            "判决某传媒公司无需支付林某提成2.6万元。",
            ["工资报酬", "确认劳动关系"],
            {"工资报酬": "granted", "确认劳动关系": "rejected"},
            {"工资报酬": "rejected", "确认劳动关系": "granted"},
        ),
        # One order, several payments: the ones after the first name no verb of their own.
        (
            "何某申请仲裁，要求某物流公司支付工资5000元、加班费3000元、经济补偿金6000元。仲裁委员会裁决某物流公司支付何某工资5000元，"
            "加班费2000元，经济补偿金6000元。",
            ["工资报酬", "加班费", "经济补偿"],
            {"工资报酬": "granted", "加班费": "partly_granted", "经济补偿": "granted"},
            {},
        ),
        # 经仲裁 opens what the arbitration decided, an order to pay included.
        (
            "刘某申请仲裁，请求确认与某餐饮公司存在劳动关系，并支付未签订劳动合同二倍工资差额3万元。经仲裁，确认双方存在劳动关系，"
            "某餐饮公司支付刘某二倍工资差额1.5万元。",
            ["确认劳动关系", "未签劳动合同二倍工资"],
            {"确认劳动关系": "granted", "未签劳动合同二倍工资": "partly_granted"},
            {},
        ),
        # Grounds in a clause of their own, then the decision.
        (
            "韩某申请仲裁，要求某公司支付工资5000元。仲裁委员会以韩某的请求不属于劳动争议处理范围为由，作出不予受理决定。",
            ["工资报酬"],
            {"工资报酬": "inadmissible"},
            {},
        ),
        # A verdict on a request of no type speaks of all of them; 结果为 states the decision.
        (
            "韩某申请仲裁，要求某公司支付工资5000元、加班费3000元。仲裁委员会裁决韩某的请求缺乏事实依据，予以驳回。",
            ["工资报酬", "加班费"],
            {"工资报酬": "rejected", "加班费": "rejected"},
            {},
        ),
        (
            "韩某申请仲裁，要求某公司支付工资5000元。仲裁结果为驳回韩某的申诉请求。",
            ["工资报酬"],
            {"工资报酬": "rejected"},
            {},
        ),
        # The body as the subject of a bare verdict.
        (
            "张某向人社部门申请工伤认定。张某向某劳动人事争议仲裁委员会申请仲裁，请求某建筑公司支付八级伤残应享有的工伤保险待遇。"
            "某劳动人事争议仲裁委员会予以支持。",
            ["工伤保险待遇"],
            {"工伤保险待遇": "granted"},
            {},
        ),
        # Dismissing the suit (裁定驳回…的起诉) decides it, as a refusal to hear it (不予受理), not on its merits; 起诉 there is
        # no procedural step.
        (
            "郑某请求某保洁公司补缴社会保险费。仲裁委员会以不属于劳动争议受理范围为由作出不予受理通知书。"
            "郑某起诉，法院认为补缴社会保险费属于行政部门职责，裁定驳回郑某的起诉。",  # dismissed, not heard on its merits
            ["社会保险"],
            {"社会保险": "inadmissible"},
            {"社会保险": "inadmissible"},
        ),
        # An award told over several sentences decides what each names; a sentence on the rest of the requests right
        # after it is its catch-all.
        (
            "戴某申请仲裁，要求公司继续履约，并要求公司补发工资，补交保险。仲裁委员会作出裁决，裁决该公司补发未支付的工资。"
            "仲裁认为公司违法，裁定从第二个月起支付双倍工资。其他请求如补交保险，继续履约等未获支持。",
            ["其他", "工资报酬", "社会保险", "未签劳动合同二倍工资"],
            {"其他": "rejected", "工资报酬": "granted", "社会保险": "rejected", "未签劳动合同二倍工资": "granted"},
            {},
        ),
        # Request items worded as the decision they ask for are requests, not an award.
        (
            "仲裁委员会受理吴某的仲裁申请，请求内容为：1.依法裁决确认吴某与某局存在劳动关系；2.依法裁决某局补缴社会保险费。"
            "仲裁委作出裁决书，裁决驳回吴某的全部仲裁请求。",
            ["确认劳动关系", "社会保险"],
            {"确认劳动关系": "rejected", "社会保险": "rejected"},
            {},
        ),
        # 法庭 is the court; an employer asking it to reject the worker's requests asks nothing of its own, and its suit
        # rejected leaves the award standing.
        (
            "黄某要求该单位支付被拖欠工资未果，即向市劳动仲裁委申请仲裁，劳动仲裁委员会裁决由该事业单位按最低工资标准补足给黄某。"
            "该事业单位不服裁决，遂向某区人民法院提起诉讼，请求法院驳回黄某的无理请求。法庭经审理认为，原告的诉讼请求无理，不予支持。",
            ["工资报酬"],
            {"工资报酬": "granted"},
            {"工资报酬": "granted"},
        ),
        # An adverb before the decision verb (还驳回了…); the award told before the claims the court names.
        (
            "她向仲裁机构申请仲裁，但公司不参加庭审。仲裁机构不仅没有缺席审理本案，还驳回了她的仲裁申请。"
            "她向法院提起诉讼，法院判决公司支付欠薪及加班工资。",
            ["工资报酬", "加班费"],
            {"工资报酬": "rejected", "加班费": "rejected"},
            {"工资报酬": "granted", "加班费": "granted"},
        ),
        # What the law says employers owe, paraphrased in the commission's reasoning, is no award.
        (
            "劳动者以公司未缴纳社会保险费为由解除劳动合同，申请仲裁，要求某公司支付经济补偿。"
            "仲裁委认为，《劳动合同法》第四十六条规定用人单位未依法为劳动者缴纳社会保险费的，用人单位应向劳动者支付经济补偿。",
            ["经济补偿"],
            {},
            {},
        ),
        # A page in traditional characters reads as one in simplified.
        (
            "阿光申請勞動仲裁，要求公司支付未簽勞動合同二倍工資。仲裁委裁決公司支付二倍工資五萬餘元。公司不服，訴至法院。"
            "法院判決駁回公司的訴訟請求。",
            ["未签劳动合同二倍工资"],
            {"未签劳动合同二倍工资": "granted"},
            {"未签劳动合同二倍工资": "granted"},
        ),
        # …but parties disagreeing (不同意见) is no opinion of judges: the decision after it is read.
        (
            "张某申请仲裁，要求公司支付经济补偿金5000元。仲裁委员会裁决驳回张某的请求。张某不服，诉至法院。"
            "双方对工资标准有不同意见。法院判决公司支付张某经济补偿金5000元。",
            ["经济补偿"],
            {"经济补偿": "rejected"},
            {"经济补偿": "granted"},
        ),
        # Opinions judges discussed decide nothing, nor do their reasons to the end of the paragraph.
        (
            "张某申请仲裁，要求公司支付加班费3000元。仲裁委员会裁决公司支付加班费3000元。公司不服，诉至法院。\n【分歧】\n"
            "第一种意见认为，本案只需判决驳回原告诉讼请求即可。理由是：对原告的诉讼请求不予支持则直接判决驳回即可。\n",
            ["加班费"],
            {"加班费": "granted"},
            {},
        ),
        # A result heading (裁决结果：/判决结果：) opens the decision.
        (
            "赵某提起劳动仲裁，要求公司支付加班费28800元。仲裁委员会认为加班事实不成立。裁决结果：驳回赵某全部加班费请求。",
            ["加班费"],
            {"加班费": "rejected"},
            {},
        ),
        # The dispute named as what was brought to court; the court's reasoning concluding in the same sentence.
        (
            "邢某因确认劳动关系诉至法院。法院经审理认为，邢某的请求不能成立，依法驳回邢某确认劳动关系等诉讼请求。",
            ["确认劳动关系"],
            {},
            {"确认劳动关系": "rejected"},
        ),
    ],
)
def test_reads_claims_and_stage_outcomes(text, types, arb, court):
    assert outcomes(text) == (types, arb, court)


@pytest.mark.parametrize(
    "text, claims",
    [
        # Applying for 工伤认定 or 劳动能力鉴定 is an administrative step, not a request.
        ("张某向人社部门申请工伤认定，后申请劳动能力鉴定。", []),
        # One view judges discussed names what was asked; it asks nothing.
        ("第一种意见认为，李君要求的双倍工资，属于劳动报酬，应适用特别时效。", []),
        # The company asks for its own reason; the grounds before the request type it.
        ("某公司以周某违反竞业限制约定为由申请仲裁，要求周某支付违约金10万元。", [("竞业限制", "employer")]),
        # The company's reason for dismissing, then the worker asks.
        (
            "某公司以王某旷工为由解除劳动合同，王某申请仲裁，要求支付违法解除劳动合同赔偿金。",
            [("违法解除劳动合同赔偿金", "worker")],
        ),
        # The company named inside the worker's reason.
        ("王某以公司未缴纳社会保险费为由申请仲裁，要求支付经济补偿金2万元。", [("经济补偿", "worker")]),
        # What the application was about (因…争议申请仲裁), and what it asks besides.
        (
            "包某因解除劳动合同的补偿金等争议于2007年5月向仲裁委员会申请仲裁，要求确认与某公司存在劳动关系。",
            [("经济补偿", "worker"), ("确认劳动关系", "worker")],
        ),
    ],
)
def test_who_asks_and_for_what(text, claims):
    assert [(c.claim_type, c.claimant) for c in read_case(text).claims] == claims


def test_supporting_the_request_it_names_leaves_the_others_to_the_catch_all():
    r = read_case(
        "某公司申请仲裁，请求裁决赵某支付违约金20万元，退还某公司已支付给赵某的竞业限制补偿金89092元。"
        "仲裁委员会支持支付违约金的请求，并驳回了其他仲裁请求。"
    )
    assert [(c.claim_type, c.amount) for c in r.claims] == [("竞业限制", 200000.0), ("竞业限制", 89092.0)]
    assert [o.outcome for o in r.arbitration] == ["granted", "rejected"]


def test_spans_point_into_the_original_text_despite_stray_spaces():
    text = "刘某向 仲裁委员会 申请仲裁，要求确认与某平台公司存在劳动 关系。仲裁委员会 裁决 驳回刘某的仲裁请求。"
    r = read_case(text)
    (claim,) = r.claims
    assert claim.claim_type == "确认劳动关系" and "劳动 关系" in text[claim.span.start : claim.span.end]
    assert "驳回" in text[r.arbitration_span.start : r.arbitration_span.end]


@pytest.mark.parametrize(
    "text,platform_work,occupation,mode",
    [
        ("孙某系外卖骑手，以众包方式在平台接单，可自主决定是否接单。", True, "外卖骑手", "众包"),
        ("陈某通过网约车平台接单，与某汽车公司签订《加盟合作协议》。", True, "网约车司机", "加盟"),
        ("张某于2019年入职某公司，双方签订了三年期劳动合同，担任会计。", False, None, "劳动合同"),
        ("王某未与公司签订劳动合同，在工地从事木工。", False, None, None),
        # What presupposes a labor contract: its terms, its termination as a fact; a claim's name does not.
        ("陈某入职某餐饮公司，劳动合同约定月工资4000元。", False, None, "劳动合同"),
        ("公司以严重违纪为由，解除与刘某的劳动合同。", False, None, "劳动合同"),
        ("2020年11月，吴某与某医药公司协商解除劳动合同，要求支付加班费。", False, None, "劳动合同"),
        ("张某与公司签订了期限自2020年4月8日至2023年4月7日的劳动合同。", False, None, "劳动合同"),
        ("张某请求某公司支付违法解除劳动合同赔偿金。", False, None, None),
        ("研究院与王某签订聘用合同，约定试用期六个月。", False, None, None),
        ("某送餐平台接到订单后转包给接活方，齐某负责配送。", True, None, "劳务外包"),
    ],
)
def test_gig_context(text, platform_work, occupation, mode):
    c = gig_context(text)
    assert (c.platform_work, c.occupation, c.employment_mode) == (platform_work, occupation, mode)


def test_factors_are_typed_spans():
    text = "站点对其实行排班考勤，超时送达将被扣款，其不得拒单，日均接单量约30单，须穿着工服。"
    c = gig_context(text)
    assert {f.name for f in c.factors} >= {
        "attendance",
        "penalties",
        "refuse_orders",
        "order_volume",
        "uniform_equipment",
    }
    assert all(text[f.span.start : f.span.end] == f.text for f in c.factors)


# The figures the README records for this file (the reading is deterministic): a change that loses a case fails here;
# one that gains raises the floor with the README.
FLOORS = {
    "claim_type": ("f1", 0.9219),
    "outcome_accuracy": ("accuracy", 0.8655),
    "arbitration_outcome_accuracy": ("accuracy", 0.8817),
    "court_outcome_accuracy": ("accuracy", 0.8462),
    "platform_work_accuracy": ("accuracy", 0.9881),
    "occupation_accuracy_on_platform_cases": ("accuracy", 0.875),
    "employment_mode_accuracy": ("accuracy", 0.9074),
    "divergence_detection_accuracy": ("accuracy", 0.9722),
    "divergence_type_accuracy": ("accuracy", 0.7692),
}


def test_dev_figures_do_not_fall_below_the_recorded_floor():
    figures = eval_cases(shared_file("typical_cases.dev.jsonl"))
    assert figures["cases"] == 84
    assert {h: f["cases"] for h, f in figures["halves"].items()} == {"half_A": 41, "half_B": 43}
    below = {name: figures[name][key] for name, (key, floor) in FLOORS.items() if figures[name][key] < floor}
    assert not below, below


def test_eval_cases_command_prints_json(tmp_path):
    rows = [
        {
            "id": "x",
            "title": "t",
            "text": "王某申请仲裁，要求支付加班费5000元。仲裁委员会裁决支持王某的仲裁请求。",
            "gold": {
                "claims": [{"type": "加班费", "arbitration_outcome": "支持", "court_outcome": None}],
                "platform_work": False,
                "occupation": None,
                "employment_mode": None,
            },
        },
        {
            "id": "y",
            "title": "t",
            "text": "李某申请仲裁，请求确认与某公司存在劳动关系。仲裁委员会裁决驳回李某的仲裁请求。"
            "李某不服，诉至法院。法院认为，双方之间系承揽关系还是劳动关系，应适用劳动法律的规定审查。法院判决确认李某与某公司存在劳动关系。",
            "gold": {
                "claims": [{"type": "确认劳动关系", "arbitration_outcome": "驳回", "court_outcome": "支持"}],
                "platform_work": False,
                "occupation": None,
                "employment_mode": None,
                "divergence": True,
                "divergence_type": "法律适用差异",
            },
        },
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = subprocess.run(
        [str(Path(sys.executable).with_name("caishen")), "eval", "cases", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out)
    assert figures["claim_type"]["f1"] == 1.0 and figures["arbitration_outcome_accuracy"]["accuracy"] == 1.0
    # Only the second case says whether it diverges; it does, for the reading of the relation.
    assert figures["divergence_detection_accuracy"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert figures["divergence_type_accuracy"]["accuracy"] == 1.0
