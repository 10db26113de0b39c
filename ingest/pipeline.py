"""Stream files → records → extraction → batched load; one transaction a batch, indexing after each commit."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import delete, func, insert, select, true, update
from sqlalchemy.orm import sessionmaker

from config import Settings
from ingest.load import INDEX_LOAD, Extracted, content_hash, indexed, load_batch, reextract_batch
from ingest.sources import SourceError, SourceRecord, iter_files, read_file
from nlp import EXTRACTOR_VERSION
from nlp.extract import extract_document
from nlp.parallel import ordered_map
from search import IndexedDocument, SearchBackend, SearchUnavailable
from search.base import segment
from services.analysis import analyse_pending
from services.corpus import persons_by_dispute
from services.progress import Progress
from services.similar import case_features
from services.warnings import refresh_warnings
from store.models import Dispute, Document, DocumentFeatures, IngestRun, QuarantinedFile, RunStatus, utcnow
from wording.messages import message


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


def ingest(
    paths: Iterable[str | Path],
    settings: Settings,
    sessions: sessionmaker,
    backend: SearchBackend | None,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> RunReport:
    """Ingest files and folders; bad input is quarantined, never stopping the run. Files are read and extracted by
    `workers` processes (settings.ingest_workers unless given) while this one loads what they return."""
    paths = [str(p) for p in paths]
    files = list(iter_files(paths))
    progress = progress or Progress(len(files))
    started = time.monotonic()
    with sessions.begin() as session:
        # One ingest runs at a time (the index has one writer): a run still marked running was killed.
        session.execute(
            update(IngestRun)
            .where(IngestRun.status == RunStatus.running)
            .values(status=RunStatus.failed, finished_at=utcnow())
        )
        run = IngestRun(paths=paths)
        session.add(run)
        session.flush()
        report = RunReport(run_id=run.id)
    batch: list[Extracted] = []
    failures: list[SourceError] = []
    try:
        workers = workers or settings.ingest_workers
        for item in _read(files, settings.max_file_bytes, workers, progress, report):
            if isinstance(item, SourceError):
                failures.append(item)
                progress.note_quarantined(item)
                progress.add(quarantined=1)
            else:
                batch.append(item)
            if len(batch) + len(failures) >= settings.ingest_batch_size:
                _flush(sessions, batch, failures, report, progress)
                batch, failures = [], []
        _flush(sessions, batch, failures, report, progress)
        # Chains grow across batches, so their claims are compared once the run has loaded everything; the index
        # then takes every document not yet in it (this run's, and any an interrupted run left), divergences known.
        progress.note(message("progress_comparing"))
        report.disputes_analysed = analyse_pending(sessions, settings.divergence_tolerance)
        report.warnings = refresh_warnings(sessions)
        if backend is not None:
            progress.note(message("progress_indexing"))
            _index_or_report(lambda: index_pending(sessions, backend, workers=workers), report, progress)
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


def _read(
    files: list[Path], max_bytes: int, workers: int, progress: Progress, report: RunReport
) -> Iterator[Extracted | SourceError]:
    workers = _workers_for(len(files), workers, 4 * _FILES_PER_TASK)
    for items in ordered_map(
        partial(read_extracted, max_bytes=max_bytes), files, workers, chunk=_FILES_PER_TASK, ahead=_QUEUED
    ):
        for item in items:
            if isinstance(item, Extracted):
                report.documents_read += 1
                report.by_format[item.record.format] += 1
            yield item
        report.files += 1
        progress.file_done()


_FILES_PER_TASK = 4
# Tasks queued a worker: enough for the workers to go on while this process writes a batch (a few hundred
# documents in flight).
_QUEUED = 32


def read_extracted(path: Path, max_bytes: int) -> list[Extracted | SourceError]:
    """One file's documents, hashed and extracted, and its failures (run in a worker process)."""
    return [
        Extracted(item, content_hash(item.text), extract_document(item.text))
        if isinstance(item, SourceRecord)
        else item
        for item in read_file(path, max_bytes)
    ]


def _flush(
    sessions: sessionmaker, batch: list[Extracted], failures: list[SourceError], report: RunReport, progress: Progress
) -> None:
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
        progress.note(message("progress_index_failed", reason=exc))


def _index(sessions: sessionmaker, backend: SearchBackend, items: list) -> int:
    n = backend.index(items)
    with sessions.begin() as session:
        session.execute(update(Document).where(Document.id.in_([i.doc_id for i in items])).values(indexed_at=utcnow()))
    return n


def index_pending(
    sessions: sessionmaker,
    backend: SearchBackend,
    *,
    batch_size: int = 500,
    workers: int = 1,
    progress: Progress | None = None,
) -> int:
    """Index every stored document the index does not hold yet, in batches. An index found empty while the
    database says it holds documents (removed, or rebuilt for a new schema) is filled again from scratch."""
    with sessions.begin() as session:
        if (
            backend.count() == 0
            and session.scalar(select(Document.id).where(Document.indexed_at.is_not(None)).limit(1)) is not None
        ):
            session.execute(update(Document).values(indexed_at=None))
        pending = session.scalar(select(func.count(Document.id)).where(Document.indexed_at.is_(None)))
    done = 0
    workers = _workers_for(pending, workers, 2 * _DOCS_PER_TASK)
    for items in _segmented(sessions, Document.indexed_at.is_(None), batch_size, workers):
        done += _index(sessions, backend, items)
        if progress:
            _advance(progress, len(items))
    return done


