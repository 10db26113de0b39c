"""Crash safety: a real ingest process killed with SIGKILL mid-run; the same command again completes the corpus."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, update

from app.models import Document
from ingest.pipeline import ingest
from ingest.progress import Progress
from ingest.sample import generate_corpus

CAISHEN = Path(sys.executable).with_name("caishen")


def test_next_run_indexes_what_a_crash_left_unindexed(ctx, sample_corpus):
    quiet = Progress(0, stream=open(os.devnull, "w"))
    ingest([sample_corpus], ctx.settings, ctx.sessions, ctx.search, progress=quiet)
    with ctx.sessions.begin() as s:  # as if the process died after a commit, before indexing
        stored = s.scalar(select(func.count(Document.id)))
        s.execute(update(Document).where(Document.id % 3 == 0).values(indexed_at=None))
    ctx.search.delete(range(0, stored + 10, 3))
    report = ingest([sample_corpus], ctx.settings, ctx.sessions, ctx.search, progress=quiet)
    assert report.documents_new == 0 and report.indexed == stored // 3
    assert ctx.search.count() == stored


def test_kill_9_mid_run_then_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 120, seed=21)
    expected = sum(len(json.loads(line)["documents"]) for line in (corpus / ".truth.jsonl").open(encoding="utf-8"))
    env = {**os.environ, "CAISHEN_DATA_DIR": str(tmp_path / "var"), "CAISHEN_INGEST_BATCH_SIZE": "10"}
    subprocess.run([str(CAISHEN), "init-db"], env=env, check=True, capture_output=True)
    db = tmp_path / "var" / "caishen.db"

    proc = subprocess.Popen([str(CAISHEN), "ingest", str(corpus)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
        stored = _count(db, "SELECT count(*) FROM document")
    assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < _count(db, "SELECT count(*) FROM document") < expected

    rerun = subprocess.run([str(CAISHEN), "ingest", str(corpus)], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(db, "SELECT count(*) FROM document") == expected
    assert _count(db, "SELECT count(DISTINCT sha256) FROM document") == expected
    assert _count(db, "SELECT count(*) FROM document WHERE indexed_at IS NULL") == 0
    # The killed run is marked failed by the next one; nothing is left "running".
    assert _count(db, "SELECT count(*) FROM ingest_run WHERE status = 'running'") == 0
    assert _count(db, "SELECT count(*) FROM ingest_run WHERE status = 'failed'") == 1
    found = json.loads(subprocess.run([str(CAISHEN), "search", "", "--filter", "kind=arbitration_award", "--json"],
                                      env=env, capture_output=True, text=True, check=True).stdout)
    assert found["total"] == 120


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
