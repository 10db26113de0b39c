"""What a command or the web app works with: settings, a database session factory, the search backend, and the
element classifier when one was trained."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.orm import sessionmaker

from config import Settings
from search import SearchBackend, open_backend
from store.db import make_engine, session_factory

if TYPE_CHECKING:
    from nlp.elements import ElementModel


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

    @cached_property
    def elements_model(self) -> ElementModel | None:
        """The trained element classifier, or None (the rules alone label sentences then)."""
        from nlp.elements import load_model  # scikit-learn loads only when a command or page needs it

        return load_model(self.settings.elements_model_path)

    @property
    def elements_by(self) -> str:
        """What labels elements, as pages and the API say it: the classifier (with its rules) or the rules alone."""
        return "classifier" if self.elements_model else "rules"

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
