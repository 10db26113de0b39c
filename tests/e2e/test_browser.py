"""End to end in real headless Chromium (Debian's, driven by Playwright), against `caishen serve` on loopback:
sign in, search, filter by a facet, open a dispute, compare it, read the dashboard, download an export.
Screenshots of every page go to test-artifacts/ at the repository root."""

from __future__ import annotations

import sqlite3

import pandas as pd

from tests.e2e.web import shot, sign_in


def test_an_arbitrator_works_through_the_site(site, browser, tmp_path):
    url, db = site.url, site.db
    page = browser.new_page(accept_downloads=True)
    page.goto(url + "/")
    assert "/login" in page.url
    sign_in(page, url, "arbitrator")
    shot(page, "01-signed-in")

    page.fill("input[name=q]", "骑手")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("li.hit")
    total = int(page.inner_text("p.total").split("共找到")[1].split("件")[0])
    assert total > 0
    shot(page, "02-search")

    page.check('input[name="claim_type"][value="加班费"]')  # submits the form
    page.wait_for_url("**claim_type=*")
    filtered = int(page.inner_text("p.total").split("共找到")[1].split("件")[0])
    assert 0 < filtered <= total and page.is_checked('input[name="claim_type"][value="加班费"]')
    shot(page, "03-facet")

    page.click("li.hit >> nth=0 >> a >> nth=0")
    page.wait_for_selector("pre.fulltext")
    assert "案件链" in page.content()
    shot(page, "04-document")
    page.click("text=时间线")
    page.wait_for_selector("ol.timeline li.stage")
    assert "仲裁" in page.inner_text("ol.timeline")
    shot(page, "04b-dispute")
    before = float(page.inner_text(".match-score .score"))
    page.select_option('select[name="refuse_orders"]', "yes")
    page.select_option('select[name="attendance"]', "no")
    page.click("form.what-if button[type=submit]")
    page.wait_for_url("**refuse_orders=yes*")
    assert "假设设定" in page.inner_text("table.factors")
    assert float(page.inner_text(".match-score .score")) <= before
    shot(page, "04c-match-score-what-if")

    dispute = sqlite3.connect(db).execute(
        "SELECT dispute_id FROM claim_comparison WHERE divergent = 1 ORDER BY id LIMIT 1").fetchone()[0]
    page.goto(f"{url}/disputes/{dispute}/compare")
    divergent = page.locator("tr.claim.divergent").first
    assert "分歧" in divergent.inner_text()
    divergent.click()
    page.wait_for_selector("mark.current")
    shot(page, "05-compare")

    page.goto(url + "/dashboard")
    page.wait_for_selector('#chart-region[data-rendered="true"] canvas')
    shot(page, "06-dashboard")

    with page.expect_download() as download:
        page.click("a.export >> text=CSV")
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    df = pd.read_csv(path, encoding="utf-8-sig")
    assert len(df) > 0 and {"请求类型", "裁审分歧", "分歧类型"} <= set(df.columns)

    page.goto(url + "/portrait?by=occupation")
    assert page.locator("table.portrait tbody tr").count() > 0
    shot(page, "06b-portrait")
    page.close()
