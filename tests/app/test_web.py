"""The search page and the document page, over a really ingested corpus."""

import io
import re

import pytest

from app import create_app
from ingest.pipeline import ingest
from services.progress import Progress
from tests.app.web_users import signed_in


@pytest.fixture(scope="module")
def loaded(module_loaded_ctx, tmp_path_factory):
    """The sample corpus and a note carrying markup, for the module's tests to read."""
    ctx = module_loaded_ctx
    hostile = tmp_path_factory.mktemp("hostile")
    (hostile / "x.txt").write_text(
        "庭审要点\n案号：京朝劳人仲字〔2023〕第99号\n<script>alert('骑手')</script> 骑手陈述", encoding="utf-8"
    )
    ingest([hostile], ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
    return ctx


@pytest.fixture
def client(loaded):
    app = create_app(loaded.settings)
    app.testing = True
    return signed_in(app, loaded, "judge")


def test_search_page_shows_highlighted_hits(client):
    page = client.get("/?q=骑手").get_data(as_text=True)
    assert "共找到" in page and "<mark>骑手</mark>" in page
    assert "<script>alert" not in page


def _hit_kinds(page: str) -> list[str]:
    """The kind shown on each hit of a results page (its meta line starts with the kind's label)."""
    return re.findall(r'<span class="meta">([^ ·<]+) ·', page)


def _total(page: str) -> int:
    return int(re.search(r'<p class="total">共找到 (\d+) 件文书', page).group(1))


def test_a_page_past_what_search_can_page_through_says_why(client):
    page = client.get("/?q=骑手&page=1001").get_data(as_text=True)  # 10 a page: past the first 10,000 results
    assert "只能翻阅前 10000 条结果" in page


def test_filter_by_kind(client):
    unfiltered = client.get("/?q=劳动关系").get_data(as_text=True)
    filtered = client.get("/?q=劳动关系&kind=arbitration_award").get_data(as_text=True)
    assert set(_hit_kinds(unfiltered)) != {"仲裁裁决书"}  # other kinds come up: the filter has work to do
    assert 0 < _total(filtered) < _total(unfiltered)
    assert set(_hit_kinds(filtered)) == {"仲裁裁决书"}


def test_document_page_escapes_text_and_shows_chain(client):
    page = client.get("/?q=骑手陈述").get_data(as_text=True)
    link = page.split('href="/documents/')[1].split('"')[0]
    doc = client.get(f"/documents/{link}").get_data(as_text=True)
    assert "&lt;script&gt;" in doc and "<script>alert" not in doc


def test_document_page_chain_links_stages(client):
    page = client.get("/?q=上诉&kind=judgment").get_data(as_text=True)
    link = page.split('href="/documents/')[1].split('"')[0]
    doc = client.get(f"/documents/{link}").get_data(as_text=True)
    assert "案件链" in doc and "仲裁" in doc and "二审" in doc


def test_document_page_shows_the_claims_compared(client, loaded):
    from sqlalchemy import select

    from store.models import ClaimComparison, Document, Proceeding

    with loaded.sessions() as session:
        row = session.scalars(select(ClaimComparison).where(ClaimComparison.divergent.is_(True))).first()
        doc_id = session.scalar(select(Document.id).join(Proceeding).where(Proceeding.dispute_id == row.dispute_id))
        quote = row.evidence[0]["quote"]
    doc = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "裁审比对" in doc and "分歧" in doc and row.divergence_type in doc and quote in doc


def test_document_page_lists_its_elements_with_their_sentences(client, loaded):
    from sqlalchemy import select

    from store.models import Document

    with loaded.sessions() as session:
        doc_id = next(d.id for d in session.scalars(select(Document).order_by(Document.id)) if "加班费" in d.text)
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    section = page.split('<section class="elements">')[1].split("</section>")[0]
    row = section.split("<td>支付加班工资</td>")[1].split("</tr>")[0]
    assert (
        "规则标注" in section and "<q data-source>" in row and "加班" in row and "LB8" not in section
    )  # no model trained here: the rules label


def test_unknown_document_is_404(client):
    assert client.get("/documents/999999").status_code == 404
