"""Similar cases (类案): rank a pool of candidate cases for a query case, and say why each one is similar.

One ranking serves `caishen similar` (the pool is what the search engine retrieves) and the LeCaRD evaluation (the
pool is the benchmark's). Signals, each scaled within the pool and weighted by patterns/similar.toml: BM25 of the
query's words in the candidate's facts, character n-gram cosine, overlap of the issues decided (claim types, or
charges in criminal cases), overlap of labor-relation factors, the same employment mode, and closeness to the
centroid of the best candidates (pseudo-relevance feedback). The words shown as reasons are only those of legal
and factual vocabulary (patterns/similar_terms.toml): the ranking weighs every word, a reader is shown none that
says nothing about the dispute.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from nlp.patterns import load

# Charges as a decision names them: 犯盗窃罪，判处… / 犯危险驾驶罪、交通肇事罪。/ 犯组织、领导黑社会性质组织罪；…
# (reasoning also says 数罪, 之罪, 罪事实…, which _NOT_A_CHARGE and the list of what may follow keep out).
_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff、]{0,23}?罪"
_CHARGE = re.compile(rf"犯({_NAME}(?:、{_NAME})*)(?=[，,；;。、（(]|判|并|数罪|决定)")
_NOT_A_CHARGE = ("罪", "的", "之", "、")
# Numbers (dates, times, amounts, case serials) match between cases by coincidence.
_NUMBER = re.compile(r"^[\d０-９.,．:：%％]+$")
_CHINESE = re.compile(r"^[\u4e00-\u9fff]+$")
_REGION_SUFFIX = re.compile(r"(?:维吾尔|壮族|回族)?自治区$|[省市]$")
SHOWN_TERMS = 5  # shared words a hit shows


@dataclass(frozen=True)
class CaseProfile:
    """What the ranking compares of one case."""

    key: str
    text: str  # the facts (and reasoning) compared
    tokens: tuple[str, ...]  # precise-mode tokens of text (nlp.tokens.query_tokens)
    issues: frozenset[str] = frozenset()  # claim types, or charges
    factors: frozenset[str] = frozenset()  # labor-relation factor names
    mode: str | None = None  # employment mode
    unshown: frozenset[str] = frozenset()  # words never shown as a reason for it: its parties' names, its numbers
    # text_counts of tokens and the n-gram counts stored beside the document, which a caller may keep between
    # requests (counted from tokens and text when None)
    counts: TextCounts | None = field(default=None, compare=False)


@dataclass(frozen=True, eq=False)
class TextCounts:
    """What the ranking counts of a case's text, counted once however many queries it is compared with."""

    words: tuple[str, ...]  # each distinct token, in the order it first occurs
    word_counts: np.ndarray  # how often each occurs (int64)
    length: int  # tokens in all
    gram_columns: np.ndarray  # its character n-grams' hashed columns (char_counts), ascending (int32)
    gram_tf: np.ndarray  # 1 + log(count) of each, as TfidfVectorizer's sublinear tf (float32)


def text_counts(tokens: Sequence[str], grams: bytes | None = None, text: str = "") -> TextCounts:
    """A case's counts from its tokens and its n-gram counts as stored (grams_to_bytes), or, with none stored, those
    of its text."""
    words = Counter(tokens)  # in the order of first occurrence: BM25 adds a candidate's weights in that order
    if grams is None:
        counted = char_counts(text)
        columns, counts = counted.indices, counted.data
    else:
        n = len(grams) // 6
        columns = np.frombuffer(grams, "<i4", n)
        counts = np.frombuffer(grams, "<u2", n, offset=4 * n).astype(np.float32)
    return TextCounts(
        tuple(words),
        np.fromiter(words.values(), np.int64, len(words)),
        len(tokens),
        columns.astype(np.int32),
        1 + np.log(counts),
    )


@dataclass(frozen=True)
class SimilarCase:
    key: str
    score: float
    similarity: float  # 0–100: the score as a share of the most a candidate can score (every signal the pool's best)
    signals: dict[str, float]  # each signal's weighted contribution
    shared_issues: tuple[str, ...]
    shared_factors: tuple[str, ...]
    same_mode: bool
    shared_terms: tuple[str, ...]  # the query words that weigh most in this candidate's BM25 (reason_term only)


