"""Choose the search engine named in settings; a new engine is one more entry here."""

from __future__ import annotations

from typing import Callable

from config import Settings
from search.base import SearchBackend


def _embedded(settings: Settings) -> SearchBackend:
    from search.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.index_dir)


def _elasticsearch(settings: Settings) -> SearchBackend:
    from search.elastic import ElasticsearchBackend

    return ElasticsearchBackend.from_settings(settings)


BACKENDS: dict[str, Callable[[Settings], SearchBackend]] = {
    "embedded": _embedded,
    "elasticsearch": _elasticsearch,
}


def open_backend(settings: Settings) -> SearchBackend:
    try:
        factory = BACKENDS[settings.search_backend]
    except KeyError:
        raise NotImplementedError(
            f"search backend {settings.search_backend!r} is not available in this version; "
            f"available: {', '.join(BACKENDS)}"
        ) from None
    return factory(settings)
