"""The cases: disputes (case chains), their proceedings and documents, parties, claims, outcomes and the claim
comparisons (divergences)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, LargeBinary, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nlp.model import Outcome, Stage
from store.models.base import Base, Direction, DocumentKind, OrgCategory, PartyKind, PartyRole, stored_enum, utcnow


class Dispute(Base):
    """One case chain: 仲裁 → 一审 → 二审 → 执行."""

    __tablename__ = "dispute"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None while the dispute has changed since its claims were last compared (a crash leaves it None: redone later).
    analysed_at: Mapped[datetime | None] = mapped_column(index=True)

    proceedings: Mapped[list[Proceeding]] = relationship(back_populates="dispute", order_by="Proceeding.decision_date")
    comparisons: Mapped[list[ClaimComparison]] = relationship(
        back_populates="dispute", order_by="ClaimComparison.ordinal", passive_deletes=True
    )


class Proceeding(Base):
    """One stage of a dispute before one body, identified by its case number."""

    __tablename__ = "proceeding"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id"), index=True)
    stage: Mapped[Stage | None] = mapped_column(stored_enum(Stage))
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
    kind: Mapped[DocumentKind] = mapped_column(stored_enum(DocumentKind), index=True)
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
    segmenting and counting each candidate again (services/similar.py): the tokens of its facts and their
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
    kind: Mapped[PartyKind] = mapped_column(stored_enum(PartyKind))
    org_category: Mapped[OrgCategory | None] = mapped_column(stored_enum(OrgCategory))


class ProceedingParty(Base):
    """A party's role in one proceeding."""

    __tablename__ = "proceeding_party"
    __table_args__ = (UniqueConstraint("proceeding_id", "party_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("proceeding.id", ondelete="CASCADE"))
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    role: Mapped[PartyRole] = mapped_column(stored_enum(PartyRole))

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
    outcome: Mapped[Outcome] = mapped_column(stored_enum(Outcome))
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
    arbitration_outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome))
    arbitration_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    first_instance_outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome))
    first_instance_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    second_instance_outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome))
    second_instance_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    retrial_outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome))
    retrial_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    court_stage: Mapped[Stage | None] = mapped_column(stored_enum(Stage))  # the court stage compared with the award
    divergent: Mapped[bool | None] = mapped_column(index=True)  # None when the award or the court's decision is missing
    direction: Mapped[Direction | None] = mapped_column(stored_enum(Direction))
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
    # Which request this is, in words that survive re-extraction and re-analysis (services.reviews.claim_key):
    # a review (DivergenceReview) is attached to the comparison of the same key.
    claim_key: Mapped[str | None] = mapped_column(String(300), index=True)
    platform_work: Mapped[bool | None]
    platform: Mapped[str | None] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(64))
    employment_mode: Mapped[str | None] = mapped_column(String(32))

    dispute: Mapped[Dispute] = relationship(back_populates="comparisons")
