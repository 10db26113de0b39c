"""Evaluation commands: figures as JSON so that runs can be compared over time."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Iterator

from nlp.context import gig_context
from nlp.narrative import read_case
from nlp.outcomes import worker_view

# Our outcome names → the gold labels of typical_cases.
GOLD_OUTCOME = {"granted": "支持", "partly_granted": "部分支持", "rejected": "驳回", "inadmissible": "不予受理",
                "not_ruled": "未涉及"}


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Rows of a JSONL file, plain or gzip-compressed."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def eval_cases(path: str | Path) -> dict:
    """Claim-type F1, per-stage outcome accuracy and gig-context accuracy on typical cases with gold labels."""
    tp = n_pred = n_gold = 0
    stage_hits, stage_total = Counter(), Counter()
    ctx_hits, ctx_total = Counter(), Counter()
    cases = 0
    for row in read_jsonl(path):
        cases += 1
        gold = row["gold"]
        reading = read_case(row["text"])
        pred_types = Counter(c.claim_type for c in reading.claims)
        gold_types = Counter(c["type"] for c in gold["claims"])
        tp += sum((pred_types & gold_types).values())
        n_pred += sum(pred_types.values())
        n_gold += sum(gold_types.values())
        for stage, outcomes, key in (("arbitration", reading.arbitration, "arbitration_outcome"),
                                     ("court", reading.court, "court_outcome")):
            predicted = _by_type(reading.claims, outcomes)
            used = Counter()
            for g in gold["claims"]:
                if g[key] is None:
                    continue
                stage_total[stage] += 1
                options = predicted.get(g["type"], [])
                pick = options[used[g["type"]]] if used[g["type"]] < len(options) else None
                used[g["type"]] += 1
                stage_hits[stage] += pick == g[key]
        context = gig_context(row["text"])
        ctx_total["platform_work"] += 1
        ctx_hits["platform_work"] += context.platform_work == gold["platform_work"]
        if gold["platform_work"] and gold["occupation"]:
            ctx_total["occupation"] += 1
            ctx_hits["occupation"] += _same_occupation(context.occupation, gold["occupation"])
        if gold["employment_mode"]:
            ctx_total["employment_mode"] += 1
            ctx_hits["employment_mode"] += context.employment_mode == gold["employment_mode"]
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return {
        "file": str(path), "cases": cases,
        "claim_type": {"precision": _r(precision), "recall": _r(recall),
                       "f1": _r(2 * precision * recall / (precision + recall) if precision + recall else 0.0),
                       "predicted": n_pred, "gold": n_gold},
        "arbitration_outcome_accuracy": _acc(stage_hits["arbitration"], stage_total["arbitration"]),
        "court_outcome_accuracy": _acc(stage_hits["court"], stage_total["court"]),
        "outcome_accuracy": _acc(stage_hits["arbitration"] + stage_hits["court"],
                                 stage_total["arbitration"] + stage_total["court"]),
        "platform_work_accuracy": _acc(ctx_hits["platform_work"], ctx_total["platform_work"]),
        "occupation_accuracy_on_platform_cases": _acc(ctx_hits["occupation"], ctx_total["occupation"]),
        "employment_mode_accuracy": _acc(ctx_hits["employment_mode"], ctx_total["employment_mode"]),
    }


def _by_type(claims, outcomes) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in outcomes:
        c = claims[o.claim_index]
        out.setdefault(c.claim_type, []).append(GOLD_OUTCOME[o.outcome])
    return out


def _same_occupation(predicted: str | None, gold: str) -> bool:
    return predicted is not None and (predicted in gold or gold in predicted)


def _acc(hits: int, total: int) -> dict:
    return {"accuracy": _r(hits / total if total else 0.0), "correct": hits, "total": total}


def _r(x: float) -> float:
    return round(x, 4)
