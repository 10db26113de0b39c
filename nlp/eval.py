"""Evaluation commands: figures as JSON so that runs can be compared over time."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections import Counter
from pathlib import Path
from typing import Iterator

from nlp import elements
from nlp.context import gig_context
from nlp.divergence import Passage, case_divergence, classify
from nlp.model import Outcome, Side, Stage
from nlp.narrative import compare_case

# The shared evaluation data beside the repository (../shared/data).
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ELEMENTS_DEV = SHARED_DATA / "cail2019_labor_elements.dev.jsonl"
ELEMENT_NAMES = SHARED_DATA / "cail2019_labor_labels.json"
FOLDS = 5

# Our outcome names → the gold labels of typical_cases.
GOLD_OUTCOME = {
    Outcome.granted: "支持",
    Outcome.partly_granted: "部分支持",
    Outcome.rejected: "驳回",
    Outcome.inadmissible: "不予受理",
    Outcome.not_ruled: "未涉及",
}


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Rows of a JSONL file, plain or gzip-compressed."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def eval_cases(path: str | Path, tolerance: float = 0.01) -> dict:
    """Claim-type F1, per-stage outcome accuracy, gig-context accuracy, and divergence detection and type accuracy
    on typical cases with gold labels, for the whole file and for each half (half_of).

    Detection is scored on the cases whose gold says whether they diverge; type on the gold-divergent ones (when
    detection missed the divergence, the type is read from the text over all the compared claims)."""
    from nlp.extract import extract_document

    scores = {"all": _CaseScore(tolerance), **{h: _CaseScore(tolerance) for h in _HALVES}}
    for row in read_jsonl(path):
        ex = extract_document(row["text"])  # as ingest reads it: a published case is read as a case report
        for key in ("all", half_of(row["id"])):
            scores[key].add(row["text"], ex, row["gold"])
    return {
        "file": str(path),
        "reader": "nlp.extract.extract_document",
        **scores["all"].figures(),
        "halves": {f"half_{h}": scores[h].figures() for h in _HALVES},
        "halves_note": "half_A's errors are the ones read while developing; half_B's are not",
    }


class _CaseScore:
    def __init__(self, tolerance: float):
        self.cases = 0
        self.tp = self.n_pred = self.n_gold = 0
        self.divergence = _DivergenceScore(tolerance)
        self.stage_hits: Counter = Counter()
        self.stage_total: Counter = Counter()
        self.ctx_hits: Counter = Counter()
        self.ctx_total: Counter = Counter()

    def add(self, text: str, ex, gold: dict) -> None:
        self.cases += 1
        pred_types = Counter(c.claim_type for c in ex.claims)
        gold_types = Counter(c["type"] for c in gold["claims"])
        self.tp += sum((pred_types & gold_types).values())
        self.n_pred += sum(pred_types.values())
        self.n_gold += sum(gold_types.values())
        sides = _by_side(ex)
        for stage, key in (("arbitration", "arbitration_outcome"), ("court", "court_outcome")):
            predicted = sides[stage]
            used: Counter[str] = Counter()
            for g in gold["claims"]:
                if g[key] is None:
                    continue
                self.stage_total[stage] += 1
                options = predicted.get(g["type"], [])
                pick = options[used[g["type"]]] if used[g["type"]] < len(options) else None
                used[g["type"]] += 1
                self.stage_hits[stage] += pick == g[key]
        self.divergence.add(text, gold)
        context = gig_context(text)
        self.ctx_total["platform_work"] += 1
        self.ctx_hits["platform_work"] += context.platform_work == gold["platform_work"]
        if gold["platform_work"] and gold["occupation"]:
            self.ctx_total["occupation"] += 1
            self.ctx_hits["occupation"] += _same_occupation(context.occupation, gold["occupation"])
        if gold["employment_mode"]:
            self.ctx_total["employment_mode"] += 1
            self.ctx_hits["employment_mode"] += context.employment_mode == gold["employment_mode"]

    def figures(self) -> dict:
        precision = self.tp / self.n_pred if self.n_pred else 0.0
        recall = self.tp / self.n_gold if self.n_gold else 0.0
        hits, total = self.stage_hits, self.stage_total
        return {
            "cases": self.cases,
            "claim_type": {
                "precision": _r(precision),
                "recall": _r(recall),
                "f1": _r(_f1(precision, recall)),
                "predicted": self.n_pred,
                "gold": self.n_gold,
            },
            "arbitration_outcome_accuracy": _acc(hits["arbitration"], total["arbitration"]),
            "court_outcome_accuracy": _acc(hits["court"], total["court"]),
            "outcome_accuracy": _acc(hits["arbitration"] + hits["court"], total["arbitration"] + total["court"]),
            "platform_work_accuracy": _acc(self.ctx_hits["platform_work"], self.ctx_total["platform_work"]),
            "occupation_accuracy_on_platform_cases": _acc(self.ctx_hits["occupation"], self.ctx_total["occupation"]),
            "employment_mode_accuracy": _acc(self.ctx_hits["employment_mode"], self.ctx_total["employment_mode"]),
            **self.divergence.figures(),
        }


class _DivergenceScore:
    def __init__(self, tolerance: float):
        self.tolerance = tolerance
        self.detected: Counter[str] = Counter()
        self.typed: Counter[str] = Counter()
        self.quoted: Counter[str] = Counter()
        self.confusion: Counter = Counter()

    def add(self, text: str, gold: dict) -> None:
        if gold.get("divergence") is None:
            return
        comparisons = compare_case(text, self.tolerance)
        divergent, dtype = case_divergence(comparisons)
        self.detected["total"] += 1
        self.detected["correct"] += bool(divergent) == gold["divergence"]
        if not gold["divergence"]:
            return
        if not divergent:  # detection missed it: what type would the compared claims be given
            causes = [classify(c, [Passage(Side.court, None, text)]) for c in comparisons if c.court or c.arbitration]
            dtype = causes[0].divergence_type if causes else None
        self.typed["total"] += 1
        self.typed["correct"] += dtype == gold.get("divergence_type")
        self.confusion[(gold.get("divergence_type"), dtype)] += 1
        quote = gold.get("divergence_reason_quote")
        if quote and quote in text:
            start = text.index(quote)
            spans = [e.span for c in comparisons if c.cause for e in c.cause.evidence]
            self.quoted["total"] += 1
            self.quoted["correct"] += any(s.start < start + len(quote) and start < s.end for s in spans)

    def figures(self) -> dict:
        return {
            "divergence_detection_accuracy": _acc(self.detected["correct"], self.detected["total"]),
            "divergence_type_accuracy": _acc(self.typed["correct"], self.typed["total"]),
            "divergence_evidence_hits_gold_quote": _acc(self.quoted["correct"], self.quoted["total"]),
            "divergence_type_confusion": [
                {"gold": g, "predicted": p, "cases": n} for (g, p), n in sorted(self.confusion.items(), key=str)
            ],
            "divergence_tolerance": self.tolerance,
        }


def _by_side(ex) -> dict[str, dict[str, list[str]]]:
    """The award's and the court's outcomes by claim type: the document's own at its stage, the award it recites."""
    sides: dict[str, dict[str, list[str]]] = {"arbitration": {}, "court": {}}
    sides["arbitration" if ex.stage == Stage.arbitration else "court"] = _by_type(ex.claims, ex.outcomes)
    for recited in ex.recited:
        if recited.stage == Stage.arbitration:
            sides["arbitration"] = _by_type(recited.claims, recited.outcomes)
    return sides


