"""Every page, as every role, in real headless Chromium at 1366×768 and 1920×1080: nothing wider than the window,
the search box wider than tall, no internal code or English word in the visible text (the documents' own words
aside), readable navigation (contrast ≥ 4.5:1 from the rendered colours), and no serious or critical axe-core
violation. Pages a role may not open are checked too: they show the error page. Screenshots go to
test-artifacts/pages/<role>/."""

from __future__ import annotations

import enum
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest

from search.base import FILTER_FIELDS
from services import export, stats
from store import models
from tests.e2e.web import ROLES, shot, sign_in
from wording.labels import AUDIT_ACTION_LABELS

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
VIEWPORTS = ((1366, 768), (1920, 1080))
WARNING_RULES = Path(__file__).resolve().parents[2] / "config" / "warnings.toml"
# Latin words a Chinese reader meets on purpose: format names, the product's name, units.
LATIN_WORDS = {
    "caishen",
    "CSV",
    "XLSX",
    "Parquet",
    "DOCX",
    "PDF",
    "txt",
    "docx",
    "pdf",
    "html",
    "API",
    "CAIL",
    "JSON",
    "Atom",
    "ECharts",
    "km",
    "kg",
}


def _internal_codes() -> set[str]:
    """Enum values, field and column names, warning rules and audit actions: what a page must translate."""
    codes = {m.value for e in vars(models).values() if isinstance(e, type) and issubclass(e, enum.Enum) for m in e}
    codes |= set(FILTER_FIELDS) | set(stats.FIELDS) | {c.name for c in export.COLUMNS} | set(AUDIT_ACTION_LABELS)
    codes |= {r["name"] for r in tomllib.loads(WARNING_RULES.read_text(encoding="utf-8"))["rule"]}
    return codes


CODES = _internal_codes()


def _pages(db: Path) -> dict[str, str]:
    """Name → path of every page, with ids taken from the served database."""
    con = sqlite3.connect(db)
    dispute, ordinal = con.execute(
        "SELECT dispute_id, ordinal FROM claim_comparison WHERE divergent = 1 ORDER BY id"
    ).fetchone()
    award = con.execute(
        "SELECT d.id FROM document d JOIN proceeding p ON p.id = d.proceeding_id "
        "WHERE p.dispute_id = ? AND d.kind = 'arbitration_award'",
        (dispute,),
    ).fetchone()[0]
    return {
        "search-empty": "/",
        "search": "/?q=骑手",
        "search-filtered": "/?q=骑手&claim_type=加班费&divergent=yes",
        "search-no-hits": "/?q=没有这样的文书&claim_type=加班费",
        "search-last-page": "/?q=骑手&page=999",
        "document": f"/documents/{award}",
        "dispute": f"/disputes/{dispute}",
        "what-if": f"/disputes/{dispute}?refuse_orders=yes&hours_per_day=30",
        "compare": f"/disputes/{dispute}/compare",
        "similar-form": "/similar",
        "similar": f"/similar?doc_id={award}",
        "dashboard": "/dashboard",
        "dashboard-typo": "/dashboard?region=不存在的地区",
        "portrait": "/portrait",
        "warnings": "/warnings?all=1",
        "saved": "/saved",
        "users": "/admin/users",
        "ingest": "/admin/ingest",
        "audit": "/admin/audit",
        "not-found": "/documents/999999999",
        "bad-request": "/portrait?by=nonsense",
        "inbox": "/inbox?show=all",
        "review": f"/disputes/{dispute}/claims/{ordinal}/review",
        "reviews": "/reviews",
        "joint-meeting": "/joint-meeting",
    }


def _contrast(fg: str, bg: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", colour)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Each navigation link's colour and the first opaque background behind it.
_NAV_COLOURS = """() => [...document.querySelectorAll('header a, header button')].map(a => {
  let el = a, bg = 'rgba(0, 0, 0, 0)';
  while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
  return [a.innerText.trim(), getComputedStyle(a).color, bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg];
})"""


# The visible text minus what the documents themselves say (marked data-source: full texts and quotes), whose
# credit codes and Latin names are the parties' own words, not the interface's.
_INTERFACE_TEXT = """() => {
  const hide = document.createElement('style');
  hide.textContent = '[data-source] { display: none !important; }';
  document.head.appendChild(hide);
  const text = document.body.innerText;
  hide.remove();
  return text;
}"""


def _problems(page, name: str, width: int, axe: bool) -> list[str]:
    found = []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        found.append(f"{overflow}px wider than the window")
    box = page.locator("input[name=q]")
    if box.count():
        b = box.first.bounding_box()
        if b and b["width"] <= b["height"]:
            found.append(f"search box {b['width']:.0f}×{b['height']:.0f}")
    text = page.evaluate(_INTERFACE_TEXT)
    words = set(re.findall(r"[A-Za-z][A-Za-z_]*[A-Za-z]", text))
    if leaked := sorted(w for w in words if w in CODES or w not in LATIN_WORDS):
        found.append(f"Latin words or codes shown: {leaked[:12]}")
    for label, fg, bg in page.evaluate(_NAV_COLOURS):
        if (ratio := _contrast(fg, bg)) < 4.5:
            found.append(f"navigation {label!r} contrast {ratio:.1f}:1")
    if axe:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ' ×' + v.nodes.length + ' ' + v.nodes[0].target.join(' '))"
        )
        found += [f"axe {v}" for v in result]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_well_for(role, site, browser):
    pages = _pages(site.db)
    problems = []
    for width, height in VIEWPORTS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        sign_in(page, site.url, role)
        for name, path in pages.items():
            page.goto(site.url + path)  # returns once the page has loaded; the charts draw in its own script
            problems += [f"{role} {name} {width}: {p}" for p in _problems(page, name, width, axe=width == 1366)]
            if width == 1366:  # one screenshot a page and role is what a reader looks at; the wide one costs minutes
                shot(page, f"pages/{role}/{name}-{width}")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_login_page_reads_well(site, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(site.url + "/login")
    problems = _problems(page, "login", 1366, axe=True)
    shot(page, "pages/login-1366")
    page.close()
    assert not problems, "\n".join(problems)


# In print: no navigation, and each text printed whole (no pane clipped to its scroll box).
_PRINT_PROBLEMS = """() => {
  const found = [];
  if (document.querySelector('header.site').offsetHeight) found.push('navigation printed');
  document.querySelectorAll('.pane, pre.fulltext').forEach(p => {
    if (!p.offsetHeight) found.push('a text is not printed');
    else if (p.scrollHeight > p.clientHeight + 1) found.push('a text is clipped to its box');
  });
  return found;
}"""


@pytest.mark.parametrize("name", ["document", "compare", "dispute", "dashboard"])
def test_pages_print_whole_without_the_navigation(name, site, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, site.url, "judge")
    page.goto(site.url + _pages(site.db)[name])
    page.emulate_media(media="print")
    problems = page.evaluate(_PRINT_PROBLEMS)
    shot(page, f"print/{name}")
    page.close()
    assert not problems, problems
