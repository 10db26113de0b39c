"""Search behind one small Protocol; the engine is chosen by settings through a registry."""

from search.base import IndexedDocument, SearchBackend, SearchHit, SearchResults, SearchUnavailable
from search.registry import open_backend

__all__ = ["IndexedDocument", "SearchBackend", "SearchHit", "SearchResults", "SearchUnavailable", "open_backend"]
