"""The JSON API as a client uses it: tokens, roles, masking, clear JSON errors, and the OpenAPI document."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from sqlalchemy import select, update

from app import create_app
from services.auth import MATRIX, Permission
from store.models import ApiToken, AuditEvent, Document, Party, PartyKind, Role, utcnow
from tests.app.web_users import PASSWORD, add_user
from tests.english import english_in
from wording.messages import MESSAGES


@pytest.fixture
def api(loaded_ctx):
    ctx = loaded_ctx
    app = create_app(ctx.settings)
    app.testing = True
    return app.test_client(), ctx


def token(client, ctx, role: str) -> dict:
    response = client.post("/api/v1/tokens", json={"username": add_user(ctx, role), "password": PASSWORD})
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def _award_with_person(ctx):
    with ctx.sessions() as session:
        for d in session.scalars(select(Document).where(Document.kind == "arbitration_award").order_by(Document.id)):
            for pp in d.proceeding.parties:
                if pp.party.kind == PartyKind.person and pp.party.name in d.text:
                    return d.id, pp.party.name, d.proceeding.case_number_raw


def _routes(ctx):
    doc_id, _, case_number = _award_with_person(ctx)
    return {
        Permission.search: "/api/v1/search?q=骑手",
        Permission.read_document: f"/api/v1/documents/{doc_id}",
        Permission.compare: f"/api/v1/disputes/{case_number}",
        Permission.similar: f"/api/v1/similar?doc_id={doc_id}",
        Permission.statistics: "/api/v1/statistics?by=region",
        Permission.export: "/api/v1/exports/divergences",
    }


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_route_for_every_role(api, role):
    client, ctx = api
    headers = token(client, ctx, role)
    for permission, route in _routes(ctx).items():
        response = client.get(route, headers=headers)
        assert response.status_code == (200 if permission in MATRIX[Role(role)] else 403), (role, route)
        if response.status_code == 403:
            assert response.get_json()["error"]["status"] == 403


def test_without_a_valid_token_it_is_401(api):
    client, ctx = api
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/search?q=骑手", headers=headers)
        assert response.status_code == 401 and response.get_json()["error"]["status"] == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_tokens_expire_and_can_be_revoked(api):
    client, ctx = api
    headers = token(client, ctx, "judge")
    assert client.get("/api/v1/search?q=骑手", headers=headers).status_code == 200
    assert client.delete("/api/v1/tokens", headers=headers).status_code == 204
    assert client.get("/api/v1/search?q=骑手", headers=headers).status_code == 401
    headers = token(client, ctx, "judge")
    with ctx.sessions.begin() as session:
        session.execute(update(ApiToken).values(expires_at=utcnow()))
    assert client.get("/api/v1/search?q=骑手", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "body, field", [({"username": "x"}, "password"), ({"password": "x"}, "username"), ("not an object", None)]
)
def test_bad_token_requests(api, body, field):
    client, _ = api
    response = client.post("/api/v1/tokens", json=body)
    error = response.get_json()["error"]
    assert response.status_code == 400 and error.get("field") == field


def test_wrong_password_is_401_and_audited(api):
    client, ctx = api
    name = add_user(ctx, "analyst")
    assert client.post("/api/v1/tokens", json={"username": name, "password": "wrong one!"}).status_code == 401
    with ctx.sessions() as session:
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.username == name)) == "login_failed"


@pytest.mark.parametrize(
    "route, field",
    [
        ("/api/v1/search?q=x&page=0", "page"),
        ("/api/v1/search?q=x&per_page=abc", "per_page"),
        ("/api/v1/search?q=x&sort=colour", "sort"),
        ("/api/v1/search?q=x&year=soon", "year"),
        ("/api/v1/statistics?by=colour", "by"),
        ("/api/v1/statistics?measure=x", "measure"),
        ("/api/v1/exports/divergences?format=pdf", "format"),
        ("/api/v1/similar", "doc_id"),
        ("/api/v1/similar?doc_id=1&year_from=soon", "year_from"),
        ("/api/v1/similar?doc_id=1&outcome=won", "outcome"),
        ("/api/v1/similar?doc_id=1&year_from=2023&year_to=2020", "year_from"),
    ],
)
def test_bad_parameters_name_the_field(api, route, field):
    client, ctx = api
    response = client.get(route, headers=token(client, ctx, "judge"))
    assert response.status_code == 400 and response.get_json()["error"]["field"] == field


def test_unknown_things_are_json_404s(api):
    client, ctx = api
    headers = token(client, ctx, "judge")
    for route in (
        "/api/v1/documents/999999",
        "/api/v1/disputes/京朝劳人仲字〔1999〕第1号",
        "/api/v1/no-such-thing",
        "/api/v1/similar?doc_id=999999",
    ):
        response = client.get(route, headers=headers)
        assert response.status_code == 404 and response.is_json, route
    assert client.put("/api/v1/search", headers=headers).get_json()["error"]["status"] == 405


def test_analysts_get_masked_text_judges_full(api):
    client, ctx = api
    doc_id, name, _ = _award_with_person(ctx)
    full = client.get(f"/api/v1/documents/{doc_id}", headers=token(client, ctx, "judge")).get_json()
    masked = client.get(f"/api/v1/documents/{doc_id}", headers=token(client, ctx, "analyst")).get_json()
    assert name in full["text"] and not full["masked"]
    assert name not in masked["text"] and masked["masked"] and f"{name[0]}某" in masked["text"]


def test_documents_carry_element_labels_on_the_text_returned(api):
    client, ctx = api
    doc_id, name, _ = _award_with_person(ctx)
    for role in ("judge", "analyst"):
        doc = client.get(f"/api/v1/documents/{doc_id}", headers=token(client, ctx, role)).get_json()
        sentences = [(e["label"], s) for e in doc["elements"] for s in e["sentences"]]
        assert sentences and doc["elements_by"] == "rules"
        assert all(
            doc["text"][s["span"]["start"] : s["span"]["end"]] == s["text"] and label in s["labels"]
            for label, s in sentences
        )
    assert not any(name in s["text"] for _, s in sentences)  # the analyst's sentences come from the masked text


def test_a_trained_element_model_labels_documents_once_written(api):
    from nlp.elements import train

    client, ctx = api
    doc_id, _, _ = _award_with_person(ctx)
    train([[("材料写明某某口令。", {"LB20"}), ("材料与本案无关。", set())]] * 4).save(ctx.settings.elements_model_path)
    app = create_app(ctx.settings)  # a new app reads the model; one already running keeps what it started with
    app.testing = True
    fresh = app.test_client()
    doc = fresh.get(f"/api/v1/documents/{doc_id}", headers=token(fresh, ctx, "judge")).get_json()
    assert doc["elements_by"] == "classifier" and all(e["label"] == "LB20" for e in doc["elements"])


def test_search_facets_similar_and_statistics(api):
    client, ctx = api
    headers = token(client, ctx, "arbitrator")
    found = client.get("/api/v1/search?q=骑手&facets=true&claim_type=加班费&per_page=5", headers=headers).get_json()
    assert found["total"] == len(found["hits"]) == 2  # the sample corpus is generated from a fixed seed
    assert {f["value"] for f in found["facets"]["claim_type"]} >= {"加班费"}
    similar = client.post(
        "/api/v1/similar", json={"text": "外卖骑手 排班考勤 请求确认劳动关系"}, headers=headers
    ).get_json()
    assert similar["hits"] and "确认劳动关系" in similar["claim_types"]
    stats = client.get("/api/v1/statistics?by=employment_mode&divergent=true", headers=headers).get_json()
    assert sum(r["divergent"] for r in stats["rows"]) == 33 and all(r["rate"] == 1.0 for r in stats["rows"])
    deep = client.get("/api/v1/search?q=骑手&page=101&per_page=100", headers=headers)  # past 10,000 results
    assert deep.status_code == 400 and "只能翻阅前 10000 条结果" in deep.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "text"),
        ({"text": " "}, "text"),
        ({"doc_id": "x"}, "doc_id"),
        ({"doc_id": 0}, "doc_id"),
        ({"text": "骑手", "limit": 99}, "limit"),
        ({"text": "骑手", "filters": {"colour": "red"}}, "colour"),
        ({"text": "骑手", "filters": {"year_to": True}}, "year_to"),
        ({"text": "骑手", "filters": []}, "filters"),
    ],
)
def test_bad_report_requests_name_the_field(api, body, field):
    client, ctx = api
    response = client.post("/api/v1/similar/report", json=body, headers=token(client, ctx, "judge"))
    assert response.status_code == 400 and response.get_json()["error"]["field"] == field


def test_similar_case_report_is_a_masked_audited_docx(api):
    import docx

    client, ctx = api
    headers = token(client, ctx, "judge")
    doc_id, name, _ = _award_with_person(ctx)
    body = {"doc_id": doc_id, "limit": 5, "filters": {"year_from": 2015}}
    hits = client.get(f"/api/v1/similar?doc_id={doc_id}&limit=5&year_from=2015", headers=headers).get_json()["hits"]
    response = client.post("/api/v1/similar/report", json=body, headers=headers)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    assert hits and all(h["case_number"] in text for h in hits if h["case_number"])
    with ctx.sessions() as session:
        persons = set(session.scalars(select(Party.name).where(Party.kind == PartyKind.person)))
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "similar_report"))
    assert not [p for p in persons if p in text]  # a report is an export: masked whoever asks
    assert event.detail["hits"] == [h["doc_id"] for h in hits] and event.target == f"document {doc_id}"


def test_export_downloads_and_is_audited(api):
    client, ctx = api
    response = client.get(
        "/api/v1/exports/divergences?format=parquet&divergent=true", headers=token(client, ctx, "analyst")
    )
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    df = pd.read_parquet(io.BytesIO(response.data))
    assert len(df) == 33 and df["divergent"].all()  # every divergent claim of the sample corpus
    with ctx.sessions() as session:
        persons = set(session.scalars(select(Party.name).where(Party.kind == PartyKind.person)))
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.detail["rows"] == len(df)
    assert not any(p in " ".join(df["claim_text"]) + " ".join(df["evidence"]) for p in persons)


def _errors(client, ctx):
    """Every error path of the API a client can reach: (method, route, JSON body, role) → (status, code)."""
    doc_id, _, _ = _award_with_person(ctx)
    return [
        (("GET", "/api/v1/search?q=骑手", None, None), (401, "token_required")),
        (("GET", "/api/v1/exports/divergences", None, "judge"), (200, None)),
        (("GET", "/api/v1/exports/divergences", None, "admin"), (403, "forbidden")),
        (("POST", "/api/v1/tokens", "not an object", None), (400, "body_not_object")),
        (("POST", "/api/v1/tokens", {"username": "x"}, None), (400, "required")),
        (
            ("POST", "/api/v1/tokens", {"username": "nobody", "password": "wrong one!"}, None),
            (401, "wrong_credentials"),
        ),
        (("GET", "/api/v1/search?q=x&page=0", None, "judge"), (400, "out_of_range")),
        (("GET", "/api/v1/search?q=x&per_page=abc", None, "judge"), (400, "not_a_whole_number")),
        (("GET", "/api/v1/search?q=x&sort=colour", None, "judge"), (400, "not_one_of")),
        (("GET", "/api/v1/search?q=x&year=soon", None, "judge"), (400, "bad_parameter")),
        (("GET", "/api/v1/statistics?by=colour", None, "judge"), (400, "bad_parameter")),
        (("GET", "/api/v1/statistics?divergent=maybe", None, "judge"), (400, "bad_parameter")),
        (("GET", "/api/v1/statistics?court_stage=x", None, "judge"), (400, "bad_parameter")),
        (("GET", "/api/v1/exports/divergences?format=pdf", None, "analyst"), (400, "not_one_of")),
        (("GET", "/api/v1/documents/999999", None, "judge"), (404, "no_document")),
        (("GET", "/api/v1/disputes/京朝劳人仲字〔1999〕第1号", None, "judge"), (404, "no_case_number")),
        (("GET", "/api/v1/disputes/no number", None, "judge"), (404, "no_case_number")),
        (("GET", "/api/v1/similar", None, "judge"), (400, "required")),
        (("GET", "/api/v1/similar?doc_id=999999", None, "judge"), (404, "no_document")),
        (("GET", f"/api/v1/similar?doc_id={doc_id}&year_from=soon", None, "judge"), (400, "bad_parameter")),
        (("GET", f"/api/v1/similar?doc_id={doc_id}&outcome=won", None, "judge"), (400, "bad_parameter")),
        (
            ("GET", f"/api/v1/similar?doc_id={doc_id}&year_from=2023&year_to=2020", None, "judge"),
            (400, "bad_parameter"),
        ),
        (("GET", f"/api/v1/similar?doc_id={doc_id}&year_from=1800", None, "judge"), (400, "bad_parameter")),
        (("POST", "/api/v1/similar", [], "judge"), (400, "body_not_object")),
        (("POST", "/api/v1/similar", {"text": " "}, "judge"), (400, "required")),
        (("POST", "/api/v1/similar", {"text": "骑手", "filters": {"colour": "red"}}, "judge"), (400, "bad_parameter")),
        (("POST", "/api/v1/similar/report", {}, "judge"), (400, "give_one_of")),
        (("POST", "/api/v1/similar/report", {"doc_id": 0}, "judge"), (400, "out_of_range")),
        (("POST", "/api/v1/similar/report", {"text": "骑手", "limit": 99}, "judge"), (400, "out_of_range")),
        (("POST", "/api/v1/similar/report", {"text": "骑手", "filters": []}, "judge"), (400, "not_an_object")),
        (
            ("POST", "/api/v1/similar/report", {"text": "骑手", "filters": {"year_to": True}}, "judge"),
            (400, "not_a_string"),
        ),
        (("GET", "/api/v1/match-score", None, "judge"), (400, "required")),
        (("POST", "/api/v1/match-score", "x", "judge"), (400, "body_not_object")),
        (("POST", "/api/v1/match-score", {}, "judge"), (400, "give_one_of")),
        (("POST", "/api/v1/match-score", {"inputs": ["x"]}, "judge"), (400, "not_an_object")),
        (("POST", "/api/v1/match-score", {"dispute_id": -1}, "judge"), (400, "out_of_range")),
        (("POST", "/api/v1/match-score", {"text": ""}, "judge"), (400, "required")),
        (("POST", "/api/v1/match-score", {"dispute_id": 999999}, "judge"), (404, "no_dispute")),
        *[
            (("POST", "/api/v1/match-score", {"inputs": inputs}, "judge"), (400, "invalid_input"))
            for inputs in (
                {"overtime": "yes"},
                {"attendance": "sometimes"},
                {"price_setting": "state"},
                {"hours_per_day": "ten"},
                {"hours_per_day": "-3"},
            )
        ],
        (("GET", "/api/v1/portrait?by=colour", None, "analyst"), (400, "not_one_of")),
        (("GET", "/api/v1/portrait?year=1", None, "analyst"), (400, "out_of_range")),
        (("GET", "/api/v1/warnings?include_resolved=maybe", None, "analyst"), (400, "not_one_of")),
        (("POST", "/api/v1/saved-searches", "x", "judge"), (400, "body_not_object")),
        (("POST", "/api/v1/saved-searches", {"query": "骑手"}, "judge"), (400, "required")),
        (("POST", "/api/v1/saved-searches", {"name": "n", "query": 1}, "judge"), (400, "not_a_string")),
        (("POST", "/api/v1/saved-searches", {"name": "n", "filters": {"kind": "x"}}, "judge"), (400, "not_an_object")),
        (("POST", "/api/v1/saved-searches", {"name": ""}, "judge"), (400, "saved_search_invalid")),
        (("GET", "/api/v1/saved-searches/999999/new", None, "judge"), (404, "no_saved_search")),
        (("DELETE", "/api/v1/saved-searches/999999", None, "judge"), (404, "no_saved_search")),
        (("GET", "/api/v1/no-such-thing", None, "judge"), (404, "no_such_route")),
        (("PUT", "/api/v1/search", None, "judge"), (405, "method_not_allowed")),
    ]


def test_every_error_is_a_chinese_sentence_with_a_stable_code(api):
    """Each error path gives its status and code (for programs, unchanged by rewording) and a message in Chinese with
    no English sentence left in it."""
    client, ctx = api
    headers = {role: token(client, ctx, role) for role in ("judge", "analyst", "admin")}
    for (method, route, body, role), (status, code) in _errors(client, ctx):
        kwargs = {"headers": headers.get(role, {})}
        if body is not None:
            kwargs["json"] = body
        response = client.open(route, method=method, **kwargs)
        assert response.status_code == status, (route, body, response.get_json())
        if code is None:
            continue
        error = response.get_json()["error"]
        assert (error["status"], error["code"]) == (status, code), (route, body, error)
        assert code in MESSAGES and any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
        assert english_in(error["message"]) is None, (route, body, error["message"])


def test_every_message_is_chinese():
    """Every sentence the API, the services and the CLI word through wording/messages.py: Chinese, no English sentence."""
    for code, text in MESSAGES.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text) or "{detail}" in text, code  # or it passes one on
        assert english_in(text) is None, (code, text)


def test_openapi_document(api):
    client, _ = api
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.") and "/search" in doc["paths"] and "/tokens" in doc["paths"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_api_never_takes_cookies(api):
    """A signed-in browser's cookie is not an API credential (so no cross-site request can use it)."""
    from tests.app.web_users import signed_in

    client, ctx = api
    browser = signed_in(create_app(ctx.settings), ctx, "judge")
    assert browser.get("/api/v1/search?q=骑手").status_code == 401
