"""Pages: search with highlighted results, and one document in full."""

from __future__ import annotations

import io
from functools import partial

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from app.web.access import Permission, record, require
from ingest.sources import text_of_file
from nlp.elements import document_elements
from nlp.match import InvalidInput
from nlp.match import inputs as score_inputs
from search import SearchUnavailable
from search.base import FILTER_FIELDS, MAX_RESULT_WINDOW, QueryTooLarge
from services import compare, corpus, export, match, saved, similar, stats
from services.auth import allowed
from services.disputes import UnknownCaseNumber, chain_of, dispute_title, readable_comparisons
from services.portrait import PORTRAIT_BY, portrait
from services.similar_report import (
    DOCX_MEDIA,
    hit_rows,
    issue_rows,
    query_rows,
    report_docx,
    searched_by,
    searched_time,
    similar_report,
)
from services.warnings import active, warning_dict
from store.models import SideRecord, utcnow
from wording.labels import (
    DIRECTION_LABELS,
    FACET_LABELS,
    FACTOR_LABELS,
    FIELD_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    PARTY_ROLE_LABELS,
    ROLE_LABELS,
    SEVERITY_LABELS,
    SIMILAR_FILTER_LABELS,
    SIMILAR_FILTERS,
    SOURCE_LABELS,
    STAGE_LABELS,
    WARNING_RULE_LABELS,
    decision_label,
    facet_value_label,
    local_time,
    model_label,
)
from wording.messages import invalid_input

pages = Blueprint("pages", __name__)


@pages.app_template_filter("factor_label")
def factor_label(name: str) -> str:
    return FACTOR_LABELS.get(name, name)


@pages.app_template_filter("model_label")
def _model_label(source: str) -> str:
    return model_label(source)


@pages.app_template_filter("local_time")
def _local_time(moment, minutes_only: bool = False) -> str:
    return local_time(moment, minutes_only)


@pages.app_context_processor
def labels():
    return {
        "KIND_LABELS": KIND_LABELS,
        "STAGE_LABELS": STAGE_LABELS,
        "DIRECTION_LABELS": DIRECTION_LABELS,
        "SOURCE_LABELS": SOURCE_LABELS,
        "ROLE_LABELS": ROLE_LABELS,
        "OUTCOME_LABELS": OUTCOME_LABELS,
        "FACET_LABELS": FACET_LABELS,
        "SEVERITY_LABELS": SEVERITY_LABELS,
        "WARNING_RULE_LABELS": WARNING_RULE_LABELS,
        "facet_value_label": facet_value_label,
    }


def _ctx():
    return current_app.extensions["caishen"]


