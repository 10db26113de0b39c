"""Match score, portrait, warnings and saved searches as users reach them: the dispute page's what-if form, the
portrait and warning pages, subscribing to a search, and the same through the API."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app import create_app
from ingest.pipeline import ingest
from ingest.sample.side import generate_side_data
from ingest.side import load_side
from services.progress import Progress
from store.models import Dispute, Party, PartyKind, Proceeding, ProceedingParty
from tests.app.test_api import token
from tests.app.web_users import form_token, signed_in


def _quiet():
    return Progress(0, stream=io.StringIO())


@pytest.fixture
def site(loaded_ctx, tmp_path):
    ctx = loaded_ctx
    load_side(
        generate_side_data(tmp_path / "side", seed=2), ctx.sessions, ctx.settings.max_file_bytes, progress=_quiet()
    )
    app = create_app(ctx.settings)
    app.testing = True
    return app, ctx


def _dispute_with_person(ctx) -> tuple[int, str]:
    """A dispute whose documents speak of labor-relation factors, and a natural person party to it."""
    with ctx.sessions() as session:
        for dispute_id, name in session.execute(
            select(Dispute.id, Party.name)
            .join(Proceeding, Proceeding.dispute_id == Dispute.id)
            .join(ProceedingParty, ProceedingParty.proceeding_id == Proceeding.id)
            .join(Party, Party.id == ProceedingParty.party_id)
            .where(Party.kind == PartyKind.person)
            .order_by(Dispute.id)
        ):
            texts = [d.text for p in session.get(Dispute, dispute_id).proceedings for d in p.documents]
            if any(name in t and ("考勤" in t or "派单" in t or "罚款" in t) for t in texts):
                return dispute_id, name
    raise AssertionError("the sample corpus has no dispute with factors and a named person")


def _score(page: str) -> float:
    return float(page.split('class="score band-', 1)[1].split(">", 1)[1].split("<", 1)[0])


def test_dispute_page_scores_and_what_if_moves_the_score(site):
    app, ctx = site
    client = signed_in(app, ctx, "judge")
    dispute_id, _ = _dispute_with_person(ctx)
    page = client.get(f"/disputes/{dispute_id}").get_data(as_text=True)
    assert "劳动关系匹配度" in page and "假设分析" in page
    base = _score(page)
    everything_free = {
        "management": "no",
        "attendance": "no",
        "penalties": "no",
        "refuse_orders": "yes",
        "pay": "no",
        "price_setting": "worker",
        "hours_per_day": "2",
    }
    freer = client.get(f"/disputes/{dispute_id}", query_string=everything_free).get_data(as_text=True)
    assert _score(freer) < base
    assert "假设设定" in freer and 'value="worker" selected' in freer
    bad = client.get(f"/disputes/{dispute_id}?hours_per_day=lots")
    assert bad.status_code == 200 and "假设条件有误" in bad.get_data(as_text=True)


def test_score_cues_are_masked_for_analysts_and_hidden_from_admins(site):
    app, ctx = site
    dispute_id, name = _dispute_with_person(ctx)
    analyst = signed_in(app, ctx, "analyst").get(f"/disputes/{dispute_id}").get_data(as_text=True)
    section = analyst.split('id="score"', 1)[1]
    assert "劳动关系匹配度" in analyst and name not in section
    admin = signed_in(app, ctx, "admin").get(f"/disputes/{dispute_id}").get_data(as_text=True)
    assert "劳动关系匹配度" not in admin


def test_portrait_and_warning_pages(site):
    app, ctx = site
    client = signed_in(app, ctx, "analyst")
    portrait = client.get("/portrait?by=platform").get_data(as_text=True)
    assert "闪达" in portrait and "每千人投诉" in portrait
    assert client.get("/portrait?by=region&year=2024").status_code == 200
    assert client.get("/portrait?by=nothing").status_code == 400
    warnings = client.get("/warnings").get_data(as_text=True)
    assert "途运·上海市" in warnings  # the generator's underpaid platform and region
    judge = signed_in(app, ctx, "judge")
    assert judge.get("/warnings").status_code == 200


def test_a_saved_search_reports_new_documents_once(site, tmp_path):
    app, ctx = site
    client = signed_in(app, ctx, "judge")
    search = client.get("/?q=骑手").get_data(as_text=True)
    assert "保存并订阅新案例" in search
    saved = client.post("/saved", data={"csrf_token": form_token(search), "name": "骑手案件", "q": "骑手"})
    assert saved.status_code == 302
    page = client.get("/saved").get_data(as_text=True)
    assert "骑手案件" in page and "0 件新文书" in page
    # A new award about a rider arrives.
    new = tmp_path / "new" / "award.txt"
    new.parent.mkdir()
    new.write_text(
        "北京市朝阳区劳动人事争议仲裁委员会\n仲 裁 裁 决 书\n京朝劳人仲字〔2025〕第9999号\n"
        "申请人：测试骑手。\n被申请人：闪达网络科技有限公司。\n仲裁请求：1.确认劳动关系。\n"
        "本委认为，骑手接受平台派单管理。\n裁决如下：\n一、确认申请人与被申请人存在劳动关系。\n",
        encoding="utf-8",
    )
    ingest([new.parent], ctx.settings, ctx.sessions, ctx.search, progress=_quiet())
    page = client.get("/saved").get_data(as_text=True)
    assert "1 件新文书" in page
    saved_id = int(page.split("/saved/", 1)[1].split("/", 1)[0])
    seen = client.post(f"/saved/{saved_id}/seen", data={"csrf_token": form_token(page)})
    assert seen.status_code == 302 and "q=" in seen.headers["Location"]
    assert "0 件新文书" in client.get("/saved").get_data(as_text=True)
    # Another user cannot mark or delete it; a forged form is refused.
    other = signed_in(app, ctx, "judge")
    other_page = other.get("/saved").get_data(as_text=True)
    assert other.post(f"/saved/{saved_id}/delete", data={"csrf_token": form_token(other_page)}).status_code == 404
    assert client.post(f"/saved/{saved_id}/delete", data={"csrf_token": "forged"}).status_code == 400
    assert "骑手案件" not in other_page


def test_api_match_score(site):
    app, ctx = site
    client = app.test_client()
    headers = token(client, ctx, "arbitrator")
    dispute_id, _ = _dispute_with_person(ctx)
    read = client.get(f"/api/v1/match-score?dispute_id={dispute_id}", headers=headers).get_json()
    assert read["band"] in ("labor", "incomplete", "civil") and read["factors"]
    if 0 < read["score"] < 100:
        assert read["score"] == pytest.approx(50 + sum(f["points"] for f in read["factors"]), abs=0.1)
    freer = client.get(
        f"/api/v1/match-score?dispute_id={dispute_id}&refuse_orders=yes&attendance=no&management=no", headers=headers
    ).get_json()
    assert freer["score"] < read["score"] and freer["changes"]["refuse_orders"] == "yes"
    given = client.post(
        "/api/v1/match-score",
        headers=headers,
        json={"inputs": {"hours_per_day": 11, "orders_per_day": 40, "attendance": "yes", "penalties": "yes"}},
    ).get_json()
    assert given["band"] == "labor"
    text = client.post(
        "/api/v1/match-score", headers=headers, json={"text": "主播直播时间由其自主决定，收益按比例分成。"}
    )
    assert text.get_json()["band"] != "labor"


_BAD_REQUESTS = [  # method, route, body, status, field named
    ("get", "/api/v1/match-score", None, 400, "dispute_id"),
    ("get", "/api/v1/match-score?dispute_id=999999", None, 404, "dispute_id"),
    ("get", "/api/v1/match-score?dispute_id=1&hours_per_day=lots", None, 400, "inputs"),
    ("post", "/api/v1/match-score", {"inputs": {"overtime": "yes"}}, 400, "inputs"),
    ("post", "/api/v1/match-score", {"inputs": {"hours_per_day": [1]}}, 400, "inputs"),
    ("post", "/api/v1/match-score", {"dispute_id": True}, 400, "dispute_id"),
    ("post", "/api/v1/match-score", {"text": ""}, 400, "text"),
    ("post", "/api/v1/match-score", {}, 400, None),
    ("get", "/api/v1/portrait?by=nothing", None, 400, "by"),
    ("get", "/api/v1/portrait?year=20", None, 400, "year"),
    ("get", "/api/v1/warnings?include_resolved=maybe", None, 400, "include_resolved"),
    ("post", "/api/v1/saved-searches", {"name": "x", "filters": {"nothing": ["a"]}}, 400, None),
    ("post", "/api/v1/saved-searches", {"name": "", "query": "骑手"}, 400, None),
    ("post", "/api/v1/saved-searches", {"name": "x", "filters": {"kind": "judgment"}}, 400, "filters"),
    ("get", "/api/v1/saved-searches/999/new", None, 404, None),
    ("delete", "/api/v1/saved-searches/999", None, 404, None),
]


def test_api_bad_requests(site):
    app, ctx = site
    client = app.test_client()
    headers = token(client, ctx, "judge")
    for method, route, body, status, field in _BAD_REQUESTS:  # one corpus for the whole table: ingest is slow
        response = getattr(client, method)(route, headers=headers, **({"json": body} if body is not None else {}))
        assert response.status_code == status, (route, body, response.get_json())
        assert response.get_json()["error"].get("field") == field, (route, body)


def test_api_portrait_warnings_and_saved_searches(site):
    app, ctx = site
    client = app.test_client()
    analyst = token(client, ctx, "analyst")
    rows = client.get("/api/v1/portrait?by=occupation", headers=analyst).get_json()["rows"]
    assert {"外卖骑手", "快递员"} <= {r["occupation"] for r in rows}
    warnings = client.get("/api/v1/warnings", headers=analyst).get_json()["warnings"]
    assert any(w["rule"] == "income_below_industry" for w in warnings)
    admin = token(client, ctx, "admin")
    assert client.post("/api/v1/match-score", headers=admin, json={"inputs": {"attendance": "yes"}}).status_code == 403

    judge = token(client, ctx, "judge")
    created = client.post(
        "/api/v1/saved-searches",
        headers=judge,
        json={"name": "众包", "query": "", "filters": {"employment_mode": ["众包"]}},
    )
    assert created.status_code == 201
    saved_id = created.get_json()["id"]
    listed = client.get("/api/v1/saved-searches", headers=judge).get_json()["saved_searches"]
    assert [s["id"] for s in listed] == [saved_id] and listed[0]["new"] == 0
    assert client.get("/api/v1/saved-searches", headers=analyst).get_json()["saved_searches"] == []
    assert client.delete(f"/api/v1/saved-searches/{saved_id}", headers=analyst).status_code == 404
    assert client.delete(f"/api/v1/saved-searches/{saved_id}", headers=judge).status_code == 204
