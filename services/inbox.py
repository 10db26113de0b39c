"""The inbox (裁审动态) of an institution: for a commission, the court decisions that changed its awards (which claims,
how, why); for a court, the awards behind the cases before it. Each item is new when it arrived after the user's
last look, and can be marked read or taken into review. The same items make the JSON feed and the Atom feed that an
institution's own case system subscribes to.

Items are derived from the claim comparisons and proceedings each time (nothing to keep in step); what a user did
with an item is kept by its key, a number made from the case numbers it is about.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import delete, func, select, true
from sqlalchemy.orm import Session

from nlp.masking import mask
from services.corpus import persons_by_dispute, quoted
from store.models import (
    DECIDING_KINDS,
    ClaimComparison,
    DivergenceReview,
    Document,
    InboxMark,
    Proceeding,
    Stage,
    User,
    utcnow,
)
from wording.labels import DIRECTION_LABELS, INBOX_KIND_LABELS, STAGE_LABELS, local_time, outcome_text

KINDS = ("award_changed", "award_behind_case")
STATUSES = ("read", "in_review")
COURT_STAGES = (Stage.first_instance, Stage.second_instance, Stage.retrial)


class UnknownItem(LookupError):
    """The item is not in this user's inbox."""


@dataclass(frozen=True)
class Head:
    """An item before its details are read: enough to count, sort and mark it."""

    key: str
    kind: str
    dispute_id: int
    arbitration_case_number: str | None
    court_case_number: str | None
    commission: str | None
    court: str | None
    court_stage: str | None
    decision_date: date | None
    arrived_at: datetime | None


@dataclass
class ItemClaim:
    ordinal: int
    claim_type: str
    award: str  # 驳回 / 支持 8,000元 / —
    court: str
    change: str
    divergent: bool | None
    direction: str | None
    divergence_type: str | None  # the reviewed type where reviewed, else the machine's
    machine_divergence_type: str | None
    reviewed: bool
    to_unify: bool
    review_note: str | None
    reasons: list[dict]  # [{source, quote}] as this reader may read them


@dataclass
class InboxItem:
    key: str
    kind: str
    title: str
    dispute_id: int
    arbitration_case_number: str | None
    court_case_number: str | None
    commission: str | None
    court: str | None
    court_stage: str | None
    decision_date: str | None
    arrived_at: datetime | None
    new: bool
    status: str  # unread, read, in_review
    claims: list[ItemClaim] = field(default_factory=list)

    @property
    def changed(self) -> list[ItemClaim]:
        return [c for c in self.claims if c.divergent]

    def first_claim(self) -> int | None:
        """The claim to open when the item is taken into review: the first that diverges, else the first."""
        chosen = self.changed or self.claims
        return chosen[0].ordinal if chosen else None

    def to_dict(self) -> dict:
        out = asdict(self)
        out["arrived_at"] = _iso(self.arrived_at)
        out["links"] = {
            "compare": f"/disputes/{self.dispute_id}/compare",
            **(
                {"review": f"/disputes/{self.dispute_id}/claims/{n}/review"}
                if (n := self.first_claim()) is not None and self.changed
                else {}
            ),
        }
        return out


