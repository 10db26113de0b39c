"""What the browser tests share besides fixtures: the users' password, signing in, screenshots."""

from __future__ import annotations

from pathlib import Path

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "browser test password"
ROLES = ("judge", "arbitrator", "analyst", "admin")  # the site has one user of each, named after the role


def sign_in(page, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page, name: str) -> None:
    path = ARTEFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
