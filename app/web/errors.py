"""Error pages: every HTTP error outside the API as a page in the site's layout, in Chinese, with a way back."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request, url_for
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app import RETRY_AFTER_S
from wording.labels import ROLE_LABELS
from wording.messages import is_chinese

API_PREFIX = "/api/"

# status → (title, what happened and what to do); a description a view gives in Chinese replaces the second.
_PAGES = {
    400: ("请求有误", "页面收到的条件或表单无法处理，请返回上一页检查后重试。"),
    401: ("需要登录", "请先登录。"),
    403: ("无权访问", "您的角色不能打开此页面。如需使用，请联系本机构的管理员。"),
    404: ("页面不存在", "要找的文书、案件链或页面不存在，可能链接有误或已被删除。"),
    405: ("不支持此操作", "此页面不接受这种请求方式，请从页面上的链接或按钮进入。"),
    413: ("上传内容过大", "单次上传不能超过 20 MB，请分批上传。"),
    429: ("请求过于频繁", "请稍后再试。"),
    500: ("系统出错", "处理请求时出现意外错误，已记入日志。请稍后重试；如反复出现，请联系管理员。"),
    503: ("服务暂不可用", "数据库暂时无法连接（可能正在重启或维护），请稍后刷新页面重试。"),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)


def _error_page(status: int, detail: str | None = None):
    title, text = _PAGES.get(status, _PAGES[500] if status >= 500 else _PAGES[400])
    if status == 403 and g.get("user") is not None:
        text = f"您的角色（{ROLE_LABELS[g.user.role.value]}）不能打开此页面。如需使用，请联系本机构的管理员。"
    back = request.referrer if request.referrer and request.referrer.startswith(request.host_url) else None
    return render_template(
        "error.html", status=status, title=title, text=detail or text, back=back, home=url_for("pages.search_page")
    ), status


def _http_error(exc: HTTPException):
    """Every HTTP error, an unexpected exception's 500 included (Flask has logged it by then)."""
    if request.path.startswith(API_PREFIX):  # errors before any API route ran (no such path, too large): JSON
        from app.web.api import api_http_error

        return api_http_error(exc)
    # Views give Chinese descriptions meant for the reader; Werkzeug's own are English and stay out of the page.
    detail = exc.description if is_chinese(exc.description) else None
    return _error_page(exc.code or 500, detail)


def _database_unavailable(exc: OperationalError):
    """The database is down, restarting or full: a page that says so (details go to the log, not the reader)."""
    current_app.logger.error("database unavailable: %s", exc.orig)
    page, status = _error_page(503)
    return page, status, {"Retry-After": str(RETRY_AFTER_S)}
