"""NLP throughput: full extraction (the spaCy pipeline, and the plain function) against plain jieba.lcut, same texts.

Prints JSON with chars/s for each and the ratios; the target is extraction ≥ 0.5 × jieba on one core.
Texts: a generated corpus (awards, judgments, notes) and, when present, the CAIL2019 documents from ../shared/data.
Usage: python bench/nlp_throughput.py [--disputes N]
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.sample import generate_corpus  # noqa: E402
from ingest.sources import iter_files, read_file  # noqa: E402
from nlp.eval import ELEMENTS_DEV, read_jsonl  # noqa: E402
from nlp.extract import extract_document  # noqa: E402
from nlp.pipeline import build_pipeline, extract_many  # noqa: E402


def corpus_texts(disputes: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        generate_corpus(tmp, disputes, seed=2024)
        texts = [r.text for p in iter_files([tmp]) for r in read_file(p, 10**9) if hasattr(r, "text")]
    if ELEMENTS_DEV.exists():
        texts += ["".join(s["text"] for s in d["sentences"]) for d in read_jsonl(ELEMENTS_DEV)]
    return texts


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disputes", type=int, default=300)
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    texts = corpus_texts(args.disputes)
    chars = sum(map(len, texts))
    jieba.lcut("预热")  # load the dictionary outside the timings
    nlp = build_pipeline()
    extract_document(texts[0])
    t_jieba = timed(lambda: [jieba.lcut(t) for t in texts])
    t_pipeline = timed(lambda: list(extract_many(nlp, texts)))
    t_plain = timed(lambda: [extract_document(t) for t in texts])
    print(
        json.dumps(
            {
                "benchmark": "nlp_throughput",
                "date": date.today().isoformat(),
                "machine": platform.machine(),
                "cores_used": 1,
                "documents": len(texts),
                "chars": chars,
                "jieba_chars_per_s": round(chars / t_jieba),
                "pipeline_chars_per_s": round(chars / t_pipeline),
                "plain_extraction_chars_per_s": round(chars / t_plain),
                "pipeline_to_jieba_ratio": round(t_jieba / t_pipeline, 3),
                "plain_extraction_to_jieba_ratio": round(t_jieba / t_plain, 3),
                "target_ratio": 0.5,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
