"""Masking for readers who may not see personal data: natural persons' names reduced to surname + 某, ID numbers,
phone numbers and street addresses hidden. Organisations (platforms, contractors) are never masked."""

from __future__ import annotations

import re
from typing import Iterable

# Two-character surnames come first in a name; the rest are one character.
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[-－]\d{7,8}(?!\d)")
# An address after its label (住所地/住址/地址/现住…): the place down to the district stays, the street goes.
_ADDRESS = re.compile(r"((?:住所地?|住址|地址|现住址?|户籍地|经常居住地|住(?=[\u4e00-\u9fff]{1,8}?(?:省|自治区|市)))[：:，,\s]*)"
                      r"((?:[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|州|盟|区|县|旗))*)([^，。；;\n]{2,60})")
_PUBLISHED = re.compile(r"([\u4e00-\u9fff])某某")


def surname(name: str) -> str:
    return name[:2] if name.startswith(_COMPOUND_SURNAMES) else name[:1]


def mask_name(name: str) -> str:
    """张三丰 → 张某; 欧阳娜娜 → 欧阳某."""
    return surname(name) + "某"


def mask(text: str, persons: Iterable[str] = ()) -> str:
    """The text with personal data masked. `persons` are the natural persons the document names (its parties);
    published forms (张某某) are reduced the same way."""
    out = _ADDRESS.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    out = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), out)
    out = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", out)
    out = _LANDLINE.sub(lambda m: f"{m.group(1)}-********", out)
    for name in sorted({p for p in persons if len(p) >= 2}, key=len, reverse=True):
        out = out.replace(name, mask_name(name))
    return _PUBLISHED.sub(r"\1某", out)
