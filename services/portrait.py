"""Employment-form portrait (用工形态全景画像): per platform, occupation or region, what the case corpus says
(disputes, employment modes, divergence and labor-relation recognition rates) joined with the side data
(operating indicators, industry employment, workers' income, hours and complaints) on platform/region/year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.stats import StatsError, StatsQuery, comparisons_frame, divergence_table, recognition_drift, records
from store.models import SideRecord
from wording.messages import listed, message

if TYPE_CHECKING:  # pandas loads where a frame is made (as in services.stats)
    import pandas as pd

PORTRAIT_BY = ("platform", "occupation", "region")
# Every row has these (null where a source says nothing), whatever side data is loaded: a stable shape for the API.
COLUMNS = (
    "disputes",
    "compared",
    "divergent",
    "divergence_rate",
    "recognition_arbitration",
    "recognition_court",
    "employment_modes",
    "platform_workers",
    "active_workers",
    "orders",
    "commission_rate",
    "latest_period",
    "industry_employed",
    "industry_income",
    "report_workers",
    "monthly_income",
    "weekly_hours",
    "complaints",
    "complaints_per_1000_workers",
)


def side_frame(session: Session, kind: str, year: int | None = None) -> pd.DataFrame:
    """Side records of one kind: the dimensions as columns, then each figure as a column."""
    import pandas as pd

    stmt = select(SideRecord).where(SideRecord.kind == kind)
    if year is not None:
        stmt = stmt.where(SideRecord.year == year)
    rows = [
        {
            "platform": r.platform,
            "region": r.region,
            "occupation": r.occupation,
            "employment_mode": r.employment_mode,
            "period": r.period,
            "year": r.year,
            **(r.figures or {}),
        }
        for r in session.scalars(stmt)
    ]
    return pd.DataFrame(
        rows, columns=["platform", "region", "occupation", "employment_mode", "period", "year"] if not rows else None
    )


def platform_names(case_names, side_names) -> dict[str, str]:
    """Each platform name in the cases → the side data's name for it: the registered company name in a judgment
    (北京闪达网络科技有限公司) holds the brand the statistics use (闪达). Names with no match keep themselves."""
    side = sorted({n for n in side_names if isinstance(n, str) and n}, key=len, reverse=True)
    out = {}
    for name in {n for n in case_names if isinstance(n, str) and n}:
        out[name] = next((s for s in side if s in name or name in s), name)
    return out


def portrait(session: Session, by: str, year: int | None = None) -> list[dict]:
    """One row per platform, occupation or region (`by`), optionally for one year."""
    import pandas as pd

    if by not in PORTRAIT_BY:
        raise StatsError(message("portrait_by", expected=listed(PORTRAIT_BY), by=by))
    where = {"year": str(year)} if year is not None else {}
    reports = side_frame(session, "worker_report", year)
    indicators = side_frame(session, "platform_indicator", year)
    industry = side_frame(session, "industry_employment", year)
    cases = _cases(
        session,
        by,
        where,
        side_platforms=pd.concat(
            [reports.get("platform", pd.Series(dtype=object)), indicators.get("platform", pd.Series(dtype=object))]
        ),
    )
    table = cases
    for frame, how in ((reports, _reports), (indicators, _indicators), (industry, _industry)):
        if by in frame.columns and not frame.empty and frame[by].notna().any():
            table = table.merge(how(frame, by), on=by, how="outer")
    if table.empty:
        return []
    if "complaints" in table and "report_workers" in table:
        table["complaints_per_1000_workers"] = (
            1000 * table["complaints"] / table["report_workers"].where(table["report_workers"] > 0)
        ).round(1)
    table = table.reindex(columns=[by, *COLUMNS])
    return records(
        table.assign(_size=table["disputes"].fillna(0))
        .sort_values(["_size", by], ascending=[False, True])
        .drop(columns="_size")
    )


def _cases(session: Session, by: str, where: dict, side_platforms: pd.Series) -> pd.DataFrame:
    divergence = divergence_table(session, StatsQuery((by,), where))
    recognition = recognition_drift(session, StatsQuery((by,), where))
    frame = comparisons_frame(session, StatsQuery((), where))
    modes = (
        frame.dropna(subset=[by, "employment_mode"])
        .drop_duplicates(["dispute_id"])
        .groupby(by)["employment_mode"]
        .agg(lambda s: ", ".join(f"{m} {n}" for m, n in s.value_counts().items()))
        .rename("employment_modes")
        .reset_index()
    )
    table = divergence[[by, "disputes", "compared", "divergent", "rate"]].rename(columns={"rate": "divergence_rate"})
    table = table.merge(
        recognition[[by, "arbitration_rate", "court_rate"]].rename(
            columns={"arbitration_rate": "recognition_arbitration", "court_rate": "recognition_court"}
        ),
        on=by,
        how="left",
    )
    table = table.merge(modes, on=by, how="left")
    table = table[table[by].notna()]
    if by == "platform":
        names = platform_names(table["platform"], side_platforms)
        table["platform"] = table["platform"].map(names)
        table = table.groupby("platform", as_index=False).agg(
            disputes=("disputes", "sum"),
            compared=("compared", "sum"),
            divergent=("divergent", "sum"),
            recognition_arbitration=("recognition_arbitration", "mean"),
            recognition_court=("recognition_court", "mean"),
            employment_modes=("employment_modes", lambda s: "; ".join(x for x in s if isinstance(x, str))),
        )
        table["divergence_rate"] = (table["divergent"] / table["compared"].where(table["compared"] > 0)).round(4)
    return table


def _weighted(frame: pd.DataFrame, value: str, weight: str) -> tuple[pd.Series, pd.Series]:
    """Per-row value × weight and weight, for a weighted mean after grouping (rows without the value weigh 0)."""
    import pandas as pd

    has = frame[value].notna() if value in frame else pd.Series(False, index=frame.index)
    w = frame[weight].fillna(1) if weight in frame else pd.Series(1, index=frame.index)
    return (frame[value].fillna(0) if value in frame else 0) * w * has, w * has


def _reports(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["_income"], frame["_income_w"] = _weighted(frame, "monthly_income", "workers")
    frame["_hours"], frame["_hours_w"] = _weighted(frame, "weekly_hours", "workers")
    for column in ("workers", "complaints"):
        if column not in frame:
            frame[column] = 0
    out = (
        frame.groupby(by)
        .agg(
            report_workers=("workers", "sum"),
            complaints=("complaints", "sum"),
            _income=("_income", "sum"),
            _income_w=("_income_w", "sum"),
            _hours=("_hours", "sum"),
            _hours_w=("_hours_w", "sum"),
        )
        .reset_index()
    )
    out["monthly_income"] = (out["_income"] / out["_income_w"].where(out["_income_w"] > 0)).round(0)
    out["weekly_hours"] = (out["_hours"] / out["_hours_w"].where(out["_hours_w"] > 0)).round(1)
    return out.drop(columns=["_income", "_income_w", "_hours", "_hours_w"])


def _indicators(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    # Counts of the latest period only: summing a platform's years would count the same workers again.
    latest = frame[frame["period"] == frame.groupby(by)["period"].transform("max")]
    agg = {c: (c, "sum") for c in ("workers", "active_workers", "orders") if c in latest}
    if "commission_rate" in latest:
        agg["commission_rate"] = ("commission_rate", "mean")
    out = latest.groupby(by).agg(**agg).reset_index() if agg else latest[[by]].drop_duplicates()
    out["latest_period"] = out[by].map(latest.groupby(by)["period"].max())
    return out.rename(columns={"workers": "platform_workers"})


def _industry(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    latest = frame[frame["period"] == frame.groupby(by)["period"].transform("max")]
    agg = {"industry_employed": ("employed", "sum")}
    if "average_income" in latest:
        agg["industry_income"] = ("average_income", "mean")
    return latest.groupby(by).agg(**agg).reset_index().round({"industry_income": 0})
