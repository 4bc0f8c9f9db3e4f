"""The dashboard summary table, kept in step with attempts and reviews through `events`.

Every figure uses the reviewed score where one exists: the latest review per (attempt, criterion)
is in force, and the total is recomputed from the reviewed points with the scorer's own formula.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scoring import CRITERIA, FLAGS, weighted_total

from .. import events
from ..models import Attempt, AttemptSummary, BimtekSession, Review, Turn

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
    """Write the attempt's summary row (or remove it when it no longer counts); flush only."""
    session.execute(delete(AttemptSummary).where(AttemptSummary.attempt_id == attempt.id))
    if attempt.state != "finished" or attempt.session_id is None or attempt.finished_at is None:
        session.flush()
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


events.on_attempt_scored(refresh_summary)
