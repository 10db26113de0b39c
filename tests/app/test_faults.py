"""The web app while its database or index fails: clean 503s naming no internals, then recovery without a restart."""

from __future__ import annotations

import io
import shutil

import pytest

from app import create_app
from app.context import Context
from config import load_settings
from ingest.pipeline import ingest
from ingest.sample import generate_corpus
from services.progress import Progress
from store.db import upgrade
from tests.app.web_users import PASSWORD, add_user, signed_in
from tests.postgres import PostgresServer

PAGES = ["/?q=骑手", "/dashboard"]
API = ["/api/v1/search?q=骑手", "/api/v1/statistics?by=region"]


def _token(client, username: str) -> dict:
    token = client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.postgres
def test_postgres_restarted_under_the_web_app(tmp_path):
    server = PostgresServer().start()
    try:
        settings = load_settings(
            env={
                "CAISHEN_DATA_DIR": str(tmp_path / "var"),
                "CAISHEN_DATABASE_URL": server.create_database("caishen_web"),
            }
        )
        upgrade(settings)
        ctx = Context(settings)
        generate_corpus(tmp_path / "corpus", 6, seed=3)
        ingest([tmp_path / "corpus"], settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))
        app = create_app(settings)
        app.testing = False  # errors go through the handlers, as in production
        reader = signed_in(app, app.extensions["caishen"], "analyst")
        api = app.test_client()
        headers = _token(api, add_user(app.extensions["caishen"], "analyst"))
        _assert_all(reader, api, headers, 200)

        server.halt("immediate")
        for path in PAGES:
            r = reader.get(path)
            assert r.status_code == 503 and r.headers["Retry-After"]
            body = r.get_data(as_text=True)
            assert "暂不可用" in body and "Traceback" not in body and "psycopg" not in body
        for path in API:
            r = api.get(path, headers=headers)
            assert r.status_code == 503 and r.get_json()["error"]["code"] == "database_unavailable"
            assert r.get_json()["error"]["message"].startswith("数据库暂时无法连接")

        server.start()
        _assert_all(reader, api, headers, 200)  # the pool drops dead connections by itself
        ctx.close()
    finally:
        server.stop()


def _assert_all(reader, api, headers, status):
    for path in PAGES:
        assert reader.get(path).status_code == status, path
    for path in API:
        assert api.get(path, headers=headers).status_code == status, path


def test_index_removed_under_the_web_app(ctx, sample_corpus):
    ingest(
        [sample_corpus / "documents"],
        ctx.settings,
        ctx.sessions,
        ctx.search,
        progress=Progress(0, stream=io.StringIO()),
    )
    app = create_app(ctx.settings)
    reader = signed_in(app, ctx, "judge")
    api = app.test_client()
    headers = _token(api, add_user(ctx, "judge"))
    shutil.rmtree(ctx.settings.index_dir)
    page = reader.get("/?q=骑手").get_data(as_text=True)
    assert "检索索引暂不可用" in page and "重建索引" in page and "reindex" not in page
    r = api.get("/api/v1/search?q=骑手", headers=headers)
    error = r.get_json()["error"]
    assert r.status_code == 503 and error["code"] == "index_unavailable" and "检索索引暂不可用" in error["message"]
    assert str(ctx.settings.index_dir) not in error["message"]  # where the index lives is for the log, not the client
    r = api.post("/api/v1/similar", json={"text": "外卖骑手请求确认劳动关系"}, headers=headers)
    assert r.status_code == 503
