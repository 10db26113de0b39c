"""Divergence (分歧): one dispute's claims aligned across its stages, the award compared with the court's final
decision claim by claim, and the reason they differ, with the sentences that give it.

Pure functions over small records, so that stored documents and published narratives go through the same code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Iterable, Sequence

from nlp.claims import NEEDS_RELATION, RELATION, claim_types_in
from nlp.model import Outcome, Side, Span, Stage
from nlp.patterns import load
from nlp.text import find_amounts

ARBITRATION = Stage.arbitration
COURT_STAGES = (
    Stage.first_instance,
    Stage.second_instance,
    Stage.retrial,
)  # in order: the last one that decided is final
STAGES = (ARBITRATION, *COURT_STAGES)
PROCEDURE = "程序差异"
# Outcomes on the merits; 不予受理 and 不予处理 leave the claim undecided.
MERITS = frozenset({Outcome.granted, Outcome.partly_granted, Outcome.rejected})
# What an outcome gives the worker, for the direction of a change when amounts do not tell.
_GAIN = {
    Outcome.granted: 2,
    Outcome.partly_granted: 1,
    Outcome.rejected: 0,
    Outcome.not_ruled: 0,
    Outcome.inadmissible: 0,
}
_PAYS = (Outcome.granted, Outcome.partly_granted)
OUTCOME_WORDS = {
    Outcome.granted: "支持",
    Outcome.partly_granted: "部分支持",
    Outcome.rejected: "驳回",
    Outcome.not_ruled: "不予处理",
    Outcome.inadmissible: "不予受理",
}
_SENTENCE = re.compile(r"[^。！？；;\n]+[。！？；;]?")
_LEADING = " \t\u3000，,：:、"  # what a heading (本院认为，) leaves before a sentence


@dataclass(frozen=True)
class StageResult:
    """What one stage decided on a claim, from the worker's side."""

    outcome: Outcome
    amount: float | None = None
    document_id: int | None = None
    span: Span | None = None
    recited: bool = False  # read from a later document that recites this stage's decision


@dataclass(frozen=True)
class ClaimRecord:
    """One claim as one document states it, and what each stage decided on it as that document tells."""

    key: int
    document_id: int | None
    claim_type: str
    text: str
    amount_claimed: float | None = None
    claimant: str = "worker"
    results: dict[str, StageResult] = field(default_factory=dict)


@dataclass(frozen=True)
class AlignedClaim:
    """The same request across the stages of a dispute; a stage's own document wins over a recital of it."""

    records: tuple[ClaimRecord, ...]

    @property
    def first(self) -> ClaimRecord:
        return self.records[0]

    def result(self, stage: str) -> StageResult | None:
        found = [r.results[stage] for r in self.records if stage in r.results]
        return min(found, key=lambda r: r.recited) if found else None


@dataclass(frozen=True)
class Passage:
    """Reasoning to read for causes: text[start:end] of one document, spans reported in that text's offsets."""

    stage: Side
    document_id: int | None
    text: str
    start: int = 0
    end: int | None = None


@dataclass(frozen=True)
class Evidence:
    stage: str
    document_id: int | None
    span: Span
    quote: str


@dataclass(frozen=True)
class Cause:
    divergence_type: str
    evidence: tuple[Evidence, ...]
    scores: dict[str, float]


@dataclass(frozen=True)
class Comparison:
    claim: AlignedClaim
    arbitration: StageResult | None
    court: StageResult | None
    court_stage: str | None  # the court stage whose decision is compared (the last one that decided)
    divergent: bool | None  # None when the award or the court's decision is missing
    direction: str | None  # pro_worker, pro_employer, same; None when not compared
    change: str  # 驳回 → 支持, 20000 → 8000
    cause: Cause | None  # for divergent claims


def analyse(records: Sequence[ClaimRecord], passages: Sequence[Passage], tolerance: float = 0.01) -> list[Comparison]:
    """Align, compare and explain every claim of one dispute."""
    compared = [_compare(claim, tolerance) for claim in align(records)]
    relation = next((c for c in compared if c.divergent and c.claim.first.claim_type == RELATION), None)
    relation_cause = classify(relation, passages) if relation else None
    out = []
    for c in compared:
        if not c.divergent:
            out.append(c)
            continue
        # A claim that stands or falls with the labor relation diverges for the reason the relation does.
        inherited = relation_cause if c.claim.first.claim_type in NEEDS_RELATION and _on_merits(c) else None
        cause = relation_cause if c is relation else inherited or classify(c, passages)
        out.append(
            Comparison(c.claim, c.arbitration, c.court, c.court_stage, c.divergent, c.direction, c.change, cause)
        )
    return out


