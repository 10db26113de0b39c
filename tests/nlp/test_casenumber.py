"""Case numbers: a table of written forms, and every number in real CAIL2019 judgment sentences."""

import json
import re

import pytest

from nlp.casenumber import find_case_numbers, province_of
from tests.conftest import shared_file

CASES = [
    # text, normalised, year, code, type, serial, stage
    ("（2023）京0105民初12345号", "(2023)京0105民初12345号", 2023, "京0105", "民初", 12345, "first_instance"),
    ("(2019)粤01民终 678 号", "(2019)粤01民终678号", 2019, "粤01", "民终", 678, "second_instance"),
    ("〔2021〕京民再9号", "(2021)京民再9号", 2021, "京", "民再", 9, "retrial"),
    ("[2022]沪0115执恢45号", "(2022)沪0115执恢45号", 2022, "沪0115", "执恢", 45, "execution"),
    ("（２０２０）浙０１０６执１２号", "(2020)浙0106执12号", 2020, "浙0106", "执", 12, "execution"),
    ("（2007）马民初字第361号", "(2007)马民初361号", 2007, "马", "民初", 361, "first_instance"),
    ("京朝劳人仲字〔2023〕第1234号", "京朝劳人仲字(2023)1234号", 2023, "京朝", "劳人仲字", 1234, "arbitration"),
    ("京劳人仲字[2015]第4747号", "京劳人仲字(2015)4747号", 2015, "京", "劳人仲字", 4747, "arbitration"),
    ("穗劳人仲案字〔2022〕123号", "穗劳人仲案字(2022)123号", 2022, "穗", "劳人仲案字", 123, "arbitration"),
    ("电劳人仲案非终字[2016]42号", "电劳人仲案非终字(2016)42号", 2016, "电", "劳人仲案非终字", 42, "arbitration"),
    ("宁浦劳人仲案【2016】619号", "宁浦劳人仲案(2016)619号", 2016, "宁浦", "劳人仲案", 619, "arbitration"),
    # A chamber in brackets; the kind of case after the year.
    ("深劳人仲（宝）案〔2016〕123号", "深劳人仲(宝)案(2016)123号", 2016, "深", "劳人仲(宝)案", 123, "arbitration"),
    ("闵劳人仲（2013）办字第1018号", "闵劳人仲(2013)办字1018号", 2013, "闵", "劳人仲", 1018, "arbitration"),
    (
        "蓉武劳人仲委案字〔2024〕第7517号",
        "蓉武劳人仲委案字(2024)7517号",
        2024,
        "蓉武",
        "劳人仲委案字",
        7517,
        "arbitration",
    ),
    (
        "该委作出了沈西劳人仲不字【2016】459号不予受理通知书",
        "沈西劳人仲不字(2016)459号",
        2016,
        "沈西",
        "劳人仲不字",
        459,
        "arbitration",
    ),
    # A commission's name running into its number: the prefix starts after 委员会.
    (
        "广州市天河区劳动人事争议仲裁委员会穗天劳人仲案字〔2023〕第688号裁决",
        "穗天劳人仲案字(2023)688号",
        2023,
        "穗天",
        "劳人仲案字",
        688,
        "arbitration",
    ),
    (
        "以劳人仲案字（2014）第3699号仲裁裁决书裁决",
        "劳人仲案字(2014)3699号",
        2014,
        "",
        "劳人仲案字",
        3699,
        "arbitration",
    ),
]


@pytest.mark.parametrize("text,normalised,year,code,ctype,serial,stage", CASES, ids=[c[0] for c in CASES])
def test_parses_each_written_form(text, normalised, year, code, ctype, serial, stage):
    (number,) = find_case_numbers(text)
    assert (number.normalised, number.year, number.code, number.case_type, number.serial, number.stage) == (
        normalised,
        year,
        code,
        ctype,
        serial,
        stage,
    )
    assert text[number.span.start : number.span.end] == number.raw


def test_finds_several_in_order_with_spans():
    text = "上诉人不服（2023）京0105民初12345号民事判决。原审查明：京朝劳人仲字〔2023〕第1234号裁决。"
    numbers = find_case_numbers(text)
    assert [n.stage for n in numbers] == ["first_instance", "arbitration"]
    assert all(text[n.span.start : n.span.end] == n.raw for n in numbers)


@pytest.mark.parametrize("text", ["2023年5月6日", "第1234号文件", "（2023）年度报告", "劳人仲", ""])
def test_ignores_what_is_not_a_case_number(text):
    assert find_case_numbers(text) == []


@pytest.mark.parametrize(
    "code,province", [("京0105", "北京市"), ("粤01", "广东省"), ("穗天", "广东省"), ("蓉武", "四川省")]
)
def test_province_from_code(code, province):
    (number,) = find_case_numbers(f"（2023）{code}民初1号" if code[1:].isdigit() else f"{code}劳人仲字〔2023〕1号")
    assert province_of(number) == province


def test_every_arbitration_number_in_real_judgment_sentences():
    """Every sentence of CAIL2019 that writes 劳人仲/劳仲…号 yields a number whose span is its own text."""
    path = shared_file("cail2019_labor_elements.dev.jsonl")
    sentences = [s["text"] for line in path.open(encoding="utf-8") for s in json.loads(line)["sentences"]]
    written = re.compile(r"劳(?:人)?仲[^，。；]{0,8}?[（(〔\[【［]\s*\d{4}\s*[）)〕\]】］]\s*第?\s*\d+\s*号")
    with_numbers = [s for s in sentences if written.search(s)]
    assert len(with_numbers) >= 20, "the shared data should hold many arbitration numbers"
    for s in with_numbers:
        found = [n for n in find_case_numbers(s) if n.stage == "arbitration"]
        assert found, s
        for n in found:
            assert s[n.span.start : n.span.end] == n.raw and 1990 <= n.year <= 2030, s
