"""Pages of the feedback loop between commission and court: the review of a divergent claim (分歧研判) with its
history, the list of reviews, the inbox (裁审动态) and the joint-meeting material (联席会议材料)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from app.web.access import Permission, record, require
from nlp.divergence import STAGES
from services import corpus, inbox, joint_meeting, reviews
from services.disputes import dispute_title
from services.similar_report import DOCX_MEDIA
from store.models import Document, utcnow
from wording.labels import (
    INBOX_KIND_LABELS,
    INBOX_STATUS_LABELS,
    REVIEW_ACTION_LABELS,
    REVIEW_FIELD_LABELS,
    REVIEW_FLAG_LABELS,
    outcome_text,
)
from wording.messages import message

bp = Blueprint("reviews", __name__)


def _ctx():
    return current_app.extensions["caishen"]


def _participants() -> frozenset[str]:
    return reviews.participating(_ctx().settings.participating_institutions)


@bp.app_context_processor
def _labels():
    return {
        "REVIEW_FLAG_LABELS": REVIEW_FLAG_LABELS,
        "INBOX_KIND_LABELS": INBOX_KIND_LABELS,
        "INBOX_STATUS_LABELS": INBOX_STATUS_LABELS,
        "inbox_unread": _inbox_unread,
    }


def _inbox_unread() -> int | None:
    """The count on the navigation (once a request; none when the database cannot say)."""
    if "inbox_unread" not in g:
        g.inbox_unread = None
        try:
            with _ctx().sessions() as session:
                g.inbox_unread = inbox.unread_count(session, g.user.id, g.user.institution)
        except Exception:  # an error page must still render while the database is away
            current_app.logger.warning("inbox count unavailable", exc_info=True)
    return g.inbox_unread


# --- review of one divergent claim -----------------------------------------------------------------------------


@bp.get("/disputes/<id:dispute_id>/claims/<id:ordinal>/review")
@require(Permission.compare)
def review_page(dispute_id: int, ordinal: int):
    return _review_page(dispute_id, ordinal)


@bp.post("/disputes/<id:dispute_id>/claims/<id:ordinal>/review")
@require(Permission.review)
def review_save(dispute_id: int, ordinal: int):
    """Record the review sent by the form; the page again with what was wrong, or a redirect to it."""
    form = request.form
    failed = None  # (message, status, keep what was sent)
    with _ctx().sessions() as session:
        try:
            comparison = reviews.comparison_for(session, dispute_id, ordinal)
        except reviews.UnknownClaim:
            abort(404)
        if form.get("claim_key") and form.get("claim_key") != comparison.claim_key:
            failed = ("这项请求在您打开页面后已被重新比对，请核对后重新提交。", 409, False)
        else:
            try:
                review = reviews.record_review(
                    session,
                    g.user,
                    comparison,
                    divergence_type=form.get("divergence_type", ""),
                    quote_tokens=form.getlist("quotes"),
                    note=form.get("note", ""),
                    to_unify=form.get("to_unify") == "1",
                    proposed_rule=form.get("proposed_rule", ""),
                    expected_revision=form.get("revision", type=int),
                    participants=_participants(),
                )
                review_id, revision = review.id, review.revision
                session.commit()
            except reviews.NotAllowed as exc:
                abort(403, description=str(exc))
            except reviews.ReviewConflict as exc:
                failed = (str(exc), 409, False)
            except reviews.ReviewError as exc:
                failed = (str(exc), 400, True)
    if failed:
        message, status, keep = failed
        return _review_page(dispute_id, ordinal, error=message, status=status, sent=form if keep else None)
    record("review", f"dispute {dispute_id} claim {ordinal}", review=review_id, revision=revision)
    return redirect(url_for("reviews.review_page", dispute_id=dispute_id, ordinal=ordinal, saved=1))


def _review_page(dispute_id: int, ordinal: int, error: str | None = None, status: int = 200, sent=None):
    full = g.user.full_text
    with _ctx().sessions() as session:
        try:
            c = reviews.comparison_for(session, dispute_id, ordinal)
        except reviews.UnknownClaim:
            abort(404)
        review = reviews.review_of(session, c)
        candidates = reviews.candidates(session, c)
        if review is not None:  # a quote chosen before that the documents no longer offer stays listed
            offered = {x.token for x in candidates}
            candidates += [
                reviews.Candidate(
                    reviews.q_token(q),
                    q.get("stage", "court"),
                    q.get("stage", "court"),
                    q.get("document_id"),
                    q["start"],
                    q["end"],
                    q["quote"],
                    False,
                )
                for q in review.quotes or []
                if reviews.q_token(q) not in offered
            ]
        docs = session.scalars(select(Document).where(Document.id.in_({x.document_id for x in candidates}))).all()
        texts = corpus.readable(session, list(docs), full)
        persons = () if full else corpus.persons_by_dispute(session, {dispute_id}).get(dispute_id, ())
        chosen = (
            {reviews.q_token(q) for q in review.quotes or []}
            if review is not None
            else {x.token for x in candidates if x.machine}
        )
        if sent is not None:
            chosen = set(sent.getlist("quotes"))
        shown = [
            {
                "token": x.token,
                "stage": x.stage,
                "source": x.source,
                "machine": x.machine,
                "checked": x.token in chosen,
                "quote": texts[x.document_id].cut(x.start, x.end)
                if x.document_id in texts
                else reviews.masked_value(x.quote, persons),
            }
            for x in candidates
        ]
        may, why = reviews.may_review(session, g.user, dispute_id, _participants())
        summary = reviews.summaries(session, [review], full)[0] if review is not None else None
        revisions = reviews.history(session, review, full) if review is not None else []
        title = dispute_title(session, dispute_id, full) or f"案件链 {dispute_id}"
        claim_text = c.claim_text if full else reviews.masked_value(c.claim_text, persons)
        cells = [
            (s, outcome_text(getattr(c, f"{s}_outcome").value, _f(getattr(c, f"{s}_amount"))))
            for s in STAGES
            if getattr(c, f"{s}_outcome") is not None
        ]
    values = {
        "divergence_type": (sent.get("divergence_type") if sent else None)
        or (review.divergence_type if review else c.divergence_type),
        "note": sent.get("note", "") if sent else (summary.note if summary else ""),
        "to_unify": (sent.get("to_unify") == "1") if sent else bool(review and review.to_unify),
        "proposed_rule": sent.get("proposed_rule", "") if sent else (summary.proposed_rule if summary else ""),
    }
    return render_template(
        "review.html",
        c=c,
        title=title,
        claim_text=claim_text,
        cells=cells,
        review=review,
        summary=summary,
        candidates=shown,
        may=may,
        why=why,
        revisions=revisions,
        types=reviews.review_types(),
        values=values,
        error=error,
        saved=request.args.get("saved") == "1" and error is None,
        ACTION_LABELS=REVIEW_ACTION_LABELS,
        FIELD_LABELS=REVIEW_FIELD_LABELS,
    ), status


def _f(value):
    return None if value is None else float(value)


@bp.get("/reviews")
@require(Permission.compare)
def reviews_page():
    """Every review, the latest changed first, with filters: flagged, 尺度待统一, type, mine."""
    flag = request.args.get("flag") or None
    unify = {"1": True, "0": False}.get(request.args.get("to_unify", ""))
    kind = request.args.get("divergence_type") or None
    mine = g.user.username if request.args.get("mine") == "1" else None
    with _ctx().sessions() as session:
        found = reviews.list_reviews(
            session,
            flag=flag,
            to_unify=unify,
            divergence_type=kind if kind in reviews.review_types() else None,
            mine=mine,
        )
        rows = reviews.summaries(session, found, g.user.full_text)
    return render_template(
        "reviews.html",
        rows=rows,
        flag=flag,
        to_unify=request.args.get("to_unify", ""),
        kind=kind,
        mine=mine is not None,
        types=reviews.review_types(),
    )


# --- inbox -------------------------------------------------------------------------------------------------------


@bp.get("/inbox")
@require(Permission.inbox)
def inbox_page():
    unread_only = request.args.get("show") != "all"
    with _ctx().sessions.begin() as session:
        box = inbox.inbox(session, g.user, g.user.full_text, unread_only=unread_only)
        inbox.looked(session, g.user.id)
    g.inbox_unread = box.unread
    record("feed", "feed", format="page", items=len(box.items), unread=box.unread)
    return render_template("inbox.html", box=box, unread_only=unread_only)


@bp.post("/inbox/<id:item_key>/mark")
@require(Permission.inbox)
def inbox_mark(item_key: int):
    """Mark an item read (or unread again), or take it into review: then its first changed claim's review opens."""
    status = request.form.get("status", "read")
    if status not in (*inbox.STATUSES, "unread"):
        abort(400, description="标记只能是已读、未读或纳入研判。")
    with _ctx().sessions.begin() as session:
        try:
            head = inbox.mark(session, g.user, str(item_key), status)
        except inbox.UnknownItem:
            abort(404)
        item = inbox.details(session, [head], {}, None, True)[0]
    record("feed_mark", f"inbox item {item_key}", status=status)
    if status == "in_review" and (ordinal := item.first_claim()) is not None:
        return redirect(url_for("reviews.review_page", dispute_id=item.dispute_id, ordinal=ordinal))
    return redirect(url_for("reviews.inbox_page", show=request.form.get("show") or None))


