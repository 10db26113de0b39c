"""The search seam: what every engine indexes and answers, and the Protocol it implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

# Fields a search can be filtered on, the same for every engine.
FILTER_FIELDS = ("kind", "stage", "province", "body", "year")


class SearchUnavailable(RuntimeError):
    """The search index cannot be opened or queried; the database is unaffected."""


@dataclass(frozen=True)
class IndexedDocument:
    doc_id: int
    title: str
    text: str
    kind: str
    stage: str | None
    province: str | None
    body: str | None
    case_number: str | None
    year: int | None
    decision_date: str | None  # ISO date, for sorting


@dataclass(frozen=True)
class SearchHit:
    doc_id: int
    score: float


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    query_tokens: list[str] = field(default_factory=list)


class SearchBackend(Protocol):
    def index(self, documents: Iterable[IndexedDocument]) -> int:
        """Add or replace documents (keyed by doc_id); returns how many were written."""

    def delete(self, doc_ids: Iterable[int]) -> None: ...

    def search(self, query: str, *, filters: dict[str, str] | None = None,
               limit: int = 10, offset: int = 0) -> SearchResults: ...

    def count(self) -> int: ...

    def clear(self) -> None: ...
