"""The portrait (cases joined with side data), risk warnings and their life cycle, over a really ingested corpus
and generated side data."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from sqlalchemy import select

from ingest.sample.side import generate_side_data
from ingest.side import load_side
from services.portrait import platform_names, portrait
from services.progress import Progress
from services.stats import StatsQuery, divergence_table
from services.warnings import RuleError, evaluate, load_rules, refresh, refresh_warnings
from store.models import ClaimComparison, Dispute, RiskWarning


@pytest.fixture
def loaded(loaded_ctx, tmp_path):
    ctx = loaded_ctx
    files = generate_side_data(tmp_path / "side", seed=5)
    load_side(files, ctx.sessions, ctx.settings.max_file_bytes, progress=Progress(0, stream=io.StringIO()))
    return ctx, files


def _reports(files) -> list[dict]:
    with open(next(p for p in files if p.name == "worker_reports.csv"), encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    "case_names, side_names, expected",
    [
        (["北京闪达网络科技有限公司"], ["闪达", "乐跑"], {"北京闪达网络科技有限公司": "闪达"}),
        (["某某平台"], ["闪达"], {"某某平台": "某某平台"}),
        (["邻家到家网络科技有限公司"], ["到家", "邻家到家"], {"邻家到家网络科技有限公司": "邻家到家"}),  # longest wins
    ],
)
def test_platform_names(case_names, side_names, expected):
    assert platform_names(case_names, side_names) == expected


def test_portrait_by_platform_joins_cases_and_side_data(loaded):
    ctx, files = loaded
    with ctx.sessions() as session:
        rows = {r["platform"]: r for r in portrait(session, "platform")}
        cases = divergence_table(session, StatsQuery(("platform",)))
    complaints = Counter()
    for r in _reports(files):
        complaints[r["平台"]] += int(r["投诉数"])
    for platform, total in complaints.items():
        assert rows[platform]["complaints"] == total
    # Every compared claim of the corpus lands on a side-data platform (company names mapped to brands).
    assert sum(r["compared"] or 0 for r in rows.values()) == int(cases["compared"].sum())
    with_cases = [r for r in rows.values() if r["disputes"]]
    assert with_cases and all(r["platform"] in complaints for r in with_cases)
    assert all(r["employment_modes"] for r in with_cases)


def test_portrait_by_region_for_one_year(loaded):
    ctx, files = loaded
    with ctx.sessions() as session:
        rows = portrait(session, "region", 2023)
    income = {}
    for r in _reports(files):
        if r["期间"] == "2023":
            x, w = income.get(r["地区"], (0.0, 0))
            income[r["地区"]] = (x + float(r["月收入"]) * int(r["人数"]), w + int(r["人数"]))
    by_region = {r["region"]: r for r in rows}
    for region, (x, w) in income.items():
        assert by_region[region]["monthly_income"] == pytest.approx(x / w, abs=1)
        assert by_region[region]["industry_income"] is not None


def _rule(**kw):
    base = {"name": "t", "severity": "medium", "message": "{subject}"}
    return {**base, **kw}


def test_rate_above_finds_every_body_over_the_threshold(loaded):
    """The courts over a threshold, counted here from the stored comparisons (not by the statistics the rule uses),
    at a threshold and a minimum that leave some courts out."""
    ctx, _ = loaded
    with ctx.sessions() as session:
        rows = session.execute(
            select(ClaimComparison.court, ClaimComparison.divergent).where(
                ClaimComparison.divergent.is_not(None), ClaimComparison.court.is_not(None)
            )
        ).all()
        compared, divergent = Counter(c for c, _ in rows), Counter(c for c, d in rows if d)
        rates = sorted({divergent[c] / compared[c] for c in compared if compared[c] >= 2})
        threshold = rates[len(rates) // 2]
        found = evaluate(session, [_rule(check="rate_above", subject="court", min_rate=threshold, min_compared=2)])
    expected = {c for c in compared if compared[c] >= 2 and divergent[c] / compared[c] >= threshold}
    assert len(rates) >= 2 and 0 < len(expected) < len(compared)
    assert {f.subject for f in found} == expected


def test_income_below_finds_the_underpaid_platform(loaded):
    ctx, _ = loaded
    rule = _rule(
        check="income_below", max_ratio=0.75, message="{platform}·{region}·{occupation}: {income:,.0f}/{industry:,.0f}"
    )
    with ctx.sessions() as session:
        found = evaluate(session, [rule])
    # The generator pays the last platform's workers in the first province 60% of the going rate, others ≥ 85%.
    assert {(f.figures["platform"], f.figures["region"]) for f in found} == {("途运", "上海市")}
    assert all(f.figures["ratio"] < 0.75 for f in found)


def _comparisons(ctx, platform: str, divergent_by_year: dict[int, list[bool]]) -> None:
    with ctx.sessions.begin() as session:
        for year, flags in divergent_by_year.items():
            dispute = Dispute()
            session.add(dispute)
            session.flush()
            for i, divergent in enumerate(flags, 1):
                session.add(
                    ClaimComparison(
                        dispute_id=dispute.id,
                        ordinal=i,
                        claim_type="加班费",
                        claimant="worker",
                        claim_text="加班费",
                        change="",
                        divergent=divergent,
                        year=year,
                        platform=platform,
                    )
                )


@pytest.mark.parametrize(
    "flags, raised",
    [
        ({2024: [False, False, True], 2025: [True, True, False]}, True),  # rate 33% → 67%
        ({2024: [True, True, False], 2025: [False, False, True]}, False),  # the rate fell
        ({2025: [True, True, True]}, False),  # no rate for the year before
    ],
)
def test_complaints_rising_with_divergence(ctx, tmp_path, flags, raised):
    load_side(
        generate_side_data(tmp_path, seed=5),
        ctx.sessions,
        ctx.settings.max_file_bytes,
        progress=Progress(0, stream=io.StringIO()),
    )
    _comparisons(ctx, "北京闪达网络科技有限公司", flags)
    rule = _rule(check="rising_together", subject="platform", min_growth=1.0, min_rate_increase=0.2, min_compared=3)
    with ctx.sessions() as session:
        found = {f.subject: f for f in evaluate(session, [rule])}
    # Complaints about the first platform quadruple in the generated last year.
    assert ("闪达" in found) is raised
    if raised:
        assert found["闪达"].figures["growth"] >= 1.0 and found["闪达"].figures["rate_now"] == pytest.approx(
            2 / 3, abs=1e-3
        )


def test_warnings_are_kept_resolved_and_raised_again(loaded):
    ctx, _ = loaded
    loose = [_rule(check="rate_above", subject="court", min_rate=0.0, min_compared=1)]
    strict = [_rule(check="rate_above", subject="court", min_rate=1.01, min_compared=1)]
    first = refresh(ctx.sessions, loose)  # also resolves what ingest raised by the shipped rules
    assert first["new"] > 0
    assert refresh(ctx.sessions, loose) == {"new": 0, "holding": first["new"], "resolved": 0}
    assert refresh(ctx.sessions, strict) == {"new": 0, "holding": 0, "resolved": first["new"]}
    assert refresh(ctx.sessions, loose)["new"] == first["new"]
    with ctx.sessions() as session:
        ours = session.scalars(select(RiskWarning).where(RiskWarning.rule == "t")).all()
    assert len(ours) == first["new"] and all(w.resolved_at is None for w in ours)


def test_the_shipped_rules_load_and_ingest_evaluates_them(loaded):
    ctx, _ = loaded
    assert {r["check"] for r in load_rules()} == {"rising_together", "recognition_shift", "rate_above", "income_below"}
    with ctx.sessions() as session:
        assert session.scalars(select(RiskWarning)).first() is not None


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[rule]]\nname = "x"\ncheck = "nope"\nseverity = "high"\nmessage = ""', "rule 'x' has unknown check 'nope'"),
        ('[[rule]]\nname = "x"\ncheck = "rate_above"\nseverity = "urgent"\nmessage = ""', "severity 'urgent'"),
    ],
)
def test_a_broken_rules_file_is_named(tmp_path, text, message):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules(path)


def test_a_message_that_does_not_fit_is_reported_not_raised_in_ingest(loaded, monkeypatch):
    ctx, _ = loaded
    bad = [_rule(check="rate_above", subject="court", min_rate=0.0, min_compared=1, message="{no_such_figure}")]
    with ctx.sessions() as session, pytest.raises(RuleError, match="does not fit"):
        evaluate(session, bad)
    monkeypatch.setattr("services.warnings.load_rules", lambda path=None: bad)
    assert "does not fit" in refresh_warnings(ctx.sessions)["error"]
