"""What ingest records: its runs, the files it quarantined, and the structured side data it loaded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.models.base import Base, RunStatus, stored_enum, utcnow


class IngestRun(Base):
    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[RunStatus] = mapped_column(stored_enum(RunStatus), default=RunStatus.running)
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
