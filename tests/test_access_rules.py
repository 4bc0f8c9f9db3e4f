"""The access rules of trainer/access.py called directly, on a real database.

tests/test_access.py and tests/test_route_access.py go through the routes; these pin the cases the
routes reach only indirectly: the membership *role* that counts, an attempt belonging to its
bimtek session's cohort as well as its trainee's, who may override scores, the reviewer pages.
"""

from __future__ import annotations

from typing import Any

import pytest

from trainer import access
from trainer.errors import Forbidden, NotFound
from trainer.models import CohortMember
from trainer.practice import services

from . import factories

SLUG = "jalan-berlubang-soekarno-hatta"
MISSING = 999_999


def _member(session, user, cohort, role: str) -> None:
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=role))
    session.flush()


@pytest.fixture
def world(session, catalog, app_ctx) -> dict[str, Any]:
    """Cohorts A (the trainee's, with the bimtek session) and B; staff with one role in each."""
    trainee, bimtek = factories.make_trainee_in_session(session, [SLUG])
    a = bimtek.cohort
    b = factories.make_cohort(session, name="Kohort A-awal")  # sorts before A's generated name
    w: dict[str, Any] = {"a": a, "b": b, "bimtek": bimtek, "trainee": trainee}
    w["other_trainee"] = factories.make_user(session, cohort=b)
    w["trainer_a"] = factories.make_user(session, "trainer")
    _member(session, w["trainer_a"], a, "trainer")
    w["reviewer_a"] = factories.make_user(session, "reviewer")
    _member(session, w["reviewer_a"], a, "reviewer")
    w["trainer_b"] = factories.make_user(session, "trainer")
    _member(session, w["trainer_b"], b, "trainer")
    # A trainer of A who is only a *reviewer* of B: their trainer role does not reach B.
    w["mixed"] = factories.make_user(session, "trainer")
    _member(session, w["mixed"], a, "trainer")
    _member(session, w["mixed"], b, "reviewer")
    w["reviewer_ab"] = factories.make_user(session, "reviewer")
    _member(session, w["reviewer_ab"], a, "reviewer")
    _member(session, w["reviewer_ab"], b, "reviewer")
    w["bimtek_b"] = factories.make_bimtek(session, b, [SLUG])
    w["attempt"] = services.start_attempt(session, catalog, trainee, SLUG, seed=1)
    session.commit()
    return w


def test_membership_counts_per_role(session, world) -> None:
    mixed, a, b = world["mixed"], world["a"], world["b"]
    assert access.is_member(session, mixed, a.id)
    assert access.is_member(session, mixed, a.id, "trainer")
    assert not access.is_member(session, mixed, a.id, "reviewer")
    assert access.is_member(session, mixed, b.id, "reviewer")
    assert not access.is_member(session, mixed, b.id, "trainer")
    assert not access.is_member(session, world["trainer_b"], a.id)
    assert not access.is_member(session, mixed, None)
    assert access.member_cohort_ids(session, mixed) == {a.id, b.id}
    assert access.member_cohort_ids(session, mixed, "reviewer") == {b.id}


def test_a_cohort_is_found_through_a_membership_in_the_role_asked(session, world) -> None:
    mixed, a, b = world["mixed"], world["a"], world["b"]
    assert access.cohort_for_staff_or_404(session, mixed, a.id) is a
    with pytest.raises(NotFound, match="Kohort"):
        access.cohort_for_staff_or_404(session, mixed, b.id)  # their own role, trainer, is not B's
    assert access.cohort_for_staff_or_404(session, mixed, b.id, "reviewer") is b
    with pytest.raises(NotFound, match="Kohort"):
        access.cohort_for_staff_or_404(session, mixed, a.id, "reviewer")
    with pytest.raises(NotFound, match="Kohort"):
        access.cohort_for_staff_or_404(session, mixed, MISSING)


def test_a_bimtek_session_is_found_through_its_cohort_in_the_role_asked(session, world) -> None:
    mixed, bimtek, bimtek_b = world["mixed"], world["bimtek"], world["bimtek_b"]
    assert access.bimtek_for_staff_or_404(session, mixed, bimtek.id) is bimtek
    with pytest.raises(NotFound, match="Sesi bimtek"):
        access.bimtek_for_staff_or_404(session, mixed, bimtek_b.id)
    assert access.bimtek_for_staff_or_404(session, mixed, bimtek_b.id, "reviewer") is bimtek_b
    with pytest.raises(NotFound, match="Sesi bimtek"):
        access.bimtek_for_staff_or_404(session, mixed, bimtek.id, "reviewer")
    with pytest.raises(NotFound, match="Sesi bimtek"):
        access.bimtek_for_staff_or_404(session, mixed, MISSING)


