"""What people make of the cases: warnings raised, saved searches, divergence reviews and inbox marks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.models.base import Base, utcnow


class RiskWarning(Base):
    """A warning a rule in config/warnings.toml raised for one subject (a platform, a region and mode …).

    Re-evaluated after every ingest: a warning that still holds keeps its first_seen; one that no longer holds is
    marked resolved."""

    __tablename__ = "risk_warning"
    __table_args__ = (UniqueConstraint("rule", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)


class SavedSearch(Base):
    """A user's saved search; it reports the matching documents ingested since the user last looked."""

    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(String(1000))
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class DivergenceReview(Base):
    """A person's review (分歧研判) of one divergent claim: the type confirmed or corrected, the quotes that give the
    reason, a note, and whether the standard should be unified (尺度待统一) with the rule proposed.

    One review a claim, shared by the commission and the court, each change kept in its revisions. It is tied to the
    claim by claim_key, not to a comparison row: re-analysis replaces the rows and never the review, and a review
    whose claim no longer diverges (or is no longer found) is kept and flagged."""

    __tablename__ = "divergence_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_key: Mapped[str] = mapped_column(String(300), unique=True)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id", ondelete="SET NULL"), index=True)
    claim_type: Mapped[str] = mapped_column(String(32))
    claim_text: Mapped[str] = mapped_column(Text, default="")  # as stored; masked when shown to a masked reader
    machine_type: Mapped[str | None] = mapped_column(String(32))  # the machine's type when last reviewed
    divergence_type: Mapped[str] = mapped_column(String(32), index=True)  # the reviewed type
    quotes: Mapped[list] = mapped_column(JSON, default=list)  # [{stage, document_id, start, end, quote, chosen_by}]
    note: Mapped[str] = mapped_column(Text, default="")
    to_unify: Mapped[bool] = mapped_column(server_default=false(), index=True)  # 尺度待统一
    proposed_rule: Mapped[str] = mapped_column(Text, default="")
    flag: Mapped[str | None] = mapped_column(String(32))  # no_longer_divergent, claim_missing; None while it diverges
    flagged_at: Mapped[datetime | None]
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_institution: Mapped[str] = mapped_column(String(200))

    revisions: Mapped[list[DivergenceReviewRevision]] = relationship(
        back_populates="review",
        order_by="DivergenceReviewRevision.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class DivergenceReviewRevision(Base):
    """One change of a review: who (or re-analysis, with no user), when, and each field before and after."""

    __tablename__ = "divergence_review_revision"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("divergence_review.id", ondelete="CASCADE"))
    number: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    username: Mapped[str | None] = mapped_column(String(64))  # None: re-analysis flagged or cleared the review
    role: Mapped[str | None] = mapped_column(String(16))
    institution: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))  # created, changed, flagged, unflagged
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field → [before, after]

    review: Mapped[DivergenceReview] = relationship(back_populates="revisions")


class InboxMark(Base):
    """What a user did with one inbox item: read it, or took it into review (分歧研判)."""

    __tablename__ = "inbox_mark"
    __table_args__ = (UniqueConstraint("user_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # read, in_review
    at: Mapped[datetime] = mapped_column(default=utcnow)
