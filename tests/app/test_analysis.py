"""Claim comparisons built from ingested documents, checked against the generator's truth."""

from __future__ import annotations

import io
import json
import shutil

from sqlalchemy import func, select

from ingest.pipeline import ingest
from nlp.casenumber import find_case_numbers
from services.analysis import analyse_all
from services.export import export_divergences
from services.progress import Progress
from services.stats import StatsQuery, divergence_table
from store.models import ClaimComparison, Dispute, Proceeding

_GAIN = {"granted": 2, "partly_granted": 1}


def _ingest(ctx, *paths):
    return ingest(paths, ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))


def _truth(corpus):
    return [json.loads(line) for line in (corpus / ".truth.jsonl").open(encoding="utf-8")]


def _truth_direction(claim) -> str | None:
    """From the generator's outcomes alone: did the final stage give the worker more or less than the award?"""
    stages = list(claim["outcomes"])
    first, last = claim["outcomes"][stages[0]], claim["outcomes"][stages[-1]]
    if first["amount"] and last["amount"] and first["amount"] != last["amount"]:
        return "pro_worker" if last["amount"] > first["amount"] else "pro_employer"
    gain = _GAIN.get(last["outcome"], 0) - _GAIN.get(first["outcome"], 0)
    return "pro_worker" if gain > 0 else "pro_employer" if gain < 0 else "same"


def _rows_by_truth(session, t) -> list[ClaimComparison]:
    numbers = [find_case_numbers(n)[0].normalised for n in t["case_numbers"].values()]
    dispute_id = session.scalar(select(Proceeding.dispute_id).where(Proceeding.case_number.in_(numbers)))
    return list(
        session.scalars(
            select(ClaimComparison).where(ClaimComparison.dispute_id == dispute_id).order_by(ClaimComparison.ordinal)
        )
    )


def agreement(ctx, truth) -> dict:
    """Detection, direction and type agreement with the truth, over the claims decided at two stages or more."""
    counts = dict(compared=0, detected=0, direction=0, divergent=0, typed=0)
    with ctx.sessions() as session:
        for t in truth:
            rows = _rows_by_truth(session, t)
            for claim in t["claims"]:
                if len(claim["outcomes"]) < 2:
                    continue
                row = next((r for r in rows if r.claim_type == claim["type"]), None)
                if row is not None:
                    rows.remove(row)
                counts["compared"] += 1
                diverges = claim["divergence"] is not None
                counts["detected"] += row is not None and row.divergent is diverges
                counts["direction"] += (
                    row is not None and row.direction is not None and row.direction.value == _truth_direction(claim)
                )
                if diverges and row is not None and row.divergent:
                    counts["divergent"] += 1
                    counts["typed"] += row.divergence_type == claim["divergence"]
    return counts


def test_divergences_match_the_generated_truth(loaded_ctx, sample_corpus, tmp_path):
    ctx = loaded_ctx  # the sample corpus ingested as _ingest() does, once a session (conftest._sample_ingested)
    # The corpus is generated from a fixed seed: these are its figures. Every claim is detected with its direction;
    # 30 of the 33 divergences get the type the generator meant.
    assert agreement(ctx, _truth(sample_corpus)) == dict(
        compared=117, detected=117, direction=117, divergent=33, typed=30
    )
    # Statistics and the export read the rows the pipeline wrote (tests/app/comparisons.py writes its own): the
    # truth's divergent claims are what both count.
    divergent = sum(
        c["divergence"] is not None for t in _truth(sample_corpus) for c in t["claims"] if len(c["outcomes"]) >= 2
    )
    with ctx.sessions() as session:
        table = divergence_table(session, StatsQuery(("claim_type",)))
        exported = export_divergences(session, "csv", tmp_path / "d.csv", StatsQuery(where={"divergent": "true"}))
    assert table["divergent"].sum() == exported == divergent
    assert table["compared"].sum() == 117


def test_comparisons_follow_chains_that_arrive_over_several_runs(ctx, sample_corpus, tmp_path):
    awards, judgments = tmp_path / "awards", tmp_path / "judgments"
    awards.mkdir(), judgments.mkdir()
    for f in (sample_corpus / "documents").iterdir():
        shutil.copy(f, awards if "arbitration" in f.name else judgments)
    _ingest(ctx, judgments)  # judgments first: they recite the awards that arrive later
    _ingest(ctx, awards)
    c = agreement(ctx, _truth(sample_corpus))
    assert c["detected"] == c["compared"] == 117, c
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).where(Dispute.analysed_at.is_(None))) == 0
        # No dispute keeps rows from an earlier analysis: ordinals are unique within each dispute.
        assert (
            session.scalar(
                select(func.count()).select_from(
                    select(ClaimComparison.dispute_id, ClaimComparison.ordinal)
                    .group_by(ClaimComparison.dispute_id, ClaimComparison.ordinal)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            == 0
        )


def test_analysing_again_gives_the_same_rows(loaded_ctx):
    ctx = loaded_ctx  # its own copy of the sample corpus ingested as _ingest() does

    def snapshot():
        with ctx.sessions() as session:
            return sorted(
                (r.dispute_id, r.ordinal, r.claim_type, r.divergent, r.divergence_type, r.change)
                for r in session.scalars(select(ClaimComparison))
            )

    before = snapshot()
    assert analyse_all(ctx.sessions, ctx.settings.divergence_tolerance, progress=Progress(0, stream=io.StringIO())) > 0
    assert snapshot() == before
