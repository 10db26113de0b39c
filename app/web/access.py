"""Sign-in, server-side sessions, CSRF on every form, permissions per route, and the audit log, for the web pages.

The session cookie carries a random token; the database keeps its hash, the user and the session's CSRF token.
Forms carry that CSRF token; the sign-in form, before any session exists, carries one that must match a cookie.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, url_for

from services.auth import (
    SESSION_LIFETIME,
    Permission,
    allowed,
    audit,
    end_session,
    find_session,
    sees_full_text,
    sign_in,
    start_session,
)
from store.models import Role

# The only endpoints served without a permission (the route sweep fails on any other): signing in and out, the
# API's description and token route, static files.
PUBLIC_ENDPOINTS = frozenset({"access.login", "access.logout", "api.openapi", "api.create_token", "static"})

SESSION_COOKIE = "caishen_session"
LOGIN_CSRF_COOKIE = "caishen_login_csrf"

access = Blueprint("access", __name__)


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in user as the request sees it (no database row held past the request's session)."""

    id: int
    username: str
    role: Role
    institution: str
    active: bool = True

    @property
    def full_text(self) -> bool:
        return sees_full_text(self)


def init_app(app: Flask) -> None:
    app.register_blueprint(access)
    app.before_request(_refuse_nul)
    app.before_request(_load_user)
    app.before_request(_check_csrf)
    app.after_request(_secure_headers)

    @app.context_processor
    def _access_context():
        return {
            "current_user": g.get("user"),
            "csrf_token": g.get("csrf_token", ""),
            "Permission": Permission,
            "can": lambda p: g.get("user") is not None and allowed(g.user, p),
        }


def require(permission: Permission):
    """Signed in, and the role has the permission: else the sign-in page, or 403."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.get("user") is None:
                return redirect(url_for("access.login", next=request.full_path))
            if not allowed(g.user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def record(action: str, target: str | None = None, **detail) -> None:
    """An audit event for the signed-in user, in its own transaction."""
    with _ctx().sessions.begin() as session:
        audit(session, action, user=_row(session), target=target, detail=detail, remote_addr=request.remote_addr)


@access.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        with _ctx().sessions.begin() as session:
            attempt = sign_in(session, username, request.form.get("password", ""), request.remote_addr)
            user = attempt.user
            if user is not None:
                token, _ = start_session(session, user)
        if user is not None:
            response = redirect(_safe_next(request.args.get("next")))
            response.set_cookie(
                SESSION_COOKIE,
                token,
                max_age=int(SESSION_LIFETIME.total_seconds()),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure,
                path="/",
            )
            response.delete_cookie(
                LOGIN_CSRF_COOKIE, path="/", secure=request.is_secure, httponly=True, samesite="Strict"
            )
            return response
        error = (
            f"登录失败次数过多，请 {_minutes(attempt.retry_after)} 分钟后再试"
            if attempt.retry_after
            else "用户名或密码错误"
        )
    login_csrf = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    status = 200 if error is None else 429 if attempt.retry_after else 401
    response = current_app.make_response((render_template("login.html", error=error, login_csrf=login_csrf), status))
    if status == 429:
        response.headers["Retry-After"] = str(attempt.retry_after)
    response.set_cookie(
        LOGIN_CSRF_COOKIE, login_csrf, httponly=True, samesite="Strict", secure=request.is_secure, path="/"
    )
    return response


def _minutes(seconds: int) -> int:
    return -(-seconds // 60)


@access.post("/logout")
def logout():
    with _ctx().sessions.begin() as session:
        end_session(session, request.cookies.get(SESSION_COOKIE))
    response = redirect(url_for("access.login"))
    response.delete_cookie(SESSION_COOKIE, path="/", secure=request.is_secure, httponly=True, samesite="Lax")
    return response


def _refuse_nul() -> None:
    """No text caishen reads or stores holds NUL (PostgreSQL refuses it in text): a request carrying one anywhere is
    malformed, whichever database is behind."""
    values = [request.path, *(v for vs in request.args.listvalues() for v in vs)]
    if request.is_json:
        values.append(request.get_data(as_text=True).replace("\\u0000", "\0"))  # JSON writes NUL as an escape
    elif request.method == "POST":
        values += [v for vs in request.form.listvalues() for v in vs]
    if any("\0" in v for v in values):
        abort(400, description="请求中含有空字符（NUL），无法处理。")


def _load_user() -> None:
    g.user, g.csrf_token = None, ""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or request.endpoint == "static":
        return
    with _ctx().sessions() as session:
        row = find_session(session, token)
        if row is not None:
            u = row.user
            g.user = CurrentUser(u.id, u.username, u.role, u.institution)
            g.csrf_token = row.csrf_token


def _check_csrf() -> None:
    """Every form that changes or asks anything by POST carries the token of its session (or, to sign in, the
    token of the sign-in cookie)."""
    if request.method != "POST" or request.blueprint == "api":  # the API takes bearer tokens, never cookies
        return
    sent = request.form.get("csrf_token", "")
    expected = g.csrf_token if request.endpoint != "access.login" else request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(sent, expected):
        abort(400, description="表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")


def _secure_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if g.get("user") is not None:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) after signing in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("pages.search_page")


def _row(session):
    from store.models import User

    return session.get(User, g.user.id) if g.get("user") else None


def _ctx():
    return current_app.extensions["caishen"]
