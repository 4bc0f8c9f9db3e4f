"""Practice operations: what a trainee may open, attempts, replies, routing and feedback.

Services take the session first, enforce the rules, flush, and never commit. How an attempt is
scored is in practice/grading.py; how the citizen answers is in practice/conversation.py.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from scoring import CRITERIA, Result, default_rubric

from .. import events
from ..catalog import Catalog, LoadedScenario, parse_version
from ..errors import Conflict, NotFound, TrainerError
from ..identity import Citizen, fill, render_citizen
from ..models import Attempt, BimtekSession, ScenarioVersion, Score, SessionScenario, Turn, User, utcnow
from ..scenario_schema import ACTIONS, MOODS, Scenario
from .conversation import Conversation, initial_mood, play, scoring_context
from .grading import (
    COMMUNICATION_SHARE,
    ROUTING_POINTS,
    aggregate,
    attempt_total,
    communication_score,
    evidence_spans,
    routing_verdict,
    scenario_tips,
)

__all__ = ["COMMUNICATION_SHARE", "ROUTING_POINTS", "routing_verdict"]

MAX_REPLY_CHARS = 4000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


def warm_up(catalog: Catalog) -> None:
    """Load the rubric, stemmer, typo dictionary, banks and Faker now, not on a worker's first reply."""
    from scoring import Context, prepare, score

    score(
        "Slamat pagi Bapak, mohon maaf atas ketidaknyamanannya. Boleh kami tahu alamat lengkapnya? "
        "Petugas kami cek lokasi besok pagi dan kami kabari lewat WhatsApp.",
        Context(complaint="Jalan berlubang di depan rumah saya, sudah dua minggu.", channel="lapor"),
    )
    remember_library(catalog)
    for loaded in catalog.scenarios.values():  # each scenario's own banks, compiled once per worker
        prepare(scoring_context(loaded.scenario, ""))
    for loaded in list(catalog.scenarios.values())[:1]:
        render_citizen(loaded.scenario, 1)


# --- what a trainee may open ---------------------------------------------------------


def open_session_for(session: Session, user: User) -> BimtekSession | None:
    """Return the open bimtek session of the user's cohort (the latest if several)."""
    if user.cohort_id is None:
        return None
    return session.scalar(
        select(BimtekSession)
        .where(BimtekSession.cohort_id == user.cohort_id, BimtekSession.is_open.is_(True))
        .order_by(BimtekSession.starts_on.desc())
        .limit(1)
    )


def assigned_slugs(session: Session, bimtek: BimtekSession | None) -> list[str]:
    """Return the slugs assigned to a session, in the trainer's order."""
    if bimtek is None:
        return []
    return list(
        session.scalars(
            select(SessionScenario.slug)
            .where(SessionScenario.session_id == bimtek.id)
            .order_by(SessionScenario.position)
        )
    )


def scenario_for_trainee(
    session: Session, catalog: Catalog, user: User, slug: str
) -> tuple[LoadedScenario, BimtekSession | None]:
    """Return a scenario the user may practise and the session it is assigned in; else NotFound."""
    loaded = catalog.get(slug)
    if loaded is None:
        raise NotFound(_("Skenario tidak ditemukan."))
    bimtek = open_session_for(session, user)
    if slug in assigned_slugs(session, bimtek):
        return loaded, bimtek
    if loaded.scenario.free_practice:
        return loaded, None
    raise NotFound(_("Skenario tidak ditemukan."))


@dataclass(frozen=True)
class ScenarioCard:
    """One line of the trainee's list: a scenario and where the trainee stands with it."""

    slug: str
    title: str
    channel: str
    category: str
    difficulty: int
    minutes: int
    status: str  # "new", "in_progress", "done"
    best: int | None
    attempt_id: int | None


def _max_per_slug(session: Session, user: User, state: str, column: Any) -> dict[str, Any]:
    """Return {slug: max(column)} over the user's attempts in `state` (one GROUP BY query)."""
    rows = session.execute(
        select(ScenarioVersion.slug, func.max(column))
        .join(Attempt, Attempt.scenario_version_id == ScenarioVersion.id)
        .where(Attempt.trainee_id == user.id, Attempt.state == state)
        .group_by(ScenarioVersion.slug)
    ).all()
    return {slug: value for slug, value in rows}


