"""Published typical cases, ingested as .txt files: each is stored as a case report standing for the last decision
it tells, with the award it recites, so its claims are compared like a judgment's and mostly as the gold says."""

import re
from collections import Counter

from sqlalchemy import select

from app import create_app
from nlp.eval import judgment_stages, read_jsonl
from nlp.extract import extract_document
from store.models import ClaimComparison, Document, DocumentKind
from tests.app.web_users import signed_in
from tests.conftest import shared_file
from tests.ingest.texts import code_of, count_stored_right, ingest_as_files, outcome_of


def test_typical_cases_are_stored_as_case_reports_and_compared(ctx, tmp_path):
    rows = list(read_jsonl(shared_file("typical_cases.dev.jsonl")))[::6]
    ingest_as_files(ctx, tmp_path / "cases", rows, "case")
    hits: Counter = Counter()
    with ctx.sessions() as s:
        for i, row in enumerate(rows):
            doc = s.scalars(select(Document).where(Document.source_path.endswith(f"case_{i:02d}.txt"))).one()
            ex = extract_document(row["text"])
            assert doc.kind == DocumentKind(ex.kind)
            if ex.kind != "case_report" or not ex.outcomes:
                continue
            hits["reports"] += 1
            court = f"{ex.stage}_outcome"
            stored = s.scalars(
                select(ClaimComparison)
                .where(ClaimComparison.dispute_id == doc.proceeding.dispute_id)
                .order_by(ClaimComparison.ordinal)
            ).all()
            stages = judgment_stages(ex)
            own = "arbitration" if ex.stage == "arbitration" else "court"
            # Stored as read: the report's own outcomes at the stage it ends at, the award it recites.
            assert [(c.claim_type, code_of(getattr(c, court))) for c in stored] == [
                (c.claim_type, outcome_of(stages[own].get(k))) for k, c in enumerate(ex.claims)
            ], row["id"]
            if own == "court":
                assert [code_of(c.arbitration_outcome) for c in stored] == [
                    outcome_of(stages["arbitration"].get(k)) for k in range(len(ex.claims))
                ], row["id"]
            columns = {"arbitration_outcome": "arbitration_outcome"}
            if own == "court":
                columns["court_outcome"] = court
            count_stored_right(hits, stored, row["gold"]["claims"], columns)
    # Of this sample's 14 cases all are reports telling outcomes; 24 of their 26 stage outcomes are stored right.
    assert hits["reports"] >= 12, hits
    assert hits["right"] / hits["total"] >= 0.85, hits
    # Shown as reports, their missing numbers said in words.
    with ctx.sessions() as s:
        doc = s.scalars(select(Document).where(Document.kind == DocumentKind.case_report).order_by(Document.id)).first()
        dispute = doc.proceeding.dispute_id
    app = create_app(ctx.settings)
    client = signed_in(app, ctx, "judge")
    for url in (f"/documents/{doc.id}", f"/disputes/{dispute}", f"/disputes/{dispute}/compare"):
        page = client.get(url)
        shown = re.sub(r"<[^>]+>", " ", page.get_data(as_text=True))
        assert page.status_code == 200 and "无案号" in shown and "None" not in shown, url
    assert "案例报道" in client.get(f"/documents/{doc.id}").get_data(as_text=True)
