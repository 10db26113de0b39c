"""The whole URL map under attack: every route for every role, injection in every parameter and form field,
documents carrying markup, path traversal in downloads. Routes and parameters are read from the app itself, so a new
route or parameter is covered without editing this file."""

from __future__ import annotations

import inspect
import io
import re
from pathlib import Path

import pytest
from flask import Request
from sqlalchemy import func, select
from werkzeug.datastructures import ImmutableMultiDict

from app import create_app
from app.web.access import PUBLIC_ENDPOINTS
from search.base import FILTER_FIELDS
from services.auth import MATRIX
from store.models import ClaimComparison, Document, Role, SavedSearch, User
from tests.app.web_users import INSTITUTION, PASSWORD, add_user, form_token, sign_in

WEB = Path(__file__).resolve().parents[2] / "app" / "web"
SCRIPT, IMG = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"
PAYLOADS = [
    f'">{SCRIPT}',
    "\x00",
    "' OR '1'='1' --",
    "1; DROP TABLE document; --",
    IMG,
    "../../../../etc/passwd",
    "{{7*7}}",
]
# Each field a handler reads gets these alone (a long text alone: fifty of them in one query string is 1 MB to
# parse for every route); all fields together get every payload.
ONE_BY_ONE = [*PAYLOADS[:2], "骑" * 3000]
NO_SWEEP = {"access.logout", "api.delete_token", "static"}  # would end the session under test; files on disk
# What a route that is not a page answers with: data, downloads and scripts a browser does not render as HTML.
DATA_TYPES = {
    "application/json",
    "application/atom+xml",
    "text/csv",
    "application/vnd.apache.parquet",
    "image/svg+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/css",
    "application/javascript",
    "text/javascript",
    "text/plain",
}


