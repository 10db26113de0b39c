"""The JSON API, /api/v1: the same services, roles and masking as the pages, with bearer tokens instead of cookies.

Every error is JSON ({"error": {"status", "code", "message", "field"?}}), never an HTML page or a stack trace: the code
is for programs and stays as it is, the message is Chinese for people (wording/messages.py holds both).
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from functools import wraps

from flask import Blueprint, Response, current_app, g, jsonify, request, send_file
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app import MAX_ID, RETRY_AFTER_S
from app.web.openapi import openapi_document
from nlp.elements import document_elements
from nlp.match import InvalidInput
from search import SearchUnavailable
from search.base import FILTER_FIELDS, SORTS
from services import corpus, inbox, joint_meeting, match, reviews, saved, similar
from services.auth import Permission, allowed, audit, find_token, issue_token, revoke_token, sees_full_text, sign_in
from services.compare import UnknownDispute
from services.disputes import UnknownCaseNumber, chain_for
from services.export import FORMATS, export_bytes
from services.portrait import PORTRAIT_BY, portrait
from services.similar_report import DOCX_MEDIA, report_docx, searched_by, similar_report
from services.stats import (
    FIELDS,
    MEASURES,
    StatsError,
    StatsQuery,
    agreement_overall,
    divergence_table,
    recognition_drift,
    records,
    review_agreement,
)
from services.warnings import active, warning_dict
from store.models import DivergenceReview, utcnow
from wording.labels import PERMISSION_LABELS, ROLE_LABELS, SIMILAR_FILTERS
from wording.messages import invalid_input, is_chinese, listed, message

api = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100
_MEDIA = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


class ApiError(Exception):
    """An error the client reads: its status, its code (wording/messages.py) and the parameters of its sentence."""

    def __init__(self, status: int, code: str, field: str | None = None, retry_after: int | None = None, **params):
        self.message = message(code, **params)
        super().__init__(self.message)
        self.status, self.code, self.field, self.retry_after = status, code, field, retry_after


# Errors raised before a route runs, by status; any other is "http_error".
_HTTP_CODES = {400: "bad_request", 404: "no_such_route", 405: "method_not_allowed", 413: "too_large"}


@api.errorhandler(ApiError)
def _api_error(exc: ApiError):
    body = {"status": exc.status, "code": exc.code, "message": exc.message}
    if exc.field:
        body["field"] = exc.field
    response = jsonify({"error": body})
    response.status_code = exc.status
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="caishen"'
    if exc.retry_after:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


@api.errorhandler(SearchUnavailable)
def _index_unavailable(exc: SearchUnavailable):
    current_app.logger.error("search index unavailable: %s", exc)
    return _api_error(ApiError(503, "index_unavailable"))


@api.errorhandler(OperationalError)
def _database_unavailable(exc: OperationalError):
    current_app.logger.error("database unavailable: %s", exc.orig)
    return _api_error(ApiError(503, "database_unavailable", retry_after=RETRY_AFTER_S))


@api.errorhandler(HTTPException)
def api_http_error(exc: HTTPException):
    """Also answers errors raised under /api/ before a route is found (no such path, wrong method, too large):
    app.web.errors sends them here."""
    status = exc.code or 500
    if status >= 500:
        return _api_error(ApiError(status, "internal"))
    return _api_error(
        ApiError(status, _HTTP_CODES.get(status, "http_error"), method=request.method, http_status=status)
    )


@api.errorhandler(Exception)
def _unexpected(exc: Exception):
    current_app.logger.exception("API request failed")
    return _api_error(ApiError(500, "internal"))


def require(permission: Permission):
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            token = header[7:].strip() if header.startswith("Bearer ") else None
            with _ctx().sessions() as session:
                row = find_token(session, token)
                if row is None:
                    raise ApiError(401, "token_required")
                g.api_user, g.api_token = row.user, token
                session.expunge(row.user)
            if not allowed(g.api_user, permission):
                raise ApiError(
                    403,
                    "forbidden",
                    role=ROLE_LABELS[g.api_user.role.value],
                    permission=PERMISSION_LABELS[permission.value],
                )
            return view(*args, **kwargs)

        return wrapped

    return decorate


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@api.post("/tokens")
def create_token():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "body_not_object", expected="，含 username 和 password")
    for name in ("username", "password"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise ApiError(400, "required", name, name=name, hint="")
    with _ctx().sessions.begin() as session:  # the failure is audited too: no raising inside the transaction
        attempt = sign_in(session, body["username"], body["password"], request.remote_addr, via="api")
        token, expires = issue_token(session, attempt.user) if attempt.user is not None else (None, None)
    if attempt.retry_after:
        raise ApiError(429, "sign_in_throttled", retry_after=attempt.retry_after, seconds=attempt.retry_after)
    if token is None:
        raise ApiError(401, "wrong_credentials")
    return jsonify({"token": token, "expires_at": expires.isoformat() + "Z"}), 201


@api.delete("/tokens")
@require(Permission.search)
def delete_token():
    with _ctx().sessions.begin() as session:
        revoke_token(session, g.api_token)
    return Response(status=204)


@api.get("/search")
@require(Permission.search)
def search():
    page, per_page = _int("page", 1, 1, 10_000), _int("per_page", 10, 1, MAX_PER_PAGE)
    sort = _choice("sort", SORTS, "relevance")
    filters = {k: v for k in FILTER_FIELDS if (v := request.args.getlist(k))}
    with _ctx().sessions() as session, _bad_request(FILTER_FIELDS):
        result = corpus.search(
            session,
            _ctx().search,
            request.args.get("q", ""),
            filters=filters,
            page=page,
            per_page=per_page,
            sort=sort,
            facets=request.args.get("facets") == "true",
            full_text=sees_full_text(g.api_user),
        )
    return jsonify(result.to_dict())


@api.get("/documents/<id:doc_id>")
@require(Permission.read_document)
def document(doc_id: int):
    with _ctx().sessions.begin() as session:
        doc = corpus.document(session, doc_id)
        if doc is None:
            raise ApiError(404, "no_document", doc_id=doc_id)
        full = sees_full_text(g.api_user)
        text = corpus.readable(session, [doc], full)[doc.id].text
        p = doc.proceeding
        out = {
            "id": doc.id,
            "kind": doc.kind.value,
            "title": corpus.named(session, [doc], full)[doc.id]["title"],
            "text": text,
            "case_number": p.case_number_raw if p else None,
            "stage": p.stage.value if p and p.stage else None,
            "body": p.body if p else None,
            "dispute_id": p.dispute_id if p else None,
            "masked": not sees_full_text(g.api_user),
            # Labelled on the text returned, so spans index into it and masked names stay masked.
            "elements": [asdict(e) for e in document_elements(text, _ctx().elements_model)],
            "elements_by": _ctx().elements_by,
        }
        audit(
            session,
            "view_document",
            user=_user(session),
            target=f"document {doc_id}",
            detail={"via": "api"},
            remote_addr=request.remote_addr,
        )
    return jsonify(out)


@api.get("/disputes/<path:case_number>")
@require(Permission.compare)
def dispute(case_number: str):
    with _ctx().sessions() as session:
        try:
            chain = chain_for(session, case_number, sees_full_text(g.api_user))
        except UnknownCaseNumber as exc:
            raise ApiError(404, "no_case_number", detail=str(exc)) from None
        out = chain.to_dict()
    return jsonify(out)


@api.route("/similar", methods=["GET", "POST"])
@require(Permission.similar)
def similar_cases():
    limit = _int("limit", 10, 1, 50)
    with _ctx().sessions.begin() as session:
        try:
            if request.method == "GET":
                doc_id = _int("doc_id", None, 1, MAX_ID)
                if doc_id is None:
                    raise ApiError(400, "required", "doc_id", name="doc_id", hint="（或以 POST 提交 text）")
                filters = _similar_filters({k: v for k in SIMILAR_FILTERS if (v := request.args.get(k)) is not None})
                result = similar.similar_to_document(
                    session, _ctx().search, doc_id, limit=limit, full_text=sees_full_text(g.api_user), filters=filters
                )
            else:
                body = _json_body()
                text = body.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise ApiError(400, "required", "text", name="text", hint="")
                result = similar.similar_to_text(
                    session,
                    _ctx().search,
                    text,
                    limit=limit,
                    full_text=sees_full_text(g.api_user),
                    filters=_similar_filters(body.get("filters")),
                )
        except similar.UnknownDocument:
            raise ApiError(404, "no_document", doc_id=doc_id) from None
        audit(
            session,
            "similar",
            user=_user(session),
            target=result.source,
            detail={"via": "api", "hits": [h.doc_id for h in result.hits], "filters": result.filters.engine()},
            remote_addr=request.remote_addr,
        )
    return jsonify(result.to_dict())


@api.post("/similar/report")
@require(Permission.similar)
def similar_report_file():
    """The 类案检索报告 (DOCX) of a similar-case search by a stored document (doc_id) or a text."""
    body = _json_body()
    doc_id, text, limit = body.get("doc_id"), body.get("text"), body.get("limit", 10)
    if doc_id is not None and (not isinstance(doc_id, int) or isinstance(doc_id, bool) or not 1 <= doc_id <= MAX_ID):
        raise ApiError(400, "out_of_range", "doc_id", name="doc_id", low=1, high=MAX_ID)
    if doc_id is None and (not isinstance(text, str) or not text.strip()):
        raise ApiError(400, "give_one_of", "text", names="doc_id、text")
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 50:
        raise ApiError(400, "out_of_range", "limit", name="limit", low=1, high=50)
    with _ctx().sessions.begin() as session:
        user = _user(session)
        try:
            report = similar_report(
                session,
                _ctx().search,
                searched_by=searched_by(user),
                searched_at=utcnow(),
                full_text=sees_full_text(g.api_user),
                doc_id=doc_id,
                text=text,
                limit=limit,
                filters=_similar_filters(body.get("filters")),
            )
        except similar.UnknownDocument:
            raise ApiError(404, "no_document", doc_id=doc_id) from None
        audit(
            session,
            "similar_report",
            user=user,
            target=report.result.source,
            detail={"via": "api", "format": "docx", "hits": [h.doc_id for h in report.result.hits]},
            remote_addr=request.remote_addr,
        )
    return send_file(
        io.BytesIO(report_docx(report)),
        mimetype=DOCX_MEDIA,
        as_attachment=True,
        download_name="similar-case-report.docx",
    )


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "body_not_object", "body", expected="")
    return body


def _similar_filters(values) -> similar.SimilarFilters:
    """Similar-case filters from query parameters or a JSON object of strings (years may be numbers)."""
    if values is None:
        return similar.SimilarFilters()
    if not isinstance(values, dict):
        raise ApiError(400, "not_an_object", "filters", name="filters", expected="")
    for name, value in values.items():
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ApiError(400, "not_a_string", name, name=name)
    try:
        return similar.filters_from({k: str(v) for k, v in values.items() if str(v).strip()})
    except similar.BadFilter as exc:
        raise ApiError(400, "bad_parameter", exc.field, detail=str(exc)) from None


@api.get("/statistics")
@require(Permission.statistics)
def statistics():
    measure = _choice("measure", MEASURES, "divergence")
    query = _stats_query(by=tuple(request.args.getlist("by")))
    with _ctx().sessions() as session, _bad_request(FIELDS):
        if measure == "agreement":  # how often reviewers agreed with the machine's type, per machine type
            table, cross = review_agreement(session, query)
            return jsonify(
                {
                    "measure": measure,
                    "by": ["machine_divergence_type"],
                    "where": query.where,
                    "overall": agreement_overall(table),
                    "rows": records(table),
                    "cross": records(cross),
                }
            )
        table = (divergence_table if measure == "divergence" else recognition_drift)(session, query)
    return jsonify({"measure": measure, "by": list(query.by), "where": query.where, "rows": records(table)})


@api.get("/exports/divergences")
@require(Permission.export)
def export():
    fmt = _choice("format", FORMATS, "csv")
    query = _stats_query()
    with _ctx().sessions() as session, _bad_request(FIELDS):
        data, rows = export_bytes(session, fmt, query, codes=request.args.get("codes") == "1")
    with _ctx().sessions.begin() as session:
        audit(
            session,
            "export",
            user=_user(session),
            target=f"divergences.{fmt}",
            detail={"via": "api", "rows": rows, "where": query.where},
            remote_addr=request.remote_addr,
        )
    return send_file(
        io.BytesIO(data), mimetype=_MEDIA[fmt], as_attachment=True, download_name=f"caishen-divergences.{fmt}"
    )


@api.route("/match-score", methods=["GET", "POST"])
@require(Permission.compare)
def match_score():
    """GET: a stored dispute's score (dispute_id), factors set over it as query parameters. POST: JSON with a
    dispute_id or a text, and inputs (factor → value), or inputs alone."""
    if request.method == "GET":
        body = {
            "dispute_id": _int("dispute_id", None, 1, MAX_ID),
            "inputs": {k: v for k, v in request.args.items() if k != "dispute_id"},
        }
        if body["dispute_id"] is None:
            raise ApiError(400, "required", "dispute_id", name="dispute_id", hint="（或以 POST 提交 text 或 inputs）")
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise ApiError(400, "body_not_object", expected="，含 dispute_id、text 或 inputs")
    inputs = body.get("inputs") or {}
    if not isinstance(inputs, dict) or not all(isinstance(v, (str, int, float, bool)) for v in inputs.values()):
        raise ApiError(400, "not_an_object", "inputs", name="inputs", expected="（要素 → 取值）")
    dispute_id, text = body.get("dispute_id"), body.get("text")
    if dispute_id is not None and (
        not isinstance(dispute_id, int) or isinstance(dispute_id, bool) or not 1 <= dispute_id <= MAX_ID
    ):
        raise ApiError(400, "out_of_range", "dispute_id", name="dispute_id", low=1, high=MAX_ID)
    if text is not None and (not isinstance(text, str) or not text.strip()):
        raise ApiError(400, "required", "text", name="text", hint="（非空字符串）")
    if dispute_id is None and text is None and not inputs:
        raise ApiError(400, "give_one_of", names="dispute_id、text、inputs")
    full_text = sees_full_text(g.api_user)
    try:
        if dispute_id is not None:
            with _ctx().sessions() as session:
                view = match.dispute_score(session, dispute_id, inputs, full_text)
        elif text is not None:
            view = match.text_score(text, inputs, full_text)
        else:
            view = match.inputs_score(inputs)
    except UnknownDispute:
        raise ApiError(404, "no_dispute", "dispute_id", dispute_id=dispute_id) from None
    except InvalidInput as exc:
        raise ApiError(400, "invalid_input", "inputs", detail=invalid_input(exc)) from None
    return jsonify(view.to_dict())


@api.get("/portrait")
@require(Permission.statistics)
def employment_portrait():
    by = _choice("by", PORTRAIT_BY, "platform")
    year = _int("year", None, 1990, 2100)
    with _ctx().sessions() as session:
        rows = portrait(session, by, year)
    return jsonify({"by": by, "year": year, "rows": rows})


@api.get("/warnings")
@require(Permission.statistics)
def risk_warnings():
    include_resolved = _choice("include_resolved", ("true", "false"), "false") == "true"
    with _ctx().sessions() as session:
        found = [warning_dict(w) for w in active(session, include_resolved)]
    return jsonify({"warnings": found})


@api.get("/saved-searches")
@require(Permission.search)
def saved_searches():
    ctx = _ctx()
    with ctx.sessions() as session:
        return jsonify(
            {
                "saved_searches": [
                    saved.new_matches(
                        session, ctx.search, g.api_user.id, s.id, full_text=sees_full_text(g.api_user)
                    ).to_dict()
                    for s in saved.mine(session, g.api_user.id)
                ]
            }
        )


@api.post("/saved-searches")
@require(Permission.search)
def create_saved_search():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "body_not_object", expected="，含 name、query 和 filters")
    name, query, filters = body.get("name"), body.get("query", ""), body.get("filters") or {}
    if not isinstance(name, str):
        raise ApiError(400, "required", "name", name="name", hint="")
    if not isinstance(query, str):
        raise ApiError(400, "not_a_string", "query", name="query")
    if not isinstance(filters, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in filters.values()
    ):
        raise ApiError(400, "not_an_object", "filters", name="filters", expected="（字段 → 取值列表）")
    with _ctx().sessions.begin() as session:
        try:
            s = saved.save(session, g.api_user.id, name, query, filters)
        except saved.SavedSearchError as exc:
            raise ApiError(400, "saved_search_invalid", detail=str(exc)) from None
        created = {"id": s.id, "name": s.name, "query": s.query, "filters": s.filters}
    return jsonify(created), 201


@api.get("/saved-searches/<id:saved_id>/new")
@require(Permission.search)
def saved_search_new(saved_id: int):
    mark_seen = _choice("mark_seen", ("true", "false"), "false") == "true"
    ctx = _ctx()
    with ctx.sessions.begin() as session:
        try:
            return jsonify(
                saved.new_matches(
                    session, ctx.search, g.api_user.id, saved_id, mark_seen, full_text=sees_full_text(g.api_user)
                ).to_dict()
            )
        except saved.UnknownSavedSearch:
            raise ApiError(404, "no_saved_search", saved_id=saved_id) from None


@api.delete("/saved-searches/<id:saved_id>")
@require(Permission.search)
def delete_saved_search(saved_id: int):
    with _ctx().sessions.begin() as session:
        try:
            saved.delete(session, g.api_user.id, saved_id)
        except saved.UnknownSavedSearch:
            raise ApiError(404, "no_saved_search", saved_id=saved_id) from None
    return Response(status=204)


# --- the feedback loop: feed, reviews, joint-meeting material ----------------------------------------------------


def _feed():
    """The signed-in user's inbox with the request's filters: unread=true, since (ISO time, UTC), kind, limit."""
    unread = _choice("unread", ("true", "false"), "false") == "true"
    kind = request.args.get("kind")
    if kind is not None and kind not in inbox.KINDS:
        raise ApiError(400, "not_one_of", "kind", name="kind", allowed=listed(inbox.KINDS))
    since = None
    if raw := request.args.get("since"):
        try:
            since = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise ApiError(400, "not_a_time", "since", name="since") from None
        if since.tzinfo is not None:
            since = since.astimezone(timezone.utc).replace(tzinfo=None)
    limit = _int("limit", 100, 1, 1000)
    with _ctx().sessions() as session:
        box = inbox.inbox(
            session, g.api_user, sees_full_text(g.api_user), unread_only=unread, since=since, kind=kind, limit=limit
        )
    return box


def _audit(action: str, target: str, **detail) -> None:
    with _ctx().sessions.begin() as session:
        audit(
            session,
            action,
            user=_user(session),
            target=target,
            detail={"via": "api", **detail},
            remote_addr=request.remote_addr,
        )


@api.get("/feed")
@require(Permission.inbox)
def feed():
    """The inbox of the token's institution as JSON (a commission: court decisions that changed its awards; a
    court: the awards behind its cases), the latest first; `new` is relative to the user's last look at the inbox
    page, `status` what the user marked."""
    box = _feed()
    _audit("feed", "feed", format="json", items=len(box.items), unread=box.unread)
    return jsonify({**box.to_dict(), "generated_at": utcnow().isoformat(timespec="seconds") + "Z"})


@api.get("/feed.atom")
@require(Permission.inbox)
def feed_atom():
    """The same feed as Atom (RFC 4287), for case systems that subscribe to feeds."""
    box = _feed()
    _audit("feed", "feed", format="atom", items=len(box.items), unread=box.unread)
    return Response(inbox.atom(box, request.host_url, utcnow()), mimetype="application/atom+xml")


@api.post("/feed/<id:item_key>")
@require(Permission.inbox)
def feed_mark(item_key: int):
    """Mark an item read, in_review or unread: {"status": "read"}."""
    status = _json_body().get("status")
    if status not in (*inbox.STATUSES, "unread"):
        raise ApiError(400, "not_one_of", "status", name="status", allowed=listed(("read", "in_review", "unread")))
    with _ctx().sessions.begin() as session:
        try:
            inbox.mark(session, session.merge(g.api_user), str(item_key), status)
        except inbox.UnknownItem:
            raise ApiError(404, "no_inbox_item", key=item_key) from None
        audit(
            session,
            "feed_mark",
            user=_user(session),
            target=f"inbox item {item_key}",
            detail={"via": "api", "status": status},
            remote_addr=request.remote_addr,
        )
    return jsonify({"item": str(item_key), "status": status})


@api.get("/reviews")
@require(Permission.compare)
def review_list():
    """Reviews, the latest changed first: flag (any, no_longer_divergent, claim_missing), to_unify, divergence_type."""
    flag = request.args.get("flag")
    if flag is not None and flag not in ("any", *reviews.FLAGS):
        raise ApiError(400, "not_one_of", "flag", name="flag", allowed=listed(("any", *reviews.FLAGS)))
    to_unify = {"true": True, "false": False, None: None}.get(request.args.get("to_unify"), "bad")
    if to_unify == "bad":
        raise ApiError(400, "not_one_of", "to_unify", name="to_unify", allowed=listed(("true", "false")))
    kind = request.args.get("divergence_type")
    if kind is not None and kind not in reviews.review_types():
        raise ApiError(
            400, "not_one_of", "divergence_type", name="divergence_type", allowed=listed(reviews.review_types())
        )
    with _ctx().sessions() as session:
        found = reviews.list_reviews(
            session, flag=flag, to_unify=to_unify, divergence_type=kind, limit=_int("limit", 200, 1, 1000)
        )
        rows = reviews.summaries(session, found, sees_full_text(g.api_user))
    return jsonify({"reviews": [r.to_dict() for r in rows]})


@api.get("/reviews/<id:review_id>")
@require(Permission.compare)
def review_one(review_id: int):
    """One review with its history (each revision: who, when, which fields from what to what)."""
    full = sees_full_text(g.api_user)
    with _ctx().sessions() as session:
        review = session.get(DivergenceReview, review_id)
        if review is None:
            raise ApiError(404, "no_review", review_id=review_id)
        out = reviews.summaries(session, [review], full)[0].to_dict()
        out["quote_tokens"] = [reviews.q_token(q) for q in review.quotes or []]
        out["history"] = [
            {
                "number": v.number,
                "at": v.at.isoformat() + "Z",
                "user": v.who,
                "role": v.role,
                "institution": v.institution,
                "action": v.action,
                "changes": v.changes,
            }
            for v in reviews.history(session, review, full)
        ]
    return jsonify(out)


@api.post("/reviews")
@require(Permission.review)
def review_save():
    """Record or change the review of a compared claim: {dispute_id, ordinal, divergence_type, quotes?: ["doc:start:end",
    …] (default: the review's, else the machine's evidence), note?, to_unify?, proposed_rule?, revision?}."""
    body = _json_body()
    for name in ("dispute_id", "ordinal"):
        if not isinstance(body.get(name), int) or isinstance(body.get(name), bool) or not 1 <= body[name] <= MAX_ID:
            raise ApiError(400, "not_a_whole_number", name, name=name)
    for name in ("divergence_type", "note", "proposed_rule"):
        if name in body and not isinstance(body[name], str):
            raise ApiError(400, "not_a_string", name, name=name)
    if not isinstance(body.get("divergence_type"), str):
        raise ApiError(400, "required", "divergence_type", name="divergence_type", hint="")
    quotes = body.get("quotes")
    if quotes is not None and (not isinstance(quotes, list) or not all(isinstance(q, str) for q in quotes)):
        raise ApiError(400, "bad_quotes", "quotes")
    if not isinstance(body.get("to_unify", False), bool):
        raise ApiError(400, "not_one_of", "to_unify", name="to_unify", allowed=listed(("true", "false")))
    revision = body.get("revision")
    if revision is not None and (not isinstance(revision, int) or isinstance(revision, bool)):
        raise ApiError(400, "not_a_whole_number", "revision", name="revision")
    participants = reviews.participating(_ctx().settings.participating_institutions)
    with _ctx().sessions() as session:
        user = session.merge(g.api_user)
        try:
            comparison = reviews.comparison_for(session, body["dispute_id"], body["ordinal"])
            if quotes is None:
                current = reviews.review_of(session, comparison)
                quotes = [reviews.q_token(q) for q in (current.quotes if current else comparison.evidence) or []]
            review = reviews.record_review(
                session,
                user,
                comparison,
                divergence_type=body["divergence_type"],
                quote_tokens=quotes,
                note=body.get("note", ""),
                to_unify=body.get("to_unify", False),
                proposed_rule=body.get("proposed_rule", ""),
                expected_revision=revision,
                participants=participants,
            )
            out = reviews.summaries(session, [review], sees_full_text(user))[0].to_dict()
            audit(
                session,
                "review",
                user=user,
                target=f"dispute {body['dispute_id']} claim {body['ordinal']}",
                detail={"via": "api", "review": review.id, "revision": review.revision},
                remote_addr=request.remote_addr,
            )
            session.commit()
        except reviews.UnknownClaim:
            raise ApiError(404, "no_compared_claim") from None
        except reviews.NotAllowed as exc:
            raise ApiError(403, "review_refused", detail=str(exc)) from None
        except reviews.ReviewConflict as exc:
            raise ApiError(409, "review_conflict", "revision", detail=str(exc)) from None
        except reviews.ReviewError as exc:
            raise ApiError(400, "bad_parameter", exc.field, detail=str(exc)) from None
    return jsonify(out)


@api.get("/exports/joint-meeting")
@require(Permission.export)
def joint_meeting_export():
    """The joint-meeting material (联席会议材料) for a period (date_from, date_to: court decision dates) and a region
    (province, city), as DOCX or XLSX; masked whoever asks."""
    fmt = _choice("format", joint_meeting.FORMATS, "docx")
    try:
        query = joint_meeting.MeetingQuery.parse(request.args)
    except joint_meeting.MeetingError as exc:
        raise ApiError(400, "bad_parameter", exc.field, detail=str(exc)) from None
    with _ctx().sessions() as session:
        user = session.merge(g.api_user)
        m = joint_meeting.material(session, query, f"{user.username}（{user.institution}）", utcnow())
    data = joint_meeting.material_docx(m) if fmt == "docx" else joint_meeting.material_xlsx(m)
    _audit("export", f"joint-meeting.{fmt}", rows=len(m.items), period=query.period(), region=query.region())
    return send_file(
        io.BytesIO(data),
        as_attachment=True,
        download_name=f"joint-meeting.{fmt}",
        mimetype=DOCX_MEDIA if fmt == "docx" else joint_meeting.XLSX_MEDIA,
    )


def _stats_query(by: tuple[str, ...] = ()) -> StatsQuery:
    where = {k: v for k in FIELDS if (v := request.args.getlist(k))}
    try:
        return StatsQuery(by, where)
    except StatsError as exc:
        raise ApiError(400, "bad_parameter", "by", detail=str(exc)) from None


def _choice(name: str, allowed, default: str) -> str:
    value = request.args.get(name, default)
    if value not in allowed:
        raise ApiError(400, "not_one_of", name, name=name, allowed=listed(allowed))
    return value


def _int(name: str, default, low: int, high: int):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "not_a_whole_number", name, name=name) from None
    if not low <= value <= high:
        raise ApiError(400, "out_of_range", name, name=name, low=low, high=high)
    return value


@contextmanager
def _bad_request(fields):
    """A request the services refuse (an unknown field, a value it cannot hold) is the client's 400, naming the field;
    what the search engine's own query parser refuses (worded in English) is a bad query."""
    try:
        yield
    except ValueError as exc:  # StatsError and the search's filter errors are ValueErrors, worded in Chinese
        detail = str(exc)
        if not is_chinese(detail):
            raise ApiError(400, "bad_query", "q") from None
        field = next((f for f in fields if f"“{f}”" in detail or detail.startswith(f"{f}=")), None)
        raise ApiError(400, "bad_parameter", field, detail=detail) from None


def _user(session):
    # The row was read with the token a moment ago and is unchanged: no second SELECT to attach it.
    return session.merge(g.api_user, load=False)


def _ctx():
    return current_app.extensions["caishen"]
