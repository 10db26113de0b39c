"""The comparison page, the dashboard and the export buttons, over a really ingested corpus."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from app import create_app
from store.models import AuditEvent, ClaimComparison, Party, PartyKind, Proceeding, ProceedingParty
from tests.app.web_users import signed_in


@pytest.fixture
def site(module_loaded_ctx):
    ctx = module_loaded_ctx
    app = create_app(ctx.settings)
    app.testing = True
    return app, ctx


def _divergent(ctx) -> ClaimComparison:
    with ctx.sessions() as session:
        return session.scalars(
            select(ClaimComparison).where(ClaimComparison.divergent.is_(True)).order_by(ClaimComparison.id)
        ).first()


def test_compare_page_marks_the_divergent_claim_and_its_reasons(site):
    app, ctx = site
    row = _divergent(ctx)
    page = signed_in(app, ctx, "arbitrator").get(f"/disputes/{row.dispute_id}/compare").get_data(as_text=True)
    claim_row = re.search(
        rf'<tr class="claim divergent" id="row-{row.ordinal}" data-ordinal="{row.ordinal}".*?</tr>', page, re.S
    ).group()
    assert row.claim_type in claim_row and row.divergence_type in claim_row and "分歧" in claim_row
    # The reasons are marked in the court's text, and the decisions anchored for scrolling in every stage's text.
    evidence = re.search(
        r'<mark class="evidence" id="[^"]+">(?:<span class="anchor" id="[^"]+"></span>)*'
        r"[^<]*</mark>",
        page[page.index(f'id="e{row.ordinal}-0"') - 200 :],
    )
    assert evidence and f'id="e{row.ordinal}-0"' in evidence.group()
    assert row.evidence[0]["quote"] in evidence.group()
    stages = [s for s in ("arbitration", "first_instance", "second_instance", "retrial") if s in row.decisions]
    assert len(stages) >= 2 and all(f'id="c{row.ordinal}-{s}"' in page for s in stages)
    assert page.count('class="pane"') == len(stages)
    # Each quote says who wrote it, and links to its mark.
    assert re.search(rf'<em class="body-tag">(一审|二审|再审)</em><a href="#e{row.ordinal}-0"', claim_row)


def test_compare_page_masks_for_analysts_and_keeps_the_marks(site):
    app, ctx = site
    row = _divergent(ctx)
    with ctx.sessions() as session:
        names = set(
            session.scalars(
                select(Party.name)
                .join(ProceedingParty)
                .join(Proceeding)
                .where(Party.kind == PartyKind.person, Proceeding.dispute_id == row.dispute_id)
            )
        )
    full = signed_in(app, ctx, "judge").get(f"/disputes/{row.dispute_id}/compare").get_data(as_text=True)
    page = signed_in(app, ctx, "analyst").get(f"/disputes/{row.dispute_id}/compare").get_data(as_text=True)
    assert names and any(n in full for n in names) and not any(n in page for n in names)
    assert f'id="e{row.ordinal}-0"' in page and f'id="c{row.ordinal}-arbitration"' in page


def test_unknown_dispute_is_404(site):
    app, ctx = site
    assert signed_in(app, ctx, "judge").get("/disputes/999999/compare").status_code == 404


def test_dashboard_shows_charts_and_tables_with_the_filters(site):
    app, ctx = site
    client = signed_in(app, ctx, "analyst")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "echarts.min.js" in page and 'id="chart-region"' in page and "劳动关系认定率" in page
    with ctx.sessions() as session:
        compared = session.scalar(select(ClaimComparison).where(ClaimComparison.divergent.is_not(None)).limit(1))
        total = len(session.scalars(select(ClaimComparison.id).where(ClaimComparison.divergent.is_not(None))).all())
    assert f"比对请求 {total} 项" in page
    one_mode = client.get(f"/dashboard?employment_mode={compared.employment_mode}").get_data(as_text=True)
    assert f"比对请求 {total} 项" not in one_mode or compared.employment_mode is None
    assert client.get("/dashboard?year=soon").status_code == 200  # a bad filter is said on the page, not a crash
    assert "统计条件有误" in client.get("/dashboard?year=soon").get_data(as_text=True)
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 200


@pytest.mark.parametrize("query", ["", "?claim_type=加班费", "?claim_type=加班费&claim_type=确认劳动关系&year=2023"])
def test_the_export_holds_exactly_the_claims_the_dashboard_counts(site, query):
    app, ctx = site
    client = signed_in(app, ctx, "analyst")
    page = client.get("/dashboard" + query).get_data(as_text=True)
    shown = int(re.search(r"比对请求 (\d+) 项", page).group(1))
    link = re.search(r'href="(/exports/divergences\.csv[^"]*)"', page).group(1).replace("&amp;", "&")
    rows = list(csv.reader(io.StringIO(client.get(link).get_data(as_text=True))))
    assert shown > 0 and len(rows) - 1 == shown  # one header row


def test_export_buttons_download_the_filtered_view_and_are_audited(site):
    app, ctx = site
    client = signed_in(app, ctx, "analyst")
    response = client.get("/exports/divergences.xlsx?divergent=true")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)["裁审比对"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert body and all(r[header.index("裁审分歧")] == "是" for r in body)
    coded = openpyxl.load_workbook(
        io.BytesIO(client.get("/exports/divergences.xlsx?divergent=true&codes=1").data), read_only=True
    )["divergences"]
    assert [r[list(rows[0]).index("裁审分歧")] for r in coded.iter_rows(values_only=True)][1:] == [True] * len(body)
    assert client.get("/exports/divergences.pdf").status_code == 404
    with ctx.sessions() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id.desc()))
    assert event.detail["rows"] == len(body) and event.detail["where"] == {"divergent": ["true"]}
