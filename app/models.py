"""The data model: documents, proceedings grouped into disputes, parties, claims, outcomes, claim comparisons
(divergences), ingest runs."""

from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import JSON, Enum, ForeignKey, Index, LargeBinary, MetaData, Numeric, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from nlp.model import Outcome, Stage  # the stages and outcomes extraction reads are the ones stored

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def money(value: float | None) -> Decimal | None:
    """An amount as stored (Numeric(14, 2))."""
    return None if value is None else Decimal(str(round(value, 2)))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as VARCHAR with the enum's values, so PostgreSQL and SQLite hold the same text.
    return Enum(cls, native_enum=False, create_constraint=False, length=32,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class DocumentKind(str, enum.Enum):
    arbitration_award = "arbitration_award"  # 仲裁裁决书
    judgment = "judgment"  # 判决书
    ruling = "ruling"  # 裁定书
    hearing_note = "hearing_note"  # 庭审要点 / 庭审笔录
    mediation_record = "mediation_record"  # 调解书 / 调解笔录
    execution_record = "execution_record"  # 执行情况
    other = "other"


# Stages are declared in chain order; a stage's rank says which comes before which.
STAGE_RANK = {s.value: i for i, s in enumerate(Stage)}


class PartyKind(str, enum.Enum):
    person = "person"
    organisation = "organisation"


class OrgCategory(str, enum.Enum):
    platform = "platform"  # 平台
    contractor = "contractor"  # 外包 / 站点 / 劳务派遣
    other = "other"


class PartyRole(str, enum.Enum):
    applicant = "applicant"  # 申请人
    respondent = "respondent"  # 被申请人
    plaintiff = "plaintiff"  # 原告
    defendant = "defendant"  # 被告
    appellant = "appellant"  # 上诉人
    appellee = "appellee"  # 被上诉人
    third_party = "third_party"  # 第三人


class Direction(str, enum.Enum):
    pro_worker = "pro_worker"
    pro_employer = "pro_employer"
    same = "same"


class Role(str, enum.Enum):
    judge = "judge"  # 法官
    arbitrator = "arbitrator"  # 仲裁员
    analyst = "analyst"  # 分析人员
    admin = "admin"  # 管理员


class RunStatus(str, enum.Enum):
    running = "running"
    completed = "completed"
    failed = "failed"


class Dispute(Base):
    """One case chain: 仲裁 → 一审 → 二审 → 执行."""

    __tablename__ = "dispute"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None while the dispute has changed since its claims were last compared (a crash leaves it None: redone later).
    analysed_at: Mapped[datetime | None] = mapped_column(index=True)

    proceedings: Mapped[list[Proceeding]] = relationship(back_populates="dispute", order_by="Proceeding.decision_date")
    comparisons: Mapped[list[ClaimComparison]] = relationship(back_populates="dispute", order_by="ClaimComparison.ordinal",
                                                             passive_deletes=True)


class Proceeding(Base):
    """One stage of a dispute before one body, identified by its case number."""

    __tablename__ = "proceeding"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id"), index=True)
    stage: Mapped[Stage | None] = mapped_column(_enum(Stage))
    body: Mapped[str | None] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(32), index=True)
    city: Mapped[str | None] = mapped_column(String(64))
    case_number_raw: Mapped[str | None] = mapped_column(String(120))
    case_number: Mapped[str | None] = mapped_column(String(120), unique=True)
    decision_date: Mapped[date | None]
    link_confidence: Mapped[float | None]  # how sure the chain link to its dispute is (1.0 = cited number)

    dispute: Mapped[Dispute | None] = relationship(back_populates="proceedings")
    documents: Mapped[list[Document]] = relationship(back_populates="proceeding")
    parties: Mapped[list[ProceedingParty]] = relationship(back_populates="proceeding", cascade="all, delete-orphan")


