"""A real, private PostgreSQL server for the test session: installed if missing, started in a temp dir, always stopped."""

from __future__ import annotations

import glob
import os
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


class PostgresUnavailable(RuntimeError):
    pass


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
        self.root = Path(tempfile.mkdtemp(prefix="caishen-pg-", dir=_IN_MEMORY if os.path.isdir(_IN_MEMORY) else None))
        self.data, self.socket_dir = self.root / "data", self.root / "sock"
        self.socket_dir.mkdir()
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self.started = False

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> "PostgresServer":
        """Create the cluster on first start; later starts bring the same data back (after halt)."""
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8")
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off")
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

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)
