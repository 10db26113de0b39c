"""The README's "Try it on the demo data" commands, each run as written on the demo corpus's first 40 disputes (the
generator writes the same disputes first whatever the size asked, so the case number and ids it names exist): each
ends well and prints something."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from app.cli import main
from app.context import Context
from ingest.pipeline import ingest
from ingest.sample import generate_corpus
from services.progress import Progress
from store.db import upgrade
from tests.conftest import _settings

README = Path(__file__).resolve().parents[1] / "README.md"
DEMO_SEED = 0  # caishen demo's


def _tried() -> list[str]:
    """The `caishen …` lines of the README's block under "Try it on the demo data", comments removed."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"### Try it on the demo data\n.*?```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no 'Try it on the demo data' block"
    return [shlex.split(line, comments=True) for line in block.group(1).splitlines() if line.startswith("caishen ")]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    generate_corpus(root / "corpus", disputes=40, seed=DEMO_SEED)
    settings = _settings(root / "var", f"sqlite:///{root / 'var' / 'caishen.db'}")
    upgrade(settings)
    ctx = Context(settings)
    ingest([root / "corpus"], settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
    ctx.close()
    return root


@pytest.mark.parametrize("command", _tried(), ids=lambda c: " ".join(c[1:3]))
def test_each_try_it_command_shows_something(command, demo_dir, monkeypatch, capsys):
    monkeypatch.setenv("CAISHEN_DATA_DIR", str(demo_dir / "var"))
    monkeypatch.delenv("CAISHEN_DATABASE_URL", raising=False)
    monkeypatch.chdir(demo_dir)  # files the commands write land here
    code = main(command[1:])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip(), (command, err)


def test_the_block_is_there_and_long_enough():
    assert len(_tried()) >= 10
