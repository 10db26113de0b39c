"""Errors outside the API are pages in the site's layout, in Chinese, with a way back; under /api/ they stay JSON."""

from __future__ import annotations

import io
import re

import pytest

from app import MAX_REQUEST_BYTES, create_app
from tests.app.web_users import form_token, signed_in

WERKZEUG_ENGLISH = re.compile(r"Not Found|Forbidden|Bad Request|Too Large|Internal Server Error|requested URL")


@pytest.fixture
def app(ctx):
    app = create_app(ctx.settings)
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)  # an unexpected failure in a view
    return app


@pytest.mark.parametrize(
    "role, method, url, status, title",
    [
        ("admin", "get", "/documents/999999", 404, "页面不存在"),
        ("admin", "get", "/no/such/page", 404, "页面不存在"),
        ("admin", "get", "/similar", 403, "无权访问"),
        ("judge", "get", "/portrait?by=nonsense", 400, "请求有误"),
        ("judge", "post", "/saved", 400, "请求有误"),  # no CSRF token
        ("judge", "delete", "/saved", 405, "不支持此操作"),
        ("judge", "get", "/boom", 500, "系统出错"),
    ],
)
def test_errors_are_chinese_pages_in_the_layout_with_a_way_back(app, ctx, role, method, url, status, title):
    client = signed_in(app, ctx, role)
    response = getattr(client, method)(url, headers={"Referer": "http://localhost/?q=骑手"})
    page = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    assert f"<h1>{title}</h1>" in page and '<header class="site">' in page
    assert 'href="http://localhost/?q=骑手">返回上一页' in page and "返回检索首页" in page
    assert not WERKZEUG_ENGLISH.search(page)


def test_a_forbidden_page_names_the_role_and_its_link_is_not_shown(app, ctx):
    client = signed_in(app, ctx, "admin")
    assert "您的角色（管理员）不能打开此页面" in client.get("/similar").get_data(as_text=True)
    assert 'href="/similar' not in client.get("/").get_data(as_text=True)


def test_too_large_an_upload_is_a_chinese_page(app, ctx):
    client = signed_in(app, ctx, "admin")
    token = form_token(client.get("/admin/ingest").get_data(as_text=True))
    big = io.BytesIO(b"x" * (MAX_REQUEST_BYTES + 1))
    response = client.post(
        "/admin/ingest", data={"csrf_token": token, "files": [(big, "big.txt")]}, content_type="multipart/form-data"
    )
    assert response.status_code == 413 and "上传内容过大" in response.get_data(as_text=True)


def test_errors_under_the_api_stay_json(app):
    response = app.test_client().get("/api/v1/no-such-route")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