@dataclass(frozen=True)
class Weights:
    bm25: float = 1.0
    chars: float = 0.0
    issues: float = 0.0
    factors: float = 0.0
    mode: float = 0.0
    feedback: float = 0.0
    k1: float = 1.5
    b: float = 0.75
    skip_numbers: bool = False  # query words that are numbers left out of BM25
    feedback_top: int = 10

    @property
    def most(self) -> float:
        """The highest score a candidate can reach: each signal is scaled to 0..1 within the pool."""
        return self.bm25 + self.chars + self.issues + self.factors + self.mode + self.feedback


@cache
def default_weights() -> Weights:
    data = load("similar")
    return Weights(**data["weights"], **data["bm25"], feedback_top=data["feedback"]["top"])


BM25_ONLY = Weights()  # the plain baseline: BM25 alone over every query word, same parameters


def rank(query: CaseProfile, pool: Sequence[CaseProfile], weights: Weights | None = None) -> list[SimilarCase]:
    """Every candidate of the pool, best first; ties by key, so the order is deterministic."""
    if not pool:
        return []
    w = weights or default_weights()
    words = [t for t in query.tokens if not (w.skip_numbers and _NUMBER.match(t))]
    counted = [_counts(c) for c in pool]
    bm25, terms = _bm25(words, counted, w.k1, w.b, [query.unshown | c.unshown for c in pool])
    signals = {"bm25": _scaled(bm25)}
    vectors = None
    if w.chars or w.feedback:
        vectors, query_vector = _char_vectors([*counted, _counts(query)])
        # a row times the query as a dense vector adds the same products in the same order as the sparse product
        signals["chars"] = _scaled(vectors @ query_vector)
    signals["issues"] = np.array([_issue_overlap(query.issues, c.issues) for c in pool])
    signals["factors"] = np.array([_jaccard(query.factors, c.factors) for c in pool])
    signals["mode"] = np.array([float(bool(query.mode) and c.mode == query.mode) for c in pool])
    first = sum(getattr(w, s) * v for s, v in signals.items())
    if w.feedback and vectors is not None:  # vectors are counted whenever feedback is weighed
        top = np.argsort(-first, kind="stable")[: w.feedback_top]
        centroid = np.asarray(vectors[top].mean(axis=0)).ravel()
        signals["feedback"] = _scaled(vectors @ centroid)
    contributions = {s: getattr(w, s) * v for s, v in signals.items() if getattr(w, s)}
    total = sum(contributions.values()).tolist()  # Python floats: a numpy scalar apiece cost more than the ranking
    each = {s: v.tolist() for s, v in contributions.items()}
    issues = sorted(query.issues)
    out = [
        SimilarCase(
            key=c.key,
            score=round(total[i], 6),
            similarity=round(100 * total[i] / w.most, 1),
            signals={s: round(v[i], 4) for s, v in each.items()},
            shared_issues=tuple(i for i in issues if _has_issue(c.issues, i)),
            shared_factors=tuple(sorted(query.factors & c.factors)),
            same_mode=bool(query.mode) and c.mode == query.mode,
            shared_terms=terms[i],
        )
        for i, c in enumerate(pool)
    ]
    return sorted(out, key=lambda s: (-s.score, _tiebreak(s.key)))


