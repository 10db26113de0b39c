"""The 类案检索报告 (similar-case search report) a judge attaches to the file under the Supreme People's Court's 2020
guidance (《最高人民法院关于统一法律适用加强类案检索的指导意见（试行）》): who searched and when, on which platform, the
query (key facts, issues, keywords, filters), each similar case (case number, body, date, key facts, how each shared
issue was decided at arbitration and in court, divergence) and a conclusion per issue (counts, the majority, where
commissions and courts differed). The hits are the reader's own search, as on the similar-case page; what the report
quotes is masked like every export (docs/privacy.md). Rendered here as DOCX; the web pages render the print view
from the same SimilarReport."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from sqlalchemy import select
from sqlalchemy.orm import Session

from nlp.masking import mask
from nlp.tokens import query_tokens
from search import SearchBackend
from services.corpus import persons_by_dispute, readable
from services.similar import (
    SimilarFilters,
    SimilarHit,
    SimilarResult,
    facts_text,
    key_facts,
    similar_to_document,
    similar_to_text,
)
from store.models import Document
from wording.labels import (
    CLAIMANT_LABELS,
    FACTOR_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    STAGE_LABELS,
    decision_label,
    divergence_text,
    outcome_text,
)

PLATFORM = "裁审（caishen）劳动人事争议裁审衔接平台"
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BEIJING = timezone(timedelta(hours=8), "北京时间")
GUIDANCE = "《最高人民法院关于统一法律适用加强类案检索的指导意见（试行）》"


@dataclass(frozen=True)
class IssueConclusion:
    """How the similar cases decided one issue of the query (a claim type)."""

    claim_type: str
    cases: int  # similar cases that decided it at some stage
    arbitration: dict[str, int]  # outcome → claims so decided by the commissions
    court: dict[str, int]  # outcome → claims so finally decided by the courts
    arbitration_majority: str | None  # the outcome of more than half, else None
    court_majority: str | None
    divergent: int  # claims whose court decision departed from the award
    compared: int  # claims with both an award and a court decision
    divergent_cases: tuple[str, ...]  # the case numbers of the final decisions that departed

    def sentence(self) -> str:
        """The conclusion as the report states it."""
        if not self.cases:
            return f"{self.claim_type}：检索到的类案均未就此作出裁判。"
        return (
            f"{self.claim_type}：类案 {self.cases} 件。仲裁：{_counts(self.arbitration, self.arbitration_majority)}；"
            f"法院：{_counts(self.court, self.court_majority)}；裁审均有结果的 {self.compared} 项中，"
            f"结果不一致 {self.divergent} 项"
            + (f"（{'、'.join(self.divergent_cases)}）。" if self.divergent_cases else "。")
        )


@dataclass(frozen=True)
class SimilarReport:
    searched_by: str  # zhang（法官，某某人民法院）
    searched_at: datetime  # UTC
    platform: str
    query_kind: str  # how the query was given, as read
    result: SimilarResult
    conclusions: list[IssueConclusion]


def similar_report(
    session: Session,
    backend: SearchBackend,
    *,
    searched_by: str,
    searched_at: datetime,
    full_text: bool,
    doc_id: int | None = None,
    text: str | None = None,
    source: str = "text",
    limit: int = 10,
    filters: SimilarFilters = SimilarFilters(),
) -> SimilarReport:
    """The report of a similar-case search by a stored document or a text: the hits the reader's own search gives
    (full_text as the reader reads), everything quoted from them masked."""
    if doc_id is not None:
        result = similar_to_document(session, backend, doc_id, limit=limit, full_text=full_text, filters=filters)
        masked_query = facts_text(_masked_documents(session, [doc_id])[doc_id])
        query_kind = f"以平台内文书（编号 {doc_id}）检索"
    else:
        result = similar_to_text(
            session, backend, text or "", source=source, limit=limit, full_text=full_text, filters=filters
        )
        masked_query = mask(facts_text(text or ""))
        query_kind = "以上传文书检索" if source.startswith("file") else "以案情描述检索"
    words = set(query_tokens(masked_query))  # a keyword the masked text no longer holds was a name
    result = replace(
        result,
        facts=key_facts(masked_query),
        keywords=tuple(k for k in result.keywords if k in words),
        hits=_masked_hits(session, result.hits),
    )
    return SimilarReport(
        searched_by=searched_by,
        searched_at=searched_at,
        platform=PLATFORM,
        query_kind=query_kind,
        result=result,
        conclusions=conclusions(result),
    )


def searched_by(user) -> str:
    """Who searched, as the report names them: user name (role, institution)."""
    return (
        f"{user.username}（{ROLE_LABELS.get(getattr(user.role, 'value', user.role), user.role)}，{user.institution}）"
    )


def searched_time(report: SimilarReport) -> str:
    at = report.searched_at.replace(tzinfo=timezone.utc).astimezone(BEIJING)
    return at.strftime("%Y年%m月%d日 %H:%M（北京时间）")


def conclusions(result: SimilarResult) -> list[IssueConclusion]:
    """Per issue of the query, how the similar cases decided it."""
    out = []
    for issue in result.claim_types:
        rows = [(h, o) for h in result.hits for o in h.outcomes if o.claim_type == issue]
        arbitration = Counter(o.arbitration_outcome for _, o in rows if o.arbitration_outcome)
        court = Counter(o.court_outcome for _, o in rows if o.court_outcome)
        compared = [o for _, o in rows if o.divergent is not None]
        out.append(
            IssueConclusion(
                claim_type=issue,
                cases=len({id(h) for h, _ in rows}),
                arbitration=dict(arbitration.most_common()),
                court=dict(court.most_common()),
                arbitration_majority=_majority(arbitration),
                court_majority=_majority(court),
                divergent=sum(o.divergent for o in compared),
                compared=len(compared),
                divergent_cases=tuple(dict.fromkeys(h.case_number or "（无案号）" for h, o in rows if o.divergent)),
            )
        )
    return out


def _majority(counts: Counter) -> str | None:
    if not counts:
        return None
    outcome, n = counts.most_common(1)[0]
    return outcome if 2 * n > sum(counts.values()) else None


def _counts(counts: dict[str, int], majority: str | None) -> str:
    if not counts:
        return "无结果"
    listed = "、".join(f"{OUTCOME_LABELS[o]} {n} 项" for o, n in counts.items())
    return listed + (f"（多数{OUTCOME_LABELS[majority]}）" if majority else "（无过半意见）")


def _masked_documents(session: Session, ids: list[int]) -> dict[int, str]:
    docs = session.scalars(select(Document).where(Document.id.in_(ids))).all()
    return {i: t.text for i, t in readable(session, list(docs), full_text=False).items()}


def _masked_hits(session: Session, hits: list[SimilarHit]) -> list[SimilarHit]:
    """The hits with what they quote masked: facts re-cut from the masked text, parties' names masked, and no
    shared word that names a party."""
    texts = _masked_documents(session, [h.matched_doc_id for h in hits])
    persons = persons_by_dispute(session, {h.dispute_id for h in hits if h.dispute_id is not None})
    out = []
    for h in hits:
        who = persons.get(h.dispute_id, set())
        out.append(
            replace(
                h,
                facts=key_facts(facts_text(texts[h.matched_doc_id])),
                title=mask(h.title, who),
                parties=tuple((role, mask(name, who)) for role, name in h.parties),
                shared_terms=tuple(t for t in h.shared_terms if mask(t, who) == t),
            )
        )
    return out


def report_docx(report: SimilarReport) -> bytes:
    """The report as a Word document."""
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")  # Chinese text in 宋体
    d.add_heading("类案检索报告", level=0)
    d.add_paragraph(f"依据{GUIDANCE}制作。")
    r = report.result
    d.add_heading("一、检索主体、时间与平台", level=1)
    docx_table(
        d,
        [
            ("检索人", report.searched_by),
            ("检索时间", searched_time(report)),
            ("检索平台", report.platform),
            ("检索方式", report.query_kind),
        ],
    )
    d.add_heading("二、待决案件", level=1)
    docx_table(d, query_rows(report))
    d.add_heading(f"三、检索结果（类案 {len(r.hits)} 件，按相似度排序）", level=1)
    for i, h in enumerate(r.hits, 1):
        d.add_heading(xml_safe(f"类案{i}：{h.case_number or '（无案号）'}"), level=2)
        docx_table(d, hit_rows(h))
        if h.outcomes:
            docx_table(d, [("争议焦点", "仲裁结果", "法院最终结果", "裁审是否一致"), *issue_rows(h)], header=True)
    d.add_heading("四、检索结论", level=1)
    for c in report.conclusions:
        d.add_paragraph(xml_safe(c.sentence()), style="List Bullet")
    if not report.conclusions:
        d.add_paragraph("待决案件未识别出争议焦点（请求类型），未作逐项归纳。")
    d.add_paragraph(f"共检索到类案 {len(r.hits)} 件。本报告所载个人信息已按规定隐去。")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def query_rows(report: SimilarReport) -> list[tuple[str, str]]:
    """The query's part of the report, as (label, value) rows: the DOCX and the print view show the same."""
    r = report.result
    return [
        ("基本案情", r.facts or "—"),
        ("争议焦点（请求类型）", "、".join(r.claim_types) or "—"),
        ("劳动关系要素", "、".join(FACTOR_LABELS.get(f, f) for f in r.factors) or "—"),
        ("用工方式", r.employment_mode or "—"),
        ("关键词", "、".join(r.keywords) or "—"),
        ("筛选条件", "；".join(f"{k}：{v}" for k, v in r.filters.labels()) or "无"),
    ]


