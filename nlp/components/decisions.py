"""Component caishen_decisions: claims, this document's outcomes and recited decisions → doc._.decisions.

Needs caishen_header and caishen_sections before it.
"""

from spacy.language import Language

from nlp.components import text_of
from nlp.extract import read_decisions_of


@Language.component(
    "caishen_decisions", requires=["doc._.header", "doc._.sections"], assigns=["doc._.header", "doc._.decisions"]
)
def decisions(doc):
    doc._.header, doc._.decisions = read_decisions_of(text_of(doc), doc._.header, list(doc._.sections))
    return doc
