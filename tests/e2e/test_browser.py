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

    dispute = (
        sqlite3.connect(db)
        .execute("SELECT dispute_id FROM claim_comparison WHERE divergent = 1 ORDER BY id LIMIT 1")
        .fetchone()[0]
    )
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


def test_a_judge_goes_from_pasted_facts_to_a_downloaded_similar_case_report(site, browser, tmp_path):
    import docx

    url = site.url
    page = browser.new_page(accept_downloads=True)
    sign_in(page, url, "judge")
    page.goto(url + "/similar")
    page.fill(
        "textarea[name=text]",
        "外卖骑手由配送站点排班考勤，迟到罚款，按单结算。现请求确认劳动关系，并支付加班费和经济补偿。",
    )
    page.fill("input[name=year_from]", "2015")
    page.click("text=查找类案")
    page.wait_for_selector("li.hit")
    numbers = [
        n or "（无案号）" for n in page.eval_on_selector_all("li.hit", "els => els.map(e => e.dataset.caseNumber)")
    ]
    outcomes = page.eval_on_selector_all("table.similar-outcomes td", "els => els.map(e => e.innerText.trim())")
    assert numbers and outcomes and "相似度" in page.inner_text("ol.similar")
    shot(page, "07-similar")

    with page.expect_download() as download:
        page.click("text=下载类案检索报告（DOCX）")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    document = docx.Document(path)
    written = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    assert "类案检索报告" in written and all(n in written for n in numbers) and all(o in written for o in outcomes)

    with page.context.expect_page() as opened:
        page.click("text=打印视图")
    printed = opened.value
    printed.wait_for_load_state()
    assert printed.locator("section.case").count() == len(numbers) and "检索结论" in printed.inner_text("body")
    shot(printed, "08-similar-report-print")
    page.close()


def _type_counts(page) -> dict[str, int]:
    """The dashboard's table of divergences by type: type → divergent."""
    rows = page.eval_on_selector_all(
        "#types-table tbody tr", "els => els.map(e => [...e.querySelectorAll('td')].map(td => td.textContent.trim()))"
    )
    return {r[0]: int(r[2]) for r in rows}


def test_an_arbitrator_reviews_a_divergence_the_court_made_and_the_figures_follow(site, browser, tmp_path):
    """The feedback loop: the inbox tells the commission that a court changed one of its awards; the arbitrator
    opens the comparison, records a review that corrects the machine's type and marks it 尺度待统一; the statistics,
    the agreement panel and the joint-meeting material then reflect it."""
    import docx

    url = site.url
    page = browser.new_page(accept_downloads=True)
    sign_in(page, url, "arbitrator")
    page.goto(url + "/dashboard")
    before = _type_counts(page)
    reviewed_before = int(page.inner_text("#reviewed-count"))

    badge = page.locator("header.site .count-badge")
    assert int(badge.inner_text()) >= 1  # the count on the navigation
    page.click("header.site nav >> text=裁审动态")
    item = page.locator('ol.inbox > li[data-kind="award_changed"]').first
    assert "法院改变了本委裁决" in item.inner_text() and item.locator("tr.divergent").count() >= 1
    shot(page, "09-inbox")

    item.locator("text=打开裁审比对").click()
    page.wait_for_selector("tr.claim.divergent")
    row = page.locator("tr.claim.divergent").first
    machine = row.get_attribute("data-type")
    row.locator("a.review-link").click()
    page.wait_for_selector("form.review")
    chosen = page.eval_on_selector_all('input[name="divergence_type"]', "els => els.map(e => e.value)")
    other = next(t for t in chosen if t != machine)
    page.check(f'input[name="divergence_type"][value="{other}"]')
    page.fill("textarea[name=note]", "法院采信了平台派单记录，仲裁时未提交。")
    page.check('input[name="to_unify"]')
    page.fill("textarea[name=proposed_rule]", "平台派单记录经核实的，可作为认定工作时间的依据。")
    page.click("form.review button[type=submit]")
    page.wait_for_selector("p.notice[role=status]")
    assert "研判已保存" in page.inner_text("p.notice[role=status]")
    assert "新建研判" in page.inner_text("table.history")
    shot(page, "10-review")

    page.goto(url + "/dashboard")
    after = _type_counts(page)
    assert int(page.inner_text("#reviewed-count")) == reviewed_before + 1
    assert after.get(machine, 0) == before[machine] - 1 and after[other] == before.get(other, 0) + 1
    assert page.inner_text("#agreement-rate").endswith("%")
    shot(page, "11-dashboard-after-review")

    page.click("header.site nav >> text=联席会议")
    page.wait_for_selector("ol.to-unify-list")
    assert "平台派单记录经核实的" in page.inner_text("ol.to-unify-list")
    with page.expect_download() as download:
        page.click("a.export >> text=文档（DOCX）")
    path = tmp_path / "meeting.docx"
    download.value.save_as(path)
    document = docx.Document(path)
    paragraphs = [p.text for p in document.paragraphs]
    tables = [" ".join(c.text for row in t.rows for c in row.cells) for t in document.tables]
    assert paragraphs.index("一、尺度待统一事项（已研判）") < paragraphs.index("三、分歧明细（按分歧类型、请求类型）")
    assert "平台派单记录经核实的，可作为认定工作时间的依据。" in tables[0]  # the first table: the first item to settle
    shot(page, "12-joint-meeting")
    page.close()
