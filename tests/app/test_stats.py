"""Divergence statistics on comparisons whose figures are known."""

from __future__ import annotations

import pytest

from services.stats import StatsError, StatsQuery, divergence_table, recognition_drift, records
from tests.app.comparisons import add_comparisons

R = "确认劳动关系"
ROWS = [
    # 广东省 2023: 3 compared, 2 divergent (one each way); one not compared (no court decision)
    dict(
        province="广东省",
        year=2023,
        mode="众包",
        arbitration="rejected",
        court="granted",
        divergent=True,
        direction="pro_worker",
        type="法律适用差异",
        claim_type=R,
        platform_work=True,
    ),
    dict(
        province="广东省",
        year=2023,
        mode="众包",
        arbitration="granted",
        court="rejected",
        divergent=True,
        direction="pro_employer",
        type="证据采信差异",
        claim_type="加班费",
        platform_work=True,
    ),
    dict(
        province="广东省",
        year=2023,
        mode="众包",
        arbitration="rejected",
        court="rejected",
        divergent=False,
        direction="same",
        claim_type=R,
        platform_work=True,
    ),
    dict(province="广东省", year=2023, mode="众包", arbitration="granted", claim_type="工资报酬"),
    # 北京市 2024: 2 compared, 1 divergent pro-worker
    dict(
        province="北京市",
        year=2024,
        mode="专送",
        arbitration="rejected",
        court="granted",
        divergent=True,
        direction="pro_worker",
        type="法律适用差异",
        claim_type=R,
        platform_work=False,
    ),
    dict(
        province="北京市",
        year=2024,
        mode="专送",
        arbitration="granted",
        court="granted",
        divergent=False,
        direction="same",
        claim_type=R,
        platform_work=False,
    ),
]


@pytest.fixture
def stats_db(ctx):
    with ctx.sessions.begin() as session:
        add_comparisons(session, ROWS)
    return ctx


def _table(ctx, fn, query):
    with ctx.sessions() as session:
        return {tuple(r[k] for k in query.by): r for r in records(fn(session, query))}


def test_divergence_by_region(stats_db):
    t = _table(stats_db, divergence_table, StatsQuery(("region",)))
    assert set(t) == {("广东省",), ("北京市",)}
    gd, bj = t[("广东省",)], t[("北京市",)]
    assert (gd["compared"], gd["divergent"], gd["pro_worker"], gd["pro_employer"]) == (3, 2, 1, 1)
    assert gd["rate"] == pytest.approx(2 / 3, abs=1e-4) and gd["balance"] == 0
    assert (bj["compared"], bj["divergent"], bj["rate"], bj["balance"]) == (2, 1, 0.5, 1.0)


def test_overall_and_filtered(stats_db):
    [overall] = _table(stats_db, divergence_table, StatsQuery()).values()
    assert (overall["compared"], overall["divergent"]) == (5, 3)
    [only] = _table(stats_db, divergence_table, StatsQuery(where={"year": "2024", "platform_work": "false"})).values()
    assert (only["compared"], only["divergent"]) == (2, 1)


def test_groups_by_several_fields(stats_db):
    t = _table(stats_db, divergence_table, StatsQuery(("employment_mode", "divergence_type"), {"divergent": "true"}))
    assert {k: v["divergent"] for k, v in t.items()} == {
        ("众包", "法律适用差异"): 1,
        ("众包", "证据采信差异"): 1,
        ("专送", "法律适用差异"): 1,
    }


def test_recognition_drift(stats_db):
    t = _table(stats_db, recognition_drift, StatsQuery(("region",)))
    gd, bj = t[("广东省",)], t[("北京市",)]
    # 广东省: the commission recognised 0 of 2 relation claims, the court 1 of 2.
    assert (gd["arbitration_rate"], gd["court_rate"], gd["gap"]) == (0.0, 0.5, 0.5)
    assert (bj["arbitration_rate"], bj["court_rate"], bj["gap"]) == (0.5, 1.0, 0.5)


@pytest.mark.parametrize(
    "query, message",
    [
        (dict(by=("colour",)), "没有“colour”这一字段"),
        (dict(where={"year": "last"}), "年份须为数字"),
        (dict(where={"divergent": "maybe"}), "须为 true 或 false"),
    ],
)
def test_bad_queries_are_clear_errors(stats_db, query, message):
    with pytest.raises(StatsError, match=message):
        q = StatsQuery(**query)
        with stats_db.sessions() as session:
            divergence_table(session, q)


def test_an_empty_selection_gives_an_empty_table(stats_db):
    with stats_db.sessions() as session:
        assert divergence_table(session, StatsQuery(("region",), {"province": "西藏自治区"})).empty


def test_enum_fields_refuse_values_they_cannot_hold(stats_db):
    with pytest.raises(StatsError, match="court_stage=：须为以下之一"):
        with stats_db.sessions() as session:
            divergence_table(session, StatsQuery(where={"court_stage": ""}))
