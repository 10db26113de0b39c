"""The document reader on real judgments (../shared/data/judgments.dev.jsonl): rows name a dev document by id and
say what the reader must find in it (the text stays in ../shared), and the dev figures have floors."""

from functools import cache

import pytest

from nlp.claims import claims_from_items, split_items
from nlp.eval import eval_judgments, judgment_stages, read_jsonl
from nlp.extract import extract_document
from tests.conftest import shared_file


@cache
def _judgments() -> dict[str, dict]:
    return {row["id"]: row for row in read_jsonl(shared_file("judgments.dev.jsonl"))}


def _row(suffix: str) -> dict:
    return next(row for key, row in _judgments().items() if key.endswith(suffix))


# (document, index of a gold claim: its requested text is the input, (type, amount, asks the opposite) per request)
REQUESTS = [
    ("a15f34", 0, [("工资报酬", None, False)]),  # 请求依法判决被告支付…工资 (the item runs on in the next gold claims)
    ("8adc7a", 0, [("工资报酬", 441.72, False)]),
    ("3aa492", 0, [("违法解除劳动合同赔偿金", 58288.0, True)]),  # 判令原告不支付被告…赔偿金: the employer sues
    ("cbbca7", 0, [("工资报酬", 5216.0, False)]),  # 1630×0.8×4＝5216元: the result, not an operand
    ("93c9e9", 0, [("经济补偿", 14502.0, True)]),  # 不支付经济补偿…
    ("441269", 1, [("工资报酬", 10000.0, False)]),  # 10000元整（2500元/月…）: the bracket explains the amount
    (
        "12ac1e",
        2,
        [("工资报酬", 3555.0, False)],
    ),  # 生活费3555元: the pay of a worker waiting for a post, wages (as the gold)
]


@pytest.mark.parametrize("doc, index, expected", REQUESTS)
def test_requests_of_real_judgments(doc, index, expected):
    text = _row(doc)["gold"]["claims"][index]["text"]
    claims = claims_from_items(split_items(text), "worker", asks_opposite=True)
    assert [(c.claim_type, c.amount, c.negated) for c in claims] == expected


# (document, kind, stage, the award's outcome per claim type as the reader finds it, in claim order)
DOCUMENTS = [
    # the award's 裁决如下 lists three items separated by semicolons, the last a catch-all for the rest
    ("3aa492", "judgment", "first_instance", [("违法解除劳动合同赔偿金", "granted"), ("工资报酬", "granted")]),
    ("25763b", "judgment", "first_instance", [("工资报酬", "granted")]),  # …以…号仲裁裁决书裁决：…支付…工资5274元
    ("2e39c2", "judgment", "first_instance", [("确认劳动关系", "inadmissible")]),  # …作出…不予受理通知
    ("d7d378", "judgment", "first_instance", [("经济补偿", "rejected"), ("工资报酬", "rejected")]),  # 对…的诉请不予支持
    # the application asked 15000 (its items open 1、2012年…), the award gave 12000 and rejected the rest
    (
        "3c3e4f",
        "judgment",
        "first_instance",
        [("未签劳动合同二倍工资", "partly_granted"), ("违法解除劳动合同赔偿金", "rejected")],
    ),
]


@pytest.mark.parametrize("doc, kind, stage, award", DOCUMENTS)
def test_kind_stage_and_recited_award_of_headerless_judgments(doc, kind, stage, award):
    ex = extract_document(_row(doc)["text"])
    assert (ex.kind, ex.stage, ex.case_number) == (kind, stage, None)
    arbitration = judgment_stages(ex)["arbitration"]
    read = [(ex.claims[i].claim_type, arbitration[i].outcome) for i in sorted(arbitration)]
    assert read[: len(award)] == award  # claims the decision alone names may follow


@pytest.mark.parametrize(
    "text, bodies",
    [
        ("1、2012年3月至8月的二倍工资15000元；2、赔偿金3000元", ["2012年3月至8月的二倍工资15000元", "赔偿金3000元"]),
        ("1.2012年工资；2.加班费1.5万元", ["2012年工资", "加班费1.5万元"]),
        # the next item glued to the one before, with no separator
        (
            "1.判令被告支付提成款500000.00元及利息2.本案诉讼费用由被告承担",
            ["判令被告支付提成款500000.00元及利息", "本案诉讼费用由被告承担"],
        ),
        # …but only the next number: a 3 after item 1 is not an item
        ("1.判令被告支付工资3.5万元及利息3.本案", ["判令被告支付工资3.5万元及利息3.本案"]),
    ],
)
def test_where_list_items_begin(text, bodies):
    assert [body for body, _ in split_items(text)] == bodies


# Written here, not taken from the data: (text, kind, stage, own number, cited numbers).
HEADERS = [
    (
        "北京市朝阳区人民法院民事判决书（2023）京0105民初1号 原告张某，男。被告某公司。",
        "other",
        "first_instance",
        "（2023）京0105民初1号",
        [],
    ),  # a header run onto one line keeps its number
    (
        "（2023）京0105民初1号　原告张某诉某公司劳动争议一案，本院受理后审理。判决如下：驳回原告的诉讼请求。",
        "judgment",
        "first_instance",
        "（2023）京0105民初1号",
        [],
    ),
    (
        "原告不服京朝劳人仲字〔2023〕第1234号裁决，诉至法院。本院认为，……判决如下：驳回原告的诉讼请求。",
        "judgment",
        "first_instance",
        None,
        ["京朝劳人仲字〔2023〕第1234号"],
    ),  # the award it contests is cited, not its own
]


@pytest.mark.parametrize("text, kind, stage, own, cited", HEADERS)
def test_own_and_cited_numbers(text, kind, stage, own, cited):
    ex = extract_document(text)
    assert (ex.kind, ex.stage, ex.case_number and ex.case_number.raw) == (kind, stage, own)
    assert [n.raw for n in ex.cited_case_numbers] == cited


def test_a_recited_award_heading_is_not_the_judgments_own_decision():
    text = (
        "原告张某诉称，被告拖欠工资。请求判令：1、被告支付工资5000元；2、被告支付经济补偿2000元。经审理查明，某仲裁委员会"
        "作出裁决，裁决如下：一、被告支付原告工资3000元；二、驳回原告的其他仲裁请求。本院认为，被告应支付工资5000元。"
        "一、被告于本判决生效后十日内支付原告工资5000元；二、驳回原告的其他诉讼请求。"
    )
    ex = extract_document(text)
    stages = judgment_stages(ex)
    assert (ex.kind, ex.stage) == ("judgment", "first_instance")
    assert {i: (r.outcome, r.amount) for i, r in stages["arbitration"].items()} == {
        0: ("partly_granted", 3000.0),
        1: ("rejected", None),
    }
    assert {i: (r.outcome, r.amount) for i, r in stages["court"].items()} == {
        0: ("granted", 5000.0),
        1: ("rejected", None),
    }


def test_dev_figures_hold():
    """Floors about a point under the figures measured in session 14 (README); both halves are reported."""
    figures = eval_judgments(shared_file("judgments.dev.jsonl"))
    assert figures["documents"] == 82 and set(figures["halves"]) == {"half_A", "half_B"}
    assert figures["claim_type"]["f1"] >= 0.90
    assert figures["court_outcome_accuracy"]["accuracy"] >= 0.795
    assert figures["arbitration_outcome_accuracy"]["accuracy"] >= 0.77
    assert figures["divergence_detection_accuracy"]["accuracy"] >= 0.92
    assert figures["this_judgment_stage_accuracy"]["accuracy"] >= 0.96
    assert figures["award_case_number_recall"]["accuracy"] >= 0.85
