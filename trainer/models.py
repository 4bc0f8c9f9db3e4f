"""ORM models: people and units, cohorts and bimtek sessions, scenario versions, attempts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
    types,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(types.TypeDecorator[datetime]):
    """A DateTime stored as UTC and always read back timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with our type map."""

    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Unit(Base):
    """An agency (OPD), kelurahan, kecamatan or puskesmas that trainees work for."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class Cohort(Base):
    """A group of trainees followed across bimtek sessions (e.g. one city's complaint admins)."""

    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    city: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessions: Mapped[list[BimtekSession]] = relationship(
        back_populates="cohort", order_by="BimtekSession.starts_on"
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.name!r}>"


class User(Base):
    """Someone who logs in: an admin, a trainer, a Diskominfo reviewer or a trainee."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # From the roster import (optional): the civil-servant number is unique when given.
    nip: Mapped[str | None] = mapped_column(String(30), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))

    unit: Mapped[Unit | None] = relationship()
    cohort: Mapped[Cohort | None] = relationship()

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class CohortMember(Base):
    """A trainer or Diskominfo reviewer assigned to a cohort (trainees belong via `user.cohort_id`)."""

    __tablename__ = "cohort_member"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # "trainer" or "reviewer"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CohortMember {self.user_id} {self.role} of {self.cohort_id}>"


class BimtekSession(Base):
    """One training session of a cohort, with its dates, join code and assigned scenarios."""

    __tablename__ = "bimtek_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    is_open: Mapped[bool] = mapped_column(default=False)
    location: Mapped[str | None] = mapped_column(String(200))
    # Trainees not on the roster may join with the join code while the session is open.
    allow_self_join: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")
    assignments: Mapped[list[SessionScenario]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionScenario.position"
    )

    def __repr__(self) -> str:
        return f"<BimtekSession {self.title!r}>"


class SessionScenario(Base):
    """A scenario assigned to a bimtek session, by slug, in the trainer's order."""

    __tablename__ = "session_scenario"
    __table_args__ = (UniqueConstraint("session_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("bimtek_session.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=True, server_default=true())
    # "pre" or "post": the Diskominfo dashboard compares a pre-test with a later post-test.
    test_kind: Mapped[str | None] = mapped_column(String(10))

    session: Mapped[BimtekSession] = relationship(back_populates="assignments")

    def __repr__(self) -> str:
        return f"<SessionScenario {self.slug}>"


class ScenarioVersion(Base):
    """The exact YAML text of a scenario as a trainee saw it, identified by its hash."""

    __tablename__ = "scenario_version"
    __table_args__ = (UniqueConstraint("slug", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    yaml_text: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ScenarioVersion {self.slug}@{self.content_hash[:8]}>"


class Attempt(Base):
    """One trainee's run through one scenario version."""

    __tablename__ = "attempt"
    __table_args__ = (
        # At most one open attempt per trainee and scenario version, even when "Mulai" races itself.
        Index(
            "uq_attempt_one_open",
            "trainee_id",
            "scenario_version_id",
            unique=True,
            sqlite_where=text("state = 'in_progress'"),
            postgresql_where=text("state = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    scenario_version_id: Mapped[int] = mapped_column(ForeignKey("scenario_version.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("bimtek_session.id"), index=True)
    seed: Mapped[int]
    state: Mapped[str] = mapped_column(String(20), default="in_progress")
    mood: Mapped[int] = mapped_column(default=0)
    revealed: Mapped[list[Any]] = mapped_column(default=list)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    route_action: Mapped[str | None] = mapped_column(String(20))
    route_agency: Mapped[str | None] = mapped_column(String(40))
    route_coordinate: Mapped[list[Any]] = mapped_column(default=list)
    route_verdict: Mapped[str | None] = mapped_column(String(20))
    route_points: Mapped[int | None]
    # The attempt's points per criterion (see practice/services.py for the rule), set at finish.
    greeting: Mapped[int | None]
    verification: Mapped[int | None]
    empathy: Mapped[int | None]
    interim_solution: Mapped[int | None]
    status_followup: Mapped[int | None]
    communication: Mapped[int | None]
    total: Mapped[int | None]
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # Bumped by every write to the attempt: the UPDATE takes the row lock (PostgreSQL) or the write
    # lock (SQLite) first, so two replies to one attempt are applied one after the other.
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    trainee: Mapped[User] = relationship()
    scenario_version: Mapped[ScenarioVersion] = relationship()
    session: Mapped[BimtekSession | None] = relationship()
    turns: Mapped[list[Turn]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Turn.position"
    )
    reviews: Mapped[list[Review]] = relationship(back_populates="attempt", cascade="all, delete-orphan")

    @property
    def finished(self) -> bool:
        return self.state == "finished"

    def __repr__(self) -> str:
        return f"<Attempt {self.id} {self.state}>"


class Turn(Base):
    """One message in an attempt's conversation: the citizen's or the trainee's."""

    __tablename__ = "turn"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        UniqueConstraint("attempt_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    speaker: Mapped[str] = mapped_column(String(10))  # "citizen" or "trainee"
    text: Mapped[str] = mapped_column(Text)
    mood_after: Mapped[int]
    private: Mapped[bool] = mapped_column(default=False)  # a direct message, not a public reply
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="turns")
    score: Mapped[Score | None] = relationship(back_populates="turn", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Turn {self.attempt_id}#{self.position} {self.speaker}>"


class Score(Base):
    """The scorer's verdict on one trainee turn: points per criterion, evidence, flags."""

    __tablename__ = "score"

    id: Mapped[int] = mapped_column(primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turn.id", ondelete="CASCADE"), unique=True)
    greeting: Mapped[int]
    verification: Mapped[int]
    empathy: Mapped[int]
    interim_solution: Mapped[int]
    status_followup: Mapped[int]
    flags: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    total: Mapped[int]
    scorer_version: Mapped[str] = mapped_column(String(80))

    turn: Mapped[Turn] = relationship(back_populates="score")

    def __repr__(self) -> str:
        return f"<Score turn={self.turn_id} total={self.total}>"


class Review(Base):
    """A trainer's override of one criterion's points (or of routing, `criterion="routing"`).

    Kept beside the automatic score, never replacing it; the latest review per (attempt, criterion)
    is the one in force. `points` is 0..2 (routing: 2 correct, 1 acceptable, 0 wrong).
    """

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    criterion: Mapped[str | None] = mapped_column(String(30))
    points: Mapped[int | None]
    total: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Review attempt={self.attempt_id} {self.criterion}>"


class AuthoredScenario(Base):
    """A scenario written in the app by a trainer (bundled files stay under scenarios/)."""

    __tablename__ = "authored_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)  # draft or published
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()
    versions: Mapped[list[AuthoredVersion]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="AuthoredVersion.number"
    )

    def __repr__(self) -> str:
        return f"<AuthoredScenario {self.slug} {self.status}>"


class AuthoredVersion(Base):
    """One saved text of an authored scenario; a published scenario gets a new one per save."""

    __tablename__ = "authored_version"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("authored_scenario.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    yaml_text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scenario: Mapped[AuthoredScenario] = relationship(back_populates="versions")
    author: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<AuthoredVersion {self.scenario_id} v{self.number}>"


class AttemptSummary(Base):
    """One finished attempt as the dashboards count it: reviewed points where a review is in force.

    Maintained by `reports/summary.py` when an attempt finishes and after a trainer's override, so
    the Diskominfo dashboards aggregate one narrow, indexed table instead of attempts, reviews, JSON
    flags and turns.
    """

    __tablename__ = "attempt_summary"
    __table_args__ = (
        # Also serves the median time to first reply: an index range per session, already sorted.
        Index("ix_attempt_summary_cohort_session", "cohort_id", "session_id", "first_reply_seconds"),
        Index("ix_attempt_summary_session_trainee", "session_id", "trainee_id"),
        Index("ix_attempt_summary_cohort_unit", "cohort_id", "unit_id"),
        # The drill-down lists the newest attempts first.
        Index("ix_attempt_summary_cohort_finished", "cohort_id", "finished_at", "attempt_id"),
    )

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("bimtek_session.id", ondelete="CASCADE"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    slug: Mapped[str] = mapped_column(String(100))
    greeting: Mapped[int]
    verification: Mapped[int]
    empathy: Mapped[int]
    interim_solution: Mapped[int]
    status_followup: Mapped[int]
    route_verdict: Mapped[str] = mapped_column(String(20))
    total: Mapped[int]
    reviewed: Mapped[bool] = mapped_column(default=False)
    rejects_ownership: Mapped[bool] = mapped_column(default=False)
    blames_citizen: Mapped[bool] = mapped_column(default=False)
    discloses_identity: Mapped[bool] = mapped_column(default=False)
    impolite: Mapped[bool] = mapped_column(default=False)
    first_reply_seconds: Mapped[int | None]
    finished_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<AttemptSummary {self.attempt_id} total={self.total}>"


class SessionUnitStats(Base):
    """Sums per (bimtek session, unit) over `attempt_summary`: what the overview and per-unit views add up.

    Recomputed for the touched (session, unit) whenever a summary row changes; shares and means are
    sums divided by `attempts`, so filters by unit or unit type still add up exactly.
    """

    __tablename__ = "session_unit_stats"
    __table_args__ = (Index("ix_session_unit_stats_cohort_session", "cohort_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("bimtek_session.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    attempts: Mapped[int]
    trainees: Mapped[int]
    replied: Mapped[int]  # attempts with a first-reply time (for the median's position)
    sum_greeting: Mapped[int]
    sum_verification: Mapped[int]
    sum_empathy: Mapped[int]
    sum_interim_solution: Mapped[int]
    sum_status_followup: Mapped[int]
    two_greeting: Mapped[int]
    two_verification: Mapped[int]
    two_empathy: Mapped[int]
    two_interim_solution: Mapped[int]
    two_status_followup: Mapped[int]
    route_correct: Mapped[int]
    route_acceptable: Mapped[int]
    route_wrong: Mapped[int]
    sum_total: Mapped[int]
    reviewed: Mapped[int]
    rejects_ownership: Mapped[int]
    blames_citizen: Mapped[int]
    discloses_identity: Mapped[int]
    impolite: Mapped[int]
    bin_0: Mapped[int]
    bin_1: Mapped[int]
    bin_2: Mapped[int]
    bin_3: Mapped[int]
    bin_4: Mapped[int]
    bin_5: Mapped[int]
    bin_6: Mapped[int]
    bin_7: Mapped[int]
    bin_8: Mapped[int]
    bin_9: Mapped[int]

    def __repr__(self) -> str:
        return f"<SessionUnitStats session={self.session_id} unit={self.unit_id}>"


class TraineeSessionStats(Base):
    """Sums per (bimtek session, trainee) over `attempt_summary`: the progress view pairs these."""

    __tablename__ = "trainee_session_stats"
    __table_args__ = (Index("ix_trainee_session_stats_cohort_session", "cohort_id", "session_id"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("bimtek_session.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    attempts: Mapped[int]
    sum_greeting: Mapped[int]
    sum_verification: Mapped[int]
    sum_empathy: Mapped[int]
    sum_interim_solution: Mapped[int]
    sum_status_followup: Mapped[int]
    sum_total: Mapped[int]

    def __repr__(self) -> str:
        return f"<TraineeSessionStats session={self.session_id} trainee={self.trainee_id}>"


class SessionSlugStats(Base):
    """How many trainees of a unit finished a scenario in a bimtek session (for completion rates).

    Kept per scenario, not per "required" assignment, so a trainer changing which scenarios are
    required changes the completion rate at once.
    """

    __tablename__ = "session_slug_stats"
    __table_args__ = (Index("ix_session_slug_stats_cohort_session", "cohort_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("bimtek_session.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    slug: Mapped[str] = mapped_column(String(100))
    trainees: Mapped[int]

    def __repr__(self) -> str:
        return f"<SessionSlugStats session={self.session_id} {self.slug}>"
