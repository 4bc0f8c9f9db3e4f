"""SQL aggregation for the Diskominfo dashboards: GROUP BY in the database, never rows in Python.

Every query reads `attempt_summary` (one row per finished session attempt, reviewed points in
force) and returns small grouped rows: one per session, unit, unit type, trainee or histogram bin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from scoring import CRITERIA, FLAGS

from ..models import (
    AttemptSummary,
    BimtekSession,
    SessionScenario,
    SessionSlugStats,
    SessionUnitStats,
    TraineeSessionStats,
    Unit,
    User,
)

S = AttemptSummary
U = SessionUnitStats
T = TraineeSessionStats
HISTOGRAM_BINS = 10


@dataclass(frozen=True)
class Filters:
    """What the reviewer narrowed the view to (kept in the URL): session, unit type, unit."""

    session_id: int | None = None
    unit_type: str | None = None
    unit_id: int | None = None

    def apply(self, query: Select[Any], *, session: bool = True, table: Any = S) -> Select[Any]:
        """Restrict a query over `attempt_summary` (or `session_unit_stats`) to these filters."""
        if session and self.session_id is not None:
            query = query.where(table.session_id == self.session_id)
        if self.unit_id is not None:
            query = query.where(table.unit_id == self.unit_id)
        if self.unit_type is not None:
            query = query.where(table.unit_id.in_(select(Unit.id).where(Unit.type == self.unit_type)))
        return query

    def apply_trainee(self, query: Select[Any], trainee_id: Any) -> Select[Any]:
        """Restrict a per-trainee query to trainees of the filtered unit or unit type."""
        if self.unit_id is None and self.unit_type is None:
            return query
        trainees = select(User.id)
        if self.unit_id is not None:
            trainees = trainees.where(User.unit_id == self.unit_id)
        if self.unit_type is not None:
            trainees = trainees.where(User.unit_id.in_(select(Unit.id).where(Unit.type == self.unit_type)))
        return query.where(trainee_id.in_(trainees))


def _ratio(numerator: Any) -> ColumnElement[Any]:
    return func.sum(numerator) * 1.0 / func.sum(U.attempts)


def _criterion_columns() -> list[ColumnElement[Any]]:
    columns: list[ColumnElement[Any]] = []
    for key in CRITERIA:
        columns.append(_ratio(getattr(U, f"sum_{key}")).label(f"mean_{key}"))
        columns.append(_ratio(getattr(U, f"two_{key}")).label(f"share2_{key}"))
    return columns


def session_rows(db: Session, cohort_id: int, filters: Filters) -> list[dict[str, Any]]:
    """Return per session: attempts, trainees, mean points and share reaching 2 per criterion,
    routing shares, mean total, flag shares and how many attempts carry a review."""
    query = select(
        U.session_id,
        func.sum(U.attempts).label("attempts"),
        func.sum(U.trainees).label("trainees"),
        *_criterion_columns(),
        _ratio(U.route_correct).label("route_correct"),
        _ratio(U.route_acceptable).label("route_acceptable"),
        _ratio(U.route_wrong).label("route_wrong"),
        _ratio(U.sum_total).label("mean_total"),
        *[_ratio(getattr(U, flag)).label(f"flag_{flag}") for flag in FLAGS],
        func.sum(U.reviewed).label("reviewed"),
    ).where(U.cohort_id == cohort_id)
    query = filters.apply(query, session=False, table=U).group_by(U.session_id)
    return [dict(row) for row in db.execute(query).mappings().all()]


def median_first_reply(db: Session, cohort_id: int, filters: Filters) -> dict[int, float]:
    """Return {session_id: median seconds from opening to the first reply}.

    The count per session comes from the rollup, then the middle one or two values are read off the
    (cohort, session, seconds) index, so a session of 50,000 attempts costs an index range, not a sort.
    """
    seconds = S.first_reply_seconds
    counts = db.execute(
        filters.apply(
            select(U.session_id, func.sum(U.replied)).where(U.cohort_id == cohort_id), session=False, table=U
        ).group_by(U.session_id)
    ).all()
    medians = {}
    for session_id, n in counts:
        if not n:
            continue
        middle = db.scalars(
            filters.apply(
                select(seconds).where(
                    S.cohort_id == cohort_id, S.session_id == session_id, seconds.is_not(None)
                ),
                session=False,
            )
            .order_by(seconds)
            .offset((n - 1) // 2)
            .limit(1 if n % 2 else 2)
        ).all()
        medians[session_id] = sum(middle) / len(middle)
    return medians


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
    slugs = SessionSlugStats
    query = (
        select(slugs.session_id, func.sum(slugs.trainees))
        .join(
            SessionScenario,
            and_(
                SessionScenario.session_id == slugs.session_id,
                SessionScenario.slug == slugs.slug,
                SessionScenario.required.is_(True),
            ),
        )
        .where(slugs.cohort_id == cohort_id)
    )
    done = dict(db.execute(filters.apply(query, session=False, table=slugs).group_by(slugs.session_id)).all())
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
    key = U.unit_id if by == "unit" else Unit.type
    query = select(
        key.label("key"),
        func.sum(U.attempts).label("attempts"),
        func.sum(U.trainees).label("trainees"),
        *_criterion_columns(),
        _ratio(U.sum_total).label("mean_total"),
        _ratio(U.route_correct).label("route_correct"),
    ).where(U.cohort_id == cohort_id)
    if by != "unit":
        query = query.join(Unit, Unit.id == U.unit_id)
    rows = db.execute(filters.apply(query, table=U).group_by(key)).mappings().all()
    return {row["key"]: dict(row) for row in rows}


def _trainee_means(cohort_id: int, session_id: int, slugs: list[str] | None, filters: Filters) -> Any:
    """Return a subquery of each trainee's mean points in a session (over the given scenarios)."""
    if slugs:
        query = select(
            S.trainee_id,
            *[func.avg(getattr(S, key) * 1.0).label(key) for key in CRITERIA],
            func.avg(S.total * 1.0).label("total"),
        ).where(S.cohort_id == cohort_id, S.session_id == session_id, S.slug.in_(slugs))
        return filters.apply(query, session=False).group_by(S.trainee_id).subquery()
    query = select(
        T.trainee_id,
        *[(getattr(T, f"sum_{key}") * 1.0 / T.attempts).label(key) for key in CRITERIA],
        (T.sum_total * 1.0 / T.attempts).label("total"),
    ).where(T.cohort_id == cohort_id, T.session_id == session_id)
    return filters.apply_trainee(query, T.trainee_id).subquery()


