"""Progress of long work: a bar on a terminal, a plain log line every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

LOG_EVERY_S = 5.0


class Progress:
    def __init__(self, total_files: int, label: str = "ingest", stream: TextIO | None = None,
                 interactive: bool | None = None, units: tuple[str, str] = ("files", "docs")):
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.label, self.total, self.units = label, total_files, units
        self.files = self.docs = self.quarantined = 0
        self.started = self._last_log = time.monotonic()
        self._bar = tqdm(total=total_files, unit=units[0].rstrip("s"), desc=label, file=self.stream,
                         dynamic_ncols=True) if self.interactive else None

    @property
    def docs_per_s(self) -> float:
        return self.docs / max(time.monotonic() - self.started, 1e-9)

    def file_done(self) -> None:
        self.files += 1
        if self._bar:
            self._bar.update(1)
        self._refresh()

    def add(self, docs: int = 0, quarantined: int = 0) -> None:
        self.docs += docs
        self.quarantined += quarantined
        self._refresh()

    def note(self, message: str) -> None:
        """One line that must be seen (a quarantined file), without breaking the bar."""
        if self._bar:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar:
            self._refresh()
            self._bar.close()
        else:
            self._log()

    def _refresh(self) -> None:
        if self._bar:
            self._bar.set_postfix(docs=self.docs, docs_s=f"{self.docs_per_s:.1f}", quarantined=self.quarantined,
                                  refresh=False)
        elif time.monotonic() - self._last_log >= LOG_EVERY_S:
            self._log()

    def _log(self) -> None:
        self._last_log = time.monotonic()
        items, docs = self.units
        print(f"{self.label}: {self.files}/{self.total} {items}, {self.docs} {docs} ({self.docs_per_s:.1f} {docs}/s), "
              f"{self.quarantined} quarantined", file=self.stream, flush=True)
