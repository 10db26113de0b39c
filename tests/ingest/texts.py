"""Shared by the tests that ingest real texts from ../shared as .txt files and read back what was stored."""

import io

from ingest.pipeline import ingest
from nlp.eval import GOLD_OUTCOME
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


def count_stored_right(hits, stored: list, gold_claims: list[dict], columns: dict[str, str]) -> None:
    """Each gold claim's stage outcomes (gold key → comparison column) against the stored comparisons of its type, in
    order, as `caishen eval` matches them: hits["total"] and hits["right"]."""
    by_type: dict[str, list] = {}
    for c in stored:
        by_type.setdefault(c.claim_type, []).append(c)
    for g in gold_claims:
        found = by_type.get(g["type"]) and by_type[g["type"]].pop(0)
        for key, column in columns.items():
            if g[key] is not None:
                hits["total"] += 1
                value = getattr(found, column) if found else None
                hits["right"] += value is not None and GOLD_OUTCOME[code_of(value)] == g[key]
