"""Component caishen_gig: platform work, occupation, employment mode → doc._.gig; factors → doc.spans["factors"]."""

from spacy.language import Language

from nlp.context import gig_context


@Language.component("caishen_gig", assigns=["doc._.gig", "doc.spans"])
def gig(doc):
    context = gig_context(doc.text)
    doc._.gig = context
    spans = []
    for f in context.factors:
        span = doc.char_span(f.span.start, f.span.end, label=f.name, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["factors"] = spans
    return doc