def _by_type(claims, outcomes) -> dict[str, list[str]]:
    """Predicted outcomes by claim type, relative to each claim's own claimant, as the gold states them."""
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


def eval_elements(
    path: str | Path, train_path: str | Path = ELEMENTS_DEV, names_path: str | Path = ELEMENT_NAMES
) -> dict:
    """Sentence-level multi-label figures for the element classifier, the rules alone and a keyword baseline.

    When the file is the training file, the model is scored by 5-fold cross-validation over documents.
    """
    docs = list(read_jsonl(path))
    names = json.loads(Path(names_path).read_text(encoding="utf-8"))
    gold = [set(s["labels"]) for d in docs for s in d["sentences"]]
    texts = [s["text"] for d in docs for s in d["sentences"]]
    same = Path(train_path).exists() and _sha(path) == _sha(train_path)
    if same:
        protocol = f"{FOLDS}-fold cross-validation over documents (the model is trained on this file)"
        predicted = _cross_validated(docs)
    else:
        protocol = f"trained on {train_path}, scored on this file"
        model = elements.train(labelled(read_jsonl(train_path)))
        predicted = [labels for d in docs for labels in model.predict([s["text"] for s in d["sentences"]])]
    keyword = [elements.keyword_labels(t, names) for t in texts]
    rules = [elements.rule_labels(t) for t in texts]
    model_scores = _multilabel(predicted, gold)
    keyword_scores = _multilabel(keyword, gold)
    return {
        "file": str(path),
        "documents": len(docs),
        "sentences": len(texts),
        "protocol": protocol,
        "model": model_scores,
        "rules_only": _multilabel(rules, gold, per_label=False),
        "keyword_baseline": _multilabel(keyword, gold, per_label=False),
        "gain_over_keyword_micro_f1": _r(model_scores["micro_f1"] - keyword_scores["micro_f1"]),
    }


