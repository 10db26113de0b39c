"""管理 Admin pages: the users of the admin's institution, ingest runs and the quarantine, uploads, the audit log."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from pathlib import PurePosixPath, PureWindowsPath

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from app.web.access import Permission, record, require
from ingest.pipeline import ingest
from search import SearchUnavailable
from services import admin as service
from services import corpus
from services.auth import AuthError, create_user
from services.progress import Progress
from wording.labels import (
    AUDIT_ACTION_LABELS,
    ROLE_LABELS,
    RUN_STATUS_LABELS,
    audit_detail_label,
    audit_target_label,
    quarantine_reason,
)

admin = Blueprint("admin", __name__, url_prefix="/admin")
admin.add_app_template_filter(quarantine_reason, "quarantine_reason")
_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff（）()]+")


@admin.get("/users")
@require(Permission.manage_users)
def users():
    return _users_page()


@admin.post("/users")
@require(Permission.manage_users)
def add_user():
    form = request.form
    try:
        with _ctx().sessions.begin() as session:
            create_user(
                session, form.get("username", ""), form.get("password", ""), form.get("role", ""), g.user.institution
            )  # an admin adds users to the admin's own institution only
    except AuthError as exc:
        return _users_page(error=str(exc)), 400
    record("add_user", form.get("username", ""), role=form.get("role", ""))
    return redirect(url_for("admin.users"))


@admin.post("/users/<id:user_id>/active")
@require(Permission.manage_users)
def set_active(user_id: int):
    active = request.form.get("active") == "true"
    try:
        with _ctx().sessions.begin() as session:
            name = service.set_active(session, g.user.id, g.user.institution, user_id, active).username
    except AuthError as exc:
        return _users_page(error=str(exc)), 400
    record("activate_user" if active else "deactivate_user", name)
    return redirect(url_for("admin.users"))


@admin.get("/ingest")
@require(Permission.manage_ingest)
def ingest_page():
    return _ingest_page()


@admin.post("/ingest")
@require(Permission.manage_ingest)
def upload():
    files = [f for f in request.files.getlist("files") if f.filename]
    if not files:
        return _ingest_page(error="请选择要导入的文件"), 400
    ctx = _ctx()
    folder = ctx.settings.data_dir / "uploads" / f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{g.user.id}"
    folder.mkdir(parents=True)
    for i, f in enumerate(files):
        f.save(folder / safe_name(f.filename, i))
    try:
        backend = ctx.search
    except SearchUnavailable:
        backend = None  # stored now, indexed by the next run or `caishen reindex`
    # In-process: forking a threaded web server could copy a lock another thread holds.
    report = ingest(
        [folder], ctx.settings, ctx.sessions, backend, progress=Progress(0, stream=io.StringIO()), workers=1
    )
    record("upload", str(folder.name), files=len(files), new=report.documents_new, quarantined=len(report.quarantined))
    return _ingest_page(report=report)


@admin.get("/audit")
@require(Permission.read_audit)
def audit_page():
    action = request.args.get("action") or None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    with _ctx().sessions() as session:
        events = service.audit_of(session, g.user.institution, action=action, limit=100, offset=(page - 1) * 100)
        return render_template(
            "admin_audit.html",
            events=events,
            action=action,
            page=page,
            actions=AUDIT_ACTION_LABELS,
            target_label=audit_target_label,
            detail_label=audit_detail_label,
        )


def safe_name(filename: str, index: int) -> str:
    """The uploaded file's own name without any folder part (../, C:\\), kept readable in Chinese."""
    name = PureWindowsPath(PurePosixPath(filename).name).name
    name = _UNSAFE.sub("_", name).lstrip(".")
    return f"{index:03d}-{name or 'upload'}"


def _users_page(error: str | None = None):
    with _ctx().sessions() as session:
        return render_template(
            "admin_users.html", users=service.users_of(session, g.user.institution), error=error, roles=ROLE_LABELS
        )


def _ingest_page(report=None, error: str | None = None):
    with _ctx().sessions() as session:
        return render_template(
            "admin_ingest.html",
            runs=service.ingest_runs(session),
            quarantine=corpus.quarantined(session, 200),
            report=report,
            error=error,
            RUN_STATUS_LABELS=RUN_STATUS_LABELS,
        )


def _ctx():
    return current_app.extensions["caishen"]
