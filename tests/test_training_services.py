"""Trainer services on a real database: sessions, the live room, self-join, overrides, calibration, scope."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from trainer import access, events
from trainer.errors import Conflict, Forbidden, NotFound, TrainerError
from trainer.models import Attempt, Review
from trainer.practice import services as practice
from trainer.review import services as review
from trainer.scenario_schema import MOODS
from trainer.training import services
from trainer.training.services import Assignment

from . import factories
from .training_helpers import SECOND, SLUG, finished_attempt, make_world

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def world(session):
    return make_world(session)


def _save(session, catalog, cohort, assignments, **kw):
    values = {
        "title": "Bimtek III",
        "starts_on": date(2026, 12, 1),
        "ends_on": date(2026, 12, 2),
        "location": "Balai Kota",
        "allow_self_join": False,
        "assignments": assignments,
    }
    return services.save_session(session, catalog, cohort, **(values | kw))


# --- sessions --------------------------------------------------------------------------


def test_session_keeps_the_trainers_order_required_and_test_kind(session, catalog, world) -> None:
    bimtek = _save(
        session,
        catalog,
        world.cohort,
        [Assignment(SECOND, 5, False, "post"), Assignment(SLUG, 2, True, "pre")],
    )
    session.commit()
    assert not bimtek.is_open
    assert len(bimtek.join_code) == 8
    assert [(a.slug, a.position, a.required, a.test_kind) for a in bimtek.assignments] == [
        (SLUG, 0, True, "pre"),
        (SECOND, 1, False, "post"),
    ]
    # Editing reorders, drops one and keeps the row of the one that stays.
    kept_id = bimtek.assignments[1].id
    _save(session, catalog, world.cohort, [Assignment(SECOND, 1)], bimtek=bimtek)
    session.commit()
    session.expire_all()
    assert [(a.id, a.slug, a.position) for a in bimtek.assignments] == [(kept_id, SECOND, 0)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"ends_on": date(2026, 11, 30)}, "ends_on"),
        ({"assignments": [Assignment("tidak-ada", 1)]}, "scenarios"),
        ({"assignments": [Assignment(SLUG, 1, True, "mid")]}, "scenarios"),
    ],
)
def test_a_bad_session_is_refused_naming_the_field(session, catalog, world, change, field) -> None:
    values = dict(change)
    assignments = values.pop("assignments", [Assignment(SLUG, 1)])
    with pytest.raises(TrainerError) as caught:
        _save(session, catalog, world.cohort, assignments, **values)
    assert caught.value.field == field


def test_open_needs_scenarios_and_the_trainee_then_sees_them_in_order(session, catalog, world) -> None:
    world.bimtek.is_open = False
    empty = _save(session, catalog, world.cohort, [])
    with pytest.raises(Conflict):
        services.open_session(session, empty)
    bimtek = _save(
        session,
        catalog,
        world.cohort,
        [Assignment(SECOND, 1), Assignment(SLUG, 2)],
        starts_on=date(2026, 12, 1),
    )
    services.open_session(session, bimtek)
    session.commit()
    opened, assigned, _free = practice.my_practice(session, catalog, world.trainee)
    assert opened == bimtek
    assert [c.slug for c in assigned] == [SECOND, SLUG]


def test_closing_leaves_or_abandons_unfinished_attempts(session, catalog, world) -> None:
    running = practice.start_attempt(session, catalog, world.trainee, SLUG)
    done = finished_attempt(session, catalog, world.trainee, SECOND)
    session.commit()
    assert [row[0] for row in services.in_progress_attempts(session, world.bimtek)] == [running.id]

    assert services.close_session(session, world.bimtek, abandon_unfinished=False) == 0
    assert not world.bimtek.is_open
    assert running.state == "in_progress"

    world.bimtek.is_open = True
    assert services.close_session(session, world.bimtek, abandon_unfinished=True) == 1
    session.commit()
    assert (running.state, running.end_reason) == ("abandoned", "closed_by_trainer")
    assert done.state == "finished"
    # The trainee can no longer finish it, and a new attempt can be started later.
    with pytest.raises(Conflict):
        practice.finish_attempt(session, catalog.agencies, running, "verifikasi", "DPUPR-PKP", [])
    with pytest.raises(Conflict):
        practice.submit_reply(session, running, "Halo", "late")


# --- self-join -------------------------------------------------------------------------


def test_self_join_only_with_an_open_session_that_allows_it(session, world) -> None:
    newcomer = factories.make_user(session, "trainee")
    with pytest.raises(TrainerError, match="tidak menerima peserta baru"):
        services.join_session(session, newcomer, world.bimtek.join_code)
    world.bimtek.allow_self_join = True
    with pytest.raises(TrainerError, match="tidak ditemukan"):
        services.join_session(session, newcomer, "SALAH123")
    world.other_bimtek.allow_self_join, world.other_bimtek.is_open = True, False
    with pytest.raises(TrainerError, match="belum dibuka"):
        services.join_session(session, newcomer, world.other_bimtek.join_code)
    assert services.join_session(session, newcomer, world.bimtek.join_code.lower()) == world.bimtek
    assert newcomer.cohort_id == world.cohort.id
    # Someone on another cohort's roster is not moved by a code.
    with pytest.raises(TrainerError, match="kelompok lain"):
        services.join_session(session, world.other_trainee, world.bimtek.join_code)


# --- the live room ---------------------------------------------------------------------


def test_live_room_rows_states_stuck_and_class_average(session, catalog, world) -> None:
    second_trainee = factories.make_user(session, "trainee", cohort=world.cohort, display_name="Zaki")
    start = practice.utcnow() - timedelta(minutes=30)
    running = practice.create_attempt(
        session, world.trainee, catalog.get(SECOND), world.bimtek, seed=3, now=start
    )
    done = finished_attempt(session, catalog, second_trainee)
    session.commit()
    now = practice.utcnow()
    room = services.live_room(session, catalog, world.bimtek, stuck_minutes=10, now=now)
    by_key = {(r.username, r.slug): r for r in room.rows}
    assert len(room.rows) == 4  # two trainees × two scenarios (other cohorts' trainees not listed)
    assert by_key[(world.trainee.username, SLUG)].state == "not_started"
    row = by_key[(world.trainee.username, SECOND)]
    assert (row.state, row.attempt_id, row.turns, row.stuck) == ("in_progress", running.id, 0, True)
    assert row.mood == MOODS[running.mood]
    finished = by_key[(second_trainee.username, SLUG)]
    assert (finished.state, finished.total, finished.verdict) == ("finished", done.total, "correct")
    assert finished.points["empathy"] == done.empathy
    assert finished.turns == 2
    assert room.averages["empathy"] == done.empathy
    assert room.counts == {"not_started": 2, "in_progress": 1, "finished": 1, "stuck": 1}
    # A longer threshold: no longer stuck.
    assert not any(
        r.stuck for r in services.live_room(session, catalog, world.bimtek, stuck_minutes=60, now=now).rows
    )


def test_live_room_costs_the_same_few_queries_for_any_class_size(session, catalog, world, app) -> None:
    def count_queries(n_trainees: int) -> int:
        for _ in range(n_trainees):
            trainee = factories.make_user(session, "trainee", cohort=world.cohort)
            practice.create_attempt(session, trainee, catalog.get(SLUG), world.bimtek, seed=1)
        session.commit()
        statements: list[str] = []
        engine = app.extensions["engine"]
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            session.expire_all()
            bimtek = session.get(type(world.bimtek), world.bimtek.id)
            services.live_room(session, catalog, bimtek)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    small, large = count_queries(2), count_queries(20)
    assert small == large <= 4  # session + assignments + trainees + attempts


# --- overrides -------------------------------------------------------------------------


def test_override_needs_a_reason_and_valid_points_and_a_finished_attempt(session, catalog, world) -> None:
    running = practice.start_attempt(session, catalog, world.trainee, SECOND)
    with pytest.raises(Conflict):
        review.record_override(session, world.trainer, running, "empathy", 2, "alasan")
    attempt = finished_attempt(session, catalog, world.trainee)
    for criterion, points, reason, field in [
        ("empathy", 2, "   ", "reason"),
        ("empathy", 3, "alasan", "points"),
        ("tone", 1, "alasan", "criterion"),
    ]:
        with pytest.raises(TrainerError) as caught:
            review.record_override(session, world.trainer, attempt, criterion, points, reason)
        assert caught.value.field == field


def test_override_is_kept_beside_the_automatic_score_and_the_latest_is_in_force(
    session, catalog, world
) -> None:
    attempt = finished_attempt(session, catalog, world.trainee)
    auto_total, auto_status = attempt.total, attempt.status_followup
    seen = []
    listener = events.on_attempt_scored(lambda s, a: seen.append(a.id))
    try:
        review.record_override(session, world.trainer, attempt, "status_followup", 0, "Janji terlalu samar.")
        latest = review.record_override(
            session, world.trainer, attempt, "status_followup", 2, "Sebenarnya jelas."
        )
        review.record_override(session, world.trainer, attempt, "routing", 0, "Seharusnya ke DISHUB.")
    finally:
        events._listeners.remove(listener)
    session.commit()
    assert seen == [attempt.id] * 3
    assert (attempt.total, attempt.status_followup) == (auto_total, auto_status)  # never replaced
    shown = review.overrides_for(session, attempt)
    assert [(o.criterion, o.auto, o.points, o.reason) for o in shown.lines] == [
        ("status_followup", auto_status, 2, "Sebenarnya jelas."),
        ("routing", 2, 0, "Seharusnya ke DISHUB."),
    ]
    assert shown.lines[0].reviewer == world.trainer.display_name
    assert latest.reviewer_id == world.trainer.id
    assert shown.total == review.reviewed_total(attempt, {"status_followup": 2, "routing": 0})
    assert session.scalar(select(Review.total).where(Review.id == latest.id)) is not None


def test_reviewed_total_uses_the_overridden_points(session, catalog, world) -> None:
    attempt = finished_attempt(session, catalog, world.trainee)
    assert attempt.result["flags"] == []
    assert attempt.route_points == 2
    assert review.reviewed_total(attempt, {}) == attempt.total  # nothing overridden: the automatic total
    assert review.reviewed_total(attempt, {"routing": 0}) == attempt.total - 20  # routing is 20 of 100
    all_two = dict.fromkeys(("greeting", "verification", "empathy", "interim_solution", "status_followup"), 2)
    assert review.reviewed_total(attempt, all_two) == 100


# --- calibration -----------------------------------------------------------------------


def test_calibration_counts_disagreements_and_direction_in_the_users_cohorts(session, catalog, world) -> None:
    one = finished_attempt(session, catalog, world.trainee)
    two = finished_attempt(session, catalog, factories.make_user(session, "trainee", cohort=world.cohort))
    theirs = finished_attempt(session, catalog, world.other_trainee)
    review.record_override(session, world.trainer, one, "empathy", one.empathy, "Setuju.")  # agrees
    review.record_override(session, world.trainer, two, "empathy", 0, "Bukan empati.")  # lower (auto is 2)
    review.record_override(
        session, world.trainer, one, "status_followup", 2, "Cukup jelas."
    )  # higher (auto 1)
    review.record_override(session, world.other_trainer, theirs, "empathy", 0, "Kohort lain.")
    session.commit()
    assert one.empathy == 2
    assert one.status_followup == 1
    lines = {line.criterion: line for line in review.calibration(session, world.trainer)}
    assert (lines["empathy"].overrides, lines["empathy"].disagree, lines["empathy"].lower) == (2, 1, 1)
    assert (lines["status_followup"].disagree, lines["status_followup"].higher) == (1, 1)
    assert lines["greeting"].overrides == 0
    assert lines["greeting"].rate is None
    assert lines["empathy"].rate == 0.5
    found = review.disagreements(session, world.trainer)
    assert sorted((d.attempt_id, d.criterion, d.points) for d in found) == [
        (one.id, "status_followup", 2),
        (two.id, "empathy", 0),
    ]
    other_lines = {line.criterion: line for line in review.calibration(session, world.other_trainer)}
    assert other_lines["empathy"].overrides == 1


def test_calibration_download_is_labelled_jsonl_the_agreement_command_reads(
    session, catalog, world, tmp_path
) -> None:
    attempt = finished_attempt(session, catalog, world.trainee)
    review.record_override(session, world.trainer, attempt, "status_followup", 2, "Cukup jelas.")
    review.record_override(session, world.trainer, attempt, "empathy", 1, "Terlalu umum.")
    session.commit()
    text = review.labelled_jsonl(session, world.trainer)
    items = [json.loads(line) for line in text.splitlines()]
    # status follow-up comes from the last reply, empathy from the second (the best): one line for reply 2.
    assert [i["id"] for i in items] == [f"attempt{attempt.id}-reply2"]
    assert items[0]["response"] == attempt.turns[3].text
    assert items[0]["labels"]["status_followup"] == 2
    assert items[0]["labels"]["empathy"] == 1
    assert set(items[0]) >= {"channel", "complaint", "response", "labels", "flags"}
    path = tmp_path / "kalibrasi.jsonl"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scoring", "agreement", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "status_followup" in result.stdout


# --- scope -----------------------------------------------------------------------------


def test_another_cohorts_session_attempt_and_trainee_are_not_found(session, catalog, world) -> None:
    attempt = finished_attempt(session, catalog, world.other_trainee)
    with pytest.raises(NotFound):
        access.bimtek_for_staff_or_404(session, world.trainer, world.other_bimtek.id, "trainer")
    with pytest.raises(NotFound):
        access.attempt_for_read_or_404(session, world.trainer, attempt.id)
    with pytest.raises(NotFound):
        access.trainee_for_staff_or_404(session, world.trainer, world.other_trainee.id, "trainer")
    with pytest.raises(NotFound):
        access.attempt_for_override_or_404(session, world.trainer, attempt.id)
    # The reviewer reads their cohort's attempts but may not override them.
    mine = finished_attempt(session, catalog, world.trainee)
    assert access.attempt_for_read_or_404(session, world.reviewer, mine.id) == mine
    with pytest.raises(Forbidden):
        access.attempt_for_override_or_404(session, world.reviewer, mine.id)
    assert access.attempt_for_override_or_404(session, world.trainer, mine.id) == mine
    assert session.get(Attempt, mine.id) is not None
