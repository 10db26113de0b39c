"""Joint-meeting material (联席会议材料): for a period and a region, the divergences between commissions and courts
grouped by type and claim type, with the quoted reasons, the reviews and the proposed rules, as DOCX and XLSX. The
reviewed divergences marked 尺度待统一 come first: they are what the meeting is asked to settle.

Like every export, the material is masked whoever asks (docs/privacy.md): quotes cut from the masked documents,
claims, notes and proposed rules masked.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select, true
from sqlalchemy.orm import Session

from nlp.masking import mask
from services.corpus import persons_by_dispute, quoted
from services.reviews import review_types
from services.similar_report import docx_table, xml_safe
from services.stats import FIELDS, with_reviews
from store.models import ClaimComparison, DivergenceReview
from wording.labels import DIRECTION_LABELS, REVIEW_FLAG_LABELS, STAGE_LABELS, local_time, outcome_text

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("docx", "xlsx")


class MeetingError(ValueError):
    """The period or region cannot be used; the message says why in Chinese, field names the input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MeetingQuery:
    """Divergences decided within [date_from, date_to] (the court decision's date; a claim with no date counts by
    its year), in a province (地区) and optionally a city."""

    date_from: date | None = None
    date_to: date | None = None
    province: str | None = None
    city: str | None = None

    def __post_init__(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise MeetingError("起始日期不能晚于截止日期", "date_from")

    @classmethod
    def parse(cls, values: dict) -> "MeetingQuery":
        """From a form or query string: date_from / date_to as 2024-01-01 (or a year, 2024), province, city."""

        def day(name: str, end: bool) -> date | None:
            raw = (values.get(name) or "").strip()
            if not raw:
                return None
            try:
                if raw.isdigit() and len(raw) == 4:
                    return date(int(raw), 12, 31) if end else date(int(raw), 1, 1)
                return date.fromisoformat(raw)
            except ValueError:
                raise MeetingError(f"日期“{raw[:20]}”无法识别，请写作 2024-01-01", name) from None

        return cls(
            day("date_from", False),
            day("date_to", True),
            (values.get("province") or "").strip() or None,
            (values.get("city") or "").strip() or None,
        )

    def period(self) -> str:
        if not self.date_from and not self.date_to:
            return "全部期间"
        return (
            f"{self.date_from.isoformat() if self.date_from else '最早'} 至 "
            f"{self.date_to.isoformat() if self.date_to else '最新'}"
        )

    def region(self) -> str:
        return "".join(x for x in (self.province, self.city) if x) or "全部地区"

    def to_dict(self) -> dict:
        return {
            k: v
            for k, v in (
                ("date_from", self.date_from),
                ("date_to", self.date_to),
                ("province", self.province),
                ("city", self.city),
            )
            if v
        }


@dataclass
class MeetingItem:
    dispute_id: int
    ordinal: int
    arbitration_case_number: str | None
    court_case_number: str | None
    commission: str | None
    court: str | None
    court_stage: str | None
    decision_date: date | None
    claim_type: str
    claim_text: str
    award: str
    court_outcome: str
    change: str
    direction: str | None
    divergence_type: str  # reviewed where reviewed, else the machine's
    machine_type: str | None
    reviewed: bool
    to_unify: bool
    proposed_rule: str
    note: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    flag: str | None
    reasons: list[str]  # the machine's evidence, masked
    review_reasons: list[str]  # the quotes the review chose, masked


@dataclass
class Material:
    query: MeetingQuery
    made_at: datetime
    made_by: str
    items: list[MeetingItem]
    to_unify: list[MeetingItem] = field(default_factory=list)
    groups: list[tuple[str, list[tuple[str, list[MeetingItem]]]]] = field(default_factory=list)

    @property
    def reviewed(self) -> int:
        return sum(i.reviewed for i in self.items)

    def type_counts(self) -> list[tuple[str, int, int]]:
        """(type, divergences, of them reviewed) in the order the groups take."""
        return [
            (t, sum(len(v) for _, v in claims), sum(i.reviewed for _, v in claims for i in v))
            for t, claims in self.groups
        ]

    def agreement(self) -> tuple[int, int]:
        """(reviewed with a machine type, of them agreeing with it)."""
        pairs = [(i.machine_type, i.divergence_type) for i in self.items if i.reviewed and i.machine_type]
        return len(pairs), sum(m == r for m, r in pairs)

    def title(self) -> str:
        return f"联席会议材料：裁审分歧研判（{self.query.region()}，{self.query.period()}）"


def material(session: Session, query: MeetingQuery, made_by: str, made_at: datetime) -> Material:
    """The divergences the query selects, masked: the reviewed 尺度待统一 items first, then every divergence grouped
    by type (the commonest first, 尺度待统一 ones included) and claim type."""
    stmt = with_reviews(
        select(ClaimComparison, FIELDS["divergence_type"], FIELDS["reviewed"], FIELDS["to_unify"], DivergenceReview)
    ).where(ClaimComparison.divergent == true())
    if query.province:
        stmt = stmt.where(ClaimComparison.province == query.province)
    if query.city:
        stmt = stmt.where(ClaimComparison.city == query.city)
    rows = session.execute(
        stmt.order_by(ClaimComparison.decision_date, ClaimComparison.dispute_id, ClaimComparison.ordinal)
    ).all()
    rows = [r for r in rows if _within(r[0], query)]
    persons = persons_by_dispute(session, {r[0].dispute_id for r in rows})
    evidence = [e for c, *_, review in rows for e in (c.evidence or []) + ((review.quotes or []) if review else [])]
    cut = iter(quoted(session, evidence, full_text=False))
    items = []
    for c, effective, reviewed, to_unify, review in rows:
        names = persons.get(c.dispute_id, ())
        reasons = [next(cut)["quote"] for _ in c.evidence or []]
        review_reasons = [next(cut)["quote"] for _ in (review.quotes or [])] if review else []
        stage = c.court_stage.value if c.court_stage else None
        items.append(
            MeetingItem(
                dispute_id=c.dispute_id,
                ordinal=c.ordinal,
                arbitration_case_number=c.arbitration_case_number,
                court_case_number=c.court_case_number,
                commission=c.commission,
                court=c.court,
                court_stage=stage,
                decision_date=c.decision_date,
                claim_type=c.claim_type,
                claim_text=mask(c.claim_text, names),
                award=outcome_text(_v(c.arbitration_outcome), _f(c.arbitration_amount)),
                court_outcome=outcome_text(_v(getattr(c, f"{stage}_outcome")), _f(getattr(c, f"{stage}_amount")))
                if stage
                else "—",
                change=c.change,
                direction=_v(c.direction),
                divergence_type=effective or "其他",
                machine_type=c.divergence_type,
                reviewed=bool(reviewed),
                to_unify=bool(to_unify),
                proposed_rule=mask(review.proposed_rule, names) if review else "",
                note=mask(review.note, names) if review else "",
                reviewed_by=f"{review.updated_by}（{review.updated_institution}）" if review else None,
                reviewed_at=review.updated_at if review else None,
                flag=review.flag if review else None,
                reasons=reasons,
                review_reasons=review_reasons,
            )
        )
    out = Material(query, made_at, made_by, items)
    out.to_unify = [i for i in items if i.reviewed and i.to_unify]
    order = {t: n for n, t in enumerate(review_types())}
    by_type = Counter(i.divergence_type for i in items)
    for t in sorted(by_type, key=lambda t: (-by_type[t], order.get(t, len(order)), t)):
        mine = [i for i in items if i.divergence_type == t]
        by_claim = Counter(i.claim_type for i in mine)
        out.groups.append(
            (
                t,
                [
                    (
                        ct,
                        sorted(
                            (i for i in mine if i.claim_type == ct),
                            key=lambda i: (not i.to_unify, not i.reviewed, i.decision_date or date.min),
                        ),
                    )
                    for ct in sorted(by_claim, key=lambda ct: (-by_claim[ct], ct))
                ],
            )
        )
    return out


def _within(c: ClaimComparison, q: MeetingQuery) -> bool:
    if c.decision_date is not None:
        return (q.date_from is None or c.decision_date >= q.date_from) and (
            q.date_to is None or c.decision_date <= q.date_to
        )
    if c.year is None:
        return q.date_from is None and q.date_to is None
    return (q.date_from is None or c.year >= q.date_from.year) and (q.date_to is None or c.year <= q.date_to.year)


def choices(session: Session) -> dict[str, list[str]]:
    """The provinces and cities with divergences: what the form offers."""
    rows = session.execute(
        select(ClaimComparison.province, ClaimComparison.city).where(ClaimComparison.divergent == true()).distinct()
    ).all()
    return {"province": sorted({p for p, _ in rows if p}), "city": sorted({c for _, c in rows if c})}


def _v(value):
    return getattr(value, "value", value)


def _f(value) -> float | None:
    return None if value is None else float(value)


def _case(i: MeetingItem) -> str:
    return f"{i.arbitration_case_number or '（无仲裁案号）'} → {i.court_case_number or '（无法院案号）'}"


def item_rows(i: MeetingItem) -> list[tuple[str, str]]:
    """One divergence as label–value rows (DOCX tables, the page)."""
    rows = [
        ("案号", _case(i)),
        ("仲裁委 → 法院", f"{i.commission or '—'} → {i.court or '—'}（{STAGE_LABELS.get(i.court_stage, '法院')}）"),
        ("裁判日期", i.decision_date.isoformat() if i.decision_date else "—"),
        ("请求", f"{i.claim_type}：{i.claim_text}"),
        ("结果", f"仲裁 {i.award} → 法院 {i.court_outcome}（{DIRECTION_LABELS.get(i.direction, '')}）"),
        (
            "分歧类型",
            i.divergence_type
            + (
                f"（机器分类：{i.machine_type}）"
                if i.reviewed and i.machine_type and i.machine_type != i.divergence_type
                else "（已研判，与机器分类一致）"
                if i.reviewed
                else "（机器分类，未研判）"
            ),
        ),
        ("理由原文", " ｜ ".join(i.review_reasons or i.reasons) or "未找到说明理由的句子"),
    ]
    if i.reviewed or i.note or i.proposed_rule:
        rows += [("研判意见", i.note or "—"), ("研判人", f"{i.reviewed_by}，{local_time(i.reviewed_at, True)}")]
    if i.to_unify or i.proposed_rule:
        rows.append(("建议统一规则", i.proposed_rule or "—"))
    if i.flag:
        rows.append(("提示", REVIEW_FLAG_LABELS.get(i.flag, i.flag)))
    return rows


def material_docx(m: Material) -> bytes:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    d.add_heading(xml_safe(m.title()), level=0)
    reviewed, agreed = m.agreement()
    d.add_paragraph(
        xml_safe(
            f"地区：{m.query.region()}；期间：{m.query.period()}（按法院裁判日期）。制作：{m.made_by}，"
            f"{local_time(m.made_at, True)}。共有裁审分歧 {len(m.items)} 项，其中已研判 {m.reviewed} 项、"
            f"研判认为尺度待统一 {len(m.to_unify)} 项。"
            + (f"已研判的分歧中，研判与机器分类一致 {agreed} 项（{agreed / reviewed:.0%}）。" if reviewed else "")
        )
    )
    d.add_heading("一、尺度待统一事项（已研判）", level=1)
    if not m.to_unify:
        d.add_paragraph("所选期间和地区没有研判标记为尺度待统一的分歧。")
    for n, i in enumerate(m.to_unify, 1):
        d.add_heading(xml_safe(f"事项{n}：{i.claim_type} · {i.divergence_type}"), level=2)
        docx_table(d, [("建议统一规则", i.proposed_rule or "—"), *item_rows(i)])
    d.add_heading("二、分歧类型汇总", level=1)
    docx_table(
        d, [("分歧类型", "分歧", "其中已研判"), *((t, str(n), str(r)) for t, n, r in m.type_counts())], header=True
    )
    d.add_heading("三、分歧明细（按分歧类型、请求类型）", level=1)
    if not m.items:
        d.add_paragraph("所选期间和地区没有裁审分歧。")
    for k, (t, claims) in enumerate(m.groups, 1):
        d.add_heading(xml_safe(f"（{_chinese(k)}）{t}（{sum(len(v) for _, v in claims)} 项）"), level=2)
        for ct, items in claims:
            d.add_heading(xml_safe(f"{ct}（{len(items)} 项）"), level=3)
            for i in items:
                docx_table(d, item_rows(i))
                d.add_paragraph("")
    d.add_paragraph("本材料所载个人信息已按规定隐去。分歧类型经人工研判的为研判结论，其余为机器分类。")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _chinese(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


XLSX_COLUMNS = [
    ("尺度待统一", 10),
    ("分歧类型", 14),
    ("机器分类", 14),
    ("已研判", 8),
    ("请求类型", 16),
    ("仲裁案号", 26),
    ("法院案号", 26),
    ("仲裁委员会", 28),
    ("法院", 24),
    ("法院审级", 8),
    ("裁判日期", 12),
    ("请求", 40),
    ("仲裁结果", 16),
    ("法院结果", 16),
    ("分歧方向", 14),
    ("理由原文", 60),
    ("研判所选理由", 60),
    ("研判意见", 40),
    ("建议统一规则", 40),
    ("研判人", 24),
    ("研判时间", 18),
    ("提示", 20),
]


def _xlsx_row(i: MeetingItem) -> list:
    return [
        "是" if i.to_unify else "否",
        i.divergence_type,
        i.machine_type or "",
        "是" if i.reviewed else "否",
        i.claim_type,
        i.arbitration_case_number or "",
        i.court_case_number or "",
        i.commission or "",
        i.court or "",
        STAGE_LABELS.get(i.court_stage, ""),
        i.decision_date,
        i.claim_text,
        i.award,
        i.court_outcome,
        DIRECTION_LABELS.get(i.direction, ""),
        " ｜ ".join(i.reasons),
        " ｜ ".join(i.review_reasons),
        i.note,
        i.proposed_rule,
        i.reviewed_by or "",
        local_time(i.reviewed_at, True),
        REVIEW_FLAG_LABELS.get(i.flag, "") if i.flag else "",
    ]


def material_xlsx(m: Material) -> bytes:
    """Sheets: 尺度待统一 (the reviewed items marked so), 分歧明细 (every divergence, grouped by type and claim type,
    the 尺度待统一 ones first in each group), 汇总 (type × claim type), 说明."""
    book = Workbook()
    book.remove(book.active)
    headers = [c for c, _ in XLSX_COLUMNS]
    for name, items in (
        ("尺度待统一", m.to_unify),
        ("分歧明细", [i for _, claims in m.groups for _, group in claims for i in group]),
    ):
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i in items:
            sheet.append([_cell(v) for v in _xlsx_row(i)])
        for n, (_, width) in enumerate(XLSX_COLUMNS, 1):
            sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    summary = book.create_sheet("汇总")
    summary.append(["分歧类型", "请求类型", "分歧", "已研判", "尺度待统一"])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for t, claims in m.groups:
        for ct, items in claims:
            summary.append([t, ct, len(items), sum(i.reviewed for i in items), sum(i.to_unify for i in items)])
    summary.append(["合计", "", len(m.items), m.reviewed, len(m.to_unify)])
    about = book.create_sheet("说明")
    reviewed, agreed = m.agreement()
    for row in (
        ("标题", m.title()),
        ("地区", m.query.region()),
        ("期间（法院裁判日期）", m.query.period()),
        ("制作人", m.made_by),
        ("制作时间", local_time(m.made_at, True)),
        ("分歧", len(m.items)),
        ("已研判", m.reviewed),
        ("尺度待统一", len(m.to_unify)),
        ("研判与机器分类一致", f"{agreed} / {reviewed}" if reviewed else "—"),
        ("说明", "分歧类型经人工研判的为研判结论，其余为机器分类；本材料所载个人信息已按规定隐去。"),
    ):
        about.append([_cell(v) for v in row])
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 22, 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    return xml_safe(value) if isinstance(value, str) else value
