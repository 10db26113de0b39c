"""What every table shares: the declarative base, its naming convention, the enumerations stored as text, and
the time and money conventions."""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

from nlp.model import Stage

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


def stored_enum(cls: type[enum.Enum]) -> Enum:
    # Stored as VARCHAR with the enum's values, so PostgreSQL and SQLite hold the same text.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class DocumentKind(str, enum.Enum):
    arbitration_award = "arbitration_award"  # 仲裁裁决书
    judgment = "judgment"  # 判决书
    ruling = "ruling"  # 裁定书
    hearing_note = "hearing_note"  # 庭审要点 / 庭审笔录
    mediation_record = "mediation_record"  # 调解书 / 调解笔录
    execution_record = "execution_record"  # 执行情况
    case_report = "case_report"  # 典型案例 / 案例报道: tells the decisions of others
    other = "other"


# The kinds of document that decide claims and give reasons: a case report stands for the decisions it tells.
DECIDING_KINDS = (DocumentKind.arbitration_award, DocumentKind.judgment, DocumentKind.ruling, DocumentKind.case_report)

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
