"""Divergence statistics over the claim comparisons (pandas): rates and counts by any attribute, the balance of
directions, and the drift of labor-relation recognition by employment mode, region and year.

The web dashboard and the CLI call these with a typed StatsQuery; the same filters select what an export writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.messages import listed, message
from app.models import ClaimComparison
from nlp.claims import RELATION
from nlp.divergence import COURT_STAGES

# What statistics can be grouped and filtered by: a name users type → the column.
FIELDS = {
    "region": ClaimComparison.province, "province": ClaimComparison.province, "city": ClaimComparison.city,
    "commission": ClaimComparison.commission, "court": ClaimComparison.court, "year": ClaimComparison.year,
    "platform": ClaimComparison.platform, "occupation": ClaimComparison.occupation,
    "employment_mode": ClaimComparison.employment_mode, "claim_type": ClaimComparison.claim_type,
    "divergence_type": ClaimComparison.divergence_type, "direction": ClaimComparison.direction,
    "court_stage": ClaimComparison.court_stage, "claimant": ClaimComparison.claimant,
    "platform_work": ClaimComparison.platform_work, "divergent": ClaimComparison.divergent,
}
_BOOLEAN = {"true": True, "1": True, "yes": True, "是": True, "false": False, "0": False, "no": False, "否": False}
MEASURES = ("divergence", "recognition")


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
        if self.compared:
            stmt = stmt.where(ClaimComparison.divergent.is_not(None))
        for name, raw in self.where.items():
            values = [raw] if isinstance(raw, str) else raw
            stmt = stmt.where(FIELDS[name].in_([_typed(name, v) for v in values]))
        return stmt


def _typed(name: str, raw: str):
    column = FIELDS[name]
    if column is ClaimComparison.year:
        try:
            return int(raw)
        except ValueError:
            raise StatsError(message("not_a_year", name="year", value=raw)) from None
    if column in (ClaimComparison.platform_work, ClaimComparison.divergent):
        if raw.lower() not in _BOOLEAN:
            raise StatsError(message("not_a_boolean", name=name, value=raw))
        return _BOOLEAN[raw.lower()]
    allowed = getattr(column.type, "enums", None)
    if allowed and raw not in allowed:
        raise StatsError(message("not_a_value_of", name=name, value=raw, expected=listed(allowed)))
    return raw


def present_values(session: Session, fields: tuple[str, ...]) -> dict[str, list]:
    """The values each field takes among the compared claims, sorted: what a filter can offer to choose from."""
    return {name: sorted(v for (v,) in session.execute(
        select(FIELDS[name]).where(ClaimComparison.divergent.is_not(None)).distinct()) if v is not None)
        for name in fields}


def comparisons_frame(session: Session, query: StatsQuery) -> pd.DataFrame:
    """The filtered comparisons with the columns statistics need, and the court's final outcome as one column."""
    columns = {c.key for c in FIELDS.values()} | {"arbitration_outcome", "dispute_id"} | \
        {f"{s}_outcome" for s in COURT_STAGES}
    stmt = query.filtered(select(*(getattr(ClaimComparison, c) for c in sorted(columns))))
    df = pd.DataFrame(session.execute(stmt).mappings().all(), columns=sorted(columns))
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
    way, and the balance (pro-worker minus pro-employer, as a share of the divergent)."""
    df = comparisons_frame(session, query)
    df = df[df["divergent"].notna()].copy()
    df["divergent"] = df["divergent"].astype(bool)
    df["pro_worker"] = df["divergent"] & (df["direction"] == "pro_worker")
    df["pro_employer"] = df["divergent"] & (df["direction"] == "pro_employer")
    df["disputes"] = df["dispute_id"]
    table = _grouped(df, query.by).agg(compared=("divergent", "size"), divergent=("divergent", "sum"),
                                       pro_worker=("pro_worker", "sum"), pro_employer=("pro_employer", "sum"),
                                       disputes=("disputes", "nunique"))
    table["rate"] = (table["divergent"] / table["compared"]).round(4)
    table["balance"] = ((table["pro_worker"] - table["pro_employer"]) / table["divergent"].where(table["divergent"] > 0)
                        ).round(4)
    return _ordered(table, query.by, "compared")


def recognition_drift(session: Session, query: StatsQuery) -> pd.DataFrame:
    """How often a labor relation is recognised, by the commission and by the court's final decision, per group
    (by default employment mode, region and year): where standards drift apart."""
    by = query.by or ("employment_mode", "region", "year")
    df = comparisons_frame(session, StatsQuery(by, {**query.where, "claim_type": RELATION}))
    decided = ("granted", "partly_granted", "rejected")
    df["arbitration_decided"] = df["arbitration_outcome"].isin(decided)
    df["arbitration_recognised"] = df["arbitration_outcome"].isin(decided[:2])
    df["court_decided"] = df["court_outcome"].isin(decided)
    df["court_recognised"] = df["court_outcome"].isin(decided[:2])
    table = _grouped(df, by).agg(arbitration_decided=("arbitration_decided", "sum"),
                                 arbitration_recognised=("arbitration_recognised", "sum"),
                                 court_decided=("court_decided", "sum"), court_recognised=("court_recognised", "sum"))
    for stage in ("arbitration", "court"):
        table[f"{stage}_rate"] = (table[f"{stage}_recognised"] /
                                  table[f"{stage}_decided"].where(table[f"{stage}_decided"] > 0)).round(4)
    table["gap"] = (table["court_rate"] - table["arbitration_rate"]).round(4)
    return _ordered(table, by, "arbitration_decided")


def _grouped(df: pd.DataFrame, by: tuple[str, ...]):
    if not by:
        return df.assign(all="all").groupby("all")
    return df.groupby(list(by), dropna=False)


def _ordered(table: pd.DataFrame, by: tuple[str, ...], size: str) -> pd.DataFrame:
    table = table.reset_index()
    if not by:
        table = table.drop(columns="all")
    return table.sort_values([size, *by], ascending=[False, *[True] * len(by)], na_position="last",
                             kind="stable").reset_index(drop=True)


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (missing values as null, numpy numbers as Python ones)."""
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def _plain(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value
