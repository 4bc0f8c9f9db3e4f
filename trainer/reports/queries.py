"""SQL aggregation for the Diskominfo dashboards: GROUP BY in the database, never rows in Python.

Every query reads `attempt_summary` (one row per finished session attempt, reviewed points in
force) and returns small grouped rows: one per session, unit, unit type, trainee or histogram bin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, distinct, func, literal, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from scoring import CRITERIA, FLAGS

from ..models import AttemptSummary, BimtekSession, SessionScenario, Unit, User

S = AttemptSummary
HISTOGRAM_BINS = 10


@dataclass(frozen=True)
class Filters:
    """What the reviewer narrowed the view to (kept in the URL): session, unit type, unit."""

    session_id: int | None = None
    unit_type: str | None = None
    unit_id: int | None = None

    def apply(self, query: Select[Any], *, session: bool = True) -> Select[Any]:
        """Restrict a query over `attempt_summary` to these filters."""
        if session and self.session_id is not None:
            query = query.where(S.session_id == self.session_id)
        if self.unit_id is not None:
            query = query.where(S.unit_id == self.unit_id)
        if self.unit_type is not None:
            query = query.where(S.unit_id.in_(select(Unit.id).where(Unit.type == self.unit_type)))
        return query


def _share(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.avg(case((condition, 1.0), else_=0.0))


def _criterion_columns() -> list[ColumnElement[Any]]:
    columns: list[ColumnElement[Any]] = []
    for key in CRITERIA:
        column = getattr(S, key)
        columns.append(func.avg(column * 1.0).label(f"mean_{key}"))
        columns.append(_share(column == 2).label(f"share2_{key}"))
    return columns


def session_rows(db: Session, cohort_id: int, filters: Filters) -> list[dict[str, Any]]:
    """Return per session: attempts, trainees, mean points and share reaching 2 per criterion,
    routing shares, mean total, flag shares and how many attempts carry a review."""
    query = select(
        S.session_id,
        func.count().label("attempts"),
        func.count(distinct(S.trainee_id)).label("trainees"),
        *_criterion_columns(),
        _share(S.route_verdict == "correct").label("route_correct"),
        _share(S.route_verdict == "acceptable").label("route_acceptable"),
        _share(S.route_verdict == "wrong").label("route_wrong"),
        func.avg(S.total * 1.0).label("mean_total"),
        *[_share(getattr(S, flag)).label(f"flag_{flag}") for flag in FLAGS],
        func.sum(case((S.reviewed, 1), else_=0)).label("reviewed"),
    ).where(S.cohort_id == cohort_id)
    rows = db.execute(filters.apply(query, session=False).group_by(S.session_id)).mappings().all()
    return [dict(row) for row in rows]


def median_first_reply(db: Session, cohort_id: int, filters: Filters) -> dict[int, float]:
    """Return {session_id: median seconds from opening to the first reply} (window functions)."""
    seconds = S.first_reply_seconds
    ranked = filters.apply(
        select(
            S.session_id,
            seconds.label("v"),
            func.row_number().over(partition_by=S.session_id, order_by=seconds).label("rn"),
            func.count().over(partition_by=S.session_id).label("n"),
        ).where(S.cohort_id == cohort_id, seconds.is_not(None)),
        session=False,
    ).subquery()
    middle = ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
    rows = db.execute(
        select(ranked.c.session_id, func.avg(ranked.c.v * 1.0)).where(middle).group_by(ranked.c.session_id)
    ).all()
    return {session_id: float(value) for session_id, value in rows}


def cohort_trainee_count(db: Session, cohort_id: int, filters: Filters) -> int:
    """Return how many trainees the cohort has (within the unit filters)."""
    query = select(func.count()).select_from(User).where(User.cohort_id == cohort_id, User.role == "trainee")
    if filters.unit_id is not None:
        query = query.where(User.unit_id == filters.unit_id)
    if filters.unit_type is not None:
        query = query.where(User.unit_id.in_(select(Unit.id).where(Unit.type == filters.unit_type)))
    return db.scalar(query) or 0


def completion(db: Session, cohort_id: int, filters: Filters) -> dict[int, tuple[int, int]]:
    """Return {session_id: (required scenarios finished by trainees, required scenarios × trainees)}."""
    trainees = cohort_trainee_count(db, cohort_id, filters)
    required = dict(
        db.execute(
            select(SessionScenario.session_id, func.count())
            .join(BimtekSession, BimtekSession.id == SessionScenario.session_id)
            .where(BimtekSession.cohort_id == cohort_id, SessionScenario.required.is_(True))
            .group_by(SessionScenario.session_id)
        ).all()
    )
    done_pairs = filters.apply(
        select(S.session_id, S.trainee_id, S.slug)
        .join(
            SessionScenario,
            and_(
                SessionScenario.session_id == S.session_id,
                SessionScenario.slug == S.slug,
                SessionScenario.required.is_(True),
            ),
        )
        .where(S.cohort_id == cohort_id)
        .distinct(),
        session=False,
    ).subquery()
    done = dict(
        db.execute(select(done_pairs.c.session_id, func.count()).group_by(done_pairs.c.session_id)).all()
    )
    return {sid: (done.get(sid, 0), count * trainees) for sid, count in required.items()}


def cohort_units(db: Session, cohort_id: int, filters: Filters) -> list[Unit]:
    """Return the units the cohort's trainees work for (within the filters), by name."""
    query = (
        select(Unit)
        .where(Unit.id.in_(select(User.unit_id).where(User.cohort_id == cohort_id, User.role == "trainee")))
        .order_by(Unit.name)
    )
    if filters.unit_id is not None:
        query = query.where(Unit.id == filters.unit_id)
    if filters.unit_type is not None:
        query = query.where(Unit.type == filters.unit_type)
    return list(db.scalars(query))