def _cross_validated(docs: list[dict]) -> list[set[str]]:
    """Predictions for every sentence from a model that never saw its document; folds by a hash of the document."""
    fold_of = [int(hashlib.sha256(d["id"].encode()).hexdigest()[:8], 16) % FOLDS for d in docs]
    predicted: dict[tuple[int, int], set[str]] = {}
    for k in range(FOLDS):
        test = [i for i, f in enumerate(fold_of) if f == k]
        if not test:
            continue
        model = elements.train(labelled(d for d, f in zip(docs, fold_of) if f != k))
        for i in test:
            for j, labels in enumerate(model.predict([s["text"] for s in docs[i]["sentences"]])):
                predicted[(i, j)] = labels
    return [predicted[(i, j)] for i, d in enumerate(docs) for j in range(len(d["sentences"]))]


def labelled(docs) -> list[list[tuple[str, set[str]]]]:
    """Documents of a CAIL2019-format file as lists of (sentence, labels)."""
    return [[(s["text"], set(s["labels"])) for s in d["sentences"]] for d in docs]


def _multilabel(predicted: list[set[str]], gold: list[set[str]], per_label: bool = True) -> dict:
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    precision, recall = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
    labels = {}
    for label in elements.LABELS:
        support = sum(label in g for g in gold)
        if not support:
            continue  # a label absent from the gold is not scored (its F1 is undefined)
        ltp = sum(label in p and label in g for p, g in zip(predicted, gold))
        lp = sum(label in p for p in predicted)
        lp_, lr = (ltp / lp if lp else 0.0), ltp / support
        labels[label] = {"precision": _r(lp_), "recall": _r(lr), "f1": _r(_f1(lp_, lr)), "support": support}
    out: dict[str, object] = {
        "micro_precision": _r(precision),
        "micro_recall": _r(recall),
        "micro_f1": _r(_f1(precision, recall)),
        "macro_f1": _r(sum(v["f1"] for v in labels.values()) / len(labels) if labels else 0.0),
    }
    if per_label:
        out["per_label"] = labels
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# A candidate whose fact text is a stub (the source's extraction failed, e.g. just "判决") is read from its other parts.
_STUB_CHARS = 20
NDCG_AT = (10, 20, 30)


