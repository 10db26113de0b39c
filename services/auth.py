"""Who may do what: the permission matrix, users, sessions, API tokens and the audit log (no web code here).

The matrix is the one place that says what each role may do; pages, the API and the CLI ask it.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from store.models import ApiToken, AuditEvent, Role, User, WebSession, utcnow
from wording.labels import ROLE_LABELS

SESSION_LIFETIME = timedelta(hours=8)
TOKEN_LIFETIME = timedelta(days=30)
MIN_PASSWORD = 10
# Compared against when the user does not exist, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("caishen-no-such-user")


class Permission(str, enum.Enum):
    search = "search"  # 检索
    read_document = "read_document"  # 查看全文
    similar = "similar"  # 类案
    compare = "compare"  # 裁审比对
    statistics = "statistics"  # 统计
    export = "export"  # 导出
    review = "review"  # 分歧研判（本案机构，或参与机制机构的分析人员）
    inbox = "inbox"  # 裁审动态（收件箱与订阅源）
    manage_users = "manage_users"  # 用户管理（本机构）
    manage_ingest = "manage_ingest"  # 导入与隔离区
    read_audit = "read_audit"  # 审计日志


_CASEWORK = {
    Permission.search,
    Permission.read_document,
    Permission.similar,
    Permission.compare,
    Permission.statistics,
    Permission.export,
    Permission.review,
    Permission.inbox,
}
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.judge: frozenset(_CASEWORK),
    Role.arbitrator: frozenset(_CASEWORK),
    Role.analyst: frozenset(_CASEWORK),
    Role.admin: frozenset(
        {
            Permission.search,
            Permission.read_document,
            Permission.statistics,
            Permission.manage_users,
            Permission.manage_ingest,
            Permission.read_audit,
        }
    ),
}
# Roles that read natural persons' names, ID numbers, phones and addresses as written; everyone else, and every
# export, sees them masked.
FULL_TEXT_ROLES = frozenset({Role.judge, Role.arbitrator})


class AuthError(ValueError):
    """A user cannot be created or a credential is not acceptable; the message says why."""


def allowed(user: User, permission: Permission) -> bool:
    return user.active and permission in MATRIX[user.role]


def sees_full_text(user: User) -> bool:
    return user.role in FULL_TEXT_ROLES


def create_user(session: Session, username: str, password: str, role: str, institution: str) -> User:
    username, institution = username.strip(), institution.strip()
    if not username or len(username) > 64:
        raise AuthError("用户名须为 1 至 64 个字符")
    if role not in Role.__members__:
        raise AuthError(
            f"没有“{role}”这一角色，可选：{'、'.join(f'{r}（{ROLE_LABELS[r]}）' for r in Role.__members__)}"
        )
    if not institution:
        raise AuthError("每个用户须属于一个机构（仲裁委或法院）")
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AuthError(f"用户名“{username}”已被使用")
    user = User(
        username=username, password_hash=generate_password_hash(password), role=Role(role), institution=institution
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    user.password_hash = generate_password_hash(password)
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))  # signed out everywhere


def demo_users(session: Session, institutions: dict[str, str] | None = None) -> dict[str, str]:
    """One user per role for the demo, each with a fresh random password (returned, never stored in clear), in the
    institution given for its role (else 演示机构)."""
    out = {}
    for role in Role:
        name = f"demo-{role.value}"
        password = secrets.token_urlsafe(12)
        institution = (institutions or {}).get(role.value) or "演示机构"
        user = session.scalar(select(User).where(User.username == name))
        if user is None:
            create_user(session, name, password, role.value, institution)
        else:
            set_password(session, user, password)
            user.institution = institution
        out[name] = password
    return out


def demo_institutions(session: Session) -> dict[str, str]:
    """Where the demo's users work, so that the inbox and reviews have something to show: the arbitrator and the
    analyst at the commission whose awards courts changed most, the judge at the court that changed them most."""
    from sqlalchemy import func

    from store.models import ClaimComparison

    top = session.execute(
        select(ClaimComparison.commission, ClaimComparison.court, func.count())
        .where(
            ClaimComparison.divergent.is_(True),
            ClaimComparison.commission.is_not(None),
            ClaimComparison.court.is_not(None),
        )
        .group_by(ClaimComparison.commission, ClaimComparison.court)
        .order_by(func.count().desc(), ClaimComparison.commission)
    ).first()
    if top is None:
        return {}
    commission, court, _ = top
    return {"arbitrator": commission, "analyst": commission, "judge": court, "admin": commission}


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    return user if user is not None and ok and user.active else None


# Sign-in throttling: after LOCK_AFTER failures for one account or from one address within FAILURE_WINDOW, attempts
# are refused (without looking at the password) for a delay that doubles with each further failure.
LOCK_AFTER = 5
FAILURE_WINDOW = timedelta(minutes=15)
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)
_REPLAYED = timedelta(days=1)  # how far back the failures are read


@dataclass(frozen=True)
class SignIn:
    user: User | None  # None: refused
    retry_after: int | None = None  # seconds, when refused because of a lock-out


def sign_in(session: Session, username: str, password: str, remote_addr: str | None, via: str | None = None) -> SignIn:
    """Check a password unless the account or the address is locked out; every attempt is audited (login,
    login_failed, or login_locked with the seconds left), and the failures audited are what the lock-out counts."""
    detail = {"via": via} if via else {}
    now = utcnow()
    until = max(
        (
            t
            for t in (
                _locked_until(session, AuditEvent.username == username[:64], True, now),
                _locked_until(session, AuditEvent.remote_addr == remote_addr, False, now) if remote_addr else None,
            )
            if t is not None
        ),
        default=None,
    )
    if until is not None and until > now:
        wait = max(1, int((until - now).total_seconds() + 0.999))
        audit(
            session, "login_locked", username=username, detail=dict(detail, retry_after=wait), remote_addr=remote_addr
        )
        return SignIn(None, wait)
    user = authenticate(session, username, password)
    audit(
        session,
        "login" if user else "login_failed",
        user=user,
        username=username,
        detail=detail,
        remote_addr=remote_addr,
    )
    return SignIn(user)


def _locked_until(session: Session, who, success_resets: bool, now: datetime) -> datetime | None:
    """When the lock-out of an account or address ends (None: not locked). The failures are replayed in order: a
    streak grows while failures come within the window of each other, and once locked, while each comes within the
    window after its lock-out ended; a successful sign-in ends an account's streak (not an address's: a guesser
    could sign in to an account of their own)."""
    actions = ["login_failed", "login"] if success_resets else ["login_failed"]
    events = session.execute(
        select(AuditEvent.at, AuditEvent.action)
        .where(who, AuditEvent.action.in_(actions), AuditEvent.at >= now - _REPLAYED)
        .order_by(AuditEvent.at)
    ).all()
    streak: list[datetime] = []
    for at, action in events:
        if action == "login":
            streak = []
        elif len(streak) >= LOCK_AFTER:
            if at - streak[-1] > FAILURE_WINDOW + _lock(len(streak)):
                streak = []
            streak.append(at)
        else:
            streak = [t for t in streak if at - t <= FAILURE_WINDOW] + [at]
    return streak[-1] + _lock(len(streak)) if len(streak) >= LOCK_AFTER else None


def _lock(failures: int) -> timedelta:
    return min(FIRST_LOCK * 2 ** min(failures - LOCK_AFTER, 12), LONGEST_LOCK)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User) -> tuple[str, WebSession]:
    """A new browser session; returns the cookie's token (only its hash is stored) and the row."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=_digest(token),
        user=user,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + SESSION_LIFETIME,
    )
    session.add(row)
    session.flush()
    return token, row