def _index_unavailable(exc: SearchUnavailable) -> str:
    """The engine's reason goes to the log; the reader learns what to do."""
    current_app.logger.warning("search index unavailable: %s", exc)
    return "检索索引暂不可用，请稍后重试；如持续出现，请管理员重建索引。"


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
                results = corpus.search(
                    session,
                    ctx.search,
                    q,
                    filters=filters,
                    page=page,
                    sort=sort,
                    facets=True,
                    full_text=g.user.full_text,
                )
            except SearchUnavailable as exc:
                error = _index_unavailable(exc)
            except QueryTooLarge as exc:
                error = str(exc)
            except ValueError:
                error = "检索条件有误：请检查引号、括号是否成对，或换用更简单的关键词。"
    # Pages beyond the results a search can page through are not offered.
    last = max(1, min(-(-results.total // results.per_page), MAX_RESULT_WINDOW // results.per_page)) if results else 1
    return render_template(
        "search.html",
        q=q,
        filters=filters,
        sort=sort,
        results=results,
        error=error,
        stats=stats,
        facets=_facets(results, filters),
        last_page=last,
        page_numbers=_page_numbers(results.page, last) if results else [],
        search_url=partial(_search_url, q, sort, filters),
    )


def _facets(results, filters: dict[str, list[str]]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(field, label, [(value, count)]) for the sidebar: the counts over the matches, and every applied value even
    when nothing matches it now, so that each filter can always be unticked."""
    found = results.facets if results else {}
    groups = []
    for field, label in FACET_LABELS.items():
        counts = list(found.get(field, []))
        counts += [(v, 0) for v in filters.get(field, []) if v not in {c for c, _ in counts}]
        if counts:
            groups.append((field, label, counts))
    return groups


def _search_url(
    q: str,
    sort: str,
    filters: dict[str, list[str]],
    page: int | None = None,
    drop: tuple[str, str] | None = None,
    clear: bool = False,
) -> str:
    """This search with another page, one filter value dropped (a chip's ×), or every filter cleared."""
    kept = {} if clear else {f: [v for v in vs if (f, v) != drop] for f, vs in filters.items()}
    return url_for(
        "pages.search_page",
        q=q or None,
        sort=None if sort == "relevance" else sort,
        page=page,
        **{f: vs for f, vs in kept.items() if vs},
    )


def _page_numbers(page: int, last: int, around: int = 2) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: the first, the last and those near the current page; None where pages are left out."""
    shown = sorted({1, last, *range(max(1, page - around), min(last, page + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


@pages.get("/documents/<id:doc_id>")
@require(Permission.read_document)
def document_page(doc_id: int):
    ctx = _ctx()
    with ctx.sessions() as session:
        doc = corpus.document(session, doc_id)
        if doc is None:
            abort(404)
        text = corpus.readable(session, [doc], g.user.full_text)[doc.id].text
        record("view_document", f"document {doc_id}", masked=not g.user.full_text)
        siblings, comparisons = [], []
        if doc.proceeding and doc.proceeding.dispute:
            for p in doc.proceeding.dispute.proceedings:
                siblings.extend((p, d) for d in p.documents)
            comparisons = readable_comparisons(session, doc.proceeding.dispute, g.user.full_text)
        elements = document_elements(text, ctx.elements_model)  # on the text shown: masked names stay masked
        return render_template(
            "document.html",
            doc=doc,
            shown=corpus.named(session, [doc], g.user.full_text)[doc.id],
            text=text,
            siblings=siblings,
            comparisons=comparisons,
            elements=elements,
            elements_by=ctx.elements_by,
        )


@pages.route("/similar", methods=["GET", "POST"])
@require(Permission.similar)
def similar_page():
    """Similar cases for a stored document (?doc_id=), pasted text or an uploaded file, with filters (a form; it
    changes nothing)."""
    ctx = _ctx()
    doc_id = request.values.get("doc_id", type=int)
    text = request.form.get("text", "").strip() if request.method == "POST" else ""
    upload = request.files.get("file") if request.method == "POST" else None
    result, error, filters, choices = None, None, similar.SimilarFilters(), {}
    with ctx.sessions() as session:
        try:
            choices = similar.filter_choices(ctx.search)
            filters = _similar_filters()
            if upload is not None and upload.filename:
                text = text_of_file(upload.filename, upload.read(), ctx.settings.max_file_bytes)
            if doc_id is not None:
                result = similar.similar_to_document(
                    session, ctx.search, doc_id, full_text=g.user.full_text, filters=filters
                )
            elif text:
                result = similar.similar_to_text(session, ctx.search, text, full_text=g.user.full_text, filters=filters)
            if result is not None:
                record(
                    "similar",
                    f"document {doc_id}" if doc_id is not None else "pasted text",
                    hits=[h.doc_id for h in result.hits],
                    filters=filters.engine(),
                )
        except similar.UnknownDocument:
            abort(404)
        except SearchUnavailable as exc:
            error = _index_unavailable(exc)
        except similar.BadFilter as exc:
            error = f"筛选条件有误：{SIMILAR_FILTER_LABELS.get(exc.field, exc.field)}"
        except ValueError as exc:
            error = str(exc) if upload is not None and upload.filename else "请粘贴案情或文书全文后再查找。"
    return render_template(
        "similar.html",
        result=result,
        text=text,
        doc_id=doc_id,
        error=error,
        filters=filters,
        choices=choices,
        issue_rows=issue_rows,
        FILTER_LABELS=SIMILAR_FILTER_LABELS,
        ROLE_NAMES=PARTY_ROLE_LABELS,
        decision_label=decision_label,
    )


@pages.post("/similar/report")
@require(Permission.similar)
def similar_report_page():
    """The 类案检索报告 of the search the similar-case page shows: a DOCX download, or a print view (format=print)."""
    ctx = _ctx()
    doc_id = request.form.get("doc_id", type=int)
    text = request.form.get("text", "").strip()
    fmt = "print" if request.form.get("format") == "print" else "docx"
    if doc_id is None and not text:
        abort(400)
    with ctx.sessions() as session:
        try:
            report = similar_report(
                session,
                ctx.search,
                searched_by=searched_by(g.user),
                searched_at=utcnow(),
                full_text=g.user.full_text,
                doc_id=doc_id,
                text=text,
                filters=_similar_filters(),
            )
        except similar.UnknownDocument:
            abort(404)
        except (similar.BadFilter, ValueError):
            abort(400)
    record(
        "similar_report",
        f"document {doc_id}" if doc_id is not None else "pasted text",
        format=fmt,
        hits=[h.doc_id for h in report.result.hits],
    )
    if fmt == "print":
        return render_template(
            "similar_report.html",
            report=report,
            query_rows=query_rows(report),
            hit_rows=hit_rows,
            issue_rows=issue_rows,
            searched_time=searched_time(report),
        )
    return send_file(
        io.BytesIO(report_docx(report)), as_attachment=True, download_name="类案检索报告.docx", mimetype=DOCX_MEDIA
    )


def _similar_filters() -> similar.SimilarFilters:
    """The similar-case filters of the request (the page's form or query string)."""
    values = {k: v for k in SIMILAR_FILTERS if (v := request.values.get(k, "").strip())}
    return similar.filters_from(values)


@pages.get("/disputes/<id:dispute_id>/compare")
@require(Permission.compare)
def compare_page(dispute_id: int):
    with _ctx().sessions() as session:
        try:
            view = compare.compare_view(session, dispute_id, g.user.full_text)
        except compare.UnknownDispute:
            abort(404)
        title = dispute_title(session, dispute_id, g.user.full_text) or f"案件链 {dispute_id}"
    record("compare", f"dispute {dispute_id}", masked=not g.user.full_text)
    return render_template("compare.html", view=view, title=title)


# What the dashboard charts: (title, grouping field, chart kind); its filters are the same fields.
DASHBOARD = [
    ("按地区", "region", "bar"),
    ("按年份（标准漂移）", "year", "line"),
    ("按请求类型", "claim_type", "bar"),
    ("按用工方式", "employment_mode", "bar"),
    ("按平台", "platform", "bar"),
    ("按职业", "occupation", "bar"),
    ("按分歧类型", "divergence_type", "pie"),
]
DASHBOARD_FILTERS = tuple(field for _, field, _ in DASHBOARD)


@pages.get("/dashboard")
@require(Permission.statistics)
def dashboard_page():
    where = {k: v for k in stats.FIELDS if (v := [x for x in request.args.getlist(k) if x])}
    charts, error = [], None
    with _ctx().sessions() as session:
        options = stats.present_values(session, DASHBOARD_FILTERS)
        try:
            overall = stats.records(stats.divergence_table(session, stats.StatsQuery((), where)))
            for title, field, kind in DASHBOARD:
                query = stats.StatsQuery((field,), {**where, "divergent": "true"} if kind == "pie" else where)
                charts.append(
                    {
                        "title": title,
                        "field": field,
                        "kind": kind,
                        "rows": stats.records(stats.divergence_table(session, query)),
                    }
                )
            drift = stats.records(
                stats.recognition_drift(session, stats.StatsQuery(("employment_mode", "year"), where))
            )
            by_type, _ = stats.review_agreement(session, stats.StatsQuery((), where))
            agreement = {"rows": stats.records(by_type), "overall": stats.agreement_overall(by_type)}
        except stats.StatsError:
            overall, drift, agreement, error = [], [], None, "统计条件有误：请从下拉列表中选择条件。"
    # Standards drifting apart read along the years of each employment mode.
    drift = sorted(
        (r for r in drift if r["arbitration_decided"] or r["court_decided"]),
        key=lambda r: (r["employment_mode"] is None, r["employment_mode"] or "", r["year"] or 0),
    )
    return render_template(
        "dashboard.html",
        where=where,
        overall=overall[0] if overall else None,
        charts=charts,
        drift=drift,
        error=error,
        options=options,
        agreement=agreement,
        labels={f: FIELD_LABELS[f] for f in DASHBOARD_FILTERS},
    )


@pages.get("/exports/divergences.<fmt>")
@require(Permission.export)
def export_page(fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    """The dashboard's rows as a file: exactly the claims its figures count (both sides decided, these filters)."""
    where = {k: v for k in stats.FIELDS if (v := [x for x in request.args.getlist(k) if x])}
    with _ctx().sessions() as session:
        try:
            data, rows = export.export_bytes(
                session, fmt, stats.StatsQuery((), where, compared=True), codes=request.args.get("codes") == "1"
            )
        except stats.StatsError as exc:
            abort(400, description=f"导出条件有误：{exc}")
    record("export", f"divergences.{fmt}", rows=rows, where=where)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"caishen-divergences.{fmt}")


@pages.get("/disputes/<id:dispute_id>")
@require(Permission.read_document)
def dispute_page(dispute_id: int):
    """The chain 仲裁 → 一审 → 二审 → 执行 as a timeline, every document openable."""
    changes = {i.name: v for i in score_inputs() if (v := request.args.get(i.name, "").strip())}
    score, base, score_error = None, None, None
    with _ctx().sessions() as session:
        try:
            chain = chain_of(session, dispute_id, g.user.full_text)
        except UnknownCaseNumber:
            abort(404)
        heading = dispute_title(session, dispute_id, g.user.full_text) or f"案件链 {dispute_id}"
        if allowed(g.user, Permission.compare):
            base = score = match.dispute_score(session, dispute_id, {}, g.user.full_text)  # as the documents read
            if changes:
                try:
                    match.check_changes(changes)
                    score = match.dispute_score(session, dispute_id, changes, g.user.full_text)
                except InvalidInput as exc:
                    score_error = f"假设条件有误：{invalid_input(exc)}。下面仍按文书评分。"
    claims = list(dict.fromkeys(o.claim_type for s in chain.stages for o in s.outcomes))
    return render_template(
        "dispute.html",
        chain=chain,
        heading=heading,
        claims=claims,
        score=score,
        base=base,
        score_error=score_error,
        inputs=score_inputs(),
        changes=changes,
        units={i.name: i.unit for i in score_inputs()},
    )


@pages.get("/portrait")
@require(Permission.statistics)
def portrait_page():
    by = request.args.get("by", "platform")
    year = request.args.get("year", type=int)
    if by not in PORTRAIT_BY:
        abort(400, description="画像只能按平台、职业或地区分组，请从画像页的下拉列表中选择。")
    with _ctx().sessions() as session:
        rows = portrait(session, by, year)
        years = sorted({y for (y,) in session.execute(select(SideRecord.year).distinct())})
    return render_template("portrait.html", rows=rows, by=by, year=year, years=years, PORTRAIT_BY=PORTRAIT_BY)


@pages.get("/warnings")
@require(Permission.statistics)
def warnings_page():
    include_resolved = request.args.get("all") == "1"
    with _ctx().sessions() as session:
        found = [warning_dict(w) for w in active(session, include_resolved)]
    return render_template("warnings.html", warnings=found, include_resolved=include_resolved)


@pages.get("/saved")
@require(Permission.search)
def saved_page():
    ctx = _ctx()
    error = None
    with ctx.sessions() as session:
        try:
            rows = [
                saved.new_matches(session, ctx.search, g.user.id, s.id, full_text=g.user.full_text)
                for s in saved.mine(session, g.user.id)
            ]
        except SearchUnavailable as exc:
            rows, error = [], _index_unavailable(exc)
    return render_template("saved.html", rows=rows, error=error)


@pages.post("/saved")
@require(Permission.search)
def save_search():
    filters = {k: v for k in FILTER_FIELDS if (v := [x.strip() for x in request.form.getlist(k) if x.strip()])}
    with _ctx().sessions.begin() as session:
        try:
            saved.save(session, g.user.id, request.form.get("name", ""), request.form.get("q", ""), filters)
        except saved.SavedSearchError as exc:
            abort(400, description=str(exc))
    return redirect(url_for("pages.saved_page"))


@pages.post("/saved/<id:saved_id>/seen")
@require(Permission.search)
def saved_seen(saved_id: int):
    """Marks the new matches seen and opens the search."""
    ctx = _ctx()
    with ctx.sessions.begin() as session:
        try:
            found = saved.new_matches(
                session, ctx.search, g.user.id, saved_id, mark_seen=True, full_text=g.user.full_text
            )
        except saved.UnknownSavedSearch:
            abort(404)
    return redirect(url_for("pages.search_page", q=found.query, **found.filters))


@pages.post("/saved/<id:saved_id>/delete")
@require(Permission.search)
def saved_delete(saved_id: int):
    with _ctx().sessions.begin() as session:
        try:
            saved.delete(session, g.user.id, saved_id)
        except saved.UnknownSavedSearch:
            abort(404)
    return redirect(url_for("pages.saved_page"))
