"""ZIP archives of any supported format; each member keeps its name as provenance.

Refused members, each with its own reason: unsafe paths (../, absolute), members larger than the file limit,
members compressed more than MAX_RATIO times (a zip bomb), and an archive inside an archive.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Iterator

from ingest.sources import Origin, SourceError, SourceRecord, read_bytes

MAX_RATIO = 200
MAX_MEMBERS = 10_000


def read(data: bytes, origin: Origin, max_bytes: int) -> Iterator[SourceRecord | SourceError]:
    if origin.member is not None and origin.member.count(".zip") >= 1:
        raise SourceError(origin.path, "nested archive too deep", origin.member)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise SourceError(origin.path, f"archive has {len(infos):,} members (limit {MAX_MEMBERS:,})", origin.member)
        for info in infos:
            member = origin.within(info.filename)
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
                yield SourceError(origin.path, f"unsafe member path {info.filename!r}", member)
                continue
            if any(part.startswith(".") or part == "__MACOSX" for part in name.parts):
                continue
            if info.file_size > max_bytes:
                yield SourceError(origin.path, f"member too large ({info.file_size:,} bytes)", member)
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                yield SourceError(
                    origin.path, f"compression ratio {info.file_size // info.compress_size}:1 (zip bomb?)", member
                )
                continue
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                yield SourceError(origin.path, f"cannot read member: {exc}", member)
                continue
            yield from read_bytes(content, name.name, Origin(origin.path, member), max_bytes)
