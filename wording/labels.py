"""Chinese names users read for every internal code (document kinds, stages, outcomes, directions, fields, audit
actions, warning rules …) and times in Beijing time: the one place pages, exports and the CLI's human output take
them from."""

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from nlp.divergence import OUTCOME_WORDS
from nlp.model import Side, Stage

KIND_LABELS = {
    "arbitration_award": "仲裁裁决书",
    "judgment": "判决书",
    "ruling": "裁定书",
    "hearing_note": "庭审要点",
    "mediation_record": "调解笔录",
    "execution_record": "执行记录",
    "case_report": "案例报道",
    "other": "其他",
}
STAGE_LABELS = {
    Stage.arbitration: "仲裁",
    Stage.first_instance: "一审",
    Stage.second_instance: "二审",
    Stage.retrial: "再审",
    Stage.execution: "执行",
}
OUTCOME_LABELS = OUTCOME_WORDS
DIRECTION_LABELS = {"pro_worker": "有利于劳动者", "pro_employer": "有利于用人单位", "same": "结果相同"}
# Whose reasoning an evidence sentence is from.
SOURCE_LABELS = {Side.court: "法院", Side.arbitration: "仲裁委"}
# Who wrote a document of a stage, as the comparison page labels a quoted reason.
BODY_LABELS = {
    Stage.arbitration: "仲裁委",
    Stage.first_instance: "一审",
    Stage.second_instance: "二审",
    Stage.retrial: "再审",
    Stage.execution: "执行法院",
}
# Facets of the search page, in the order shown.
FACET_LABELS = {
    "kind": "文书类型",
    "stage": "程序",
    "province": "地区",
    "body": "仲裁委/法院",
    "year": "年份",
    "claim_type": "请求类型",
    "outcome": "结果",
    "divergent": "裁审分歧",
    "divergence_type": "分歧类型",
    "platform": "平台",
    "occupation": "职业",
    "employment_mode": "用工方式",
}
_VALUE_LABELS = {
    "kind": KIND_LABELS,
    "stage": STAGE_LABELS,
    "outcome": OUTCOME_WORDS,
    "divergent": {"yes": "有分歧", "no": "无分歧"},
}


def facet_value_label(field: str, value: str) -> str:
    return _VALUE_LABELS.get(field, {}).get(value, value)


