"""Component caishen_sections: claims / facts / reasoning / decision … sections → doc._.sections."""

from spacy.language import Language

from nlp.components import text_of
from nlp.segment import find_sections


@Language.component("caishen_sections")
def sections(doc):
    doc._.sections = find_sections(text_of(doc))
    return doc