def _key(*parts) -> str:
    """A short number for an item (digits only: it goes in URLs and audit targets)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return str(int(digest[:12], 16))


def heads(session: Session, institution: str) -> list[Head]:
    """Every item of an institution, the latest arrived first: court decisions departing from its awards (as a
    commission), awards behind its cases (as a court). An institution that is neither has none."""
    out = _unordered_heads(session, institution)
    arrived = _arrivals(session, {h.dispute_id for h in out})
    out = [replace(h, arrived_at=arrived.get(h.dispute_id)) for h in out]
    return sorted(out, key=lambda h: (h.arrived_at or datetime.min, h.decision_date or date.min, h.key), reverse=True)


def _unordered_heads(session: Session, institution: str) -> list[Head]:
    """heads() in no order and without arrival times: what a count needs (the navigation of every page shows one)."""
    name = (institution or "").strip()
    if not name:
        return []
    out: list[Head] = []
    changed = session.execute(
        select(
            ClaimComparison.dispute_id,
            ClaimComparison.court_case_number,
            ClaimComparison.arbitration_case_number,
            ClaimComparison.commission,
            ClaimComparison.court,
            ClaimComparison.court_stage,
            func.max(ClaimComparison.decision_date),
        )
        .where(ClaimComparison.commission == name, ClaimComparison.divergent == true())
        .group_by(
            ClaimComparison.dispute_id,
            ClaimComparison.court_case_number,
            ClaimComparison.arbitration_case_number,
            ClaimComparison.commission,
            ClaimComparison.court,
            ClaimComparison.court_stage,
        )
    ).all()
    for dispute, court_number, award_number, commission, court, stage, decided in changed:
        out.append(
            Head(
                _key("changed", dispute if award_number is None else award_number, court_number),
                "award_changed",
                dispute,
                award_number,
                court_number,
                commission,
                court,
                stage.value if stage else None,
                decided,
                None,
            )
        )
    cases = session.execute(
        select(Proceeding.dispute_id, Proceeding.case_number_raw, Proceeding.stage, Proceeding.decision_date).where(
            Proceeding.body == name, Proceeding.stage.in_(COURT_STAGES), Proceeding.dispute_id.is_not(None)
        )
    ).all()
    if cases:
        awards = {
            d: (n, c)
            for d, n, c in session.execute(
                select(
                    ClaimComparison.dispute_id,
                    func.max(ClaimComparison.arbitration_case_number),
                    func.max(ClaimComparison.commission),
                )
                .where(
                    ClaimComparison.dispute_id.in_({c.dispute_id for c in cases}),
                    ClaimComparison.arbitration_outcome.is_not(None),
                )
                .group_by(ClaimComparison.dispute_id)
            )
        }
        for dispute, number, stage, decided in cases:
            if dispute in awards:
                award_number, commission = awards[dispute]
                out.append(
                    Head(
                        _key("award", dispute if number is None else number),
                        "award_behind_case",
                        dispute,
                        award_number,
                        number,
                        commission,
                        name,
                        stage.value,
                        decided,
                        None,
                    )
                )
    return out


def _arrivals(session: Session, disputes: set[int]) -> dict[int, datetime]:
    """When each dispute's latest decision (award, judgment or ruling) was ingested: when its item became whole."""
    if not disputes:
        return {}
    return dict(
        session.execute(
            select(Proceeding.dispute_id, func.max(Document.ingested_at))
            .join(Document, Document.proceeding_id == Proceeding.id)
            .where(Proceeding.dispute_id.in_(disputes), Document.kind.in_(DECIDING_KINDS))
            .group_by(Proceeding.dispute_id)
        ).all()
    )


def marks(session: Session, user_id: int) -> dict[str, str]:
    return dict(session.execute(select(InboxMark.item_key, InboxMark.status).where(InboxMark.user_id == user_id)).all())


def unread_count(session: Session, user_id: int, institution: str) -> int:
    """The count on the navigation: items neither read nor taken into review."""
    done = marks(session, user_id)
    return sum(h.key not in done for h in _unordered_heads(session, institution))


@dataclass
class Inbox:
    institution: str
    last_look: datetime | None
    total: int
    unread: int
    new: int
    items: list[InboxItem]
    roles: list[str]  # which kinds the institution has: award_changed (a commission), award_behind_case (a court)

    def to_dict(self) -> dict:
        return {
            "institution": self.institution,
            "last_look": _iso(self.last_look),
            "total": self.total,
            "unread": self.unread,
            "new": self.new,
            "items": [i.to_dict() for i in self.items],
        }


