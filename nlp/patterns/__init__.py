"""Pattern data files (TOML), loaded once and cached, and how a negation before a match denies it."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

PATTERN_DIR = Path(__file__).parent


@cache
def load(name: str) -> dict:
    with open(PATTERN_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@cache
def regexes(name: str, table: str) -> dict[str, re.Pattern]:
    """One table of a pattern file whose values are regular expressions, compiled."""
    return {key: re.compile(value) for key, value in load(name)[table].items()}


_CLAUSE_BREAK = re.compile(r"[，,；;：:。]")


def denied(negated_by: re.Pattern | None, text: str, start: int, window: int) -> bool:
    """Whether a negation occurs in the `window` characters before `start`, within the same clause
    (被告未与原告签订… is denied; 原告未按时上班，双方签订… is not)."""
    if negated_by is None:
        return False
    return bool(negated_by.search(_CLAUSE_BREAK.split(text[max(0, start - window) : start])[-1]))
