"""The data model, by concern: what every table shares (base), the cases (cases), what ingest records (runs), who
may sign in (access) and what people make of the cases (work). Import the names from here; the parts are how the
file is organised, not separate interfaces."""

from nlp.model import Outcome, Stage  # the stages and outcomes extraction reads are the ones stored
from store.models.access import ApiToken, AuditEvent, User, WebSession
from store.models.base import (
    DECIDING_KINDS,
    NAMING_CONVENTION,
    STAGE_RANK,
    Base,
    Direction,
    DocumentKind,
    OrgCategory,
    PartyKind,
    PartyRole,
    Role,
    RunStatus,
    money,
    utcnow,
)
from store.models.cases import (
    Claim,
    ClaimComparison,
    ClaimOutcome,
    Dispute,
    Document,
    DocumentFeatures,
    Party,
    Proceeding,
    ProceedingParty,
)
from store.models.runs import IngestRun, QuarantinedFile, SideRecord
from store.models.work import DivergenceReview, DivergenceReviewRevision, InboxMark, RiskWarning, SavedSearch

__all__ = [
    "NAMING_CONVENTION",
    "DECIDING_KINDS",
    "STAGE_RANK",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Claim",
    "ClaimComparison",
    "ClaimOutcome",
    "Direction",
    "Dispute",
    "DivergenceReview",
    "DivergenceReviewRevision",
    "Document",
    "DocumentFeatures",
    "DocumentKind",
    "InboxMark",
    "IngestRun",
    "OrgCategory",
    "Outcome",
    "Party",
    "PartyKind",
    "PartyRole",
    "Proceeding",
    "ProceedingParty",
    "QuarantinedFile",
    "RiskWarning",
    "Role",
    "RunStatus",
    "SavedSearch",
    "SideRecord",
    "Stage",
    "User",
    "WebSession",
    "money",
    "utcnow",
]
