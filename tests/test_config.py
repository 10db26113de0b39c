"""Settings: defaults from default.toml, environment overrides, clear errors."""

from pathlib import Path

import pytest

from config import load_settings
from config.settings import SettingsError


def test_defaults_put_sqlite_under_the_data_dir():
    s = load_settings(env={})
    assert s.search_backend == "embedded"
    assert s.database_url == f"sqlite:///{(Path('./var') / 'caishen.db').resolve()}"
    assert s.index_dir == Path("var/index")


def test_environment_overrides():
    s = load_settings(env={"CAISHEN_DATA_DIR": "/srv/c", "CAISHEN_DATABASE_URL": "postgresql+psycopg://u@h/db",
                           "CAISHEN_SEARCH_BACKEND": "elasticsearch", "ES_URL": "http://es:9200",
                           "CAISHEN_PORT": "9000"})
    assert (s.data_dir, s.database_url, s.search_backend, s.es_url, s.port) == (
        Path("/srv/c"), "postgresql+psycopg://u@h/db", "elasticsearch", "http://es:9200", 9000)


@pytest.mark.parametrize("env,message", [
    ({"CAISHEN_SEARCH_BACKEND": "solr"}, "须为以下之一：embedded、elasticsearch"),
    ({"CAISHEN_SEARCH_BACKEND": "elasticsearch"}, "须设置 ES_URL"),
    ({"CAISHEN_PORT": "eighty"}, "数字无效"),
    ({"CAISHEN_INGEST_BATCH_SIZE": "0"}, "至少为 1"),
])
def test_bad_values_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env=env)
