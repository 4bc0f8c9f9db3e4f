"""Trainer operations: the trainer's home, bimtek sessions, the live room, self-join.

Services take the session first, enforce the rules, flush, and never commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from scoring import CRITERIA

from .. import access
from ..catalog import Catalog
from ..errors import Conflict, TrainerError
from ..models import (
    Attempt,
    BimtekSession,
    Cohort,
    ScenarioVersion,
    SessionScenario,
    Turn,
    Unit,
    User,
    utcnow,
)
from ..scenario_schema import MOODS

TEST_KINDS = ("pre", "post")
JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_STUCK_MINUTES = 5


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


# --- the trainer's home ----------------------------------------------------------------


@dataclass(frozen=True)
class SessionLine:
    """One bimtek session on the trainer's home."""

    id: int
    title: str
    cohort: str
    starts_on: date
    ends_on: date
    is_open: bool
    join_code: str
    scenarios: int


def trainer_cohorts(session: Session, user: User) -> list[Cohort]:
    """Return the cohorts the user trains, by name."""
    ids = access.member_cohort_ids(session, user, "trainer")
    if not ids:
        return []
    return list(session.scalars(select(Cohort).where(Cohort.id.in_(ids)).order_by(Cohort.name)))


def home(session: Session, user: User) -> tuple[list[Cohort], list[SessionLine]]:
    """Return the trainer's cohorts and their sessions (latest first) with assignment counts."""
    cohorts = trainer_cohorts(session, user)
    counts = (
        select(SessionScenario.session_id, func.count().label("n"))
        .group_by(SessionScenario.session_id)
        .subquery()
    )
    rows = session.execute(
        select(BimtekSession, Cohort.name, func.coalesce(counts.c.n, 0))
        .join(Cohort, BimtekSession.cohort_id == Cohort.id)
        .outerjoin(counts, counts.c.session_id == BimtekSession.id)
        .where(BimtekSession.cohort_id.in_([c.id for c in cohorts]))
        .order_by(BimtekSession.starts_on.desc(), BimtekSession.id.desc())
    ).all()
    lines = [
        SessionLine(b.id, b.title, name, b.starts_on, b.ends_on, b.is_open, b.join_code, n)
        for b, name, n in rows
    ]
    return cohorts, lines


@dataclass(frozen=True)
class TraineeLine:
    """One trainee on the roster page."""

    id: int
    username: str
    display_name: str
    unit: str | None
    nip: str | None
    finished: int


def cohort_trainees(session: Session, cohort: Cohort) -> list[TraineeLine]:
    """Return the cohort's trainees with their unit and finished attempts (one query)."""
    finished = (
        select(Attempt.trainee_id, func.count().label("n"))
        .where(Attempt.state == "finished")
        .group_by(Attempt.trainee_id)
        .subquery()
    )
    rows = session.execute(
        select(User.id, User.username, User.display_name, Unit.name, User.nip, func.coalesce(finished.c.n, 0))
        .outerjoin(Unit, User.unit_id == Unit.id)
        .outerjoin(finished, finished.c.trainee_id == User.id)
        .where(User.cohort_id == cohort.id, User.role == "trainee")
        .order_by(User.display_name, User.id)
    ).all()
    return [TraineeLine(*row) for row in rows]


def room_session(session: Session, cohort: Cohort) -> BimtekSession | None:
    """Return the session whose join code goes on login cards: the open one, else the latest."""
    return session.scalar(
        select(BimtekSession)
        .where(BimtekSession.cohort_id == cohort.id)
        .order_by(BimtekSession.is_open.desc(), BimtekSession.starts_on.desc(), BimtekSession.id.desc())
        .limit(1)
    )


# --- sessions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """A scenario chosen for a session, with its place and kind."""

    slug: str
    position: int
    required: bool = True
    test_kind: str | None = None


def new_join_code(session: Session) -> str:
    """Return an unused join code (8 characters that read unambiguously)."""
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(8))
        if session.scalar(select(BimtekSession.id).where(BimtekSession.join_code == code)) is None:
            return code


