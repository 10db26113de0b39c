"""The caishen spaCy pipeline: blank Chinese with caishen's segmenter (nlp.tokens), then our components, assembled from
names."""

from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.components import (  # noqa: F401  (registers the factories)
    TEXT_KEY,  # (importing it registers the Doc extensions)
    decisions,
    gig,
    header,
    sections,
)
from nlp.extract import assemble
from nlp.model import DocumentExtraction
from nlp.text import reading_form
from nlp.tokens import words

COMPONENTS = ("caishen_header", "caishen_sections", "caishen_decisions", "caishen_gig")


class _KeepingText:
    """The segmenter every other part uses (nlp.tokens.words), keeping the text it was given on the Doc (Doc.text would
    join every token again).

    The pieces concatenate to the text exactly, so they become the tokens as they are, whitespace included: spaCy's
    own alignment of words to text (which folds a space into the token before it) costs about 8% of the pipeline's time
    and changes no offset."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        text = reading_form(text)  # as extract_document reads it
        pieces = words(text)
        doc = Doc(self.vocab, words=pieces, spaces=[False] * len(pieces))
        doc.user_data[TEXT_KEY] = text
        return doc


def build_pipeline(components: Iterable[str] = COMPONENTS) -> Language:
    nlp = spacy.blank("zh")
    nlp.tokenizer = _KeepingText(nlp.vocab)
    for name in components:
        nlp.add_pipe(name)
    return nlp


def to_extraction(doc) -> DocumentExtraction:
    """The plain dataclass at the boundary: nothing downstream needs spaCy."""
    return assemble(doc._.header, doc._.sections, doc._.decisions, doc._.gig)


def extract_many(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[DocumentExtraction]:
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_extraction(doc)
