"""Shared fixtures: settings on temp dirs, databases on SQLite and a real PostgreSQL, small builders."""

from __future__ import annotations

import io
import itertools
import os
import shutil
from pathlib import Path

import pytest

# One BLAS thread a process: the suite already runs a worker a core, and OpenBLAS's own threads on top of them spin
# against each other (the element classifier's cross-validation: 5 s alone, 23 s with them on two cores). Set before
# numpy loads, and inherited by the workers and every `caishen` the tests start.
os.environ.update({var: os.environ.get(var, "1") for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")})

from app.context import Context
from config import load_settings
from store.db import upgrade
from tests.postgres import PostgresServer

# The files that take longest run first: xdist hands files to its workers in this order (pyproject.toml turns off
# its own reordering by test count, which put these last), and one begun last would keep the whole suite waiting.
_LONGEST_FIRST = (
    "tests/app/test_privacy.py",
    "tests/e2e/test_every_page.py",
    "tests/test_cli.py",
    "tests/app/test_security.py",
    "tests/ingest/test_faults.py",
    "tests/ingest/test_pipeline.py",
    "tests/ingest/test_crash.py",
    "tests/ingest/test_malformed.py",
    "tests/app/test_api.py",
    "tests/e2e/test_browser.py",
    "tests/app/test_insight.py",
    "tests/app/test_portrait.py",
    "tests/app/test_reviews.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = item.path.as_posix()
        return next((i for i, name in enumerate(_LONGEST_FIRST) if path.endswith(name)), len(_LONGEST_FIRST))

    items.sort(key=rank)  # stable: the rest keep their order


SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
_db_names = itertools.count(1)


def shared_file(name: str) -> Path:
    """A file from ../shared/data, or a clean skip naming what is missing; a failure where the data must be there
    (CAISHEN_REQUIRE_SHARED=1, as .ci/run sets), so that CI cannot pass with every real-data test skipped."""
    path = SHARED_DATA / name
    if not path.exists():
        why = f"{path} is absent: the shared evaluation data is not beside this checkout"
        if os.environ.get("CAISHEN_REQUIRE_SHARED") == "1":
            pytest.fail(f"{why} (CAISHEN_REQUIRE_SHARED=1 requires it)", pytrace=False)
        pytest.skip(why)
    return path


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_kind(request) -> str:
    return request.param


@pytest.fixture
def database_url(request, tmp_path, database_kind) -> str:
    """An empty database of each kind; PostgreSQL gets a fresh database on the session's server."""
    if database_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'caishen.db'}"
    server = request.getfixturevalue("postgres")
    return server.create_database(f"caishen_test_{next(_db_names)}")


def _settings(data_dir: Path, database_url: str):
    return load_settings(
        env={"CAISHEN_DATA_DIR": str(data_dir), "CAISHEN_DATABASE_URL": database_url, "CAISHEN_INGEST_BATCH_SIZE": "25"}
    )


@pytest.fixture
def settings(tmp_path, database_url):
    return _settings(tmp_path / "var", database_url)


@pytest.fixture
def ctx(settings):
    """A migrated database and an empty search index."""
    upgrade(settings)
    context = Context(settings)
    yield context
    context.close()


@pytest.fixture(scope="session")
def _sample_ingested(request, tmp_path_factory, sample_corpus):
    """The sample corpus ingested once per database kind and session, to be copied: an ingest takes seconds, a copy
    of its database and data directory (search index included) a fraction of one."""
    from ingest.pipeline import ingest
    from services.progress import Progress

    made: dict[str, tuple[Path, str]] = {}

    def ingested(kind: str) -> tuple[Path, str]:
        if kind not in made:
            root = tmp_path_factory.mktemp(f"sample-{kind}")
            url = (
                f"sqlite:///{root / 'caishen.db'}"
                if kind == "sqlite"
                else request.getfixturevalue("postgres").create_database("caishen_sample")
            )
            settings = _settings(root / "var", url)
            upgrade(settings)
            context = Context(settings)
            ingest(
                [sample_corpus], settings, context.sessions, context.search, progress=Progress(0, stream=io.StringIO())
            )
            context.close()
            made[kind] = root, url
        return made[kind]

    return ingested


def _sample_copy(request, kind: str, into: Path, sample_ingested) -> Context:
    """A context on a copy of the ingested sample corpus in `into` (a new database from it on PostgreSQL)."""
    root, url = sample_ingested(kind)
    shutil.copytree(root / "var", into / "var")
    if kind == "sqlite":
        shutil.copy(root / "caishen.db", into / "caishen.db")
        url = f"sqlite:///{into / 'caishen.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database(
            f"caishen_test_{next(_db_names)}", template="caishen_sample"
        )
    return Context(_settings(into / "var", url))


@pytest.fixture
def loaded_ctx(request, tmp_path, database_kind, _sample_ingested):
    """A context on its own copy of the ingested sample corpus: tests may change it freely."""
    context = _sample_copy(request, database_kind, tmp_path, _sample_ingested)
    yield context
    context.close()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def module_loaded_ctx(request, tmp_path_factory, _sample_ingested):
    """One copy of the ingested sample corpus for a whole module whose tests only read it (signing in adds a user,
    which no test counts)."""
    context = _sample_copy(request, request.param, tmp_path_factory.mktemp("module-sample"), _sample_ingested)
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
