"""Risk warnings (风险预警): the rules in config/warnings.toml, evaluated over the case statistics and the side data
after every ingest. A warning that still holds keeps when it was first seen; one that no longer holds is resolved."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from config.settings import CONFIG_DIR
from nlp.model import Side
from services.portrait import platform_names, side_frame
from services.stats import StatsQuery, divergence_table, recognition_drift
from store.models import RiskWarning, utcnow
from wording.labels import SOURCE_LABELS

RULES_FILE = CONFIG_DIR / "warnings.toml"
SEVERITIES = ("high", "medium", "low")


class RuleError(ValueError):
    """A rule in the rules file cannot be evaluated; the message names it."""


@dataclass(frozen=True)
class Found:
    rule: str
    subject: str
    severity: str
    message: str
    figures: dict


def load_rules(path: Path = RULES_FILE) -> list[dict]:
    with open(path, "rb") as fh:
        rules = tomllib.load(fh).get("rule", [])
    for r in rules:
        if r.get("check") not in CHECKS:
            raise RuleError(
                f"{path}: rule {r.get('name')!r} has unknown check {r.get('check')!r}; known: {', '.join(CHECKS)}"
            )
        if r.get("severity") not in SEVERITIES:
            raise RuleError(
                f"{path}: rule {r.get('name')!r} has severity {r.get('severity')!r}; "
                f"expected one of {', '.join(SEVERITIES)}"
            )
    return rules


def evaluate(session: Session, rules: list[dict] | None = None) -> list[Found]:
    found = []
    for rule in rules if rules is not None else load_rules():
        for subject, figures in CHECKS[rule["check"]](session, rule):
            try:
                message = rule["message"].format(subject=subject, **figures)
            except (KeyError, ValueError) as exc:
                raise RuleError(f"rule {rule['name']!r}: its message does not fit the figures ({exc})") from None
            found.append(Found(rule["name"], subject, rule["severity"], message, figures))
    return found


def refresh(sessions: sessionmaker, rules: list[dict] | None = None) -> dict:
    """Evaluate every rule and store the result: new warnings, those still holding, those resolved."""
    with sessions.begin() as session:
        found = {(f.rule, f.subject): f for f in evaluate(session, rules)}
        now = utcnow()
        stored = {(w.rule, w.subject): w for w in session.scalars(select(RiskWarning))}
        counts = {"new": 0, "holding": 0, "resolved": 0}
        for key, f in found.items():
            w = stored.get(key)
            if w is None:
                session.add(
                    RiskWarning(
                        rule=f.rule,
                        subject=f.subject,
                        severity=f.severity,
                        message=f.message,
                        figures=f.figures,
                        first_seen=now,
                        last_seen=now,
                    )
                )
                counts["new"] += 1
                continue
            if w.resolved_at is not None:  # it came back: a new episode
                w.first_seen, w.resolved_at = now, None
                counts["new"] += 1
            else:
                counts["holding"] += 1
            w.severity, w.message, w.figures, w.last_seen = f.severity, f.message, f.figures, now
        for key, w in stored.items():
            if key not in found and w.resolved_at is None:
                w.resolved_at = now
                counts["resolved"] += 1
    return counts


def refresh_warnings(sessions: sessionmaker) -> dict:
    """`refresh` for the end of an ingest run: a broken rules file is reported in the run, never failing it."""
    try:
        return refresh(sessions)
    except (RuleError, OSError, tomllib.TOMLDecodeError) as exc:
        return {"error": str(exc)}


def active(session: Session, include_resolved: bool = False) -> list[RiskWarning]:
    stmt = select(RiskWarning)
    if not include_resolved:
        stmt = stmt.where(RiskWarning.resolved_at.is_(None))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(session.scalars(stmt), key=lambda w: (w.resolved_at is not None, rank[w.severity], w.rule, w.subject))


def warning_dict(w: RiskWarning) -> dict:
    return {
        "id": w.id,
        "rule": w.rule,
        "severity": w.severity,
        "subject": w.subject,
        "message": w.message,
        "figures": w.figures,
        "first_seen": w.first_seen.isoformat(timespec="seconds") + "Z",
        "last_seen": w.last_seen.isoformat(timespec="seconds") + "Z",
        "resolved_at": w.resolved_at.isoformat(timespec="seconds") + "Z" if w.resolved_at else None,
    }


# --- checks: each yields (subject, figures) for every subject the rule holds for --------------------------------

Check = Callable[[Session, dict], Iterator[tuple[str, dict]]]


def _rising_together(session: Session, rule: dict) -> Iterator[tuple[str, dict]]:
    """Complaints about a subject grew while its divergence rate rose, between its last two years of data."""
    by = rule["subject"]
    reports = side_frame(session, "worker_report")
    if reports.empty or "complaints" not in reports or reports[by].isna().all():
        return
    complaints = reports.groupby([by, "year"])["complaints"].sum()
    rates = divergence_table(session, StatsQuery((by, "year")))
    if rates.empty:
        return
    if by == "platform":
        rates[by] = rates[by].map(platform_names(rates[by], reports[by]))
        rates = rates.groupby([by, "year"], as_index=False)[["compared", "divergent"]].sum()
        rates["rate"] = rates["divergent"] / rates["compared"]
    rates = rates[rates["compared"] >= rule["min_compared"]].set_index([by, "year"])
    for subject in sorted(set(complaints.index.get_level_values(0))):
        years = sorted(complaints.loc[subject].index)
        if len(years) < 2:
            continue
        before, now = years[-2], years[-1]
        c_before, c_now = int(complaints.loc[(subject, before)]), int(complaints.loc[(subject, now)])
        if (subject, before) not in rates.index or (subject, now) not in rates.index or c_before <= 0:
            continue
        growth = (c_now - c_before) / c_before
        r_before, r_now = float(rates.loc[(subject, before), "rate"]), float(rates.loc[(subject, now), "rate"])
        if growth >= rule["min_growth"] and r_now - r_before >= rule["min_rate_increase"]:
            yield (
                subject,
                {
                    "year": int(now),
                    "complaints_before": c_before,
                    "complaints_now": c_now,
                    "growth": round(growth, 4),
                    "rate_before": round(r_before, 4),
                    "rate_now": round(r_now, 4),
                },
            )


def _recognition_shift(session: Session, rule: dict) -> Iterator[tuple[str, dict]]:
    """A region's recognition rate for one employment mode moved sharply from one year to the next, at the
    commission or in court."""
    table = recognition_drift(session, StatsQuery(("region", "employment_mode", "year")))
    table = table.dropna(subset=["region", "employment_mode", "year"])
    for (region, mode), group in table.groupby(["region", "employment_mode"]):
        group = group.sort_values("year")
        for stage in Side:
            decided = group[group[f"{stage}_decided"] >= rule["min_decided"]]
            for (_, a), (_, b) in zip(decided.iloc[:-1].iterrows(), decided.iloc[1:].iterrows()):
                change = b[f"{stage}_rate"] - a[f"{stage}_rate"]
                if abs(change) >= rule["min_change"] and b["year"] == a["year"] + 1:
                    yield (
                        f"{region}·{mode}·{stage}·{int(b['year'])}",
                        {
                            "region": region,
                            "employment_mode": mode,
                            "stage": SOURCE_LABELS[stage],
                            "year_before": int(a["year"]),
                            "year": int(b["year"]),
                            "rate_before": round(float(a[f"{stage}_rate"]), 4),
                            "rate_now": round(float(b[f"{stage}_rate"]), 4),
                            "change": round(float(change), 4),
                        },
                    )


def _rate_above(session: Session, rule: dict) -> Iterator[tuple[str, dict]]:
    table = divergence_table(session, StatsQuery((rule["subject"],)))
    table = table[(table["compared"] >= rule["min_compared"]) & (table["rate"] >= rule["min_rate"])]
    for _, row in table.dropna(subset=[rule["subject"]]).iterrows():
        yield (
            str(row[rule["subject"]]),
            {"rate": float(row["rate"]), "divergent": int(row["divergent"]), "compared": int(row["compared"])},
        )


def _income_below(session: Session, rule: dict) -> Iterator[tuple[str, dict]]:
    """Workers' reported income far below the industry's average for the same occupation, region and year."""
    reports, industry = side_frame(session, "worker_report"), side_frame(session, "industry_employment")
    keys = ["region", "occupation", "year"]
    if reports.empty or industry.empty or "monthly_income" not in reports or "average_income" not in industry:
        return
    reports = reports.dropna(subset=["monthly_income", *keys])
    weights = reports["workers"].fillna(1) if "workers" in reports else 1
    reports = reports.assign(_w=weights, _x=reports["monthly_income"] * weights)
    income = reports.groupby(["platform", *keys], dropna=False)[["_x", "_w"]].sum().reset_index()
    income["income"] = income["_x"] / income["_w"]
    average = industry.dropna(subset=["average_income"]).groupby(keys)["average_income"].mean().rename("industry")
    joined = income.merge(average.reset_index(), on=keys)
    # The latest year each platform, region and occupation has figures for: one warning each, not one a year.
    joined = joined[
        joined["year"] == joined.groupby(["platform", "region", "occupation"], dropna=False)["year"].transform("max")
    ]
    joined["ratio"] = joined["income"] / joined["industry"]
    for _, row in joined[joined["ratio"] < rule["max_ratio"]].iterrows():
        platform = row["platform"] if isinstance(row["platform"], str) else "（未注明平台）"
        yield (
            f"{platform}·{row['region']}·{row['occupation']}·{int(row['year'])}",
            {
                "platform": platform,
                "region": row["region"],
                "occupation": row["occupation"],
                "year": int(row["year"]),
                "income": round(float(row["income"]), 2),
                "industry": round(float(row["industry"]), 2),
                "ratio": round(float(row["ratio"]), 4),
            },
        )


CHECKS: dict[str, Check] = {
    "rising_together": _rising_together,
    "recognition_shift": _recognition_shift,
    "rate_above": _rate_above,
    "income_below": _income_below,
}
