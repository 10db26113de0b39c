"""The test cluster's own cleanup: a session killed with SIGKILL runs no teardown, and its cluster (in /dev/shm,
memory) must not outlive it past the next session's start."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.postgres import remove_abandoned

_START = "from tests.postgres import PostgresServer; s = PostgresServer().start(); print(s.root, flush=True); input()"


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_sessions_cluster_is_stopped_and_removed_and_a_live_ones_kept(postgres):
    owner = subprocess.Popen(
        [sys.executable, "-c", _START],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        root = Path(owner.stdout.readline().strip())
        server = int((root / "data" / "postmaster.pid").read_text().split()[0])
        remove_abandoned(root.parent, postgres.bin_dir)
        assert root.is_dir() and _running(server)  # its session is alive
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
    remove_abandoned(root.parent, postgres.bin_dir)
    deadline = time.monotonic() + 10
    while _running(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not root.exists() and not _running(server)
    assert postgres.root.is_dir()  # this session's own cluster stays
    assert os.path.commonpath([root, postgres.root]) == str(root.parent)