def eval_retrieval(path: str | Path) -> dict:
    """LeCaRD-format similar-case retrieval: caishen's ranking (the one `caishen similar` uses) and plain BM25 over
    jieba tokens of the candidates' fact text, each ranking every query's whole pool, scored by pool NDCG@10/20/30
    (unlabelled candidates gain 0; the ideal uses all of the query's labels)."""
    from nlp.similar import BM25_ONLY, CaseProfile, charges, rank
    from nlp.tokens import query_tokens_many

    rows = list(read_jsonl(path))
    facts = [c["text"] for r in rows for c in r["candidates"]]
    stubs = {
        i: f"{c['title']}。{c['reasoning']}。{c['judgment']}"
        for i, c in enumerate(c for r in rows for c in r["candidates"])
        if len(facts[i]) < _STUB_CHARS
    }
    segmented = query_tokens_many(facts + list(stubs.values()) + [r["query"] for r in rows])
    fact_tokens, stub_tokens = (
        segmented[: len(facts)],
        dict(zip(stubs, segmented[len(facts) : len(facts) + len(stubs)])),
    )
    query_tok = segmented[len(facts) + len(stubs) :]
    scores: dict[str, list[dict[int, float]]] = {"caishen": [], "bm25_baseline": []}
    i = 0
    for r, q_tokens in zip(rows, query_tok):
        pool, plain = [], []
        for c in r["candidates"]:
            issues = charges(c["judgment"], c["reasoning"])
            pool.append(
                CaseProfile(c["cid"], stubs.get(i, facts[i]), tuple(stub_tokens.get(i, fact_tokens[i])), issues)
            )
            plain.append(CaseProfile(c["cid"], facts[i], tuple(fact_tokens[i])))
            i += 1
        gains = {c["cid"]: c["relevance"] or 0 for c in r["candidates"]}
        labels = [c["relevance"] for c in r["candidates"] if c["relevance"] is not None]
        query = CaseProfile("query", r["query"], tuple(q_tokens), frozenset(r.get("charges") or ()))
        scores["caishen"].append(_ndcgs([gains[s.key] for s in rank(query, pool)], labels))
        scores["bm25_baseline"].append(_ndcgs([gains[s.key] for s in rank(query, plain, BM25_ONLY)], labels))
    means = {
        name: {f"ndcg@{k}": _r(sum(q[k] for q in per_query) / len(per_query)) for k in NDCG_AT}
        for name, per_query in scores.items()
    }
    out: dict[str, object] = {
        "file": str(path),
        "queries": len(rows),
        "protocol": "pool NDCG, linear gains, unlabelled = 0, ideal over all of the query's labels; ties by cid",
        **means,
    }
    out["difference"] = {
        f"ndcg@{k}": _r(means["caishen"][f"ndcg@{k}"] - means["bm25_baseline"][f"ndcg@{k}"]) for k in NDCG_AT
    }
    paired = [a[30] - b[30] for a, b in zip(scores["caishen"], scores["bm25_baseline"])]
    mean = sum(paired) / len(paired)
    spread = (sum((d - mean) ** 2 for d in paired) / max(len(paired) - 1, 1)) ** 0.5
    out["ndcg@30_paired"] = {
        "mean_difference": _r(mean),
        "standard_error": _r(spread / len(paired) ** 0.5),
        "queries_better": sum(d > 0 for d in paired),
        "queries_worse": sum(d < 0 for d in paired),
    }
    out["target"] = "caishen beats the BM25 baseline by ≥ 0.04 NDCG@30"
    return out


def _ndcgs(ranked_gains: list[float], labels: list[float]) -> dict[int, float]:
    ideal = sorted(labels, reverse=True)
    out = {}
    for k in NDCG_AT:
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(ranked_gains[:k]))
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:k]))
        out[k] = dcg / idcg if idcg else 0.0
    return out


# --- labor-relation match score -------------------------------------------------------------------------------

_RECOGNISED = {"支持": True, "部分支持": True, "驳回": False}


def decided_relations(path: str | Path) -> Iterator[tuple[str, str, bool]]:
    """(id, text, recognised) for every case whose final decision (the court's where it ruled, else the award's)
    says whether a labor relation exists. An employer's request to confirm there is none, rejected, means there is."""
    for row in read_jsonl(path):
        claim = next((c for c in row["gold"]["claims"] if c["type"] == "确认劳动关系"), None)
        if claim is None:
            continue
        final = next((o for o in (claim["court_outcome"], claim["arbitration_outcome"]) if o in _RECOGNISED), None)
        if final is None:
            continue
        recognised = _RECOGNISED[final]
        if claim["claimant"] == "用人单位" and "不存在" in (claim["text"] or ""):
            recognised = not recognised
        yield row["id"], row["text"], recognised


def calibrate_score(path: str | Path, out: Path | None = None) -> dict:
    """Fit the match score's weights and threshold on the decided cases of a typical-cases file and write them."""
    from nlp import match

    samples = [(match.read_factors(text), recognised) for _, text, recognised in decided_relations(path)]
    if not samples:
        raise ValueError(f"{path}: no case decides whether a labor relation exists")
    fitted = {"file": Path(path).name, "sha256": _sha(path), "cases": len(samples)}
    model = match.fit(samples, source=f"calibrated on {fitted['file']} ({len(samples)} decided cases)")
    match.save_model(model, out or match.CALIBRATION_FILE, fitted)
    return {"fitted_on": fitted, "threshold": model.threshold, "weights": dict(model.weights)}


