"""Divergence statistics over the claim comparisons (pandas): rates and counts by any attribute, the balance of
directions, the drift of labor-relation recognition by employment mode, region and year, and how often reviewers
agreed with the machine's type of a divergence.

A divergence's type is the reviewed one where a person reviewed it (分歧研判), else the machine's; the machine's
stays readable as machine_divergence_type.

The web dashboard and the CLI call these with a typed StatsQuery; the same filters select what an export writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Select, and_, case, select, true
from sqlalchemy.orm import Session

from nlp.claims import RELATION
from nlp.divergence import COURT_STAGES
from nlp.model import Outcome, Side
from store.models import ClaimComparison, DivergenceReview
from wording.messages import listed, message

if TYPE_CHECKING:  # pandas loads where a table is made: `caishen --help` and the commands without one need not wait
    import pandas as pd

# A review counts while its claim diverges: then its type is the divergence's type.
_REVIEWED = and_(ClaimComparison.divergent == true(), DivergenceReview.id.is_not(None))
EFFECTIVE_TYPE = case((_REVIEWED, DivergenceReview.divergence_type), else_=ClaimComparison.divergence_type)

# What statistics can be grouped and filtered by: a name users type → the column (or expression: over the
# comparisons joined with their reviews, see with_reviews).
FIELDS = {
    "region": ClaimComparison.province,
    "province": ClaimComparison.province,
    "city": ClaimComparison.city,
    "commission": ClaimComparison.commission,
    "court": ClaimComparison.court,
    "year": ClaimComparison.year,
    "platform": ClaimComparison.platform,
    "occupation": ClaimComparison.occupation,
    "employment_mode": ClaimComparison.employment_mode,
    "claim_type": ClaimComparison.claim_type,
    "divergence_type": EFFECTIVE_TYPE.label("divergence_type"),
    "machine_divergence_type": ClaimComparison.divergence_type.label("machine_divergence_type"),
    "direction": ClaimComparison.direction,
    "court_stage": ClaimComparison.court_stage,
    "claimant": ClaimComparison.claimant,
    "platform_work": ClaimComparison.platform_work,
    "divergent": ClaimComparison.divergent,
    "reviewed": case((_REVIEWED, True), else_=False).label("reviewed"),
    "to_unify": case((_REVIEWED, DivergenceReview.to_unify), else_=False).label("to_unify"),
}
_BOOLEAN_FIELDS = {"platform_work", "divergent", "reviewed", "to_unify"}
_BOOLEAN = {"true": True, "1": True, "yes": True, "是": True, "false": False, "0": False, "no": False, "否": False}
MEASURES = ("divergence", "recognition", "agreement")


class StatsError(ValueError):
    """A statistics request names a field or a value caishen cannot use."""


@dataclass(frozen=True)
class StatsQuery:
    """Group by these fields; keep rows whose field has the value (several values of one field: any of them)."""

    by: tuple[str, ...] = ()
    where: dict[str, str | list[str]] = field(default_factory=dict)
    compared: bool = False  # only claims decided by both commission and court: the rows statistics count

    def __post_init__(self):
        for name in (*self.by, *self.where):
            if name not in FIELDS:
                raise StatsError(message("unknown_field", name=name, expected=listed(FIELDS)))

    def filtered(self, stmt: Select) -> Select:
        """The statement over the comparisons (joined with their reviews), keeping the rows this query keeps."""
        stmt = with_reviews(stmt)
        if self.compared:
            stmt = stmt.where(ClaimComparison.divergent.is_not(None))
        for name, raw in self.where.items():
            values = [raw] if isinstance(raw, str) else raw
            stmt = stmt.where(FIELDS[name].in_([_typed(name, v) for v in values]))
        return stmt


def with_reviews(stmt: Select) -> Select:
    """Comparisons with their reviews (a review joins the comparison of its claim_key)."""
    return stmt.select_from(ClaimComparison).outerjoin(
        DivergenceReview, DivergenceReview.claim_key == ClaimComparison.claim_key
    )


def _typed(name: str, raw: str):
    column = FIELDS[name]
    if column is ClaimComparison.year:
        try:
            return int(raw)
        except ValueError:
            raise StatsError(message("not_a_year", name="year", value=raw)) from None
    if name in _BOOLEAN_FIELDS:
        if raw.lower() not in _BOOLEAN:
            raise StatsError(message("not_a_boolean", name=name, value=raw))
        return _BOOLEAN[raw.lower()]
    allowed = getattr(column.type, "enums", None)
    if allowed and raw not in allowed:
        raise StatsError(message("not_a_value_of", name=name, value=raw, expected=listed(allowed)))
    return raw


def present_values(session: Session, fields: tuple[str, ...]) -> dict[str, list]:
    """The values each field takes among the compared claims, sorted: what a filter can offer to choose from."""
    return {
        name: sorted(
            v
            for (v,) in session.execute(
                with_reviews(select(FIELDS[name])).where(ClaimComparison.divergent.is_not(None)).distinct()
            )
            if v is not None
        )
        for name in fields
    }


def comparisons_frame(session: Session, query: StatsQuery) -> pd.DataFrame:
    """The filtered comparisons with the columns statistics need, and the court's final outcome as one column."""
    import pandas as pd

    own = {c.key: c for c in FIELDS.values()}  # the names the columns come back under
    own.update(
        {
            c: getattr(ClaimComparison, c)
            for c in ("arbitration_outcome", "dispute_id", *(f"{s}_outcome" for s in COURT_STAGES))
        }
    )
    columns = sorted(own)
    stmt = query.filtered(select(*(own[c] for c in columns)))
    df = pd.DataFrame(session.execute(stmt).mappings().all(), columns=columns)
    for name in ("direction", "court_stage", "arbitration_outcome", *(f"{s}_outcome" for s in COURT_STAGES)):
        df[name] = df[name].map(lambda v: getattr(v, "value", v))
    df["court_outcome"] = None
    for stage in COURT_STAGES:
        chosen = df["court_stage"] == stage
        df.loc[chosen, "court_outcome"] = df.loc[chosen, f"{stage}_outcome"]
    for name, column in FIELDS.items():
        if name != column.key:
            df[name] = df[column.key]
    return df


