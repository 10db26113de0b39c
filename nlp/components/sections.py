"""Component caishen_sections: claims / facts / reasoning / decision … sections → doc._.sections."""

from spacy.language import Language

from nlp.segment import find_sections


@Language.component("caishen_sections")
def sections(doc):
    doc._.sections = find_sections(doc.text)
    return doc