def align(records: Sequence[ClaimRecord]) -> list[AlignedClaim]:
    """Group the documents' claims into requests: same type, then closest amount and wording; a request takes at
    most one claim from each document. Documents are taken in the order given (stage order)."""
    groups: list[list[ClaimRecord]] = []
    by_document: dict[int | None, list[ClaimRecord]] = {}
    for r in records:
        by_document.setdefault(r.document_id, []).append(r)
    for claims in by_document.values():
        pairs = sorted(
            ((_likeness(g, c), gi, ci) for gi, g in enumerate(groups) for ci, c in enumerate(claims)),
            key=lambda x: -x[0],
        )
        taken_groups, taken_claims = set(), set()
        for score, gi, ci in pairs:
            if score <= 0 or gi in taken_groups or ci in taken_claims:
                continue
            groups[gi].append(claims[ci])
            taken_groups.add(gi)
            taken_claims.add(ci)
        groups.extend([c] for ci, c in enumerate(claims) if ci not in taken_claims)
    return [AlignedClaim(tuple(g)) for g in groups]


def _likeness(group: list[ClaimRecord], c: ClaimRecord) -> float:
    g = group[0]
    if g.claim_type != c.claim_type:
        return 0.0
    if g.amount_claimed is not None and c.amount_claimed is not None:
        amounts = min(g.amount_claimed, c.amount_claimed) / max(g.amount_claimed, c.amount_claimed, 1e-9)
    else:
        amounts = 0.5
    return 1.0 + amounts + _bigram_overlap(g.text, c.text)


def _bigram_overlap(a: str, b: str) -> float:
    grams = [{s[i : i + 2] for i in range(len(s) - 1)} for s in (a, b)]
    union = grams[0] | grams[1]
    return len(grams[0] & grams[1]) / len(union) if union else 0.0


def _compare(claim: AlignedClaim, tolerance: float) -> Comparison:
    arbitration = claim.result(ARBITRATION)
    court_stage = next((s for s in reversed(COURT_STAGES) if claim.result(s)), None)
    court = claim.result(court_stage) if court_stage else None
    if arbitration is None or court is None:
        decided = court or arbitration
        return Comparison(
            claim, arbitration, court, court_stage, None, None, _describe(decided) if decided else "", None
        )
    divergent, direction = compare(arbitration, court, tolerance)
    return Comparison(
        claim,
        arbitration,
        court,
        court_stage,
        divergent,
        direction,
        f"{_describe(arbitration)} → {_describe(court)}",
        None,
    )


def compare(before: StageResult, after: StageResult, tolerance: float = 0.01) -> tuple[bool, str]:
    """(divergent, direction) of a later decision against an earlier one on the same claim, for the worker.

    What the worker receives decides: 不予受理 → 驳回 leaves the worker with nothing either way and does not diverge
    (the published cases' reading), 不予受理 → 支持 does; amounts that differ by no more than `tolerance` (a share
    of the larger) do not."""
    if before.amount is not None and after.amount is not None and before.outcome in _PAYS and after.outcome in _PAYS:
        gap = after.amount - before.amount
        if abs(gap) <= tolerance * max(abs(before.amount), abs(after.amount)):
            return False, "same"
        return True, "pro_worker" if gap > 0 else "pro_employer"
    gain = _GAIN[after.outcome] - _GAIN[before.outcome]
    return gain != 0, "pro_worker" if gain > 0 else "pro_employer" if gain < 0 else "same"


def _describe(r: StageResult) -> str:
    if r.amount is not None and r.outcome in _PAYS:
        return f"{OUTCOME_WORDS[r.outcome]} {r.amount:,.2f}".rstrip("0").rstrip(".")
    return OUTCOME_WORDS[r.outcome]


def _on_merits(c: Comparison) -> bool:
    return (
        c.arbitration is not None
        and c.court is not None
        and c.arbitration.outcome in MERITS
        and c.court.outcome in MERITS
    )


@dataclass(frozen=True)
class _Cues:
    types: list[tuple[str, list[tuple[re.Pattern, float]]]]
    ignore: re.Pattern
    boilerplate: re.Pattern
    background: float
    fallback: str
    prior_type: str
    prior_weight: float


@cache
def _cues() -> _Cues:
    data = load("divergence")
    return _Cues(
        types=[(t["name"], [(re.compile(p), float(w)) for p, w in t["cues"]]) for t in data["type"]],
        ignore=re.compile("|".join(data["ignore"])),
        boilerplate=re.compile("|".join(data["boilerplate"])),
        background=float(data["background"]),
        fallback=data["fallback"],
        prior_type=data["relation_prior"]["type"],
        prior_weight=float(data["relation_prior"]["weight"]),
    )


def divergence_types() -> list[str]:
    cues = _cues()
    return [name for name, _ in cues.types] + ([cues.fallback] if cues.fallback not in dict(cues.types) else [])


