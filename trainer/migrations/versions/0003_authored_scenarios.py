"""authored scenarios and their versions

Revision ID: 0003_authored_scenarios
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_authored_scenarios"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "authored_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    with op.batch_alter_table("authored_scenario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authored_scenario_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_authored_scenario_status"), ["status"], unique=False)
    op.create_table(
        "authored_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["scenario_id"], ["authored_scenario.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scenario_id", "number"),
    )
    with op.batch_alter_table("authored_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authored_version_scenario_id"), ["scenario_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("authored_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authored_version_scenario_id"))
    op.drop_table("authored_version")
    with op.batch_alter_table("authored_scenario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authored_scenario_status"))
        batch_op.drop_index(batch_op.f("ix_authored_scenario_owner_id"))
    op.drop_table("authored_scenario")