class Document(Base):
    """One source file or record, as read, with its provenance and the extractor version that read it."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind), index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(String(1000))
    source_member: Mapped[str | None] = mapped_column(String(500))  # archive member or row number
    source_format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16), default="zh")
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)
    indexed_at: Mapped[datetime | None] = mapped_column(index=True)  # None until the search index holds it
    extractor_version: Mapped[str] = mapped_column(String(32))
    proceeding_id: Mapped[int | None] = mapped_column(ForeignKey("proceeding.id"), index=True)
    extraction: Mapped[dict | None] = mapped_column(JSON)  # derived fields not yet normalised into tables

    proceeding: Mapped[Proceeding | None] = relationship(back_populates="documents")
    claims: Mapped[list[Claim]] = relationship(back_populates="document", cascade="all, delete-orphan")


class DocumentFeatures(Base):
    """What similar-case ranking compares of a document, stored when it is indexed so that a query reads it instead of
    segmenting and counting each candidate again (app/services/similar.py): the tokens of its facts and their
    character n-gram counts (nlp.similar.grams_to_bytes), as written and as masked readers read them."""

    __tablename__ = "document_features"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    tokens: Mapped[str] = mapped_column(Text)  # joined by spaces
    grams: Mapped[bytes] = mapped_column(LargeBinary)
    masked_tokens: Mapped[str] = mapped_column(Text)
    masked_grams: Mapped[bytes] = mapped_column(LargeBinary)


class Party(Base):
    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[PartyKind] = mapped_column(_enum(PartyKind))
    org_category: Mapped[OrgCategory | None] = mapped_column(_enum(OrgCategory))


class ProceedingParty(Base):
    """A party's role in one proceeding."""

    __tablename__ = "proceeding_party"
    __table_args__ = (UniqueConstraint("proceeding_id", "party_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("proceeding.id", ondelete="CASCADE"))
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    role: Mapped[PartyRole] = mapped_column(_enum(PartyRole))

    proceeding: Mapped[Proceeding] = relationship(back_populates="parties")
    party: Mapped[Party] = relationship()


class Claim(Base):
    """One numbered request as raised in one document (仲裁请求 / 诉讼请求 / 上诉请求)."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int]
    claim_type: Mapped[str] = mapped_column(String(32), index=True)
    claimant: Mapped[str] = mapped_column(String(16), server_default="worker")  # worker (劳动者) or employer (用人单位)
    negated: Mapped[bool] = mapped_column(server_default=false())  # an employer's 无需支付 / 不存在劳动关系
    claimant_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    amount_claimed: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))

    document: Mapped[Document] = relationship(back_populates="claims")
    outcomes: Mapped[list[ClaimOutcome]] = relationship(back_populates="claim", cascade="all, delete-orphan")


class ClaimOutcome(Base):
    """How one proceeding decided one claim, stated from the worker's side, with the decision text's span.

    A judgment that recites the award gives the award's outcomes too: document_id is the document read.
    """

    __tablename__ = "claim_outcome"
    __table_args__ = (UniqueConstraint("claim_id", "proceeding_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("proceeding.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome))
    amount_awarded: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]

    claim: Mapped[Claim] = relationship(back_populates="outcomes")
    proceeding: Mapped[Proceeding] = relationship()
    document: Mapped[Document | None] = relationship()


class ClaimComparison(Base):
    """One request aligned across a dispute's stages: what each stage decided, whether the court's final decision
    departs from the award (分歧), in which direction, of which type, and the sentences that say why.

    The dispute's attributes (region, bodies, year, platform, occupation, mode) are copied in, so that statistics
    and exports read one table."""

    __tablename__ = "claim_comparison"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int]
    claim_type: Mapped[str] = mapped_column(String(32), index=True)
    claimant: Mapped[str] = mapped_column(String(16))
    claim_text: Mapped[str] = mapped_column(Text)
    amount_claimed: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    arbitration_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    arbitration_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    first_instance_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    first_instance_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    second_instance_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    second_instance_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    retrial_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    retrial_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    court_stage: Mapped[Stage | None] = mapped_column(_enum(Stage))  # the court stage compared with the award
    divergent: Mapped[bool | None] = mapped_column(index=True)  # None when the award or the court's decision is missing
    direction: Mapped[Direction | None] = mapped_column(_enum(Direction))
    change: Mapped[str] = mapped_column(String(120))
    divergence_type: Mapped[str | None] = mapped_column(String(32), index=True)  # the machine's (a review may differ)
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # [{stage, document_id, start, end, quote}]
    decisions: Mapped[dict] = mapped_column(JSON, default=dict)  # stage → {document_id, start, end, recited}
    claim_ids: Mapped[list] = mapped_column(JSON, default=list)
    arbitration_case_number: Mapped[str | None] = mapped_column(String(120))
    court_case_number: Mapped[str | None] = mapped_column(String(120))
    province: Mapped[str | None] = mapped_column(String(32), index=True)
    city: Mapped[str | None] = mapped_column(String(64))
    commission: Mapped[str | None] = mapped_column(String(200), index=True)
    court: Mapped[str | None] = mapped_column(String(200), index=True)
    year: Mapped[int | None] = mapped_column(index=True)
    decision_date: Mapped[date | None] = mapped_column(index=True)  # the compared court decision's (else the award's)
    # Which request this is, in words that survive re-extraction and re-analysis (app.services.reviews.claim_key):
    # a review (DivergenceReview) is attached to the comparison of the same key.
    claim_key: Mapped[str | None] = mapped_column(String(300), index=True)
    platform_work: Mapped[bool | None]
    platform: Mapped[str | None] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(64))
    employment_mode: Mapped[str | None] = mapped_column(String(32))

    dispute: Mapped[Dispute] = relationship(back_populates="comparisons")


class IngestRun(Base):
    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[RunStatus] = mapped_column(_enum(RunStatus), default=RunStatus.running)
    paths: Mapped[list] = mapped_column(JSON, default=list)
    files_seen: Mapped[int] = mapped_column(default=0)
    documents_new: Mapped[int] = mapped_column(default=0)
    documents_existing: Mapped[int] = mapped_column(default=0)
    quarantined: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict | None] = mapped_column(JSON)

    quarantined_files: Mapped[list[QuarantinedFile]] = relationship(back_populates="run")


class QuarantinedFile(Base):
    """A file or record that could not be ingested, and why."""

    __tablename__ = "quarantined_file"
    __table_args__ = (Index("ix_quarantined_file_path", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_run.id"), index=True)
    path: Mapped[str] = mapped_column(String(1000))
    member: Mapped[str | None] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[IngestRun] = relationship(back_populates="quarantined_files")


class User(Base):
    """A person who signs in: one role, one institution (a commission or a court)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(_enum(Role))
    institution: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    inbox_seen_at: Mapped[datetime | None]  # when the user last looked at the inbox: what arrived since is new


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    user: Mapped[User] = relationship()


class ApiToken(Base):
    """A bearer token for the JSON API; it expires, and can be revoked before."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """Who did what, when: every login (success or failure), full-document view, similar-case query and export."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    username: Mapped[str] = mapped_column(String(64))  # as typed, for failed logins too
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(String(64))


class SideRecord(Base):
    """One row of structured side data for the employment-form portrait: a platform's operating indicators, an
    industry's employment figures, or workers' income and complaints (schemas: ingest/side_schemas.toml).

    The dimensions the portrait joins on are columns; each kind's own measures are in `figures`."""

    __tablename__ = "side_record"
    __table_args__ = (Index("ix_side_record_kind_year", "kind", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # platform_indicator, industry_employment, worker_report
    record_key: Mapped[str] = mapped_column(String(64), unique=True)  # hash of the kind's key (or of the whole row)
    platform: Mapped[str | None] = mapped_column(String(200), index=True)
    region: Mapped[str | None] = mapped_column(String(32), index=True)
    occupation: Mapped[str | None] = mapped_column(String(64))
    employment_mode: Mapped[str | None] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(16))  # 2024, 2024-05, 2024-Q2
    year: Mapped[int]
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    source_path: Mapped[str] = mapped_column(String(1000))
    source_member: Mapped[str | None] = mapped_column(String(500))
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)


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
        back_populates="review", order_by="DivergenceReviewRevision.number", cascade="all, delete-orphan",
        passive_deletes=True)


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
