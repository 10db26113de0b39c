"""Real judgments without their header, ingested as .txt files: the claims, the recited award and the court's
outcomes are stored and compared from the judgment alone, as the reader reads them, and mostly as the gold says."""

import io
from collections import Counter

from sqlalchemy import func, select

from ingest.pipeline import ingest, reextract
from nlp.eval import judgment_stages, read_jsonl
from nlp.extract import extract_document
from services.progress import Progress
from store.models import ClaimComparison, Dispute, Document, Proceeding
from tests.conftest import shared_file
from tests.ingest.texts import code_of, count_stored_right, ingest_as_files, outcome_of

SAMPLE = 12  # every seventh dev judgment


def test_judgments_ingested_as_text_are_stored_compared_and_right(ctx, tmp_path):
    rows = list(read_jsonl(shared_file("judgments.dev.jsonl")))[::7][:SAMPLE]
    ingest_as_files(ctx, tmp_path / "judgments", rows, "judgment")
    hits = Counter()
    with ctx.sessions() as s:
        for i, row in enumerate(rows):
            doc = s.scalars(select(Document).where(Document.source_path.endswith(f"judgment_{i:02d}.txt"))).one()
            ex = extract_document(row["text"])
            stored = (
                s.scalars(
                    select(ClaimComparison)
                    .where(ClaimComparison.dispute_id == doc.proceeding.dispute_id)
                    .order_by(ClaimComparison.ordinal)
                ).all()
                if doc.proceeding
                else []
            )
            # Stored as read: every claim, with the award's and the judgment's outcome from the worker's side.
            stages = judgment_stages(ex)
            assert [
                (c.claim_type, code_of(c.arbitration_outcome), code_of(c.first_instance_outcome)) for c in stored
            ] == [
                (c.claim_type, outcome_of(stages["arbitration"].get(k)), outcome_of(stages["court"].get(k)))
                for k, c in enumerate(ex.claims)
            ], row["id"]
            columns = {"arbitration_outcome": "arbitration_outcome", "court_outcome": "first_instance_outcome"}
            count_stored_right(hits, stored, row["gold"]["claims"], columns)
    # 34 of this sample's 54 stage outcomes are read right (0.63; 0.68 over the whole dev file).
    assert hits["right"] / hits["total"] >= 0.53, hits


HEADLESS = (
    "原告张伟向北京市朝阳区劳动人事争议仲裁委员会申请仲裁，要求确认劳动关系。该委裁决驳回原告的仲裁请求。原告不服，"
    "诉至本院，请求确认原告与被告存在劳动关系。本院认为，双方存在劳动关系。判决如下：确认原告与被告存在劳动关系。"
)


def test_a_reread_that_finds_a_number_leaves_no_unnumbered_proceeding_behind(ctx, tmp_path):
    folder = tmp_path / "headless"
    folder.mkdir()
    (folder / "j.txt").write_text(HEADLESS, encoding="utf-8")
    ingest([folder], ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
    with ctx.sessions() as s:
        stages = sorted((p.stage.value, p.case_number) for p in s.scalars(select(Proceeding)))
        assert stages == [("arbitration", None), ("first_instance", None)]
        assert s.scalar(select(func.count(ClaimComparison.id))) == 1
    with ctx.sessions.begin() as s:  # the text now read with its header (a later source, a better reader)
        doc = s.scalars(select(Document)).one()
        doc.text = "北京市朝阳区人民法院\n民事判决书\n（2023）京0105民初1号\n" + HEADLESS
    reextract(
        ctx.sessions,
        ctx.search,
        ctx.settings.divergence_tolerance,
        force=True,
        progress=Progress(0, stream=io.StringIO()),
    )
    with ctx.sessions() as s:
        numbers = sorted(str(p.case_number) for p in s.scalars(select(Proceeding)))
        disputes = s.scalar(select(func.count(Dispute.id)))
        comparisons = s.scalars(select(ClaimComparison)).all()
    assert numbers == ["(2023)京0105民初1号"] and disputes == 1
    assert [c.claim_type for c in comparisons] == ["确认劳动关系"]
