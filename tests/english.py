"""What tests look for in text meant for people: a run of English words (codes and parameter names come alone)."""

import re

_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,.;:'’]+[A-Za-z]{2,}){2,}")


def english_in(text: str) -> str | None:
    """The first run of three or more English words in a text, if any."""
    found = _ENGLISH.search(text)
    return found.group(0) if found else None
