"""Shared fixtures: settings on temp dirs, databases on SQLite and a real PostgreSQL, small builders."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.context import Context
from app.db import upgrade
from config import load_settings
from tests.postgres import PostgresServer

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
_db_names = itertools.count(1)


def shared_file(name: str) -> Path:
    """A file from ../shared/data, or a clean skip naming what is missing."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared evaluation data is not beside this checkout")
    return path


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """An empty database of each kind; PostgreSQL gets a fresh database on the session's server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'caishen.db'}"
    server = request.getfixturevalue("postgres")
    return server.create_database(f"caishen_test_{next(_db_names)}")


@pytest.fixture
def settings(tmp_path, database_url):
    return load_settings(env={"CAISHEN_DATA_DIR": str(tmp_path / "var"), "CAISHEN_DATABASE_URL": database_url,
                              "CAISHEN_INGEST_BATCH_SIZE": "25"})


@pytest.fixture
def ctx(settings):
    """A migrated database and an empty search index."""
    upgrade(settings)
    context = Context(settings)
    yield context
    context.close()


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory) -> Path:
    from ingest.sample import generate_corpus

    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, disputes=40, seed=11)
    return out


@pytest.fixture(scope="session")
def corpus_120(tmp_path_factory) -> Path:
    """A corpus large enough for a run to be caught mid-way (killed, its database stopped or its disk filled)."""
    from ingest.sample import generate_corpus

    out = tmp_path_factory.mktemp("corpus120")
    generate_corpus(out, disputes=120, seed=21)
    return out