def test_a_trainee_is_found_by_staff_of_their_cohort_only(session, world) -> None:
    mixed, trainee, other = world["mixed"], world["trainee"], world["other_trainee"]
    assert access.trainee_for_staff_or_404(session, mixed, trainee.id) is trainee
    with pytest.raises(NotFound, match="Peserta"):
        access.trainee_for_staff_or_404(session, mixed, other.id)  # B's trainee, mixed trains A only
    assert access.trainee_for_staff_or_404(session, mixed, other.id, "reviewer") is other
    with pytest.raises(NotFound, match="Peserta"):
        access.trainee_for_staff_or_404(session, mixed, trainee.id, "reviewer")
    staff_in_a = factories.make_user(session, "trainer", cohort=world["a"])
    with pytest.raises(NotFound, match="Peserta"):
        access.trainee_for_staff_or_404(session, mixed, staff_in_a.id)  # not a trainee
    with pytest.raises(NotFound, match="Peserta"):
        access.trainee_for_staff_or_404(session, mixed, MISSING)


def test_an_attempt_belongs_to_its_trainees_cohort_and_its_sessions_cohort(session, world) -> None:
    attempt, trainee, a, b = world["attempt"], world["trainee"], world["a"], world["b"]
    assert access.attempt_cohort_ids(attempt) == {a.id}
    trainee.cohort_id = b.id  # the trainee moved to B after practising in A's session
    session.flush()
    session.expire(attempt)
    assert access.attempt_cohort_ids(attempt) == {a.id, b.id}
    assert access.can_read_attempt(session, world["trainer_a"], attempt)  # through the session
    assert access.can_read_attempt(session, world["trainer_b"], attempt)  # through the trainee
    trainee.cohort_id = None
    attempt.session_id = None
    session.flush()
    session.expire(attempt)
    assert access.attempt_cohort_ids(attempt) == set()
    assert not access.can_read_attempt(session, world["trainer_a"], attempt)
    assert access.can_read_attempt(session, trainee, attempt)


def test_reading_needs_staff_of_the_cohort_in_their_own_role(session, world) -> None:
    attempt = world["attempt"]
    assert access.can_read_attempt(session, world["trainee"], attempt)
    assert access.can_read_attempt(session, world["trainer_a"], attempt)
    assert access.can_read_attempt(session, world["reviewer_a"], attempt)
    assert not access.can_read_attempt(session, world["trainer_b"], attempt)
    assert not access.can_read_attempt(session, world["other_trainee"], attempt)
    # An admin who is a member of the cohort reads nothing: admin is not a staff role here.
    admin = factories.make_user(session, "admin")
    _member(session, admin, world["a"], "trainer")
    assert not access.can_read_attempt(session, admin, attempt)
    # A reviewer-role user whose membership of A is as trainer does not read A's attempts.
    odd = factories.make_user(session, "reviewer")
    _member(session, odd, world["a"], "trainer")
    assert not access.can_read_attempt(session, odd, attempt)


def test_read_and_write_refusals(session, world) -> None:
    attempt_id = world["attempt"].id
    assert access.attempt_for_read_or_404(session, world["reviewer_a"], attempt_id).id == attempt_id
    assert access.attempt_for_write_or_404(session, world["trainee"], attempt_id).id == attempt_id
    with pytest.raises(Forbidden, match="bukan percobaan Anda"):
        access.attempt_for_read_or_404(session, world["other_trainee"], attempt_id)
    with pytest.raises(NotFound, match="Percobaan"):
        access.attempt_for_read_or_404(session, world["trainer_b"], attempt_id)
    with pytest.raises(NotFound, match="Percobaan"):
        access.attempt_for_read_or_404(session, world["trainee"], MISSING)
    with pytest.raises(Forbidden, match="pemilik"):
        access.attempt_for_write_or_404(session, world["trainer_a"], attempt_id)


