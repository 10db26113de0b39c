"""jieba segmentation shared by indexing and querying, so every search engine sees the same tokens."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor

import jieba

jieba.setLogLevel(logging.WARNING)

# Tokens made only of punctuation, symbols or spaces carry nothing for search.
_SKIP = re.compile(r"^[\W_]+$")


def index_tokens(text: str) -> list[str]:
    """Tokens to index: jieba's search mode, which adds the short words inside long ones (外卖骑手 → 外卖, 骑手)."""
    return [t.lower() for t in jieba.cut_for_search(text) if not _SKIP.match(t)]


# Below this many characters a process pool costs more than it saves.
PARALLEL_MIN_CHARS = 100_000


def index_tokens_many(texts: list[str], workers: int | None = None) -> list[list[str]]:
    """index_tokens for many texts, on every core: segmentation is most of the cost of indexing."""
    return _many(index_tokens, texts, workers)


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
    jieba.initialize()  # forked workers inherit the loaded dictionary instead of loading it each
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(segment, texts, chunksize=max(1, len(texts) // (workers * 4))))
