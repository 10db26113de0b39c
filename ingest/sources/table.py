"""Spreadsheets, one record a row (hearing notes, mediation records, execution status): CSV and XLSX.

The text is in a column named text, 内容, 正文, 笔录 or 全文; the other columns become the record's metadata.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from ingest.sources import Origin, SourceError, SourceRecord
from ingest.sources.decode import decode

TEXT_COLUMNS = ("text", "内容", "正文", "笔录", "笔录内容", "全文")


def record_from_row(row: dict, path: str, member: str, fmt: str, encoding: str | None) -> SourceRecord | SourceError:
    """One record from a mapping of column → value; a row without text is an error of its own."""
    column = next((c for c in TEXT_COLUMNS if c in row), None)
    text = row.get(column) if column else None
    if not isinstance(text, str) or not text.strip():
        return SourceError(path, f'record has no text (expected a "{TEXT_COLUMNS[0]}" field)', member)
    metadata = {k: v for k, v in row.items() if k != column and v not in (None, "")}
    return SourceRecord(path=path, member=member, format=fmt, text=text, encoding=encoding, metadata=metadata)


def read_csv(data: bytes, origin: Origin) -> Iterator[SourceRecord | SourceError]:
    for header, rows, sheet_origin, encoding in csv_rows(data, origin):
        yield from _rows(header, rows, sheet_origin, "csv", encoding)


def read_xlsx(data: bytes, origin: Origin) -> Iterator[SourceRecord | SourceError]:
    for header, rows, sheet_origin, encoding in xlsx_rows(data, origin):
        yield from _rows(header, rows, sheet_origin, "xlsx", encoding)


Sheet = tuple[list[str], Iterator[dict], Origin, str | None]  # header, rows (column → text), where, encoding


def csv_rows(data: bytes, origin: Origin) -> Iterator[Sheet]:
    content, encoding = decode(data, origin)
    reader = csv.DictReader(io.StringIO(content))
    yield reader.fieldnames or [], ({k: v for k, v in r.items() if k is not None} for r in reader), origin, encoding


def xlsx_rows(data: bytes, origin: Origin) -> Iterator[Sheet]:
    """Each sheet of a workbook: its first row is the header."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
            yield (
                header,
                ({h: (str(v) if v is not None else None) for h, v in zip(header, values) if h} for values in rows),
                Origin(origin.path, origin.within(f"sheet {sheet.title}")),
                None,
            )
    finally:
        book.close()


def _rows(header: list[str], rows: Iterable[dict], origin: Origin, fmt: str, encoding: str | None):
    if not any(c in header for c in TEXT_COLUMNS):
        raise SourceError(
            origin.path,
            f"no text column; expected one of {', '.join(TEXT_COLUMNS)} "
            f"(columns: {', '.join(h for h in header if h) or 'none'})",
            origin.member,
        )
    for n, row in enumerate(rows, 2):  # row 1 is the header
        if any(v not in (None, "") for v in row.values()):
            yield record_from_row(row, origin.path, origin.within(f"row {n}"), fmt, encoding)
