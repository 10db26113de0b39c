"""A real, private PostgreSQL server for the test session: installed if missing, started in a temp dir, always stopped."""

from __future__ import annotations

import atexit
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from tests.debian import apt_install

# The cluster lives in memory where it can: a session's few hundred databases are gigabytes of small files, whose
# copying from the sample template took 0.4 s a test on disk (0.06 s here) and whose removal kept each xdist worker
# waiting ~20 s at its end.
_IN_MEMORY = "/dev/shm"
# A cluster's folder names the process that owns it (pid and start time, which tell a reused pid apart), so that a
# later session can tell a killed session's cluster from a running one's.
_PREFIX = "caishen-pg-"
_OWNED = re.compile(re.escape(_PREFIX) + r"(\d+)-(\d+)-")


class PostgresUnavailable(RuntimeError):
    pass


def _started(pid: int) -> str | None:
    """When process `pid` started (clock ticks after boot), or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]  # field 22; the name before ")" may hold spaces


def _owner_gone(root: Path) -> bool:
    owner = _OWNED.match(root.name)
    return owner is not None and _started(int(owner[1])) != owner[2]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd  # initdb refuses to run as root


def remove_abandoned(parent: Path, bin_dir: Path) -> None:
    """Stop and remove the clusters in `parent` whose session is gone: one killed (SIGKILL runs no finaliser) left
    its server running and its files behind, gigabytes of memory in /dev/shm until the machine restarts."""
    for root in parent.glob(_PREFIX + "*"):
        if not _owner_gone(root):
            continue
        if (root / "data" / "postmaster.pid").exists():  # immediate: its data is thrown away next
            subprocess.run(
                _as_postgres([str(bin_dir / "pg_ctl"), "stop", "-w", "-m", "immediate", "-D", str(root / "data")]),
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def ensure_installed() -> Path:
    """The PostgreSQL bin directory, installing the Debian package first when it is missing."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        apt_install("postgresql")
        bin_dir = _bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable("PostgreSQL binaries not found after installing the package")
    return bin_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """initdb as the postgres user in a temp dir, listening only on a private Unix socket and port."""

    def __init__(self):
        self.bin_dir = ensure_installed()
        parent = Path(_IN_MEMORY if os.path.isdir(_IN_MEMORY) else tempfile.gettempdir())
        remove_abandoned(parent, self.bin_dir)
        pid = os.getpid()
        self.root = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{pid}-{_started(pid)}-", dir=parent))
        self.data, self.socket_dir = self.root / "data", self.root / "sock"
        self.socket_dir.mkdir()
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self.started = False
        # A session ended without its fixtures' teardown (an internal error, a worker told to stop) still stops its
        # server; a forked child exiting through Python does not (the server is its parent's).
        atexit.register(lambda: os.getpid() == pid and self.stop())

    def _run(self, *args: str) -> None:
        result = subprocess.run(_as_postgres([str(self.bin_dir / args[0]), *args[1:]]), capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> "PostgresServer":
        """Create the cluster on first start; later starts bring the same data back (after halt)."""
        if not (self.data / "PG_VERSION").exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
            )
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off",
        )
        self.started = True
        return self

    def halt(self, mode: str = "fast") -> None:
        """Stop the server and keep its data; "immediate" is a crash (no shutdown checkpoint)."""
        try:
            self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data))
        finally:
            self.started = False

    def stop(self) -> None:
        try:
            if self.started:
                self.halt()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """An empty database, or a copy of `template` (which nobody may be connected to)."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)