def my_practice(
    session: Session, catalog: Catalog, user: User
) -> tuple[BimtekSession | None, list[ScenarioCard], list[ScenarioCard]]:
    """Return the open session, its assigned scenarios and the free-practice library, with status."""
    bimtek = open_session_for(session, user)
    best = _max_per_slug(session, user, "finished", Attempt.total)
    in_progress = _max_per_slug(session, user, "in_progress", Attempt.id)

    def card(loaded: LoadedScenario) -> ScenarioCard:
        s = loaded.scenario
        status = "in_progress" if loaded.slug in in_progress else "done" if loaded.slug in best else "new"
        return ScenarioCard(
            loaded.slug,
            s.title,
            s.channel,
            s.category,
            s.difficulty,
            s.estimated_minutes,
            status,
            best.get(loaded.slug),
            in_progress.get(loaded.slug),
        )

    assigned = [
        card(catalog.scenarios[slug]) for slug in assigned_slugs(session, bimtek) if slug in catalog.scenarios
    ]
    assigned_set = {c.slug for c in assigned}
    free = [card(s) for s in catalog.free_practice() if s.slug not in assigned_set]
    return bimtek, assigned, free


# --- attempts --------------------------------------------------------------------------


#: Library scenarios by (slug, exact text), as the catalog parsed them when the app started: an
#: attempt on the library's current version needs no second parse (about 20 ms of YAML and schema).
_library_scenarios: dict[tuple[str, str], Scenario] = {}


def remember_library(catalog: Catalog) -> None:
    """Let attempts on the library's scenarios reuse the catalog's parse of the same text."""
    for loaded in catalog.scenarios.values():
        _library_scenarios[loaded.slug, loaded.yaml_text] = loaded.scenario


def _parsed(slug: str, yaml_text: str) -> Scenario:
    known = _library_scenarios.get((slug, yaml_text))
    return known if known is not None else _parse_stored(slug, yaml_text)


@lru_cache(maxsize=256)
def _parse_stored(slug: str, yaml_text: str) -> Scenario:
    # An older or authored version: parsed once per worker. Keyed on the text, which is all the
    # parse depends on (ids repeat across databases: tests, a restored backup).
    return parse_version(slug, yaml_text)


@dataclass(frozen=True)
class AttemptCase:
    """The scenario as the attempt saw it, with its rendered citizen and opening."""

    scenario: Scenario
    citizen: Citizen
    opening: str


@lru_cache(maxsize=4096)
def _case(version_id: int, slug: str, yaml_text: str, seed: int) -> AttemptCase:
    # Keyed on the text too: ids repeat across databases (tests, a restored backup).
    scenario = _parsed(slug, yaml_text)
    citizen = render_citizen(scenario, seed)
    return AttemptCase(scenario, citizen, fill(scenario.opening.text, citizen))


def case_of(attempt: Attempt) -> AttemptCase:
    """Return the scenario version, citizen and opening text of an attempt (cached: all immutable)."""
    version = attempt.scenario_version
    return _case(version.id, version.slug, version.yaml_text, attempt.seed)


def version_for(session: Session, loaded: LoadedScenario) -> ScenarioVersion:
    """Return the stored version of a scenario's current text, storing it on first use."""
    version = session.scalar(
        select(ScenarioVersion).where(
            ScenarioVersion.slug == loaded.slug, ScenarioVersion.content_hash == loaded.content_hash
        )
    )
    if version is None:
        # Trainees of a room start the same new scenario at the same moment: insert unless another
        # request just did (a plain INSERT would fail one of them on the unique constraint).
        dialect = session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        session.execute(
            insert(ScenarioVersion)
            .values(
                slug=loaded.slug,
                content_hash=loaded.content_hash,
                yaml_text=loaded.yaml_text,
                title=loaded.scenario.title,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["slug", "content_hash"])
        )
        version = session.scalars(
            select(ScenarioVersion).where(
                ScenarioVersion.slug == loaded.slug, ScenarioVersion.content_hash == loaded.content_hash
            )
        ).one()
    return version


