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
    s = load_settings(
        env={
            "CAISHEN_DATA_DIR": "/srv/c",
            "CAISHEN_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "CAISHEN_SEARCH_BACKEND": "elasticsearch",
            "ES_URL": "http://es:9200",
            "CAISHEN_PORT": "9000",
            "CAISHEN_PROXIES": "1",
        }
    )
    assert (s.data_dir, s.database_url, s.search_backend, s.es_url, s.port, s.proxies) == (
        Path("/srv/c"),
        "postgresql+psycopg://u@h/db",
        "elasticsearch",
        "http://es:9200",
        9000,
        1,
    )


@pytest.mark.parametrize(
    "env,message",
    [
        ({"CAISHEN_SEARCH_BACKEND": "solr"}, "须为以下之一：embedded、elasticsearch"),
        ({"CAISHEN_SEARCH_BACKEND": "elasticsearch"}, "须设置 ES_URL"),
        ({"CAISHEN_PORT": "eighty"}, "数字无效"),
        ({"CAISHEN_INGEST_BATCH_SIZE": "0"}, "至少为 1"),
        ({"CAISHEN_PROXIES": "-1"}, "CAISHEN_PROXIES 不得小于 0"),
    ],
)
def test_bad_values_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env=env)


@pytest.mark.parametrize(
    "es_url, hosts, auth",
    [
        ("http://es:9200", ["http://es:9200"], None),
        ("https://es.court.example", ["https://es.court.example:9200"], None),  # the default port
        ("https://a:9201, https://b", ["https://a:9201", "https://b:9200"], None),  # several nodes
        ("https://elastic:pa%3Ass@es:9200", ["https://es:9200"], ("elastic", "pa:ss")),  # credentials moved out
    ],
)
def test_elasticsearch_urls(es_url, hosts, auth):
    s = load_settings(env={"CAISHEN_SEARCH_BACKEND": "elasticsearch", "ES_URL": es_url})
    assert (s.es_hosts, s.es_basic_auth) == (hosts, auth)


@pytest.mark.parametrize("es_url", ["es:9200", "https://user:s3cret@es:port", "ftp://es"])
def test_a_bad_elasticsearch_url_is_named_without_its_password(es_url):
    with pytest.raises(SettingsError, match="ES_URL：(?:每个地址须以|端口须为数字)") as exc:
        load_settings(env={"CAISHEN_SEARCH_BACKEND": "elasticsearch", "ES_URL": es_url})
    assert "s3cret" not in str(exc.value)


def test_secured_cluster_settings_are_never_printed():
    s = load_settings(
        env={
            "ES_URL": "https://u:s3cret@es:9200",
            "CAISHEN_ES_USERNAME": "caishen",
            "CAISHEN_ES_PASSWORD": "pw-secret",
            "CAISHEN_ES_API_KEY": "key-secret",
            "CAISHEN_ES_CA_CERTS": "/etc/caishen/ca.pem",
            "CAISHEN_ES_TIMEOUT": "2.5",
            "CAISHEN_ES_RETRIES": "0",
        }
    )
    assert (s.es_basic_auth, s.es_api_key, s.es_ca_certs, s.es_timeout, s.es_retries) == (
        ("caishen", "pw-secret"),
        "key-secret",
        "/etc/caishen/ca.pem",
        2.5,
        0,
    )
    assert not any(secret in repr(s) for secret in ("s3cret", "pw-secret", "key-secret"))
    with pytest.raises(SettingsError, match="CAISHEN_ES_TIMEOUT"):
        load_settings(env={"CAISHEN_ES_TIMEOUT": "0"})
