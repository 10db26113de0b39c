"""Export the claim comparisons, one row per aligned claim, as CSV, XLSX (with a data dictionary) or Parquet.

CSV and XLSX, the formats people open, head their columns in Chinese and write codes as words (驳回, 有利于劳动者,
是) unless codes are asked for; Parquet, for programs, keeps the codes and the types (booleans, numbers) always.

Rows stream from the database in chunks and are written as they come, so memory stays flat however large the
corpus; the same StatsQuery filters as the statistics choose the rows. Every export is masked, whoever asks
(docs/privacy.md): the claim's words masked, the reasons quoted from the masked documents.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from nlp.divergence import STAGES
from nlp.masking import mask
from services.corpus import persons_by_dispute, quoted
from services.stats import FIELDS, StatsQuery
from store.models import ClaimComparison, DivergenceReview
from wording.labels import (
    DIRECTION_LABELS,
    FIELD_LABELS,
    OUTCOME_LABELS,
    REVIEW_FLAG_LABELS,
    STAGE_LABELS,
    field_value_label,
)
from wording.messages import listed, message

FORMATS = ("csv", "xlsx", "parquet")
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str


_OUTCOMES = "；".join(f"{k}={v}" for k, v in OUTCOME_LABELS.items())
_STAGE_OUTCOMES = [
    c
    for stage in STAGES
    for label in [STAGE_LABELS[stage]]
    for c in (
        Column(f"{stage}_outcome", pa.string(), f"{label}结果（{_OUTCOMES}）"),
        Column(f"{stage}_amount", pa.float64(), f"{label}支持金额（元）"),
    )
]
COLUMNS = [
    Column("dispute_id", pa.int64(), "案件链编号（同一争议的仲裁、一审、二审共用）"),
    Column("ordinal", pa.int32(), "请求在该案件链中的序号"),
    Column("arbitration_case_number", pa.string(), "仲裁案号"),
    Column("court_case_number", pa.string(), "比对所用法院裁判的案号"),
    Column("claim_type", pa.string(), "请求类型"),
    Column("claimant", pa.string(), "请求方（worker=劳动者，employer=用人单位）"),
    Column("claim_text", pa.string(), "请求原文"),
    Column("amount_claimed", pa.float64(), "请求金额（元）"),
    *_STAGE_OUTCOMES,
    Column(
        "court_stage",
        pa.string(),
        "与仲裁比对的法院审级（" + "；".join(f"{k}={v}" for k, v in STAGE_LABELS.items()) + "）",
    ),
    Column("divergent", pa.bool_(), "裁审是否分歧（空=仲裁或法院结果缺失，未比对）"),
    Column("direction", pa.string(), "分歧方向（" + "；".join(f"{k}={v}" for k, v in DIRECTION_LABELS.items()) + "）"),
    Column("change", pa.string(), "结果变化，如“驳回 → 支持 8,000”"),
    Column("divergence_type", pa.string(), "分歧类型（经人工研判的为研判类型，否则为机器分类）"),
    Column("machine_divergence_type", pa.string(), "机器分类的分歧类型"),
    Column("evidence", pa.string(), "说明分歧理由的原文句子（机器所选，以“ ｜ ”分隔）"),
    Column("reviewed", pa.bool_(), "该分歧是否已人工研判"),
    Column("to_unify", pa.bool_(), "研判标记为尺度待统一"),
    Column("proposed_rule", pa.string(), "研判提出的建议统一规则"),
    Column("review_note", pa.string(), "研判意见"),
    Column("review_quotes", pa.string(), "研判所选理由原文（以“ ｜ ”分隔）"),
    Column("reviewed_by", pa.string(), "最后修改研判的用户及机构"),
    Column("reviewed_at", pa.string(), "最后修改研判的时间（北京时间）"),
    Column(
        "review_flag",
        pa.string(),
        "研判提示（" + "；".join(f"{k}={v}" for k, v in REVIEW_FLAG_LABELS.items()) + "；空=无）",
    ),
    Column("province", pa.string(), "省份"),
    Column("city", pa.string(), "城市"),
    Column("commission", pa.string(), "仲裁委员会"),
    Column("court", pa.string(), "法院"),
    Column("year", pa.int32(), "裁判年份（法院裁判，无则仲裁裁决）"),
    Column("decision_date", pa.date32(), "裁判日期（法院裁判，无则仲裁裁决）"),
    Column("platform_work", pa.bool_(), "是否平台用工"),
    Column("platform", pa.string(), "平台企业"),
    Column("occupation", pa.string(), "职业"),
    Column("employment_mode", pa.string(), "用工方式"),
]
SCHEMA = pa.schema([pa.field(c.name, c.type) for c in COLUMNS])


class ExportError(ValueError):
    """An export cannot be written as asked."""


def export_divergences(
    session: Session, fmt: str, out: str | Path, query: StatsQuery | None = None, codes: bool = False
) -> int:
    """Write every comparison the query selects to `out`; returns the number of rows. With codes, CSV and XLSX
    carry the column names and codes programs read, as Parquet always does."""
    if fmt not in FORMATS:
        raise ExportError(message("not_one_of", name="format", allowed=listed(FORMATS)))
    out = Path(out)
    if out.parent and not out.parent.is_dir():
        raise ExportError(message("no_folder", out=out, folder=out.parent))
    query = query or StatsQuery()
    query.filtered(select(ClaimComparison.id))  # a bad filter fails here, before any file is begun
    chunks = _chunks(session, query)
    if fmt == "parquet":
        return _parquet(chunks, out)
    if not codes:
        chunks = ([{c.name: field_value_label(c.name, r[c.name]) for c in COLUMNS} for r in rows] for rows in chunks)
    return {"csv": _csv, "xlsx": _xlsx}[fmt](chunks, out, codes)


def _headers(codes: bool) -> list[str]:
    return [c.name if codes else FIELD_LABELS[c.name] for c in COLUMNS]


def export_bytes(session: Session, fmt: str, query: StatsQuery | None = None, codes: bool = False) -> tuple[bytes, int]:
    """The export as bytes (for a download) and its row count; written through a temporary file, so that the xlsx
    and parquet writers stream as they do to disk."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"divergences.{fmt}"
        rows = export_divergences(session, fmt, out, query, codes)
        return out.read_bytes(), rows