def prepare_database(settings: Settings, sessions: sessionmaker, backend: SearchBackend | None) -> int:
    """Create or upgrade the schema. A migration may ask for every dispute to be compared again (new comparison
    fields): that is done now, not left to the next ingest, so that pages and statistics are whole at once, and the
    index takes the new divergence facets. Returns how many disputes were compared again."""
    from store.db import upgrade

    upgrade(settings)
    with sessions() as session:
        pending = session.scalar(select(func.count(Dispute.id)).where(Dispute.analysed_at.is_(None)))
    if not pending:
        return 0
    n = analyse_pending(sessions, settings.divergence_tolerance)
    if backend is not None:
        index_pending(sessions, backend, workers=settings.ingest_workers)
    return n


def _segmented(sessions: sessionmaker, where, batch_size: int, workers: int) -> Iterator[list[IndexedDocument]]:
    """Stored documents matching `where`, as the index takes them, in batches: segmented by `workers` processes
    while this one writes the batches before (segmentation is most of the cost of indexing). What similar-case
    ranking compares of each is stored on the way (DocumentFeatures), from the same workers."""
    docs = ordered_map(_prepared, _stored(sessions, where, batch_size), workers, chunk=_DOCS_PER_TASK, ahead=_QUEUED)
    while batch := list(islice(docs, batch_size)):
        with sessions.begin() as session:
            session.execute(
                delete(DocumentFeatures).where(DocumentFeatures.document_id.in_([d.doc_id for d, _ in batch]))
            )
            session.execute(insert(DocumentFeatures), [{"document_id": d.doc_id, **f} for d, f in batch])
        yield [d for d, _ in batch]


def _prepared(document: IndexedDocument) -> tuple[IndexedDocument, dict]:
    return segment(document), case_features(document.text, document.persons)


def _stored(sessions: sessionmaker, where, page: int) -> Iterator[IndexedDocument]:
    last_id = 0  # paged by id: documents of earlier pages may change (indexed_at) while later ones are read
    while True:
        with sessions() as session:
            docs = session.scalars(
                select(Document)
                .where(where, Document.id > last_id)
                .order_by(Document.id)
                .limit(page)
                .options(*INDEX_LOAD)
            ).all()
            persons = persons_by_dispute(session, {d.proceeding.dispute_id for d in docs if d.proceeding})
            items = [indexed(d, persons.get(d.proceeding.dispute_id, ()) if d.proceeding else ()) for d in docs]
        if not items:
            return
        yield from items
        last_id = items[-1].doc_id


_DOCS_PER_TASK = 50
_MARK_CHUNK = 10_000  # ids an UPDATE … WHERE id IN names at once


def _workers_for(items: int, workers: int, least: int) -> int:
    """Processes for a stream of items: fewer than `least` a worker are not worth starting them for."""
    return workers if items >= least * workers else 1


def _advance(progress: Progress, documents: int) -> None:
    for _ in range(documents):
        progress.file_done()
    progress.add(docs=documents)


def reextract(
    sessions: sessionmaker,
    backend: SearchBackend | None,
    tolerance: float,
    *,
    batch_size: int = 200,
    force: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
) -> int:
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
        _advance(progress, len(docs))
    analyse_pending(sessions, tolerance)
    if backend is not None:
        index_pending(sessions, backend, workers=workers)
    progress.close()
    return done


def reindex(
    sessions: sessionmaker,
    backend: SearchBackend,
    *,
    batch_size: int = 500,
    workers: int = 1,
    progress: Progress | None = None,
) -> int:
    """Rebuild the search index from the database (on Elasticsearch into a new index, then the alias swaps)."""
    with sessions() as session:
        total = session.scalar(select(func.count(Document.id)))
    progress = progress or Progress(total, label="reindex")

    rebuilt: list[int] = []

    def batches():
        for items in _segmented(sessions, true(), batch_size, _workers_for(total, workers, 2 * _DOCS_PER_TASK)):
            rebuilt.extend(i.doc_id for i in items)
            yield items
            _advance(progress, len(items))

    done = backend.rebuild(batches())
    # Only what the rebuild read is indexed: a document stored after it read that far (its own index write refused
    # while the rebuild ran) keeps indexed_at empty for the next run.
    with sessions.begin() as session:
        for k in range(0, len(rebuilt), _MARK_CHUNK):
            session.execute(
                update(Document).where(Document.id.in_(rebuilt[k : k + _MARK_CHUNK])).values(indexed_at=utcnow())
            )
    progress.close()
    return done
