"""Similar cases and the search facets over a really ingested corpus."""

from __future__ import annotations

import io
from collections import OrderedDict

import pytest
from sqlalchemy import delete, func, select, update

from app import create_app
from ingest.pipeline import reindex
from nlp.similar import rank
from nlp.tokens import query_tokens
from services.progress import Progress
from services.similar import BadFilter, UnknownDocument, filters_from, similar_to_document, similar_to_text
from store.models import ClaimComparison, Document, Proceeding
from tests.app.web_users import form_token, signed_in


@pytest.fixture
def loaded(loaded_ctx):
    return loaded_ctx


def _dispute_of(session, doc_id):
    return session.scalar(select(Proceeding.dispute_id).join(Document).where(Document.id == doc_id))


def test_similar_to_a_document(loaded):
    with loaded.sessions() as session:
        judgment = session.scalar(select(Document.id).where(Document.kind == "judgment").order_by(Document.id))
        result = similar_to_document(session, loaded.search, judgment, limit=5)
        own = _dispute_of(session, judgment)
        disputes = [h.dispute_id for h in result.hits]
    assert len(result.hits) == 5 and own not in disputes and len(set(disputes)) == 5
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert all(h.shared_terms for h in result.hits)
    assert set(result.hits[0].shared_claim_types) & set(result.claim_types)


@pytest.mark.parametrize("full_text", [True, False])
def test_the_features_stored_at_index_time_rank_without_segmenting(loaded, monkeypatch, full_text):
    """Ingest stored each document's tokens and n-gram counts; a query reads them and segments no candidate (only
    party names and case numbers, a few characters each), and ranks as it would from the texts."""
    import services.similar as service
    from store.models import DocumentFeatures

    def ranking():
        with loaded.sessions() as session:
            judgment = session.scalar(select(Document.id).where(Document.kind == "judgment").order_by(Document.id))
            hits = similar_to_document(session, loaded.search, judgment, limit=5, full_text=full_text).hits
        return [(h.doc_id, h.similarity, h.shared_terms) for h in hits]

    segmented = []
    monkeypatch.setattr(service, "query_tokens", lambda text: segmented.append(text) or query_tokens(text))
    service._readable_tokens.cache_clear()
    stored = ranking()
    assert max(map(len, segmented), default=0) < 60
    with loaded.sessions.begin() as session:
        session.execute(delete(DocumentFeatures))
    assert ranking() == stored and max(map(len, segmented)) > 200  # without them every candidate is segmented


def _pools(monkeypatch) -> list[dict[str, tuple[str, ...]]]:
    """The tokens of each candidate every later request ranks, by document id."""
    import services.similar as service

    pools = []

    def ranking(query, pool, *args):
        pools.append({c.key: c.tokens for c in pool})
        return rank(query, pool, *args)

    monkeypatch.setattr(service, "rank", ranking)
    return pools


def test_a_document_indexed_again_is_ranked_on_its_new_features(loaded, monkeypatch):
    """Candidates' features are kept between requests until the document is indexed again: a candidate given the
    query's own features (and a new indexed_at, as indexing does) then comes first."""
    import services.similar as service
    from store.models import DocumentFeatures, utcnow

    monkeypatch.setattr(service, "_kept", OrderedDict())
    with loaded.sessions() as session:
        judgment = session.scalar(select(Document.id).where(Document.kind == "judgment").order_by(Document.id))
        last = similar_to_document(session, loaded.search, judgment, limit=10).hits[-1].matched_doc_id
    with loaded.sessions.begin() as session:
        own = session.get(DocumentFeatures, judgment)
        session.execute(
            update(DocumentFeatures)
            .where(DocumentFeatures.document_id == last)
            .values(tokens=own.tokens, grams=own.grams)
        )
        session.execute(update(Document).where(Document.id == last).values(indexed_at=utcnow()))
    pools = _pools(monkeypatch)
    with loaded.sessions() as session:
        first = similar_to_document(session, loaded.search, judgment, limit=10).hits[0]
    assert first.matched_doc_id == last and pools[0][str(last)] == tuple(own.tokens.split())