def _live(session: Session, model, token: str | None):
    """The session or API token row of this token, unless unknown, expired, revoked or its user deactivated."""
    if not token:
        return None
    # The user in the same query: every signed-in request needs both, and the token with its user loaded after was
    # a sixth of a search.
    row = session.scalar(select(model).options(joinedload(model.user)).where(model.token_hash == _digest(token)))
    if row is None or row.expires_at <= utcnow() or not row.user.active or getattr(row, "revoked_at", None):
        return None
    return row


def find_session(session: Session, token: str | None) -> WebSession | None:
    return _live(session, WebSession, token)


def end_session(session: Session, token: str | None) -> None:
    row = find_session(session, token)
    if row is not None:
        session.delete(row)


def issue_token(session: Session, user: User, lifetime: timedelta = TOKEN_LIFETIME) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = utcnow() + lifetime
    session.add(ApiToken(token_hash=_digest(token), user=user, expires_at=expires))
    session.flush()
    return token, expires


def find_token(session: Session, token: str | None) -> ApiToken | None:
    return _live(session, ApiToken, token)


def revoke_token(session: Session, token: str) -> bool:
    row = find_token(session, token)
    if row is None:
        return False
    row.revoked_at = utcnow()
    return True


def audit(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    username: str | None = None,
    target: str | None = None,
    detail: dict | None = None,
    remote_addr: str | None = None,
) -> None:
    # What was typed is kept as far as the column holds: a failed login with a megabyte of name is still recorded.
    typed = (user.username if user else username) or ""
    session.add(
        AuditEvent(
            user_id=user.id if user else None,
            username=typed[:64],
            action=action,
            target=(target or "")[:300] or None,
            detail=detail or {},
            remote_addr=remote_addr,
        )
    )
