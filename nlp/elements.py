"""CAIL2019 element labels on sentences: domain rules (patterns/elements.toml) and a classifier trained here.

The classifier is one logistic regression a label over character 1–3-grams of the sentence, one feature per rule
that fired (so it learns how far to trust each rule), and what kind of sentence it is: a payment with an amount, a
request, a quoted statute, a finding, a heading of the reasoning (二、关于…的诉请。, rarely labelled). The annotators
marked sentences that state a claim or a payment on a topic (医疗费 in an injury case is LB10; a statute on injury
benefits is not), so the rule hits are also crossed with the sentence kind and with the topics of the whole document. Character n-grams beat jieba-token bag-of-words here
(5-fold micro-F1 0.65 against 0.41 for a spaCy textcat BOW model on the same folds): with ~3,000 labelled sentences,
sub-word cues such as 加班/工伤/二倍 matter more than segmentation. It is trained locally, never downloaded:
`caishen train-elements` writes the model file, and the same data always gives the same model.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.model import Span
from nlp.patterns import denied, load

LABELS = tuple(f"LB{i}" for i in range(1, 21))
THRESHOLD = 0.3  # chosen on the dev folds: labels are rare, so a lower cut balances precision and recall
C = 10.0
RULE_WEIGHT = 0.5  # chosen on the dev folds (0.25–1.0 within 0.02 micro-F1)
# What kind of sentence it is; the annotators' labels depend on it as much as on the topic.
_KINDS = tuple(
    re.compile(p)
    for p in (
        r"\d[\d,，.]*\s*万?元|[零一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+元",  # an amount
        r"支付|给付|赔偿|补偿|返还|补发|发放|补缴",  # a payment
        r"请求|诉请|要求|主张|诉称|申请",  # a request
        r"判决如下|裁决如下|^[一二三四五六七八九十]+、|^\d+[、.．]|判令|裁决",  # a decision item
        r"《[^》]*》.{0,10}第[^条]{1,6}条|规定[:：]|条例|办法",  # a statute
        r"证明|证据|质证|举证",  # evidence
        r"本院认为|本委认为|综上|据此",  # reasoning
        r"不予支持|驳回|不支持|无需|不应|不予",  # a refusal
        r"予以支持|应当支付|应支付|应予",  # a grant
        r"辩称|答辩",  # a defence
        r"^[（(]?[一二三四五六七八九十\d]*[)）、.．]?\s*关于.{0,60}(?:问题|诉请|请求)[。：:]?$",  # a heading of the reasoning
    )
)
_CROSSED = (0, 1, 4, 6, 7)  # the kinds each rule hit is crossed with: amount, payment, statute, reasoning, refusal


_NEGATION_WINDOW = 15  # characters before a match, within its clause, searched for its label's negation


@cache
def _rules() -> dict[str, tuple[re.Pattern, re.Pattern | None]]:
    data = load("elements")
    negation = re.compile(data["negation"])
    return {
        label: (re.compile("|".join(data[label]["patterns"])), negation if data[label].get("negated") else None)
        for label in LABELS
        if label in data
    }


def _affirmed(pattern: re.Pattern, negated_by: re.Pattern | None, sentence: str) -> bool:
    """Whether the pattern matches somewhere its clause does not deny it first."""
    return any(not denied(negated_by, sentence, m.start(), _NEGATION_WINDOW) for m in pattern.finditer(sentence))


@cache
def label_names() -> dict[str, str]:
    """Each label's name as the CAIL2019 schema gives it (LB8 → 支付加班工资)."""
    return {label: load("elements")[label]["name"] for label in LABELS}


def rule_labels(sentence: str) -> set[str]:
    """Labels whose domain rules match the sentence."""
    return {label for label, (pattern, negated_by) in _rules().items() if _affirmed(pattern, negated_by, sentence)}


def keyword_labels(sentence: str, names: dict[str, str]) -> set[str]:
    """The plain baseline: a label when any '|'-separated part of its organisers' name occurs verbatim."""
    return {code for code, name in names.items() if any(part and part in sentence for part in name.split("|"))}


