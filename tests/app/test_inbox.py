"""The inbox (裁审动态) and its feeds: a second ingest adds a court decision that changes an award, and the
commission's inbox then shows it as new (which claims, how, why), with the count on the navigation; marking it read
or taking it into review; the court's view of the awards behind its cases; the same feed as JSON and Atom, audited.
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from ingest.pipeline import ingest
from ingest.sample import generate_corpus
from ingest.sample.generator import TRUTH_FILE
from services.progress import Progress
from store.models import AuditEvent, ClaimComparison, utcnow
from tests.app.web_users import PASSWORD, add_user, form_token, sign_in

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def split_corpus(tmp_path_factory):
    """A generated corpus without one first-instance judgment that changes its award (first/), and that judgment
    alone (later/), with the dispute's truth."""
    root = tmp_path_factory.mktemp("split")
    generate_corpus(root / "all", disputes=16, seed=5)
    truths = [json.loads(line) for line in (root / "all" / TRUTH_FILE).read_text(encoding="utf-8").splitlines()]
    chosen = next(
        t
        for t in truths
        if set(t["case_numbers"]) == {"arbitration", "first_instance"}
        and any(c["divergence"] for c in t["claims"])
        and any(d["kind"] == "judgment" and "#" not in d["file"] for d in t["documents"])
    )
    judgment = next(d["file"] for d in chosen["documents"] if d["kind"] == "judgment")
    shutil.copytree(root / "all", root / "first")
    (root / "later").mkdir()
    shutil.move(root / "first" / "documents" / judgment, root / "later" / judgment)
    return root / "first", root / "later" / judgment, chosen


def _ingest(ctx, path: Path) -> None:
    ingest([path], ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))


def _nav_count(page: str) -> int:
    found = re.search(r'class="count-badge">(\d+)<', page)
    return int(found.group(1)) if found else 0


def _items(page: str) -> dict[str, str]:
    """court case number → the item's HTML, as the inbox page lists them."""
    parts = re.split(r'(?=<li class="[^"]*" id="item-)', page)
    return {re.search(r'data-court-case="([^"]*)"', p).group(1): p for p in parts[1:]}


