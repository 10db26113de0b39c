"""One Settings object: defaults from default.toml, overridden by environment variables."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

DEFAULTS_FILE = Path(__file__).with_name("default.toml")

# Environment variable → settings field. ES_URL is the name operators already use for clusters.
ENV_VARS = {
    "CAISHEN_DATA_DIR": "data_dir",
    "CAISHEN_DATABASE_URL": "database_url",
    "CAISHEN_SEARCH_BACKEND": "search_backend",
    "ES_URL": "es_url",
    "CAISHEN_ES_INDEX": "es_index",
    "CAISHEN_INGEST_BATCH_SIZE": "ingest_batch_size",
    "CAISHEN_INGEST_WORKERS": "ingest_workers",
    "CAISHEN_MAX_FILE_BYTES": "max_file_bytes",
    "CAISHEN_DIVERGENCE_TOLERANCE": "divergence_tolerance",
    "CAISHEN_HOST": "host",
    "CAISHEN_PORT": "port",
    "CAISHEN_PARTICIPATING_INSTITUTIONS": "participating_institutions",
}

SEARCH_BACKENDS = ("embedded", "elasticsearch")


class SettingsError(ValueError):
    """A setting has a value caishen cannot use."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    search_backend: str
    es_url: str
    es_index: str
    ingest_batch_size: int
    ingest_workers: int
    max_file_bytes: int
    divergence_tolerance: float
    host: str
    port: int
    # Institutions taking part in the 裁审衔接 mechanism whose analysts may review any divergence (a commission's or
    # court's own people review their disputes' divergences anyway).
    participating_institutions: tuple[str, ...] = ()

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def elements_model_path(self) -> Path:
        """Where `caishen train-elements` writes the element classifier and the web app reads it."""
        return self.data_dir / "models" / "elements.pkl"

    def with_overrides(self, **changes) -> "Settings":
        return _validated(replace(self, **changes))


def load_settings(env: Mapping[str, str] | None = None, defaults_file: Path = DEFAULTS_FILE) -> Settings:
    """Build Settings from the defaults file, then the environment (os.environ unless given)."""
    env = os.environ if env is None else env
    with open(defaults_file, "rb") as fh:
        raw = tomllib.load(fh)
    values = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    values.update(raw.get("web", {}))
    for var, field in ENV_VARS.items():
        if env.get(var):
            values[field] = env[var]
    data_dir = Path(values["data_dir"]).expanduser()
    try:
        settings = Settings(
            data_dir=data_dir,
            database_url=values["database_url"] or f"sqlite:///{(data_dir / 'caishen.db').resolve()}",
            search_backend=values["search_backend"],
            es_url=values["es_url"],
            es_index=values["es_index"],
            ingest_batch_size=int(values["ingest_batch_size"]),
            ingest_workers=int(values["ingest_workers"]) or os.cpu_count() or 1,
            max_file_bytes=int(values["max_file_bytes"]),
            divergence_tolerance=float(values["divergence_tolerance"]),
            host=values["host"],
            port=int(values["port"]),
            participating_institutions=_names(values.get("participating_institutions", ())),
        )
    except ValueError as exc:
        raise SettingsError(f"invalid number in settings: {exc}") from exc
    return _validated(settings)


def _names(value) -> tuple[str, ...]:
    """A list from the TOML file, or names separated by commas or semicolons (either width) in the environment."""
    if isinstance(value, str):
        value = re.split(r"[,，;；]", value)
    return tuple(n.strip() for n in value if n.strip())


def _validated(settings: Settings) -> Settings:
    if settings.search_backend not in SEARCH_BACKENDS:
        raise SettingsError(
            f"CAISHEN_SEARCH_BACKEND={settings.search_backend!r}: expected one of {', '.join(SEARCH_BACKENDS)}"
        )
    if settings.search_backend == "elasticsearch" and not settings.es_url:
        raise SettingsError("CAISHEN_SEARCH_BACKEND=elasticsearch needs ES_URL")
    if not 0 <= settings.divergence_tolerance < 1:
        raise SettingsError("CAISHEN_DIVERGENCE_TOLERANCE must be a share from 0 up to (not including) 1")
    if settings.ingest_batch_size < 1:
        raise SettingsError("CAISHEN_INGEST_BATCH_SIZE must be at least 1")
    if settings.ingest_workers < 1:
        raise SettingsError("CAISHEN_INGEST_WORKERS must be at least 1 (or 0 for one a core)")
    return settings
