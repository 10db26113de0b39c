"""Every benchmark and evaluation in one run, printed as one JSON document (the README shows the latest).

Each part runs in its own process, as its own command would, so one part's memory does not weigh on the next;
a part that fails is recorded with its error and the rest still run. `--quick` uses small sizes for a smoke run.

    python bench/all.py [--quick] > figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CAISHEN = [sys.executable, "-m", "app.cli"]


def parts(quick: bool, load_store: Path) -> dict[str, list[str]]:
    bench = [sys.executable]
    return {
        "nlp_throughput": bench + ["bench/nlp_throughput.py", "--disputes", "30" if quick else "150"],
        "long_text": bench + ["bench/long_text.py", "--mb", "0.2" if quick else "1"],
        "ingest": bench + ["bench/ingest.py", "--docs", "300" if quick else "10000"],
        "search": bench + ["bench/search.py", "--docs", *(["2000"] if quick else ["10000", "100000"])],
        "export": bench + ["bench/export.py", "--rows", "5000" if quick else "100000"],
        "load": bench + ["bench/load.py", "--clients", "16", *(["--docs", "1000", "--seconds", "5"] if quick else
                                                               ["--docs", "100000", "--seconds", "60",
                                                                "--store", str(load_store)])],
        "typical_cases": CAISHEN + ["eval", "cases", str(DATA / "typical_cases.dev.jsonl")],
        "match_score": CAISHEN + ["eval", "score", str(DATA / "typical_cases.dev.jsonl")],
        "elements": CAISHEN + ["eval", "elements", str(DATA / "cail2019_labor_elements.dev.jsonl")],
        "retrieval": CAISHEN + ["eval", "retrieval", str(DATA / "lecard" / "dev.jsonl.gz")],
    }


def run(command: list[str]) -> dict:
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = round(time.monotonic() - started, 1)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1], "seconds": seconds}
    try:
        return {**json.loads(done.stdout), "seconds": seconds}
    except json.JSONDecodeError:
        return {"error": "did not print one JSON document", "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not figures to publish")
    parser.add_argument("--only", nargs="+", help="run only these parts")
    parser.add_argument("--load-store", type=Path, default=ROOT / "var" / "bench" / "load-store",
                        help="where the load benchmark keeps its 100,000-document store between runs (built once)")
    args = parser.parse_args()
    chosen = {k: v for k, v in parts(args.quick, args.load_store).items() if not args.only or k in args.only}
    results = {}
    for name, command in chosen.items():
        print(f"running {name} …", file=sys.stderr, flush=True)
        results[name] = run(command)
    print(json.dumps({"date": date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                      "quick": args.quick, "parts": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