def parameter_names() -> list[str]:
    """Every request parameter and form or JSON field the web package reads (and every search filter)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in WEB.glob("*.py"))
    names = re.findall(r'(?:args|form|files)\.(?:get|getlist)\(\s*"(\w+)"', source)
    names += re.findall(r'(?:_int|_arg|body\.get)\(\s*"(\w+)"', source)
    return sorted(set(names) | set(FILTER_FIELDS))


@pytest.fixture
def site(loaded_ctx):
    ctx = loaded_ctx
    app = create_app(ctx.settings)
    app.testing = False  # errors through the handlers, as in production
    clients, tokens = {}, {}
    for role in Role:
        clients[role] = app.test_client()
        name = add_user(ctx, role.value)
        assert sign_in(clients[role], name).status_code == 302
        clients[role].csrf = form_token(
            clients[role].get("/similar" if role != Role.admin else "/admin/users").get_data(as_text=True)
        )
        body = app.test_client().post("/api/v1/tokens", json={"username": name, "password": PASSWORD}).get_json()
        tokens[role] = {"Authorization": f"Bearer {body['token']}"}
    target = add_user(ctx, "arbitrator")  # the user the admin routes act on
    with ctx.sessions.begin() as s:
        doc = s.scalars(select(Document).where(Document.kind == "arbitration_award").order_by(Document.id)).first()
        # A divergent claim of a dispute the users' court decided: each role allowed to review it may.
        divergent = s.scalars(
            select(ClaimComparison).where(ClaimComparison.divergent.is_(True), ClaimComparison.court == INSTITUTION)
        ).first()
        judge = s.scalar(select(User).where(User.role == Role.judge))
        saved = SavedSearch(user_id=judge.id, name="s", query="骑手", filters={})
        s.add(saved)
        s.flush()
        ids = {
            "doc_id": doc.id,
            "dispute_id": divergent.dispute_id,
            "ordinal": divergent.ordinal,
            "saved_id": saved.id,
            "user_id": s.scalar(select(User.id).where(User.username == target)),
            "case_number": doc.proceeding.case_number_raw,
            "fmt": "csv",
            "filename": "caishen.css",
            "item_key": 12345,
            "review_id": 1,
        }
    return app, ctx, clients, tokens, ids


def routes(app, ids):
    """(endpoint, method, url, permission or None) for every rule of the URL map."""
    out = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        permission = inspect.getclosurevars(view).nonlocals.get("permission")
        url = rule.build({k: ids[k] for k in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, url, permission))
    return out


def send(clients, tokens, role, method, url, values=None):
    """A request as `role` would make it: API calls with its bearer token and JSON, pages with its cookie and a
    form carrying the CSRF token."""
    values = dict(values or {})
    if url.startswith("/api/"):
        kwargs = {"headers": tokens[role]}
        if method in ("POST", "DELETE"):
            kwargs["json"] = values
        elif values:
            kwargs["query_string"] = values
        return clients[role].open(url, method=method, **kwargs)
    client = clients[role]
    if method == "POST":
        return client.post(url, data={**values, "csrf_token": client.csrf})
    return client.get(url, query_string=values or None)


def test_no_route_forgets_its_permission(ctx):
    app = create_app(ctx.settings)
    bare = {endpoint for endpoint, _, _, permission in routes(app, _ANY_IDS) if permission is None}
    assert bare == PUBLIC_ENDPOINTS


_ANY_IDS = {
    "doc_id": 1,
    "dispute_id": 1,
    "saved_id": 1,
    "user_id": 1,
    "case_number": "x",
    "fmt": "csv",
    "filename": "caishen.css",
    "ordinal": 1,
    "item_key": 1,
    "review_id": 1,
}


def test_every_route_for_every_role(site):
    app, ctx, clients, tokens, ids = site
    checked = 0
    for endpoint, method, url, permission in routes(app, ids):
        if permission is None or endpoint in NO_SWEEP:
            continue
        for role in Role:
            status = send(clients, tokens, role, method, url).status_code
            if permission in MATRIX[role]:
                # Called bare, a route either answers or says what it lacks (400); never refused, and never "not
                # found" for the ids of things that exist, but a saved search (the judge's own: 404 for any other
                # user, and one of the sweep's requests deletes it) and an inbox item (each user's inbox is their own).
                # The site holds no review yet either (a review's id is asked of routes that read one).
                found = (404,) if any(w in endpoint for w in ("saved", "inbox", "feed_mark", "review_one")) else ()
                assert status in (200, 201, 204, 302, 400, *found), (role, method, url, status)
            else:
                assert status == 403, (role, method, url, status)
            checked += 1
        anonymous = app.test_client().open(url, method=method)
        assert anonymous.status_code in ((401,) if url.startswith("/api/") else (302, 400)), (method, url)
    assert checked >= 4 * 30


class _Read:
    """The names a request's handler reads, from its query, form, files and JSON body: a field it never reads cannot
    carry an attack, so only these are sent one by one (sending every field alone to every route was most of the
    suite's time)."""

    names: set[str] = set()

    @classmethod
    def recorded(cls, read):
        def wrapper(self, key, *args, **kwargs):
            cls.names.add(key)
            return read(self, key, *args, **kwargs)

        return wrapper


class _RecordingArgs(ImmutableMultiDict):
    get, getlist = _Read.recorded(ImmutableMultiDict.get), _Read.recorded(ImmutableMultiDict.getlist)
    __getitem__, __contains__ = (
        _Read.recorded(ImmutableMultiDict.__getitem__),
        _Read.recorded(ImmutableMultiDict.__contains__),
    )


class _RecordingBody(dict):
    get, __getitem__, __contains__ = (
        _Read.recorded(dict.get),
        _Read.recorded(dict.__getitem__),
        _Read.recorded(dict.__contains__),
    )


class _RecordingRequest(Request):
    parameter_storage_class = _RecordingArgs

    def get_json(self, *args, **kwargs):
        body = super().get_json(*args, **kwargs)
        return _RecordingBody(body) if isinstance(body, dict) else body


def test_injection_in_every_parameter_of_every_route(site):
    app, ctx, clients, tokens, ids = site
    app.request_class = _RecordingRequest
    with ctx.sessions() as s:
        documents, users = s.scalar(select(func.count(Document.id))), s.scalar(select(func.count(User.id)))
    names = parameter_names()
    assert {"q", "text", "doc_id", "username", "by", "claim_type"} <= set(names)
    alone = 0
    for endpoint, method, url, permission in routes(app, ids):
        if endpoint in NO_SWEEP:
            continue
        role = next((r for r in Role if permission is None or permission in MATRIX[r]), Role.admin)
        _Read.names = set()
        # Every field at once, with each payload and with a harmless value (so that a handler reading a field only
        # after another one parsed is seen to read it); then each field the handler read, alone.
        for payload in [*PAYLOADS, "1"]:
            _check(send(clients, tokens, role, method, url, {n: payload for n in names}), (method, url, payload[:20]))
        read = sorted(_Read.names & set(names))
        alone += len(read)
        for payload in ONE_BY_ONE:
            for name in read:
                _check(send(clients, tokens, role, method, url, {name: payload}), (method, url, name, repr(payload)))
    assert alone >= 40  # the recording sees what handlers read: a handful of fields per route that takes any
    with ctx.sessions() as s:  # nothing dropped, nothing injected: no table changed but by what the routes may add
        assert s.scalar(select(func.count(Document.id))) == documents
        assert s.scalar(select(func.count(User.id))) == users
        storable = [
            p for p in {*PAYLOADS, *ONE_BY_ONE} if "\x00" not in p
        ]  # PostgreSQL text holds no NUL, so none was stored
        assert not s.scalar(select(func.count(User.id)).where(User.username.in_(storable)))
        assert not s.scalar(select(func.count(Document.id)).where(Document.text.contains("DROP TABLE")))


def _check(response, where):
    assert response.status_code < 500, where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        assert SCRIPT not in body and IMG not in body, where
    else:  # JSON (or a download) may carry the text back: as data, never as a page
        assert response.headers["Content-Type"].split(";")[0] in DATA_TYPES, where


def test_documents_carrying_markup_are_shown_escaped(site, tmp_path):
    app, ctx, clients, tokens, ids = site
    hostile = (
        f"北京市朝阳区人民法院\n民事判决书\n（2024）京0105民初4242号\n原告王五诉称：{SCRIPT}{IMG}平台外卖骑手"
        f"请求确认劳动关系。\n本院认为，原告的请求应予支持。"
    )
    admin = clients[Role.admin]
    token = form_token(admin.get("/admin/ingest").get_data(as_text=True))
    uploaded = admin.post(
        "/admin/ingest",
        data={
            "csrf_token": token,
            "files": [
                (io.BytesIO(hostile.encode()), "hostile.txt"),
                (
                    io.BytesIO(
                        (
                            "<html><body><p>"
                            + hostile.replace("<", "&lt;").replace(">", "&gt;").replace("\n", "</p><p>")
                            + "补充</p></body></html>"
                        ).encode()
                    ),
                    "hostile.html",
                ),
            ],
        },
    )
    assert uploaded.status_code == 200
    with ctx.sessions() as s:
        new = s.scalars(select(Document.id).where(Document.text.contains(SCRIPT))).all()
        dispute_id = s.get(Document, new[0]).proceeding.dispute_id
    assert len(new) == 2
    judge = clients[Role.judge]
    pages = [f"/documents/{i}" for i in new] + [
        "/?q=骑手 劳动关系",
        f"/similar?doc_id={new[0]}",
        f"/disputes/{dispute_id}",
        f"/disputes/{dispute_id}/compare",
    ]
    for page in pages:
        response = judge.get(page)
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and SCRIPT not in body and IMG not in body, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in judge.get(f"/documents/{new[0]}").get_data(as_text=True)
    shown = send(clients, tokens, Role.judge, "GET", f"/api/v1/documents/{new[0]}")
    assert shown.mimetype == "application/json" and SCRIPT in shown.get_json()["text"]  # data, not markup


TRAVERSALS = [
    "/exports/divergences.../../etc/passwd",
    "/exports/divergences.csv/../../../etc/passwd",
    "/static/../../app/__init__.py",
    "/static/%2e%2e/%2e%2e/app/__init__.py",
    "/static/..%2f..%2fapp%2f__init__.py",
    "/static/....//....//etc/passwd",
    "/api/v1/disputes/../../../etc/passwd",
    "/api/v1/exports/divergences?format=../../../etc/passwd",
    "/documents/..%2f..%2fetc%2fpasswd",
]


def test_path_traversal_in_download_routes(site):
    app, ctx, clients, tokens, ids = site
    for path in TRAVERSALS:
        for role in (Role.judge, Role.admin):
            response = send(clients, tokens, role, "GET", path)
            body = response.get_data(as_text=True)
            assert response.status_code in (400, 403, 404), (role, path, response.status_code)
            assert "root:" not in body and "create_app" not in body


def test_oversized_api_bodies_are_413_json(site):
    app, ctx, clients, tokens, ids = site
    response = clients[Role.judge].post(
        "/api/v1/similar",
        headers={**tokens[Role.judge], "Content-Type": "application/json"},
        data=b'{"text": "' + b"a" * (21 * 2**20) + b'"}',
    )
    assert response.status_code == 413 and response.get_json()["error"]["status"] == 413
