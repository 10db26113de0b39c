"""Similar-case requests: `similar_to_document` for every document of a generated corpus, as a reader with the full
text and as a masked one, against jieba.lcut of the same documents' texts.

The corpus is the test suite's (ingest.sample, 40 disputes, seed 11, really ingested into SQLite and the embedded
index). One warm-up pass over every document, then --rounds timed passes. The baseline is jieba.lcut of each query
document's text, timed in the same run: plain-Python CPU work like most of a request, independent of the search
engine and the database, so the ratio follows the request's own cost rather than the machine's speed.
Prints JSON: ms per request p50/p95/mean for each reader, jieba's ms per document, and request ÷ jieba (lower is
better). `--save FILE` writes every request's whole result, `--check FILE` compares them with a saved run (exit 1 and
the differences when any differ): a change meant to make requests faster must leave them as they were.
Usage: python bench/similar_request.py [--disputes 40] [--rounds 3] [--save FILE | --check FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import jieba
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.context import Context  # noqa: E402
from config import load_settings  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.sample import generate_corpus  # noqa: E402
from services.progress import Progress  # noqa: E402
from services.similar import similar_to_document  # noqa: E402
from store.db import upgrade  # noqa: E402
from store.models import Document  # noqa: E402

READERS = {"full": True, "masked": False}


def run(disputes: int, rounds: int) -> tuple[dict, dict]:
    """The figures, and every request's result by reader and document."""
    with tempfile.TemporaryDirectory() as tmp:
        generate_corpus(Path(tmp) / "corpus", disputes=disputes, seed=11)
        settings = load_settings(
            env={
                "CAISHEN_DATA_DIR": str(Path(tmp) / "var"),
                "CAISHEN_DATABASE_URL": f"sqlite:///{Path(tmp) / 'caishen.db'}",
            }
        )
        upgrade(settings)
        ctx = Context(settings)
        ingest([Path(tmp) / "corpus"], settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
        try:
            with ctx.sessions() as session:
                docs = dict(session.execute(select(Document.id, Document.text).order_by(Document.id)).all())
            results = {
                reader: {doc_id: _request(ctx, doc_id, full_text).to_dict() for doc_id in docs}
                for reader, full_text in READERS.items()
            }  # also the warm-up
            timings = {reader: [] for reader in READERS}
            for _ in range(rounds):
                for reader, full_text in READERS.items():
                    for doc_id in docs:
                        started = time.perf_counter()
                        _request(ctx, doc_id, full_text)
                        timings[reader].append(time.perf_counter() - started)
        finally:
            ctx.close()
    jieba.lcut("预热")
    lcut = []
    for _ in range(rounds):
        for text in docs.values():
            started = time.perf_counter()
            jieba.lcut(text)
            lcut.append(time.perf_counter() - started)
    jieba_ms = statistics.mean(lcut) * 1000
    figures = {
        "documents": len(docs),
        "requests_per_reader": rounds * len(docs),
        "jieba_lcut_ms_per_document": round(jieba_ms, 2),
    }
    for reader, t in timings.items():
        figures[reader] = {
            "p50_ms": _ms(t, 50),
            "p95_ms": _ms(t, 95),
            "mean_ms": round(statistics.mean(t) * 1000, 1),
            "over_jieba": round(statistics.mean(t) * 1000 / jieba_ms, 2),
        }
    return figures, results


def _request(ctx: Context, doc_id: int, full_text: bool):
    with ctx.sessions() as session:
        return similar_to_document(session, ctx.search, doc_id, full_text=full_text)


def _ms(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000, 1)


def differences(saved: dict, results: dict) -> list[str]:
    """Where two runs' results differ: reader, document and the first differing field."""
    out = []
    for reader in READERS:
        for doc_id, result in results[reader].items():
            before = saved[reader].get(str(doc_id))
            if before != result:
                field = next((k for k in result if before is None or before.get(k) != result[k]), "?")
                out.append(f"{reader} document {doc_id}: {field}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disputes", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--save", type=Path, help="write every request's result here")
    parser.add_argument("--check", type=Path, help="compare every request's result with those saved here")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    figures, results = run(args.disputes, args.rounds)
    # JSON keys are strings: a saved run and this one compare alike
    results = json.loads(json.dumps(results, ensure_ascii=False))
    if args.save:
        args.save.write_text(json.dumps(results, ensure_ascii=False))
    differ = differences(json.loads(args.check.read_text()), results) if args.check else []
    print(
        json.dumps(
            {
                "benchmark": "similar_request",
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "disputes": args.disputes,
                "rounds": args.rounds,
                **figures,
                **({"results_differ": differ[:20], "results_differing": len(differ)} if args.check else {}),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