def save_session(
    session: Session,
    catalog: Catalog,
    cohort: Cohort,
    *,
    title: str,
    starts_on: date,
    ends_on: date,
    location: str | None,
    allow_self_join: bool,
    assignments: list[Assignment],
    bimtek: BimtekSession | None = None,
) -> BimtekSession:
    """Create a session in the cohort (or update `bimtek`) with its scenarios in order."""
    title = title.strip()
    if not title:
        raise TrainerError(_("Judul sesi wajib diisi."), field="title")
    if ends_on < starts_on:
        raise TrainerError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="ends_on")
    unknown = [a.slug for a in assignments if a.slug not in catalog.scenarios]
    if unknown:
        raise TrainerError(
            _("Skenario tidak dikenal: %(slugs)s", slugs=", ".join(unknown)), field="scenarios"
        )
    bad_kind = [a.slug for a in assignments if a.test_kind not in (None, *TEST_KINDS)]
    if bad_kind:
        raise TrainerError(
            _("Jenis tes tidak sah untuk: %(slugs)s", slugs=", ".join(bad_kind)), field="scenarios"
        )
    if bimtek is None:
        bimtek = BimtekSession(cohort_id=cohort.id, join_code=new_join_code(session), is_open=False)
        session.add(bimtek)
    bimtek.title = title
    bimtek.starts_on, bimtek.ends_on = starts_on, ends_on
    bimtek.location = (location or "").strip() or None
    bimtek.allow_self_join = allow_self_join
    ordered = sorted(assignments, key=lambda a: a.position)
    existing = {a.slug: a for a in bimtek.assignments}
    wanted = {a.slug for a in ordered}
    for slug, row in existing.items():
        if slug not in wanted:
            bimtek.assignments.remove(row)
    session.flush()
    for position, chosen in enumerate(ordered):
        row = existing.get(chosen.slug)
        if row is None:
            row = SessionScenario(slug=chosen.slug)
            bimtek.assignments.append(row)
        row.position, row.required, row.test_kind = position, chosen.required, chosen.test_kind
    session.flush()
    return bimtek


def open_session(session: Session, bimtek: BimtekSession) -> None:
    """Open the session to its cohort's trainees."""
    if not bimtek.assignments:
        raise Conflict(_("Tetapkan setidaknya satu skenario sebelum membuka sesi."))
    bimtek.is_open = True
    session.flush()


def in_progress_attempts(session: Session, bimtek: BimtekSession) -> list[tuple[int, str, str]]:
    """Return (attempt id, trainee name, scenario title) of the session's unfinished attempts."""
    rows = session.execute(
        select(Attempt.id, User.display_name, ScenarioVersion.title)
        .join(User, Attempt.trainee_id == User.id)
        .join(ScenarioVersion, Attempt.scenario_version_id == ScenarioVersion.id)
        .where(Attempt.session_id == bimtek.id, Attempt.state == "in_progress")
        .order_by(User.display_name)
    ).all()
    return [(a_id, name, title) for a_id, name, title in rows]


def close_session(
    session: Session, bimtek: BimtekSession, *, abandon_unfinished: bool, now: datetime | None = None
) -> int:
    """Close the session; with `abandon_unfinished` close its open attempts as unfinished.

    Returns how many attempts were closed. Without it, open attempts stay as they are.
    """
    bimtek.is_open = False
    closed = 0
    if abandon_unfinished:
        now = now or utcnow()
        attempts = session.scalars(
            select(Attempt).where(Attempt.session_id == bimtek.id, Attempt.state == "in_progress")
        ).all()
        for attempt in attempts:
            attempt.state = "abandoned"
            attempt.end_reason = "closed_by_trainer"
            attempt.finished_at = now
            closed += 1
    session.flush()
    return closed


def join_session(session: Session, user: User, code: str) -> BimtekSession:
    """Put a trainee without a cohort into the cohort of the open session with this join code."""
    bimtek = session.scalar(
        select(BimtekSession).where(BimtekSession.join_code == (code or "").strip().upper())
    )
    if bimtek is None or not bimtek.is_open:
        raise TrainerError(_("Kode gabung tidak ditemukan atau sesinya belum dibuka."), field="code")
    if user.cohort_id == bimtek.cohort_id:
        return bimtek
    if not bimtek.allow_self_join:
        raise TrainerError(
            _("Sesi ini tidak menerima peserta baru lewat kode; hubungi pelatih Anda."), field="code"
        )
    if user.cohort_id is not None:
        raise TrainerError(
            _("Anda sudah terdaftar di kelompok lain; minta pelatih memindahkan Anda."), field="code"
        )
    user.cohort_id = bimtek.cohort_id
    session.flush()
    return bimtek


# --- the live room ---------------------------------------------------------------------


@dataclass(frozen=True)
class LiveRow:
    """One trainee × assigned scenario in the live room."""

    trainee_id: int
    username: str
    display_name: str
    slug: str
    title: str
    state: str  # not_started, in_progress, finished (abandoned attempts show as not_started)
    attempt_id: int | None
    turns: int
    mood: str | None
    points: dict[str, int | None]
    total: int | None
    verdict: str | None
    stuck: bool
    idle_minutes: int | None


@dataclass(frozen=True)
class LiveRoom:
    """Everything the live table shows, gathered with two queries."""

    rows: list[LiveRow]
    averages: dict[str, float | None]
    counts: dict[str, int]
    stuck_minutes: int


