"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:23:54.858481

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "dispute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute")),
    )
    op.create_table(
        "ingest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("running", "completed", "failed", name="runstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("paths", sa.JSON(), nullable=False),
        sa.Column("files_seen", sa.Integer(), nullable=False),
        sa.Column("documents_new", sa.Integer(), nullable=False),
        sa.Column("documents_existing", sa.Integer(), nullable=False),
        sa.Column("quarantined", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_run")),
    )
    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind", sa.Enum("person", "organisation", name="partykind", native_enum=False, length=32), nullable=False
        ),
        sa.Column(
            "org_category",
            sa.Enum("platform", "contractor", "other", name="orgcategory", native_enum=False, length=32),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_name"), ["name"], unique=False)

    op.create_table(
        "proceeding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=True),
        sa.Column(
            "stage",
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
        sa.Column("body", sa.String(length=200), nullable=True),
        sa.Column("province", sa.String(length=32), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("case_number_raw", sa.String(length=120), nullable=True),
        sa.Column("case_number", sa.String(length=120), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("link_confidence", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["dispute_id"], ["dispute.id"], name=op.f("fk_proceeding_dispute_id_dispute")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding")),
        sa.UniqueConstraint("case_number", name=op.f("uq_proceeding_case_number")),
    )
    with op.batch_alter_table("proceeding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proceeding_dispute_id"), ["dispute_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proceeding_province"), ["province"], unique=False)

    op.create_table(
        "quarantined_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("member", sa.String(length=500), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_run.id"], name=op.f("fk_quarantined_file_run_id_ingest_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantined_file")),
    )
    with op.batch_alter_table("quarantined_file", schema=None) as batch_op:
        batch_op.create_index("ix_quarantined_file_path", ["path"], unique=False)
        batch_op.create_index(batch_op.f("ix_quarantined_file_run_id"), ["run_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "arbitration_award",
                "judgment",
                "ruling",
                "hearing_note",
                "mediation_record",
                "execution_record",
                "other",
                name="documentkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_path", sa.String(length=1000), nullable=False),
        sa.Column("source_member", sa.String(length=500), nullable=True),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("encoding", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=True),
        sa.Column("extraction", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["proceeding_id"], ["proceeding.id"], name=op.f("fk_document_proceeding_id_proceeding")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("sha256", name=op.f("uq_document_sha256")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_proceeding_id"), ["proceeding_id"], unique=False)

    op.create_table(
        "proceeding_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "applicant",
                "respondent",
                "plaintiff",
                "defendant",
                "appellant",
                "appellee",
                "third_party",
                name="partyrole",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_proceeding_party_party_id_party")),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["proceeding.id"],
            name=op.f("fk_proceeding_party_proceeding_id_proceeding"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding_party")),
        sa.UniqueConstraint("proceeding_id", "party_id", "role", name=op.f("uq_proceeding_party_proceeding_id")),
    )
    with op.batch_alter_table("proceeding_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proceeding_party_party_id"), ["party_id"], unique=False)

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("claim_type", sa.String(length=32), nullable=False),
        sa.Column("claimant_party_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("amount_claimed", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.ForeignKeyConstraint(["claimant_party_id"], ["party.id"], name=op.f("fk_claim_claimant_party_id_party")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_claim_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_claim_type"), ["claim_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_document_id"), ["document_id"], unique=False)

    op.create_table(
        "claim_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
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
            nullable=False,
        ),
        sa.Column("amount_awarded", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claim_outcome_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_claim_outcome_document_id_document")),
        sa.ForeignKeyConstraint(
            ["proceeding_id"], ["proceeding.id"], name=op.f("fk_claim_outcome_proceeding_id_proceeding")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_outcome")),
        sa.UniqueConstraint("claim_id", "proceeding_id", name=op.f("uq_claim_outcome_claim_id")),
    )
    with op.batch_alter_table("claim_outcome", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_outcome_proceeding_id"), ["proceeding_id"], unique=False)

    op.create_table(
        "divergence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("claim_type", sa.String(length=32), nullable=False),
        sa.Column("arbitration_outcome_id", sa.Integer(), nullable=True),
        sa.Column("court_outcome_id", sa.Integer(), nullable=True),
        sa.Column(
            "direction",
            sa.Enum("pro_worker", "pro_employer", "same", name="direction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("divergence_type", sa.String(length=32), nullable=False),
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
        batch_op.create_index(batch_op.f("ix_divergence_dispute_id"), ["dispute_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_divergence_divergence_type"), ["divergence_type"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("divergence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_divergence_divergence_type"))
        batch_op.drop_index(batch_op.f("ix_divergence_dispute_id"))

    op.drop_table("divergence")
    with op.batch_alter_table("claim_outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_outcome_proceeding_id"))

    op.drop_table("claim_outcome")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_document_id"))
        batch_op.drop_index(batch_op.f("ix_claim_claim_type"))

    op.drop_table("claim")
    with op.batch_alter_table("proceeding_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proceeding_party_party_id"))

    op.drop_table("proceeding_party")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_proceeding_id"))
        batch_op.drop_index(batch_op.f("ix_document_kind"))

    op.drop_table("document")
    with op.batch_alter_table("quarantined_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantined_file_run_id"))
        batch_op.drop_index("ix_quarantined_file_path")

    op.drop_table("quarantined_file")
    with op.batch_alter_table("proceeding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proceeding_province"))
        batch_op.drop_index(batch_op.f("ix_proceeding_dispute_id"))

    op.drop_table("proceeding")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_name"))

    op.drop_table("party")
    op.drop_table("ingest_run")
    op.drop_table("dispute")
