"""The one segmenter: jieba's dictionary and algorithm run by jieba-rs (rjieba, about 18× jieba's speed), shared by
ingest, indexing, queries, similar cases and the spaCy pipeline, so every part of caishen sees the same words."""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Sequence

import rjieba

from nlp.parallel import ordered_map
from nlp.patterns import load
from nlp.text import simplified

# Tokens made only of punctuation, symbols or spaces carry nothing for search.
_SKIP = re.compile(r"^[\W_]+$")
_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


@cache
def domain_words() -> tuple[str, ...]:
    """Words of the field jieba's general dictionary splits (派单 → 派 / 单后, 饿了么): platform names, occupations,
    employment modes, labor-relation factors and claim types, where the patterns name them literally."""
    gig, claims = load("gig"), load("claim_types")
    lists = [
        load("parties")["platform"]["names"],
        gig["platform_work"]["patterns"],
        *gig["factors"].values(),
        *([g["name"], *g["patterns"]] for g in gig["occupation"] + gig["mode"]),
        *(t["patterns"] for t in claims["type"]),
        claims["other"]["patterns"],
    ]
    return tuple(sorted({w for words in lists for w in words if _WORD.match(w)}))


def add_domain_words(segmenter) -> None:
    """Add the domain words to a segmenter with jieba's add_word (rjieba here; jieba itself in the agreement
    benchmark and tests), with the frequency jieba suggests so each stays one word."""
    for w in domain_words():
        segmenter.add_word(w, None, None)


# rjieba loads its dictionary when imported, so worker processes forked afterwards share it.
add_domain_words(rjieba)


def words(text: str) -> list[str]:
    """Every piece of the text in precise mode, whitespace and punctuation included: they concatenate to the text."""
    return rjieba.cut(text)


def index_tokens(text: str) -> list[str]:
    """Tokens to index: jieba's search mode, which adds the short words inside long ones (外卖骑手 → 外卖, 骑手)."""
    return [t for t, _, _ in index_tokens_at(text)]


def index_tokens_at(text: str) -> list[tuple[str, int, int]]:
    """The index tokens with where each stands in the text."""
    return [(t.lower(), s, e) for t, s, e in rjieba.tokenize(simplified(text), mode="search") if not _SKIP.match(t)]


# Character bigrams, indexed beside the words so that any string found verbatim in a text finds it, however the words
# fell: 系统派单后 is 系统 / 派 / 单后 to jieba's dictionary, so the words alone miss 系统派单. Whitespace (which the
# engines split tokens on) becomes one mark, the same in texts and queries.
_SPACE = re.compile(r"\s+")
_SPACE_MARK = "␣"
# After the title and after the text: no string spans the two, and every character starts a bigram (a one-character
# string is found as the start of one).
GRAM_END = "¶"


def _grams(text: str) -> list[str]:
    text = _SPACE.sub(_SPACE_MARK, simplified(text).lower())
    return list(map(str.__add__, text, text[1:]))


def index_grams(title: str, text: str) -> str:
    """The bigrams of title and text, in order, joined by spaces: what both engines index for verbatim matches."""
    return " ".join(_grams(f"{title}{GRAM_END}{text}{GRAM_END}"))


def query_grams(text: str) -> list[str]:
    """The bigrams of a query string, in order (the string occurs verbatim where they stand one after another); a
    one-character string is its own, the start of a bigram."""
    text = simplified(text.strip()).lower()
    return [text] if len(text) == 1 else _grams(text)


# Below this many characters a process pool costs more than it saves.
PARALLEL_MIN_CHARS = 100_000


def index_text(text: str) -> str:
    """The index tokens joined by spaces: what both engines index (with a whitespace tokenizer)."""
    return " ".join(index_tokens(text))


def index_text_many(texts: list[str], workers: int | None = None) -> list[str]:
    """index_text for many texts, on every core: segmentation is most of the cost of indexing."""
    return _many(index_text, texts, workers)


def index_text_masked(text: str, redacted: Sequence[tuple[int, int, str]]) -> tuple[str, str]:
    """index_text of a text as written and as a masked reader reads it, from one segmentation. `redacted` holds
    (start, end, replacement) in the written text, in order: a token touching one gives way to the tokens of its
    replacement, so no part of a removed value is found in the masked tokens."""
    tokens = index_tokens_at(text)
    masked, k = [], 0
    for token, start, end in tokens:
        while k < len(redacted) and redacted[k][1] <= start:
            masked.extend(index_tokens(redacted[k][2]))
            k += 1
        if k == len(redacted) or end <= redacted[k][0]:
            masked.append(token)
    masked.extend(t for r in redacted[k:] for t in index_tokens(r[2]))
    return " ".join(t for t, _, _ in tokens), " ".join(masked)


def index_text_masked_many(
    items: list[tuple[str, Sequence[tuple[int, int, str]]]], workers: int | None = None
) -> list[tuple[str, str]]:
    """index_text_masked for many (text, redacted), on every core."""
    return _many(_index_text_masked, items, workers, size=lambda item: len(item[0]))


def _index_text_masked(item: tuple[str, Sequence[tuple[int, int, str]]]) -> tuple[str, str]:
    return index_text_masked(*item)


def query_tokens(text: str) -> list[str]:
    """Tokens of a query: precise mode, each of which the index also holds."""
    return [t.lower() for t in rjieba.cut(simplified(text)) if not _SKIP.match(t)]


def query_tokens_many(texts: list[str], workers: int | None = None) -> list[list[str]]:
    """query_tokens for many texts (the candidates a similar-case ranking compares), on every core."""
    return _many(query_tokens, texts, workers)


def _many(segment, texts: list, workers: int | None, size=len) -> list:
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(texts) < 2 or sum(map(size, texts)) < PARALLEL_MIN_CHARS:
        return [segment(t) for t in texts]
    return list(ordered_map(segment, texts, workers, chunk=max(1, len(texts) // (workers * 4))))
