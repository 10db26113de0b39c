"""Header extraction: kind, own vs cited numbers, body and region, parties; checked on tables and generated truth."""

import json
from datetime import date

import pytest

from ingest.sources import iter_files, read_file
from nlp.extract import extract_document
from nlp.parties import classify_party, find_parties


@pytest.mark.parametrize(
    "head,kind",
    [
        ("北京市朝阳区劳动人事争议仲裁委员会\n仲 裁 裁 决 书\n京朝劳人仲字〔2023〕第1234号", "arbitration_award"),
        ("北京市朝阳区人民法院\n民 事 判 决 书\n（2023）京0105民初12345号", "judgment"),
        ("北京市第三中级人民法院\n民事裁定书\n（2023）京03民终1号", "ruling"),
        ("庭审要点\n案号：京朝劳人仲字〔2023〕第1234号", "hearing_note"),
        ("调解笔录\n案号：京朝劳人仲字〔2023〕第1234号", "mediation_record"),
        ("北京市朝阳区劳动人事争议仲裁委员会\n仲裁调解书\n京朝劳人仲字〔2023〕第9号", "mediation_record"),
        ("执行情况\n执行案号：（2024）京0105执77号", "execution_record"),
        ("外卖骑手与平台之间劳动关系的认定\n【基本案情】张某通过平台接单", "other"),
        # a headerless body cut before its decision: the court's own words say who writes
        (
            "原告李某与被告某公司劳动争议纠纷一案，本院于2009年8月17日立案受理后，依法组成合议庭。\n原告李某诉称，",
            "judgment",
        ),
        # a short sentence naming a record is no title
        ("原告张某，男。\n被告周某，男。\n上述事实，有欠据及庭审记录在卷证实。\n本院认为，被告应当偿付。", "judgment"),
        # an appeal against a ruling is decided by one, though the text recites the ruling's 裁定如下 after it
        (
            "上诉人张某因与被上诉人某公司劳动争议一案，不服某区人民法院民事裁定，向本院提起上诉。\n"
            "原审法院认为，张某未经仲裁。裁定如下：驳回张某的起诉。\n张某不服，向本院提起上诉称：",
            "ruling",
        ),
    ],
)
def test_kind_from_title(head, kind):
    assert extract_document(head).kind == kind


@pytest.mark.parametrize(
    "text, stage",
    [
        (
            "民事判决书\n原告张某，男。被告某公司。原告张某诉被告某公司劳动争议一案。判决如下：驳回原告的诉讼请求。",
            "first_instance",
        ),
        # An appeal's party labels, however far down a page puts the party block.
        (
            "来源：某网站。"
            + "本页面内容仅供参考。" * 40
            + "\n民事判决书\n上诉人（原审被告）：某公司。\n被上诉人（原审原告）：张某。"
            "\n本院认为，某公司的理由不成立。判决如下：某公司于本判决生效后十日内支付张某工资5000元。",
            "second_instance",
        ),
    ],
)
def test_stage_from_the_document_own_words(text, stage):
    assert extract_document(text).stage == stage


def test_judgment_own_number_cited_award_body_region_date():
    text = (
        "北京市朝阳区人民法院\n民事判决书\n（2023）京0105民初12345号\n原告：张三，男。\n被告：闪达网络科技有限公司。\n"
        + "原告张三与被告劳动争议一案。" * 20
        + "北京市朝阳区劳动人事争议仲裁委员会作出京朝劳人仲字〔2023〕第1234号裁决书。\n审判员　李四\n二〇二三年十一月五日"
    )
    ex = extract_document(text)
    assert ex.case_number.normalised == "(2023)京0105民初12345号"
    assert [c.normalised for c in ex.cited_case_numbers] == ["京朝劳人仲字(2023)1234号"]
    assert (ex.stage, ex.body, ex.province, ex.city) == ("first_instance", "北京市朝阳区人民法院", "北京市", "北京市")
    assert text[ex.body_span.start : ex.body_span.end] == ex.body
    assert ex.decision_date == date(2023, 11, 5)


def test_narrative_without_own_number():
    text = "某公司不服仲裁裁决，诉至广州市天河区人民法院。" + "案情介绍。" * 80 + "穗天劳人仲案字〔2022〕第5号"
    ex = extract_document(text)
    assert ex.case_number is None and ex.stage is None
    assert [c.stage for c in ex.cited_case_numbers] == ["arbitration"]
    assert ex.body == "广州市天河区人民法院" and (ex.province, ex.city) == ("广东省", "广州市")


@pytest.mark.parametrize(
    "name,kind,category",
    [
        ("张三", "person", None),
        ("李某某", "person", None),
        ("闪达网络科技有限公司", "organisation", "platform"),
        ("北京汇达配送服务有限公司", "organisation", "contractor"),
        ("上海众联人力资源服务有限公司", "organisation", "contractor"),
        ("某某餐饮管理有限公司", "organisation", "other"),
        ("饿了么某某分公司", "organisation", "platform"),
        # One vocabulary of organisations: the endings the reading grammar knows name a party too.
        ("北京市平谷区人民法院", "organisation", "other"),
        ("某某健身会所", "organisation", "other"),
        ("某市第一人民医院", "organisation", "other"),
    ],
)
def test_classify_party(name, kind, category):
    assert classify_party(name) == (kind, category)