def test_only_a_trainer_of_the_cohort_overrides_scores(session, world) -> None:
    attempt = world["attempt"]
    assert access.can_override_attempt(session, world["trainer_a"], attempt)
    assert access.attempt_for_override_or_404(session, world["trainer_a"], attempt.id) is attempt
    assert not access.can_override_attempt(session, world["reviewer_a"], attempt)
    with pytest.raises(Forbidden, match="pelatih"):
        access.attempt_for_override_or_404(session, world["reviewer_a"], attempt.id)
    assert not access.can_override_attempt(session, world["trainer_b"], attempt)
    with pytest.raises(NotFound):
        access.attempt_for_override_or_404(session, world["trainer_b"], attempt.id)
    # A trainer-role user who only reviews A may read nothing of A nor override it.
    odd = factories.make_user(session, "trainer")
    _member(session, odd, world["a"], "reviewer")
    assert not access.can_override_attempt(session, odd, attempt)
    # A reviewer-role user with a trainer membership of A still cannot override.
    odd_reviewer = factories.make_user(session, "reviewer")
    _member(session, odd_reviewer, world["a"], "trainer")
    assert not access.can_override_attempt(session, odd_reviewer, attempt)


def test_a_membership_row_is_found_in_its_own_cohort_only(session, world) -> None:
    row = session.query(CohortMember).filter_by(user_id=world["trainer_a"].id).one()
    assert access.cohort_member_or_404(session, world["a"].id, row.id) is row
    with pytest.raises(NotFound, match="Anggota"):
        access.cohort_member_or_404(session, world["b"].id, row.id)
    with pytest.raises(NotFound, match="Anggota"):
        access.cohort_member_or_404(session, world["a"].id, MISSING)


def test_reviewer_pages_are_for_reviewers_of_the_cohort(session, world) -> None:
    a, b, reviewer = world["a"], world["b"], world["reviewer_ab"]
    assert [c.id for c in access.reviewer_cohorts(session, reviewer)] == [b.id, a.id]  # by name
    assert [c.id for c in access.reviewer_cohorts(session, world["mixed"])] == [b.id]
    assert access.reviewer_cohorts(session, world["trainer_a"]) == []
    access.require_reviewer(reviewer)
    for role in ("trainer", "trainee", "admin"):
        with pytest.raises(Forbidden, match="reviewer"):
            access.require_reviewer(factories.make_user(session, role))
    assert access.cohort_for_reviewer_or_404(session, world["reviewer_a"], a.id) is a
    with pytest.raises(NotFound, match="Kohort"):
        access.cohort_for_reviewer_or_404(session, world["reviewer_a"], b.id)
    with pytest.raises(Forbidden):
        access.cohort_for_reviewer_or_404(session, world["mixed"], b.id)  # reviews B, but a trainer
    attempt_id = world["attempt"].id
    assert access.attempt_for_reviewer_or_404(session, world["reviewer_a"], attempt_id).id == attempt_id
    with pytest.raises(Forbidden):
        access.attempt_for_reviewer_or_404(session, world["trainer_a"], attempt_id)
    with pytest.raises(NotFound):
        access.attempt_for_reviewer_or_404(session, factories.make_user(session, "reviewer"), attempt_id)


def test_every_refusal_is_translated_for_an_english_reader(session, world) -> None:
    """Each refusal's Indonesian message has an English translation (a changed msgid loses it)."""
    from flask_babel import force_locale

    attempt_id = world["attempt"].id
    refusals = [
        lambda: access.attempt_for_read_or_404(session, world["other_trainee"], attempt_id),
        lambda: access.attempt_for_read_or_404(session, world["trainer_b"], attempt_id),
        lambda: access.attempt_for_read_or_404(session, world["trainee"], MISSING),
        lambda: access.attempt_for_write_or_404(session, world["trainer_a"], attempt_id),
        lambda: access.attempt_for_override_or_404(session, world["reviewer_a"], attempt_id),
        lambda: access.cohort_for_staff_or_404(session, world["trainer_b"], world["a"].id),
        lambda: access.bimtek_for_staff_or_404(session, world["trainer_b"], world["bimtek"].id),
        lambda: access.trainee_for_staff_or_404(session, world["trainer_b"], world["trainee"].id),
        lambda: access.cohort_member_or_404(session, world["b"].id, MISSING),
        lambda: access.require_reviewer(world["trainer_a"]),
    ]
    english = []
    for refuse in refusals:
        with force_locale("en"), pytest.raises((Forbidden, NotFound)) as raised:
            refuse()
        with pytest.raises((Forbidden, NotFound)) as indonesian:
            refuse()
        assert str(raised.value) != str(indonesian.value), str(indonesian.value)
        english.append(str(raised.value))
    # Each refusal says what it refuses; an attempt outside one's cohorts reads as a missing one.
    assert len(set(english)) == len(english) - 1, english
    assert english[1] == english[2]