def _bm25(
    query: Sequence[str], docs: Sequence[TextCounts], k1: float, b: float, unshown: Sequence[frozenset[str]]
) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Okapi BM25 with IDF and average length from the pool itself; each query word counts once. With each
    candidate's score, the words that weigh most in it that may be shown as reasons.

    Counted with numpy over the pool's distinct words at once (a loop over every token of a hundred candidates was a
    third of a similar-case request); each word's weight is computed as the plain formula does it, and a candidate's
    score adds its words' weights in the order they first occur in it, so the scores are the formula's to the bit."""
    n = len(docs)
    lengths = np.array([d.length for d in docs])
    avg = (sum(lengths.tolist()) / n) or 1.0
    vocabulary = sorted(set(query))  # a word's column; columns in the order of the words, for ties between weights
    column = {t: i for i, t in enumerate(vocabulary)}
    width = len(vocabulary)
    distinct = np.array([len(d.words) for d in docs])
    columns = np.fromiter(
        map(column.get, itertools.chain.from_iterable(d.words for d in docs), itertools.repeat(-1)),
        np.int64,
        int(distinct.sum()),
    )
    # Each (candidate, word) once with its count, in the order of its first occurrence: candidates in turn, words as
    # they come.
    found = columns >= 0
    row, word = np.repeat(np.arange(n), distinct)[found], columns[found]
    f = np.concatenate([d.word_counts for d in docs])[found]
    idf = np.array([math.log((n - df + 0.5) / (df + 0.5) + 1) for df in np.bincount(word, minlength=width).tolist()])
    norm = k1 * (1 - b + b * lengths / avg)
    weight = idf[word] * f * (k1 + 1) / (f + norm[row])
    # One row per candidate, its weights left to right: a running sum along the row adds them in that order.
    per_row = np.bincount(row, minlength=n)
    starts = np.concatenate(([0], np.cumsum(per_row)[:-1]))
    laid = np.zeros((n, max(per_row.max(initial=0), 1)))
    laid[row, np.arange(len(row)) - starts[row]] = weight
    scores = np.cumsum(laid, axis=1)[:, -1]
    # Reasons: each candidate's shown words by weight, then by word.
    shown = np.array([reason_term(t) for t in vocabulary], dtype=bool)[word]
    order = np.lexsort((word[shown], -weight[shown], row[shown]))
    ranked_rows, ranked_words = row[shown][order], word[shown][order]
    bounds = np.searchsorted(ranked_rows, np.arange(n + 1))
    shared = []
    for i in range(n):
        terms = []
        for w in ranked_words[bounds[i] : bounds[i + 1]].tolist():
            if vocabulary[w] not in unshown[i]:
                terms.append(vocabulary[w])
                if len(terms) == SHOWN_TERMS:
                    break
        shared.append(tuple(terms))
    return scores, shared


@cache  # asked of every word a candidate shares with the query
def reason_term(word: str) -> bool:
    """Whether a shared word may be shown as a reason: a word of legal or factual vocabulary, not a stop word, a
    place name, a part of a case number or court code, a number, nor a masked name (patterns/similar_terms.toml)."""
    v = _vocabulary()
    if len(word) < v["min_length"] or not _CHINESE.match(word) or word in v["excluded"]:
        return False
    if all(ch in v["numeral_chars"] for ch in word) or word.endswith(v["masked_name_mark"]):
        return False
    return not (3 <= len(word) <= v["place_name_max"] and word.endswith(v["place_suffixes"]))


@cache
def _vocabulary() -> dict:
    data, regions = load("similar_terms"), load("regions")
    places = {
        *data["places"],
        *regions["provinces"],
        *regions["provinces"].values(),
        *regions["cities"],
        *regions["municipalities"]["names"],
    }
    places |= {_REGION_SUFFIX.sub("", p) for p in places}
    return {
        "min_length": data["min_length"],
        "masked_name_mark": data["masked_name_mark"],
        "numeral_chars": frozenset(data["numeral_chars"]),
        "place_suffixes": tuple(data["place_suffixes"]),
        "place_name_max": data["place_name_max"],
        "excluded": frozenset({*data["stop_words"], *data["case_number_parts"], *places}),
    }


# Character 2–3-grams hashed into this many columns (murmurhash's whole positive range): two n-grams of a pool share
# one by chance too seldom to matter, and the counts of a document can be stored once, when it is indexed, instead
# of being counted again by every query.
_GRAM_COLUMNS = 2**31 - 1
_COUNTER = HashingVectorizer(
    analyzer="char", ngram_range=(2, 3), n_features=_GRAM_COLUMNS, alternate_sign=False, norm=None, dtype=np.float32
)


def char_counts(text: str) -> sparse.csr_matrix:
    """One row: how often each character 2–3-gram of the text occurs (lower-cased, hashed)."""
    return _COUNTER.transform([text])


def grams_to_bytes(counts: sparse.csr_matrix) -> bytes:
    """char_counts as stored: its columns (int32) then its counts (uint16, a count above 65,535 held there)."""
    return (
        counts.indices.astype("<i4").tobytes()
        + np.minimum(counts.data, np.iinfo(np.uint16).max).astype("<u2").tobytes()
    )


def _counts(profile: CaseProfile) -> TextCounts:
    return profile.counts if profile.counts is not None else text_counts(profile.tokens, text=profile.text)


def _char_vectors(counted: Sequence[TextCounts]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows of character 2–3-grams (sublinear tf, smoothed IDF from these rows: what
    scikit-learn's TfidfVectorizer gives), one column for each n-gram the rows hold: those of all rows but the last
    (the pool), and the last row (the query) as a dense vector. The rows are laid end to end directly: a sparse
    matrix a row, stacked, cost more than the arithmetic."""
    indices = np.concatenate([c.gram_columns for c in counted])
    indptr = np.concatenate(([0], np.cumsum([len(c.gram_columns) for c in counted])))
    # Columns numbered as the n-grams first come, by hashing (sorting them was most of this): each row keeps its
    # entries in its own order, so every sum below adds the same numbers in the same order whatever the numbering.
    column, _ = pd.factorize(indices)
    df = np.bincount(column)
    idf = np.log((1 + len(counted)) / (1 + df)) + 1
    weights = np.concatenate([c.gram_tf for c in counted]) * idf[column]
    vectors = sparse.csr_matrix((weights, column, indptr), shape=(len(counted), len(df)))
    inplace_csr_row_normalize_l2(vectors)  # sklearn's normalize without its checks
    # The pool's rows and the query's as views of the whole: slicing a sparse matrix copies it.
    cut = indptr[-2]
    pool = sparse.csr_matrix(
        (vectors.data[:cut], vectors.indices[:cut], vectors.indptr[:-1]), shape=(len(counted) - 1, len(df))
    )
    query = np.zeros(len(df))
    query[vectors.indices[cut:]] = vectors.data[cut:]
    return pool, query


