"""Component caishen_header: kind, title, case numbers, body, region, date, parties → doc._.header."""

from spacy.language import Language

from nlp.components import text_of
from nlp.extract import read_header


@Language.component("caishen_header")
def header(doc):
    doc._.header = read_header(text_of(doc))
    return doc
