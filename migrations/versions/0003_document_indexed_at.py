"""document indexed_at

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:01:01.792534

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indexed_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_document_indexed_at"), ["indexed_at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_indexed_at"))
        batch_op.drop_column("indexed_at")
