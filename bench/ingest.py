"""Ingest throughput and memory: N generated documents into SQLite + the embedded index, against plain jieba.lcut.

Prints JSON: docs/s, chars/s, the ratio to jieba.lcut over the same texts in the same run (target ≥ 0.4 end to end
on 2 cores), and the peak memory of the ingest: the largest single process's RSS, and the largest sum over the
process and its workers of their proportional set size (PSS: forked workers share most of their pages with the
parent, so summed RSS would count those pages once a process). Each size runs in a fresh process, so that several
sizes show the memory growth curve.
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
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.context import Context  # noqa: E402
from config import load_settings  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.sample import generate_corpus  # noqa: E402
from ingest.sources import SourceRecord, iter_files, read_file  # noqa: E402
from services.progress import Progress  # noqa: E402
from store.db import upgrade  # noqa: E402

DOCS_PER_DISPUTE = 3.05  # what the generator writes on average


def run(docs: int) -> dict:
    """One size: the corpus is written and the jieba baseline timed in other processes, so that this process holds
    nothing but the ingest when its memory is measured."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        _child("--write-corpus", corpus, max(1, round(docs / DOCS_PER_DISPUTE)))
        chars, t_jieba = _child("--jieba", corpus)
        settings = load_settings(env={"CAISHEN_DATA_DIR": str(Path(tmp) / "var")})
        upgrade(settings)
        ctx = Context(settings)
        memory = TreeMemory()
        memory.start()
        start = time.perf_counter()
        report = ingest([corpus], settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
        t_ingest = time.perf_counter() - start
        memory.stop()
        ctx.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the corpus writer counts too: a floor
    return {
        "documents": report.documents_new,
        "chars": chars,
        "ingest_s": round(t_ingest, 1),
        "docs_per_s": round(report.documents_new / t_ingest, 1),
        "chars_per_s": round(chars / t_ingest),
        "jieba_chars_per_s": round(chars / t_jieba),
        "ratio_to_jieba": round(t_jieba / t_ingest, 3),
        "peak_rss_mb": round(max(own, workers) / 1024, 1),  # kilobytes on Linux
        "peak_pss_with_workers_mb": round(memory.peak_kb / 1024, 1),
    }


def _child(*args):
    """This script in a fresh interpreter; returns the JSON of its last line."""
    out = subprocess.run([sys.executable, __file__, *map(str, args)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])


def _jieba_baseline(corpus: Path) -> tuple[int, float]:
    """Characters of the corpus and seconds of jieba.lcut over them."""
    texts = [r.text for p in iter_files([corpus]) for r in read_file(p, 10**9) if isinstance(r, SourceRecord)]
    jieba.lcut("预热")
    start = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return sum(map(len, texts)), time.perf_counter() - start


class TreeMemory(threading.Thread):
    """Samples the summed PSS of this process and its descendants; keeps the peak."""

    def __init__(self, every_s: float = 0.25):
        super().__init__(daemon=True)
        self.every_s, self.peak_kb, self._done = every_s, 0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every_s):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _tree(os.getpid()))))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000])
    # The parts run in their own processes.
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write-corpus", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--jieba", help=argparse.SUPPRESS)
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.one or args.write_corpus or args.jieba:
        if args.write_corpus:
            generate_corpus(Path(args.write_corpus[0]), int(args.write_corpus[1]), seed=7)
        print(json.dumps(run(args.one) if args.one else _jieba_baseline(Path(args.jieba)) if args.jieba else None))
        return
    runs = [_child("--one", n) for n in args.docs]
    print(
        json.dumps(
            {
                "benchmark": "ingest",
                "date": date.today().isoformat(),
                "machine": platform.machine(),
                "cores": os.cpu_count(),
                "target_ratio": 0.4,
                "target_memory_mb_at_100k": 1024,
                "runs": runs,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
