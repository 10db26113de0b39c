"""Normalisation: width, brackets, Chinese numerals, dates."""

from datetime import date

import pytest

from nlp.text import (
    ascii_brackets,
    chinese_int,
    find_amounts,
    find_dates,
    find_periods,
    fold_width,
    parse_amount,
    parse_date,
    reading_form,
    within,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十三", 23),
        ("一百零五", 105),
        ("一千二百", 1200),
        ("二〇二三", 2023),
        ("壹仟贰佰", 1200),
        ("三十一", 31),
    ],
)
def test_chinese_int(text, expected):
    assert chinese_int(text) == expected


@pytest.mark.parametrize("bad", ["", "abc", "一x"])
def test_chinese_int_rejects(bad):
    with pytest.raises(ValueError):
        chinese_int(bad)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2023年5月6日", date(2023, 5, 6)),
        ("二〇二三年五月六日", date(2023, 5, 6)),
        ("二〇二四年十一月二十日", date(2024, 11, 20)),
        ("２０２２年１２月３１日", date(2022, 12, 31)),
        ("2023年2月30日", None),
        ("二〇二三年十三月一日", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_dates_keeps_spans():
    text = "于2023年5月6日作出裁决，二〇二三年十一月五日"
    found = find_dates(text)
    assert [d for d, _, _ in found] == [date(2023, 5, 6), date(2023, 11, 5)]
    assert text[found[1][1] : found[1][2]] == "二〇二三年十一月五日"


def test_width_and_brackets_keep_length():
    text = "（２０２３）京０１０５民初１２号【甲】"
    assert fold_width(text) == "（2023）京0105民初12号【甲】"
    assert ascii_brackets(fold_width(text)) == "(2023)京0105民初12号(甲)"
    assert len(ascii_brackets(fold_width(text))) == len(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("8240元", 8240),
        ("8,240.50元", 8240.5),
        ("1.2万元", 12000),
        ("一万二千元", 12000),
        ("人民币贰万元整", 20000),
        ("壹拾万零伍佰元", 100500),
        ("十元", 10),
        ("两亿元", 2 * 10**8),
        ("１２００元", 1200),
        ("11万元", 110000),
        ("万元", None),
        ("元", None),
        ("8240", None),
        ("27168 . 39元", 27168.39),  # a published text's stray spaces around the point
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


def test_a_numbered_item_is_no_decimal_point():
    text = "诉讼请求：1. 5000元工资；2.加班费"
    assert [(v, text[s:e]) for v, s, e in find_amounts(text)] == [(5000, "5000元")]


def test_a_masked_sum_is_no_amount():
    # 工亡补助金x.32元: the digits before the point were masked; what is left is not 32
    assert find_amounts("丧葬补助金9822.48元、工亡补助金x.32元、抚恤金XX.5万元")[1:] == []


def test_find_amounts_in_a_calculation():
    text = "3500元÷21.75天×5天×2倍=1609元"
    assert [(v, text[s:e]) for v, s, e in find_amounts(text)] == [(3500, "3500元"), (1609, "1609元")]


def test_parallel_segmentation_equals_serial():
    from nlp.tokens import index_text, index_text_many

    texts = [f"第{i}号外卖骑手与平台之间的劳动关系认定，站点排班考勤并按单结算报酬。" * 40 for i in range(60)]
    assert index_text_many(texts, workers=2) == [index_text(t) for t in texts]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("支付2015年1月至2016年12月的加班费", [((2015, 1, None), (2016, 12, None))]),
        ("自2014年1月1日起至2017年6月30日止", [((2014, 1, 1), (2017, 6, 30))]),
        ("二○一二年十一月一日至二○一六年三月三十一日期间", [((2012, 11, 1), (2016, 3, 31))]),
        ("2016年3月-8月工资", [((2016, 3, None), (2016, 8, None))]),
        ("2016年3月入职", []),
    ],
)
def test_find_periods(text, expected):
    assert find_periods(text) == expected


@pytest.mark.parametrize(
    "inner, outer, expected",
    [
        (((2016, 1, None), (2016, 12, None)), ((2015, 1, None), (2016, 12, None)), True),
        (((2015, 3, 1), (2017, 6, 30)), ((2014, 1, 1), (2017, 6, 30)), True),
        (
            ((2014, 1, 1), (2017, 6, 30)),
            ((2014, 1, None), (2017, 6, None)),
            True,
        ),  # to the month where one gives no day
        (((2014, 1, None), (2018, 1, None)), ((2014, 1, 1), (2017, 6, 30)), False),
    ],
)
def test_within(inner, outer, expected):
    assert within(inner, outer) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("原告诉称:请求判令被告支付工资5000元;", "原告诉称：请求判令被告支付工资5000元；"),
        ("上诉人(原审原告)张某,男", "上诉人（原审原告）张某，男"),
        # A comma or colon between digits groups thousands or tells the time.
        ("加班费共计747,144.29元,于10:30开庭", "加班费共计747,144.29元，于10:30开庭"),
        # A reading in pinyin printed after a character is no part of the text.
        ("经（jīng）协（xié）商，区（qū）法院", "经" + " " * 6 + "协" + " " * 5 + "商，区" + " " * 4 + "法院"),
        ("依据(a)款", "依据（a）款"),  # a bracketed letter after no reading is kept
        # Traditional characters read as simplified, one for one; characters of the simplified standard (乾坤, 甯) are
        # left as written, but for 後 and 於, which traditional text writes for 后 and 于.
        ("乾坤，其後於2018年", "乾坤，其后于2018年"),
        ("法院駁回阿光的其他訴訟請求,裁決支付二倍工資五萬餘元", "法院驳回阿光的其他诉讼请求，裁决支付二倍工资五万余元"),
        (
            "勞動仲裁委員會以李君的申請超過仲裁時效為由決定不予受理",
            "劳动仲裁委员会以李君的申请超过仲裁时效为由决定不予受理",
        ),
    ],
)
def test_the_text_as_the_grammar_reads_it_keeping_length(text, expected):
    assert reading_form(text) == expected
    assert len(reading_form(text)) == len(text)


def test_a_judgment_in_ascii_punctuation_is_read_as_in_chinese():
    from nlp.extract import extract_document

    # No title: 判决： says a court wrote it.
    chinese = (
        "张某向一审法院起诉请求：1、某公司支付工资5000元；2、某公司支付经济补偿金6000元。一审法院认为，张某证据不足。"
        "一审判决：一、某公司支付张某工资5000元；二、驳回张某的其他诉讼请求。"
    )
    ascii_ = chinese.translate(str.maketrans("：；，", ":;,"))
    read = [extract_document(t) for t in (chinese, ascii_)]
    assert (read[1].kind, read[1].stage) == (read[0].kind, read[0].stage) == ("judgment", "second_instance")
    assert [(c.claim_type, c.amount) for c in read[1].claims] == [(c.claim_type, c.amount) for c in read[0].claims]
    assert read[1].outcomes == read[0].outcomes
