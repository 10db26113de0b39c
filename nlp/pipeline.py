"""The caishen spaCy pipeline: blank Chinese with the jieba segmenter, then our components, assembled from names."""

from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the Doc extensions)
from nlp.components import decisions, gig, header, sections  # noqa: F401  (registers the factories)
from nlp.extract import assemble
from nlp.model import DocumentExtraction

COMPONENTS = ("caishen_header", "caishen_sections", "caishen_decisions", "caishen_gig")


def build_pipeline(components: Iterable[str] = COMPONENTS) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in components:
        nlp.add_pipe(name)
    return nlp


def to_extraction(doc) -> DocumentExtraction:
    """The plain dataclass at the boundary: nothing downstream needs spaCy."""
    return assemble(doc._.header, doc._.sections, doc._.decisions, doc._.gig)


def extract_many(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[DocumentExtraction]:
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_extraction(doc)
