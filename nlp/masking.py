"""Masking for readers who may not see personal data (docs/privacy.md): natural persons' names reduced to surname
+ 某, birth dates to the year; ID numbers, phones, bank accounts, e-mail addresses, licence plates and the street
part of home addresses removed. Organisations, their codes and officials acting in office are kept.

Masking is computed once per text as redactions with spans (`redactions`), so that a passage is cut, quoted or
highlighted from the masked text, never masked after it was cut (a name cut in half would survive)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Iterable

from nlp.model import Span
from nlp.parties import classify_party
from nlp.patterns import load

# Two-character surnames come first in a name; the rest are one character.
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
)
_PUBLISHED = re.compile(r"([\u4e00-\u9fff])某某")
_HAN_NAME = r"[\u4e00-\u9fff]{2,4}?"
# A year and a month and day, in figures or in Chinese numerals (一九八二年四月二十六日).
_YEAR = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
_MONTH_DAY = r"[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日"


def surname(name: str) -> str:
    return name[:2] if name.startswith(_COMPOUND_SURNAMES) else name[:1]


def mask_name(name: str) -> str:
    """张三丰 → 张某; 欧阳娜娜 → 欧阳某."""
    return surname(name) + "某"


@dataclass(frozen=True)
class Redaction:
    span: Span  # in the text as written
    replacement: str
    kind: str  # name, id_number, phone, bank_account, email, plate, address, birth_date


@dataclass(frozen=True)
class MaskedText:
    """A text as a masked reader sees it, and the way from spans of the written text to spans of this one."""

    text: str
    _starts: tuple[int, ...]  # for each redaction: its start in the written text, its start and end here
    _ends: tuple[int, ...]
    _shift: tuple[tuple[int, int, int], ...]

    @classmethod
    def as_written(cls, text: str) -> MaskedText:
        """A text a reader sees as written: nothing masked, every span where it was."""
        return cls(text, (), (), ())

    @property
    def redacted(self) -> tuple[tuple[int, int, str], ...]:
        """Each redaction as (start, end) in the written text and what this text has instead."""
        return tuple((s, e, self.text[m0:m1]) for s, e, (_, m0, m1) in zip(self._starts, self._ends, self._shift))

    def cut(self, start: int, end: int) -> str:
        """The passage text[start:end] of the written text, as it reads here."""
        span = self.span(start, end)
        return self.text[span.start : span.end]

    def span(self, start: int, end: int) -> Span:
        """Where text[start:end] of the written text is here; a span cutting into a redaction takes all of it."""
        return Span(self._at(start, True), self._at(end, False))

    def _at(self, pos: int, opening: bool) -> int:
        k = bisect_right(self._starts, pos) - 1  # the last redaction starting at or before pos
        if k < 0:
            return pos
        raw_start, masked_start, masked_end = self._shift[k]
        if pos == raw_start:
            return masked_start
        if pos < self._ends[k]:  # inside the redaction
            return masked_start if opening else masked_end
        return masked_end + pos - self._ends[k]


def masked(text: str, persons: Iterable[str] = ()) -> MaskedText:
    """The text with personal data masked. `persons` are natural persons known to be named in it (the parties of
    its dispute); the persons its own labels name (原告：…, 委托代理人：…, 法定代表人…) are found here."""
    cuts = redactions(text, persons)
    out, pos, shift = [], 0, []
    length = 0
    for r in cuts:
        out.append(text[pos : r.span.start])
        length += r.span.start - pos
        shift.append((r.span.start, length, length + len(r.replacement)))
        out.append(r.replacement)
        length += len(r.replacement)
        pos = r.span.end
    out.append(text[pos:])
    return MaskedText("".join(out), tuple(r.span.start for r in cuts), tuple(r.span.end for r in cuts), tuple(shift))


def mask(text: str, persons: Iterable[str] = ()) -> str:
    return masked(text, persons).text


def redactions(text: str, persons: Iterable[str] = ()) -> list[Redaction]:
    """What masking changes in `text`, in order and not overlapping: of two that overlap, identifiers win over
    addresses, addresses over birth dates, those over names."""
    found: list[Redaction] = []
    taken: list[tuple[int, int]] = []
    for finder in (_identifiers, _addresses, _birth_dates, _names):
        for r in finder(text, persons):
            if not any(r.span.start < e and s < r.span.end for s, e in taken):
                found.append(r)
                taken.append((r.span.start, r.span.end))
    return sorted(found, key=lambda r: r.span.start)


def _identifiers(text: str, persons) -> Iterable[Redaction]:
    p = _patterns()
    for kind, pattern in p["identifiers"]:
        for m in pattern.finditer(text):
            if p["kept_number"].search(text, max(0, m.start() - 12), m.start()):
                continue  # an organisation's code, kept
            yield Redaction(Span(m.start(), m.end()), p["removed"], kind)


def _addresses(text: str, persons) -> Iterable[Redaction]:
    p = _patterns()
    for m in p["address"].finditer(text):
        if m.group("street"):
            yield Redaction(Span(m.start("street"), m.end("street")), p["removed"], "address")


def _birth_dates(text: str, persons) -> Iterable[Redaction]:
    for m in _patterns()["birth"].finditer(text):
        day = next(g for g in (1, 2, 3, 4) if m.group(g))
        # 1982年4月26日 → 1982年; 1982-04-26 → 1982年
        yield Redaction(Span(m.start(day), m.end(day)), "" if day in (1, 3) else "年", "birth_date")


def _names(text: str, persons) -> Iterable[Redaction]:
    names = {n for n in persons if len(n) >= 2} | named_persons(text)
    names -= officials(text)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            yield Redaction(Span(m.start(), m.end()), mask_name(name), "name")
    for m in _PUBLISHED.finditer(text):  # published forms (张某某) are reduced the same way
        yield Redaction(Span(m.start(), m.end()), m.group(1) + "某", "name")


def named_persons(text: str) -> set[str]:
    """Natural persons a text names after a label (原告：张三，… / 委托代理人李四，… / 法定代表人：王五)."""
    out = set()
    for m in _patterns()["person"].finditer(text):
        name = m.group("name")
        if classify_party(name)[0] == "person" and not name.endswith(_NOT_A_NAME):
            out.add(name)
    return out


def officials(text: str) -> set[str]:
    """Names of officials signing in office (审判员 张三 / 书记员：李四): kept."""
    return {m.group("name") for m in _patterns()["official"].finditer(text)}


# Words a label may be followed by that are not names (原告诉称, 被告辩称, 委托代理人到庭).
_NOT_A_NAME = ("诉称", "辩称", "认为", "到庭", "出庭", "参加", "提出", "主张", "称", "述称", "陈述", "公司", "单位")


@cache
def _patterns() -> dict:
    p = load("masking")
    labels = sorted(list(load("parties")["roles"]) + p["person_labels"], key=len, reverse=True)
    return {
        "removed": p["removed"],
        "person": re.compile(
            r"(?:" + "|".join(labels) + r")(?:[（(][^）)\n]{0,12}[）)])?[：:\s\u3000]*"
            r"(?!" + "|".join(p["not_name"]) + r")(?P<name>" + _HAN_NAME + r")(?=[，,。；;、（(\s\u3000]|$)"
        ),
        "official": re.compile(
            r"(?:"
            + "|".join(sorted(p["official_labels"], key=len, reverse=True))
            + r")[：:\s\u3000]*(?P<name>"
            + _HAN_NAME
            + r")(?=[，,。；;、\s\u3000]|$)"
        ),
        "address": re.compile(
            r"(?:"
            + "|".join(sorted(p["address_labels"], key=len, reverse=True))
            + r"|住(?=[\u4e00-\u9fff]{1,8}?(?:省|自治区|市)))[：:，,\s]*"
            r"(?:[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|州|盟|区|县|旗))*"
            r"(?P<street>[^，,。；;\n]{2,60})?"
        ),
        # 1982年4月26日出生 / 1982年4月26日生， / 1982-04-26出生 / 出生于、生于 or 出生日期：1982年4月26日 (or
        # 1982-04-26); the month and day go, the year stays. 生 alone says a birth only before a stop (not 生效).
        "birth": re.compile(
            _YEAR + r"(?:年(" + _MONTH_DAY + r")|([-./．]\d{1,2}[-./．]\d{1,2}日?))"
            r"(?=出生|生(?:[，,。；;、）)\s]|$))"
            r"|(?:出生(?:于|日期|年月日|年月)?|生于)[：:]?\s*"
            + _YEAR
            + r"(?:年("
            + _MONTH_DAY
            + r")|([-./．]\d{1,2}[-./．]\d{1,2}))"
        ),
        "kept_number": re.compile("(?:" + "|".join(p["kept_number_labels"]) + r")[：:\s]*$"),
        "identifiers": [
            (
                "id_number",
                re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"),
            ),
            # as some documents publish it, partly hidden (320106********3481, 3201061982****3481): what is left
            # still narrows a person down, and with a birth date rebuilds the number
            (
                "id_number",
                re.compile(
                    r"(?<![0-9A-Za-z*＊×])\d{6}(?=[\d*＊×Xx]{0,10}[*＊×Xx])[\d*＊×Xx]{11}[\dXx*＊×]"
                    r"(?![0-9A-Za-z*＊×])"
                ),
            ),
            ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
            (
                "phone",
                re.compile(
                    r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)"
                    r"|(?<!\d)0\d{2,3}[-－]\d{7,8}(?:[-－]\d{1,5})?(?!\d)"
                ),
            ),
            (
                "bank_account",
                re.compile(
                    r"(?<![\d.,A-Za-z])\d{4}(?:[\s-]?\d{4}){2,3}(?:[\s-]?\d{1,3})?(?![\d.,A-Za-z元万])"
                    r"|(?<![\d.,A-Za-z])\d{12,22}(?![\d.,A-Za-z元万])"
                ),
            ),
            (
                "plate",
                re.compile(
                    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•\s]?"
                    r"[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳](?![A-Za-z0-9])"
                ),
            ),
        ],
    }