# Labor-relation factors (nlp/patterns/gig.toml) as users read them.
FACTOR_LABELS = {
    "order_volume": "接单量",
    "working_hours": "工作时长",
    "attendance": "考勤排班",
    "penalties": "罚款奖惩",
    "pay_settlement": "报酬结算",
    "refuse_orders": "可否拒单",
    "uniform_equipment": "统一装备",
    "exclusivity": "排他性",
}
ROLE_LABELS = {"judge": "法官", "arbitrator": "仲裁员", "analyst": "分析人员", "admin": "管理员"}
PERMISSION_LABELS = {
    "search": "检索",
    "read_document": "查看全文",
    "similar": "类案",
    "compare": "裁审比对",
    "statistics": "统计",
    "export": "导出",
    "review": "分歧研判",
    "inbox": "裁审动态",
    "manage_users": "用户管理",
    "manage_ingest": "导入与隔离区",
    "read_audit": "审计日志",
}
# What the audit log records, as its readers say it.
AUDIT_ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "login_locked": "登录锁定",
    "view_document": "查看文书",
    "similar": "类案检索",
    "similar_report": "类案检索报告",
    "compare": "裁审比对",
    "export": "导出",
    "upload": "上传导入",
    "add_user": "新增用户",
    "activate_user": "启用用户",
    "deactivate_user": "停用用户",
    "review": "分歧研判",
    "feed": "查看裁审动态",
    "feed_mark": "标记裁审动态",
}
# Labels of the claimant column and of booleans in exports and tables.
CLAIMANT_LABELS = {"worker": "劳动者", "employer": "用人单位"}
BOOLEAN_LABELS = {True: "是", False: "否"}
RUN_STATUS_LABELS = {"running": "进行中", "completed": "已完成", "failed": "失败"}
SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}
# Risk-warning rules (config/warnings.toml) by name; a rule added there without a label shows as 其他预警.
WARNING_RULE_LABELS = {
    "complaints_and_divergence_rising": "投诉与分歧率同升",
    "recognition_shift": "劳动关系认定率突变",
    "divergence_rate_high": "分歧率偏高",
    "income_below_industry": "收入低于行业平均",
}
# Fields of statistics, filters and exports (a column's name → its header).
FIELD_LABELS = {
    "dispute_id": "案件链编号",
    "ordinal": "请求序号",
    "arbitration_case_number": "仲裁案号",
    "court_case_number": "法院案号",
    "claim_type": "请求类型",
    "claimant": "请求方",
    "claim_text": "请求原文",
    "amount_claimed": "请求金额（元）",
    **{f"{stage}_outcome": f"{label}结果" for stage, label in STAGE_LABELS.items()},
    **{f"{stage}_amount": f"{label}支持金额（元）" for stage, label in STAGE_LABELS.items()},
    "court_stage": "法院审级",
    "divergent": "裁审分歧",
    "direction": "分歧方向",
    "change": "结果变化",
    "divergence_type": "分歧类型",
    "evidence": "理由原文",
    "province": "省份",
    "region": "地区",
    "city": "城市",
    "commission": "仲裁委员会",
    "court": "法院",
    "year": "年份",
    "platform_work": "平台用工",
    "platform": "平台",
    "occupation": "职业",
    "employment_mode": "用工方式",
    "compared": "比对请求",
    "rate": "分歧率",
    "pro_worker": "有利于劳动者",
    "pro_employer": "有利于用人单位",
    "disputes": "案件链",
    "balance": "方向差",
    "arbitration_decided": "仲裁件数",
    "arbitration_recognised": "仲裁认定",
    "arbitration_rate": "仲裁认定率",
    "court_decided": "法院件数",
    "court_recognised": "法院认定",
    "court_rate": "法院认定率",
    "gap": "差距",
    "decision_date": "裁判日期",
    "machine_divergence_type": "机器分类",
    "reviewed": "已研判",
    "to_unify": "尺度待统一",
    "proposed_rule": "建议规则",
    "review_note": "研判意见",
    "review_quotes": "研判所选理由",
    "reviewed_by": "研判人",
    "reviewed_at": "研判时间",
    "review_flag": "研判提示",
    "agreed": "与机器一致",
    "agreement": "一致率",
}
# Why a review is flagged: re-analysis found its claim changed.
REVIEW_FLAG_LABELS = {"no_longer_divergent": "重新分析后该请求已不再分歧", "claim_missing": "重新分析后未找到该请求"}
REVIEW_ACTION_LABELS = {
    "created": "新建研判",
    "changed": "修改研判",
    "flagged": "重新分析后标记",
    "unflagged": "重新分析后恢复",
}
REVIEW_FIELD_LABELS = {
    "divergence_type": "分歧类型",
    "quotes": "理由原文",
    "note": "研判意见",
    "to_unify": "尺度待统一",
    "proposed_rule": "建议规则",
    "flag": "提示",
}
INBOX_KIND_LABELS = {"award_changed": "法院改变了本委裁决", "award_behind_case": "本院案件的仲裁裁决"}
INBOX_STATUS_LABELS = {"unread": "未读", "read": "已读", "in_review": "已纳入研判"}
_FIELD_VALUE_LABELS = {
    "claimant": CLAIMANT_LABELS,
    "court_stage": STAGE_LABELS,
    "direction": DIRECTION_LABELS,
    "divergent": BOOLEAN_LABELS,
    "platform_work": BOOLEAN_LABELS,
    "reviewed": BOOLEAN_LABELS,
    "to_unify": BOOLEAN_LABELS,
    "review_flag": REVIEW_FLAG_LABELS,
    **{f"{stage}_outcome": OUTCOME_WORDS for stage in STAGE_LABELS},
}


def field_value_label(field: str, value):
    """A stored value of a statistics or export field as a reader reads it (codes and booleans in Chinese)."""
    value = getattr(value, "value", value)  # enums as their codes
    return _FIELD_VALUE_LABELS.get(field, {}).get(value, value)


