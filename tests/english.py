"""What tests look for in text meant for people: a run of English words (codes and parameter names come alone)."""

import re

_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,.;:'’]+[A-Za-z]{2,}){2,}")


# A command the reader is told to run (caishen init-db) is a name to type, not English to read.
_COMMAND = re.compile(r"caishen(?: [a-z][a-z-]*)+")


def english_in(text: str) -> str | None:
    """The first run of three or more English words in a text, if any."""
    found = _ENGLISH.search(_COMMAND.sub("", text))
    return found.group(0) if found else None
