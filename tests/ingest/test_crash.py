"""Crash safety: a real ingest process killed with SIGKILL at each stage of a run; the same command again loses
nothing, duplicates nothing, completes the chains and leaves the index holding exactly what the database holds."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.context import Context
from config import load_settings
from ingest.pipeline import ingest
from services.analysis import analyse_all
from services.progress import Progress
from store.db import upgrade
from store.models import ClaimComparison, Dispute, Document, IngestRun, RunStatus
from tests.english import english_in
from tests.ingest.test_pipeline import chain_accuracy, expected_documents, truth
from wording.messages import message

CAISHEN = Path(sys.executable).with_name("caishen")


def test_next_run_indexes_what_a_crash_left_unindexed(loaded_ctx, sample_corpus):
    ctx = loaded_ctx  # its own copy of the sample corpus, ingested once a session as below
    quiet = Progress(0, stream=open(os.devnull, "w"))
    with ctx.sessions.begin() as s:  # as if the process died after a commit, before indexing
        stored = s.scalar(select(func.count(Document.id)))
        s.execute(update(Document).where(Document.id % 3 == 0).values(indexed_at=None))
    ctx.search.delete(range(0, stored + 10, 3))
    report = ingest([sample_corpus], ctx.settings, ctx.sessions, ctx.search, progress=quiet)
    assert report.documents_new == 0 and report.indexed == stored // 3
    assert ctx.search.count() == stored


def _stored_some(ctx: Context) -> bool:
    return _scalar(ctx, select(func.count(Document.id))) >= 40


# Where the run is killed: a line the run prints when it enters a stage (then a moment inside it), or a condition
# polled on the database.
KILL_POINTS = {
    "mid-batch": (None, _stored_some),
    "comparing claims": (message("progress_comparing"), None),
    "indexing": (message("progress_indexing"), None),
}


@pytest.mark.parametrize("stage", KILL_POINTS)
def test_kill_9_at_each_stage_then_rerun_completes(corpus_120, tmp_path, stage):
    expected = expected_documents(corpus_120)
    env = {**os.environ, "CAISHEN_DATA_DIR": str(tmp_path / "var"), "CAISHEN_INGEST_BATCH_SIZE": "10"}
    upgrade(load_settings(env=env))  # the schema, in process: the runs killed and resumed are what is tested
    ctx = Context(load_settings(env=env))
    try:
        _kill_at(ctx, env, corpus_120, *KILL_POINTS[stage])
        killed = _scalar(ctx, select(func.count(Document.id)))
        if stage == "comparing claims":  # killed inside that stage: some disputes compared, not all
            assert _scalar(ctx, select(func.count(Dispute.id)).where(Dispute.analysed_at.is_(None))) > 0
        assert _scalar(ctx, select(func.count(IngestRun.id)).where(IngestRun.status == RunStatus.running)) == 1
        if stage != "mid-batch":  # every batch was committed before the later stages began
            assert killed == expected
            assert _scalar(ctx, select(func.count(Document.id)).where(Document.indexed_at.is_not(None))) < expected

        rerun = subprocess.run([str(CAISHEN), "ingest", str(corpus_120)], env=env, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        assert _scalar(ctx, select(func.count(Document.id))) == expected
        assert _scalar(ctx, select(func.count(func.distinct(Document.sha256)))) == expected
        assert _scalar(ctx, select(func.count(Document.id)).where(Document.indexed_at.is_(None))) == 0
        assert ctx.search.count() == expected
        assert chain_accuracy(ctx, truth(corpus_120)) >= 0.98
        # The killed run is marked failed by the next one; nothing is left "running".
        with ctx.sessions() as s:
            statuses = s.scalars(select(IngestRun.status).order_by(IngestRun.id)).all()
        assert statuses == [RunStatus.failed, RunStatus.completed]
        # Every dispute's comparison is what comparing everything from scratch gives.
        assert _scalar(ctx, select(func.count(Dispute.id)).where(Dispute.analysed_at.is_(None))) == 0
        before = _comparisons(ctx)
        analyse_all(ctx.sessions, ctx.settings.divergence_tolerance)
        assert _comparisons(ctx) == before and before
    finally:
        ctx.close()


def _descendants(pid: int) -> set[int]:
    """The processes a process started, and theirs (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we read
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found.update(children)
        todo.extend(children)
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those of pids still running (a zombie is dead: it only waits to be reaped)."""
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def _alive_after(pids: set[int], seconds: float = 5) -> set[int]:
    """Those of pids still running `seconds` from now: polled, since they are usually gone at once."""
    deadline = time.monotonic() + seconds
    while (alive := _alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _kill_at(ctx: Context, env: dict, corpus: Path, line: str | None, condition) -> None:
    """Kill the run with SIGKILL where asked; none of its processes (the workers reading files) outlives it by 5 s."""
    proc = subprocess.Popen(
        [str(CAISHEN), "ingest", str(corpus)],
        env={**env, "CAISHEN_INGEST_WORKERS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    run = set()
    deadline = time.monotonic() + 120
    try:
        if line is not None:
            for out in proc.stderr:
                if line in out:
                    time.sleep(0.2)
                    break
        else:
            while not condition(ctx) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
        run = _descendants(proc.pid)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert not (alive := _alive_after(run)), f"processes of the killed run still alive 5 s after the kill: {alive}"


def test_a_worker_that_dies_ends_the_run_with_one_clear_line(corpus_120, tmp_path):
    env = {**os.environ, "CAISHEN_DATA_DIR": str(tmp_path / "var"), "CAISHEN_INGEST_WORKERS": "2"}
    upgrade(load_settings(env=env))
    proc = subprocess.Popen(
        [str(CAISHEN), "ingest", str(corpus_120)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300  # a loaded machine takes long to start python and read the file list
    while not (workers := _descendants(proc.pid)) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert workers, f"no worker started (exit code {proc.poll()}, waited {time.monotonic() - deadline + 300:.0f} s)"
    os.kill(min(workers), signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "工作进程意外终止" in err and "Traceback" not in err, err
    [line] = [line for line in err.splitlines() if line.startswith("caishen 出错：")]
    assert english_in(line) is None
    assert not _alive_after(workers)


def _comparisons(ctx: Context) -> list[tuple]:
    with ctx.sessions() as s:
        return s.execute(
            select(
                ClaimComparison.dispute_id,
                ClaimComparison.claim_type,
                ClaimComparison.divergent,
                ClaimComparison.direction,
            ).order_by(ClaimComparison.dispute_id, ClaimComparison.ordinal)
        ).all()


def _scalar(ctx: Context, query):
    with ctx.sessions() as s:
        return s.scalar(query)
