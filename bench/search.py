"""Search latency: the embedded engine against a SQLite FTS5 baseline over the same jieba tokens.

For each size (default 10,000 and 100,000 generated documents) both indexes are built from one segmentation, then a
fixed query set (words, several words, phrases, filters) runs warm, several rounds; every query returns the top 10
and the total, as the search page needs. Prints JSON: p50/p95 per engine and the ratios (FTS5 ÷ embedded; above 1
means the embedded engine is faster). Targets: embedded p95 < 20 ms at 100,000 documents, and faster than FTS5.
Usage: python bench/search.py [--docs 10000 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.sample import iter_documents  # noqa: E402
from search import IndexedDocument  # noqa: E402
from search.base import parse_query, segmented  # noqa: E402
from search.embedded import EmbeddedBackend  # noqa: E402

QUERIES = [
    ("骑手", {}),
    ("劳动关系", {}),
    ("外卖骑手 加班费", {}),
    ("网约车 加盟", {}),
    ("违法解除 赔偿金", {}),
    ("社会保险", {}),
    ('"平台 注册"', {}),
    ("考勤 罚款", {}),
    ("众包 骑手 接单", {}),
    ("主播 提成", {}),
    ("二倍工资 书面劳动合同", {}),
    ("工伤 停工留薪", {}),
    ("快递员", {"kind": "judgment"}),
    ("劳动关系", {"stage": "arbitration"}),
    ('"驳回 上诉"', {}),
    ("仲裁时效", {}),
    ("家政", {}),
    ("网约货车 运费", {}),
    ("排班 考勤 工服", {}),
    ("人身从属性", {"kind": "arbitration_award"}),
]
BATCH = 5000


def corpus(n: int) -> list[IndexedDocument]:
    docs = []
    for i, (kind, stage, text) in enumerate(itertools.islice(iter_documents(n, seed=3), n)):
        docs.append(
            IndexedDocument(
                doc_id=i + 1,
                title=text.split("\n", 1)[0][:60],
                text=text,
                kind=kind,
                stage=stage,
                province=None,
                body=None,
                case_number=None,
                year=None,
                decision_date=None,
            )
        )
    return docs


def run(n: int, rounds: int) -> dict:
    docs = corpus(n)
    started = time.perf_counter()
    docs = segmented(docs)  # once, so that both engines index the very same words
    segment_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        engine = EmbeddedBackend(Path(tmp) / "index")
        started = time.perf_counter()
        for i in range(0, len(docs), BATCH):
            engine.index(docs[i : i + BATCH])
        embedded_build_s = time.perf_counter() - started
        fts, fts_build_s = _fts5(Path(tmp) / "fts.db", docs)
        results = {
            "documents": len(docs),
            "segmentation_s": round(segment_s, 1),
            "build_s": {"embedded": round(embedded_build_s, 1), "fts5": round(fts_build_s, 1)},
        }
        timings = {"embedded": [], "fts5": []}
        for q, filters in QUERIES:  # warm both
            engine.search(q, filters=filters)
            _fts5_search(fts, q, filters)
        for _ in range(rounds):
            for q, filters in QUERIES:
                started = time.perf_counter()
                engine.search(q, filters=filters, limit=10)
                timings["embedded"].append(time.perf_counter() - started)
                started = time.perf_counter()
                _fts5_search(fts, q, filters)
                timings["fts5"].append(time.perf_counter() - started)
        fts.close()
    for name, t in timings.items():
        results[name] = {
            "p50_ms": round(_pct(t, 50) * 1000, 2),
            "p95_ms": round(_pct(t, 95) * 1000, 2),
            "mean_ms": round(statistics.mean(t) * 1000, 2),
        }
    results["fts5_over_embedded"] = {
        k: round(results["fts5"][k] / results["embedded"][k], 2) for k in ("p50_ms", "p95_ms")
    }
    return results


def _fts5(path: Path, docs: list[IndexedDocument]) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(path)
    started = time.perf_counter()
    # unicode61 splits on the spaces between jieba tokens and keeps CJK runs whole: the same words as tantivy.
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text, kind UNINDEXED, stage UNINDEXED)")
    db.executemany(
        "INSERT INTO docs(rowid, title, text, kind, stage) VALUES (?, ?, ?, ?, ?)",
        ((d.doc_id, d.title_tokens, d.text_tokens, d.kind, d.stage) for d in docs),
    )
    db.commit()
    return db, time.perf_counter() - started


def _fts5_search(db: sqlite3.Connection, query: str, filters: dict) -> tuple[int, list[int]]:
    """Top 10 by BM25 (title weighted double, as in the embedded engine) and the total, like the search page."""
    parsed = parse_query(query)
    # The words only: FTS5 has no bigram field beside them.
    parts = [
        '"' + " ".join(p.words) + '"' if p.phrase else " AND ".join(f'"{w}"' for w in p.words)
        for p in parsed.parts
        if p.words
    ]
    match = " AND ".join(parts)
    where = "".join(f" AND {k} = ?" for k in filters)
    args = [match, *filters.values()]
    total = db.execute(f"SELECT count(*) FROM docs WHERE docs MATCH ?{where}", args).fetchone()[0]
    top = [
        r[0]
        for r in db.execute(
            f"SELECT rowid FROM docs WHERE docs MATCH ?{where} ORDER BY bm25(docs, 2.0, 1.0) LIMIT 10", args
        )
    ]
    return total, top


def _pct(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.stderr = io.StringIO() if not os.environ.get("BENCH_VERBOSE") else sys.stderr
    runs = [run(n, args.rounds) for n in args.docs]
    largest = runs[-1]
    print(
        json.dumps(
            {
                "benchmark": "search",
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "queries": len(QUERIES),
                "rounds": args.rounds,
                "runs": runs,
                "target": "embedded p95 < 20 ms at the largest size, and faster than FTS5",
                "target_met": largest["embedded"]["p95_ms"] < 20 and largest["fts5_over_embedded"]["p95_ms"] > 1,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