def classify(c: Comparison, passages: Sequence[Passage]) -> Cause:
    """The type of a divergence and the sentences that explain it, the court's first.

    Deciding on the merits what the commission did not decide (or the reverse) is procedural whatever is said."""
    cues = _cues()
    claim_type = c.claim.first.claim_type
    amounts = _amounts(c.claim)
    scored = []  # (stage order, about this claim, sentence, per-type score)
    for p in passages:
        for ev in _sentences(p):
            if cues.ignore.search(ev.quote):
                continue
            said = cues.boilerplate.sub("，", ev.quote)  # what the sentence says beyond upholding or dismissing
            about = _about(said, claim_type) or _names_amount(said, amounts)
            weight = 1.0 if about else cues.background
            per_type = {name: weight * sum(w for rx, w in patterns if rx.search(said)) for name, patterns in cues.types}
            # A sentence that upholds or dismisses (…对加班费的处理并无不当，应予维持) gives a reason only with a cue.
            if any(per_type.values()) or (about and said == ev.quote):
                scored.append((0 if p.stage != ARBITRATION else 1, about, ev, per_type))
    totals = {name: 0.0 for name, _ in cues.types}
    for *_, per_type in scored:
        for name, score in per_type.items():
            totals[name] += score
    if claim_type == RELATION:
        totals[cues.prior_type] += cues.prior_weight
    if (
        c.arbitration is not None
        and c.court is not None
        and not _on_merits(c)
        and (c.arbitration.outcome in MERITS or c.court.outcome in MERITS)
    ):
        chosen = PROCEDURE
    else:
        best = max(totals.values(), default=0.0)
        chosen = (
            next((name for name, _ in cues.types if totals[name] == best), cues.fallback) if best > 0 else cues.fallback
        )
    # The court's sentences give the reason first. Of one body's sentences, those about this claim (its type or one
    # of its amounts) that carry the type's cues explain it best; then the claim's other sentences with any cue (a
    # standard, a basis, a finding), then the rest about it, then other sentences with the type's cues.
    candidates = [s for s in scored if s[1] or s[3].get(chosen, 0) > 0]
    quoted = sorted(
        candidates,
        key=lambda s: (
            s[0],
            not (s[1] and s[3].get(chosen, 0) > 0),
            not (s[1] and any(s[3].values())),
            not s[1],
            -s[3].get(chosen, 0),
        ),
    )[:3]
    evidence = tuple(sorted((s[2] for s in quoted), key=lambda e: (e.stage != Side.court, e.span.start)))
    return Cause(chosen, evidence, {k: round(v, 2) for k, v in totals.items()})


def reasoning_sentences(p: Passage) -> list[Evidence]:
    """The sentences of a passage, with their spans, as classify() reads them for evidence."""
    return list(_sentences(p))


def _sentences(p: Passage) -> Iterable[Evidence]:
    end = len(p.text) if p.end is None else p.end
    for m in _SENTENCE.finditer(p.text, p.start, end):
        quote = m.group().lstrip(_LEADING).rstrip()
        if len(quote) >= 4:
            start = m.start() + (len(m.group()) - len(m.group().lstrip(_LEADING)))
            yield Evidence(p.stage, p.document_id, Span(start, start + len(quote)), quote)


def _amounts(claim: AlignedClaim) -> set[float]:
    """The sums a claim is about: asked, awarded or ordered at any stage."""
    found = {r.amount_claimed for r in claim.records} | {
        res.amount for r in claim.records for res in r.results.values()
    }
    return {a for a in found if a}


def _names_amount(sentence: str, amounts: set[float]) -> bool:
    return any(abs(value - a) <= 0.005 * a for value, _, _ in find_amounts(sentence) for a in amounts)


def _about(sentence: str, claim_type: str) -> bool:
    """Whether a sentence speaks of this claim (the labor relation underlies the claims that need one)."""
    named = claim_types_in(sentence)
    return claim_type in named or (claim_type in NEEDS_RELATION and RELATION in named)


def case_divergence(comparisons: Sequence[Comparison]) -> tuple[bool | None, str | None]:
    """Whether a dispute diverges anywhere, and its main type: the commonest among its divergent claims, a
    procedural departure first (it decides whether the merits were heard at all). Between types as common, the
    labor-relation claim's wins: the claims that need a relation follow from how it was decided."""
    divergent = [c for c in comparisons if c.divergent]
    if not divergent:
        return (False if any(c.divergent is False for c in comparisons) else None), None
    causes = [(c.cause.divergence_type, c.claim.first.claim_type) for c in divergent if c.cause is not None]
    assert len(causes) == len(divergent), "analyse() gives every divergent claim its cause"
    counts = Counter(t for t, _ in causes)
    if PROCEDURE in counts:
        return True, PROCEDURE
    top = max(counts.values())
    tied = [t for t, n in counts.items() if n == top]
    relation = next((t for t, claim_type in causes if claim_type == RELATION), None)
    return True, relation if relation in tied else tied[0]
