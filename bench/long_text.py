"""One long text (1 MB by default): extraction, narrative reading and element labelling stay linear in its length.

Prints JSON: seconds for each reading of the whole text, and their ratio to plain jieba.lcut of the same text
measured in the same run (the baseline). A reading that went quadratic would show a ratio far above the one at a
tenth of the size, which is also measured. Usage: python bench/long_text.py [--mb 1.0]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.elements import document_elements  # noqa: E402
from nlp.extract import extract_document  # noqa: E402
from nlp.narrative import read_case  # noqa: E402

UNIT = "原告张某与被告某公司劳动争议一案，申请人请求：1.支付工资5000元；2.确认存在劳动关系。裁决如下：一、驳回申请人的其他仲裁请求。"


def timed(fn, text: str) -> float:
    start = time.perf_counter()
    fn(text)
    return time.perf_counter() - start


def run(chars: int) -> dict:
    text = UNIT * (chars // len(UNIT) + 1)
    baseline = timed(jieba.lcut, text)
    seconds = {
        name: timed(fn, text)
        for name, fn in (
            ("extract_document", extract_document),
            ("read_case", read_case),
            ("document_elements", document_elements),
        )
    }
    return {
        "chars": len(text),
        "jieba_s": round(baseline, 3),
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "ratio_to_jieba": {k: round(v / baseline, 2) for k, v in seconds.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    jieba.lcut("预热")  # the dictionary loads outside the timings
    full, tenth = run(int(args.mb * 1_000_000)), run(int(args.mb * 100_000))
    growth = {k: round(full["ratio_to_jieba"][k] / max(tenth["ratio_to_jieba"][k], 1e-9), 2) for k in full["seconds"]}
    print(
        json.dumps(
            {
                "benchmark": "long_text",
                "runs": [tenth, full],
                "ratio_growth_tenth_to_full": growth,
                "linear": all(g < 3 for g in growth.values()),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
