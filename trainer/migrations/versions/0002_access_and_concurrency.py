"""cohort membership; one open attempt per trainee and version; attempt lock version; session fields

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("state = 'in_progress'")


def upgrade() -> None:
    op.create_table(
        "cohort_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cohort_id", "user_id", "role"),
    )
    op.create_index("ix_cohort_member_cohort_id", "cohort_member", ["cohort_id"])
    op.create_index("ix_cohort_member_user_id", "cohort_member", ["user_id"])
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("bimtek_session") as batch_op:
        batch_op.add_column(sa.Column("location", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("allow_self_join", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("session_scenario") as batch_op:
        batch_op.add_column(sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column("test_kind", sa.String(length=10), nullable=True))
    op.create_index(
        "uq_attempt_one_open",
        "attempt",
        ["trainee_id", "scenario_version_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_attempt_one_open", table_name="attempt")
    with op.batch_alter_table("session_scenario") as batch_op:
        batch_op.drop_column("test_kind")
        batch_op.drop_column("required")
    with op.batch_alter_table("bimtek_session") as batch_op:
        batch_op.drop_column("allow_self_join")
        batch_op.drop_column("location")
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.drop_column("version")
    op.drop_index("ix_cohort_member_user_id", table_name="cohort_member")
    op.drop_index("ix_cohort_member_cohort_id", table_name="cohort_member")
    op.drop_table("cohort_member")
