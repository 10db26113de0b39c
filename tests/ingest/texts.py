"""Shared by the tests that ingest real texts from ../shared as .txt files and read back what was stored."""

import io

from ingest.pipeline import ingest
from services.progress import Progress


def ingest_as_files(ctx, folder, rows: list[dict], stem: str) -> None:
    """Each row's text as the file `{stem}_NN.txt`, all ingested in one run, none quarantined."""
    folder.mkdir()
    for i, row in enumerate(rows):
        (folder / f"{stem}_{i:02d}.txt").write_text(row["text"], encoding="utf-8")
    report = ingest([folder], ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
    assert (report.documents_new, report.quarantined) == (len(rows), [])


def code_of(outcome) -> str | None:
    """A stored outcome's code."""
    return outcome.value if outcome is not None else None


def outcome_of(result) -> str | None:
    """A read StageResult's outcome."""
    return result.outcome if result is not None else None
