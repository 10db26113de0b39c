"""Component caishen_gig: platform work, occupation, employment mode → doc._.gig; factors → doc.spans["factors"]."""

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Span

from nlp.components import text_of
from nlp.context import gig_context


@Language.component("caishen_gig", assigns=["doc._.gig", "doc.spans"])
def gig(doc):
    context = gig_context(text_of(doc))
    doc._.gig = context
    spans = []
    if context.factors:
        # Token boundaries once per document, as an array: Doc.char_span would scan the tokens for every factor.
        offsets = doc.to_array([IDX, LENGTH])
        starts, ends = offsets[:, 0].tolist(), (offsets[:, 0] + offsets[:, 1]).tolist()
        for f in context.factors:
            first = bisect_right(starts, f.span.start) - 1  # the token holding the factor's first character
            last = bisect_left(ends, f.span.end)  # the token holding its last character
            if 0 <= first <= last < len(doc):
                spans.append(Span(doc, first, last + 1, label=f.name))
    doc.spans["factors"] = spans
    return doc
