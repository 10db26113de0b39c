"""Sign-in throttling (services.auth.sign_in): five failures for one account or from one address within fifteen
minutes lock it out for a delay that doubles with each further failure; the page and the API token route both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from services.auth import FAILURE_WINDOW
from store.models import AuditEvent
from tests.app.web_users import PASSWORD, add_user, sign_in


@pytest.fixture
def app(ctx):
    app = create_app(ctx.settings)
    app.testing = True
    return app


def client(app, address="10.0.0.1"):
    c = app.test_client()
    c.environ_base["REMOTE_ADDR"] = address
    return c


def earlier(ctx, seconds: float) -> None:
    """As if every audited attempt happened `seconds` earlier."""
    with ctx.sessions.begin() as session:
        for event in session.scalars(select(AuditEvent)):
            event.at -= timedelta(seconds=seconds)


def token(app, name, password=PASSWORD, address="10.0.0.1"):
    return client(app, address).post("/api/v1/tokens", json={"username": name, "password": password})


def test_five_failures_lock_the_account_even_against_the_right_password(app, ctx):
    name = add_user(ctx, "judge")
    for _ in range(5):
        assert sign_in(client(app), name, "wrong password").status_code == 401
    locked = sign_in(client(app), name)
    assert locked.status_code == 429 and 0 < int(locked.headers["Retry-After"]) <= 60
    assert "登录失败次数过多，请 1 分钟后再试" in locked.get_data(as_text=True)
    api = token(app, name)
    assert api.status_code == 429 and 0 < int(api.headers["Retry-After"]) <= 60
    with ctx.sessions() as session:
        refused = session.scalars(select(AuditEvent).where(AuditEvent.action == "login_locked")).all()
    assert len(refused) == 2 and all(e.username == name and e.detail["retry_after"] > 0 for e in refused)
    earlier(ctx, 61)  # the lock-out is over
    assert sign_in(client(app), name).status_code == 302


def test_each_further_failure_doubles_the_lock_out(app, ctx):
    name = add_user(ctx, "analyst")
    for _ in range(5):
        sign_in(client(app), name, "wrong password")
    for lock in (120, 240, 480):
        earlier(ctx, lock / 2 + 1)  # the last lock-out is over: one more failure
        assert sign_in(client(app), name, "wrong password").status_code == 401
        assert lock - 5 <= int(token(app, name).headers["Retry-After"]) <= lock


def test_failures_from_one_address_lock_it_for_every_account(app, ctx):
    for k in range(5):
        assert token(app, f"nobody{k}", address="10.9.9.9").status_code == 401
    name = add_user(ctx, "judge")
    assert token(app, name, address="10.9.9.9").status_code == 429
    assert token(app, name, address="10.0.0.2").status_code == 201  # the account itself is not locked


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("four failures, then the right password", 302),
        ("five failures spread over more than the window", 302),
        ("a success between the failures of an account", 302),
    ],
)
def test_what_does_not_lock(app, ctx, setup, expected):
    name = add_user(ctx, "judge")
    failures = 4 if setup.startswith("four") else 5
    for k in range(failures):
        if setup.startswith("five") and k:
            earlier(ctx, FAILURE_WINDOW.total_seconds() / 4 + 1)
        if setup.startswith("a success") and k == 3:
            assert sign_in(client(app, "10.0.0.3"), name).status_code == 302
        sign_in(client(app, f"10.0.1.{k}"), name, "wrong password")
    assert sign_in(client(app, "10.0.0.4"), name).status_code == expected


@pytest.mark.parametrize(
    "proxies, secure, address",
    [
        (0, False, "10.0.0.1"),  # reached directly: forwarded headers are anyone's to send, and ignored
        (1, True, "203.0.113.7"),  # behind a TLS proxy: its headers say the client's address and that it used https
    ],
)
def test_behind_a_reverse_proxy(ctx, proxies, secure, address):
    app = create_app(ctx.settings.with_overrides(proxies=proxies))
    name = add_user(ctx, "judge")
    c = client(app)
    c.environ_base.update(HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https")
    response = sign_in(c, name)
    assert response.status_code == 302
    assert all(("; Secure" in cookie) == secure for cookie in response.headers.getlist("Set-Cookie")), (
        response.headers.getlist("Set-Cookie")
    )
    with ctx.sessions() as session:
        assert session.scalar(select(AuditEvent.remote_addr).where(AuditEvent.action == "login")) == address
