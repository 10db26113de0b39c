"""Export memory and speed: N aligned claims (default 100,000) exported as CSV, XLSX and Parquet.

Each export runs in its own process so that its peak RSS is its own. The baseline, measured in the same run, is the
plain pandas way: read the whole table with read_sql and write it with to_csv. Prints JSON with the peak RSS of each
export, its ratio to the baseline's, and rows/s. Target: every export under 1 GB.
Usage: python bench/export.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from app.context import Context  # noqa: E402
from config import load_settings  # noqa: E402
from nlp.divergence import MERITS  # noqa: E402
from store.db import upgrade  # noqa: E402
from store.models import ClaimComparison, Dispute  # noqa: E402

MODES = ["专送", "众包", "兼职", "劳务外包", "加盟"]
TYPES = ["确认劳动关系", "工资报酬", "加班费", "未签劳动合同二倍工资", "违法解除劳动合同赔偿金", "经济补偿"]
OUTCOMES = sorted(MERITS)


def fill(database_url: str, rows: int) -> None:
    """Rows shaped like real comparisons (texts and quotes of realistic length), written in bulk."""
    settings = load_settings(env={"CAISHEN_DATABASE_URL": database_url, "CAISHEN_DATA_DIR": tempfile.gettempdir()})
    upgrade(settings)
    ctx = Context(settings)
    rng = random.Random(5)
    with ctx.sessions.begin() as session:
        session.execute(insert(Dispute), [{"id": i + 1} for i in range(rows // 4 + 1)])
        for start in range(0, rows, 5000):
            session.execute(insert(ClaimComparison), [_row(i, rng) for i in range(start, min(rows, start + 5000))])
    ctx.close()


def _row(i: int, rng: random.Random) -> dict:
    divergent = rng.random() < 0.3
    return {
        "dispute_id": i // 4 + 1,
        "ordinal": i % 4 + 1,
        "claim_type": rng.choice(TYPES),
        "claimant": "worker",
        "claim_text": "请求裁决被申请人支付申请人2022年1月至2023年6月期间的延时加班费"
        + str(rng.randint(1000, 90000))
        + "元",
        "amount_claimed": rng.randint(1000, 90000),
        "arbitration_outcome": rng.choice(OUTCOMES),
        "arbitration_amount": rng.randint(0, 90000),
        "first_instance_outcome": rng.choice(OUTCOMES),
        "first_instance_amount": rng.randint(0, 90000),
        "court_stage": "first_instance",
        "divergent": divergent,
        "direction": rng.choice(["pro_worker", "pro_employer"]) if divergent else "same",
        "change": "驳回 → 支持 8,000",
        "divergence_type": "证据采信差异" if divergent else None,
        "evidence": [
            {
                "stage": "court",
                "document_id": i,
                "start": 10,
                "end": 90,
                "quote": "本院认为，申请人提交的平台后台接单记录及排班表截图，被申请人虽不认可，但未提交相反证据，对上述证据予以采信。",
            }
        ]
        if divergent
        else [],
        "decisions": {},
        "claim_ids": [i],
        "arbitration_case_number": f"京朝劳人仲字〔2023〕第{i}号",
        "court_case_number": f"（2024）京0105民初{i}号",
        "province": "北京市",
        "city": "北京市",
        "commission": "北京市朝阳区劳动人事争议仲裁委员会",
        "court": "北京市朝阳区人民法院",
        "year": 2020 + i % 6,
        "platform_work": True,
        "platform": "某速达网络科技有限公司",
        "occupation": "外卖骑手",
        "employment_mode": MODES[i % 5],
    }


def child(database_url: str, fmt: str, out: str) -> None:
    """One export in this process; prints rows, seconds and this process's peak RSS."""
    settings = load_settings(env={"CAISHEN_DATABASE_URL": database_url, "CAISHEN_DATA_DIR": tempfile.gettempdir()})
    ctx = Context(settings)
    start = time.perf_counter()
    if fmt == "pandas-baseline":
        import pandas as pd

        with ctx.engine.connect() as conn:
            df = pd.read_sql("SELECT * FROM claim_comparison", conn)
        df.to_csv(out, index=False)
        n = len(df)
    else:
        from services.export import export_divergences

        with ctx.sessions() as session:
            n = export_divergences(session, fmt, out)
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": n, "seconds": round(seconds, 2), "peak_rss_mb": round(rss_mb, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        fill(url, args.rows)
        results = {}
        for fmt in ("pandas-baseline", "csv", "xlsx", "parquet"):
            out = Path(tmp) / f"out.{fmt.split('-')[0]}"
            done = subprocess.run(
                [sys.executable, __file__, "--child", url, fmt, str(out)], capture_output=True, text=True
            )
            if done.returncode:
                sys.exit(f"export {fmt} failed:\n{done.stderr}")
            results[fmt] = {
                **json.loads(done.stdout.strip().splitlines()[-1]),
                "file_mb": round(out.stat().st_size / 2**20, 1),
            }
            results[fmt]["rows_per_s"] = round(results[fmt]["rows"] / max(results[fmt]["seconds"], 1e-9))
    baseline = results["pandas-baseline"]["peak_rss_mb"]
    for fmt in ("csv", "xlsx", "parquet"):
        results[fmt]["rss_ratio_to_pandas_baseline"] = round(results[fmt]["peak_rss_mb"] / baseline, 3)
    print(
        json.dumps(
            {
                "benchmark": "export",
                "rows": args.rows,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "target": "peak RSS < 1024 MB for every format",
                "results": results,
                "target_met": all(results[f]["peak_rss_mb"] < 1024 for f in ("csv", "xlsx", "parquet")),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