def live_room(
    session: Session,
    catalog: Catalog,
    bimtek: BimtekSession,
    *,
    stuck_minutes: int = DEFAULT_STUCK_MINUTES,
    now: datetime | None = None,
) -> LiveRoom:
    """Return the live table: one row per trainee × assigned scenario, stuck flags, class averages."""
    now = now or utcnow()
    slugs = [a.slug for a in bimtek.assignments]
    trainees = session.execute(
        select(User.id, User.username, User.display_name)
        .where(User.cohort_id == bimtek.cohort_id, User.role == "trainee", User.active.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
    trainee_turns = func.sum(case((Turn.speaker == "trainee", 1), else_=0))
    attempts = session.execute(
        select(
            Attempt.id,
            Attempt.trainee_id,
            ScenarioVersion.slug,
            Attempt.state,
            Attempt.mood,
            Attempt.total,
            Attempt.route_verdict,
            *[getattr(Attempt, key) for key in CRITERIA],
            trainee_turns,
            func.max(Turn.created_at),
        )
        .join(ScenarioVersion, Attempt.scenario_version_id == ScenarioVersion.id)
        .outerjoin(Turn, Turn.attempt_id == Attempt.id)
        .where(Attempt.session_id == bimtek.id, Attempt.state.in_(("in_progress", "finished")))
        .group_by(Attempt.id, ScenarioVersion.slug)
        .order_by(Attempt.id)
    ).all()
    # The latest attempt per trainee and scenario wins (ordered by id, later rows overwrite).
    latest: dict[tuple[int, str], Any] = {(a[1], a[2]): a for a in attempts}
    rows: list[LiveRow] = []
    for trainee_id, username, name in trainees:
        for slug in slugs:
            loaded = catalog.get(slug)
            title = loaded.scenario.title if loaded else slug
            found = latest.get((trainee_id, slug))
            if found is None:
                rows.append(
                    LiveRow(
                        trainee_id,
                        username,
                        name,
                        slug,
                        title,
                        "not_started",
                        None,
                        0,
                        None,
                        dict.fromkeys(CRITERIA),
                        None,
                        None,
                        False,
                        None,
                    )
                )
                continue
            a_id, _t, _s, state, mood, total, verdict = found[:7]
            points = dict(zip(CRITERIA, found[7 : 7 + len(CRITERIA)], strict=True))
            turns, last = found[7 + len(CRITERIA)], found[8 + len(CRITERIA)]
            last = _aware(last)
            idle = int((now - last).total_seconds() // 60) if last is not None else None
            stuck = state == "in_progress" and idle is not None and idle >= stuck_minutes
            rows.append(
                LiveRow(
                    trainee_id,
                    username,
                    name,
                    slug,
                    title,
                    state,
                    a_id,
                    int(turns or 0),
                    MOODS[mood] if 0 <= mood < len(MOODS) else None,
                    points,
                    total,
                    verdict,
                    stuck,
                    idle if state == "in_progress" else None,
                )
            )
    finished = [r for r in rows if r.state == "finished"]
    averages = {
        key: (sum(r.points[key] or 0 for r in finished) / len(finished) if finished else None)
        for key in CRITERIA
    }
    counts = {
        state: sum(1 for r in rows if r.state == state)
        for state in ("not_started", "in_progress", "finished")
    }
    counts["stuck"] = sum(1 for r in rows if r.stuck)
    return LiveRoom(rows, averages, counts, stuck_minutes)


def _aware(value: datetime | None) -> datetime | None:
    # MAX() over a column loses the column's type on SQLite: the value may come back naive or as text.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def assigned_for_form(
    catalog: Catalog, bimtek: BimtekSession | None, ticked: set[str] | None = None
) -> list[dict[str, Any]]:
    """Return one line per catalogue scenario for the session form: chosen ones first, in order.

    `ticked` (the slugs of a refused submission) overrides which boxes are checked.
    """
    chosen = {a.slug: a for a in bimtek.assignments} if bimtek else {}
    lines = []
    for index, (slug, loaded) in enumerate(sorted(catalog.scenarios.items())):
        row = chosen.get(slug)
        lines.append(
            {
                "slug": slug,
                "title": loaded.scenario.title,
                "channel": loaded.scenario.channel,
                "difficulty": loaded.scenario.difficulty,
                "checked": (slug in ticked) if ticked is not None else row is not None,
                "position": (row.position + 1) if row else len(chosen) + index + 1,
                "required": row.required if row else True,
                "test_kind": row.test_kind if row else "",
            }
        )
    lines.sort(key=lambda line: (not line["checked"], line["position"]))
    return lines


def stuck_minutes_from(value: str | None) -> int:
    """Return the stuck threshold from a query value (1..120), else the default."""
    if value and value.isdigit() and 1 <= int(value) <= 120:
        return int(value)
    return DEFAULT_STUCK_MINUTES