def _api(app, name):
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"username": name, "password": PASSWORD}).get_json()["token"]
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_a_court_decision_changing_an_award_reaches_the_commission(ctx, split_corpus):
    first, later, truth = split_corpus
    _ingest(ctx, first)
    app = create_app(ctx.settings)
    app.testing = True
    commission, court = truth["commission"], truth["court"]
    arbitrator = add_user(ctx, "arbitrator", commission)
    page = app.test_client()
    assert sign_in(page, arbitrator).status_code == 302
    court_number = truth["case_numbers"]["first_instance"]
    body = page.get("/inbox?show=all").get_data(as_text=True)
    before = _items(body)
    assert court_number not in before and "裁审动态" in body
    unread_before = _nav_count(page.get("/").get_data(as_text=True))
    assert unread_before == len(before)  # a new user has read nothing
    looked_at = utcnow()

    _ingest(ctx, later)  # the second ingest: the court's judgment arrives
    assert _nav_count(page.get("/").get_data(as_text=True)) == unread_before + 1
    body = page.get("/inbox").get_data(as_text=True)
    items = _items(body)
    assert court_number in items
    item = items[court_number]
    assert '<span class="badge">新</span>' in item  # new since the last look
    assert all('<span class="badge">新</span>' not in html for n, html in items.items() if n != court_number)
    changed = {c["type"] for c in truth["claims"] if c["divergence"]}
    shown = set(re.findall(r'<tr class="divergent"><td class="num">\d+</td><td>([^<]+)</td>', item))
    assert shown == changed  # which claims
    assert "有利于" in item and "<q data-source>" in item  # how (direction) and why (the court's sentences)
    assert truth["case_numbers"]["arbitration"] in item

    # Mark it read: the count drops; take another into review: the review of its first changed claim opens.
    key = re.search(r'id="item-(\d+)"', item).group(1)
    token = form_token(body)
    assert page.post(f"/inbox/{key}/mark", data={"csrf_token": token, "status": "read"}).status_code == 302
    assert _nav_count(page.get("/").get_data(as_text=True)) == unread_before
    assert court_number not in _items(page.get("/inbox").get_data(as_text=True))  # the unread view
    assert court_number in _items(page.get("/inbox?show=all").get_data(as_text=True))
    taken = page.post(f"/inbox/{key}/mark", data={"csrf_token": token, "status": "in_review"})
    assert taken.status_code == 302 and re.search(r"/disputes/\d+/claims/\d+/review$", taken.headers["Location"])
    review = page.get(taken.headers["Location"]).get_data(as_text=True)
    assert "记录研判" in review and court_number in review
    assert page.post("/inbox/12345/mark", data={"csrf_token": token, "status": "read"}).status_code == 404

    # The same feed as JSON and Atom.
    api = _api(app, arbitrator)
    feed = api.get("/api/v1/feed").get_json()
    assert feed["institution"] == commission and feed["total"] == len(before) + 1
    [entry] = [i for i in feed["items"] if i["court_case_number"] == court_number]
    assert entry["kind"] == "award_changed" and entry["status"] == "in_review" and entry["new"] is False
    assert {c["claim_type"] for c in entry["claims"]} == changed
    assert all(c["divergent"] and c["change"] and c["direction"] for c in entry["claims"])
    assert any(c["reasons"] for c in entry["claims"]) and entry["links"]["compare"].endswith("/compare")
    since = api.get("/api/v1/feed", query_string={"since": (looked_at - timedelta(seconds=1)).isoformat() + "Z"})
    assert [i["court_case_number"] for i in since.get_json()["items"]] == [court_number]
    unread = api.get("/api/v1/feed?unread=true").get_json()
    assert court_number not in {i["court_case_number"] for i in unread["items"]}
    assert unread["unread"] == unread_before == len(unread["items"])
    marked = api.post(f"/api/v1/feed/{key}", json={"status": "unread"})
    assert marked.status_code == 200 and api.get("/api/v1/feed").get_json()["unread"] == unread_before + 1
    assert api.post(f"/api/v1/feed/{key}", json={"status": "gone"}).status_code == 400
    assert api.get("/api/v1/feed?since=yesterday").status_code == 400

    atom = api.get("/api/v1/feed.atom")
    assert atom.status_code == 200 and atom.mimetype == "application/atom+xml"
    root = ET.fromstring(atom.data)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == feed["total"] and len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    ours = [e for e in entries if court_number in e.find(f"{ATOM}title").text]
    assert len(ours) == 1
    assert ours[0].find(f"{ATOM}link").get("href").endswith(f"/disputes/{entry['dispute_id']}/compare")
    summary = ours[0].find(f"{ATOM}summary").text
    assert all(t in summary for t in changed) and "理由：" in summary
    assert root.find(f"{ATOM}id").text.startswith("urn:uuid:") and root.find(f"{ATOM}updated").text.endswith("Z")

    with ctx.sessions() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.action.in_(["feed", "feed_mark"]))
            .order_by(AuditEvent.id)
        ).all()
    formats = [d.get("format") for a, d in events if a == "feed"]
    assert formats.count("page") == 4 and formats.count("json") == 4 and formats.count("atom") == 1
    assert [d["status"] for a, d in events if a == "feed_mark"] == ["read", "in_review", "unread"]

    # The court sees the award behind its case.
    judge = add_user(ctx, "judge", court)
    box = _api(app, judge).get("/api/v1/feed?kind=award_behind_case").get_json()
    [behind] = [i for i in box["items"] if i["court_case_number"] == court_number]
    assert behind["arbitration_case_number"] == truth["case_numbers"]["arbitration"]
    assert behind["commission"] == commission and len(behind["claims"]) >= len(changed)
    award_outcomes = {c["claim_type"]: c["award"] for c in behind["claims"]}
    assert all(award_outcomes[t] != "—" for t in changed)


def test_an_institution_that_is_neither_has_an_empty_inbox(ctx, split_corpus):
    first, _, _ = split_corpus
    _ingest(ctx, first)
    app = create_app(ctx.settings)
    app.testing = True
    client = app.test_client()
    assert sign_in(client, add_user(ctx, "analyst", "某省人力资源和社会保障厅")).status_code == 302
    body = client.get("/inbox").get_data(as_text=True)
    assert "暂无动态" in body and _nav_count(body) == 0
    with ctx.sessions() as session:  # there are divergences: none of them this institution's
        assert session.scalar(select(ClaimComparison.id).where(ClaimComparison.divergent.is_(True)))