def inbox(
    session: Session,
    user,
    full_text: bool,
    *,
    unread_only: bool = False,
    since: datetime | None = None,
    kind: str | None = None,
    limit: int = 100,
) -> Inbox:
    """The user's inbox as this reader may read it (quotes and notes masked unless full_text): the latest `limit`
    items, or only the unread, or only those arrived since a time, or of one kind."""
    row = session.get(User, user.id)
    last_look = row.inbox_seen_at if row else None
    done = marks(session, user.id)
    every = heads(session, user.institution)
    chosen = [
        h
        for h in every
        if (not unread_only or h.key not in done)
        and (since is None or (h.arrived_at is not None and h.arrived_at > since))
        and (kind is None or h.kind == kind)
    ]
    items = details(session, chosen[:limit], done, last_look, full_text)
    return Inbox(
        institution=user.institution,
        last_look=last_look,
        total=len(every),
        unread=sum(h.key not in done for h in every),
        new=sum(_is_new(h, last_look) for h in every),
        items=items,
        roles=sorted({h.kind for h in every}, key=KINDS.index),
    )


def _is_new(h: Head, last_look: datetime | None) -> bool:
    return last_look is None or (h.arrived_at is not None and h.arrived_at > last_look)


def details(
    session: Session, chosen: list[Head], done: dict[str, str], last_look: datetime | None, full_text: bool
) -> list[InboxItem]:
    from services.disputes import dispute_title
    from services.stats import FIELDS, with_reviews

    if not chosen:
        return []
    disputes = {h.dispute_id for h in chosen}
    rows = session.execute(
        with_reviews(
            select(
                ClaimComparison,
                FIELDS["divergence_type"],
                FIELDS["reviewed"],
                FIELDS["to_unify"],
                DivergenceReview.note.label("review_note"),
            )
        )
        .where(ClaimComparison.dispute_id.in_(disputes))
        .order_by(ClaimComparison.dispute_id, ClaimComparison.ordinal)
    ).all()
    by_dispute: dict[int, list] = {}
    for r in rows:
        by_dispute.setdefault(r[0].dispute_id, []).append(r)
    persons = {} if full_text else persons_by_dispute(session, disputes)
    out = []
    for h in chosen:
        claims = []
        for c, effective, reviewed, to_unify, note in by_dispute.get(h.dispute_id, []):
            if h.kind == "award_changed" and not (c.divergent and c.court_case_number == h.court_case_number):
                continue
            if h.kind == "award_behind_case" and c.arbitration_outcome is None:
                continue
            court = (
                (getattr(c, f"{c.court_stage.value}_outcome"), getattr(c, f"{c.court_stage.value}_amount"))
                if c.court_stage
                else (None, None)
            )
            reasons = quoted(session, list(c.evidence or []), full_text) if c.divergent else []
            names = persons.get(h.dispute_id, ())
            claims.append(
                ItemClaim(
                    ordinal=c.ordinal,
                    claim_type=c.claim_type,
                    award=outcome_text(_value(c.arbitration_outcome), _float(c.arbitration_amount)),
                    court=outcome_text(_value(court[0]), _float(court[1])),
                    change=c.change,
                    divergent=c.divergent,
                    direction=_value(c.direction),
                    divergence_type=effective if c.divergent else None,
                    machine_divergence_type=c.divergence_type,
                    reviewed=bool(reviewed),
                    to_unify=bool(to_unify),
                    review_note=(note if full_text else mask(note, names)) if reviewed and note else None,
                    reasons=[{"source": r.get("stage"), "quote": r["quote"]} for r in reasons],
                )
            )
        title = dispute_title(session, h.dispute_id, full_text) or f"案件链 {h.dispute_id}"
        out.append(
            InboxItem(
                key=h.key,
                kind=h.kind,
                title=title,
                dispute_id=h.dispute_id,
                arbitration_case_number=h.arbitration_case_number,
                court_case_number=h.court_case_number,
                commission=h.commission,
                court=h.court,
                court_stage=h.court_stage,
                decision_date=h.decision_date.isoformat() if h.decision_date else None,
                arrived_at=h.arrived_at,
                new=_is_new(h, last_look),
                status=done.get(h.key, "unread"),
                claims=claims,
            )
        )
    return out


