"""Review: an attempt's transcript with the scorer's evidence, overrides, and calibration.

An override is a `Review` row kept beside the automatic score; the latest per (attempt, criterion)
is in force. Services take the session first, enforce the rules, flush, and never commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from scoring import CRITERIA, default_rubric, weighted_total

from .. import access, events
from ..errors import Conflict, TrainerError
from ..models import Attempt, BimtekSession, Review, ScenarioVersion, User, utcnow
from ..practice.services import COMMUNICATION_SHARE, case_of, highlight

OVERRIDABLE = (*CRITERIA, "routing")
MAX_REASON_CHARS = 2000
VERDICT_POINTS = {"correct": 2, "acceptable": 1, "wrong": 0}


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


def criterion_labels() -> dict[str, str]:
    """Return the Indonesian label of every overridable criterion."""
    rubric = default_rubric()
    labels = {key: rubric.spec.criteria[key].label.id for key in CRITERIA}
    labels["routing"] = _("Disposisi")
    return labels


def auto_points(attempt: Attempt, criterion: str) -> int | None:
    """Return the scorer's points for a criterion of the attempt (routing: its route points)."""
    if criterion == "routing":
        return attempt.route_points
    value: int | None = getattr(attempt, criterion)
    return value


# --- overrides -------------------------------------------------------------------------


def in_force(session: Session, attempt: Attempt) -> dict[str, Review]:
    """Return the override in force per criterion of the attempt (the latest one)."""
    reviews = session.scalars(
        select(Review).where(Review.attempt_id == attempt.id).order_by(Review.created_at, Review.id)
    ).all()
    return {r.criterion: r for r in reviews if r.criterion is not None}


def reviewed_total(attempt: Attempt, overrides: dict[str, int]) -> int:
    """Return the attempt's total with the overridden points in place of the scorer's."""
    points = {key: overrides.get(key, auto_points(attempt, key) or 0) for key in CRITERIA}
    communication = weighted_total(points, attempt.result.get("flags", []))
    routing = overrides.get("routing", attempt.route_points or 0)
    return round(COMMUNICATION_SHARE * communication + (1 - COMMUNICATION_SHARE) * 100 * routing / 2)


