"""Chinese names users read for document kinds, stages, outcomes and directions, shared by the web pages, the CLI and
exports."""

from nlp.divergence import OUTCOME_WORDS

KIND_LABELS = {"arbitration_award": "仲裁裁决书", "judgment": "判决书", "ruling": "裁定书", "hearing_note": "庭审要点",
               "mediation_record": "调解笔录", "execution_record": "执行记录", "other": "其他"}
STAGE_LABELS = {"arbitration": "仲裁", "first_instance": "一审", "second_instance": "二审", "retrial": "再审",
                "execution": "执行"}
OUTCOME_LABELS = OUTCOME_WORDS
DIRECTION_LABELS = {"pro_worker": "有利于劳动者", "pro_employer": "有利于用人单位", "same": "结果相同"}
# Whose reasoning an evidence sentence is from.
SOURCE_LABELS = {"court": "法院", "arbitration": "仲裁委"}
# Facets of the search page, in the order shown.
FACET_LABELS = {"kind": "文书类型", "stage": "程序", "province": "地区", "body": "仲裁委/法院", "year": "年份",
                "claim_type": "请求类型", "outcome": "结果", "divergent": "裁审分歧", "divergence_type": "分歧类型",
                "platform": "平台", "occupation": "职业", "employment_mode": "用工方式"}
_VALUE_LABELS = {"kind": KIND_LABELS, "stage": STAGE_LABELS, "outcome": OUTCOME_WORDS,
                 "divergent": {"yes": "有分歧", "no": "无分歧"}}


def facet_value_label(field: str, value: str) -> str:
    return _VALUE_LABELS.get(field, {}).get(value, value)
# Labor-relation factors (nlp/patterns/gig.toml) as users read them.
FACTOR_LABELS = {"order_volume": "接单量", "working_hours": "工作时长", "attendance": "考勤排班", "penalties": "罚款奖惩",
                 "pay_settlement": "报酬结算", "refuse_orders": "可否拒单", "uniform_equipment": "统一装备",
                 "exclusivity": "排他性"}
ROLE_LABELS = {"judge": "法官", "arbitrator": "仲裁员", "analyst": "分析人员", "admin": "管理员"}
PARTY_ROLE_LABELS = {"applicant": "申请人", "respondent": "被申请人", "plaintiff": "原告", "defendant": "被告",
                     "appellant": "上诉人", "appellee": "被上诉人", "third_party": "第三人"}
CLAIMANT_LABELS = {"worker": "劳动者", "employer": "用人单位"}


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
# The similar-case page's filters.
SIMILAR_FILTER_LABELS = {"province": "地区", "body": "仲裁委/法院", "year_from": "起始年份", "year_to": "截止年份",
                         "employment_mode": "用工方式", "outcome": "结果"}


def decision_label(stage: str | None, kind: str) -> str:
    """一审判决书, 二审裁定书, 仲裁裁决书 (never 仲裁仲裁裁决书)."""
    name, prefix = KIND_LABELS.get(kind, kind), STAGE_LABELS.get(stage, "")
    return name if name.startswith(prefix) else prefix + name