def test_parties_with_roles_and_spans():
    text = (
        "上诉人（原审被告）：北京汇达配送服务有限公司，住所地北京市。\n法定代表人：王五，经理。\n"
        "被上诉人（原审原告）：张三，男，1990年1月1日出生。\n委托诉讼代理人：赵六，律师。\n第三人：闪达网络科技有限公司。"
    )
    parties = find_parties(text)
    assert [(p.name, p.role, p.kind) for p in parties] == [
        ("北京汇达配送服务有限公司", "appellant", "organisation"),
        ("张三", "appellee", "person"),
        ("闪达网络科技有限公司", "third_party", "organisation"),
    ]
    assert all(text[p.span.start : p.span.end] == p.name for p in parties)


@pytest.mark.parametrize("text", ["", " ", "\x00\x01", "号" * 1000, "（2023）" * 500, "劳人仲" * 300])
def test_never_raises(text):
    extract_document(text)


def test_agrees_with_generated_truth(sample_corpus):
    """Kind and own case number of every generated document match what the generator wrote (as written: the
    parser's normalisation is what is under test, so it does not make the expected value)."""
    truth = {
        d["file"]: d
        for line in (sample_corpus / ".truth.jsonl").open(encoding="utf-8")
        for d in json.loads(line)["documents"]
    }
    checked = 0
    for path in iter_files([sample_corpus / "documents"]):
        (record,) = read_file(path, 10**8)
        expected = truth[path.name]
        ex = extract_document(record.text)
        assert ex.kind == expected["kind"], path.name
        assert ex.case_number.raw == expected["case_number"], path.name
        checked += 1
    assert checked == sum((sample_corpus / "documents" / name).exists() for name in truth) > 80


_AWARD = "张某申请仲裁，请求确认与某配送公司存在劳动关系并支付加班费8000元。仲裁委员会裁决确认双方存在劳动关系，驳回加班费请求。"


@pytest.mark.parametrize(
    "text, stage, own, award",
    [
        # Told only up to the award: the report stands for the award.
        (_AWARD, "arbitration", {"确认劳动关系": "granted", "加班费": "rejected"}, None),
        (
            _AWARD + "某配送公司不服，诉至法院。一审法院判决驳回某配送公司的诉讼请求，双方均未上诉，一审判决已生效。",
            "first_instance",
            {"确认劳动关系": "granted", "加班费": "rejected"},
            {"确认劳动关系": "granted", "加班费": "rejected"},
        ),
        (
            _AWARD
            + "张某不服，诉至法院。一审法院判决某配送公司支付加班费8000元。某配送公司上诉，二审法院驳回上诉，维持原判。",
            "second_instance",
            {"确认劳动关系": "granted", "加班费": "granted"},  # ordering overtime pay finds the relation
            {"确认劳动关系": "granted", "加班费": "rejected"},
        ),
        # A published case quoting the judgment's own heading is still a report: only a report comments on itself.
        (
            "【基本案情】" + _AWARD + "张某不服，诉至法院。法院判决如下：某配送公司支付张某加班费8000元。"
            "【典型意义】平台用工中劳动者的加班事实应当综合认定。",
            "first_instance",
            {"确认劳动关系": "granted", "加班费": "granted"},
            {"确认劳动关系": "granted", "加班费": "rejected"},
        ),
    ],
)
def test_case_report_stands_for_the_last_decision_it_tells(text, stage, own, award):
    ex = extract_document(text)
    assert (ex.kind, ex.stage) == ("case_report", stage)
    assert {ex.claims[o.claim_index].claim_type: o.outcome for o in ex.outcomes} == own
    recited = {r.claims[o.claim_index].claim_type: o.outcome for r in ex.recited for o in r.outcomes}
    assert (recited or None) == award


def test_a_report_telling_requests_and_no_decision_still_gives_the_requests():
    ex = extract_document("外卖骑手摔伤引发争议\n林某某在送餐过程中摔伤，请求确认与某信息公司存在劳动关系。")
    assert (ex.kind, ex.stage, [c.claim_type for c in ex.claims], ex.outcomes) == (
        "case_report",
        None,
        ["确认劳动关系"],
        (),
    )


def test_case_report_has_no_number_of_its_own():
    ex = extract_document("京朝劳人仲字〔2023〕第1234号\n" + _AWARD)
    assert (ex.kind, ex.case_number) == ("case_report", None)
    assert [c.normalised for c in ex.cited_case_numbers] == ["京朝劳人仲字(2023)1234号"]


@pytest.mark.parametrize(
    "text, stage, body",
    [
        # The publisher and the bodies named on the way are not the body of the decision told last.
        (
            "最高人民法院发布劳动争议典型案例。" + _AWARD + "张某不服，诉至某区人民法院。"
            "最终，山东省武城县人民法院判决某配送公司支付张某加班费8000元。",
            "first_instance",
            "山东省武城县人民法院",
        ),
        (_AWARD + "张某不服，诉至人民法院。法院判决某配送公司支付张某加班费8000元。", "first_instance", None),
        # A published case that tells no decision stands for none.
        ("【基本案情】张某在平台接单送餐。【典型意义】平台用工应当规范。", None, None),
    ],
)
def test_case_report_body_is_named_where_its_last_decision_is_told(text, stage, body):
    ex = extract_document(text)
    assert (ex.kind, ex.stage, ex.body) == ("case_report", stage, body)