def test_full_and_masked_features_are_kept_apart(loaded, monkeypatch):
    """A reader who may not see personal data ranks the masked features, whoever asked for the same documents
    before; and the other way round."""
    import services.similar as service
    from store.models import DocumentFeatures

    with loaded.sessions() as session:
        judgment = session.scalar(select(Document.id).where(Document.kind == "judgment").order_by(Document.id))
        stored = {
            d: {True: tuple(full.split()), False: tuple(masked.split())}
            for d, full, masked in session.execute(
                select(DocumentFeatures.document_id, DocumentFeatures.tokens, DocumentFeatures.masked_tokens)
            )
        }
    for readers in ((True, False), (False, True)):
        monkeypatch.setattr(service, "_kept", OrderedDict())
        pools = _pools(monkeypatch)
        with loaded.sessions() as session:
            for full_text in readers:
                similar_to_document(session, loaded.search, judgment, full_text=full_text)
        for full_text, pool in zip(readers, pools):
            assert pool == {key: stored[int(key)][full_text] for key in pool}
        assert any(stored[int(key)][True] != stored[int(key)][False] for key in pools[1])  # names were masked


def test_similar_to_pasted_text_reads_claims_and_factors(loaded):
    text = "外卖骑手由配送站点排班考勤，迟到罚款，现请求确认劳动关系并支付加班费。"
    with loaded.sessions() as session:
        result = similar_to_text(session, loaded.search, text, limit=3)
    assert set(result.claim_types) == {"确认劳动关系", "加班费"}
    assert {"attendance", "penalties"} <= set(result.factors)
    assert result.hits and "外卖骑手" in result.hits[0].shared_terms  # a domain word (nlp.tokens), kept whole
    assert set(result.hits[0].shared_claim_types) == {"确认劳动关系", "加班费"}


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda s, b: similar_to_document(s, b, 10**9), UnknownDocument),
        (lambda s, b: similar_to_text(s, b, "   "), ValueError),
    ],
)
def test_bad_similar_requests(loaded, call, error):
    with loaded.sessions() as session, pytest.raises(error):
        call(session, loaded.search)


def test_divergence_facet_agrees_with_the_comparisons(loaded):
    with loaded.sessions() as session:
        divergent = set(session.scalars(select(ClaimComparison.dispute_id).where(ClaimComparison.divergent.is_(True))))
        hits = loaded.search.search("", filters={"divergent": "yes"}, limit=10_000).hits
        found = {_dispute_of(session, h.doc_id) for h in hits}
    assert found and found == divergent


def test_reindex_keeps_the_facets(loaded):
    before = loaded.search.search("", facets=True).facets
    assert reindex(loaded.sessions, loaded.search, progress=Progress(0, stream=io.StringIO())) > 0
    assert loaded.search.search("", facets=True).facets == before


def test_similar_page(loaded):
    client = signed_in(create_app(loaded.settings), loaded, "arbitrator")
    with loaded.sessions() as session:
        doc_id = session.scalar(select(Document.id).where(Document.kind == "arbitration_award"))
    page = client.get(f"/similar?doc_id={doc_id}").get_data(as_text=True)
    assert "相似之处" in page and "相同请求" in page
    token = form_token(page)
    pasted = client.post(
        "/similar", data={"text": "<script>x</script>网约车司机 请求确认劳动关系", "csrf_token": token}
    ).get_data(as_text=True)
    assert "<script>x" not in pasted and "&lt;script&gt;" in pasted
    assert client.get("/similar?doc_id=999999").status_code == 404
    search = client.get("/?q=骑手&claim_type=加班费").get_data(as_text=True)
    assert 'name="claim_type" value="加班费"' in search and "checked" in search