def group_rows(db: Session, cohort_id: int, filters: Filters, by: str) -> dict[Any, dict[str, Any]]:
    """Return {unit id or unit type: attempts, trainees, means and shares} for the filters."""
    key = S.unit_id if by == "unit" else Unit.type
    query = select(
        key.label("key"),
        func.count().label("attempts"),
        func.count(distinct(S.trainee_id)).label("trainees"),
        *_criterion_columns(),
        func.avg(S.total * 1.0).label("mean_total"),
        _share(S.route_verdict == "correct").label("route_correct"),
    ).where(S.cohort_id == cohort_id)
    if by != "unit":
        query = query.join(Unit, Unit.id == S.unit_id)
    rows = db.execute(filters.apply(query).group_by(key)).mappings().all()
    return {row["key"]: dict(row) for row in rows}


def _trainee_means(cohort_id: int, session_id: int, slugs: list[str] | None, filters: Filters) -> Any:
    query = select(
        S.trainee_id,
        *[func.avg(getattr(S, key) * 1.0).label(key) for key in CRITERIA],
        func.avg(S.total * 1.0).label("total"),
    ).where(S.cohort_id == cohort_id, S.session_id == session_id)
    if slugs:
        query = query.where(S.slug.in_(slugs))
    return filters.apply(query, session=False).group_by(S.trainee_id).subquery()


MEASURES = (*CRITERIA, "total")


def progress_by(
    db: Session,
    cohort_id: int,
    pair: tuple[int, int],
    slugs: tuple[list[str] | None, list[str] | None],
    filters: Filters,
    by: str,
) -> list[dict[str, Any]]:
    """Return per unit, unit type, trainee or the whole cohort (`by` = "unit", "type", "trainee",
    "all"): paired trainees, mean change per criterion and total, and how many improved, stayed,
    fell; the sum of squared changes too, for a confidence interval."""
    a = _trainee_means(cohort_id, pair[0], slugs[0], filters)
    b = _trainee_means(cohort_id, pair[1], slugs[1], filters)
    trainee = aliased(User)
    columns: list[ColumnElement[Any]] = [func.count().label("paired")]
    for m in MEASURES:
        diff = b.c[m] - a.c[m]
        columns += [
            func.avg(a.c[m]).label(f"before_{m}"),
            func.avg(b.c[m]).label(f"after_{m}"),
            func.avg(diff).label(f"delta_{m}"),
            func.sum(diff * diff).label(f"sq_{m}"),
            func.sum(case((diff > 0, 1), else_=0)).label(f"up_{m}"),
            func.sum(case((diff == 0, 1), else_=0)).label(f"same_{m}"),
            func.sum(case((diff < 0, 1), else_=0)).label(f"down_{m}"),
        ]
    key: ColumnElement[Any]
    if by == "unit":
        key = trainee.unit_id
    elif by == "type":
        key = Unit.type
    elif by == "trainee":
        key = a.c.trainee_id
    else:
        key = literal(0)
    query = (
        select(key.label("key"), *columns)
        .select_from(a)
        .join(b, b.c.trainee_id == a.c.trainee_id)
        .join(trainee, trainee.id == a.c.trainee_id)
    )
    if by == "type":
        query = query.join(Unit, Unit.id == trainee.unit_id)
    return [dict(row) for row in db.execute(query.group_by(key)).mappings().all()]


