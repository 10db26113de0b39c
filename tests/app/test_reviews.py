"""Divergence review (分歧研判): its life cycle (create, correct, history, re-analysis and re-extraction keep it, a claim
that no longer diverges flags it), statistics and exports by the reviewed type, the agreement panel against counts
made here from the generator's truth, the joint-meeting material read back, masking, audit, and the role × action
matrix. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal

import docx
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select, update

from app import create_app
from ingest.pipeline import reextract
from ingest.sample.generator import TRUTH_FILE
from nlp.casenumber import find_case_numbers
from services import reviews
from services.analysis import analyse_all, analyse_pending
from services.auth import create_user
from services.export import export_bytes
from services.progress import Progress
from services.reviews import ReviewConflict, ReviewError, history, record_review, review_types
from services.stats import StatsQuery, divergence_table, records, review_agreement
from store.models import (
    AuditEvent,
    ClaimComparison,
    ClaimOutcome,
    Dispute,
    DivergenceReview,
    Outcome,
    Party,
    PartyKind,
    Proceeding,
    ProceedingParty,
    User,
)
from tests.app.web_users import PASSWORD, form_token, sign_in

RESEARCH = "省高级人民法院研究室"  # a participating institution in these tests


def _user(session, name: str, role: str, institution: str) -> User:
    return create_user(session, name, PASSWORD, role, institution)


def _divergent(session, **where) -> list[ClaimComparison]:
    stmt = select(ClaimComparison).where(ClaimComparison.divergent.is_(True)).order_by(ClaimComparison.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(ClaimComparison, name) == value)
    return list(session.scalars(stmt))


def _by_type(ctx, **where) -> dict:
    with ctx.sessions() as session:
        table = divergence_table(session, StatsQuery(("divergence_type",), {"divergent": "true", **where}))
    return {r["divergence_type"]: r for r in records(table)}


def _client(app, ctx, role: str, institution: str):
    with ctx.sessions.begin() as session:
        name = (
            f"{role}-{abs(hash(institution)) % 10**8}-{session.scalar(select(User.id).order_by(User.id.desc())) or 0}"
        )
        _user(session, name, role, institution)
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client, name


def _persons(session, dispute_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Party.name)
            .join(ProceedingParty)
            .join(Proceeding)
            .where(Proceeding.dispute_id == dispute_id, Party.kind == PartyKind.person)
        )
    )


def test_review_life_cycle(loaded_ctx):
    ctx = loaded_ctx
    tolerance = ctx.settings.divergence_tolerance
    with ctx.sessions.begin() as s:
        c = _divergent(s)[0]
        arbitrator = _user(s, "arb-life", "arbitrator", c.commission)
        judge = _user(s, "judge-life", "judge", c.court)
        machine = c.divergence_type
        offered = reviews.candidates(s, c)
        chosen = [x.token for x in offered if x.machine]
        added = next(x for x in offered if not x.machine)
        first = record_review(s, arbitrator, c, divergence_type=machine, quote_tokens=chosen, note="确认机器分类")
        assert (first.revision, first.machine_type, first.divergence_type) == (1, machine, machine)
        other = next(t for t in review_types() if t != machine)
        second = record_review(
            s,
            judge,
            c,
            divergence_type=other,
            quote_tokens=chosen[:1] + [added.token],
            note="法院对证据的认定不同",
            to_unify=True,
            proposed_rule="平台派单考勤的，应认定劳动管理",
            expected_revision=1,
        )
        assert second.id == first.id and second.revision == 2
        with pytest.raises(ReviewConflict):  # a form opened before the judge's change
            record_review(s, arbitrator, c, divergence_type=machine, quote_tokens=chosen, expected_revision=1)
        with pytest.raises(ReviewError) as bad:
            record_review(s, judge, c, divergence_type=other, quote_tokens=["1:0:5000"])
        assert bad.value.field == "quotes"
        with pytest.raises(ReviewError) as bad:
            record_review(s, judge, c, divergence_type=other, quote_tokens=chosen, to_unify=True, proposed_rule=" ")
        assert bad.value.field == "proposed_rule"
        revisions = history(s, second, full_text=True)
        assert [(v.number, v.who, v.institution, v.action) for v in revisions] == [
            (1, "arb-life", c.commission, "created"),
            (2, "judge-life", c.court, "changed"),
        ]
        changes = revisions[1].changes
        assert changes["divergence_type"] == [machine, other] and changes["to_unify"] == [False, True]
        assert added.quote in changes["quotes"][1] and added.quote not in changes["quotes"][0]
        assert changes["note"] == ["确认机器分类", "法院对证据的认定不同"]
        key = c.claim_key
        dispute_id = c.dispute_id

    # Re-analysis and re-extraction replace the comparison rows, never the review.
    analyse_all(ctx.sessions, tolerance, progress=Progress(0, stream=io.StringIO()))
    reextract(ctx.sessions, None, tolerance, force=True, progress=Progress(0, stream=io.StringIO()))
    with ctx.sessions() as s:
        [r] = s.scalars(select(DivergenceReview)).all()
        assert (r.claim_key, r.divergence_type, r.note, r.to_unify, r.revision, r.flag) == (
            key,
            other,
            "法院对证据的认定不同",
            True,
            2,
            None,
        )
        again = s.scalar(select(ClaimComparison).where(ClaimComparison.claim_key == key))
        assert again is not None and again.divergent and again.divergence_type == machine  # the machine's beside
        claim_ids = again.claim_ids

    # The court now decides as the commission did: the claim no longer diverges, the review stays and is flagged.
    def decide(award: Outcome, court: Outcome) -> None:
        with ctx.sessions.begin() as s:
            stage = dict(
                s.execute(select(Proceeding.id, Proceeding.stage).where(Proceeding.dispute_id == dispute_id)).all()
            )
            for o in s.scalars(select(ClaimOutcome).where(ClaimOutcome.claim_id.in_(claim_ids))):
                o.outcome = award if stage[o.proceeding_id].value == "arbitration" else court
                o.amount_awarded = (
                    Decimal("1000.00")
                    if (award if stage[o.proceeding_id].value == "arbitration" else court) == Outcome.granted
                    else None
                )
            s.execute(update(Dispute).where(Dispute.id == dispute_id).values(analysed_at=None))
        analyse_pending(ctx.sessions, tolerance)

    decide(Outcome.granted, Outcome.granted)
    with ctx.sessions() as s:
        r = s.scalar(select(DivergenceReview))
        now = s.scalar(select(ClaimComparison).where(ClaimComparison.claim_key == key))
        assert now.divergent is False
        assert (r.flag, r.divergence_type, r.note, r.revision) == (
            "no_longer_divergent",
            other,
            "法院对证据的认定不同",
            3,
        )
        assert [(v.who, v.action, v.changes) for v in history(s, r, True)][-1] == (
            None,
            "flagged",
            {"flag": [None, "no_longer_divergent"]},
        )
        assert reviews.list_reviews(s, flag="any")[0].id == r.id
    assert sum(t["reviewed"] for t in _by_type(ctx).values()) == 0  # a flagged review no longer counts
    decide(Outcome.granted, Outcome.rejected)
    with ctx.sessions() as s:
        r = s.scalar(select(DivergenceReview))
        assert (r.flag, r.revision, r.divergence_type) == (None, 4, other)
    assert _by_type(ctx)[other]["reviewed"] == 1


def test_statistics_and_exports_switch_to_the_reviewed_type(loaded_ctx):
    ctx = loaded_ctx
    before = _by_type(ctx)
    with ctx.sessions.begin() as s:
        c = _divergent(s)[1]
        machine = c.divergence_type
        other = next(t for t in review_types() if t != machine)
        analyst = _user(s, "analyst-stats", "analyst", c.commission)
        record_review(s, analyst, c, divergence_type=other, quote_tokens=[], note="改判理由是法律适用")
        key = c.claim_key
    after = _by_type(ctx)
    assert after[machine]["divergent"] == before[machine]["divergent"] - 1
    assert after[other]["divergent"] == before.get(other, {"divergent": 0})["divergent"] + 1
    assert after[other]["reviewed"] == 1 and sum(r["reviewed"] for r in after.values()) == 1
    assert sum(r["divergent"] for r in after.values()) == sum(r["divergent"] for r in before.values())
    assert _by_type(ctx, divergence_type=other)[other]["divergent"] == after[other]["divergent"]
    with ctx.sessions() as s:
        machine_rows = records(
            divergence_table(s, StatsQuery((), {"machine_divergence_type": machine, "divergent": "true"}))
        )
        assert machine_rows[0]["divergent"] == before[machine]["divergent"]  # the machine's type still filters
        reviewed_only = records(divergence_table(s, StatsQuery((), {"reviewed": "true"})))
        assert reviewed_only[0]["divergent"] == 1
        data, _ = export_bytes(s, "csv", StatsQuery(compared=True), codes=True)
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    [row] = df[df["reviewed"] == True].to_dict(orient="records")  # noqa: E712 (pandas)
    assert (row["divergence_type"], row["machine_divergence_type"], row["review_note"]) == (
        other,
        machine,
        "改判理由是法律适用",
    )
    assert (df["divergence_type"] == other).sum() == after[other]["divergent"]
    with ctx.sessions() as s:
        assert s.scalar(select(ClaimComparison.claim_key).where(ClaimComparison.claim_key == key))


def _truth_types(sample_corpus) -> dict[tuple[str, str], str]:
    """(normalised award number, claim type) → the type the generator wrote for a divergent claim."""
    out = {}
    for line in (sample_corpus / TRUTH_FILE).read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        number = t["case_numbers"].get("arbitration")
        for claim in t["claims"]:
            if number and claim["divergence"]:
                out[(find_case_numbers(number)[0].normalised, claim["type"])] = claim["divergence"]
    return out


def test_agreement_panel_against_counts_made_here(loaded_ctx, sample_corpus):
    """Reviewers who know the truth review every divergence they can: the panel is then the classifier's accuracy,
    and must equal what this test counts on its own."""
    ctx = loaded_ctx
    truth = _truth_types(sample_corpus)
    expected: dict[str, list[int]] = {}  # machine type → [divergent, reviewed, agreed]
    with ctx.sessions.begin() as s:
        analyst = _user(s, "analyst-truth", "analyst", RESEARCH)
        for c in _divergent(s):
            counts = expected.setdefault(c.divergence_type, [0, 0, 0])
            counts[0] += 1
            numbers = find_case_numbers(c.arbitration_case_number or "")
            reviewed = truth.get((numbers[0].normalised, c.claim_type)) if numbers else None
            if reviewed is None:
                continue
            record_review(s, analyst, c, divergence_type=reviewed, quote_tokens=[], participants=frozenset({RESEARCH}))
            counts[1] += 1
            counts[2] += reviewed == c.divergence_type
    assert sum(v[1] for v in expected.values()) >= 20
    with ctx.sessions() as s:
        table, cross = review_agreement(s, StatsQuery())
    got = {r["machine_divergence_type"]: [r["divergent"], r["reviewed"], r["agreed"]] for r in records(table)}
    assert got == expected
    for r in records(table):
        assert r["agreement"] == (round(r["agreed"] / r["reviewed"], 4) if r["reviewed"] else None)
    assert int(cross["claims"].sum()) == sum(v[1] for v in expected.values())

    app = create_app(ctx.settings)
    app.testing = True
    client, name = _client(app, ctx, "analyst", RESEARCH)
    token = app.test_client().post("/api/v1/tokens", json={"username": name, "password": PASSWORD}).get_json()["token"]
    body = (
        app.test_client()
        .get("/api/v1/statistics?measure=agreement", headers={"Authorization": f"Bearer {token}"})
        .get_json()
    )
    reviewed, agreed = sum(v[1] for v in expected.values()), sum(v[2] for v in expected.values())
    assert body["overall"] == {
        "divergent": sum(v[0] for v in expected.values()),
        "reviewed": reviewed,
        "agreed": agreed,
        "agreement": round(agreed / reviewed, 4),
    }
    page = client.get("/dashboard").get_data(as_text=True)
    assert (
        f"{body['overall']['agreement'] * 100:.1f}%" in page
        and f'<strong id="reviewed-count">{reviewed}</strong>' in page
    )


def _docx_text(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    out = []
    for block in d.element.body.iterchildren():  # paragraphs and tables in document order
        if block.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            out.append(" ".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
    return out


def test_joint_meeting_material_reads_back(loaded_ctx):
    ctx = loaded_ctx
    with ctx.sessions.begin() as s:
        province = (
            s.execute(
                select(ClaimComparison.province)
                .where(ClaimComparison.divergent.is_(True))
                .group_by(ClaimComparison.province)
                .order_by(ClaimComparison.province)
            )
            .scalars()
            .first()
        )
        here = _divergent(s, province=province)
        assert len(here) >= 2 and all(c.decision_date for c in here)
        unify, plain = here[-1], here[0]
        judge = _user(s, "analyst-meeting", "analyst", RESEARCH)
        name = sorted(_persons(s, unify.dispute_id))[0]  # a note is masked with its own dispute's parties
        persons = _persons(s, unify.dispute_id) | _persons(s, plain.dispute_id)
        record_review(
            s,
            judge,
            unify,
            divergence_type=unify.divergence_type,
            quote_tokens=[],
            note=f"{name}的请求应予支持",
            to_unify=True,
            proposed_rule="外卖平台以算法派单并考勤罚款的，认定劳动关系",
            participants=frozenset({RESEARCH}),
        )
        record_review(
            s,
            judge,
            plain,
            divergence_type=next(t for t in review_types() if t != plain.divergence_type),
            quote_tokens=[],
            note="不属尺度问题",
            participants=frozenset({RESEARCH}),
        )
        expected = len(here)
        start = min(c.decision_date for c in here).isoformat()
        end = max(c.decision_date for c in here).isoformat()
    app = create_app(ctx.settings)
    app.testing = True
    client, _ = _client(app, ctx, "judge", "北京市朝阳区人民法院")
    query = {"province": province, "date_from": start, "date_to": end}
    page = client.get("/joint-meeting", query_string=query)
    assert page.status_code == 200 and "外卖平台以算法派单并考勤罚款的，认定劳动关系" in page.get_data(as_text=True)
    word = client.get("/joint-meeting/material.docx", query_string=query)
    assert word.status_code == 200 and "wordprocessingml" in word.mimetype
    blocks = _docx_text(word.data)
    text = "\n".join(blocks)
    first = next(i for i, b in enumerate(blocks) if b.startswith("一、尺度待统一事项"))
    details = next(i for i, b in enumerate(blocks) if b.startswith("三、分歧明细"))
    rule_at = next(i for i, b in enumerate(blocks) if "外卖平台以算法派单并考勤罚款的，认定劳动关系" in b)
    assert first < rule_at < details  # the reviewed 尺度待统一 items first
    assert f"共有裁审分歧 {expected} 项，其中已研判 2 项、研判认为尺度待统一 1 项" in text
    assert province in blocks[0] and "不属尺度问题" in text
    assert not [p for p in persons if p in text] and f"{name[0]}某的请求应予支持" in text  # masked

    sheet = client.get("/joint-meeting/material.xlsx", query_string=query)
    book = openpyxl.load_workbook(io.BytesIO(sheet.data))
    assert book.sheetnames == ["尺度待统一", "分歧明细", "汇总", "说明"]
    header = [c.value for c in book["分歧明细"][1]]
    rows = [dict(zip(header, r)) for r in book["分歧明细"].iter_rows(min_row=2, values_only=True)]
    assert len(rows) == expected
    types = [r["分歧类型"] for r in rows]
    assert all(types.index(t) + types.count(t) - 1 == len(types) - 1 - types[::-1].index(t) for t in types)  # grouped
    [unified] = [dict(zip(header, r)) for r in book["尺度待统一"].iter_rows(min_row=2, values_only=True)]
    assert unified["建议统一规则"] == "外卖平台以算法派单并考勤罚款的，认定劳动关系" and unified["已研判"] == "是"
    assert unified["仲裁案号"] == unify.arbitration_case_number
    all_cells = "\n".join(str(v) for ws in book for r in ws.iter_rows(values_only=True) for v in r)
    assert not [p for p in persons if p in all_cells]
    with ctx.sessions() as s:
        events = s.execute(select(AuditEvent.target, AuditEvent.detail).where(AuditEvent.action == "export")).all()
    assert [t for t, _ in events] == ["joint-meeting.docx", "joint-meeting.xlsx"]
    assert events[0][1]["rows"] == expected and events[0][1]["region"] == province
    assert client.get("/joint-meeting?date_from=2024-13-01").status_code == 400


def test_masked_roles_read_masked_quotes_notes_and_history(loaded_ctx):
    ctx = loaded_ctx
    with ctx.sessions.begin() as s:
        c = next(
            c
            for c in _divergent(s)
            if any(p in " ".join(e["quote"] for e in c.evidence) for p in _persons(s, c.dispute_id))
        )
        name = next(p for p in sorted(_persons(s, c.dispute_id)) if p in " ".join(e["quote"] for e in c.evidence))
        arbitrator = _user(s, "arb-mask", "arbitrator", c.commission)
        record_review(
            s,
            arbitrator,
            c,
            divergence_type=c.divergence_type,
            quote_tokens=[reviews.q_token(e) for e in c.evidence],
            note=f"{name}提交的证据不足",
            to_unify=True,
            proposed_rule=f"如{name}案，应当如何认定",
        )
        dispute_id, ordinal, commission = c.dispute_id, c.ordinal, c.commission
    app = create_app(ctx.settings)
    app.testing = True
    judge, _ = _client(app, ctx, "judge", commission)
    analyst, analyst_name = _client(app, ctx, "analyst", commission)
    url = f"/disputes/{dispute_id}/claims/{ordinal}/review"
    full, masked = judge.get(url).get_data(as_text=True), analyst.get(url).get_data(as_text=True)
    assert name in full and f"{name}提交的证据不足" in full
    assert name not in masked and f"{name[0]}某提交的证据不足" in masked
    for url in ("/reviews", "/inbox?show=all", f"/disputes/{dispute_id}/compare"):
        assert name in judge.get(url).get_data(as_text=True), url
        assert name not in analyst.get(url).get_data(as_text=True), url
    token = (
        app.test_client()
        .post("/api/v1/tokens", json={"username": analyst_name, "password": PASSWORD})
        .get_json()["token"]
    )
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    with ctx.sessions() as s:
        review_id = s.scalar(select(DivergenceReview.id))
    for url in ("/api/v1/reviews", f"/api/v1/reviews/{review_id}", "/api/v1/feed", "/api/v1/feed.atom"):
        response = api.get(url)
        assert response.status_code == 200 and name not in response.get_data(as_text=True), url


def _site_users(app, ctx, court: str, commission: str):
    """A client per kind of user (the involved judge, arbitrator and analyst, a participating analyst, an analyst
    and a judge of an uninvolved institution, an admin), each with an API token."""
    kinds = {
        "judge (court)": ("judge", court),
        "arbitrator (commission)": ("arbitrator", commission),
        "analyst (commission)": ("analyst", commission),
        "analyst (participating)": ("analyst", RESEARCH),
        "analyst (elsewhere)": ("analyst", "某市劳动人事争议仲裁委员会"),
        "judge (elsewhere)": ("judge", "某县人民法院"),
        "admin": ("admin", commission),
    }
    out = {}
    for kind, (role, institution) in kinds.items():
        client, name = _client(app, ctx, role, institution)
        token = (
            app.test_client().post("/api/v1/tokens", json={"username": name, "password": PASSWORD}).get_json()["token"]
        )
        out[kind] = (client, {"Authorization": f"Bearer {token}"})
    return out


# action → who may (the rest get 403)
MATRIX = {
    "read review": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
        "analyst (elsewhere)",
        "judge (elsewhere)",
    },
    "record review (page)": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
    },
    "record review (API)": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
    },
    "inbox": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
        "analyst (elsewhere)",
        "judge (elsewhere)",
    },
    "feed": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
        "analyst (elsewhere)",
        "judge (elsewhere)",
    },
    "joint meeting": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
        "analyst (elsewhere)",
        "judge (elsewhere)",
    },
    "agreement": {
        "judge (court)",
        "arbitrator (commission)",
        "analyst (commission)",
        "analyst (participating)",
        "analyst (elsewhere)",
        "judge (elsewhere)",
        "admin",
    },
}


def test_role_by_action_matrix(loaded_ctx):
    ctx = loaded_ctx
    with ctx.sessions() as s:
        c = _divergent(s)[2]
        court, commission, machine = c.court, c.commission, c.divergence_type
        dispute_id, ordinal = c.dispute_id, c.ordinal
    app = create_app(replace(ctx.settings, participating_institutions=(RESEARCH,)))
    app.testing = True
    users = _site_users(app, ctx, court, commission)
    url = f"/disputes/{dispute_id}/claims/{ordinal}/review"
    got: dict[str, set[str]] = {action: set() for action in MATRIX}
    for kind, (client, headers) in users.items():
        page = client.get(url)
        if page.status_code == 200:
            got["read review"].add(kind)
            csrf = form_token(page.get_data(as_text=True))
        else:
            csrf = form_token(client.get("/").get_data(as_text=True))
        posted = client.post(url, data={"csrf_token": csrf, "divergence_type": machine, "note": kind})
        assert posted.status_code in (302, 403), (kind, posted.status_code)
        if posted.status_code == 302:
            got["record review (page)"].add(kind)
        api = client.post(
            "/api/v1/reviews",
            headers=headers,
            json={"dispute_id": dispute_id, "ordinal": ordinal, "divergence_type": machine, "note": f"{kind} API"},
        )
        assert api.status_code in (200, 403), (kind, api.status_code, api.get_json())
        if api.status_code == 200:
            got["record review (API)"].add(kind)
        checks = {
            "inbox": client.get("/inbox"),
            "feed": client.get("/api/v1/feed", headers=headers),
            "joint meeting": client.get("/joint-meeting/material.xlsx"),
            "agreement": client.get("/api/v1/statistics?measure=agreement", headers=headers),
        }
        for action, response in checks.items():
            assert response.status_code in (200, 403), (kind, action, response.status_code)
            if response.status_code == 200:
                got[action].add(kind)
    assert got == MATRIX
    with ctx.sessions() as s:
        review = s.scalar(select(DivergenceReview))
        audited = s.scalars(select(AuditEvent.username).where(AuditEvent.action == "review")).all()
        who = [v.who for v in history(s, review, True)]
    # Each allowed user saved twice (page, then API: a change of note), each audited, each a revision.
    assert len(audited) == 2 * len(MATRIX["record review (page)"]) == review.revision == len(who)


def test_api_review_round_trip(loaded_ctx):
    ctx = loaded_ctx
    with ctx.sessions() as s:
        c = _divergent(s)[3]
    app = create_app(ctx.settings)
    app.testing = True
    _, headers = _site_users(app, ctx, c.court, c.commission)["judge (court)"]
    api = app.test_client()
    other = next(t for t in review_types() if t != c.divergence_type)
    made = api.post(
        "/api/v1/reviews",
        headers=headers,
        json={"dispute_id": c.dispute_id, "ordinal": c.ordinal, "divergence_type": other, "note": "一"},
    )
    assert made.status_code == 200, made.get_json()
    body = made.get_json()
    assert (body["divergence_type"], body["machine_type"], body["agrees"], body["revision"]) == (
        other,
        c.divergence_type,
        False,
        1,
    )
    assert len(body["quotes"]) == len(c.evidence)  # no quotes sent: the machine's evidence
    stale = api.post(
        "/api/v1/reviews",
        headers=headers,
        json={"dispute_id": c.dispute_id, "ordinal": c.ordinal, "divergence_type": other, "note": "二", "revision": 0},
    )
    assert stale.status_code == 409 and stale.get_json()["error"]["field"] == "revision"
    changed = api.post(
        "/api/v1/reviews",
        headers=headers,
        json={
            "dispute_id": c.dispute_id,
            "ordinal": c.ordinal,
            "divergence_type": other,
            "note": "二",
            "revision": 1,
            "to_unify": True,
            "proposed_rule": "规则",
        },
    )
    assert changed.status_code == 200 and changed.get_json()["revision"] == 2
    one = api.get(f"/api/v1/reviews/{body['id']}", headers=headers).get_json()
    assert [h["action"] for h in one["history"]] == ["created", "changed"]
    assert one["history"][1]["changes"]["note"] == ["一", "二"]
    listed = api.get("/api/v1/reviews?to_unify=true", headers=headers).get_json()["reviews"]
    assert [r["id"] for r in listed] == [body["id"]]
    chain = api.get(f"/api/v1/disputes/{c.arbitration_case_number}", headers=headers).get_json()
    [shown] = [x for x in chain["comparisons"] if x["ordinal"] == c.ordinal]
    assert (shown["divergence_type"], shown["reviewed_type"], shown["to_unify"]) == (c.divergence_type, other, True)
    for bad in (
        {"dispute_id": c.dispute_id, "ordinal": c.ordinal, "divergence_type": "不存在"},
        {"dispute_id": c.dispute_id, "ordinal": c.ordinal, "divergence_type": other, "quotes": "x"},
        {"dispute_id": "1", "ordinal": 1, "divergence_type": other},
    ):
        assert api.post("/api/v1/reviews", headers=headers, json=bad).status_code == 400
    assert (
        api.post(
            "/api/v1/reviews",
            headers=headers,
            json={"dispute_id": c.dispute_id, "ordinal": 999, "divergence_type": other},
        ).status_code
        == 404
    )