def test_similar_page_takes_an_uploaded_file(loaded, tmp_path):
    import docx

    client = signed_in(create_app(loaded.settings), loaded, "judge")
    token = form_token(client.get("/similar").get_data(as_text=True))
    document = docx.Document()
    document.add_paragraph("外卖骑手由站点排班考勤，迟到罚款。现请求确认劳动关系并支付加班费。")
    path = tmp_path / "案情.docx"
    document.save(path)
    page = client.post(
        "/similar",
        data={"csrf_token": token, "file": (path.open("rb"), "案情.docx")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "相同请求" in page and "加班费" in page
    junk = client.post(
        "/similar",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 broken"), "x.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "无法读取文件“x.pdf”" in junk


def test_dispute_timeline(loaded):
    client = signed_in(create_app(loaded.settings), loaded, "analyst")
    with loaded.sessions() as session:
        dispute_id, kinds = session.execute(
            select(Proceeding.dispute_id, func.count())
            .join(Document)
            .group_by(Proceeding.dispute_id)
            .order_by(func.count().desc())
        ).first()
        links = session.scalars(select(Document.id).join(Proceeding).where(Proceeding.dispute_id == dispute_id)).all()
    page = client.get(f"/disputes/{dispute_id}").get_data(as_text=True)
    assert "仲裁" in page and all(f"/documents/{d}" in page for d in links)
    assert client.get("/disputes/999999").status_code == 404


def test_masked_readers_neither_see_nor_find_by_names(loaded):
    from store.models import Party, PartyKind

    with loaded.sessions() as session:
        names = [n for n in session.scalars(select(Party.name).where(Party.kind == PartyKind.person)) if len(n) == 3]
        facts = "外卖骑手请求确认劳动关系并支付加班费，平台派单，站点考勤。"
        text = "、".join(names[:5]) + "：" + facts
        full = similar_to_text(session, loaded.search, text, limit=10)
        masked = similar_to_text(session, loaded.search, text, limit=10, full_text=False)
        nameless = similar_to_text(session, loaded.search, facts, limit=10, full_text=False)

    def named(result) -> set[str]:
        return {t for h in result.hits for t in h.shared_terms if any(t in n for n in names)}

    assert not named(full) and not named(masked)  # a party's name is no reason, whoever reads
    # ...nor do the names bring a masked reader any hit: they weigh nothing in the masked texts
    assert [h.doc_id for h in masked.hits] == [h.doc_id for h in nameless.hits]


def _decisions(session, dispute_id) -> dict[int, str]:
    return dict(
        session.execute(
            select(Document.id, Document.kind).join(Proceeding).where(Proceeding.dispute_id == dispute_id)
        ).all()
    )


def test_a_hearing_note_finds_the_awards_and_judgments_of_similar_disputes(loaded):
    with loaded.sessions() as session:
        note = session.scalar(select(Document.id).where(Document.kind == "hearing_note").order_by(Document.id))
        result = similar_to_document(session, loaded.search, note, limit=8)
        kinds = {h.dispute_id: _decisions(session, h.dispute_id) for h in result.hits}
    assert len({h.dispute_id for h in result.hits}) == len(result.hits) == 8  # each dispute once
    for h in result.hits:
        decisions = [s for s in h.stages if s.kind in ("arbitration_award", "judgment", "ruling")]
        if decisions:  # led by its final decision, not by the note that matched
            assert (h.doc_id, h.stage, h.case_number) == (
                decisions[-1].doc_id,
                decisions[-1].stage,
                decisions[-1].case_number,
            )
        assert {s.doc_id for s in h.stages if s.doc_id} <= set(kinds[h.dispute_id])
    stage_kinds = [{s.kind for s in h.stages} for h in result.hits]
    assert any({"arbitration_award", "judgment"} <= k for k in stage_kinds)
    assert all(0 <= h.similarity <= 100 for h in result.hits)
    assert [h.similarity for h in result.hits] == sorted((h.similarity for h in result.hits), reverse=True)


def test_each_shared_issue_shows_the_award_and_the_courts_outcome(loaded):
    with loaded.sessions() as session:
        judgment = session.scalar(select(Document.id).where(Document.kind == "judgment").order_by(Document.id))
        result = similar_to_document(session, loaded.search, judgment, limit=10)
        rows = {(c.dispute_id, c.claim_type): c for c in session.scalars(select(ClaimComparison))}
    shown = [(h, o) for h in result.hits for o in h.outcomes]
    assert shown
    for h, o in shown:
        assert o.claim_type in h.shared_claim_types
        row = rows[(h.dispute_id, o.claim_type)]
        assert o.arbitration_outcome == (row.arbitration_outcome.value if row.arbitration_outcome else None)
        assert o.divergent == row.divergent
        court = getattr(row, f"{o.court_stage}_outcome") if o.court_stage else None
        assert o.court_outcome == (court.value if court else None)
    assert any(o.court_outcome and o.arbitration_outcome for _, o in shown)


@pytest.mark.parametrize(
    "values, holds",
    [
        ({"province": "广东省"}, lambda doc, p: p.province == "广东省"),
        (
            {"year_from": "2021", "year_to": "2022"},
            lambda doc, p: p.decision_date and 2021 <= p.decision_date.year <= 2022,
        ),
        (
            {"employment_mode": "专送"},
            lambda doc, p: (doc.extraction or {}).get("gig", {}).get("employment_mode") == "专送",
        ),
        (
            {"outcome": "rejected"},
            lambda doc, p: any(
                o.outcome.value == "rejected" for c in doc.claims for o in c.outcomes if o.proceeding_id == p.id
            ),
        ),
    ],
)
def test_filters_keep_only_matching_disputes(loaded, values, holds):
    from sqlalchemy.orm import selectinload

    from store.models import Claim

    text = "外卖骑手由配送站点排班考勤，迟到罚款，请求确认劳动关系并支付加班费、经济补偿。"
    with loaded.sessions() as session:
        everything = similar_to_text(session, loaded.search, text, limit=20)
        result = similar_to_text(session, loaded.search, text, limit=20, filters=filters_from(values))
        docs = {
            d.id: d
            for d in session.scalars(
                select(Document)
                .where(Document.id.in_([h.matched_doc_id for h in result.hits]))
                .options(selectinload(Document.proceeding), selectinload(Document.claims).selectinload(Claim.outcomes))
            )
        }
        assert result.hits and [h.dispute_id for h in result.hits] != [h.dispute_id for h in everything.hits]
        assert all(holds(docs[h.matched_doc_id], docs[h.matched_doc_id].proceeding) for h in result.hits)
    assert result.filters.labels()


@pytest.mark.parametrize(
    "values, field",
    [
        ({"year_from": "二〇二一"}, "year_from"),
        ({"year_from": "2023", "year_to": "2021"}, "year_from"),
        ({"year_to": "1800"}, "year_to"),
        ({"outcome": "won"}, "outcome"),
        ({"court": "x"}, "court"),
    ],
)
def test_bad_filters_name_the_field(values, field):
    with pytest.raises(BadFilter) as caught:
        filters_from(values)
    assert caught.value.field == field


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _screen(page: str) -> list[tuple[str, list[list[str]]]]:
    """Each hit on the similar-case page: its case number and its shared issues' rows as shown."""
    import re
    from html import unescape

    hits = re.findall(r'<li class="hit" data-case-number="([^"]*)">(.*?)</li>', page, re.S)
    return [
        (
            unescape(number),
            [
                [unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]
            ],
        )
        for number, body in hits
    ]


def test_the_report_holds_every_hit_and_its_outcomes_as_shown_on_screen(loaded):
    from store.models import AuditEvent

    client = signed_in(create_app(loaded.settings), loaded, "judge")
    token = form_token(client.get("/similar").get_data(as_text=True))
    text = "外卖骑手由配送站点排班考勤，迟到罚款，请求确认劳动关系并支付加班费、经济补偿。"
    form = {"csrf_token": token, "text": text, "year_from": "2019"}
    screen = _screen(client.post("/similar", data=form).get_data(as_text=True))
    assert screen and any(rows for _, rows in screen)
    response = client.post("/similar/report", data={**form, "format": "docx"})
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    report = _docx_text(response.data)
    for number, rows in screen:
        assert (number or "（无案号）") in report
        for row in rows:
            assert all(cell in report for cell in row), row
    assert all(words in report for words in ("类案检索报告", "检索人", "检索平台", "检索结论", "年份：2019–"))
    printed = client.post("/similar/report", data={**form, "format": "print"}).get_data(as_text=True)
    assert all(number in printed for number, _ in screen) and "检索结论" in printed
    with loaded.sessions() as session:
        events = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "similar_report")).all()
    assert [e["format"] for e in events] == ["docx", "print"]


def test_the_report_conclusion_counts_each_issue(loaded):
    from datetime import datetime

    from services.similar_report import similar_report

    with loaded.sessions() as session:
        judgment = session.scalar(select(Document.id).where(Document.kind == "judgment").order_by(Document.id))
        report = similar_report(
            session,
            loaded.search,
            searched_by="测试",
            searched_at=datetime(2026, 1, 2, 3, 4),
            full_text=True,
            doc_id=judgment,
            limit=10,
        )
    for c in report.conclusions:
        rows = [o for h in report.result.hits for o in h.outcomes if o.claim_type == c.claim_type]
        assert sum(c.arbitration.values()) == sum(o.arbitration_outcome is not None for o in rows)
        assert sum(c.court.values()) == sum(o.court_outcome is not None for o in rows)
        assert c.divergent == sum(bool(o.divergent) for o in rows)
        assert set(c.divergent_cases) == {
            h.case_number or "（无案号）"
            for h in report.result.hits
            for o in h.outcomes
            if o.claim_type == c.claim_type and o.divergent
        }
        assert all(number in c.sentence() for number in c.divergent_cases)
        for majority, counts in ((c.arbitration_majority, c.arbitration), (c.court_majority, c.court)):
            assert majority is None or 2 * counts[majority] > sum(counts.values())
        assert c.claim_type in c.sentence()
    assert report.conclusions and any(c.cases for c in report.conclusions)
    assert any(c.divergent_cases for c in report.conclusions)


@pytest.mark.parametrize(
    "stage, kind, label",
    [
        ("arbitration", "arbitration_award", "仲裁裁决书"),
        ("first_instance", "judgment", "一审判决书"),
        ("second_instance", "ruling", "二审裁定书"),
        (None, "judgment", "判决书"),
    ],
)
def test_decision_labels(stage, kind, label):
    from wording.labels import decision_label

    assert decision_label(stage, kind) == label


def test_the_page_offers_the_corpus_values_and_keeps_the_filters(loaded):
    client = signed_in(create_app(loaded.settings), loaded, "judge")
    with loaded.sessions() as session:
        province = session.scalar(select(Proceeding.province).where(Proceeding.province.is_not(None)))
    page = client.get("/similar").get_data(as_text=True)
    assert '<datalist id="similar-province">' in page and f'<option value="{province}">' in page
    token = form_token(page)
    shown = client.post(
        "/similar",
        data={"csrf_token": token, "text": "外卖骑手请求确认劳动关系", "province": province, "year_from": "2020"},
    ).get_data(as_text=True)
    assert f'name="province" list="similar-province" value="{province}"' in shown and "筛选：地区 " + province in shown
    bad = client.post("/similar", data={"csrf_token": token, "text": "骑手", "year_from": "去年"}).get_data(
        as_text=True
    )
    assert "筛选条件有误：起始年份" in bad


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("骑手\x00排班\x19考勤", "骑手排班考勤"),
        ("加班费\ud800", "加班费"),
        ("第一行\n第二行\t制表", "第一行\n第二行\t制表"),
    ],
)
def test_report_text_is_what_xml_can_hold(raw, kept):
    from services.similar_report import xml_safe

    assert xml_safe(raw) == kept
