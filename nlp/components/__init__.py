"""spaCy components, one a file; each stores a pure function's result on a Doc extension."""

from spacy.tokens import Doc

for _name in ("header", "sections", "decisions", "gig"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
