"""document features for similar cases, stored when a document is indexed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 02:35:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "document_features",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("grams", sa.LargeBinary(), nullable=False),
        sa.Column("masked_tokens", sa.Text(), nullable=False),
        sa.Column("masked_grams", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_features_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_features")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("document_features")
