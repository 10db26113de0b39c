"""Labor-relation match score (劳动关系匹配度评分).

Factor values come from text (cues with character spans) or from structured inputs; the score is 50 plus each
factor's weight times its value, so every point can be traced to a factor. Weights, bands and cues are in
`patterns/match_score.toml`; `fit` calibrates weights and the threshold on decided cases."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from nlp.model import Span
from nlp.patterns import PATTERN_DIR, load
from nlp.text import chinese_int, fold_width

CALIBRATION_FILE = PATTERN_DIR / "match_calibration.json"
_NUM = r"(?P<n>[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十]+)"
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


class InvalidInput(ValueError):
    """A structured input that is not a known factor or quantity, or has a value it cannot take: `name`, `value` and
    what it `takes` ("known" inputs, "yes_no", "choice", "number", "non_negative"; `choices` lists the allowed) let a
    caller word it for its readers; a caller that words it already gives the `text`."""

    def __init__(self, name: str, value: object, takes: str, choices: tuple[str, ...] = (), text: str | None = None):
        super().__init__(
            text or f"input {name!r} ({value!r}) takes {takes}" + (f": {', '.join(choices)}" if choices else "")
        )
        self.name, self.value, self.takes, self.choices = name, value, takes, choices


@dataclass(frozen=True)
class Cue:
    factor: str
    direction: int  # +1 points to subordination, -1 to independence
    weight: float  # 1 for a finding; less for a party's account, a conceded clause, general commentary
    text: str
    span: Span


@dataclass(frozen=True)
class FactorValue:
    name: str
    value: float  # -1 .. +1
    source: str  # text, input
    cues: tuple[Cue, ...] = ()
    quantity: tuple[str, float] | None = None  # the reading that set a number factor: (hours_per_day, 10.0)


@dataclass(frozen=True)
class Contribution:
    name: str
    label: str
    weight: float
    value: float
    points: float
    source: str
    cues: tuple[Cue, ...]
    quantity: tuple[str, float] | None


@dataclass(frozen=True)
class Model:
    weights: Mapping[str, float]
    threshold: float
    incomplete_margin: float
    scale: float
    source: str  # "prior" or what it was calibrated on


@dataclass(frozen=True)
class MatchScore:
    score: float  # 0..100
    band: str  # labor, incomplete, civil
    band_label: str
    probability: float  # the model's chance that a labor relation is recognised
    threshold: float
    incomplete_from: float
    contributions: tuple[Contribution, ...]  # every factor, largest effect first
    model_source: str


@dataclass(frozen=True)
class InputSpec:
    """One structured input a form or an API call may set."""

    name: str
    factor: str
    label: str
    kind: str  # bool, choice, number
    unit: str | None = None
    choices: tuple[str, ...] = ()


# --- the data file --------------------------------------------------------------------------------------------


@cache
def _spec() -> dict:
    return load("match_score")


@cache
def _factors() -> dict[str, dict]:
    return {f["name"]: f for f in _spec()["factor"]}


@cache
def _cue_patterns() -> list[tuple[str, int, re.Pattern]]:
    return [
        (f["name"], direction, re.compile(p))
        for f in _spec()["factor"]
        for direction, key in ((1, "for"), (-1, "against"))
        for p in f.get(key, ())
    ]


@cache
def _measures() -> list[tuple[str, dict, re.Pattern]]:
    return [
        (f["name"], q, re.compile(p.replace("NUM", _NUM)))
        for f in _spec()["factor"]
        for q in f.get("quantity", ())
        for p in q.get("measure", ())
    ]


@cache
def _reading() -> tuple[re.Pattern, int, list[tuple[re.Pattern, float]]]:
    r = _spec()["reading"]
    discounts = [(re.compile(r[k]["pattern"]), float(r[k]["weight"])) for k in ("argued", "general")]
    return re.compile(r["negators"]), int(r["negation_window"]), discounts


@cache
def _conceded() -> tuple[re.Pattern, float]:
    c = _spec()["reading"]["conceded"]
    return re.compile(c["pattern"]), float(c["weight"])


def labels() -> dict[str, str]:
    return {name: f["label"] for name, f in _factors().items()}


def band_labels() -> dict[str, str]:
    return dict(_spec()["bands"]["labels"])


def inputs() -> list[InputSpec]:
    """What a form or an API call may set: one input per bool/choice factor, one per quantity."""
    out = []
    for name, f in _factors().items():
        if f["input"] == "number":
            out += [InputSpec(q["name"], name, f["label"], "number", q["unit"]) for q in f["quantity"]]
        else:
            out.append(InputSpec(name, name, f["label"], f["input"], None, tuple(f.get("choices", {}))))
    return out


def prior_model() -> Model:
    bands = _spec()["bands"]
    return Model(
        {name: float(f["weight"]) for name, f in _factors().items()},
        float(bands["threshold"]),
        float(bands["incomplete_margin"]),
        float(bands["scale"]),
        "prior",
    )


def current_model(path: Path = CALIBRATION_FILE) -> Model:
    """The calibrated model when one has been written, else the prior."""
    return load_model(path) if path.exists() else prior_model()


# --- reading factors ------------------------------------------------------------------------------------------


def read_factors(text: str) -> dict[str, FactorValue]:
    """Every factor the text speaks to, with the cues (and quantities) that set it."""
    text = fold_width(text)
    negators, window, discounts = _reading()
    conceded, conceded_weight = _conceded()
    cues: dict[str, list[Cue]] = {}
    for sentence in _SENTENCE.finditer(text):
        s = sentence.group()
        weight = min([1.0] + [w for pattern, w in discounts if pattern.search(s)])
        conceded_spans = [(m.start(), m.end()) for m in conceded.finditer(s)]
        for factor, direction, pattern in _cue_patterns():
            for m in pattern.finditer(s):
                clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(s, 0, m.start())), default=0)
                if negators.search(s, max(clause_start, m.start() - window), m.start()):
                    if direction > 0 and _factors()[factor].get("negated") == "neutral":
                        continue
                    direction_here = -direction
                else:
                    direction_here = direction
                w = weight * (conceded_weight if any(a <= m.start() < b for a, b in conceded_spans) else 1.0)
                span = Span(sentence.start() + m.start(), sentence.start() + m.end())
                found = cues.setdefault(factor, [])
                # Two patterns of one factor on the same words (罚款 / 将被罚款) are one cue.
                if not any(c.span.start < span.end and span.start < c.span.end for c in found):
                    found.append(Cue(factor, direction_here, w, m.group(), span))
    values = {name: _from_cues(name, found) for name, found in cues.items()}
    values.update(_read_quantities(text))
    return values


def _from_cues(name: str, cues: list[Cue]) -> FactorValue:
    pro = sum(c.weight for c in cues if c.direction > 0)
    con = sum(c.weight for c in cues if c.direction < 0)
    return FactorValue(name, (pro - con) / max(1.0, pro + con), "text", tuple(cues))


def _read_quantities(text: str) -> dict[str, FactorValue]:
    best: dict[str, FactorValue] = {}
    for factor, q, pattern in _measures():
        for m in pattern.finditer(text):
            try:
                number = float(m.group("n")) if m.group("n")[0].isdigit() else float(chinese_int(m.group("n")))
            except ValueError:
                continue
            value = _scaled(number, q)
            cue = Cue(factor, 1 if value >= 0 else -1, 1.0, m.group(), Span(m.start(), m.end()))
            if factor not in best or value > best[factor].value:
                best[factor] = FactorValue(factor, value, "text", (cue,), (q["name"], number))
    return best


def _scaled(number: float, q: dict) -> float:
    low, high = float(q["low"]), float(q["high"])
    return max(-1.0, min(1.0, -1.0 + 2.0 * (number - low) / (high - low)))


# --- structured inputs ----------------------------------------------------------------------------------------

_YES = {"yes", "true", "1", "y", "是", "有"}
_NO = {"no", "false", "0", "n", "否", "无"}


def input_factors(given: Mapping[str, object]) -> dict[str, FactorValue]:
    """Factor values from structured inputs (name → value); empty values are left unknown.

    Raises InvalidInput naming the input when a name is unknown or a value does not fit its kind."""
    specs = {s.name: s for s in inputs()}
    values: dict[str, FactorValue] = {}
    for name, raw in given.items():
        if name not in specs:
            raise InvalidInput(name, raw, "known", tuple(specs))
        if raw is None or str(raw).strip() == "":
            continue
        spec, factor = specs[name], _factors()[specs[name].factor]
        text = str(raw).strip().lower()
        if spec.kind == "bool":
            if text not in _YES | _NO:
                raise InvalidInput(name, raw, "yes_no")
            value = float(factor.get("yes", 1)) * (1.0 if text in _YES else -1.0)
            quantity = None
        elif spec.kind == "choice":
            if text not in factor["choices"]:
                raise InvalidInput(name, raw, "choice", tuple(factor["choices"]))
            value, quantity = float(factor["choices"][text]), None
        else:
            try:
                number = float(text)
            except ValueError:
                raise InvalidInput(name, raw, "number") from None
            if not math.isfinite(number) or number < 0:
                raise InvalidInput(name, raw, "non_negative")
            q = next(q for q in factor["quantity"] if q["name"] == name)
            value, quantity = _scaled(number, q), (name, number)
            if spec.factor in values and values[spec.factor].value >= value:
                continue  # the largest reading of a factor counts, as in text
        values[spec.factor] = FactorValue(spec.factor, value, "input", (), quantity)
    return values


# --- scoring --------------------------------------------------------------------------------------------------


def score(values: Mapping[str, FactorValue], model: Model | None = None) -> MatchScore:
    model = model or current_model()
    contributions = []
    for name, label in labels().items():
        v = values.get(name)
        weight = float(model.weights.get(name, 0.0))
        value = v.value if v else 0.0
        contributions.append(
            Contribution(
                name,
                label,
                weight,
                round(value, 3),
                round(weight * value, 2),
                v.source if v else "unknown",
                v.cues if v else (),
                v.quantity if v else None,
            )
        )
    raw = 50.0 + sum(c.weight * c.value for c in contributions)
    total = max(0.0, min(100.0, raw))
    incomplete_from = model.threshold - model.incomplete_margin
    band = "labor" if total >= model.threshold else "incomplete" if total >= incomplete_from else "civil"
    contributions.sort(key=lambda c: -abs(c.points))
    return MatchScore(
        round(total, 1),
        band,
        band_labels()[band],
        round(_sigmoid((raw - model.threshold) / model.scale), 3),
        model.threshold,
        incomplete_from,
        tuple(contributions),
        model.source,
    )


def what_if(values: Mapping[str, FactorValue], changes: Mapping[str, object], model: Model | None = None) -> MatchScore:
    """The score with some factors set by hand over what was read (changes as for `input_factors`)."""
    return score({**values, **input_factors(changes)}, model)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


# --- calibration ----------------------------------------------------------------------------------------------


def fit(
    samples: Sequence[tuple[Mapping[str, FactorValue], bool]],
    prior: Model | None = None,
    l2: float | None = None,
    source: str = "calibrated",
) -> Model:
    """Weights and threshold fitted to decided cases (labor relation recognised or not) by logistic regression
    pulled toward the prior (ridge around it), so that a few cases adjust the doctrine rather than replace it."""
    prior = prior or prior_model()
    l2 = float(_spec()["calibration"]["l2"]) if l2 is None else l2
    names = list(labels())
    x = np.array([[values[n].value if n in values else 0.0 for n in names] for values, _ in samples])
    y = np.array([1.0 if recognised else 0.0 for _, recognised in samples])
    x = np.hstack([np.ones((len(samples), 1)), x])  # intercept: (50 - threshold) / scale
    beta_prior = np.array([(50.0 - prior.threshold) / prior.scale] + [prior.weights[n] / prior.scale for n in names])
    beta = beta_prior.copy()
    penalty = np.full(len(beta), l2)
    for _ in range(100):  # Newton steps; the objective is convex
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (p - y) + penalty * (beta - beta_prior)
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    weights = {n: round(float(b * prior.scale), 3) for n, b in zip(names, beta[1:])}
    return Model(weights, round(50.0 - float(beta[0]) * prior.scale, 3), prior.incomplete_margin, prior.scale, source)


def save_model(model: Model, path: Path = CALIBRATION_FILE, fitted_on: Mapping | None = None) -> None:
    data = {
        "weights": dict(model.weights),
        "threshold": model.threshold,
        "incomplete_margin": model.incomplete_margin,
        "scale": model.scale,
        "source": model.source,
        "fitted_on": dict(fitted_on or {}),
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_model(path: Path = CALIBRATION_FILE) -> Model:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    prior = prior_model()
    return replace(
        prior,
        weights={**prior.weights, **data["weights"]},
        threshold=float(data["threshold"]),
        incomplete_margin=float(data["incomplete_margin"]),
        scale=float(data["scale"]),
        source=data["source"],
    )


def fitted_on(path: Path = CALIBRATION_FILE) -> dict:
    """What the calibration file says it was fitted on (file name, sha256, cases), or {}."""
    return json.loads(Path(path).read_text(encoding="utf-8")).get("fitted_on", {}) if Path(path).exists() else {}