# Times are stored in UTC and read where the commissions and courts work.
LOCAL_TIME = ZoneInfo("Asia/Shanghai")


def local_time(moment: datetime | str | None, minutes_only: bool = False) -> str:
    """A stored UTC time (naive means UTC; ISO text accepted) as 北京时间 "2024-03-01 09:30:00"."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M" if minutes_only else "%Y-%m-%d %H:%M:%S")


_CALIBRATED = re.compile(r"calibrated on .*?\((\d+) decided cases\)")


def model_label(source: str) -> str:
    """Which weights the match score uses, as a reader says it (the source names a file: not for the page)."""
    if source == "prior":
        return "专家设定的先验权重（尚未校准）"
    found = _CALIBRATED.search(source)
    return f"按 {found.group(1)} 件已决典型案例校准的权重" if found else "按已决典型案例校准的权重"


# Why ingest quarantined a file (ingest/sources words it in English for logs), first matching pattern wins.
_QUARANTINE_REASONS = [
    (r"^unsupported format", "不支持的文件格式"),
    (r"^empty file|^no text", "文件没有文字内容"),
    (r"too large|compression ratio|compressed \d+:1", "文件过大或压缩比异常，疑似压缩炸弹"),
    (r"BadZipFile|not a zip file|not a Word document", "文件已损坏，或扩展名与实际格式不符"),
    (r"binary content|undecodable", "文件不是可识别的文本（编码无法识别或为二进制内容）"),
    (r"invalid JSON|not a JSON object", "JSON 格式错误"),
    (r"no text column|has no text", "表格中没有文书全文列"),
    (r"archive has|nested archive|unsafe member", "压缩包结构不安全（层数、成员数或路径异常）"),
    (r"cannot open|cannot read", "文件无法读取"),
    (r"no documents in the file", "文件中没有文书"),
    (r"side data|side-data|fit no side-data schema", "结构化数据的格式或列名不符"),
]


def quarantine_reason(reason: str) -> str:
    return next((label for pattern, label in _QUARANTINE_REASONS if re.search(pattern, reason)), "文件无法读取")


_AUDIT_TARGETS = [
    (re.compile(r"^document (\d+)$"), "文书 {}"),
    (re.compile(r"^dispute (\d+)$"), "案件链 {}"),
    (re.compile(r"^dispute (\d+) claim (\d+)$"), "案件链 {} 第 {} 项请求"),
    (re.compile(r"^inbox item (\d+)$"), "裁审动态条目 {}"),
    (re.compile(r"^feed$"), "裁审动态"),
    (re.compile(r"^joint-meeting\.(\w+)$"), "联席会议材料（{}）"),
    (re.compile(r"^divergences\.(\w+)$"), "裁审比对导出（{}）"),
    (re.compile(r"^pasted text$"), "粘贴文本"),
]
_AUDIT_DETAIL = {
    "via": "途径",
    "retry_after": "需等待（秒）",
    "masked": "脱敏",
    "hits": "结果",
    "rows": "行数",
    "where": "条件",
    "role": "角色",
    "files": "文件",
    "new": "新增",
    "quarantined": "隔离",
    "format": "格式",
    "filters": "筛选",
    "review": "研判编号",
    "revision": "版本",
    "changed": "修改",
    "status": "状态",
    "items": "条目",
    "unread": "未读",
    "period": "期间",
    "region": "地区",
}


def audit_target_label(target: str | None) -> str:
    for pattern, label in _AUDIT_TARGETS:
        if found := pattern.match(target or ""):
            return label.format(*(g.upper() for g in found.groups()))
    return target or ""


def audit_detail_label(detail: dict | None) -> str:
    """An audit event's details as one line a reader reads ("脱敏：是；结果：12 件"), not JSON."""
    parts = []
    for key, value in (detail or {}).items():
        if key == "hits":
            value = f"{len(value)} 件"
        elif key in ("where", "filters"):
            value = (
                "，".join(
                    f"{FIELD_LABELS.get(f, SIMILAR_FILTER_LABELS.get(f, f))}="
                    f"{'、'.join(map(str, v if isinstance(v, list) else [v]))}"
                    for f, v in value.items()
                )
                or "全部"
            )
        elif key == "format":
            value = {
                "docx": "Word 文档（DOCX）",
                "print": "打印版",
                "xlsx": "表格（XLSX）",
                "json": "JSON",
                "atom": "Atom",
                "page": "网页",
            }.get(value, value)
        elif key == "changed":
            value = "、".join(REVIEW_FIELD_LABELS.get(v, v) for v in value) if isinstance(value, list) else value
        elif key == "status":
            value = INBOX_STATUS_LABELS.get(value, value)
        elif key == "items":
            value = f"{value} 条" if isinstance(value, int) else value
        elif key == "role":
            value = ROLE_LABELS.get(value, value)
        elif key == "via":
            value = {"api": "接口", "cli": "命令行"}.get(value, value)
        elif isinstance(value, bool):
            value = BOOLEAN_LABELS[value]
        parts.append(f"{_AUDIT_DETAIL.get(key, key)}：{value}")
    return "；".join(parts)


