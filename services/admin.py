"""Administration within one institution: its users, the audit log of its users, and the ingest runs.

Documents are shared across institutions; administration is not: an admin sees and changes only the users of the
admin's own institution, and their audit events."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.auth import AuthError
from store.models import AuditEvent, IngestRun, User


def users_of(session: Session, institution: str) -> list[User]:
    return list(session.scalars(select(User).where(User.institution == institution).order_by(User.username)))


def set_active(session: Session, admin_id: int, institution: str, user_id: int, active: bool) -> User:
    user = session.get(User, user_id)
    if user is None or user.institution != institution:
        raise AuthError("本机构没有这个用户")
    if user.id == admin_id and not active:
        raise AuthError("不能停用自己的账号")
    user.active = active
    return user


def audit_of(
    session: Session, institution: str, *, action: str | None = None, limit: int = 100, offset: int = 0
) -> list[AuditEvent]:
    """Events of the institution's users, failed sign-ins under their names included, newest first."""
    names = select(User.username).where(User.institution == institution)
    ids = select(User.id).where(User.institution == institution)
    stmt = select(AuditEvent).where(
        or_(AuditEvent.user_id.in_(ids), AuditEvent.user_id.is_(None) & AuditEvent.username.in_(names))
    )
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit).offset(offset)))


def ingest_runs(session: Session, limit: int = 50) -> list[IngestRun]:
    return list(session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(limit)))
