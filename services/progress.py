"""Progress of long work: a bar on a terminal, a plain log line every few seconds otherwise (in Chinese, as
everything a person reads)."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from tqdm import tqdm

from wording.labels import quarantine_reason
from wording.messages import PROGRESS_WORDS, message

LOG_EVERY_S = 5.0


class Quarantined(Protocol):
    """What a file or record sent to quarantine tells (ingest.sources.SourceError, a side-data row's error)."""

    path: str
    member: str | None
    reason: str


class _Bar(tqdm):
    """tqdm's bar with the figures of the work in the bar's own words (its postfix would come after ", ")."""

    figures = ""

    @property
    def format_dict(self):
        return {**super().format_dict, "figures": self.figures}


class Progress:
    def __init__(
        self,
        total_files: int,
        label: str = "ingest",
        stream: TextIO | None = None,
        interactive: bool | None = None,
        units: tuple[str, str] = ("files", "docs"),
    ):
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.label = PROGRESS_WORDS.get(label, label)
        self.units = (PROGRESS_WORDS.get(units[0], units[0]), PROGRESS_WORDS.get(units[1], units[1]))
        self.total = total_files
        self.files = self.docs = self.quarantined = 0
        self.started = self._last_log = time.monotonic()
        self._bar = (
            _Bar(
                total=total_files,
                unit=self.units[0],
                desc=self.label,
                file=self.stream,
                dynamic_ncols=True,
                bar_format="{desc}：{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} {unit}"
                "，已用 {elapsed}，约余 {remaining}；{figures}",
            )
            if self.interactive
            else None
        )

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
        """One line that must be seen, without breaking the bar."""
        if self._bar:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def note_quarantined(self, error: Quarantined) -> None:
        """A file or record gone to quarantine, with why (as the quarantine list says it)."""
        where = error.path + (f" [{error.member}]" if error.member else "")
        self.note(message("progress_quarantined", where=where, reason=quarantine_reason(error.reason)))

    def close(self) -> None:
        if self._bar:
            self._refresh()
            self._bar.close()
        else:
            self._log()

    def _refresh(self) -> None:
        if self._bar:
            self._bar.figures = message(
                "progress_bar",
                count=self.docs,
                things=self.units[1],
                rate=self.docs_per_s,
                quarantined=self.quarantined,
            )
        elif time.monotonic() - self._last_log >= LOG_EVERY_S:
            self._log()

    def _log(self) -> None:
        self._last_log = time.monotonic()
        print(
            message(
                "progress_line",
                label=self.label,
                done=self.files,
                total=self.total,
                items=self.units[0],
                count=self.docs,
                things=self.units[1],
                rate=self.docs_per_s,
                quarantined=self.quarantined,
            ),
            file=self.stream,
            flush=True,
        )
