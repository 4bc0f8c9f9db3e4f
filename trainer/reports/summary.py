"""The dashboard summary table, kept in step with attempts and reviews through `events`.

Every figure uses the reviewed score where one exists: the latest review per (attempt, criterion)
is in force, and the total is recomputed from the reviewed points with the scorer's own formula.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, case, delete, distinct, func, insert, select
from sqlalchemy.orm import Session

from scoring import CRITERIA, FLAGS, weighted_total

from .. import events
from ..models import (
    Attempt,
    AttemptSummary,
    BimtekSession,
    Review,
    SessionSlugStats,
    SessionUnitStats,
    TraineeSessionStats,
    Turn,
)

VERDICT_POINTS = {"correct": 2, "acceptable": 1, "wrong": 0}
POINTS_VERDICT = {points: verdict for verdict, points in VERDICT_POINTS.items()}
COMMUNICATION_SHARE = 0.8


def reviews_in_force(session: Session, attempt_id: int) -> dict[str, int]:
    """Return {criterion or "routing": points} of the latest review per criterion of an attempt."""
    rows = session.execute(
        select(Review.criterion, Review.points)
        .where(Review.attempt_id == attempt_id, Review.points.is_not(None), Review.criterion.is_not(None))
        .order_by(Review.created_at, Review.id)
    ).all()
    return {criterion: points for criterion, points in rows}


def combined_total(points: dict[str, int], flags: list[str], routing_points: int) -> int:
    """Return the attempt total from points, flags and routing (the practice rule: 80/20)."""
    communication = weighted_total(points, flags)
    return round(COMMUNICATION_SHARE * communication + (1 - COMMUNICATION_SHARE) * 100 * routing_points / 2)


def refresh_summary(session: Session, attempt: Attempt) -> None:
    """Write the attempt's summary row (or remove it when it no longer counts) and the rollups; flush only."""
    old = session.execute(
        select(AttemptSummary.session_id, AttemptSummary.unit_id, AttemptSummary.trainee_id).where(
            AttemptSummary.attempt_id == attempt.id
        )
    ).first()
    units = {(old.session_id, old.unit_id)} if old else set()
    trainees = {(old.session_id, old.trainee_id)} if old else set()
    session.execute(delete(AttemptSummary).where(AttemptSummary.attempt_id == attempt.id))
    if attempt.state != "finished" or attempt.session_id is None or attempt.finished_at is None:
        session.flush()
        refresh_stats(session, units, trainees)
        return
    overrides = reviews_in_force(session, attempt.id)
    points = {key: overrides.get(key, getattr(attempt, key) or 0) for key in CRITERIA}
    flags = [f for f in (attempt.result or {}).get("flags", []) if f in FLAGS]
    automatic_routing = VERDICT_POINTS.get(attempt.route_verdict or "wrong", 0)
    routing = overrides.get("routing", automatic_routing)
    reviewed = bool(overrides)
    total = combined_total(points, flags, routing) if reviewed else (attempt.total or 0)
    first_reply = session.scalar(
        select(Turn.created_at)
        .where(Turn.attempt_id == attempt.id, Turn.speaker == "trainee")
        .order_by(Turn.position)
        .limit(1)
    )
    cohort_id = session.scalar(select(BimtekSession.cohort_id).where(BimtekSession.id == attempt.session_id))
    session.add(
        AttemptSummary(
            attempt_id=attempt.id,
            cohort_id=cohort_id,
            session_id=attempt.session_id,
            trainee_id=attempt.trainee_id,
            unit_id=attempt.trainee.unit_id,
            slug=attempt.scenario_version.slug,
            **points,
            route_verdict=POINTS_VERDICT[routing],
            total=total,
            reviewed=reviewed,
            **{flag: flag in flags for flag in FLAGS},
            first_reply_seconds=(
                max(0, int((first_reply - attempt.started_at).total_seconds())) if first_reply else None
            ),
            finished_at=attempt.finished_at,
        )
    )
    session.flush()
    units.add((attempt.session_id, attempt.trainee.unit_id))
    trainees.add((attempt.session_id, attempt.trainee_id))
    refresh_stats(session, units, trainees)


# --- the two rollups the dashboards add up -------------------------------------------------

S = AttemptSummary
BINS = 10


