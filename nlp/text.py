"""Text normalisation: full/half width, brackets, Chinese numerals and dates."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib.resources import files

# Full-width ASCII (U+FF01–U+FF5E) maps to ASCII by a fixed offset; the ideographic space to a space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Keep the Chinese brackets and punctuation that legal text relies on; only letters and digits fold.
for _ch in "（）［］：，；！？":
    _WIDTH.pop(ord(_ch), None)

_BRACKETS = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〔": "(",
        "〕": ")",
        "[": "(",
        "]": ")",
        "【": "(",
        "】": ")",
        "［": "(",
        "］": ")",
        "﹝": "(",
        "﹞": ")",
    }
)
# Whether a text has anything to map: most have none, and a search is far cheaper than a translate of a whole document.
_TO_FOLD = re.compile("[" + "".join(map(chr, _WIDTH)) + "]")
_TO_ASCII_BRACKET = re.compile("[" + re.escape("".join(map(chr, _BRACKETS))) + "]")

_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


def fold_width(text: str) -> str:
    """Full-width letters and digits to ASCII; keeps the length, so spans stay valid."""
    return text.translate(_WIDTH) if _TO_FOLD.search(text) else text


# ASCII punctuation in Chinese text (pages converted or typed on a Western keyboard) read as the Chinese marks the
# grammar is written in; a comma or colon between digits (14,565.18元, 10:30) is left alone.
_CHINESE_MARKS = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_MARK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;?!()]")


# A reading in pinyin after a character (经（jīng）协（xié）商), as some news pages print them.
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,6}[）)]")


def reading_form(text: str) -> str:
    """The text as the grammar reads it: ASCII punctuation marks as their Chinese forms, traditional characters as
    simplified (駁回 → 驳回), pinyin readings as spaces, keeping the length, so spans stay valid."""
    text = _PINYIN.sub(lambda m: " " * len(m.group()), simplified(text))
    if not _ASCII_MARK.search(text):
        return text
    return _ASCII_MARK.sub(lambda m: _CHINESE_MARKS[m.group()], text)


# Characters of the simplified standard that traditional text writes for a grammar word (其後, 於2018年): folded anyway.
_FOLDED_ANYWAY = frozenset("後於")


def _standard_simplified(char: str) -> bool:
    """Whether GB2312, the simplified standard, has the character (乾 in 乾坤, 甯 as a surname): such a one is left
    as written, but for the few traditional text needs folded."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return char not in _FOLDED_ANYWAY


def simplified(text: str) -> str:
    """Traditional characters as simplified, one for one (駁回 → 驳回): the same length, so positions carry over."""
    table, traditional = _simplified()
    if traditional.isdisjoint(text):  # faster than translate() on the simplified text most documents are
        return text
    return text.translate(table)


@cache
def _simplified() -> tuple[dict[int, int], frozenset[str]]:
    """OpenCC's traditional → simplified table, where one character stands for one (its first reading), and its
    characters: the grammar is written in simplified characters, and pages from Hong Kong or Taiwan are not."""
    table: dict[int, int] = {}
    with (files("opencc") / "dictionary" / "TSCharacters.txt").open(encoding="utf-8") as lines:
        for line in lines:
            source, _, targets = line.rstrip("\n").partition("\t")
            target = targets.split(" ")[0]
            if len(source) == 1 and len(target) == 1 and source != target and not _standard_simplified(source):
                table[ord(source)] = ord(target)
    return table, frozenset(map(chr, table))


def ascii_brackets(text: str) -> str:
    """Every kind of bracket used around case-number years to ( and )."""
    return _TO_ASCII_BRACKET.sub(lambda m: m.group().translate(_BRACKETS), text)


def chinese_int(text: str) -> int:
    """A Chinese numeral below 万 (二十三, 一千二百, 十五) or a digit-by-digit year (二〇二三) to an int."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


_NUM = r"[0-9〇零○一二两三四五六七八九十]+"
DATE_RE = re.compile(rf"({_NUM})年({_NUM})月({_NUM})日")


def parse_date(text: str) -> date | None:
    """2023年5月6日 or 二〇二三年五月六日 → date; None when it is not a valid date."""
    m = DATE_RE.fullmatch(fold_width(text).strip())
    if not m:
        return None
    return _date_from_match(m)


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date in the text with its span."""
    found = []
    for m in DATE_RE.finditer(fold_width(text)):
        d = _date_from_match(m)
        if d:
            found.append((d, m.start(), m.end()))
    return found


# 2015年1月至2016年12月 / 2014年1月1日起至2017年6月30日止 / 2016年3月-8月: a period, to the month or the day.
_PERIOD_RE = re.compile(
    rf"({_NUM})年({_NUM})月(?:({_NUM})日)?(?:起)?(?:至|到|—|－|-|~|～)(?:({_NUM})年)?({_NUM})月"
    rf"(?:({_NUM})日)?"
)


