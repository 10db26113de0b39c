"""Exports open in pandas and in a spreadsheet program's library with the expected columns and types."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from services.export import ExportError, export_divergences
from services.stats import StatsQuery
from tests.app.comparisons import add_comparisons
from wording.labels import FIELD_LABELS

ROWS = [
    dict(
        province="广东省",
        year=2023,
        arbitration="rejected",
        court="granted",
        court_amount=8000.5,
        divergent=True,
        direction="pro_worker",
        type="证据采信差异",
        claim_type="加班费",
        platform_work=True,
        platform="某速达平台",
        quotes=["本院对上述证据予以采信。", "据此认定存在加班事实。"],
    ),
    dict(
        province="北京市",
        year=2024,
        arbitration="granted",
        court="granted",
        divergent=False,
        direction="same",
        platform_work=False,
    ),
    dict(province="北京市", arbitration="granted"),  # no court decision, no year: empty cells, not errors
]
# The export's columns as its readers rely on them, written out here: a column dropped, renamed or moved fails.
NAMES = [
    "dispute_id",
    "ordinal",
    "arbitration_case_number",
    "court_case_number",
    "claim_type",
    "claimant",
    "claim_text",
    "amount_claimed",
    "arbitration_outcome",
    "arbitration_amount",
    "first_instance_outcome",
    "first_instance_amount",
    "second_instance_outcome",
    "second_instance_amount",
    "retrial_outcome",
    "retrial_amount",
    "court_stage",
    "divergent",
    "direction",
    "change",
    "divergence_type",
    "machine_divergence_type",
    "evidence",
    "reviewed",
    "to_unify",
    "proposed_rule",
    "review_note",
    "review_quotes",
    "reviewed_by",
    "reviewed_at",
    "review_flag",
    "province",
    "city",
    "commission",
    "court",
    "year",
    "decision_date",
    "platform_work",
    "platform",
    "occupation",
    "employment_mode",
]


@pytest.fixture
def export_db(ctx):
    with ctx.sessions.begin() as session:
        add_comparisons(session, ROWS)
    return ctx


def _export(ctx, fmt, path, codes=True, **where):
    with ctx.sessions() as session:
        return export_divergences(session, fmt, path, StatsQuery(where=where), codes=codes)


def test_parquet_keeps_types(export_db, tmp_path):
    assert _export(export_db, "parquet", tmp_path / "d.parquet") == 3
    schema = pq.read_schema(tmp_path / "d.parquet")
    assert schema.names == NAMES
    df = pd.read_parquet(tmp_path / "d.parquet")
    assert str(schema.field("year").type) == "int32" and str(schema.field("divergent").type) == "bool"
    assert str(schema.field("first_instance_amount").type) == "double"
    first = df.iloc[0]
    assert first["first_instance_amount"] == 8000.5 and bool(first["divergent"]) is True
    assert first["evidence"] == "本院对上述证据予以采信。 ｜ 据此认定存在加班事实。"
    assert df["divergent"].isna().tolist() == [False, False, True]


def test_csv_reads_back(export_db, tmp_path):
    _export(export_db, "csv", tmp_path / "d.csv")
    df = pd.read_csv(tmp_path / "d.csv", encoding="utf-8-sig")
    assert list(df.columns) == NAMES and len(df) == 3
    assert df.loc[0, "arbitration_outcome"] == "rejected" and df.loc[0, "platform"] == "某速达平台"


def test_csv_and_xlsx_are_in_chinese_unless_codes_are_asked_for(export_db, tmp_path):
    _export(export_db, "csv", tmp_path / "d.csv", codes=False)
    df = pd.read_csv(tmp_path / "d.csv", encoding="utf-8-sig")
    assert list(df.columns) == [FIELD_LABELS[n] for n in NAMES] and len(df) == 3
    first = df.iloc[0]
    assert (first["仲裁结果"], first["分歧方向"], first["裁审分歧"], first["平台用工"]) == (
        "驳回",
        "有利于劳动者",
        "是",
        "是",
    )
    _export(export_db, "xlsx", tmp_path / "d.xlsx", codes=False)
    book = openpyxl.load_workbook(tmp_path / "d.xlsx", read_only=True)
    assert book.sheetnames == ["裁审比对", "数据字典"]
    assert [r[1] for r in list(book["数据字典"].iter_rows(values_only=True))[1:]] == NAMES


def test_xlsx_has_the_rows_and_a_data_dictionary(export_db, tmp_path):
    _export(export_db, "xlsx", tmp_path / "d.xlsx")
    book = openpyxl.load_workbook(tmp_path / "d.xlsx", read_only=True)
    assert book.sheetnames == ["divergences", "data_dictionary"]
    rows = list(book["divergences"].iter_rows(values_only=True))
    assert list(rows[0]) == NAMES and len(rows) == 4
    assert rows[1][NAMES.index("province")] == "广东省" and rows[1][NAMES.index("year")] == 2023
    dictionary = list(book["data_dictionary"].iter_rows(values_only=True))
    assert [r[0] for r in dictionary[1:]] == NAMES and all(r[2] for r in dictionary[1:])


def test_the_filters_choose_the_rows(export_db, tmp_path):
    assert _export(export_db, "csv", tmp_path / "bj.csv", province="北京市") == 2
    assert _export(export_db, "csv", tmp_path / "div.csv", divergent="true") == 1


@pytest.mark.parametrize(
    "fmt, name, message",
    [
        ("pdf", "d.pdf", "format 须为以下之一"),
        ("csv", "missing/d.csv", "文件夹 .*missing 不存在"),
    ],
)
def test_bad_requests_are_clear_errors(export_db, tmp_path, fmt, name, message):
    with pytest.raises(ExportError, match=message):
        _export(export_db, fmt, tmp_path / name)
