"""管理 pages: users of the admin's own institution, uploads for ingest, the quarantine, and the audit log."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app import MAX_REQUEST_BYTES, create_app
from app.web.admin import safe_name
from store.models import AuditEvent, Document, User
from tests.app.web_users import PASSWORD, add_user, form_token, sign_in, signed_in

AWARD = (
    "北京市朝阳区劳动人事争议仲裁委员会\n仲裁裁决书\n京朝劳人仲字〔2024〕第777号\n申请人：赵某某，男。\n"
    "被申请人：北京某科技有限公司。\n仲裁请求：1.确认劳动关系；2.支付加班费5000元。\n本委认为，双方存在劳动关系。\n"
    "裁决如下：一、确认申请人与被申请人存在劳动关系；二、驳回申请人的其他仲裁请求。\n二〇二四年五月六日"
)


@pytest.fixture
def app(ctx):
    application = create_app(ctx.settings)
    application.testing = True
    return application


def _token(client, path):
    return form_token(client.get(path).get_data(as_text=True))


def test_only_admins_reach_the_admin_pages(app, ctx):
    for role, expected in (("admin", 200), ("judge", 403), ("arbitrator", 403), ("analyst", 403)):
        client = signed_in(app, ctx, role)
        for path in ("/admin/users", "/admin/ingest", "/admin/audit"):
            assert client.get(path).status_code == expected, (role, path)


def test_admins_manage_only_their_own_institution(app, ctx):
    admin = signed_in(app, ctx, "admin")  # 北京市朝阳区人民法院
    stranger = add_user(ctx, "judge", institution="上海市浦东新区人民法院")
    colleague = add_user(ctx, "judge")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert colleague in page and stranger not in page
    token = _token(admin, "/admin/users")
    assert (
        admin.post(
            "/admin/users", data={"username": "newjudge", "password": PASSWORD, "role": "judge", "csrf_token": token}
        ).status_code
        == 302
    )
    with ctx.sessions() as session:
        new = session.scalar(select(User).where(User.username == "newjudge"))
        stranger_id = session.scalar(select(User.id).where(User.username == stranger))
        colleague_id = session.scalar(select(User.id).where(User.username == colleague))
    assert new.institution == "北京市朝阳区人民法院"
    assert (
        admin.post(f"/admin/users/{stranger_id}/active", data={"active": "false", "csrf_token": token}).status_code
        == 400
    )
    assert (
        admin.post(f"/admin/users/{colleague_id}/active", data={"active": "false", "csrf_token": token}).status_code
        == 302
    )
    assert sign_in(app.test_client(), colleague).status_code == 401  # deactivated
    short = admin.post(
        "/admin/users", data={"username": "x2", "password": "short", "role": "judge", "csrf_token": token}
    )
    assert short.status_code == 400 and "密码至少需要 10 个字符" in short.get_data(as_text=True)


def test_upload_ingests_quarantines_and_never_escapes_the_folder(app, ctx):
    admin = signed_in(app, ctx, "admin")
    token = _token(admin, "/admin/ingest")
    files = [
        (io.BytesIO(AWARD.encode("utf-8")), "../../仲裁裁决书.txt"),
        (io.BytesIO(b"\x00\x01\x02junk" * 50), "junk.txt"),
    ]
    page = admin.post(
        "/admin/ingest", data={"files": files, "csrf_token": token}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "新增 1 件" in page and "隔离 1 个" in page and "junk.txt" in page
    assert "文件不是可识别的文本" in page and ">binary content" not in page  # in Chinese (the original in a tooltip)
    with ctx.sessions() as session:
        doc = session.scalar(select(Document))
        assert "京朝劳人仲字〔2024〕第777号" in doc.text
        assert str(ctx.settings.data_dir / "uploads") in doc.source_path and ".." not in doc.source_path
        assert session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "upload"))["new"] == 1
    assert "junk.txt" in admin.get("/admin/ingest").get_data(as_text=True)  # the quarantine list


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../a.txt", "000-a.txt"),
        ("C:\\\\x\\\\判决.docx", "000-判决.docx"),
        (".hidden", "000-hidden"),
        ("a b;rm -rf.txt", "000-a_b_rm_-rf.txt"),
        ("..", "000-upload"),
    ],
)
def test_safe_names(name, expected):
    assert safe_name(name, 0) == expected


def test_oversized_uploads_are_refused(app, ctx):
    admin = signed_in(app, ctx, "admin")
    token = _token(admin, "/admin/ingest")
    big = io.BytesIO(b"x" * (MAX_REQUEST_BYTES + 1))
    response = admin.post(
        "/admin/ingest", data={"files": [(big, "big.txt")], "csrf_token": token}, content_type="multipart/form-data"
    )
    assert response.status_code == 413
    with ctx.sessions() as session:
        assert session.scalar(select(func.count(Document.id))) == 0


def test_audit_log_of_the_institution(app, ctx):
    admin = signed_in(app, ctx, "admin")
    other = add_user(ctx, "judge", institution="上海市浦东新区人民法院")
    sign_in(app.test_client(), other)
    ours = add_user(ctx, "judge")
    sign_in(app.test_client(), ours, "wrong password")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert ours in page and "<td>登录失败</td>" in page and other not in page and "login_failed</td>" not in page
    only_failed = admin.get("/admin/audit?action=login_failed").get_data(as_text=True)
    assert ours in only_failed and "<td>登录</td>" not in only_failed
