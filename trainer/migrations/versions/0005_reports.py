"""dashboard summary: one row per finished session attempt, reviewed points in force, flags as columns

Revision ID: 0005_reports
Revises: 0004_training
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_reports"
down_revision: str | None = "0004_training"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CRITERIA = ("greeting", "verification", "empathy", "interim_solution", "status_followup")
FLAGS = ("rejects_ownership", "blames_citizen", "discloses_identity", "impolite")
VERDICTS = {2: "correct", 1: "acceptable", 0: "wrong"}


def upgrade() -> None:
    op.create_table(
        "attempt_summary",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(length=100), nullable=False),
        *[sa.Column(key, sa.Integer(), nullable=False) for key in CRITERIA],
        sa.Column("route_verdict", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        *[sa.Column(flag, sa.Boolean(), nullable=False) for flag in FLAGS],
        sa.Column("first_reply_seconds", sa.Integer(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["bimtek_session.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["trainee_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("attempt_id"),
    )
    op.create_index(
        "ix_attempt_summary_cohort_session",
        "attempt_summary",
        ["cohort_id", "session_id", "first_reply_seconds"],
    )
    op.create_index("ix_attempt_summary_session_trainee", "attempt_summary", ["session_id", "trainee_id"])
    op.create_index("ix_attempt_summary_cohort_unit", "attempt_summary", ["cohort_id", "unit_id"])
    op.create_index(
        "ix_attempt_summary_cohort_finished", "attempt_summary", ["cohort_id", "finished_at", "attempt_id"]
    )
    op.create_table(
        "session_unit_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in UNIT_SUMS],
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["bimtek_session.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_session_unit_stats_cohort_session", "session_unit_stats", ["cohort_id", "session_id"])
    op.create_table(
        "trainee_session_stats",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in TRAINEE_SUMS],
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["bimtek_session.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["trainee_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "trainee_id"),
    )
    op.create_index(
        "ix_trainee_session_stats_cohort_session", "trainee_session_stats", ["cohort_id", "session_id"]
    )
    op.create_table(
        "session_slug_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("trainees", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["bimtek_session.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_session_slug_stats_cohort_session", "session_slug_stats", ["cohort_id", "session_id"])
    _backfill()
    _backfill_stats()


UNIT_SUMS = (
    "attempts", "trainees", "replied", *[f"sum_{k}" for k in CRITERIA], *[f"two_{k}" for k in CRITERIA],
    "route_correct", "route_acceptable", "route_wrong", "sum_total", "reviewed", *FLAGS,
    *[f"bin_{b}" for b in range(10)],
)  # fmt: skip
TRAINEE_SUMS = ("attempts", *[f"sum_{k}" for k in CRITERIA], "sum_total")


def _backfill_stats() -> None:
    """Add up the summary per (session, unit) and per (session, trainee)."""
    bind = op.get_bind()
    bucket = "CASE WHEN total >= 100 THEN 9 ELSE total / 10 END"
    unit_values = [
        "COUNT(*)", "COUNT(DISTINCT trainee_id)", "COUNT(first_reply_seconds)", *[f"SUM({k})" for k in CRITERIA],
        *[f"SUM(CASE WHEN {k} = 2 THEN 1 ELSE 0 END)" for k in CRITERIA],
        *[f"SUM(CASE WHEN route_verdict = '{v}' THEN 1 ELSE 0 END)" for v in ("correct", "acceptable", "wrong")],
        "SUM(total)", "SUM(CASE WHEN reviewed THEN 1 ELSE 0 END)",
        *[f"SUM(CASE WHEN {f} THEN 1 ELSE 0 END)" for f in FLAGS],
        *[f"SUM(CASE WHEN {bucket} = {b} THEN 1 ELSE 0 END)" for b in range(10)],
    ]  # fmt: skip
    bind.execute(
        sa.text(
            f"INSERT INTO session_unit_stats (cohort_id, session_id, unit_id, {', '.join(UNIT_SUMS)}) "
            f"SELECT cohort_id, session_id, unit_id, {', '.join(unit_values)} FROM attempt_summary "
            "GROUP BY cohort_id, session_id, unit_id"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO session_slug_stats (cohort_id, session_id, unit_id, slug, trainees) "
            "SELECT cohort_id, session_id, unit_id, slug, COUNT(DISTINCT trainee_id) FROM attempt_summary "
            "GROUP BY cohort_id, session_id, unit_id, slug"
        )
    )
    trainee_values = ["COUNT(*)", *[f"SUM({k})" for k in CRITERIA], "SUM(total)"]
    bind.execute(
        sa.text(
            f"INSERT INTO trainee_session_stats (session_id, trainee_id, cohort_id, {', '.join(TRAINEE_SUMS)}) "
            f"SELECT session_id, trainee_id, cohort_id, {', '.join(trainee_values)} FROM attempt_summary "
            "GROUP BY session_id, trainee_id, cohort_id"
        )
    )


def _backfill() -> None:
    """Fill the summary from finished session attempts (automatic points), then apply any reviews."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        seconds = "CAST(EXTRACT(EPOCH FROM (ft.first_at - a.started_at)) AS INTEGER)"
    else:
        seconds = "CAST(ROUND((julianday(ft.first_at) - julianday(a.started_at)) * 86400) AS INTEGER)"
    flags = ", ".join(f"CAST(a.result AS TEXT) LIKE '%\"{flag}\"%'" for flag in FLAGS)
    criteria = ", ".join(f"COALESCE(a.{key}, 0)" for key in CRITERIA)
    bind.execute(
        sa.text(
            f"""
            INSERT INTO attempt_summary (attempt_id, cohort_id, session_id, trainee_id, unit_id, slug,
                {", ".join(CRITERIA)}, route_verdict, total, reviewed, {", ".join(FLAGS)},
                first_reply_seconds, finished_at)
            SELECT a.id, s.cohort_id, a.session_id, a.trainee_id, u.unit_id, v.slug, {criteria},
                COALESCE(a.route_verdict, 'wrong'), COALESCE(a.total, 0), false, {flags},
                {seconds}, a.finished_at
            FROM attempt a
            JOIN bimtek_session s ON s.id = a.session_id
            JOIN user_account u ON u.id = a.trainee_id
            JOIN scenario_version v ON v.id = a.scenario_version_id
            LEFT JOIN (SELECT attempt_id, MIN(created_at) AS first_at FROM turn
                       WHERE speaker = 'trainee' GROUP BY attempt_id) ft ON ft.attempt_id = a.id
            WHERE a.state = 'finished' AND a.finished_at IS NOT NULL
            """
        )
    )
    # Reviews written before this revision (few, if any): apply the latest per criterion in Python,
    # recomputing the total with the scorer's own formula.
    from scoring import weighted_total

    reviewed = bind.execute(
        sa.text(
            "SELECT r.attempt_id, r.criterion, r.points FROM review r JOIN attempt_summary s "
            "ON s.attempt_id = r.attempt_id WHERE r.points IS NOT NULL ORDER BY r.created_at, r.id"
        )
    ).all()
    latest: dict[int, dict[str, int]] = {}
    for attempt_id, criterion, points in reviewed:
        latest.setdefault(attempt_id, {})[criterion] = points
    for attempt_id, overrides in latest.items():
        row = (
            bind.execute(sa.text("SELECT * FROM attempt_summary WHERE attempt_id = :i"), {"i": attempt_id})
            .mappings()
            .one()
        )
        points = {key: overrides.get(key, row[key]) for key in CRITERIA}
        routing = overrides.get("routing", {"correct": 2, "acceptable": 1}.get(row["route_verdict"], 0))
        flags_raised = [flag for flag in FLAGS if row[flag]]
        total = round(0.8 * weighted_total(points, flags_raised) + 0.2 * 100 * routing / 2)
        bind.execute(
            sa.text(
                f"UPDATE attempt_summary SET {', '.join(f'{k} = :{k}' for k in CRITERIA)}, "
                "route_verdict = :verdict, total = :total, reviewed = true WHERE attempt_id = :i"
            ),
            {**points, "verdict": VERDICTS[routing], "total": total, "i": attempt_id},
        )


def downgrade() -> None:
    op.drop_index("ix_session_slug_stats_cohort_session", table_name="session_slug_stats")
    op.drop_table("session_slug_stats")
    op.drop_index("ix_trainee_session_stats_cohort_session", table_name="trainee_session_stats")
    op.drop_table("trainee_session_stats")
    op.drop_index("ix_session_unit_stats_cohort_session", table_name="session_unit_stats")
    op.drop_table("session_unit_stats")
    op.drop_index("ix_attempt_summary_cohort_finished", table_name="attempt_summary")
    op.drop_index("ix_attempt_summary_cohort_unit", table_name="attempt_summary")
    op.drop_index("ix_attempt_summary_session_trainee", table_name="attempt_summary")
    op.drop_index("ix_attempt_summary_cohort_session", table_name="attempt_summary")
    op.drop_table("attempt_summary")
