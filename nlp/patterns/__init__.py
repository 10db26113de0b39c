"""Pattern data files (TOML), loaded once and cached."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

PATTERN_DIR = Path(__file__).parent


@cache
def load(name: str) -> dict:
    with open(PATTERN_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)