PARTY_ROLE_LABELS = {
    "applicant": "申请人",
    "respondent": "被申请人",
    "plaintiff": "原告",
    "defendant": "被告",
    "appellant": "上诉人",
    "appellee": "被上诉人",
    "third_party": "第三人",
}


def outcome_text(outcome: str | None, amount: float | None = None) -> str:
    """支持 8,000元 / 驳回 / — (not decided at that stage)."""
    if outcome is None:
        return "—"
    return OUTCOME_WORDS[outcome] + (f" {amount:,.0f}元" if amount is not None else "")


def divergence_text(divergent: bool | None, direction: str | None = None) -> str:
    """Whether the court's final decision departs from the award, as a reader reads it."""
    if divergent is None:
        return "无法比较（缺仲裁或法院结果）"
    if not divergent:
        return "裁审一致"
    return "裁审不一致" + (f"（{DIRECTION_LABELS[direction]}）" if direction in DIRECTION_LABELS else "")


# The similar-case filters (page, API and CLI), named here rather than in services.similar so that the CLI's parser
# can offer them without loading scikit-learn; and their names on the page.
SIMILAR_FILTERS = ("province", "body", "year_from", "year_to", "employment_mode", "outcome")
SIMILAR_FILTER_LABELS = {
    "province": "地区",
    "body": "仲裁委/法院",
    "year_from": "起始年份",
    "year_to": "截止年份",
    "employment_mode": "用工方式",
    "outcome": "结果",
}


def decision_label(stage: str | None, kind: str) -> str:
    """一审判决书, 二审裁定书, 仲裁裁决书 (never 仲裁仲裁裁决书)."""
    name, prefix = KIND_LABELS.get(kind, kind), STAGE_LABELS.get(stage, "")
    return name if name.startswith(prefix) else prefix + name


# The employment-form portrait's columns (services/portrait.py COLUMNS), as the page heads them.
PORTRAIT_LABELS = {
    "platform": "平台",
    "occupation": "职业",
    "region": "地区",
    "disputes": "争议",
    "compared": "比对请求",
    "divergent": "分歧请求",
    "divergence_rate": "分歧率",
    "recognition_arbitration": "仲裁认定劳动关系率",
    "recognition_court": "法院认定劳动关系率",
    "employment_modes": "用工模式",
    "platform_workers": "从业人数",
    "active_workers": "活跃人数",
    "orders": "订单量",
    "commission_rate": "抽成比例",
    "latest_period": "最近期间",
    "industry_employed": "行业从业人数",
    "industry_income": "行业平均月收入",
    "report_workers": "填报人数",
    "monthly_income": "月收入",
    "weekly_hours": "周工时",
    "complaints": "投诉",
    "complaints_per_1000_workers": "每千人投诉",
}
# Kinds of side data (ingest/side_schemas.toml), as a run's counts name them.
SIDE_KIND_LABELS = {
    "platform_indicator": "平台经营指标",
    "industry_employment": "行业从业人数",
    "worker_report": "劳动者收入与投诉",
}