def mark(session: Session, user, key: str, status: str) -> Head:
    """Mark an item of the user's inbox read or taken into review (in_review), or unread again; returns it."""
    if status not in (*STATUSES, "unread"):
        raise ValueError(f"status must be one of read, in_review, unread, not {status!r}")
    found = next((h for h in heads(session, user.institution) if h.key == key), None)
    if found is None:
        raise UnknownItem(f"no item {key} in this inbox")
    session.execute(delete(InboxMark).where(InboxMark.user_id == user.id, InboxMark.item_key == key))
    if status != "unread":
        session.add(InboxMark(user_id=user.id, item_key=key, status=status, at=utcnow()))
    return found


def mark_all_read(session: Session, user) -> int:
    """Every unread item read; returns how many."""
    done = marks(session, user.id)
    fresh = [h.key for h in heads(session, user.institution) if h.key not in done]
    session.add_all(InboxMark(user_id=user.id, item_key=k, status="read", at=utcnow()) for k in fresh)
    return len(fresh)


def looked(session: Session, user_id: int) -> None:
    """The user looked at the inbox now: later arrivals are new."""
    row = session.get(User, user_id)
    if row is not None:
        row.inbox_seen_at = utcnow()


def atom(box: Inbox, base_url: str, updated: datetime) -> str:
    """The inbox as an Atom feed (RFC 4287): one entry an item, its links absolute."""
    base = base_url.rstrip("/")
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"caishen:inbox:{box.institution}")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<id>urn:uuid:{feed_id}</id>",
        f"<title>{escape(box.institution)} · 裁审动态</title>",
        f"<updated>{_iso(max((i.arrived_at for i in box.items if i.arrived_at), default=updated))}</updated>",
        "<author><name>caishen 裁审</name></author>",
        f'<link rel="self" href={quoteattr(base + "/api/v1/feed.atom")}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(base + "/inbox")}/>',
    ]
    for item in box.items:
        entry_id = uuid.uuid5(uuid.NAMESPACE_URL, f"caishen:inbox:{box.institution}:{item.key}")
        lines += [
            "<entry>",
            f"<id>urn:uuid:{entry_id}</id>",
            f"<title>{escape(entry_title(item))}</title>",
            f"<updated>{_iso(item.arrived_at or updated)}</updated>",
            f'<link rel="alternate" type="text/html" href={quoteattr(base + item.to_dict()["links"]["compare"])}/>',
            f"<category term={quoteattr(item.kind)} label={quoteattr(INBOX_KIND_LABELS[item.kind])}/>",
            f'<summary type="text">{escape(entry_text(item))}</summary>',
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def entry_title(item: InboxItem) -> str:
    if item.kind == "award_changed":
        return (
            f"{STAGE_LABELS.get(item.court_stage, '法院')} {item.court_case_number or ''} 改变了仲裁裁决 "
            f"{item.arbitration_case_number or ''}（{len(item.changed)} 项请求）"
        )
    return f"本院 {item.court_case_number or ''} 案的仲裁裁决 {item.arbitration_case_number or ''}"


def entry_text(item: InboxItem) -> str:
    """Which claims, how and why, one line a claim."""
    lines = [
        f"{item.title}；{item.commission or ''} → {item.court or ''}；裁判日期 {item.decision_date or '不详'}；"
        f"收到 {local_time(item.arrived_at, minutes_only=True)}"
    ]
    for c in item.claims:
        how = f"{c.award} → {c.court}"
        if c.divergent:
            how += (
                f"（{DIRECTION_LABELS.get(c.direction, '')}；{c.divergence_type or '类型未识别'}"
                + ("，已研判" if c.reviewed else "")
                + ("，尺度待统一" if c.to_unify else "")
                + "）"
            )
        why = "；理由：" + " ｜ ".join(r["quote"] for r in c.reasons) if c.reasons else ""
        lines.append(f"{c.ordinal}. {c.claim_type}：{how}{why}")
    return "\n".join(lines)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def _value(v):
    return getattr(v, "value", v)


def _float(v) -> float | None:
    return None if v is None else float(v)
