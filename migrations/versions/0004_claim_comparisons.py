"""claim comparisons replace the unused divergence table; disputes record when they were last analysed

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:43:10.679029

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "claim_comparison",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("claim_type", sa.String(length=32), nullable=False),
        sa.Column("claimant", sa.String(length=16), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("amount_claimed", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "arbitration_outcome",
            sa.Enum(
                "granted",
                "partly_granted",
                "rejected",
                "not_ruled",
                "inadmissible",
                name="outcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("arbitration_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "first_instance_outcome",
            sa.Enum(
                "granted",
                "partly_granted",
                "rejected",
                "not_ruled",
                "inadmissible",
                name="outcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("first_instance_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "second_instance_outcome",
            sa.Enum(
                "granted",
                "partly_granted",
                "rejected",
                "not_ruled",
                "inadmissible",
                name="outcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("second_instance_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "retrial_outcome",
            sa.Enum(
                "granted",
                "partly_granted",
                "rejected",
                "not_ruled",
                "inadmissible",
                name="outcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("retrial_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "court_stage",
            sa.Enum(
                "arbitration",
                "first_instance",
                "second_instance",
                "retrial",
                "execution",
                name="stage",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("divergent", sa.Boolean(), nullable=True),
        sa.Column(
            "direction",
            sa.Enum("pro_worker", "pro_employer", "same", name="direction", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("change", sa.String(length=120), nullable=False),
        sa.Column("divergence_type", sa.String(length=32), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("arbitration_case_number", sa.String(length=120), nullable=True),
        sa.Column("court_case_number", sa.String(length=120), nullable=True),
        sa.Column("province", sa.String(length=32), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("commission", sa.String(length=200), nullable=True),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("platform_work", sa.Boolean(), nullable=True),
        sa.Column("platform", sa.String(length=200), nullable=True),
        sa.Column("occupation", sa.String(length=64), nullable=True),
        sa.Column("employment_mode", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["dispute.id"], name=op.f("fk_claim_comparison_dispute_id_dispute"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_comparison")),
    )
    with op.batch_alter_table("claim_comparison", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_comparison_claim_type"), ["claim_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_comparison_dispute_id"), ["dispute_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_comparison_divergence_type"), ["divergence_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_comparison_divergent"), ["divergent"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_comparison_province"), ["province"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_comparison_year"), ["year"], unique=False)

    with op.batch_alter_table("divergence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_divergence_dispute_id"))
        batch_op.drop_index(batch_op.f("ix_divergence_divergence_type"))

    op.drop_table("divergence")
    with op.batch_alter_table("dispute", schema=None) as batch_op:
        batch_op.add_column(sa.Column("analysed_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_dispute_analysed_at"), ["analysed_at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("dispute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_analysed_at"))
        batch_op.drop_column("analysed_at")

    op.create_table(
        "divergence",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("dispute_id", sa.INTEGER(), nullable=False),
        sa.Column("claim_type", sa.VARCHAR(length=32), nullable=False),
        sa.Column("arbitration_outcome_id", sa.INTEGER(), nullable=True),
        sa.Column("court_outcome_id", sa.INTEGER(), nullable=True),
        sa.Column("direction", sa.VARCHAR(length=32), nullable=False),
        sa.Column("divergence_type", sa.VARCHAR(length=32), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["arbitration_outcome_id"],
            ["claim_outcome.id"],
            name=op.f("fk_divergence_arbitration_outcome_id_claim_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["court_outcome_id"], ["claim_outcome.id"], name=op.f("fk_divergence_court_outcome_id_claim_outcome")
        ),
        sa.ForeignKeyConstraint(["dispute_id"], ["dispute.id"], name=op.f("fk_divergence_dispute_id_dispute")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_divergence")),
    )
    with op.batch_alter_table("divergence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_divergence_divergence_type"), ["divergence_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_divergence_dispute_id"), ["dispute_id"], unique=False)

    with op.batch_alter_table("claim_comparison", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_comparison_year"))
        batch_op.drop_index(batch_op.f("ix_claim_comparison_province"))
        batch_op.drop_index(batch_op.f("ix_claim_comparison_divergent"))
        batch_op.drop_index(batch_op.f("ix_claim_comparison_divergence_type"))
        batch_op.drop_index(batch_op.f("ix_claim_comparison_dispute_id"))
        batch_op.drop_index(batch_op.f("ix_claim_comparison_claim_type"))

    op.drop_table("claim_comparison")
