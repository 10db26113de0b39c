"""Saved searches (订阅检索): a user keeps a query with its filters and is told which matching documents arrived
since they last looked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from search import SearchBackend
from search.base import normalise_filters
from services.corpus import named
from store.models import Document, SavedSearch, utcnow
from wording.messages import message

# How many of a search's best matches are checked for new arrivals; a broader search should be narrowed.
CHECK_LIMIT = 2000
MAX_SAVED = 100


class SavedSearchError(ValueError):
    """A saved search cannot be made as asked; the message says why."""


class UnknownSavedSearch(LookupError):
    """No saved search of this user has this id."""


@dataclass(frozen=True)
class NewMatches:
    saved_id: int
    name: str
    query: str
    filters: dict
    checked_at: datetime
    documents: list[dict]  # {id, title, kind, ingested_at}

    def to_dict(self) -> dict:
        return {
            "id": self.saved_id,
            "name": self.name,
            "query": self.query,
            "filters": self.filters,
            "checked_at": self.checked_at.isoformat(timespec="seconds") + "Z",
            "new": len(self.documents),
            "documents": self.documents,
        }


def save(session: Session, user_id: int, name: str, query: str, filters: dict[str, list[str]]) -> SavedSearch:
    name, query = name.strip(), query.strip()
    if not name or len(name) > 200:
        raise SavedSearchError("订阅名称须为 1 至 200 个字符")
    if len(query) > 1000:
        raise SavedSearchError("检索词不能超过 1000 个字符")
    try:  # the same check a search makes, so that no saved search fails each time it is looked at
        filters = normalise_filters(filters)
    except ValueError:
        raise SavedSearchError("筛选条件无法识别，请在检索页重新选择") from None
    if not query and not any(filters.values()):
        raise SavedSearchError("订阅至少需要检索词或一个筛选条件")
    if len(mine(session, user_id)) >= MAX_SAVED:
        raise SavedSearchError(f"每人最多保存 {MAX_SAVED} 个订阅，请先删除一个")
    saved = SavedSearch(user_id=user_id, name=name, query=query, filters={k: list(v) for k, v in filters.items() if v})
    session.add(saved)
    session.flush()
    return saved


def mine(session: Session, user_id: int) -> list[SavedSearch]:
    return list(session.scalars(select(SavedSearch).where(SavedSearch.user_id == user_id).order_by(SavedSearch.id)))


def new_matches(
    session: Session,
    backend: SearchBackend,
    user_id: int,
    saved_id: int,
    mark_seen: bool = False,
    full_text: bool = True,
) -> NewMatches:
    """The documents matching the saved search that were ingested after the user last looked; marking them seen
    moves that moment to now. Unless full_text, matched on the masked text, as a search is."""
    saved = _own(session, user_id, saved_id)
    found = backend.search(saved.query, filters=saved.filters or None, limit=CHECK_LIMIT, masked=not full_text)
    ids = [h.doc_id for h in found.hits]
    docs = (
        session.scalars(
            select(Document)
            .where(Document.id.in_(ids), Document.ingested_at > saved.checked_at)
            .order_by(Document.ingested_at.desc(), Document.id.desc())
        ).all()
        if ids
        else []
    )
    shown = named(session, list(docs), full_text)
    result = NewMatches(
        saved.id,
        saved.name,
        saved.query,
        dict(saved.filters or {}),
        saved.checked_at,
        [
            {
                "id": d.id,
                "title": shown[d.id]["title"],
                "kind": d.kind.value,
                "ingested_at": d.ingested_at.isoformat(timespec="seconds") + "Z",
            }
            for d in docs
        ],
    )
    if mark_seen:
        saved.checked_at = utcnow()
    return result


def delete(session: Session, user_id: int, saved_id: int) -> None:
    session.delete(_own(session, user_id, saved_id))


def _own(session: Session, user_id: int, saved_id: int) -> SavedSearch:
    saved = session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != user_id:  # another user's search is as good as absent
        raise UnknownSavedSearch(message("no_saved_search", saved_id=saved_id))
    return saved