def eval_score(path: str | Path, calibration: Path | None = None, cail_path: str | Path = ELEMENTS_DEV) -> dict:
    """Band accuracy of the match score against the final decision on labor relation, from the text alone; with
    leave-one-out figures when the weights were fitted on this same file; and the share of CAIL2019 documents with
    a 存在劳动关系 (LB5) finding that the score, read without those sentences, bands as a labor relation."""
    from nlp import match

    calibration = calibration or match.CALIBRATION_FILE
    model = match.current_model(calibration)
    cases = [(case_id, match.read_factors(text), recognised) for case_id, text, recognised in decided_relations(path)]
    fitted_here = match.fitted_on(calibration).get("sha256") == _sha(path)
    out = {"file": str(path), "model": model.source, "decided_cases": len(cases)}
    out["in_sample" if fitted_here else "scored"] = _band_figures(
        [(match.score(values, model).band, recognised) for _, values, recognised in cases]
    )
    if fitted_here:
        loo = []
        for i, (_, values, recognised) in enumerate(cases):
            rest = [(v, r) for j, (_, v, r) in enumerate(cases) if j != i]
            loo.append((match.score(values, match.fit(rest)).band, recognised))
        out["leave_one_out"] = _band_figures(loo)
    recognised_share = sum(r for *_, r in cases) / len(cases) if cases else 0.0
    out["majority_baseline"] = _r(max(recognised_share, 1 - recognised_share))
    out["cail2019_lb5"] = _lb5_agreement(cail_path, model)
    out["target"] = "band accuracy ≥ 0.80 against the final decision"
    return out


def _band_figures(pairs: list[tuple[str, bool]]) -> dict:
    confusion = {band: {"recognised": 0, "not_recognised": 0} for band in ("labor", "incomplete", "civil")}
    for band, recognised in pairs:
        confusion[band]["recognised" if recognised else "not_recognised"] += 1
    hits = sum((band == "labor") == recognised for band, recognised in pairs)
    return {**_acc(hits, len(pairs)), "confusion": confusion}


def _lb5_agreement(path: str | Path, model) -> dict:
    from nlp import match

    if not Path(path).exists():
        return {"skipped": f"{path} not found"}
    bands: Counter[str] = Counter()
    for doc in read_jsonl(path):
        if not any("LB5" in s["labels"] for s in doc["sentences"]):
            continue
        rest = "".join(s["text"] for s in doc["sentences"] if "LB5" not in s["labels"])
        bands[match.score(match.read_factors(rest), model).band] += 1
    total = sum(bands.values())
    return {
        "documents": total,
        "bands": dict(bands),
        **({"labor_share": _r(bands["labor"] / total)} if total else {}),
        "note": "every LB5 finding in the dev file says a labor relation exists; read without those sentences",
    }


# caishen's stage names → the gold's `this_judgment` labels.
GOLD_STAGE = {Stage.first_instance: "一审", Stage.second_instance: "二审", Stage.retrial: "再审"}
_HALVES = ("A", "B")


def half_of(row_id: str) -> str:
    """The half of a dev file a row falls in, by a hash of its id: errors are read in half A only, so half B's
    figures show whether a change generalises."""
    return _HALVES[int(hashlib.sha256(row_id.encode()).hexdigest()[:8], 16) % 2]


def eval_judgments(path: str | Path, tolerance: float = 0.01) -> dict:
    """Claims, per-stage outcomes and amounts, divergence, the judgment's stage and the award's case number, read
    from whole judgments by the production reader (nlp.extract.extract_document, as ingest reads a document),
    for the whole file and for each half (half_of)."""
    from nlp.extract import extract_document

    scores = {"all": _JudgmentScore(tolerance), **{h: _JudgmentScore(tolerance) for h in _HALVES}}
    for row in read_jsonl(path):
        ex = extract_document(row["text"])
        for key in ("all", half_of(row["id"])):
            scores[key].add(row["text"], ex, row["gold"])
    figures = scores["all"].figures()
    return {
        "file": str(path),
        "reader": "nlp.extract.extract_document",
        **figures,
        "halves": {f"half_{h}": scores[h].figures() for h in _HALVES},
        "halves_note": "half_A's errors are the ones read while developing; half_B's are not",
    }


