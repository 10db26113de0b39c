"""Component caishen_decisions: claims, this document's outcomes and recited decisions → doc._.decisions.

Needs caishen_header and caishen_sections before it.
"""

from spacy.language import Language

from nlp.components import text_of
from nlp.reading import read_decisions


@Language.component("caishen_decisions", requires=["doc._.header", "doc._.sections"], assigns=["doc._.decisions"])
def decisions(doc):
    header = doc._.header
    doc._.decisions = read_decisions(text_of(doc), list(doc._.sections), list(header.parties), header.stage)
    return doc
