"""The ingest pipeline on SQLite and PostgreSQL: complete, idempotent, chains right, bad input quarantined."""

import io
import json
import re
import shutil
from collections import defaultdict

from sqlalchemy import func, select, update

from ingest.pipeline import ingest, reindex
from nlp.casenumber import find_case_numbers
from search.embedded import EmbeddedBackend
from services.progress import Progress
from store.models import Document, DocumentKind, IngestRun, Proceeding, QuarantinedFile, RunStatus


def run(ctx, paths):
    return ingest(paths, ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))


def truth(corpus):
    return [json.loads(line) for line in (corpus / ".truth.jsonl").open(encoding="utf-8")]


def expected_documents(corpus) -> int:
    return sum(len(t["documents"]) for t in truth(corpus))


def count(ctx, column):
    with ctx.sessions() as s:
        return s.scalar(select(func.count(column)))


def chain_accuracy(ctx, disputes) -> float:
    """Share of generated disputes whose case numbers all sit in one stored dispute of their own."""
    with ctx.sessions() as s:
        by_number = dict(s.execute(select(Proceeding.case_number, Proceeding.dispute_id)).all())
    owners = {}
    for t in disputes:
        ids = {by_number.get(find_case_numbers(n)[0].normalised) for n in t["case_numbers"].values()}
        if len(ids) == 1 and None not in ids:
            owners.setdefault(ids.pop(), []).append(t["dispute"])
    right = sum(1 for members in owners.values() if len(members) == 1)
    return right / len(disputes)


def test_sample_corpus_complete_idempotent_and_linked(ctx, sample_corpus):
    expected = sum(len(t["documents"]) for t in truth(sample_corpus))
    first = run(ctx, [sample_corpus])
    assert (first.documents_read, first.documents_new, first.quarantined) == (expected, expected, [])
    assert set(first.by_format) == {"txt", "docx", "html", "pdf", "jsonl", "xlsx"}
    assert first.indexed == expected == ctx.search.count() == count(ctx, Document.id)
    assert chain_accuracy(ctx, truth(sample_corpus)) >= 0.98

    second = run(ctx, [sample_corpus])
    assert (second.documents_new, second.documents_existing, second.indexed) == (0, expected, 0)
    assert count(ctx, Document.id) == expected == ctx.search.count()
    with ctx.sessions() as s:
        runs = s.scalars(select(IngestRun).order_by(IngestRun.id)).all()
    assert [(r.status, r.documents_new) for r in runs] == [(RunStatus.completed, expected), (RunStatus.completed, 0)]
    assert runs[0].report["documents_new"] == expected


def test_out_of_order_arrival_completes_chains(ctx, sample_corpus, tmp_path):
    """Judgments and execution records first, awards and notes later: links complete when the rest arrives."""
    later, early = tmp_path / "later", tmp_path / "early"
    later.mkdir(), early.mkdir()
    for f in (sample_corpus / "documents").iterdir():
        shutil.copy(f, (early if "judgment" in f.name else later) / f.name)
    shutil.copy(sample_corpus / "execution_records.jsonl", early)
    shutil.copy(sample_corpus / "mediation_records.xlsx", later)
    run(ctx, [early])
    run(ctx, [later])
    assert chain_accuracy(ctx, truth(sample_corpus)) >= 0.98


def test_bad_files_quarantined_good_ones_all_arrive(ctx, sample_corpus, tmp_path):
    mixed = tmp_path / "mixed"
    shutil.copytree(sample_corpus / "documents", mixed)
    good = len(list(mixed.iterdir()))
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "junk.txt").write_bytes(bytes(range(256)) * 50)
    (mixed / "broken.docx").write_bytes(b"PK\x03\x04broken")
    (mixed / "scan.pdfx").write_bytes(b"%PDF")
    (mixed / "rows.jsonl").write_text(
        '{"text": "调解笔录\\n案号：京朝劳人仲字〔2023〕第1号"}\n{oops\n', encoding="utf-8"
    )
    report = run(ctx, [mixed])
    assert report.documents_new == good + 1
    reasons = {
        q["path"].rsplit("/", 1)[-1] + (f"#{q['member']}" if q["member"] else ""): q["reason"]
        for q in report.quarantined
    }
    assert set(reasons) == {"empty.txt", "junk.txt", "broken.docx", "scan.pdfx", "rows.jsonl#line 2"}
    with ctx.sessions() as s:
        stored = {(q.path.rsplit("/", 1)[-1], q.reason) for q in s.scalars(select(QuarantinedFile))}
    assert ("empty.txt", "empty file") in stored and len(stored) == 5


def test_index_failure_keeps_documents_and_reindex_repairs(ctx, sample_corpus):
    holder = EmbeddedBackend(ctx.settings.index_dir)
    lock = holder._index.writer(15_000_000, 1)  # another process writing: the index is locked
    try:
        report = run(ctx, [sample_corpus / "documents"])
    finally:
        del lock
    assert report.documents_new > 0 and report.indexed == 0
    assert report.index_errors and "locked" in report.index_errors[0]
    assert count(ctx, Document.id) == report.documents_new
    assert reindex(ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO())) == report.documents_new
    assert ctx.search.count() == report.documents_new


def test_reindex_marks_only_what_it_rebuilt(ctx, sample_corpus):
    run(ctx, [sample_corpus / "documents"])

    class StoredMeanwhile:  # a document stored after the rebuild read the table; its own index write was refused
        def rebuild(self, batches):
            n = ctx.search.rebuild(batches)
            with ctx.sessions.begin() as s:
                s.add(
                    Document(
                        sha256="0" * 64,
                        kind=DocumentKind.judgment,
                        title="新",
                        text="新文书",
                        source_path="x",
                        source_format="txt",
                        extractor_version="test",
                    )
                )
            return n

    stored = count(ctx, Document.id)
    assert reindex(ctx.sessions, StoredMeanwhile(), progress=Progress(0, stream=io.StringIO())) == stored
    with ctx.sessions() as s:
        assert s.scalar(select(func.count(Document.id)).where(Document.indexed_at.is_(None))) == 1


