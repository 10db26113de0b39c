"""Serving the web app: gunicorn with several worker processes where it runs (Linux and other POSIX systems), so
that a similar-case ranking in one process does not hold up the searches of another; waitress, one process with
threads, where gunicorn is not installed or cannot run (Windows)."""

from __future__ import annotations

import os

from config import Settings

THREADS = 4  # per worker process: requests waiting on the database or the index overlap


def default_workers() -> int:
    return os.cpu_count() or 1


def serve(settings: Settings, host: str, port: int, workers: int) -> str:
    """Serve until stopped; returns which server served ("gunicorn" or "waitress")."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # not installed, or no fork (Windows)
        BaseApplication = None
    if BaseApplication is None:
        import waitress

        from app import create_app

        waitress.serve(create_app(settings), host=host, port=port, threads=8, ident="caishen")
        return "waitress"

    class Gunicorn(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": THREADS,
                "proc_name": "caishen",
                "accesslog": None,
                "graceful_timeout": 5,
                # A kept-alive connection stays with the worker that accepted it, and one worker often accepts most
                # of a burst: measured, its core was busy while the other idled. Closed after each response, the next
                # request goes to whichever worker accepts first (a loopback or proxy reconnect costs far less).
                "keepalive": 0,
                "timeout": 120,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from app import create_app

            # Each worker builds its own app after the fork: database connections and the index are its own.
            return create_app(settings)

    Gunicorn().run()
    return "gunicorn"
