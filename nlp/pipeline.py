"""The caishen spaCy pipeline: blank Chinese with the jieba segmenter, then our components, assembled from names."""

from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.components import TEXT_KEY  # (importing it registers the Doc extensions)
from nlp.components import decisions, gig, header, sections  # noqa: F401  (registers the factories)
from nlp.extract import assemble
from nlp.model import DocumentExtraction

COMPONENTS = ("caishen_header", "caishen_sections", "caishen_decisions", "caishen_gig")


class _KeepingText:
    """The jieba tokenizer, keeping the text it was given on the Doc (Doc.text would join every token again)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc


def build_pipeline(components: Iterable[str] = COMPONENTS) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = _KeepingText(nlp.tokenizer)
    for name in components:
        nlp.add_pipe(name)
    return nlp


def to_extraction(doc) -> DocumentExtraction:
    """The plain dataclass at the boundary: nothing downstream needs spaCy."""
    return assemble(doc._.header, doc._.sections, doc._.decisions, doc._.gig)


def extract_many(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[DocumentExtraction]:
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_extraction(doc)
