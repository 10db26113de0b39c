"""Over 200 malformed inputs in one run among good documents: each is quarantined with a reason naming its file or
ingested correctly, the run never stops, and every good document of the same batches arrives."""

from __future__ import annotations

import io
import shutil
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from ingest.pipeline import ingest
from services.progress import Progress
from store.models import Document
from tests.ingest.malformed import write_malformed


def test_malformed_corpus_among_good_documents(ctx, sample_corpus, tmp_path):
    folder = tmp_path / "in"
    cases = write_malformed(folder, max_file_bytes=ctx.settings.max_file_bytes)
    assert len(cases) >= 200
    good = sorted((sample_corpus / "documents").iterdir())
    for i, f in enumerate(good):  # numbered like the bad ones, so the two interleave within batches
        shutil.copy(f, folder / f"{i * len(cases) // len(good) + 1:03d}-good-{f.name}")

    report = ingest([folder], ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))

    assert report.files == len(cases) + len(good)
    reasons = defaultdict(list)
    for q in report.quarantined:
        assert Path(q["path"]).parent == folder and q["reason"] and "Traceback" not in q["reason"]
        reasons[Path(q["path"]).name].append(q["reason"])
    with ctx.sessions() as s:
        stored = defaultdict(list)
        for path, text in s.execute(select(Document.source_path, Document.text)):
            stored[Path(path).name].append(text)
    assert sum(len(stored[n]) for n in stored if "-good-" in n) == len(good)
    assert not any("-good-" in n for n in reasons)
    assert ctx.search.count() == sum(map(len, stored.values()))

    wrong = [
        f"{c.name}: {c.expect}, got {len(stored[c.name])} docs, quarantined {reasons[c.name]}"
        for c in cases
        if not _as_expected(c, stored[c.name], reasons[c.name])
    ]
    assert not wrong, "\n".join(wrong)
    for name, texts in stored.items():
        assert not any(bad in t for t in texts for bad in ("alert(", "steal(", "<script", "<p", "\x00")), name


def _as_expected(case, texts: list[str], reasons: list[str]) -> bool:
    hinted = any(case.hint in r for r in reasons)
    if case.expect == "quarantine":
        return not texts and hinted
    if case.expect == "ingest":
        return bool(texts) and not reasons
    if case.expect == "mixed":
        return bool(texts) and hinted
    # "either": refused with a reason, or read as the original's text (but for characters damaged in place)
    original = {line.strip() for line in case.original.splitlines()}
    read = [line.strip() for t in texts for line in t.splitlines() if line.strip()]
    read_right = bool(read) and sum(line in original for line in read) >= 0.75 * len(read)
    return (not texts and bool(reasons)) or (read_right and not reasons)
