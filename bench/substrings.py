"""Substring recall: does a string found verbatim in a document find that document? Words alone against words with
character bigrams beside them (nlp.tokens.index_grams), the same documents and segmentation, in one run.

Draws 1,000 random 2–8-character strings of the stored texts (seeded) and searches each as a user would type it.
Prints JSON per index: the share whose document is found (target 100%), the index size on disk, its build time, and
the query latency (top 10, as the search page asks) for those strings and for the fixed query set of bench/search.py;
and, for a few strings the segmenter splits (系统派单 …), how many documents hold them and how many each index finds.
Usage: python bench/substrings.py [--docs 2000] [--strings 1000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search import BATCH, QUERIES, _pct, corpus  # noqa: E402
from search.base import segmented  # noqa: E402
from search.embedded import EmbeddedBackend  # noqa: E402

NAMED = ("派单", "系统派单", "单后", "平台派")


def strings(texts: dict[int, str], n: int, seed: int = 24) -> list[tuple[int, str]]:
    rng, ids, out = random.Random(seed), sorted(texts), []
    while len(out) < n:
        doc_id = rng.choice(ids)
        text, size = texts[doc_id], rng.randint(2, 8)
        if len(text) > size:
            start = rng.randrange(len(text) - size)
            out.append((doc_id, text[start : start + size]))
    return out


def measure(engine: EmbeddedBackend, path: Path, build_s: float, drawn, texts: dict[int, str]) -> dict:
    every = len(texts)
    found = sum(doc_id in {h.doc_id for h in engine.search(s, limit=every).hits} for doc_id, s in drawn)
    latency = {}
    for name, queries in (("substrings", [(s, {}) for _, s in drawn]), ("query_set", QUERIES)):
        for q, filters in queries[:20]:  # warm
            engine.search(q, filters=filters)
        times = []
        for q, filters in queries:
            started = time.perf_counter()
            engine.search(q, filters=filters, limit=10)
            times.append(time.perf_counter() - started)
        latency[name] = {"p50_ms": round(_pct(times, 50) * 1000, 2), "p95_ms": round(_pct(times, 95) * 1000, 2)}
    named = {
        s: {"documents": sum(s in t for t in texts.values()), "found": engine.search(s, limit=every).total}
        for s in NAMED
    }
    return {
        "found": found,
        "strings": len(drawn),
        "recall": round(found / len(drawn), 4),
        "index_mb": round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1),
        "build_s": round(build_s, 1),
        "latency": latency,
        "named": named,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--strings", type=int, default=1000)
    args = parser.parse_args()
    docs = segmented(corpus(args.docs))
    texts = {d.doc_id: d.text for d in docs}
    drawn = strings(texts, args.strings)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, batch in (
            ("words", [replace(d, grams="", masked_grams="") for d in docs]),
            ("words_and_bigrams", docs),
        ):
            path = Path(tmp) / name
            engine = EmbeddedBackend(path)
            started = time.perf_counter()
            for i in range(0, len(batch), BATCH):
                engine.index(batch[i : i + BATCH])
            out[name] = measure(engine, path, time.perf_counter() - started, drawn, texts)
    print(
        json.dumps(
            {
                "benchmark": "substrings",
                "machine": platform.machine(),
                "documents": len(docs),
                **out,
                "size_ratio": round(out["words_and_bigrams"]["index_mb"] / max(out["words"]["index_mb"], 0.1), 2),
                "target": "recall 100% with bigrams",
                "target_met": out["words_and_bigrams"]["recall"] == 1.0,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
