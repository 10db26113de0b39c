"""Faults around an ingest run: the search engine gone, the database gone or its disk full.

The database is the source of truth: what it committed is kept whole, the error names the cause, and running the same
command again completes the work."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from config import load_settings
from ingest.pipeline import ingest, reindex
from search import SearchUnavailable
from services import corpus
from services.progress import Progress
from store.db import upgrade
from store.models import Document
from tests.ingest.test_pipeline import count, expected_documents
from tests.postgres import PostgresServer, free_port

CAISHEN = Path(sys.executable).with_name("caishen")
BATCH = 10


def caishen(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CAISHEN), *args], env=env, capture_output=True, text=True, timeout=600)


def test_index_removed_during_a_run(ctx, sample_corpus, tmp_path):
    """The index folder deleted under a running process: documents still commit, the run says what happened, search
    says the index is unavailable, and reindex builds it again."""
    quiet = Progress(0, stream=io.StringIO())
    first = ingest([sample_corpus / "documents"], ctx.settings, ctx.sessions, ctx.search, progress=quiet)
    shutil.rmtree(ctx.settings.index_dir)
    second = ingest([sample_corpus / "execution_records.jsonl"], ctx.settings, ctx.sessions, ctx.search, progress=quiet)
    assert second.documents_new > 0 and second.indexed == 0
    assert second.index_errors and "missing" in second.index_errors[0] and "reindex" in second.index_errors[0]
    stored = first.documents_new + second.documents_new
    assert count(ctx, Document.id) == stored
    with ctx.sessions() as session, pytest.raises(SearchUnavailable, match="missing"):
        corpus.search(session, ctx.search, "骑手")
    assert reindex(ctx.sessions, ctx.search, progress=quiet) == stored
    with ctx.sessions() as session:
        assert corpus.search(session, ctx.search, "").total == stored


def test_index_removed_between_runs_is_not_reported_as_no_hits(tmp_path, sample_corpus):
    env = _sqlite_env(tmp_path / "var")
    upgrade(
        load_settings(env=env)
    )  # the schema in process (seconds of start-up saved): the commands after it are tested
    assert caishen(env, "ingest", str(sample_corpus / "documents")).returncode == 0
    shutil.rmtree(tmp_path / "var" / "index")
    found = caishen(env, "search", "骑手")
    assert found.returncode == 1 and "reindex" in found.stderr and "Traceback" not in found.stderr
    # The next run notices the empty index and fills it from the database again.
    assert caishen(env, "ingest", str(sample_corpus)).returncode == 0  # the rest of the corpus
    found = caishen(env, "search", "", "--json")
    assert found.returncode == 0 and f'"total": {expected_documents(sample_corpus)}' in found.stdout


def test_elasticsearch_unreachable(tmp_path, sample_corpus):
    env = {
        **_sqlite_env(tmp_path / "var"),
        "CAISHEN_SEARCH_BACKEND": "elasticsearch",
        "ES_URL": f"http://127.0.0.1:{free_port()}",
    }  # nothing listens there
    upgrade(load_settings(env=env))
    run = caishen(env, "ingest", str(sample_corpus))
    assert run.returncode == 0, run.stderr
    assert "检索索引不可用" in run.stderr and "caishen reindex" in run.stderr and "Traceback" not in run.stderr
    db = tmp_path / "var" / "caishen.db"
    stored = _sqlite_count(db, "SELECT count(*) FROM document")
    assert stored == expected_documents(sample_corpus)
    assert _sqlite_count(db, "SELECT count(*) FROM document WHERE indexed_at IS NULL") == stored
    found = caishen(env, "search", "骑手")
    assert found.returncode == 1 and "检索索引暂不可用" in found.stderr and "Traceback" not in found.stderr


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs: a real ENOSPC for the database and the index, grown later with a remount."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_rolls_the_batch_back_and_a_rerun_completes(small_disk, corpus_120):
    env = _sqlite_env(small_disk / "var")
    upgrade(load_settings(env=env))
    failed = caishen(env, "ingest", str(corpus_120))
    assert failed.returncode == 1
    assert "database or disk is full" in failed.stderr and "进行中的事务已回滚" in failed.stderr
    assert "Traceback" not in failed.stderr
    db = small_disk / "var" / "caishen.db"
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = _sqlite_count(db, "SELECT count(*) FROM document")
    assert kept % BATCH == 0 and kept < expected_documents(corpus_120)  # whole batches only

    rerun = caishen(env, "ingest", str(corpus_120))
    assert rerun.returncode == 0, rerun.stderr
    _assert_complete(f"sqlite:///{db}", expected_documents(corpus_120))


@pytest.mark.postgres
def test_postgres_stopped_mid_batch_then_rerun_completes(tmp_path, corpus_120):
    server = PostgresServer().start()
    try:
        url = server.create_database("caishen_fault")
        env = {**_sqlite_env(tmp_path / "var"), "CAISHEN_DATABASE_URL": url}
        upgrade(load_settings(env=env))
        engine = create_engine(url, pool_pre_ping=True)
        proc = subprocess.Popen(
            [str(CAISHEN), "ingest", str(corpus_120)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while _pg_count(engine) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before the database could be stopped"
        engine.dispose()
        server.halt("immediate")
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1 and "caishen 出错：数据库（postgresql" in err and "Traceback" not in err

        server.start()
        rerun = caishen(env, "ingest", str(corpus_120))
        assert rerun.returncode == 0, rerun.stderr
        _assert_complete(url, expected_documents(corpus_120))
    finally:
        server.stop()


def _assert_complete(url: str, expected: int) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count(Document.id))) == expected
            assert conn.scalar(select(func.count(func.distinct(Document.sha256)))) == expected
            assert conn.scalar(select(func.count(Document.id)).where(Document.indexed_at.is_(None))) == 0
            assert conn.scalar(text("SELECT count(*) FROM ingest_run WHERE status = 'running'")) == 0
    finally:
        engine.dispose()


def _pg_count(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count(Document.id)))


def _sqlite_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAISHEN_") and k != "ES_URL"}
    return {**env, "CAISHEN_DATA_DIR": str(data_dir), "CAISHEN_INGEST_BATCH_SIZE": str(BATCH)}


def _sqlite_count(db: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchone()[0]
