"""spaCy components, one a file; each stores a pure function's result on a Doc extension."""

from spacy.tokens import Doc

for _name in ("header", "sections", "decisions", "gig"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


TEXT_KEY = "caishen_text"


def text_of(doc: Doc) -> str:
    """The document's text, built once: Doc.text joins every token anew, which costs more than our reading of it."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