def _chunks(session: Session, query: StatsQuery) -> Iterator[list[dict]]:
    # Plain rows, not ORM objects: nothing accumulates in the session's identity map while the export streams.
    own = [c for c in ClaimComparison.__table__.columns if c.key != "divergence_type"]
    stmt = query.filtered(
        select(
            *own,
            FIELDS["divergence_type"],
            FIELDS["machine_divergence_type"],
            FIELDS["reviewed"],
            FIELDS["to_unify"],
            DivergenceReview.quotes.label("review_quotes"),
            DivergenceReview.note.label("review_note"),
            DivergenceReview.proposed_rule.label("proposed_rule"),
            DivergenceReview.updated_by,
            DivergenceReview.updated_institution,
            DivergenceReview.updated_at,
            DivergenceReview.flag.label("review_flag"),
        )
    ).order_by(ClaimComparison.id)
    for partition in session.execute(stmt.execution_options(yield_per=CHUNK)).mappings().partitions():
        persons = persons_by_dispute(session, {c["dispute_id"] for c in partition})
        quotes = iter(
            quoted(
                session,
                [e for c in partition for e in (c["evidence"] or []) + (c["review_quotes"] or [])],
                full_text=False,
            )
        )
        yield [
            _row(
                c,
                persons.get(c["dispute_id"], ()),
                [next(quotes)["quote"] for _ in c["evidence"] or []],
                [next(quotes)["quote"] for _ in c["review_quotes"] or []],
            )
            for c in partition
        ]


def _row(c, persons, quotes: list[str], review_quotes: list[str]) -> dict:
    """One comparison as exported: the claim's words masked, the reasons quoted from the masked documents, what
    reviewers wrote masked as well."""
    from wording.labels import local_time

    reviewed = c["updated_by"] is not None
    own = {
        "claim_text": mask(c["claim_text"], persons),
        "evidence": " ｜ ".join(quotes),
        "review_quotes": " ｜ ".join(review_quotes) if reviewed else None,
        "review_note": mask(c["review_note"], persons) if reviewed else None,
        "proposed_rule": mask(c["proposed_rule"], persons) if reviewed and c["proposed_rule"] else None,
        "reviewed_by": f"{c['updated_by']}（{c['updated_institution']}）" if reviewed else None,
        "reviewed_at": local_time(c["updated_at"]) if reviewed else None,
        "reviewed": bool(c["reviewed"]),
        "to_unify": bool(c["to_unify"]),
    }
    row = {}
    for col in COLUMNS:
        value = own[col.name] if col.name in own else c[col.name]
        value = getattr(value, "value", value)  # enums as their codes
        row[col.name] = float(value) if value is not None and col.type == pa.float64() else value
    return row


def _csv(chunks: Iterator[list[dict]], out: Path, codes: bool) -> int:
    n = 0
    # UTF-8 with a BOM: spreadsheet programs then open the Chinese text correctly.
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(_headers(codes))
        for rows in chunks:
            writer.writerows([row[c.name] for c in COLUMNS] for row in rows)
            n += len(rows)
    return n


def _xlsx(chunks: Iterator[list[dict]], out: Path, codes: bool) -> int:
    headers = _headers(codes)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("divergences" if codes else "裁审比对")
    sheet.append(headers)
    n = 0
    for rows in chunks:
        for row in rows:
            sheet.append([row[c.name] for c in COLUMNS])
        n += len(rows)
    dictionary = book.create_sheet("data_dictionary" if codes else "数据字典")
    dictionary.append(["column", "type", "description"] if codes else ["列", "代码", "类型", "说明"])
    for header, c in zip(headers, COLUMNS):
        dictionary.append(
            [c.name, str(c.type), c.description] if codes else [header, c.name, str(c.type), c.description]
        )
    book.save(out)
    return n


def _parquet(chunks: Iterator[list[dict]], out: Path) -> int:
    n = 0
    with pq.ParquetWriter(out, SCHEMA) as writer:
        for rows in chunks:
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=SCHEMA))
            n += len(rows)
    return n