Period = tuple[tuple[int, int, int | None], tuple[int, int, int | None]]


def find_periods(text: str) -> list[Period]:
    """Every period from one month (or day) to another, as ((year, month, day), (year, month, day)), the day None
    where the text gives none."""
    found: list[Period] = []
    for m in _PERIOD_RE.finditer(fold_width(text)):
        # The first year and both months always match; the second year and the days may be left out.
        y1, m1, m2 = (_numeral(m[g]) for g in (1, 2, 5))
        d1, y2, d2 = (None if m[g] is None else _numeral(m[g]) for g in (3, 4, 6))
        found.append(((y1, m1, d1), (y2 or y1, m2, d2)))
    return found


def within(inner: Period, outer: Period) -> bool:
    """Whether `inner` lies inside `outer`, to the day where both give days, else to the month."""

    def key(a, b):
        return (a, b) if a[2] is not None and b[2] is not None else (a[:2], b[:2])

    (s1, s2), (e1, e2) = key(outer[0], inner[0]), key(inner[1], outer[1])
    return s1 <= s2 and e1 <= e2


def _numeral(text: str) -> int:
    return int(text) if text.isdigit() else chinese_int(text)


def _date_from_match(m: re.Match) -> date | None:
    try:
        parts = [_numeral(g) for g in m.groups()]
        return date(*parts)
    except ValueError:
        return None


# Amounts: 8240元, 8,240.50元, 1.2万元, 一万二千元, 人民币贰万元整, 壹拾万零伍佰元; a published text's stray spaces
# around the decimal point (27168 . 39元) are part of the number.
_CN_DIGITS = "〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十拾百佰千仟"
# A full-width comma between digits groups thousands (14，565.18元) when three digits follow it.
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
AMOUNT_RE = re.compile(
    r"(?:人民币)?(?:"
    rf"(?P<arabic>(?<![\d.．])(?:\d{{1,3}}(?:,\d{{3}})+(?:(?:\.| \. )\d+)?|\d+(?:(?:\.| \. )\d+)?))\s*(?P<scale>万|亿)?"
    rf"|(?P<chinese>[{_CN_DIGITS}十拾][{_CN_DIGITS}{_CN_UNITS}万亿]*)"
    r")\s*元(?:整)?"
)


def chinese_amount(text: str) -> int:
    """A Chinese numeral with 万/亿 sections (壹拾万零伍佰, 一万二千, 两亿) to an int."""
    total, section = 0, ""
    for ch in text:
        if ch in "亿万":
            value = chinese_int(section) if section.strip("零〇") else (0 if total else 1)
            total = (total + value) * (10**8 if ch == "亿" else 10**4)
            section = ""
        else:
            section += ch
    section = section.lstrip("零〇")
    return total + (chinese_int(section) if section else 0)


def parse_amount(text: str) -> float | None:
    """The value of one written amount, or None when the text is not one."""
    m = AMOUNT_RE.fullmatch(fold_width(text).strip())
    return _amount_value(m) if m else None


def find_amounts(text: str) -> list[tuple[float, int, int]]:
    """Every amount in yuan with its span: (value, start, end)."""
    found = []
    for m in AMOUNT_RE.finditer(_THOUSANDS.sub(",", fold_width(text))):
        value = _amount_value(m)
        if value is not None:
            found.append((value, m.start(), m.end()))
    return found


def products(text: str) -> list[tuple[float, int, int]]:
    """Sums written only as their calculation (2个月×5864元／月, 2685元／月×3个月) with no result after them, with
    their spans: what an item asks or orders when it names no total. A bracketed calculation explains an amount
    named before it and is left out."""
    return [
        (float(m["count"] or m["count2"]) * float(m["rate"] or m["rate2"]), m.start(), m.end())
        for m in _PRODUCT.finditer(fold_width(text))
        if not bracketed(text, m.start())
    ]


def bracketed(text: str, pos: int) -> bool:
    """Whether `pos` stands inside brackets."""
    before = text[:pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


_TIME_UNIT = "(?:月|天|日|年|小时)"
_PRODUCT = re.compile(
    rf"(?:(?P<count>\d+(?:\.\d+)?)个?{_TIME_UNIT}\s*[×*]\s*(?P<rate>\d+(?:\.\d+)?)元\s*[/／每]\s*{_TIME_UNIT}"
    rf"|(?P<rate2>\d+(?:\.\d+)?)元\s*[/／每]\s*{_TIME_UNIT}\s*[×*]\s*(?P<count2>\d+(?:\.\d+)?)个?{_TIME_UNIT})"
    r"(?!\s*[=＝])"
)


def _amount_value(m: re.Match) -> float | None:
    try:
        if m["arabic"]:
            value = float(m["arabic"].replace(",", "").replace(" ", ""))
            return value * {"万": 10**4, "亿": 10**8}.get(m["scale"] or "", 1)
        return float(chinese_amount(m["chinese"]))
    except ValueError:
        return None
