"""Structured side data (CSV/XLSX) for the employment-form portrait: platform operating indicators, industry
employment figures, workers' income and complaints. Schemas in side_schemas.toml.

Rows stream in batches and upsert by their kind's key; a row that breaks its schema is quarantined with the column
and the reason, and the rest of the file still loads."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ingest.sources import Origin, SourceError, file_bytes, iter_files
from ingest.sources.table import csv_rows, xlsx_rows
from nlp.patterns import load as load_patterns
from services.progress import Progress
from services.warnings import refresh_warnings
from store.models import IngestRun, QuarantinedFile, RunStatus, SideRecord, utcnow

SCHEMA_FILE = Path(__file__).with_name("side_schemas.toml")
SUFFIXES = (".csv", ".xlsx")
DIMENSIONS = ("platform", "region", "occupation", "employment_mode")
_BATCH = 500


@dataclass(frozen=True)
class SideRow:
    kind: str
    key: str
    period: str
    year: int
    dimensions: dict
    figures: dict
    path: str
    member: str


@dataclass
class SideReport:
    run_id: int
    files: int = 0
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    by_kind: dict = field(default_factory=dict)
    quarantined: list[dict] = field(default_factory=list)
    warnings: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@cache
def schemas() -> dict[str, dict]:
    with open(SCHEMA_FILE, "rb") as fh:
        return tomllib.load(fh)


def kind_of(header: Iterable[str]) -> str | None:
    """The kind whose required columns the header has; when several fit, the one that names most columns."""

    def named(kind: str) -> set[str]:
        return {_column_name(kind, h) for h in header} - {None}

    fitting = [
        kind
        for kind, s in schemas().items()
        if all(c["name"] in named(kind) for c in s["columns"] if c.get("required"))
        and (not s.get("needs_one_of") or named(kind) & set(s["needs_one_of"]))
    ]
    return max(fitting, key=lambda k: len(named(k)), default=None)


def read_side_file(path: Path, max_bytes: int, kind: str | None = None) -> Iterator[SideRow | SourceError]:
    """Rows of one CSV/XLSX file; a file or row that cannot be read becomes a SourceError naming it and why."""
    if path.suffix.lower() not in SUFFIXES:
        yield SourceError(path, f"side data must be CSV or XLSX, not {path.suffix or '(no extension)'}")
        return
    try:
        data = file_bytes(path, max_bytes)
        sheets = (csv_rows if path.suffix.lower() == ".csv" else xlsx_rows)(data, Origin(str(path)))
        for header, rows, origin, _ in sheets:
            yield from _sheet(header, rows, origin, kind)
    except SourceError as exc:
        yield exc
    except Exception as exc:  # a damaged file must not stop the others
        yield SourceError(path, f"cannot read {path.suffix.lstrip('.')} file: {type(exc).__name__}: {exc}")


def _sheet(
    header: list[str], rows: Iterator[dict], origin: Origin, kind: str | None
) -> Iterator[SideRow | SourceError]:
    if kind is not None and kind not in schemas():
        raise SourceError(origin.path, f"unknown side-data kind {kind!r}; known: {', '.join(schemas())}")
    kind = kind or kind_of(header)
    if kind is None:
        raise SourceError(
            origin.path,
            "columns fit no side-data schema ("
            + "; ".join(
                f"{k} needs {', '.join(c['name'] for c in s['columns'] if c.get('required'))}"
                for k, s in schemas().items()
            )
            + f"; columns: {', '.join(h for h in header if h) or 'none'})",
            origin.member,
        )
    for n, row in enumerate(rows, 2):  # row 1 is the header
        if not any(v not in (None, "") for v in row.values()):
            continue
        member = origin.within(f"row {n}")
        try:
            yield parse_row(kind, row, origin.path, member)
        except ValueError as exc:
            yield SourceError(origin.path, str(exc), member)


def parse_row(kind: str, row: dict, path: str = "", member: str = "") -> SideRow:
    """One row by its kind's schema; ValueError names the column and what is wrong with it."""
    schema = schemas()[kind]
    values: dict = {}
    for header, raw in row.items():
        name = _column_name(kind, header)
        if name is None or raw is None or str(raw).strip() == "":
            continue
        column = next(c for c in schema["columns"] if c["name"] == name)
        try:
            values[name] = _PARSERS[column["type"]](str(raw).strip())
        except ValueError as exc:
            raise ValueError(f"column {header!r}: {exc}") from None
    missing = [c["name"] for c in schema["columns"] if c.get("required") and c["name"] not in values]
    if missing:
        raise ValueError(f"missing required {', '.join(missing)} for {kind}")
    if schema.get("needs_one_of") and not any(n in values for n in schema["needs_one_of"]):
        raise ValueError(f"a {kind} row needs one of {', '.join(schema['needs_one_of'])}")
    period, year = values.pop("period")
    dimensions = {d: values.pop(d) for d in DIMENSIONS if d in values}
    key_fields = schema["key"] or sorted({**dimensions, **values})
    key_values = {k: (period if k == "period" else dimensions.get(k, values.get(k))) for k in key_fields}
    if not schema["key"]:
        key_values["period"] = period
    key = hashlib.sha256(json.dumps([kind, key_values], ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return SideRow(kind, key, period, year, dimensions, values, path, member)


def load_side(
    paths: Iterable[str | Path],
    sessions: sessionmaker,
    max_bytes: int,
    kind: str | None = None,
    progress: Progress | None = None,
) -> SideReport:
    """Load side-data files; every bad row or file is quarantined in an ingest run, never stopping the others."""
    files = list(iter_files([str(p) for p in paths]))
    progress = progress or Progress(len(files), label="side data", units=("files", "rows"))
    with sessions.begin() as session:
        run = IngestRun(paths=[str(p) for p in paths])
        session.add(run)
        session.flush()
        report = SideReport(run.id)
    status = RunStatus.failed
    try:
        batch: list[SideRow | SourceError] = []
        for path in files:
            for item in read_side_file(path, max_bytes, kind):
                batch.append(item)
                if len(batch) >= _BATCH:
                    _flush(sessions, batch, report, progress)
                    batch = []
            report.files += 1
            progress.file_done()
        _flush(sessions, batch, report, progress)
        report.warnings = refresh_warnings(sessions)
        status = RunStatus.completed
    finally:
        progress.close()
        with sessions.begin() as session:
            run = session.get(IngestRun, report.run_id)
            run.status, run.finished_at, run.files_seen = status, utcnow(), report.files
            run.quarantined, run.report = len(report.quarantined), report.to_dict()
    return report


def _flush(sessions: sessionmaker, batch: list[SideRow | SourceError], report: SideReport, progress: Progress) -> None:
    rows = {r.key: r for r in batch if isinstance(r, SideRow)}  # a key twice in a batch: the later row wins
    failures = [f for f in batch if isinstance(f, SourceError)]
    with sessions.begin() as session:
        existing = {r.record_key: r for r in session.scalars(select(SideRecord).where(SideRecord.record_key.in_(rows)))}
        for key, row in rows.items():
            record = existing.get(key) or SideRecord(kind=row.kind, record_key=key)
            record.platform, record.region = row.dimensions.get("platform"), row.dimensions.get("region")
            record.occupation, record.employment_mode = (
                row.dimensions.get("occupation"),
                row.dimensions.get("employment_mode"),
            )
            record.period, record.year, record.figures = row.period, row.year, row.figures
            record.source_path, record.source_member, record.ingested_at = row.path, row.member, utcnow()
            if key not in existing:
                session.add(record)
        for f in failures:
            session.add(QuarantinedFile(run_id=report.run_id, path=f.path, member=f.member, reason=f.reason))
    report.rows_read += len(batch) - len(failures)
    report.rows_new += len(rows) - len(existing)
    report.rows_updated += len(existing)
    for row in rows.values():
        report.by_kind[row.kind] = report.by_kind.get(row.kind, 0) + 1
    report.quarantined.extend({"path": f.path, "member": f.member, "reason": f.reason} for f in failures)
    for f in failures:
        progress.note_quarantined(f)
    progress.add(docs=len(batch) - len(failures), quarantined=len(failures))


# --- column names and value types -----------------------------------------------------------------------------


@cache
def _aliases(kind: str) -> dict[str, str]:
    out = {}
    for c in schemas()[kind]["columns"]:
        for alias in (c["name"], *c.get("aliases", ())):
            out[alias.strip().lower()] = c["name"]
    return out


def _column_name(kind: str, header: str | None) -> str | None:
    return _aliases(kind).get((header or "").strip().lower())


def _text(raw: str) -> str:
    if len(raw) > 200:
        raise ValueError(f"longer than 200 characters ({len(raw)})")
    return raw


def _number(raw: str) -> float:
    try:
        value = float(raw.replace(",", "").replace("，", ""))
    except ValueError:
        raise ValueError(f"not a number: {raw!r}") from None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise ValueError(f"not a non-negative number: {raw!r}")
    return value


def _count(raw: str) -> int:
    value = _number(raw)
    if value != int(value):
        raise ValueError(f"not a whole number: {raw!r}")
    return int(value)


def _share(raw: str) -> float:
    percent = raw.endswith("%") or raw.endswith("％")
    value = _number(raw.rstrip("%％"))
    if percent or value > 1:
        value /= 100
    if value > 1:
        raise ValueError(f"a share must be 0..1 or a percentage up to 100: {raw!r}")
    return round(value, 6)


_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}
_PERIODS = (
    (re.compile(r"(\d{4})\s*(?:-|/|\.|年)?\s*(?:Q|第?([一二三四])季度?)\s*([1-4])?", re.I), "quarter"),
    (re.compile(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})(?:\s*月)?(?:[-/.]\d{1,2}(?:\s+00:00:00)?)?"), "month"),
    (re.compile(r"(\d{4})\s*年?"), "year"),
)


def _period(raw: str) -> tuple[str, int]:
    for pattern, unit in _PERIODS:
        m = pattern.fullmatch(raw.strip())
        if not m:
            continue
        year = int(m.group(1))
        if not 1990 <= year <= 2100:
            break
        if unit == "year":
            return str(year), year
        if unit == "month":
            month = int(m.group(2))
            if 1 <= month <= 12:
                return f"{year}-{month:02d}", year
            break
        quarter = _QUARTER.get(m.group(2) or "") or (int(m.group(3)) if m.group(3) else 0)
        if quarter:
            return f"{year}-Q{quarter}", year
        break
    raise ValueError(f"not a period (2024, 2024-05, 2024Q2, 2024年第二季度): {raw!r}")


@cache
def _provinces() -> dict[str, str]:
    """Every accepted spelling of a province → its full name (北京, 北京市, 京 → 北京市)."""
    out = {}
    for abbreviation, full in load_patterns("regions")["provinces"].items():
        short = re.sub(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$", "", full)
        out.update({full: full, short: full, abbreviation: full})
    return out


def _region(raw: str) -> str:
    found = _provinces().get(raw.strip())
    if found is None:
        raise ValueError(f"not a province: {raw!r}")
    return found


_PARSERS = {"text": _text, "count": _count, "number": _number, "share": _share, "period": _period, "region": _region}
