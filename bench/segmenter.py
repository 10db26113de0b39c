"""The segmenter: caishen's (jieba-rs through nlp.tokens, with the domain words) against jieba, on the shared corpora.

Prints JSON: chars/s of jieba.lcut, of rjieba and of nlp.tokens.words on the same texts, one core, and the token
agreement with jieba: the share of jieba's tokens (as spans of the text) the other segmenter also gives, for rjieba
against jieba with the same dictionary (the algorithm alone) and for caishen's segmenter against jieba with the same
domain words added (target ≥ 99.5%).
Texts: real judgments (the CAIL2019 documents, whole) and typical cases from ../shared/data (a generated corpus when
absent).
Usage: python bench/segmenter.py
"""

from __future__ import annotations

import json
import logging
import platform
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

import jieba
import rjieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.sample import generate_corpus  # noqa: E402
from ingest.sources import iter_files, read_file  # noqa: E402
from nlp.eval import SHARED_DATA, read_jsonl  # noqa: E402
from nlp.tokens import domain_words, words  # noqa: E402

TARGET = 0.995


def shared_texts() -> dict[str, list[str]]:
    out = {}
    for name in ("judgments.dev.jsonl", "typical_cases.dev.jsonl"):
        if (SHARED_DATA / name).exists():
            out[name] = [r["text"] for r in read_jsonl(SHARED_DATA / name)]
    if not out:
        with tempfile.TemporaryDirectory() as tmp:
            generate_corpus(tmp, 100, seed=24)
            out["generated"] = [r.text for p in iter_files([tmp]) for r in read_file(p, 10**9) if hasattr(r, "text")]
    return out


def spans(tokens: list[str]) -> set[tuple[int, int]]:
    ends = list(accumulate(map(len, tokens)))
    return set(zip([0, *ends[:-1]], ends))


def agreement(reference: list[list[str]], other: list[list[str]]) -> float:
    same = total = 0
    for a, b in zip(reference, other):
        ref = spans(a)
        same, total = same + len(ref & spans(b)), total + len(ref)
    return same / total if total else 1.0


def timed(fn, texts: list[str]) -> tuple[list[list[str]], float]:
    start = time.perf_counter()
    out = [fn(t) for t in texts]
    return out, time.perf_counter() - start


def main() -> None:
    jieba.setLogLevel(logging.WARNING)
    corpora = shared_texts()
    texts = [t for ts in corpora.values() for t in ts]
    chars = sum(map(len, texts))
    plain = jieba.Tokenizer()
    with_words = jieba.Tokenizer()
    for w in domain_words():
        with_words.add_word(w)
    plain_rust = rjieba.Jieba()  # without the domain words nlp.tokens adds to rjieba's own
    plain.lcut("预热"), with_words.lcut("预热")  # dictionaries loaded outside the timings
    jieba_tokens, t_jieba = timed(plain.lcut, texts)
    rjieba_tokens, t_rjieba = timed(plain_rust.cut, texts)
    ours, t_ours = timed(words, texts)
    jieba_domain, _ = timed(with_words.lcut, texts)
    by_corpus, start = {}, 0
    for name, ts in corpora.items():
        part = slice(start, start + len(ts))
        by_corpus[name] = {
            "documents": len(ts),
            "chars": sum(map(len, ts)),
            "caishen_vs_jieba_same_words": round(agreement(jieba_domain[part], ours[part]), 4),
        }
        start += len(ts)
    same_words = agreement(jieba_domain, ours)
    print(
        json.dumps(
            {
                "benchmark": "segmenter",
                "machine": platform.machine(),
                "cores_used": 1,
                "documents": len(texts),
                "chars": chars,
                "domain_words": len(domain_words()),
                "jieba_chars_per_s": round(chars / t_jieba),
                "rjieba_chars_per_s": round(chars / t_rjieba),
                "caishen_chars_per_s": round(chars / t_ours),
                "rjieba_to_jieba_ratio": round(t_jieba / t_rjieba, 2),
                "agreement": {
                    "rjieba_vs_jieba": round(agreement(jieba_tokens, rjieba_tokens), 4),
                    "caishen_vs_jieba_same_words": round(same_words, 4),
                    "caishen_vs_plain_jieba": round(agreement(jieba_tokens, ours), 4),
                },
                "by_corpus": by_corpus,
                "target_agreement": TARGET,
                "target_met": same_words >= TARGET,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
