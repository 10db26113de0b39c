"""jieba segmentation shared by indexing and querying, so every search engine sees the same tokens."""

from __future__ import annotations

import logging
import os
import re

import jieba

from nlp.parallel import ordered_map

jieba.setLogLevel(logging.WARNING)

# Tokens made only of punctuation, symbols or spaces carry nothing for search.
_SKIP = re.compile(r"^[\W_]+$")


def index_tokens(text: str) -> list[str]:
    """Tokens to index: jieba's search mode, which adds the short words inside long ones (外卖骑手 → 外卖, 骑手)."""
    return [t.lower() for t in jieba.cut_for_search(text) if not _SKIP.match(t)]


# Below this many characters a process pool costs more than it saves.
PARALLEL_MIN_CHARS = 100_000


def index_text(text: str) -> str:
    """The index tokens joined by spaces: what both engines index (with a whitespace tokenizer)."""
    return " ".join(index_tokens(text))


def index_text_many(texts: list[str], workers: int | None = None) -> list[str]:
    """index_text for many texts, on every core: segmentation is most of the cost of indexing."""
    return _many(index_text, texts, workers)


def query_tokens(text: str) -> list[str]:
    """Tokens of a query: precise mode, each of which the index also holds."""
    return [t.lower() for t in jieba.cut(text) if not _SKIP.match(t)]


def query_tokens_many(texts: list[str], workers: int | None = None) -> list[list[str]]:
    """query_tokens for many texts (the candidates a similar-case ranking compares), on every core."""
    return _many(query_tokens, texts, workers)


def _many(segment, texts: list[str], workers: int | None) -> list[list[str]]:
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(texts) < 2 or sum(map(len, texts)) < PARALLEL_MIN_CHARS:
        return [segment(t) for t in texts]
    load_dictionary()
    return list(ordered_map(segment, texts, workers, chunk=max(1, len(texts) // (workers * 4))))


def load_dictionary() -> None:
    """Load jieba's dictionary now: worker processes forked afterwards inherit it instead of loading it each."""
    jieba.initialize()
