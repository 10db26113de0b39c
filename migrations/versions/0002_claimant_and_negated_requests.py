"""claimant and negated requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:17:16.865866

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimant", sa.String(length=16), server_default="worker", nullable=False))
        batch_op.add_column(sa.Column("negated", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("negated")
        batch_op.drop_column("claimant")