@dataclass(frozen=True)
class SentenceLabels:
    text: str
    span: Span
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Element:
    """One label found in a document, with the sentences that carry it."""

    label: str
    name: str
    sentences: tuple[SentenceLabels, ...]


@dataclass
class ElementModel:
    vectorizer: TfidfVectorizer
    classifiers: dict[str, LogisticRegression | bool]  # a constant where the training data had one class only

    def probabilities(self, document: list[str]) -> np.ndarray:
        X = _features(self.vectorizer, [document])
        out = np.zeros((len(document), len(LABELS)))
        for j, label in enumerate(LABELS):
            clf = self.classifiers[label]
            out[:, j] = clf.predict_proba(X)[:, 1] if isinstance(clf, LogisticRegression) else float(clf)
        return out

    def predict(self, document: list[str]) -> list[set[str]]:
        """Labels for each sentence of one document (its other sentences are its context)."""
        if not document:
            return []
        return [{LABELS[j] for j in np.flatnonzero(row >= THRESHOLD)} for row in self.probabilities(document)]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(self, protocol=5))


def load_model(path: Path) -> ElementModel | None:
    """The model `caishen train-elements` wrote, or None when there is none (only our own files are read)."""
    return pickle.loads(path.read_bytes()) if path.is_file() else None


def label_sentences(text: str, model: ElementModel | None = None) -> list[SentenceLabels]:
    """Each sentence of a document with its element labels: the model's, or the rules' alone without one."""
    sentences = [
        (m.group(), m.start(), m.end()) for m in re.finditer(r"[^。！？；;\n]+[。！？；;]?", text) if m.group().strip()
    ]
    texts = [s for s, _, _ in sentences]
    labels = model.predict(texts) if model else [rule_labels(s) for s in texts]
    return [
        SentenceLabels(s, Span(a, b), tuple(sorted(ls, key=LABELS.index))) for (s, a, b), ls in zip(sentences, labels)
    ]


def document_elements(text: str, model: ElementModel | None = None) -> list[Element]:
    """The labels a document carries, in label order, each with its sentences: what an element-based reading
    (要素式审理) of the document starts from."""
    sentences = label_sentences(text, model)
    names = label_names()
    return [
        Element(label, names[label], tuple(s for s in sentences if label in s.labels))
        for label in LABELS
        if any(label in s.labels for s in sentences)
    ]


def _document_features(document: list[str]) -> np.ndarray:
    hits = [rule_labels(s) for s in document]
    topics = set().union(*hits) if hits else set()
    rows = []
    for i, (sentence, hit) in enumerate(zip(document, hits)):
        kinds = [bool(k.search(sentence)) for k in _KINDS]
        rule = [label in hit for label in LABELS]
        before = hits[i - 1] if i else set()
        rows.append(
            rule
            + kinds
            + [h and kinds[k] for h in rule for k in _CROSSED]
            + [label in topics and kinds[0] for label in LABELS]  # a payment in a document on the topic
            + [label in before for label in LABELS]
            + [i / len(document)]
        )
    return np.array(rows, dtype=float)


def _features(vectorizer: TfidfVectorizer, documents: list[list[str]], fit: bool = False):
    sentences = [s for d in documents for s in d]
    X = vectorizer.fit_transform(sentences) if fit else vectorizer.transform(sentences)
    dense = np.vstack([_document_features(d) for d in documents])
    return hstack([X, csr_matrix(dense * RULE_WEIGHT)]).tocsr()


def train(documents: list[list[tuple[str, set[str]]]]) -> ElementModel:
    """A model trained on documents of (sentence, labels) pairs; deterministic."""
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    X = _features(vectorizer, [[s for s, _ in d] for d in documents], fit=True)
    classifiers: dict[str, LogisticRegression | bool] = {}
    for label in LABELS:
        y = np.array([label in labels for d in documents for _, labels in d])
        if y.all() or not y.any():
            classifiers[label] = bool(y.all())
        else:
            classifiers[label] = LogisticRegression(C=C, max_iter=3000).fit(X, y)
    return ElementModel(vectorizer, classifiers)
