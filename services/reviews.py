"""Divergence review (分歧研判): people confirm or correct the machine's type of a divergent claim, choose or add the
sentences that give the reason, write a note, and mark the claim 尺度待统一 with a proposed rule.

A review is tied to its claim by a key made of the dispute's case number, the claim type, the claimant and the
claim's place among the dispute's claims of that type (claim_key), which re-extraction and re-analysis leave as it
was: re-analysis replaces the comparison rows and then calls reattach(), which never changes what a person wrote and
only flags a review whose claim no longer diverges (or is no longer found). Every change is a revision: who, when,
which fields from what to what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from nlp.divergence import ARBITRATION, Passage, divergence_types, reasoning_sentences
from nlp.masking import mask
from nlp.model import Side, Stage
from nlp.segment import find_sections
from services.auth import Permission, allowed
from store.models import (
    DECIDING_KINDS,
    ClaimComparison,
    DivergenceReview,
    DivergenceReviewRevision,
    Document,
    Proceeding,
    Role,
    utcnow,
)

# The types a reviewer chooses from, in the order the policy lists them (事实认定 / 证据采信 / 法律适用 / 计算标准 /
# 程序 / 其他): the machine's own names, so that statistics count reviewed and unreviewed claims alike.
_ORDER = ("事实认定差异", "证据采信差异", "法律适用差异", "计算标准差异", "程序差异", "其他")
MAX_NOTE = 4000
MAX_RULE = 2000
FLAGS = ("no_longer_divergent", "claim_missing")
FIELDS = ("divergence_type", "quotes", "note", "to_unify", "proposed_rule")


def review_types() -> list[str]:
    known = divergence_types()
    return [t for t in _ORDER if t in known] + [t for t in known if t not in _ORDER]


class ReviewError(ValueError):
    """A review cannot be recorded as sent; the message (Chinese, for the reader) says why, field names the input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ReviewConflict(ReviewError):
    """Someone else changed the review since the form was opened."""


class UnknownClaim(LookupError):
    """No compared claim has this dispute and number."""


class NotAllowed(PermissionError):
    """This user may read but not review this claim; the message says why."""


def claim_key(case_number: str | None, dispute_id: int, claim_type: str, claimant: str, occurrence: int) -> str:
    """The review key of a compared claim: the dispute's case number (its award's, else its first numbered
    proceeding's; the dispute id only when nothing is numbered), the claim type and claimant, and which of the
    dispute's claims of that type and claimant it is (1, 2 …, in the order of the dispute's claims)."""
    return f"{case_number or f'dispute-{dispute_id}'}|{claim_type}|{claimant}|{occurrence}"[:300]


