"""Side data for the portrait: schemas, value types, kind detection, loading with quarantine and upserts."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from ingest.sample.side import generate_side_data
from ingest.side import kind_of, load_side, parse_row
from services.progress import Progress
from store.models import QuarantinedFile, SideRecord


@pytest.mark.parametrize(
    "kind, row, dimensions, figures, period",
    [
        (
            "platform_indicator",
            {"平台": "闪达", "地区": "京", "期间": "2024Q1", "抽成比例": "18%", "订单量": "1,200"},
            {"platform": "闪达", "region": "北京市"},
            {"commission_rate": 0.18, "orders": 1200},
            "2024-Q1",
        ),
        (
            "platform_indicator",
            {"platform": "乐跑", "region": "广东", "period": "2023年第四季度", "commission_rate": "0.2"},
            {"platform": "乐跑", "region": "广东省"},
            {"commission_rate": 0.2},
            "2023-Q4",
        ),
        (
            "industry_employment",
            {"省份": "新疆", "年份": "2022", "职业": "快递员", "就业人数": "5000", "平均月收入": "6500.5"},
            {"region": "新疆维吾尔自治区", "occupation": "快递员"},
            {"employed": 5000, "average_income": 6500.5},
            "2022",
        ),
        (
            "worker_report",
            {"月份": "2024年5月", "平台": "途运", "投诉数": "3", "用工模式": "众包"},
            {"platform": "途运", "employment_mode": "众包"},
            {"complaints": 3},
            "2024-05",
        ),
        (
            "worker_report",
            {"period": "2024-05-01 00:00:00", "monthly_income": "7000"},
            {},
            {"monthly_income": 7000.0},
            "2024-05",
        ),
    ],
)
def test_rows_by_schema(kind, row, dimensions, figures, period):
    parsed = parse_row(kind, row)
    assert parsed.dimensions == dimensions
    assert parsed.figures == figures
    assert parsed.period == period and parsed.year == int(period[:4])


@pytest.mark.parametrize(
    "kind, row, message",
    [
        ("platform_indicator", {"平台": "闪达", "期间": "2024-13"}, "column '期间': not a period"),
        (
            "platform_indicator",
            {"平台": "闪达", "期间": "2024", "订单量": "-5"},
            "column '订单量': not a non-negative number",
        ),
        ("platform_indicator", {"平台": "闪达", "期间": "2024", "订单量": "3.5"}, "not a whole number"),
        ("platform_indicator", {"平台": "闪达", "期间": "2024", "抽成比例": "150"}, "a share must be"),
        ("platform_indicator", {"平台": "闪达", "期间": "2024", "地区": "火星"}, "not a province"),
        ("platform_indicator", {"地区": "北京", "期间": "2024"}, "missing required platform"),
        ("industry_employment", {"地区": "北京", "期间": "2024", "职业": "快递员", "就业人数": "abc"}, "not a number"),
        ("worker_report", {"期间": "2024", "平台": "闪达"}, "needs one of monthly_income, complaints"),
        ("worker_report", {"期间": "2024", "投诉数": "1", "平台": "长" * 201}, "longer than 200 characters"),
    ],
)
def test_bad_rows_name_the_column_and_the_reason(kind, row, message):
    with pytest.raises(ValueError, match=message):
        parse_row(kind, row)


@pytest.mark.parametrize(
    "header, kind",
    [
        (["平台", "期间", "订单量"], "platform_indicator"),
        (["地区", "年份", "职业", "就业人数"], "industry_employment"),
        (["平台", "月份", "投诉数"], "worker_report"),  # fits platform_indicator too, but names more of worker_report
        (["期间", "月收入"], "worker_report"),
        (["text", "案号"], None),
    ],
)
def test_kind_from_header(header, kind):
    assert kind_of(header) == kind


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _load(ctx, *paths, kind=None):
    return load_side(paths, ctx.sessions, ctx.settings.max_file_bytes, kind, progress=Progress(0, stream=io.StringIO()))


def test_bad_rows_and_files_are_quarantined_and_the_rest_loads(ctx, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    _csv(
        tmp_path / "indicators.csv",
        [
            ["平台", "地区", "期间", "订单量"],
            ["闪达", "北京", "2024", "100"],
            ["乐跑", "北京", "2024", "minus"],
            [],
            ["乐跑", "上海", "2024", "50"],
        ],
    )
    book = openpyxl.Workbook()
    book.active.append(["地区", "年份", "职业", "就业人数"])
    book.active.append(["浙江", "2024", "快递员", "9000"])
    book.active.append(["浙江", "二〇二四", "快递员", "9000"])
    book.save(tmp_path / "industry.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    _csv(tmp_path / "unknown.csv", [["foo", "bar"], ["1", "2"]])
    (tmp_path / "notes.txt").write_text("not side data", encoding="utf-8")

    report = _load(ctx, tmp_path)
    assert report.files == 5 and report.rows_new == 3
    reasons = {(q["path"].rsplit("/", 1)[-1], q["member"]): q["reason"] for q in report.quarantined}
    assert "not a number" in reasons[("indicators.csv", "row 3")]
    assert "not a period" in reasons[("industry.xlsx", "sheet Sheet row 3")]
    assert "cannot read xlsx file" in reasons[("broken.xlsx", None)]
    assert "columns fit no side-data schema" in reasons[("unknown.csv", None)]
    assert "must be CSV or XLSX" in reasons[("notes.txt", None)]
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SideRecord)) == 3
        assert session.scalar(select(func.count()).select_from(QuarantinedFile)) == 5


def test_a_corrected_file_replaces_what_it_keys_and_a_rerun_adds_nothing(ctx, tmp_path):
    path = _csv(tmp_path / "a.csv", [["平台", "地区", "期间", "订单量"], ["闪达", "北京", "2024", "100"]])
    assert _load(ctx, path).rows_new == 1
    again = _load(ctx, path)
    assert (again.rows_new, again.rows_updated) == (0, 1)
    _csv(path, [["平台", "地区", "期间", "订单量"], ["闪达", "北京市", "2024", "120"]])  # 北京市 = 北京: the same key
    _load(ctx, path)
    with ctx.sessions() as session:
        records = session.scalars(select(SideRecord)).all()
    assert [r.figures["orders"] for r in records] == [120]


def test_generated_side_data_is_deterministic_and_loads_cleanly(ctx, tmp_path):
    first = [p.read_bytes() for p in generate_side_data(tmp_path / "a", seed=3) if p.suffix == ".csv"]
    second = [p.read_bytes() for p in generate_side_data(tmp_path / "b", seed=3) if p.suffix == ".csv"]
    assert first == second
    report = _load(ctx, tmp_path / "a")
    assert report.quarantined == []
    assert set(report.by_kind) == {"platform_indicator", "industry_employment", "worker_report"}
