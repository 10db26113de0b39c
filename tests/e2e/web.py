"""What the browser tests share besides fixtures: the users' password, signing in, screenshots."""

from __future__ import annotations

from pathlib import Path

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "browser test password"
# The site has one user of each role. Named in Chinese as real users are: a username is the user's own text, shown
# in the header, and must not read as an internal code ("judge") to the page checks.
USERNAMES = {"judge": "王法官", "arbitrator": "李仲裁员", "analyst": "赵分析员", "admin": "钱管理员"}
ROLES = tuple(USERNAMES)


def sign_in(page, url: str, role: str) -> None:
    page.goto(url + "/login")
    page.fill("input[name=username]", USERNAMES[role])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page, name: str) -> None:
    path = ARTEFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
