"""Readers, one module a format; each yields SourceRecords with provenance, or SourceErrors naming file and reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from wording.labels import quarantine_reason
from wording.messages import message


@dataclass(frozen=True)
class SourceRecord:
    """One document as read, with where it came from."""

    path: str
    format: str
    text: str
    member: str | None = None  # archive member and/or row number
    encoding: str | None = None
    metadata: dict = field(default_factory=dict)


class SourceError(Exception):
    """A file or record that cannot be read; carries the file and the reason for the quarantine list."""

    def __init__(self, path: str | Path, reason: str, member: str | None = None):
        self.path, self.reason, self.member = str(path), reason, member
        where = f"{self.path}" + (f" [{member}]" if member else "")
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # rebuilt from its fields when it comes back from a worker process
        return SourceError, (self.path, self.reason, self.member)


@dataclass(frozen=True)
class Origin:
    """Where bytes came from: a file, and inside it an archive member (or none)."""

    path: str
    member: str | None = None

    def within(self, part: str) -> str:
        """A member label for a part of this origin (a row, a nested member)."""
        return f"{self.member} {part}" if self.member else part


Reader = Callable[[bytes, Origin], Iterable[SourceRecord | SourceError]]


def readers() -> dict[str, Reader]:
    from ingest.sources import archive, docx, html, jsonl, pdf, table, txt

    return {
        ".txt": txt.read,
        ".html": html.read,
        ".htm": html.read,
        ".docx": docx.read,
        ".pdf": pdf.read,
        ".jsonl": jsonl.read,
        ".json": jsonl.read,
        ".csv": table.read_csv,
        ".xlsx": table.read_xlsx,
        ".zip": archive.read,
    }


def supported_suffixes() -> tuple[str, ...]:
    return tuple(readers())


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given files or folders, in a stable order; hidden files (.name) are skipped."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel):
                    yield f
        else:
            yield p


def read_file(path: Path, max_bytes: int) -> Iterator[SourceRecord | SourceError]:
    """Records of one file; every failure becomes a SourceError naming the file, never an exception."""
    try:
        data = file_bytes(path, max_bytes)
    except SourceError as exc:
        yield exc
        return
    yield from read_bytes(data, path.name, Origin(str(path)), max_bytes)


def file_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes; SourceError when it cannot be opened or read, or is larger than the limit (left unread)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, f"cannot open: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise SourceError(path, f"file too large ({size:,} bytes > limit {max_bytes:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None


def read_bytes(data: bytes, name: str, origin: Origin, max_bytes: int) -> Iterator[SourceRecord | SourceError]:
    """Records of one file's bytes (a file on disk or an archive member), dispatched by the name's suffix."""
    suffix = Path(name).suffix.lower()
    reader = readers().get(suffix)
    if reader is None:
        yield SourceError(
            origin.path,
            f"unsupported format {suffix or '(no extension)'}; supported: {', '.join(supported_suffixes())}",
            origin.member,
        )
        return
    if not data:
        yield SourceError(origin.path, "empty file", origin.member)
        return
    produced = False
    try:
        for item in reader(data, origin, max_bytes) if suffix == ".zip" else reader(data, origin):
            produced = True
            yield item
    except SourceError as exc:
        yield exc
    except Exception as exc:  # a corrupt file of any kind must not stop the batch
        yield SourceError(
            origin.path, f"cannot read {suffix.lstrip('.')} file: {type(exc).__name__}: {exc}", origin.member
        )
    else:
        if not produced:  # an empty archive, a table with a header only: say so rather than pass in silence
            yield SourceError(origin.path, "no documents in the file", origin.member)


def text_of_file(name: str, data: bytes, max_bytes: int) -> str:
    """The text of an uploaded or named file, in any format ingest reads; ValueError says why there is none."""
    records = list(read_bytes(data, name, Origin(name), max_bytes))
    texts = [r.text for r in records if isinstance(r, SourceRecord)]
    if not texts:
        reason = next((r.reason for r in records if not isinstance(r, SourceRecord)), "no text")
        raise ValueError(message("unreadable_file", name=name, reason=quarantine_reason(reason)))
    return "\n".join(texts)
