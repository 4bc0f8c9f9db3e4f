"""trainer workspace: trainees' NIP and email (roster import)

Revision ID: 0004_training
Revises: 0003_authored_scenarios
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_training"
down_revision: str | None = "0003_authored_scenarios"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("nip", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint("uq_user_account_nip", ["nip"])


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_constraint("uq_user_account_nip", type_="unique")
        batch_op.drop_column("email")
        batch_op.drop_column("nip")