MEASURES = (*CRITERIA, "total")


def _paired_trainees(
    cohort_id: int,
    pair: tuple[int, int],
    slugs: tuple[list[str] | None, list[str] | None],
    filters: Filters,
) -> Any:
    """Return a subquery with one row per trainee who did either session: `a_<m>` and `b_<m>` are the
    trainee's mean in the first and the second session (NULL when they missed it)."""
    a = _trainee_means(cohort_id, pair[0], slugs[0], filters)
    b = _trainee_means(cohort_id, pair[1], slugs[1], filters)
    both = (
        select(literal(0).label("which"), a.c.trainee_id, *[a.c[m] for m in MEASURES])
        .union_all(select(literal(1).label("which"), b.c.trainee_id, *[b.c[m] for m in MEASURES]))
        .subquery()
    )
    return (
        select(
            both.c.trainee_id,
            *[func.max(case((both.c.which == 0, both.c[m]))).label(f"a_{m}") for m in MEASURES],
            *[func.max(case((both.c.which == 1, both.c[m]))).label(f"b_{m}") for m in MEASURES],
        )
        .group_by(both.c.trainee_id)
        .subquery()
    )


def progress_by(
    db: Session,
    cohort_id: int,
    pair: tuple[int, int],
    slugs: tuple[list[str] | None, list[str] | None],
    filters: Filters,
    by: str,
) -> list[dict[str, Any]]:
    """Return per unit, unit type or the whole cohort (`by` = "unit", "type", "all"): trainees in the
    first and in the second session, those paired (in both), the mean change per criterion and total
    over the paired, how many improved, stayed, fell, and the sum of squared changes (for an interval)."""
    t = _paired_trainees(cohort_id, pair, slugs, filters)
    trainee = aliased(User)
    paired_only = t.c.b_total.is_not(None) & t.c.a_total.is_not(None)
    columns: list[ColumnElement[Any]] = [
        func.sum(case((paired_only, 1), else_=0)).label("paired"),
        func.count(t.c.a_total).label("in_before"),
        func.count(t.c.b_total).label("in_after"),
    ]
    for m in MEASURES:
        diff = t.c[f"b_{m}"] - t.c[f"a_{m}"]  # NULL unless the trainee did both sessions
        columns += [
            func.avg(case((paired_only, t.c[f"a_{m}"]))).label(f"before_{m}"),
            func.avg(case((paired_only, t.c[f"b_{m}"]))).label(f"after_{m}"),
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
    else:
        key = literal(0)
    query = select(key.label("key"), *columns).select_from(t).join(trainee, trainee.id == t.c.trainee_id)
    if by == "type":
        query = query.join(Unit, Unit.id == trainee.unit_id)
    return [dict(row) for row in db.execute(query.group_by(key)).mappings().all()]


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
    """Return one row per trainee who did either session: both sessions' means, by name."""
    t = _paired_trainees(cohort_id, pair, slugs, filters)
    columns = [t.c[f"a_{m}"].label(f"before_{m}") for m in MEASURES] + [
        t.c[f"b_{m}"].label(f"after_{m}") for m in MEASURES
    ]
    query = (
        select(User.id, User.display_name, Unit.name.label("unit"), *columns)
        .select_from(t)
        .join(User, User.id == t.c.trainee_id)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .order_by(User.display_name, User.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in db.execute(query).mappings().all()]


def histogram(db: Session, cohort_id: int, filters: Filters) -> list[tuple[int, int, int]]:
    """Return (session_id, bin 0..9, attempts) for totals in bins of ten (100 falls in the last)."""
    query = select(U.session_id, *[func.sum(getattr(U, f"bin_{b}")) for b in range(HISTOGRAM_BINS)]).where(
        U.cohort_id == cohort_id
    )
    rows = db.execute(filters.apply(query, session=False, table=U).group_by(U.session_id)).all()
    return [(row[0], b, int(row[1 + b])) for row in rows for b in range(HISTOGRAM_BINS) if row[1 + b]]


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
