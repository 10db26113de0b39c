"""Ingest throughput and memory: N generated documents into SQLite + the embedded index, against plain jieba.lcut.

Prints JSON: docs/s, chars/s, the ratio to jieba.lcut over the same texts in the same run (target ≥ 0.4 end to end
on 2 cores), and peak RSS of this process and its workers. Several sizes show the memory growth curve.
Usage: python bench/ingest.py [--docs 10000 [30000 ...]]
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.context import Context  # noqa: E402
from app.db import upgrade  # noqa: E402
from config import load_settings  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.progress import Progress  # noqa: E402
from ingest.sample import generate_corpus  # noqa: E402
from ingest.sources import SourceRecord, iter_files, read_file  # noqa: E402

DOCS_PER_DISPUTE = 3.05  # what the generator writes on average


def run(docs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, max(1, round(docs / DOCS_PER_DISPUTE)), seed=7)
        texts = [r.text for p in iter_files([corpus]) for r in read_file(p, 10**9) if isinstance(r, SourceRecord)]
        chars = sum(map(len, texts))
        jieba.lcut("预热")
        start = time.perf_counter()
        for t in texts:
            jieba.lcut(t)
        t_jieba = time.perf_counter() - start
        settings = load_settings(env={"CAISHEN_DATA_DIR": str(Path(tmp) / "var")})
        upgrade(settings)
        ctx = Context(settings)
        start = time.perf_counter()
        report = ingest([corpus], settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
        t_ingest = time.perf_counter() - start
        ctx.close()
    return {"documents": report.documents_new, "chars": chars, "ingest_s": round(t_ingest, 1),
            "docs_per_s": round(report.documents_new / t_ingest, 1), "chars_per_s": round(chars / t_ingest),
            "jieba_chars_per_s": round(chars / t_jieba), "ratio_to_jieba": round(t_jieba / t_ingest, 3),
            "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, workers) / 1024, 1)  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000])
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    print(json.dumps({"benchmark": "ingest", "date": date.today().isoformat(), "machine": platform.machine(),
                      "cores": os.cpu_count(), "target_ratio": 0.4, "runs": [run(n) for n in args.docs]},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
