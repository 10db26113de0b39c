"""Stream files → records → extraction → batched load; one transaction a batch, indexing after each commit."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import func, select, true, update
from sqlalchemy.orm import sessionmaker

from app.models import Document, IngestRun, QuarantinedFile, RunStatus, utcnow
from app.search import SearchBackend, SearchUnavailable
from app.services.analysis import analyse_pending
from app.services.warnings import refresh_warnings
from config import Settings
from ingest.load import INDEX_LOAD, Extracted, content_hash, indexed, load_batch, reextract_batch
from nlp import EXTRACTOR_VERSION
from ingest.progress import Progress
from ingest.sources import SourceError, SourceRecord, iter_files, read_file
from nlp.extract import extract_document


@dataclass
class RunReport:
    run_id: int
    files: int = 0
    documents_read: int = 0
    documents_new: int = 0
    documents_existing: int = 0
    indexed: int = 0
    quarantined: list[dict] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)
    by_format: Counter = field(default_factory=Counter)
    index_errors: list[str] = field(default_factory=list)
    disputes_analysed: int = 0
    warnings: dict = field(default_factory=dict)  # risk warnings after the run: new, holding, resolved (or error)
    duration_s: float = 0.0

    @property
    def docs_per_s(self) -> float:
        return self.documents_read / self.duration_s if self.duration_s else 0.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["by_kind"], d["by_format"] = dict(self.by_kind), dict(self.by_format)
        d["docs_per_s"] = round(self.docs_per_s, 2)
        d["duration_s"] = round(self.duration_s, 3)
        return d


def ingest(paths: Iterable[str | Path], settings: Settings, sessions: sessionmaker,
           backend: SearchBackend | None, *, progress: Progress | None = None) -> RunReport:
    """Ingest files and folders; bad input is quarantined, never stopping the run."""
    paths = [str(p) for p in paths]
    files = list(iter_files(paths))
    progress = progress or Progress(len(files))
    started = time.monotonic()
    with sessions.begin() as session:
        # One ingest runs at a time (the index has one writer): a run still marked running was killed.
        session.execute(update(IngestRun).where(IngestRun.status == RunStatus.running)
                        .values(status=RunStatus.failed, finished_at=utcnow()))
        run = IngestRun(paths=paths)
        session.add(run)
        session.flush()
        report = RunReport(run_id=run.id)
    batch: list[Extracted] = []
    failures: list[SourceError] = []
    try:
        for item in _records(files, settings.max_file_bytes, progress, report):
            if isinstance(item, SourceError):
                failures.append(item)
                progress.note(f"quarantined: {item}")
                progress.add(quarantined=1)
            else:
                batch.append(Extracted(item, content_hash(item.text), extract_document(item.text)))
            if len(batch) + len(failures) >= settings.ingest_batch_size:
                _flush(sessions, batch, failures, report, progress)
                batch, failures = [], []
        _flush(sessions, batch, failures, report, progress)
        # Chains grow across batches, so their claims are compared once the run has loaded everything; the index
        # then takes every document not yet in it (this run's, and any an interrupted run left), divergences known.
        progress.note("comparing the claims of changed disputes…")
        report.disputes_analysed = analyse_pending(sessions, settings.divergence_tolerance)
        report.warnings = refresh_warnings(sessions)
        if backend is not None:
            progress.note("indexing the documents not yet in the search index…")
            _index_or_report(lambda: index_pending(sessions, backend), report, progress)
        status = RunStatus.completed
    except BaseException:
        status = RunStatus.failed
        raise
    finally:
        report.duration_s = time.monotonic() - started
        progress.close()
        with sessions.begin() as session:
            run = session.get(IngestRun, report.run_id)
            run.status, run.finished_at = status, utcnow()
            run.files_seen, run.documents_new = report.files, report.documents_new
            run.documents_existing, run.quarantined = report.documents_existing, len(report.quarantined)
            run.report = report.to_dict()
    return report


def _records(files: list[Path], max_bytes: int, progress: Progress, report: RunReport
             ) -> Iterator[SourceRecord | SourceError]:
    for path in files:
        for item in read_file(path, max_bytes):
            if isinstance(item, SourceRecord):
                report.documents_read += 1
                report.by_format[item.format] += 1
            yield item
        report.files += 1
        progress.file_done()


def _flush(sessions: sessionmaker, batch: list[Extracted], failures: list[SourceError], report: RunReport,
           progress: Progress) -> None:
    if not batch and not failures:
        return
    with sessions.begin() as session:
        new = load_batch(session, batch)
        for f in failures:
            session.add(QuarantinedFile(run_id=report.run_id, path=f.path, member=f.member, reason=f.reason))
        kinds = [d.kind.value for d in new]
    report.documents_new += len(new)
    report.documents_existing += len(batch) - len(new)
    report.by_kind.update(kinds)
    report.quarantined.extend({"path": f.path, "member": f.member, "reason": f.reason} for f in failures)
    progress.add(docs=len(batch))


def _index_or_report(work, report: RunReport, progress: Progress) -> None:
    # The database is the source of truth: an index failure is reported, and the next run or `caishen reindex`
    # indexes what was left out (documents keep indexed_at empty until the index holds them).
    try:
        report.indexed += work()
    except SearchUnavailable as exc:
        report.index_errors.append(str(exc))
        progress.note(f"indexing failed (run `caishen reindex`): {exc}")


def _index(sessions: sessionmaker, backend: SearchBackend, items: list) -> int:
    n = backend.index(items)
    with sessions.begin() as session:
        session.execute(update(Document).where(Document.id.in_([i.doc_id for i in items])).values(indexed_at=utcnow()))
    return n


def index_pending(sessions: sessionmaker, backend: SearchBackend, *, batch_size: int = 500,
                  progress: Progress | None = None) -> int:
    """Index every stored document the index does not hold yet, in batches. An index found empty while the
    database says it holds documents (removed, or rebuilt for a new schema) is filled again from scratch."""
    with sessions.begin() as session:
        if backend.count() == 0 and session.scalar(select(Document.id).where(Document.indexed_at.is_not(None))
                                                   .limit(1)) is not None:
            session.execute(update(Document).values(indexed_at=None))
    done = 0
    while True:
        with sessions() as session:
            docs = session.scalars(select(Document).where(Document.indexed_at.is_(None)).order_by(Document.id)
                                   .limit(batch_size).options(*INDEX_LOAD)).all()
            items = [indexed(d) for d in docs]
        if not items:
            return done
        done += _index(sessions, backend, items)
        if progress:
            for _ in items:
                progress.file_done()
            progress.add(docs=len(items))


def reextract(sessions: sessionmaker, backend: SearchBackend | None, tolerance: float, *, batch_size: int = 200,
              force: bool = False, progress: Progress | None = None) -> int:
    """Recompute derived fields of documents read by another extractor version (or all, with force), from the
    stored text; then compare the changed disputes' claims again and bring the index up to date. Returns how many
    documents were read again."""
    stale = Document.extractor_version != EXTRACTOR_VERSION
    with sessions() as session:
        total = session.scalar(select(func.count(Document.id)).where(stale if not force else true()))
    progress = progress or Progress(total, label="reextract")
    done, last_id = 0, 0
    while True:
        with sessions.begin() as session:
            query = select(Document).where(Document.id > last_id).order_by(Document.id).limit(batch_size)
            docs = session.scalars(query if force else query.where(stale)).all()
            if not docs:
                break
            reextract_batch(session, docs)
            last_id = docs[-1].id
        done += len(docs)
        for _ in docs:
            progress.file_done()
        progress.add(docs=len(docs))
    analyse_pending(sessions, tolerance)
    if backend is not None:
        index_pending(sessions, backend)
    progress.close()
    return done


def reindex(sessions: sessionmaker, backend: SearchBackend, *, batch_size: int = 500,
            progress: Progress | None = None) -> int:
    """Rebuild the search index from the database (on Elasticsearch into a new index, then the alias swaps)."""
    with sessions() as session:
        total = session.scalar(select(func.count(Document.id)))
    progress = progress or Progress(total, label="reindex")

    def batches():
        last_id = 0
        while True:
            with sessions() as session:
                docs = session.scalars(select(Document).where(Document.id > last_id).order_by(Document.id)
                                       .limit(batch_size).options(*INDEX_LOAD)).all()
                items = [indexed(d) for d in docs]
            if not items:
                return
            yield items
            last_id = items[-1].doc_id
            for _ in items:
                progress.file_done()
            progress.add(docs=len(items))

    done = backend.rebuild(batches())
    with sessions.begin() as session:
        session.execute(update(Document).values(indexed_at=utcnow()))
    progress.close()
    return done