def record_override(
    session: Session,
    reviewer: User,
    attempt: Attempt,
    criterion: str,
    points: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> Review:
    """Record a trainer's override of one criterion (or routing) with the reason; returns it."""
    if not attempt.finished:
        raise Conflict(_("Hanya percobaan yang sudah selesai yang dapat dikoreksi."))
    if criterion not in OVERRIDABLE:
        raise TrainerError(_("Pilih kriteria yang dikoreksi."), field="criterion")
    if points not in (0, 1, 2):
        raise TrainerError(_("Poin harus 0, 1 atau 2."), field="points")
    reason = (reason or "").strip()
    if not reason:
        raise TrainerError(_("Alasan koreksi wajib diisi."), field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise TrainerError(
            _("Alasan terlalu panjang (maksimal %(n)d karakter).", n=MAX_REASON_CHARS), field="reason"
        )
    current = {key: r.points for key, r in in_force(session, attempt).items() if r.points is not None}
    current[criterion] = points
    review = Review(
        attempt_id=attempt.id,
        reviewer_id=reviewer.id,
        criterion=criterion,
        points=points,
        total=reviewed_total(attempt, current),
        reason=reason,
        created_at=now or utcnow(),
    )
    session.add(review)
    session.flush()
    events.attempt_scored(session, attempt)
    return review


@dataclass(frozen=True)
class OverrideLine:
    """One override in force, as the trainee and the trainer see it."""

    criterion: str
    label: str
    auto: int | None
    points: int
    reason: str
    reviewer: str
    created_at: datetime


@dataclass(frozen=True)
class Overrides:
    """The overrides in force on an attempt and the total they give."""

    lines: list[OverrideLine]
    total: int | None


def overrides_for(session: Session, attempt: Attempt) -> Overrides:
    """Return the overrides in force on the attempt for its feedback page and transcript."""
    labels = criterion_labels()
    found = in_force(session, attempt)
    lines = [
        OverrideLine(
            key,
            labels.get(key, key),
            auto_points(attempt, key),
            review.points if review.points is not None else 0,
            review.reason,
            review.reviewer.display_name,
            review.created_at,
        )
        for key, review in sorted(
            found.items(), key=lambda kv: OVERRIDABLE.index(kv[0]) if kv[0] in OVERRIDABLE else 99
        )
    ]
    total = reviewed_total(attempt, {line.criterion: line.points for line in lines}) if lines else None
    return Overrides(lines, total)


# --- transcript ------------------------------------------------------------------------


def transcript(session: Session, attempt: Attempt) -> dict[str, Any]:
    """Return the attempt's conversation with each reply's points and evidence, for a reviewer."""
    case_ = case_of(attempt)
    labels = criterion_labels()
    turns = []
    for turn in attempt.turns:
        line: dict[str, Any] = {
            "speaker": turn.speaker,
            "text": turn.text,
            "private": turn.private,
            "position": turn.position,
            "points": None,
            "parts": [(turn.text, False)],
        }
        if turn.speaker == "trainee" and turn.score is not None:
            spans = turn.score.evidence.get("spans", {})
            every = [s for key in CRITERIA for s in spans.get(key, [])]
            line["points"] = {key: getattr(turn.score, key) for key in CRITERIA}
            line["flags"] = list(turn.score.flags)
            line["total"] = turn.score.total
            line["parts"] = highlight(turn.text, every)
            line["by_criterion"] = [
                (key, labels[key], getattr(turn.score, key), highlight(turn.text, spans.get(key, [])))
                for key in CRITERIA
            ]
        turns.append(line)
    return {
        "attempt": attempt,
        "scenario": case_.scenario,
        "trainee": attempt.trainee,
        "turns": turns,
        "criteria": [(key, labels[key], getattr(attempt, key)) for key in CRITERIA],
        "labels": labels,
        "model_answer": case_.scenario.model_answer,
        "ownership": case_.scenario.ownership,
        "overrides": overrides_for(session, attempt),
        "history": session.scalars(
            select(Review)
            .where(Review.attempt_id == attempt.id)
            .order_by(Review.created_at.desc(), Review.id.desc())
        ).all(),
    }


# --- calibration -----------------------------------------------------------------------


def _latest_reviews_in(session: Session, user: User) -> Any:
    """Return a select of the latest review per (attempt, criterion) on attempts of the user's cohorts."""
    cohorts = access.member_cohort_ids(session, user, user.role)
    latest = select(func.max(Review.id).label("id")).group_by(Review.attempt_id, Review.criterion).subquery()
    return (
        select(Review, Attempt)
        .join(latest, latest.c.id == Review.id)
        .join(Attempt, Review.attempt_id == Attempt.id)
        .join(User, Attempt.trainee_id == User.id)
        .outerjoin(BimtekSession, Attempt.session_id == BimtekSession.id)
        .where(or_(User.cohort_id.in_(cohorts), BimtekSession.cohort_id.in_(cohorts)))
    )


@dataclass(frozen=True)
class CalibrationLine:
    """How often overrides of one criterion disagree with the scorer, and in which direction."""

    criterion: str
    label: str
    overrides: int
    disagree: int
    higher: int
    lower: int

    @property
    def rate(self) -> float | None:
        return self.disagree / self.overrides if self.overrides else None


def calibration(session: Session, user: User) -> list[CalibrationLine]:
    """Return per criterion the overrides in force and how many disagree, up or down (SQL counts)."""
    cohorts = access.member_cohort_ids(session, user, user.role)
    latest = select(func.max(Review.id).label("id")).group_by(Review.attempt_id, Review.criterion).subquery()
    auto = case(
        *[(Review.criterion == key, getattr(Attempt, key)) for key in CRITERIA],
        else_=Attempt.route_points,
    )
    rows = session.execute(
        select(
            Review.criterion,
            func.count(),
            func.sum(case((Review.points != auto, 1), else_=0)),
            func.sum(case((Review.points > auto, 1), else_=0)),
            func.sum(case((Review.points < auto, 1), else_=0)),
        )
        .join(latest, latest.c.id == Review.id)
        .join(Attempt, Review.attempt_id == Attempt.id)
        .join(User, Attempt.trainee_id == User.id)
        .outerjoin(BimtekSession, Attempt.session_id == BimtekSession.id)
        .where(or_(User.cohort_id.in_(cohorts), BimtekSession.cohort_id.in_(cohorts)))
        .group_by(Review.criterion)
    ).all()
    found = {r[0]: r for r in rows}
    labels = criterion_labels()
    return [
        CalibrationLine(key, labels[key], *(int(v or 0) for v in found.get(key, (key, 0, 0, 0, 0))[1:]))
        for key in OVERRIDABLE
    ]


@dataclass(frozen=True)
class Disagreement:
    """A reply whose criterion a trainer scored differently from the scorer."""

    attempt_id: int
    criterion: str
    label: str
    auto: int | None
    points: int
    reason: str
    reply: str
    reply_number: int | None


def disagreements(session: Session, user: User, limit: int = 500) -> list[Disagreement]:
    """Return the overridden replies that disagree with the scorer (criteria only, newest first)."""
    labels = criterion_labels()
    query = _latest_reviews_in(session, user).where(Review.criterion.in_(CRITERIA)).order_by(Review.id.desc())
    out: list[Disagreement] = []
    for review, attempt in session.execute(query.limit(limit)).all():
        auto = auto_points(attempt, review.criterion)
        if review.points == auto:
            continue
        reply, number = _source_reply(attempt, review.criterion)
        out.append(
            Disagreement(
                attempt.id,
                review.criterion,
                labels[review.criterion],
                auto,
                review.points or 0,
                review.reason,
                reply,
                number,
            )
        )
    return out


def _source_reply(attempt: Attempt, criterion: str) -> tuple[str, int | None]:
    replies = [t for t in attempt.turns if t.speaker == "trainee"]
    source = attempt.result.get("source", {}).get(criterion)
    if source is None or not 0 <= source < len(replies):
        return "", None
    return replies[source].text, source + 1


def labelled_jsonl(session: Session, user: User) -> str:
    """Return the disagreeing replies as labelled JSONL for `python -m scoring agreement`.

    One line per reply: the scorer's points for that reply with the trainers' overrides applied to
    the criteria it earned; the flags are the scorer's (a trainer does not override flags).
    """
    per_reply: dict[tuple[int, int], dict[str, Any]] = {}
    query = _latest_reviews_in(session, user).where(Review.criterion.in_(CRITERIA)).order_by(Review.id)
    for review, attempt in session.execute(query).all():
        if review.points == auto_points(attempt, review.criterion):
            continue
        source = attempt.result.get("source", {}).get(review.criterion)
        replies = [t for t in attempt.turns if t.speaker == "trainee" and t.score is not None]
        if source is None or not 0 <= source < len(replies):
            continue
        turn = replies[source]
        key = (attempt.id, source)
        if key not in per_reply and turn.score is not None:
            case_ = case_of(attempt)
            per_reply[key] = {
                "id": f"attempt{attempt.id}-reply{source + 1}",
                "channel": case_.scenario.channel,
                "complaint": case_.opening,
                "response": turn.text,
                "labels": {k: getattr(turn.score, k) for k in CRITERIA},
                "flags": list(turn.score.flags),
            }
        if key in per_reply:
            per_reply[key]["labels"][review.criterion] = review.points
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in per_reply.values())


def recent_attempts(
    session: Session, user: User, limit: int = 50
) -> list[tuple[int, str, str, int | None, int]]:
    """Return the latest finished attempts in the user's cohorts: id, trainee, scenario, total, overrides."""
    cohorts = access.member_cohort_ids(session, user, user.role)
    overrides = select(Review.attempt_id, func.count().label("n")).group_by(Review.attempt_id).subquery()
    rows = session.execute(
        select(
            Attempt.id,
            User.display_name,
            ScenarioVersion.title,
            Attempt.total,
            func.coalesce(overrides.c.n, 0),
        )
        .join(User, Attempt.trainee_id == User.id)
        .join(ScenarioVersion, Attempt.scenario_version_id == ScenarioVersion.id)
        .outerjoin(BimtekSession, Attempt.session_id == BimtekSession.id)
        .outerjoin(overrides, overrides.c.attempt_id == Attempt.id)
        .where(
            Attempt.state == "finished",
            or_(User.cohort_id.in_(cohorts), BimtekSession.cohort_id.in_(cohorts)),
        )
        .order_by(Attempt.finished_at.desc())
        .limit(limit)
    ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]
