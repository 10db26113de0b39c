"""What a command or the web app works with: settings, a database session factory, the search backend."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.orm import sessionmaker

from app.db import make_engine, session_factory
from app.search import SearchBackend, open_backend
from config import Settings


class Context:
    """Built once from Settings; connections open on first use, not at construction."""

    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def engine(self):
        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> sessionmaker:
        return session_factory(self.engine)

    @cached_property
    def search(self) -> SearchBackend:
        return open_backend(self.settings)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
