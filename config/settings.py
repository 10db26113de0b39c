"""One Settings object: defaults from default.toml, overridden by environment variables."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping
from urllib.parse import unquote, urlsplit

CONFIG_DIR = Path(__file__).parent  # the settings and the files beside them (warning rules, index definition)
DEFAULTS_FILE = CONFIG_DIR / "default.toml"

# Environment variable → settings field. ES_URL is the name operators already use for clusters.
ENV_VARS = {
    "CAISHEN_DATA_DIR": "data_dir",
    "CAISHEN_DATABASE_URL": "database_url",
    "CAISHEN_SEARCH_BACKEND": "search_backend",
    "ES_URL": "es_url",
    "CAISHEN_ES_INDEX": "es_index",
    "CAISHEN_ES_API_KEY": "es_api_key",
    "CAISHEN_ES_USERNAME": "es_username",
    "CAISHEN_ES_PASSWORD": "es_password",
    "CAISHEN_ES_CA_CERTS": "es_ca_certs",
    "CAISHEN_ES_TIMEOUT": "es_timeout",
    "CAISHEN_ES_RETRIES": "es_retries",
    "CAISHEN_INGEST_BATCH_SIZE": "ingest_batch_size",
    "CAISHEN_INGEST_WORKERS": "ingest_workers",
    "CAISHEN_MAX_FILE_BYTES": "max_file_bytes",
    "CAISHEN_DIVERGENCE_TOLERANCE": "divergence_tolerance",
    "CAISHEN_HOST": "host",
    "CAISHEN_PORT": "port",
    "CAISHEN_PROXIES": "proxies",
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
    es_url: str = field(repr=False)  # one URL or several, comma-separated; may carry user:password@
    es_index: str
    ingest_batch_size: int
    ingest_workers: int
    max_file_bytes: int
    divergence_tolerance: float
    host: str
    port: int
    # How caishen reaches a secured cluster: an API key, or a user and password (also read from ES_URL's
    # user:password@), and the CA certificate its TLS certificate is signed with. Never printed.
    es_api_key: str = field(default="", repr=False)
    es_username: str = ""
    es_password: str = field(default="", repr=False)
    es_ca_certs: str = ""
    es_timeout: float = 10.0  # seconds a request may take, connecting included
    es_retries: int = 1  # further attempts after a failed request (another node when there are several)
    # Institutions taking part in the 裁审衔接 mechanism whose analysts may review any divergence (a commission's or
    # court's own people review their disputes' divergences anyway).
    participating_institutions: tuple[str, ...] = ()
    # Reverse proxies in front of the web app whose X-Forwarded-For/-Proto/-Host it trusts (0: none, served directly).
    proxies: int = 0

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def elements_model_path(self) -> Path:
        """Where `caishen train-elements` writes the element classifier and the web app reads it."""
        return self.data_dir / "models" / "elements.pkl"

    @property
    def es_hosts(self) -> list[str]:
        """ES_URL's nodes as scheme://host:port, without credentials (the default port is 9200)."""
        return [f"{u.scheme}://{u.hostname}:{u.port or 9200}{u.path.rstrip('/')}" for u in _es_urls(self.es_url)]

    @property
    def es_basic_auth(self) -> tuple[str, str] | None:
        if self.es_username:
            return self.es_username, self.es_password
        inline = next((u for u in _es_urls(self.es_url) if u.username), None)
        return (unquote(inline.username), unquote(inline.password or "")) if inline else None

    def with_overrides(self, **changes) -> "Settings":
        return _validated(replace(self, **changes))


def load_settings(env: Mapping[str, str] | None = None, defaults_file: Path = DEFAULTS_FILE) -> Settings:
    """Build Settings from the defaults file, then the environment (os.environ unless given)."""
    env = os.environ if env is None else env
    with open(defaults_file, "rb") as fh:
        raw = tomllib.load(fh)
    values = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    values.update(raw.get("web", {}))
    for var, name in ENV_VARS.items():
        if env.get(var):
            values[name] = env[var]
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
            es_api_key=values["es_api_key"],
            es_username=values["es_username"],
            es_password=values["es_password"],
            es_ca_certs=values["es_ca_certs"],
            es_timeout=float(values["es_timeout"]),
            es_retries=int(values["es_retries"]),
            participating_institutions=_names(values.get("participating_institutions", ())),
            proxies=int(values.get("proxies", 0)),
        )
    except ValueError as exc:
        raise SettingsError(f"设置中的数字无效：{exc}") from exc
    return _validated(settings)


def _names(value) -> tuple[str, ...]:
    """A list from the TOML file, or names separated by commas or semicolons (either width) in the environment."""
    if isinstance(value, str):
        value = re.split(r"[,，;；]", value)
    return tuple(n.strip() for n in value if n.strip())


def _validated(settings: Settings) -> Settings:
    if settings.search_backend not in SEARCH_BACKENDS:
        raise SettingsError(
            f"CAISHEN_SEARCH_BACKEND={settings.search_backend!r}：须为以下之一：{'、'.join(SEARCH_BACKENDS)}"
        )
    if settings.search_backend == "elasticsearch" and not settings.es_url:
        raise SettingsError("CAISHEN_SEARCH_BACKEND=elasticsearch 时须设置 ES_URL")
    if settings.es_url:
        try:
            _es_urls(settings.es_url)
        except ValueError as exc:  # the message names the fault, never the URL (it may carry a password)
            raise SettingsError(f"ES_URL：{exc}") from None
    if settings.es_timeout <= 0 or settings.es_retries < 0:
        raise SettingsError("CAISHEN_ES_TIMEOUT 须大于 0 秒，CAISHEN_ES_RETRIES 不得小于 0")
    if not 0 <= settings.divergence_tolerance < 1:
        raise SettingsError("CAISHEN_DIVERGENCE_TOLERANCE 须为不小于 0、小于 1 的比例")
    if settings.ingest_batch_size < 1:
        raise SettingsError("CAISHEN_INGEST_BATCH_SIZE 至少为 1")
    if settings.proxies < 0:
        raise SettingsError("CAISHEN_PROXIES 不得小于 0（0 表示没有反向代理）")
    if settings.ingest_workers < 1:
        raise SettingsError("CAISHEN_INGEST_WORKERS 至少为 1（0 表示每个处理器核一个）")
    return settings


def _es_urls(value: str) -> list:
    urls = [urlsplit(part.strip()) for part in value.split(",") if part.strip()]
    for u in urls:
        if u.scheme not in ("http", "https") or not u.hostname:
            raise ValueError("每个地址须以 http:// 或 https:// 开头并写明主机（多个地址以逗号分隔）")
        try:
            if u.port == 0:
                raise ValueError
        except ValueError:  # urllib raises on a port that is not a number
            raise ValueError("端口须为数字") from None
    return urls