def hit_rows(h: SimilarHit) -> list[tuple[str, str]]:
    stages = "；".join(
        f"{STAGE_LABELS.get(s.stage, '程序不明')} {s.body or ''} {s.case_number or '（无案号）'}"
        f"{' ' + s.decision_date if s.decision_date else ''}"
        for s in h.stages
    )
    why = [
        "相同争议焦点：" + "、".join(h.shared_claim_types) if h.shared_claim_types else "",
        "相同劳动关系要素：" + "、".join(FACTOR_LABELS.get(f, f) for f in h.shared_factors) if h.shared_factors else "",
        f"同为{h.employment_mode}" if h.same_mode else "",
        "共同关键词：" + "、".join(h.shared_terms) if h.shared_terms else "",
    ]
    return [
        ("案号", h.case_number or "（无案号）"),
        ("审理机构", h.body or "—"),
        ("裁判日期", h.decision_date or "—"),
        ("终局文书", decision_label(h.stage, h.kind)),
        ("审理经过", stages or "—"),
        ("相似度", f"{h.similarity:.0f} / 100"),
        ("相似理由", "；".join(w for w in why if w) or "—"),
        ("基本案情", h.facts or "—"),
    ]


def issue_rows(h: SimilarHit) -> list[tuple[str, str, str, str]]:
    """Each shared issue: (issue and who claimed, award, court's final decision, divergence)."""
    return [
        (
            f"{o.claim_type}（{CLAIMANT_LABELS.get(o.claimant, o.claimant)}主张）",
            outcome_text(o.arbitration_outcome, o.arbitration_amount),
            (STAGE_LABELS[o.court_stage] + " " if o.court_stage else "")
            + outcome_text(o.court_outcome, o.court_amount),
            divergence_text(o.divergent, o.direction),
        )
        for o in h.outcomes
    ]


def xml_safe(text: str) -> str:
    """The text without what XML cannot hold (control characters, lone surrogates), which pasted text may carry."""
    return _NOT_XML.sub("", text)


def docx_table(d, rows, header: bool = False) -> None:
    """A bordered table of `rows` (the first in bold where `header`, else each row's first cell): report and joint-meeting
    material alike."""
    table = d.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = xml_safe(str(value))
            if header and i == 0 or not header and cell is cells[0]:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
