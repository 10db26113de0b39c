"""Access to the web pages: every protected route for every role, sign-in, CSRF, sessions, masking and the audit log."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import create_app
from app.cli import main
from services.auth import MATRIX, Permission
from store.models import AuditEvent, Document, Party, PartyKind, Role, User, WebSession, utcnow
from tests.app.web_users import PASSWORD, add_user, form_token, sign_in, signed_in


@pytest.fixture
def site(loaded_ctx):
    ctx = loaded_ctx
    app = create_app(ctx.settings)
    app.testing = True
    with ctx.sessions() as session:
        # An award whose worker is a natural person named in it.
        doc_id, name = next(
            (d.id, p.name)
            for d in session.scalars(select(Document).where(Document.kind == "arbitration_award").order_by(Document.id))
            for p in [pp.party for pp in d.proceeding.parties]
            if p.kind == PartyKind.person and p.name in d.text
        )
    return app, ctx, doc_id, name


def _routes(doc_id, dispute_id=1):
    return {
        Permission.search: "/?q=骑手",
        Permission.read_document: f"/documents/{doc_id}",
        Permission.similar: f"/similar?doc_id={doc_id}",
        Permission.compare: f"/disputes/{dispute_id}/compare",
        Permission.statistics: "/dashboard",
        Permission.export: "/exports/divergences.csv",
    }


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_route_for_every_role(site, role):
    app, ctx, doc_id, _ = site
    client = signed_in(app, ctx, role)
    with ctx.sessions() as session:
        dispute_id = session.scalar(select(Document).where(Document.id == doc_id)).proceeding.dispute_id
    routes = [*_routes(doc_id, dispute_id).items(), (Permission.read_document, f"/disputes/{dispute_id}")]
    for permission, route in routes:
        expected = 200 if permission in MATRIX[Role(role)] else 403
        assert client.get(route).status_code == expected, (role, route)


def test_anonymous_readers_are_sent_to_sign_in(site):
    app, _, doc_id, _ = site
    client = app.test_client()
    for route in _routes(doc_id).values():
        response = client.get(route)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_sign_in_failures_and_successes_are_audited(site):
    app, ctx, _, _ = site
    name = add_user(ctx, "judge")
    client = app.test_client()
    assert sign_in(client, name, "wrong password").status_code == 401
    assert sign_in(client, "nobody", PASSWORD).status_code == 401
    ok = sign_in(client, name)
    assert ok.status_code == 302
    cookie = ok.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with ctx.sessions() as session:
        events = [(e.action, e.username) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert events == [("login_failed", name), ("login_failed", "nobody"), ("login", name)]
        # Only a hash of the session token is stored.
        assert session.scalar(select(WebSession.token_hash)) not in cookie


def test_views_and_similar_queries_are_audited(site):
    app, ctx, doc_id, _ = site
    client = signed_in(app, ctx, "analyst")
    client.get(f"/documents/{doc_id}")
    client.get(f"/similar?doc_id={doc_id}")
    with ctx.sessions() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.target, User.role).join(User).where(AuditEvent.action != "login")
        ).all()
    assert [(a, t) for a, t, _ in rows] == [("view_document", f"document {doc_id}"), ("similar", f"document {doc_id}")]
    assert {r for *_, r in rows} == {Role.analyst}


@pytest.mark.parametrize(
    "path, data",
    [
        ("/similar", {"text": "网约车司机 请求确认劳动关系"}),
        ("/similar/report", {"text": "网约车司机 请求确认劳动关系", "format": "print"}),
        ("/logout", {}),
    ],
)
def test_forms_without_the_csrf_token_are_refused(site, path, data):
    app, ctx, _, _ = site
    client = signed_in(app, ctx, "judge")
    assert client.post(path, data=data).status_code == 400
    assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 400
    page = client.get("/similar").get_data(as_text=True)
    assert client.post(path, data={**data, "csrf_token": form_token(page)}).status_code in (200, 302)


def test_sign_in_needs_its_own_csrf_token(site):
    app, ctx, _, _ = site
    name = add_user(ctx, "judge")
    assert app.test_client().post("/login", data={"username": name, "password": PASSWORD}).status_code == 400


def test_expired_and_signed_out_sessions_no_longer_work(site):
    app, ctx, _, _ = site
    client = signed_in(app, ctx, "judge")
    assert client.get("/?q=骑手").status_code == 200
    with ctx.sessions.begin() as session:
        session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(minutes=1)))
    assert client.get("/?q=骑手").status_code == 302
    client = signed_in(app, ctx, "judge")
    client.post("/logout", data={"csrf_token": form_token(client.get("/similar").get_data(as_text=True))})
    assert client.get("/?q=骑手").status_code == 302


def test_after_sign_in_only_local_paths(site):
    app, ctx, _, _ = site
    client = app.test_client()
    token = form_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=//evil.example/x",
        data={"username": add_user(ctx, "judge"), "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_analysts_read_masked_text_judges_full_text(site):
    app, ctx, doc_id, name = site
    judge, analyst = signed_in(app, ctx, "judge"), signed_in(app, ctx, "analyst")
    full = judge.get(f"/documents/{doc_id}").get_data(as_text=True)
    masked = analyst.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert name in full and name not in masked and f"{name[0]}某" in masked
    with ctx.sessions() as session:
        companies = [
            p.name for p in session.scalars(select(Party).where(Party.kind == PartyKind.organisation)) if p.name in full
        ]
    assert companies and all(c in masked for c in companies)  # organisations are never masked
    hits = analyst.get(f"/?q={name}").get_data(as_text=True)
    assert name not in hits.split('<section class="results"', 1)[1]  # the query itself is echoed in the box


def test_create_user_command(ctx, tmp_path, monkeypatch, capsys):
    """In process, the password piped on stdin (a subprocess a run would cost seconds of start-up)."""
    monkeypatch.setenv("CAISHEN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CAISHEN_DATABASE_URL", ctx.settings.database_url)

    def run(*args, password=PASSWORD):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        return main(["create-user", *args]), capsys.readouterr()

    code, ok = run("wang", "--role", "arbitrator", "--institution", "北京市朝阳区劳动人事争议仲裁委员会")
    assert code == 0 and "已创建用户 wang（仲裁员" in ok.out
    for args, password, message in [(("wang",), PASSWORD, "已被使用"), (("li",), "short", "至少需要 10 个字符")]:
        code, bad = run(*args, "--role", "judge", "--institution", "某法院", password=password)
        assert code == 1 and message in bad.err and "Traceback" not in bad.err
    with ctx.sessions() as session:
        user = session.scalar(select(User).where(User.username == "wang"))
        assert user.role == Role.arbitrator and PASSWORD not in user.password_hash


def test_every_permission_and_role_has_a_label():
    """A refusal names the permission in Chinese: one without a label would be a 500 in place of a 403."""
    from services.auth import Permission, Role
    from wording.labels import PERMISSION_LABELS, ROLE_LABELS

    assert {p.value for p in Permission} <= set(PERMISSION_LABELS) and {r.value for r in Role} <= set(ROLE_LABELS)
