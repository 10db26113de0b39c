"""Generated side data for the demo portrait: platform indicators (CSV), industry employment (XLSX) and workers'
income and complaints (CSV), for the fictional platforms, occupations and regions of the demo corpus.

Built-in trends, so that the demo's warnings have something to find: complaints about the first platform climb
in the last year, and one platform's workers in one region earn far below the industry's average."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from openpyxl import Workbook

from ingest.sample.people import vocabulary
from nlp.context import gig_context

YEARS = range(2020, 2026)
_BASE_INCOME = {
    "外卖骑手": 6800,
    "网约车司机": 8200,
    "快递员": 7000,
    "网络主播": 7500,
    "家政服务员": 6200,
    "网约货车司机": 9000,
}
_TOPICS = ["报酬结算", "平台罚款", "封号停单", "工伤保障", "社会保险", "工作时长"]


def generate_side_data(out_dir: str | Path, seed: int = 0) -> list[Path]:
    """Write the three files into out_dir and return their paths; the same seed gives the same bytes."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocab = vocabulary()
    provinces = sorted({r["province"] for r in vocab["region"]})
    # Occupations as caishen reads them from text (货车司机 → 网约货车司机), so the portrait joins them.
    occupations = [(gig_context(o["name"]).occupation or o["name"], o) for o in vocab["occupation"]]
    platforms = [(p, name, o) for name, o in occupations for p in o["platforms"]]
    rising, underpaid = platforms[0][0], (platforms[-1][0], provinces[0])

    indicators = out / "platform_indicators.csv"
    with open(indicators, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["平台", "地区", "期间", "从业人数", "活跃人数", "订单量", "抽成比例", "计价规则"])
        for platform, _, o in platforms:
            for province in provinces:
                workers = rng.randrange(2000, 30000)
                for year in YEARS:
                    workers = int(workers * rng.uniform(1.02, 1.25))
                    w.writerow(
                        [
                            platform,
                            province,
                            year,
                            workers,
                            int(workers * rng.uniform(0.4, 0.8)),
                            workers * rng.randrange(200, 900),
                            f"{rng.uniform(12, 25):.1f}%",
                            f"按{o['unit']}计价，基础费加距离与时段加价",
                        ]
                    )

    industry = out / "industry_employment.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "行业就业"
    sheet.append(["地区", "年份", "职业", "就业人数", "平均月收入", "周平均工时"])
    for province in provinces:
        for name, _ in occupations:
            for year in YEARS:
                sheet.append(
                    [
                        province,
                        str(year),
                        name,
                        rng.randrange(20000, 400000),
                        round(_BASE_INCOME.get(name, 7000) * (1 + 0.04 * (year - 2020)) * rng.uniform(0.9, 1.1)),
                        round(rng.uniform(44, 60), 1),
                    ]
                )
    book.save(industry)

    reports = out / "worker_reports.csv"
    with open(reports, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["期间", "平台", "职业", "地区", "用工模式", "人数", "月收入", "周工时", "投诉数", "投诉事项"])
        for platform, name, o in platforms:
            for province in provinces:
                for year in YEARS:
                    for mode in o["modes"]:
                        complaints = rng.randrange(5, 40) * (4 if platform == rising and year == YEARS[-1] else 1)
                        pay = _BASE_INCOME.get(name, 7000) * (1 + 0.04 * (year - 2020)) * rng.uniform(0.85, 1.1)
                        if (platform, province) == underpaid:
                            pay *= 0.6
                        w.writerow(
                            [
                                year,
                                platform,
                                name,
                                province,
                                mode,
                                rng.randrange(50, 600),
                                round(pay),
                                round(rng.uniform(40, 70), 1),
                                complaints,
                                rng.choice(_TOPICS),
                            ]
                        )
    return [indicators, industry, reports]
