"""Claim comparisons written straight into the database, for statistics and export tests that must know the answer."""

from __future__ import annotations

from decimal import Decimal

from store.models import ClaimComparison, Direction, Dispute, Outcome, Stage


def add_comparisons(session, rows: list[dict]) -> None:
    """One dispute per distinct `dispute` key; every row names its outcomes and attributes, the rest defaults."""
    disputes: dict[int, Dispute] = {}
    for i, r in enumerate(rows):
        dispute = disputes.setdefault(r.get("dispute", i), Dispute())
        arbitration, court = r.get("arbitration"), r.get("court")
        divergent = r.get("divergent")
        session.add(
            ClaimComparison(
                dispute=dispute,
                ordinal=i + 1,
                claim_type=r.get("claim_type", "工资报酬"),
                claimant="worker",
                claim_text=r.get("text", "支付工资"),
                amount_claimed=Decimal("1000.50"),
                arbitration_outcome=Outcome(arbitration) if arbitration else None,
                first_instance_outcome=Outcome(court) if court else None,
                first_instance_amount=Decimal(str(r["court_amount"])) if r.get("court_amount") is not None else None,
                court_stage=Stage.first_instance if court else None,
                divergent=divergent,
                direction=Direction(r["direction"]) if r.get("direction") else None,
                change="",
                divergence_type=r.get("type"),
                evidence=[{"quote": q} for q in r.get("quotes", [])],
                province=r.get("province"),
                year=r.get("year"),
                employment_mode=r.get("mode"),
                platform_work=r.get("platform_work"),
                platform=r.get("platform"),
            )
        )
    session.flush()
