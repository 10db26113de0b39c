"""Signed-in test clients: a user of a role, signed in through the real login form (with its CSRF token)."""

from __future__ import annotations

import itertools
import re

from services.auth import create_user

PASSWORD = "correct horse battery"
INSTITUTION = "北京市朝阳区人民法院"  # the users' court, unless a test names another
_names = itertools.count(1)


def add_user(ctx, role: str, institution: str = INSTITUTION) -> str:
    name = f"{role}{next(_names)}"
    with ctx.sessions.begin() as session:
        create_user(session, name, PASSWORD, role, institution)
    return name


def form_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    token = form_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def signed_in(app, ctx, role: str = "judge"):
    client = app.test_client()
    response = sign_in(client, add_user(ctx, role))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
