"""Masking personal data for readers who may not see it (docs/privacy.md)."""

import pytest

from nlp.masking import mask, mask_name, masked, redactions

X = "［已隐去］"


@pytest.mark.parametrize("name, expected", [("朱华婷", "朱某"), ("欧阳娜娜", "欧阳某"), ("张三", "张某")])
def test_names_keep_the_surname(name, expected):
    assert mask_name(name) == expected


@pytest.mark.parametrize(
    "text, persons, expected",
    [
        # names: the dispute's parties, and whoever a label names, in every role
        ("申请人朱华婷与被申请人星光互娱网络科技有限公司", ["朱华婷"], "申请人朱某与被申请人星光互娱网络科技有限公司"),
        ("原告张某某诉称", [], "原告张某诉称"),
        ("欧阳娜娜作证，欧阳娜娜之女在场", ["欧阳娜娜"], "欧阳某作证，欧阳某之女在场"),
        ("委托代理人：李明华，北京市海淀律师事务所律师。", [], "委托代理人：李某，北京市海淀律师事务所律师。"),
        ("法定代表人：王五，执行董事。", [], "法定代表人：王某，执行董事。"),
        (
            "法定代表人：于勇凯，执行董事。委托代理人：陈浩华，律师。",
            [],
            "法定代表人：于某，执行董事。委托代理人：陈某，律师。",
        ),
        ("原告陈述，原告向法院提交，原告于是，", [], "原告陈述，原告向法院提交，原告于是，"),
        ("法定代理人孙小芳，系原告之母。", [], "法定代理人孙某，系原告之母。"),
        ("原告：刘强，男。刘强主张加班费。", [], "原告：刘某，男。刘某主张加班费。"),
        ("原告诉称，被告辩称，委托代理人到庭参加诉讼。", [], "原告诉称，被告辩称，委托代理人到庭参加诉讼。"),
        # officials acting in office keep their names
        ("审判员　赵六\n书记员：钱七", [], "审判员　赵六\n书记员：钱七"),
        ("仲裁员：陈某某", [], "仲裁员：陈某"),
        # identifiers removed entirely
        ("身份证号码110105199003021234，", [], f"身份证号码{X}，"),
        ("公民身份号码11010519900302123X。", [], f"公民身份号码{X}。"),
        ("身份证号码320106********3481，", [], f"身份证号码{X}，"),  # published partly hidden: removed all the same
        ("身份证号码3201061982****348X，", [], f"身份证号码{X}，"),
        ("身份证号码320106XXXXXXXX3481，", [], f"身份证号码{X}，"),
        ("电话13812345678。", [], f"电话{X}。"),
        ("手机+86 138-1234-5678，", [], f"手机{X}，"),
        ("联系电话010-66668888，", [], f"联系电话{X}，"),
        ("工资卡账号6222021234567890123，", [], f"工资卡账号{X}，"),
        ("账号6222 0212 3456 7890 123。", [], f"账号{X}。"),
        ("邮箱zhang.san@example.com。", [], f"邮箱{X}。"),
        ("驾驶苏A·12345号车辆", [], f"驾驶{X}号车辆"),
        # birth dates to the year
        ("男，1982年4月26日出生，汉族", [], "男，1982年出生，汉族"),
        ("女，1990年12月1日生，", [], "女，1990年生，"),
        ("出生于1975年3月9日，", [], "出生于1975年，"),
        ("生于1975年3月9日，", [], "生于1975年，"),
        ("男，1982-04-26出生，", [], "男，1982年出生，"),
        ("出生日期：1982.4.26，", [], "出生日期：1982年，"),
        ("男，一九八二年四月二十六日出生，", [], "男，一九八二年出生，"),
        # a date something took effect (生效) is not a birth: kept whole
        ("本判决于2021年3月1日生效。", [], "本判决于2021年3月1日生效。"),
        # home addresses to the district
        ("住北京市朝阳区建国路88号院3号楼201室，", [], f"住北京市朝阳区{X}，"),
        ("住所地广东省深圳市南山区科技园路1号。", [], f"住所地广东省深圳市南山区{X}。"),
        # kept: organisations' codes, amounts, case numbers, dates that are not births, 住院
        ("统一社会信用代码91320106MA1W2X3Y4K。", [], "统一社会信用代码91320106MA1W2X3Y4K。"),
        ("统一社会信用代码913201061234567890。", [], "统一社会信用代码913201061234567890。"),
        ("齐某住院治疗至2021年9月16日。", [], "齐某住院治疗至2021年9月16日。"),
        ("案号（2023）京0105民初12345号，金额12345678元。", [], "案号（2023）京0105民初12345号，金额12345678元。"),
        ("工资共计123456789012元", [], "工资共计123456789012元"),
        ("于2020年5月1日入职", [], "于2020年5月1日入职"),
    ],
)
def test_mask(text, persons, expected):
    assert mask(text, persons) == expected


@pytest.mark.parametrize(
    "text, cut, expected",
    [
        ("原告徐辉勇于2020年入职", "于2020年入职", "于2020年入职"),
        ("原告徐辉勇于2020年入职", "徐辉", "徐某"),  # a cut into a name takes the whole masked name, never a half
        ("原告徐辉勇于2020年入职", "原告徐辉勇", "原告徐某"),
        ("电话13812345678，住北京市朝阳区建国路1号", "5678，住北京市朝阳区建国", f"{X}，住北京市朝阳区{X}"),
    ],
)
def test_spans_of_the_written_text_map_into_the_masked_text(text, cut, expected):
    m = masked(text, ["徐辉勇"])
    start = text.index(cut)
    span = m.span(start, start + len(cut))
    assert m.text[span.start : span.end] == expected


def test_redactions_say_what_they_are():
    kinds = [
        r.kind for r in redactions("原告：徐辉勇，1982年4月26日出生，公民身份号码320106198204263481，电话13812345678。")
    ]
    assert kinds == ["name", "birth_date", "id_number", "phone"]