def start_attempt(
    session: Session,
    catalog: Catalog,
    user: User,
    slug: str,
    *,
    seed: int | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Resume the user's unfinished attempt at this scenario, or start a new one."""
    loaded, bimtek = scenario_for_trainee(session, catalog, user, slug)
    existing = session.scalar(
        select(Attempt)
        .join(ScenarioVersion)
        .where(Attempt.trainee_id == user.id, Attempt.state == "in_progress", ScenarioVersion.slug == slug)
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    if existing is not None:
        return existing
    return create_attempt(session, user, loaded, bimtek, seed=seed, now=now)


def create_attempt(
    session: Session,
    user: User,
    loaded: LoadedScenario,
    bimtek: BimtekSession | None,
    *,
    seed: int | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Create an attempt with its opening citizen message (no access check: callers do that)."""
    now = now or utcnow()
    attempt = Attempt(
        trainee_id=user.id,
        scenario_version=version_for(session, loaded),
        session_id=bimtek.id if bimtek else None,
        seed=seed if seed is not None else secrets.randbelow(2**31),
        mood=initial_mood(loaded.scenario),
        revealed=[],
        route_coordinate=[],
        result={},
        started_at=now,
    )
    session.add(attempt)
    session.flush()
    case = case_of(attempt)
    session.add(
        Turn(
            attempt=attempt,
            position=0,
            speaker="citizen",
            text=case.opening,
            mood_after=attempt.mood,
            created_at=now,
        )
    )
    session.flush()
    return attempt


def lock_attempt(session: Session, attempt: Attempt, *, seen_version: int | None = None) -> bool:
    """Serialise writers of one attempt, then reload it as the previous writer left it.

    The UPDATE waits for the row lock on PostgreSQL and takes SQLite's write lock (waiting out the
    busy timeout), so two tabs or a retried POST never compute the same turn position. Returns
    whether nobody wrote to the attempt since the caller read it at `seen_version`: then what the
    caller computed from its turns still holds (they are kept); otherwise they are reloaded.
    """
    # RETURNING reloads the row in the same statement (PostgreSQL, SQLite >= 3.35): no second SELECT.
    # The scenario version never changes under an attempt: keep the one already loaded.
    state = inspect(attempt)
    version = state.attrs.scenario_version.loaded_value
    turns = state.attrs.turns.loaded_value
    session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(version=Attempt.version + 1)
        .returning(Attempt),
        execution_options={"synchronize_session": False, "populate_existing": True},
    ).one()
    if isinstance(version, ScenarioVersion):
        set_committed_value(attempt, "scenario_version", version)
    unchanged = seen_version is not None and attempt.version == seen_version + 1
    if unchanged and isinstance(turns, list):
        set_committed_value(attempt, "turns", turns)
    else:
        session.expire(attempt, ["turns"])
    return unchanged


def stored_turn(session: Session, attempt_id: int, token: str) -> Turn | None:
    """Return the trainee turn already stored under this idempotency token, if any."""
    return session.scalar(select(Turn).where(Turn.attempt_id == attempt_id, Turn.idempotency_key == token))


def validate_reply(text: str) -> str:
    """Return the reply without surrounding blanks, or raise a TrainerError naming the field."""
    # Control characters (NUL above all: PostgreSQL refuses it) are no part of a reply to a citizen.
    cleaned = CONTROL_CHARS.sub("", text or "").strip()
    if not cleaned:
        raise TrainerError(_("Balasan masih kosong. Tulis balasan Anda untuk warga."), field="reply")
    if len(cleaned) > MAX_REPLY_CHARS:
        raise TrainerError(
            _(
                "Balasan terlalu panjang: %(n)d karakter, paling banyak %(max)d.",
                n=len(cleaned),
                max=MAX_REPLY_CHARS,
            ),
            field="reply",
        )
    return cleaned


@dataclass(frozen=True)
class _PlannedReply:
    """A reply's turns as computed from the attempt's turns at one version (not yet stored)."""

    reply: str
    private: bool
    position: int
    conversation: Conversation


def _plan_reply(attempt: Attempt, text: str, token: str, private: bool) -> Turn | _PlannedReply:
    """Return the turn already stored under `token`, or what this reply would store; raise if refused."""
    # The turns are loaded for the replay anyway; the unique index still refuses a racing twin.
    duplicate = next((t for t in attempt.turns if t.idempotency_key == token), None)
    if duplicate is not None:
        return duplicate
    if attempt.finished or attempt.end_reason is not None:
        raise Conflict(_("Percakapan ini sudah selesai; lanjutkan ke disposisi."))
    reply = validate_reply(text)
    case = case_of(attempt)
    private = private and case.scenario.channel == "social"
    earlier = [(t.text, t.private) for t in attempt.turns if t.speaker == "trainee"]
    conversation = play(
        case.scenario, attempt.seed, [*earlier, (reply, private)], citizen=case.citizen, remember=True
    )
    if conversation.unplayed:  # replayed, the conversation had already ended (e.g. a newer scorer)
        raise Conflict(_("Percakapan ini sudah selesai; lanjutkan ke disposisi."))
    return _PlannedReply(reply, private, len(attempt.turns), conversation)


def submit_reply(
    session: Session,
    attempt: Attempt,
    text: str,
    token: str,
    *,
    private: bool = False,
    now: datetime | None = None,
) -> Turn:
    """Store a trainee reply with its score and the citizen's answer; a repeated token stores nothing.

    Scoring and the citizen's answer are computed before the attempt is locked, so the write lock
    (SQLite has one writer at a time) is held only to store the turns; if another request wrote to
    the attempt in between, the reply is computed again under the lock.
    """
    token = (token or "")[:64] or secrets.token_hex(16)
    seen = attempt.version
    planned = _plan_reply(attempt, text, token, private)
    if not lock_attempt(session, attempt, seen_version=seen):
        planned = _plan_reply(attempt, text, token, private)
    if isinstance(planned, Turn):
        return planned
    now = now or utcnow()
    step = planned.conversation.steps[-1]
    turn = Turn(
        attempt=attempt,
        position=planned.position,
        speaker="trainee",
        text=planned.reply,
        mood_after=attempt.mood,
        private=planned.private,
        idempotency_key=token,
        created_at=now,
    )
    turn.score = _score_row(step.result)
    session.add(turn)
    session.add(
        Turn(
            attempt=attempt,
            position=planned.position + 1,
            speaker="citizen",
            text=step.message,
            mood_after=step.mood,
            created_at=now,
        )
    )
    attempt.mood = step.mood
    attempt.revealed = list(planned.conversation.revealed)
    if step.ended:
        attempt.end_reason = step.end_reason
    try:
        session.flush()
    except IntegrityError as exc:  # the same token raced in from a second request
        raise Conflict(_("Balasan ini sudah terkirim.")) from exc
    return turn


def _score_row(result: Result) -> Score:
    data = result.to_dict()
    return Score(
        **{key: result.points[key] for key in CRITERIA},
        flags=list(result.flags),
        evidence={"spans": data["evidence"], "explanations": data["explanations"]},
        total=result.total,
        scorer_version=result.version,
    )


# --- routing and the attempt's score --------------------------------------------------


def finish_attempt(
    session: Session,
    catalog_agencies: dict[str, Any],
    attempt: Attempt,
    action: str,
    agency: str,
    coordinate: list[str],
    *,
    now: datetime | None = None,
) -> Attempt:
    """Record the disposition, compute the attempt's score and close it."""
    lock_attempt(session, attempt)
    if attempt.finished:
        raise Conflict(_("Percobaan ini sudah selesai."))
    if attempt.state != "in_progress":
        raise Conflict(_("Percobaan ini sudah ditutup oleh pelatih."))
    trainee_scores = [t.score for t in attempt.turns if t.speaker == "trainee" and t.score is not None]
    if not trainee_scores:
        raise TrainerError(
            _("Kirim setidaknya satu balasan kepada warga sebelum menyelesaikan."), field="reply"
        )
    if action not in ACTIONS:
        raise TrainerError(_("Pilih tindakan admin."), field="action")
    if agency not in catalog_agencies:
        raise TrainerError(_("Pilih instansi penanggung jawab dari katalog."), field="agency")
    unknown = [c for c in coordinate if c not in catalog_agencies]
    if unknown:
        raise TrainerError(
            _("Instansi koordinasi tidak dikenal: %(codes)s", codes=", ".join(unknown)), field="coordinate"
        )
    case = case_of(attempt)
    verdict = routing_verdict(case.scenario, action, agency)
    summary = aggregate(
        [{key: getattr(s, key) for key in CRITERIA} for s in trainee_scores],
        [s.flags for s in trainee_scores],
    )
    communication = communication_score(summary)
    attempt.route_action, attempt.route_agency = action, agency
    attempt.route_coordinate = sorted(set(coordinate) - {agency})
    attempt.route_verdict, attempt.route_points = verdict, ROUTING_POINTS[verdict]
    attempt.total = attempt_total(communication, verdict)
    for key in CRITERIA:
        setattr(attempt, key, summary.points[key])
    attempt.communication = communication
    attempt.result = {
        "points": summary.points,
        "source": summary.source,
        "flags": summary.flags,
        "communication": communication,
    }
    attempt.state = "finished"
    attempt.finished_at = now or utcnow()
    session.flush()
    events.attempt_scored(session, attempt)
    return attempt


# --- feedback and history --------------------------------------------------------------


def highlight(text: str, spans: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Split text into (piece, is_evidence) parts so a template can mark evidence safely."""
    marks = sorted((s["start"], s["end"]) for s in spans if 0 <= s["start"] < s["end"] <= len(text))
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in marks:
        if start < position:
            start = position
        if start >= end:
            continue
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def feedback(session: Session, attempt: Attempt) -> dict[str, Any]:
    """Gather everything the feedback page shows, computed once here."""
    case = case_of(attempt)
    rubric = default_rubric()
    trainee_turns = [t for t in attempt.turns if t.speaker == "trainee" and t.score is not None]
    result = attempt.result
    tips = scenario_tips(case.scenario, case.opening)
    criteria = []
    for key in CRITERIA:
        turn = trainee_turns[result["source"][key]]
        detail = turn.score.evidence if turn.score else {}
        points = result["points"][key]
        spec = rubric.spec.criteria[key]
        tip = spec.tips.get(points, "")
        if points < 2 and key in tips:
            tip = tips[key]
        criteria.append(
            {
                "key": key,
                "label": spec.label.id,
                "label_en": spec.label.en,
                "points": points,
                "explanation": spec.levels[points],
                "tip": tip,
                "reply_number": result["source"][key] + 1,
                "parts": highlight(turn.text, evidence_spans(key, detail.get("spans", {}), turn.text)),
            }
        )
    flags = []
    for key in result["flags"]:
        spec_flag = rubric.spec.flags[key]
        for number, turn in enumerate(trainee_turns, start=1):
            spans = (turn.score.evidence if turn.score else {}).get("spans", {}).get(key, [])
            if spans:
                flags.append(
                    {
                        "key": key,
                        "label": spec_flag.label.id,
                        "tip": spec_flag.tip,
                        "penalty": spec_flag.penalty,
                        "reply_number": number,
                        "parts": highlight(turn.text, spans),
                    }
                )
                break
    first_reply = trainee_turns[0].created_at - attempt.started_at if trainee_turns else None
    earlier = session.execute(
        select(Attempt.id, Attempt.total, Attempt.finished_at)
        .join(ScenarioVersion)
        .where(
            Attempt.trainee_id == attempt.trainee_id,
            Attempt.state == "finished",
            ScenarioVersion.slug == attempt.scenario_version.slug,
            Attempt.id != attempt.id,
        )
        .order_by(Attempt.finished_at)
    ).all()
    ownership = case.scenario.ownership
    return {
        "attempt": attempt,
        "scenario": case.scenario,
        "opening": case.opening,
        "criteria": criteria,
        "flags": flags,
        "moods": [(t.position, t.mood_after) for t in attempt.turns if t.speaker == "citizen"],
        "mood_labels": MOODS,
        "first_reply": _minutes_seconds(first_reply),
        "first_reply_seconds": int(first_reply.total_seconds()) if first_reply is not None else None,
        "trainee_replies": [t.text for t in trainee_turns],
        "transcript": [(t.speaker, t.text, t.private) for t in attempt.turns],
        "citizen_name": case.citizen.handle if case.scenario.channel == "social" else case.citizen.name,
        "model_answer": case.scenario.model_answer,
        "ownership": ownership,
        "missing_coordination": [
            c for c in ownership.coordinate if c not in attempt.route_coordinate and c != attempt.route_agency
        ],
        "earlier": [
            {"id": a_id, "total": total, "finished_at": finished} for a_id, total, finished in earlier
        ],
        "communication": result["communication"],
    }


def _minutes_seconds(delta: timedelta | None) -> str | None:
    if delta is None:
        return None
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def history(session: Session, user: User) -> dict[str, Any]:
    """Return the user's finished attempts and their mean points per criterion per bimtek session."""
    attempts = session.execute(
        select(Attempt.id, ScenarioVersion.title, Attempt.total, Attempt.finished_at, BimtekSession.title)
        .join(ScenarioVersion, Attempt.scenario_version_id == ScenarioVersion.id)
        .outerjoin(BimtekSession, Attempt.session_id == BimtekSession.id)
        .where(Attempt.trainee_id == user.id, Attempt.state == "finished")
        .order_by(Attempt.finished_at.desc())
    ).all()
    rows = session.execute(
        select(
            func.coalesce(BimtekSession.title, "Latihan mandiri"),
            func.min(Attempt.started_at),
            *[func.avg(getattr(Attempt, key)) for key in CRITERIA],
        )
        .outerjoin(BimtekSession, Attempt.session_id == BimtekSession.id)
        .where(Attempt.trainee_id == user.id, Attempt.state == "finished")
        .group_by(BimtekSession.id, BimtekSession.title)
        .order_by(func.min(Attempt.started_at))
    ).all()
    series = [
        {"label": row[0], "values": {key: float(row[2 + i] or 0) for i, key in enumerate(CRITERIA)}}
        for row in rows
    ]
    return {
        "attempts": [
            {"id": a_id, "title": title, "total": total, "finished_at": finished, "session": s_title}
            for a_id, title, total, finished, s_title in attempts
        ],
        "series": series,
    }