def test_plain_progress_lines_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(3, stream=out, interactive=False)
    progress.file_done()
    progress.add(docs=2, quarantined=1)
    progress.close()
    assert re.fullmatch(r"导入：1/3 个文件，2 篇文书（每秒 [\d.]+），隔离 1 个\n", out.getvalue()), out.getvalue()


def test_summary_counts_match_the_truth(loaded_ctx, sample_corpus):
    from services.corpus import summary

    ctx = loaded_ctx  # the sample corpus ingested as run() does, once a session (conftest._sample_ingested)
    disputes = truth(sample_corpus)
    with ctx.sessions() as s:
        got = summary(s)
    assert got["disputes"] == len(disputes)
    assert got["disputes_with_court_stage"] == sum(1 for t in disputes if "first_instance" in t["case_numbers"])
    assert got["documents"] == sum(len(t["documents"]) for t in disputes)
    truth_divergent = sum(1 for t in disputes for c in t["claims"] if c["divergence"])
    assert abs(got["divergence"]["claims_divergent"] - truth_divergent) <= max(1, truth_divergent // 20)
    assert sum(got["divergence"]["by_type"].values()) == got["divergence"]["claims_divergent"]


def test_claims_and_outcomes_are_stored_per_stage(loaded_ctx, sample_corpus):
    """Each generated claim's outcome at each stage is in the database, from the stage's own document and every
    recital of it alike."""
    from store.models import Claim, ClaimOutcome

    ctx = loaded_ctx  # the sample corpus ingested as run() does, once a session
    with ctx.sessions() as s:
        rows = s.execute(
            select(Proceeding.case_number, Claim.ordinal, Claim.claim_type, ClaimOutcome.outcome)
            .join(ClaimOutcome, ClaimOutcome.proceeding_id == Proceeding.id)
            .join(Claim, Claim.id == ClaimOutcome.claim_id)
        ).all()
    # Every reading of a stage's claim, its own document's and recitals in later ones, stored as the worker's claim
    # fared (an employer's 不存在劳动关系 request granted is the worker's claim rejected).
    stored = defaultdict(set)
    for number, ordinal, t, outcome in rows:
        stored[(number, ordinal)].add((t, outcome.value))
    expected = 0
    for t in truth(sample_corpus):
        for stage, outcomes_of in (("arbitration", "arbitration"), ("first_instance", "first_instance")):
            if stage not in t["case_numbers"]:
                continue
            number = find_case_numbers(t["case_numbers"][stage])[0].normalised
            for i, c in enumerate(t["claims"], 1):
                expected += 1
                assert stored[(number, i)] == {(c["type"], c["outcomes"][outcomes_of]["outcome"])}, (number, i)
    assert expected > 100


def test_gig_context_is_stored_with_each_document(ctx, sample_corpus):
    run(ctx, [sample_corpus / "documents"])
    disputes = {t["case_numbers"]["arbitration"]: t for t in truth(sample_corpus)}
    with ctx.sessions() as s:
        awards = s.scalars(select(Document).where(Document.kind == "arbitration_award")).all()
        checked = 0
        for doc in awards:
            t = disputes[doc.proceeding.case_number_raw]
            gig = doc.extraction["gig"]
            assert gig["platform_work"] and gig["occupation"] == t["occupation"].replace("货车司机", "网约货车司机")
            assert gig["employment_mode"] == t["employment_mode"], doc.source_path
            assert all(doc.text[f["start"] : f["end"]] == f["text"] for f in gig["factors"])
            checked += 1
    assert checked == len(disputes)


def test_reextract_recomputes_what_an_older_extractor_read(loaded_ctx):
    from ingest.pipeline import reextract
    from store.models import Claim, ClaimOutcome

    ctx = loaded_ctx  # its own copy of the sample corpus ingested as run() does
    with ctx.sessions() as s:
        before = s.scalar(select(func.count(Claim.id))), s.scalar(select(func.count(ClaimOutcome.id)))
    with ctx.sessions.begin() as s:  # as if an older extractor had read half the documents, and read them badly
        s.execute(update(Document).where(Document.id % 2 == 0).values(extractor_version="0.0.1", kind="other"))
        for claim in s.scalars(select(Claim).join(Document).where(Document.id % 2 == 0)):
            s.delete(claim)
    assert (
        reextract(
            ctx.sessions, ctx.search, ctx.settings.divergence_tolerance, progress=Progress(0, stream=io.StringIO())
        )
        == count(ctx, Document.id) // 2
    )
    with ctx.sessions() as s:
        after = s.scalar(select(func.count(Claim.id))), s.scalar(select(func.count(ClaimOutcome.id)))
        assert s.scalar(select(func.count(Document.id)).where(Document.kind == "other")) == 0
    assert after == before
    assert (
        reextract(
            ctx.sessions, ctx.search, ctx.settings.divergence_tolerance, progress=Progress(0, stream=io.StringIO())
        )
        == 0
    )
    assert ctx.search.count() == count(ctx, Document.id)
    # Read again in full: every document's claims and outcomes replaced, none doubled.
    reextract(
        ctx.sessions,
        ctx.search,
        ctx.settings.divergence_tolerance,
        force=True,
        progress=Progress(0, stream=io.StringIO()),
    )
    with ctx.sessions() as s:
        assert (s.scalar(select(func.count(Claim.id))), s.scalar(select(func.count(ClaimOutcome.id)))) == before