@cache  # immutable (.where() copies): built once, not per finished attempt
def unit_stats_select() -> Select[Any]:
    """Return the grouped select that fills `session_unit_stats` (callers add a WHERE)."""
    bucket = case((S.total >= 100, BINS - 1), else_=S.total // 10)
    return select(
        S.cohort_id,
        S.session_id,
        S.unit_id,
        func.count(),
        func.count(distinct(S.trainee_id)),
        func.count(S.first_reply_seconds),
        *[func.sum(getattr(S, k)) for k in CRITERIA],
        *[func.sum(case((getattr(S, k) == 2, 1), else_=0)) for k in CRITERIA],
        *[func.sum(case((S.route_verdict == v, 1), else_=0)) for v in ("correct", "acceptable", "wrong")],
        func.sum(S.total),
        func.sum(case((S.reviewed, 1), else_=0)),
        *[func.sum(case((getattr(S, f), 1), else_=0)) for f in FLAGS],
        *[func.sum(case((bucket == b, 1), else_=0)) for b in range(BINS)],
    ).group_by(S.cohort_id, S.session_id, S.unit_id)


UNIT_STATS_COLUMNS = [
    "cohort_id", "session_id", "unit_id", "attempts", "trainees", "replied", *[f"sum_{k}" for k in CRITERIA],
    *[f"two_{k}" for k in CRITERIA], "route_correct", "route_acceptable", "route_wrong", "sum_total", "reviewed",
    *FLAGS, *[f"bin_{b}" for b in range(BINS)],
]  # fmt: skip


@cache  # immutable (.where() copies): built once, not per finished attempt
def trainee_stats_select() -> Select[Any]:
    """Return the grouped select that fills `trainee_session_stats` (callers add a WHERE)."""
    return select(
        S.session_id,
        S.trainee_id,
        S.cohort_id,
        func.count(),
        *[func.sum(getattr(S, k)) for k in CRITERIA],
        func.sum(S.total),
    ).group_by(S.session_id, S.trainee_id, S.cohort_id)


TRAINEE_STATS_COLUMNS = [
    "session_id",
    "trainee_id",
    "cohort_id",
    "attempts",
    *[f"sum_{k}" for k in CRITERIA],
    "sum_total",
]


@cache  # immutable (.where() copies): built once, not per finished attempt
def slug_stats_select() -> Select[Any]:
    """Return the grouped select that fills `session_slug_stats` (callers add a WHERE)."""
    return select(S.cohort_id, S.session_id, S.unit_id, S.slug, func.count(distinct(S.trainee_id))).group_by(
        S.cohort_id, S.session_id, S.unit_id, S.slug
    )


SLUG_STATS_COLUMNS = ["cohort_id", "session_id", "unit_id", "slug", "trainees"]


def _same_unit(column: Any, unit_id: int | None) -> Any:
    return column.is_(None) if unit_id is None else column == unit_id


def refresh_stats(
    session: Session, units: set[tuple[int, int | None]], trainees: set[tuple[int, int]]
) -> None:
    """Recompute the rollup rows of the given (session, unit) and (session, trainee) groups; flush only."""
    for session_id, unit_id in units:
        session.execute(
            delete(SessionUnitStats).where(
                SessionUnitStats.session_id == session_id, _same_unit(SessionUnitStats.unit_id, unit_id)
            )
        )
        query = unit_stats_select().where(S.session_id == session_id, _same_unit(S.unit_id, unit_id))
        session.execute(insert(SessionUnitStats).from_select(UNIT_STATS_COLUMNS, query))
        session.execute(
            delete(SessionSlugStats).where(
                SessionSlugStats.session_id == session_id, _same_unit(SessionSlugStats.unit_id, unit_id)
            )
        )
        query = slug_stats_select().where(S.session_id == session_id, _same_unit(S.unit_id, unit_id))
        session.execute(insert(SessionSlugStats).from_select(SLUG_STATS_COLUMNS, query))
    for session_id, trainee_id in trainees:
        session.execute(
            delete(TraineeSessionStats).where(
                TraineeSessionStats.session_id == session_id, TraineeSessionStats.trainee_id == trainee_id
            )
        )
        query = trainee_stats_select().where(S.session_id == session_id, S.trainee_id == trainee_id)
        session.execute(insert(TraineeSessionStats).from_select(TRAINEE_STATS_COLUMNS, query))
    session.flush()


def rebuild_stats(connection: Connection) -> None:
    """Rebuild the rollups from the whole summary (after a bulk load; the migration does the same)."""
    connection.execute(delete(SessionSlugStats))
    connection.execute(insert(SessionSlugStats).from_select(SLUG_STATS_COLUMNS, slug_stats_select()))
    connection.execute(delete(SessionUnitStats))
    connection.execute(delete(TraineeSessionStats))
    connection.execute(insert(SessionUnitStats).from_select(UNIT_STATS_COLUMNS, unit_stats_select()))
    connection.execute(insert(TraineeSessionStats).from_select(TRAINEE_STATS_COLUMNS, trainee_stats_select()))


events.on_attempt_scored(refresh_summary)
