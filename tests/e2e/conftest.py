"""The served site and the browser the end-to-end tests share: `caishen serve` on loopback over the ingested sample
corpus with one user of every role, and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from services.auth import create_user
from tests.conftest import _sample_copy
from tests.debian import apt_install
from tests.e2e.web import PASSWORD, USERNAMES
from tests.postgres import free_port

CHROMIUM = Path("/usr/bin/chromium")
INSTITUTION = "北京市朝阳区劳动人事争议仲裁委员会"
CAISHEN = str(Path(sys.executable).with_name("caishen"))


@pytest.fixture(scope="module")
def site(request, tmp_path_factory, _sample_ingested):
    """url and db (the SQLite file); one user per role (web.USERNAMES). The site serves a copy of the session's
    ingested sample corpus: what is tested here is the served site, not the commands that fill it (test_cli's)."""
    root = tmp_path_factory.mktemp("e2e")
    ctx = _sample_copy(request, "sqlite", root, _sample_ingested)
    with ctx.sessions.begin() as session:
        for role, name in USERNAMES.items():
            create_user(session, name, PASSWORD, role, INSTITUTION)
    env = {
        **os.environ,
        "CAISHEN_DATA_DIR": str(ctx.settings.data_dir),
        "CAISHEN_DATABASE_URL": ctx.settings.database_url,
    }
    ctx.close()
    port = free_port()
    server = subprocess.Popen(
        [CAISHEN, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Up to a minute: on a CI machine busy with the other tests' workers, the server can take well over 10 s.
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/login", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"caishen serve did not answer on {url} (exit code {server.poll()})") from None
                time.sleep(0.2)
        yield SimpleNamespace(url=url, db=root / "caishen.db")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _has_chinese_font() -> bool:
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True)
    return found.returncode == 0 and bool(found.stdout.strip())


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        apt_install("chromium")
    if not _has_chinese_font():
        apt_install("fonts-wqy-microhei")  # screenshots readable, not boxes
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield b
        finally:
            b.close()
