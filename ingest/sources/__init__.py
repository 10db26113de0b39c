"""Readers, one module a format; each yields SourceRecords with provenance or raises SourceError."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator


@dataclass(frozen=True)
class SourceRecord:
    """One document as read, with where it came from."""

    path: str
    format: str
    text: str
    member: str | None = None  # row number or archive member
    encoding: str | None = None
    metadata: dict = field(default_factory=dict)


class SourceError(Exception):
    """A file or record that cannot be read; carries the file and the reason for the quarantine list."""

    def __init__(self, path: str | Path, reason: str, member: str | None = None):
        self.path, self.reason, self.member = str(path), reason, member
        where = f"{self.path}" + (f" [{member}]" if member else "")
        super().__init__(f"{where}: {reason}")


Reader = Callable[[Path], Iterable[SourceRecord | SourceError]]


def _readers() -> dict[str, Reader]:
    from ingest.sources import docx, html, jsonl, txt

    return {".txt": txt.read, ".html": html.read, ".htm": html.read, ".docx": docx.read,
            ".jsonl": jsonl.read, ".json": jsonl.read}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(_readers())


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
    reader = _readers().get(path.suffix.lower())
    if reader is None:
        yield SourceError(path, f"unsupported format {path.suffix or '(no extension)'}; "
                                f"supported: {', '.join(supported_suffixes())}")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield SourceError(path, f"cannot open: {exc.strerror or exc}")
        return
    if size == 0:
        yield SourceError(path, "empty file")
        return
    if size > max_bytes:
        yield SourceError(path, f"file too large ({size:,} bytes > limit {max_bytes:,})")
        return
    try:
        yield from reader(path)
    except SourceError as exc:
        yield exc
    except Exception as exc:  # a corrupt file of any kind must not stop the batch
        yield SourceError(path, f"cannot read {path.suffix.lstrip('.')} file: {type(exc).__name__}: {exc}")
