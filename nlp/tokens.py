"""jieba segmentation shared by indexing and querying, so every search engine sees the same tokens."""

from __future__ import annotations

import logging
import re

import jieba

jieba.setLogLevel(logging.WARNING)

# Tokens made only of punctuation, symbols or spaces carry nothing for search.
_SKIP = re.compile(r"^[\W_]+$")


def index_tokens(text: str) -> list[str]:
    """Tokens to index: jieba's search mode, which adds the short words inside long ones (外卖骑手 → 外卖, 骑手)."""
    return [t.lower() for t in jieba.cut_for_search(text) if not _SKIP.match(t)]


def query_tokens(text: str) -> list[str]:
    """Tokens of a query: precise mode, each of which the index also holds."""
    return [t.lower() for t in jieba.cut(text) if not _SKIP.match(t)]