def _scaled(values) -> np.ndarray:
    values = np.asarray(values).ravel().astype(float)
    lo, hi = values.min(), values.max()
    return (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)


def _jaccard(a: frozenset, b: frozenset) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _issue_overlap(a: frozenset, b: frozenset) -> float:
    """Jaccard where an issue counts as shared when the other side has the same one (see _same_issue)."""
    if not a or not b:
        return 0.0
    return (sum(_has_issue(b, x) for x in a) + sum(_has_issue(a, y) for y in b)) / (len(a) + len(b))


def _has_issue(issues: frozenset, x: str) -> bool:
    """Whether the issues hold x or, x a charge, one of the same acts (_same_issue): only charges need the pairwise
    test, and a pool's claim types are tested a few thousand times a request."""
    return x in issues or (x.endswith("罪") and any(_same_issue(x, y) for y in issues))


def _same_issue(x: str, y: str) -> bool:
    """Equal, or two charges one of which names acts of the other: a decision convicts of 贩卖毒品罪 under the
    statutory 走私、贩卖、运输、制造毒品罪, and the query may be labelled with either."""
    if x == y:
        return True
    if not (x.endswith("罪") and y.endswith("罪")):
        return False
    cx, cy = set(x[:-1].replace("、", "")), set(y[:-1].replace("、", ""))
    return len(min(cx, cy, key=len)) >= 2 and (cx <= cy or cy <= cx)


def _tiebreak(key: str):
    return (0, int(key), "") if key.lstrip("-").isdigit() else (1, 0, key)


def charges(decision: str, *others: str) -> frozenset[str]:
    """Charges a criminal judgment convicts of (被告人某某犯盗窃罪，判处… → 盗窃罪): those its decision names, else
    those the other texts (the reasoning) name."""
    for text in (decision, *others):
        found = {
            c if c.endswith("罪") else c + "罪"
            for names in _CHARGE.findall(text)
            for c in names.split("罪、")
            if not c.startswith(_NOT_A_CHARGE)
        }
        if found:
            return frozenset(found)
    return frozenset()
