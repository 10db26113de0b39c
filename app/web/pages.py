"""Pages: search with highlighted results, and one document in full."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request

from app.labels import (DIRECTION_LABELS, FACET_LABELS, FACTOR_LABELS, KIND_LABELS, ROLE_LABELS, SOURCE_LABELS,
                        STAGE_LABELS, facet_value_label)
from app.search import SearchUnavailable
from app.search.base import FILTER_FIELDS
from app.services import corpus, similar
from app.services.disputes import comparisons_of
from app.web.access import Permission, record, require
from nlp.masking import mask

pages = Blueprint("pages", __name__)


@pages.app_template_filter("factor_label")
def factor_label(name: str) -> str:
    return FACTOR_LABELS.get(name, name)


@pages.app_context_processor
def labels():
    return {"KIND_LABELS": KIND_LABELS, "STAGE_LABELS": STAGE_LABELS, "DIRECTION_LABELS": DIRECTION_LABELS,
            "SOURCE_LABELS": SOURCE_LABELS, "ROLE_LABELS": ROLE_LABELS}


def _ctx():
    return current_app.extensions["caishen"]


@pages.get("/")
@require(Permission.search)
def search_page():
    q = request.args.get("q", "").strip()
    page = request.args.get("page", 1, type=int) or 1
    filters = {k: v for k in FILTER_FIELDS if (v := [x.strip() for x in request.args.getlist(k) if x.strip()])}
    sort = request.args.get("sort", "relevance")
    ctx = _ctx()
    results, error = None, None
    with ctx.sessions() as session:
        stats = corpus.summary(session)
        if q or filters:
            try:
                results = corpus.search(session, ctx.search, q, filters=filters, page=page, sort=sort, facets=True,
                                        full_text=g.user.full_text)
            except SearchUnavailable as exc:
                error = f"检索索引暂不可用：{exc}"
            except ValueError as exc:
                error = f"检索条件有误：{exc}"
    return render_template("search.html", q=q, filters=filters, sort=sort, results=results, error=error, stats=stats,
                           FACET_LABELS=FACET_LABELS, value_label=facet_value_label)


@pages.get("/documents/<int:doc_id>")
@require(Permission.read_document)
def document_page(doc_id: int):
    ctx = _ctx()
    with ctx.sessions() as session:
        doc = corpus.document(session, doc_id)
        if doc is None:
            abort(404)
        text = corpus.readable_texts(session, [doc], g.user.full_text)[doc.id]
        record("view_document", f"document {doc_id}", masked=not g.user.full_text)
        siblings, comparisons = [], []
        if doc.proceeding and doc.proceeding.dispute:
            for p in doc.proceeding.dispute.proceedings:
                siblings.extend((p, d) for d in p.documents)
            comparisons = comparisons_of(doc.proceeding.dispute)
            if not g.user.full_text:
                persons = corpus.persons_by_proceeding(session, {doc.proceeding_id}).get(doc.proceeding_id, ())
                for c in comparisons:
                    for e in c.evidence:
                        e["quote"] = mask(e["quote"], persons)
        return render_template("document.html", doc=doc, text=text, siblings=siblings, comparisons=comparisons)


@pages.route("/similar", methods=["GET", "POST"])
@require(Permission.similar)
def similar_page():
    """Similar cases for a stored document (?doc_id=) or for pasted text (a form; it changes nothing)."""
    ctx = _ctx()
    doc_id = request.args.get("doc_id", type=int)
    text = request.form.get("text", "").strip() if request.method == "POST" else ""
    result, error = None, None
    with ctx.sessions() as session:
        try:
            if doc_id is not None:
                result = similar.similar_to_document(session, ctx.search, doc_id)
            elif text:
                result = similar.similar_to_text(session, ctx.search, text)
            if result is not None:
                record("similar", f"document {doc_id}" if doc_id is not None else "pasted text",
                       hits=[h.doc_id for h in result.hits])
        except similar.UnknownDocument:
            abort(404)
        except SearchUnavailable as exc:
            error = f"检索索引暂不可用：{exc}"
    return render_template("similar.html", result=result, text=text, doc_id=doc_id, error=error)
