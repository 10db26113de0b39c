"""Every benchmark and evaluation in one run, printed as one JSON document (the README shows the latest).

Each part runs in its own process, as its own command would, so one part's memory does not weigh on the next;
a part that fails is recorded with its error and the rest still run. `--quick` uses small sizes for a smoke run.
The document ends with the table of issue 24's targets, read from the parts (each ratio measured against its
baseline in the same part), which is also printed to stderr as Markdown.

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
        "segmenter": bench + ["bench/segmenter.py"],
        "substrings": bench + ["bench/substrings.py", "--docs", "500" if quick else "2000"],
        "nlp_throughput": bench + ["bench/nlp_throughput.py", "--disputes", "30" if quick else "150"],
        "long_text": bench + ["bench/long_text.py", "--mb", "0.2" if quick else "1"],
        "ingest": bench + ["bench/ingest.py", "--docs", "300" if quick else "10000"],
        "search": bench + ["bench/search.py", "--docs", *(["2000"] if quick else ["10000", "100000"])],
        "similar_request": bench
        + ["bench/similar_request.py", *(["--disputes", "10", "--rounds", "1"] if quick else [])],
        "export": bench + ["bench/export.py", "--rows", "5000" if quick else "100000"],
        "load": bench
        + [
            "bench/load.py",
            "--clients",
            "16",
            *(
                ["--docs", "1000", "--seconds", "5"]
                if quick
                else ["--docs", "100000", "--seconds", "60", "--store", str(load_store)]
            ),
        ],
        "typical_cases": CAISHEN + ["eval", "cases", str(DATA / "typical_cases.dev.jsonl")],
        "match_score": CAISHEN + ["eval", "score", str(DATA / "typical_cases.dev.jsonl")],
        "elements": CAISHEN + ["eval", "elements", str(DATA / "cail2019_labor_elements.dev.jsonl")],
        "retrieval": CAISHEN + ["eval", "retrieval", str(DATA / "lecard" / "dev.jsonl.gz")],
    }


def _get(results: dict, *path):
    for key in path:
        if not isinstance(results, dict) or key not in results:
            return None
        results = results[key]
    return results


def table(results: dict) -> list[dict]:
    """Issue 24's figures, each with its target and whether it is met (None: the part did not run or failed)."""
    load = _get(results, "load", "runs") or {}
    mixed = next((v for k, v in load.items() if k.endswith("_mixed")), {})
    ingest_runs = _get(results, "ingest", "runs") or [{}]
    search_runs = _get(results, "search", "runs") or [{}]
    rows = [
        (
            "token agreement with jieba (same words)",
            _get(results, "segmenter", "agreement", "caishen_vs_jieba_same_words"),
            "≥ 0.995",
            lambda v: v >= 0.995,
        ),
        ("ingest chars/s ÷ jieba.lcut chars/s", ingest_runs[-1].get("ratio_to_jieba"), "≥ 1.0", lambda v: v >= 1.0),
        (
            "spaCy pipeline ÷ jieba.lcut",
            _get(results, "nlp_throughput", "pipeline_to_jieba_ratio"),
            "≥ 2.0",
            lambda v: v >= 2.0,
        ),
        (
            "substring recall (random substrings)",
            _get(results, "substrings", "words_and_bigrams", "recall"),
            "100%",
            lambda v: v == 1.0,
        ),
        (
            f"search p95 ms at {search_runs[-1].get('documents', '?')} documents, embedded (with n-grams)",
            _get(search_runs[-1], "embedded", "p95_ms"),
            "< 20 ms",
            lambda v: v < 20,
        ),
        ("load, 16 clients mixed: similar p95 ms", _get(mixed, "similar", "p95_ms"), "< 300 ms", lambda v: v < 300),
        ("load, 16 clients mixed: search p95 ms", _get(mixed, "search", "p95_ms"), "< 100 ms", lambda v: v < 100),
        ("load errors", _get(results, "load", "errors"), "0", lambda v: v == 0),
        (
            "LeCaRD pool NDCG@30 (dev)",
            _get(results, "retrieval", "caishen", "ndcg@30"),
            "≥ 0.940",
            lambda v: v >= 0.940,
        ),
    ]
    return [{"figure": f, "value": v, "target": t, "met": None if v is None else bool(ok(v))} for f, v, t, ok in rows]


def run(command: list[str]) -> dict:
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
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
    parser.add_argument(
        "--load-store",
        type=Path,
        default=ROOT / "var" / "bench" / "load-store",
        help="where the load benchmark keeps its 100,000-document store between runs (built once)",
    )
    args = parser.parse_args()
    chosen = {k: v for k, v in parts(args.quick, args.load_store).items() if not args.only or k in args.only}
    results = {}
    for name, command in chosen.items():
        print(f"running {name} …", file=sys.stderr, flush=True)
        results[name] = run(command)
    rows = table(results)
    print("| figure | value | target | met |\n|---|---|---|---|", file=sys.stderr)
    for r in rows:
        print(f"| {r['figure']} | {r['value']} | {r['target']} | {r['met']} |", file=sys.stderr)
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "quick": args.quick,
                "parts": results,
                "issue_24": rows,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