@bp.post("/inbox/read-all")
@require(Permission.inbox)
def inbox_read_all():
    with _ctx().sessions.begin() as session:
        n = inbox.mark_all_read(session, g.user)
    record("feed_mark", "feed", status="read", items=n)
    return redirect(url_for("reviews.inbox_page"))


# --- joint-meeting material --------------------------------------------------------------------------------------


def _meeting_query() -> joint_meeting.MeetingQuery:
    try:
        return joint_meeting.MeetingQuery.parse(request.args)
    except joint_meeting.MeetingError as exc:
        abort(400, description=str(exc))


@bp.get("/joint-meeting")
@require(Permission.export)
def joint_meeting_page():
    """The form (period, region) and a preview of the material the downloads hold."""
    query = _meeting_query()
    with _ctx().sessions() as session:
        m = joint_meeting.material(session, query, _made_by(), utcnow())
        options = joint_meeting.choices(session)
    return render_template(
        "joint_meeting.html",
        m=m,
        query=query,
        options=options,
        item_rows=joint_meeting.item_rows,
        args={k: v for k, v in request.args.items() if k in ("date_from", "date_to", "province", "city") and v},
    )


@bp.get("/joint-meeting/material.<fmt>")
@require(Permission.export)
def joint_meeting_file(fmt: str):
    if fmt not in joint_meeting.FORMATS:
        abort(400, description=message("meeting_formats"))
    query = _meeting_query()
    with _ctx().sessions() as session:
        m = joint_meeting.material(session, query, _made_by(), utcnow())
    data = joint_meeting.material_docx(m) if fmt == "docx" else joint_meeting.material_xlsx(m)
    record("export", f"joint-meeting.{fmt}", rows=len(m.items), period=query.period(), region=query.region())
    return send_file(
        io.BytesIO(data),
        as_attachment=True,
        download_name=f"联席会议材料.{fmt}",
        mimetype=DOCX_MEDIA if fmt == "docx" else joint_meeting.XLSX_MEDIA,
    )


def _made_by() -> str:
    return f"{g.user.username}（{g.user.institution}）"