def divergence_table(session: Session, query: StatsQuery) -> pd.DataFrame:
    """Per group: claims compared (award and court decision both known), divergent, the rate, how many went each
    way, the balance (pro-worker minus pro-employer, as a share of the divergent), and how many of the divergent were
    reviewed (their type then the reviewed one) and marked 尺度待统一."""
    df = comparisons_frame(session, query)
    df = df[df["divergent"].notna()].copy()
    df["divergent"] = df["divergent"].astype(bool)
    df["pro_worker"] = df["divergent"] & (df["direction"] == "pro_worker")
    df["pro_employer"] = df["divergent"] & (df["direction"] == "pro_employer")
    df["reviewed"] = df["reviewed"].astype(bool)
    df["to_unify"] = df["to_unify"].astype(bool)
    df["disputes"] = df["dispute_id"]
    table = _grouped(df, query.by).agg(
        compared=("divergent", "size"),
        divergent=("divergent", "sum"),
        pro_worker=("pro_worker", "sum"),
        pro_employer=("pro_employer", "sum"),
        reviewed=("reviewed", "sum"),
        to_unify=("to_unify", "sum"),
        disputes=("disputes", "nunique"),
    )
    table["rate"] = (table["divergent"] / table["compared"]).round(4)
    table["balance"] = (
        (table["pro_worker"] - table["pro_employer"]) / table["divergent"].where(table["divergent"] > 0)
    ).round(4)
    return _ordered(table, query.by, "compared")


