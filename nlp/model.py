"""Extraction results: small frozen dataclasses that carry the character spans they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class CaseNumber:
    """A parsed case number such as （2023）京0105民初12345号 or 京朝劳人仲字〔2023〕第1234号."""

    raw: str
    normalised: str
    year: int
    code: str  # court code (京0105) or the commission's region prefix (京朝)
    case_type: str  # 民初, 民终, 民再, 执, 劳人仲字 …
    serial: int
    stage: str  # arbitration, first_instance, second_instance, retrial, execution
    span: Span


@dataclass(frozen=True)
class PartyMention:
    name: str
    role: str  # applicant, respondent, plaintiff, defendant, appellant, appellee, third_party
    kind: str  # person, organisation
    org_category: str | None  # platform, contractor, other; None for persons
    span: Span


@dataclass(frozen=True)
class DocumentExtraction:
    kind: str
    title: str
    stage: str | None
    case_number: CaseNumber | None  # the number this document belongs to
    cited_case_numbers: tuple[CaseNumber, ...]  # numbers it recites (the award, the judgment under appeal …)
    body: str | None  # commission or court
    body_span: Span | None
    province: str | None
    city: str | None
    decision_date: date | None
    parties: tuple[PartyMention, ...] = field(default=())