def assign_keys(rows: list[dict], case_number: str | None) -> None:
    """Set claim_key on one dispute's comparison rows (in their order)."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        kind = (row["claim_type"], row["claimant"])
        seen[kind] = seen.get(kind, 0) + 1
        row["claim_key"] = claim_key(case_number, row["dispute_id"], *kind, seen[kind])


def reattach(session: Session, dispute_ids: list[int], rows: list[dict]) -> int:
    """After re-analysis replaced these disputes' comparisons (`rows`, as inserted): each review of their claims
    follows its claim to its new row (and dispute, when disputes were merged), and is flagged when that claim no
    longer diverges or is gone, or unflagged when it diverges again. What people wrote is never touched; a change
    of flag is a revision by no user. Returns how many reviews changed flag."""
    if session.scalar(select(DivergenceReview.id).limit(1)) is None:
        return 0
    by_key = {r["claim_key"]: r for r in rows if r.get("claim_key")}
    found = session.scalars(
        select(DivergenceReview).where(
            or_(DivergenceReview.claim_key.in_(list(by_key)), DivergenceReview.dispute_id.in_(dispute_ids))
        )
    ).all()
    changed = 0
    now = utcnow()
    for review in found:
        row = by_key.get(review.claim_key)
        flag = "claim_missing" if row is None else None if row["divergent"] else "no_longer_divergent"
        if row is not None:
            review.dispute_id = row["dispute_id"]
        if flag == review.flag:
            continue
        review.revision += 1
        session.add(
            DivergenceReviewRevision(
                review_id=review.id,
                number=review.revision,
                at=now,
                action="flagged" if flag else "unflagged",
                changes={"flag": [review.flag, flag]},
            )
        )
        review.flag, review.flagged_at = flag, now if flag else None
        changed += 1
    return changed


def participating(institutions) -> frozenset[str]:
    return frozenset(_norm(i) for i in institutions if _norm(i))


def _norm(name: str | None) -> str:
    return "".join((name or "").split())


def bodies_of(session: Session, dispute_id: int) -> set[str]:
    """The commissions and courts whose proceedings make up a dispute."""
    return {
        _norm(b) for (b,) in session.execute(select(Proceeding.body).where(Proceeding.dispute_id == dispute_id)) if b
    }


def may_review(session: Session, user, dispute_id: int, participants: frozenset[str]) -> tuple[bool, str | None]:
    """(whether the user may record a review of this dispute's claims, else why not, in Chinese). An arbitrator, a
    judge or an analyst of a commission or court the dispute went through may; so may any analyst of an institution
    that takes part in the 裁审衔接 mechanism (settings: participating_institutions)."""
    if not allowed(user, Permission.review):
        return False, "你的角色不能研判分歧。"
    mine = _norm(user.institution)
    if user.role == Role.analyst and mine in participants:
        return True, None
    if mine and mine in bodies_of(session, dispute_id):
        return True, None
    return False, (
        "只有本案经过的仲裁委、法院的仲裁员、法官和分析人员，或参与裁审衔接机制的机构的分析人员，可以研判本案的分歧。"
    )


@dataclass(frozen=True)
class Candidate:
    """A sentence a reviewer may choose as a reason: the machine's evidence, or any sentence of a decision's
    reasoning in the dispute."""

    token: str  # document_id:start:end, what the form sends
    stage: str  # arbitration, first_instance, second_instance, retrial
    source: str  # court or arbitration
    document_id: int
    start: int
    end: int
    quote: str  # as written
    machine: bool  # among the machine's evidence


def comparison_for(session: Session, dispute_id: int, ordinal: int) -> ClaimComparison:
    found = session.scalar(
        select(ClaimComparison).where(ClaimComparison.dispute_id == dispute_id, ClaimComparison.ordinal == ordinal)
    )
    if found is None:
        raise UnknownClaim(f"no compared claim {ordinal} in dispute {dispute_id}")
    return found


def review_of(session: Session, comparison: ClaimComparison) -> DivergenceReview | None:
    if not comparison.claim_key:
        return None
    return session.scalar(select(DivergenceReview).where(DivergenceReview.claim_key == comparison.claim_key))


def candidates(session: Session, comparison: ClaimComparison) -> list[Candidate]:
    """The machine's evidence first, then every sentence of the reasoning of the dispute's decisions (the court's
    before the commission's), each once."""
    docs = session.execute(
        select(Document, Proceeding.stage)
        .join(Proceeding, Document.proceeding_id == Proceeding.id)
        .where(
            Proceeding.dispute_id == comparison.dispute_id,
            Document.kind.in_(DECIDING_KINDS),
        )
        .order_by(Document.id)
    ).all()
    stage_of = {d.id: s.value for d, s in docs if s is not None}
    out: dict[str, Candidate] = {}
    for e in comparison.evidence or []:
        doc_id = e.get("document_id")
        token = f"{doc_id}:{e['start']}:{e['end']}"
        out[token] = Candidate(
            token,
            stage_of.get(doc_id, ARBITRATION if e.get("stage") == Side.arbitration else Stage.first_instance),
            e.get("stage") or Side.court,
            doc_id,
            e["start"],
            e["end"],
            e["quote"],
            True,
        )
    ranked = sorted(((d, s.value) for d, s in docs if s is not None), key=lambda ds: (ds[1] == ARBITRATION, ds[0].id))
    for doc, stage in ranked:
        source = Side.arbitration if stage == ARBITRATION else Side.court
        reasoning = [s for s in find_sections(doc.text) if s.name == "reasoning"]
        passages = [Passage(source, doc.id, doc.text, s.span.start, s.span.end) for s in reasoning]
        for ev in (e for p in passages for e in reasoning_sentences(p)):
            token = f"{doc.id}:{ev.span.start}:{ev.span.end}"
            out.setdefault(token, Candidate(token, stage, source, doc.id, ev.span.start, ev.span.end, ev.quote, False))
    return list(out.values())


def record_review(
    session: Session,
    user,
    comparison: ClaimComparison,
    *,
    divergence_type: str,
    quote_tokens: list[str],
    note: str = "",
    to_unify: bool = False,
    proposed_rule: str = "",
    expected_revision: int | None = None,
    participants: frozenset[str] = frozenset(),
) -> DivergenceReview:
    """Create or change the review of a compared claim as `user`; returns it. Raises NotAllowed, ReviewError
    (with the field at fault) or ReviewConflict (the review changed since revision `expected_revision`)."""
    ok, why = may_review(session, user, comparison.dispute_id, participants)
    if not ok:
        raise NotAllowed(why)
    review = review_of(session, comparison)
    if review is None and not comparison.divergent:
        raise ReviewError("该请求裁审结果一致（或无法比较），没有需要研判的分歧。")
    if not comparison.claim_key:
        raise ReviewError("该案件链尚未按新版本重新比对，请先运行 caishen analyse --all。")
    if divergence_type not in review_types():
        raise ReviewError(f"分歧类型须为：{'、'.join(review_types())}", "divergence_type")
    note, proposed_rule = (note or "").strip(), (proposed_rule or "").strip()
    if len(note) > MAX_NOTE:
        raise ReviewError(f"研判意见不超过 {MAX_NOTE} 字", "note")
    if len(proposed_rule) > MAX_RULE:
        raise ReviewError(f"建议规则不超过 {MAX_RULE} 字", "proposed_rule")
    if to_unify and not proposed_rule:
        raise ReviewError("标记“尺度待统一”时，请写明建议统一的裁判规则。", "proposed_rule")
    offered = {c.token: c for c in candidates(session, comparison)}
    kept = {q_token(q): q for q in (review.quotes if review else [])}  # quotes chosen before stay choosable
    quotes = []
    for token in dict.fromkeys(quote_tokens):
        if token in offered:
            c = offered[token]
            quotes.append(
                {
                    "stage": c.source,
                    "document_id": c.document_id,
                    "start": c.start,
                    "end": c.end,
                    "quote": c.quote,
                    "chosen_by": "machine" if c.machine else "reviewer",
                }
            )
        elif token in kept:
            quotes.append(kept[token])
        else:
            raise ReviewError("所选理由不是本案裁判文书中的句子，请从列表中选择。", "quotes")
    new = {
        "divergence_type": divergence_type,
        "quotes": quotes,
        "note": note,
        "to_unify": bool(to_unify),
        "proposed_rule": proposed_rule if to_unify or proposed_rule else "",
    }
    now = utcnow()
    if review is None:
        review = DivergenceReview(
            claim_key=comparison.claim_key,
            dispute_id=comparison.dispute_id,
            claim_type=comparison.claim_type,
            claim_text=comparison.claim_text,
            machine_type=comparison.divergence_type,
            revision=1,
            created_at=now,
            updated_at=now,
            updated_by=user.username,
            updated_institution=user.institution,
            **new,
        )
        session.add(review)
        session.flush()
        changes = {k: [None, _plain(k, v)] for k, v in new.items()}
        action = "created"
    else:
        if expected_revision is not None and expected_revision != review.revision:
            raise ReviewConflict(
                f"{review.updated_by}（{review.updated_institution}）已于此后修改了这条研判，请查看最新内容后再提交。"
            )
        changes = {
            k: [_plain(k, getattr(review, k)), _plain(k, v)]
            for k, v in new.items()
            if _plain(k, getattr(review, k)) != _plain(k, v)
        }
        if not changes:
            return review
        for k, v in new.items():
            setattr(review, k, v)
        review.machine_type = comparison.divergence_type
        review.revision += 1
        review.updated_at, review.updated_by, review.updated_institution = now, user.username, user.institution
        action = "changed"
    session.add(
        DivergenceReviewRevision(
            review_id=review.id,
            number=review.revision,
            at=now,
            user_id=user.id,
            username=user.username,
            role=user.role.value,
            institution=user.institution,
            action=action,
            changes=changes,
        )
    )
    session.flush()
    return review


def q_token(q: dict) -> str:
    return f"{q.get('document_id')}:{q['start']}:{q['end']}"


def _plain(name: str, value):
    """A field as the history keeps it: quotes by their words (what a reader compares), the rest as they are."""
    if name == "quotes":
        return [q["quote"] for q in value or []]
    return value


def masked_value(value, persons):
    """A history value masked for a masked reader: every string in it."""
    if isinstance(value, str):
        return mask(value, persons)
    if isinstance(value, list):
        return [masked_value(v, persons) for v in value]
    return value


@dataclass(frozen=True)
class Revision:
    number: int
    at: datetime
    who: str | None  # None: re-analysis
    role: str | None
    institution: str | None
    action: str
    changes: dict  # field → [before, after], masked for a masked reader


@dataclass
class ReviewSummary:
    """A review as a list or a feed shows it (quotes, note and rule masked for a masked reader)."""

    id: int
    dispute_id: int | None
    ordinal: int | None  # of its claim now; None when the claim is no longer found
    claim_type: str
    divergence_type: str
    machine_type: str | None  # the machine's type now (else when last reviewed)
    agrees: bool | None
    to_unify: bool
    proposed_rule: str
    note: str
    quotes: list[dict]
    flag: str | None
    revision: int
    updated_at: datetime
    updated_by: str
    updated_institution: str
    arbitration_case_number: str | None = None
    court_case_number: str | None = None
    province: str | None = None
    change: str | None = None
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        from dataclasses import asdict

        out = asdict(self)
        out["updated_at"] = self.updated_at.isoformat() + "Z"
        out.pop("extra")
        return out


def summaries(session: Session, reviews: list[DivergenceReview], full_text: bool) -> list[ReviewSummary]:
    """The reviews with their claims as compared now, as this reader may read them."""
    from services.corpus import persons_by_dispute, quoted

    rows = (
        {
            c.claim_key: c
            for c in session.scalars(
                select(ClaimComparison).where(ClaimComparison.claim_key.in_([r.claim_key for r in reviews]))
            )
        }
        if reviews
        else {}
    )
    persons = {} if full_text else persons_by_dispute(session, {r.dispute_id for r in reviews if r.dispute_id})
    out = []
    for r in reviews:
        c = rows.get(r.claim_key)
        names = persons.get(r.dispute_id, ())
        machine = c.divergence_type if c is not None and c.divergent else r.machine_type
        out.append(
            ReviewSummary(
                id=r.id,
                dispute_id=r.dispute_id,
                ordinal=c.ordinal if c is not None else None,
                claim_type=r.claim_type,
                divergence_type=r.divergence_type,
                machine_type=machine,
                agrees=None if machine is None else machine == r.divergence_type,
                to_unify=r.to_unify,
                proposed_rule=r.proposed_rule if full_text else mask(r.proposed_rule, names),
                note=r.note if full_text else mask(r.note, names),
                quotes=[
                    {"stage": q["stage"], "quote": q["quote"], "chosen_by": q.get("chosen_by")}
                    for q in quoted(session, list(r.quotes or []), full_text)
                ],
                flag=r.flag or ("claim_missing" if c is None else None if c.divergent else "no_longer_divergent"),
                revision=r.revision,
                updated_at=r.updated_at,
                updated_by=r.updated_by,
                updated_institution=r.updated_institution,
                arbitration_case_number=c.arbitration_case_number if c is not None else None,
                court_case_number=c.court_case_number if c is not None else None,
                province=c.province if c is not None else None,
                change=c.change if c is not None else None,
            )
        )
    return out


def history(session: Session, review: DivergenceReview, full_text: bool) -> list[Revision]:
    from services.corpus import persons_by_dispute

    names = (
        ()
        if full_text or review.dispute_id is None
        else persons_by_dispute(session, {review.dispute_id}).get(review.dispute_id, ())
    )
    return [
        Revision(
            v.number,
            v.at,
            v.username,
            v.role,
            v.institution,
            v.action,
            v.changes if full_text else {k: masked_value(x, names) for k, x in v.changes.items()},
        )
        for v in review.revisions
    ]


def list_reviews(
    session: Session,
    *,
    flag: str | None = None,
    to_unify: bool | None = None,
    divergence_type: str | None = None,
    mine: str | None = None,
    limit: int = 200,
) -> list[DivergenceReview]:
    """Reviews, the latest changed first; flag="any" keeps the flagged ones."""
    stmt = select(DivergenceReview).order_by(DivergenceReview.updated_at.desc(), DivergenceReview.id.desc())
    if flag == "any":
        stmt = stmt.where(DivergenceReview.flag.is_not(None))
    elif flag in FLAGS:
        stmt = stmt.where(DivergenceReview.flag == flag)
    if to_unify is not None:
        stmt = stmt.where(DivergenceReview.to_unify == to_unify)
    if divergence_type:
        stmt = stmt.where(DivergenceReview.divergence_type == divergence_type)
    if mine:
        stmt = stmt.where(
            DivergenceReview.id.in_(
                select(DivergenceReviewRevision.review_id).where(DivergenceReviewRevision.username == mine)
            )
        )
    return list(session.scalars(stmt.limit(limit)))