def recognition_drift(session: Session, query: StatsQuery) -> pd.DataFrame:
    """How often a labor relation is recognised, by the commission and by the court's final decision, per group
    (by default employment mode, region and year): where standards drift apart."""
    by = query.by or ("employment_mode", "region", "year")
    df = comparisons_frame(session, StatsQuery(by, {**query.where, "claim_type": RELATION}))
    decided = (Outcome.granted, Outcome.partly_granted, Outcome.rejected)
    df["arbitration_decided"] = df["arbitration_outcome"].isin(decided)
    df["arbitration_recognised"] = df["arbitration_outcome"].isin(decided[:2])
    df["court_decided"] = df["court_outcome"].isin(decided)
    df["court_recognised"] = df["court_outcome"].isin(decided[:2])
    table = _grouped(df, by).agg(
        arbitration_decided=("arbitration_decided", "sum"),
        arbitration_recognised=("arbitration_recognised", "sum"),
        court_decided=("court_decided", "sum"),
        court_recognised=("court_recognised", "sum"),
    )
    for stage in Side:
        table[f"{stage}_rate"] = (
            table[f"{stage}_recognised"] / table[f"{stage}_decided"].where(table[f"{stage}_decided"] > 0)
        ).round(4)
    table["gap"] = (table["court_rate"] - table["arbitration_rate"]).round(4)
    return _ordered(table, by, "arbitration_decided")


def review_agreement(session: Session, query: StatsQuery) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How often reviewers agreed with the machine's type, per machine type: divergent claims of that type,
    reviewed, agreed (the reviewed type is the machine's), the agreement rate (agreed ÷ reviewed) and the type
    reviewers chose most often instead; and the whole cross-table (machine type × reviewed type → claims). Only
    reviews of claims that diverge now count: the classifier's accuracy on real use, live."""
    import pandas as pd

    stmt = query.filtered(
        select(
            ClaimComparison.divergence_type.label("machine_type"),
            DivergenceReview.divergence_type.label("reviewed_type"),
        )
    ).where(_REVIEWED)
    df = pd.DataFrame(session.execute(stmt).mappings().all(), columns=["machine_type", "reviewed_type"])
    all_divergent = query.filtered(select(ClaimComparison.divergence_type.label("machine_type"))).where(
        ClaimComparison.divergent == true()
    )
    divergent = pd.DataFrame(session.execute(all_divergent).mappings().all(), columns=["machine_type"])
    df["agreed"] = df["machine_type"] == df["reviewed_type"]
    types = sorted(set(divergent["machine_type"].dropna()) | set(df["machine_type"].dropna()))
    rows = []
    for t in types:
        mine = df[df["machine_type"] == t]
        instead = mine.loc[~mine["agreed"], "reviewed_type"].value_counts()
        rows.append(
            {
                "machine_divergence_type": t,
                "divergent": int((divergent["machine_type"] == t).sum()),
                "reviewed": len(mine),
                "agreed": int(mine["agreed"].sum()),
                "agreement": round(mine["agreed"].mean(), 4) if len(mine) else None,
                "corrected_to": instead.index[0] if len(instead) else None,
            }
        )
    table = pd.DataFrame(
        rows, columns=["machine_divergence_type", "divergent", "reviewed", "agreed", "agreement", "corrected_to"]
    )
    cross = (
        df.groupby(["machine_type", "reviewed_type"]).size().rename("claims").reset_index()
        if len(df)
        else pd.DataFrame(columns=["machine_type", "reviewed_type", "claims"])
    )
    return table, cross


def agreement_overall(table: pd.DataFrame) -> dict:
    """The panel's headline: reviewed, agreed and the rate over every type."""
    reviewed, agreed = int(table["reviewed"].sum()), int(table["agreed"].sum())
    return {
        "divergent": int(table["divergent"].sum()),
        "reviewed": reviewed,
        "agreed": agreed,
        "agreement": round(agreed / reviewed, 4) if reviewed else None,
    }


def _grouped(df: pd.DataFrame, by: tuple[str, ...]):
    if not by:
        return df.assign(all="all").groupby("all")
    return df.groupby(list(by), dropna=False)


def _ordered(table: pd.DataFrame, by: tuple[str, ...], size: str) -> pd.DataFrame:
    table = table.reset_index()
    if not by:
        table = table.drop(columns="all")
    return table.sort_values(
        [size, *by], ascending=[False, *[True] * len(by)], na_position="last", kind="stable"
    ).reset_index(drop=True)


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (missing values as null, numpy numbers as Python ones)."""
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def _plain(value):
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value
