"""Fictional natural persons and organisations, written as real documents write them."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

VOCAB_FILE = Path(__file__).with_name("vocab.toml")


@cache
def vocabulary() -> dict:
    """Regions, occupations, platforms and name parts for the generator (fictional)."""
    with open(VOCAB_FILE, "rb") as fh:
        return tomllib.load(fh)


_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    birth: date
    id_number: str
    address: str
    phone: str

    def line(self, label: str) -> str:
        return (
            f"{label}：{self.name}，{self.gender}，{self.birth.year}年{self.birth.month}月{self.birth.day}日出生，汉族，"
            f"公民身份号码{self.id_number}，住{self.address}，联系电话{self.phone}。"
        )


@dataclass(frozen=True)
class Organisation:
    name: str
    address: str
    uscc: str  # 统一社会信用代码
    legal_rep: str
    category: str  # platform, contractor

    def lines(self, label: str) -> list[str]:
        return [
            f"{label}：{self.name}，住所地{self.address}，统一社会信用代码{self.uscc}。",
            f"法定代表人：{self.legal_rep}，执行董事。",
        ]


def id_number(rng: random.Random, admin_code: str, birth: date, male: bool) -> str:
    """A well-formed 18-digit 公民身份号码 (ISO 7064 MOD 11-2 check digit) for a fictional person."""
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    body = f"{admin_code}{birth:%Y%m%d}{seq:03d}"
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS)) % 11]


def uscc(rng: random.Random, admin_code: str) -> str:
    """A well-formed 统一社会信用代码 (GB 32100 check character) for a fictional company."""
    body = "91" + admin_code + "".join(rng.choice(_USCC_CHARS) for _ in range(9))
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def person_name(rng: random.Random, names: dict) -> str:
    given = "".join(rng.choice(names["given"]) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(names["surnames"]) + given


def make_person(rng: random.Random, names: dict, region: dict, today: date) -> Person:
    male = rng.random() < 0.7
    birth = today - timedelta(days=rng.randrange(20 * 365, 50 * 365))
    return Person(
        name=person_name(rng, names),
        gender="男" if male else "女",
        birth=birth,
        id_number=id_number(rng, region["admin_code"], birth, male),
        address=f"{region['city']}{region['district']}{rng.choice(names['streets'])}{rng.randrange(1, 300)}号"
        f"{rng.randrange(1, 30)}栋{rng.randrange(1, 25)}0{rng.randrange(1, 9)}室",
        phone=f"1{rng.choice('3578')}{rng.randrange(0, 10)}{rng.randrange(0, 10**8):08d}",
    )


def make_organisation(rng: random.Random, names: dict, region: dict, name: str, category: str) -> Organisation:
    return Organisation(
        name=name,
        address=f"{region['city']}{region['district']}{rng.choice(names['streets'])}{rng.randrange(1, 500)}号",
        uscc=uscc(rng, region["admin_code"]),
        legal_rep=person_name(rng, names),
        category=category,
    )