def participants_by(
    db: Session, cohort_id: int, session_id: int, slugs: list[str] | None, filters: Filters, by: str
) -> dict[Any, int]:
    """Return {group key: trainees with a finished attempt in the session} (for who did only one)."""
    means = _trainee_means(cohort_id, session_id, slugs, filters)
    trainee = aliased(User)
    if by == "unit":
        key: ColumnElement[Any] = trainee.unit_id
    elif by == "type":
        key = Unit.type
    else:
        key = literal(0)
    query = select(key, func.count()).select_from(means).join(trainee, trainee.id == means.c.trainee_id)
    if by == "type":
        query = query.join(Unit, Unit.id == trainee.unit_id)
    return dict(db.execute(query.group_by(key)).all())


def trainee_progress(
    db: Session,
    cohort_id: int,
    pair: tuple[int, int],
    slugs: tuple[list[str] | None, list[str] | None],
    filters: Filters,
    *,
    limit: int | None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Return one row per trainee of the cohort who did either session: both sessions' means, by name."""
    a = _trainee_means(cohort_id, pair[0], slugs[0], filters)
    b = _trainee_means(cohort_id, pair[1], slugs[1], filters)
    columns = [a.c[m].label(f"before_{m}") for m in MEASURES] + [b.c[m].label(f"after_{m}") for m in MEASURES]
    query = (
        select(User.id, User.display_name, Unit.name.label("unit"), *columns)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .outerjoin(a, a.c.trainee_id == User.id)
        .outerjoin(b, b.c.trainee_id == User.id)
        .where(User.cohort_id == cohort_id, User.role == "trainee")
        .where((a.c.trainee_id.is_not(None)) | (b.c.trainee_id.is_not(None)))
        .order_by(User.display_name, User.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in db.execute(query).mappings().all()]


def histogram(db: Session, cohort_id: int, filters: Filters) -> list[tuple[int, int, int]]:
    """Return (session_id, bin 0..9, attempts) for totals in bins of ten (100 falls in the last)."""
    bucket = case((S.total >= 100, HISTOGRAM_BINS - 1), else_=S.total // 10)
    query = filters.apply(
        select(S.session_id, bucket.label("bin"), func.count()).where(S.cohort_id == cohort_id), session=False
    ).group_by(S.session_id, bucket)
    return [(sid, int(b), n) for sid, b, n in db.execute(query).all()]


def attempt_list(
    db: Session,
    cohort_id: int,
    filters: Filters,
    *,
    criterion: str | None = None,
    points: int | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Return the attempts behind a cell (newest first) with trainee, unit and session."""
    query = (
        select(
            S.attempt_id,
            S.session_id,
            BimtekSession.title.label("session_title"),
            User.display_name.label("trainee"),
            Unit.name.label("unit"),
            S.slug,
            *[getattr(S, key) for key in CRITERIA],
            S.route_verdict,
            S.total,
            S.reviewed,
            *[getattr(S, flag) for flag in FLAGS],
            S.finished_at,
        )
        .join(User, User.id == S.trainee_id)
        .join(BimtekSession, BimtekSession.id == S.session_id)
        .outerjoin(Unit, Unit.id == S.unit_id)
        .where(S.cohort_id == cohort_id)
        .order_by(S.finished_at.desc(), S.attempt_id.desc())
        .offset(offset)
    )
    if criterion in CRITERIA and points is not None:
        query = query.where(getattr(S, criterion) == points)
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in db.execute(filters.apply(query)).mappings().all()]


def attempt_count(
    db: Session, cohort_id: int, filters: Filters, *, criterion: str | None = None, points: int | None = None
) -> int:
    """Return how many attempts `attempt_list` would page through."""
    query = select(func.count()).select_from(S).where(S.cohort_id == cohort_id)
    if criterion in CRITERIA and points is not None:
        query = query.where(getattr(S, criterion) == points)
    return db.scalar(filters.apply(query)) or 0