class _JudgmentScore:
    def __init__(self, tolerance: float):
        self.tolerance = tolerance
        self.documents = 0
        self.tp = self.n_pred = self.n_gold = 0
        self.hits: Counter = Counter()
        self.total: Counter = Counter()

    def add(self, text: str, ex, gold: dict) -> None:
        self.documents += 1
        pred_types = Counter(c.claim_type for c in ex.claims)
        gold_types = Counter(c["type"] for c in gold["claims"])
        self.tp += sum((pred_types & gold_types).values())
        self.n_pred += sum(pred_types.values())
        self.n_gold += sum(gold_types.values())
        stages = judgment_stages(ex)
        # Gold claims are matched to read claims by type, in order, as eval_cases matches them.
        by_type: dict[str, list[int]] = {}
        for i, c in enumerate(ex.claims):
            by_type.setdefault(c.claim_type, []).append(i)
        used: Counter[str] = Counter()
        for g in gold["claims"]:
            options = by_type.get(g["type"], [])
            index = options[used[g["type"]]] if used[g["type"]] < len(options) else None
            used[g["type"]] += 1
            if g.get("amount_claimed") is not None:
                amount = ex.claims[index].amount if index is not None else None
                self._count("amount_claimed", _same_amount(amount, g["amount_claimed"]))
            for stage, key, amount_key in (
                ("arbitration", "arbitration_outcome", "amount_arbitration"),
                ("court", "court_outcome", "amount_court"),
            ):
                result = stages[stage].get(index) if index is not None else None
                if g[key] is not None:
                    self._count(stage, result is not None and GOLD_OUTCOME[result.outcome] == g[key])
                if g.get(amount_key) is not None:
                    self._count(f"amount_{stage}", result is not None and _same_amount(result.amount, g[amount_key]))
        if gold.get("divergence") is not None:
            self._count("divergence", judgment_divergence(ex, stages, self.tolerance) == gold["divergence"])
        self._count("this_judgment", GOLD_STAGE.get(ex.stage, "未说明") == gold.get("this_judgment"))
        number = (gold.get("arbitration") or {}).get("case_number")
        if number and number in text:
            start = text.index(number)
            spans = [n.span for n in (ex.case_number, *ex.cited_case_numbers) if n is not None]
            self._count("award_case_number", any(s.start < start + len(number) and start < s.end for s in spans))

    def _count(self, what: str, hit: bool) -> None:
        self.total[what] += 1
        self.hits[what] += bool(hit)

    def figures(self) -> dict:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        acc = {
            what: _acc(self.hits[what], self.total[what])
            for what in (
                "arbitration",
                "court",
                "amount_claimed",
                "amount_arbitration",
                "amount_court",
                "divergence",
                "this_judgment",
                "award_case_number",
            )
        }
        return {
            "documents": self.documents,
            "claim_type": {
                "precision": _r(p),
                "recall": _r(r),
                "f1": _r(_f1(p, r)),
                "predicted": self.n_pred,
                "gold": self.n_gold,
            },
            "arbitration_outcome_accuracy": acc["arbitration"],
            "court_outcome_accuracy": acc["court"],
            "amount_accuracy": {
                "claimed": acc["amount_claimed"],
                "arbitration": acc["amount_arbitration"],
                "court": acc["amount_court"],
                "tolerance": "1%",
            },
            "divergence_detection_accuracy": acc["divergence"],
            "this_judgment_stage_accuracy": acc["this_judgment"],
            "award_case_number_recall": acc["award_case_number"],
        }


def judgment_stages(ex) -> dict[str, dict]:
    """Per claim index, the StageResult (worker's side) of the award and of the court: the document's own decision at
    its stage, and the award it recites."""
    from nlp.divergence import StageResult
    from nlp.outcomes import worker_view

    out: dict[str, dict] = {"arbitration": {}, "court": {}}
    own = "arbitration" if ex.stage == Stage.arbitration else "court"
    for o in ex.outcomes:
        out[own][o.claim_index] = StageResult(worker_view(ex.claims[o.claim_index], o.outcome), o.amount, span=o.span)
    for recited in ex.recited:
        if recited.stage == Stage.arbitration:
            for o in recited.outcomes:
                out["arbitration"][o.claim_index] = StageResult(
                    worker_view(recited.claims[o.claim_index], o.outcome), o.amount, span=o.span
                )
    return out


def judgment_divergence(ex, stages: dict[str, dict], tolerance: float) -> bool | None:
    """Whether the document's decision departs from the award it recites, by the claim comparison analysis runs."""
    from nlp.divergence import ClaimRecord, analyse

    records = [
        ClaimRecord(
            key=i,
            document_id=None,
            claim_type=c.claim_type,
            text=c.text,
            amount_claimed=c.amount,
            claimant=c.claimant,
            results={
                s: stages[k][i]
                for s, k in ((Stage.arbitration, "arbitration"), (Stage.first_instance, "court"))
                if i in stages[k]
            },
        )
        for i, c in enumerate(ex.claims)
    ]
    return case_divergence(analyse(records, [], tolerance))[0]


def _same_amount(predicted: float | None, gold: float) -> bool:
    return predicted is not None and abs(predicted - gold) <= 0.01 * abs(gold)
