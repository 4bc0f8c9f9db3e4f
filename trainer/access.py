"""Who may read or write what: every access rule of the app, in one place.

Reading and writing are different rules. An attempt is *read* by its trainee, by a trainer of the
trainee's cohort and by a Diskominfo reviewer of it; it is *written* (replies, routing, finishing)
by its trainee only. Staff see their cohorts through `CohortMember` rows; `admin` manages cohorts
but reads nobody's attempts unless also a member.

Answers: a missing object, or one outside a staff member's cohorts, is 404 (its existence is not
revealed); a trainee opening another trainee's attempt, or staff trying to write into an attempt
they may read, is 403.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from .errors import Forbidden, NotFound
from .models import Attempt, BimtekSession, Cohort, CohortMember, User

STAFF_ROLES = ("trainer", "reviewer")


def _(text: str) -> str:
    from flask_babel import gettext

    return gettext(text)


def member_cohort_ids(session: Session, user: User, role: str | None = None) -> set[int]:
    """Return the ids of the cohorts the user is a member of (as `role`, or any role)."""
    query = select(CohortMember.cohort_id).where(CohortMember.user_id == user.id)
    if role is not None:
        query = query.where(CohortMember.role == role)
    return set(session.scalars(query))


def is_member(session: Session, user: User, cohort_id: int | None, role: str | None = None) -> bool:
    """Return whether the user is a member of the cohort (as `role`, or any role)."""
    if cohort_id is None:
        return False
    query = select(CohortMember.id).where(
        CohortMember.user_id == user.id, CohortMember.cohort_id == cohort_id
    )
    if role is not None:
        query = query.where(CohortMember.role == role)
    return bool(session.scalar(select(query.exists())))


def attempt_cohort_ids(attempt: Attempt) -> set[int]:
    """Return the cohorts an attempt belongs to: its trainee's and its bimtek session's."""
    ids = {attempt.trainee.cohort_id}
    if attempt.session is not None:
        ids.add(attempt.session.cohort_id)
    return {i for i in ids if i is not None}


def can_read_attempt(session: Session, user: User, attempt: Attempt) -> bool:
    """Return whether the user may see the attempt (its trainee, or staff of its cohort)."""
    if attempt.trainee_id == user.id:
        return True
    if user.role not in STAFF_ROLES:
        return False
    return bool(attempt_cohort_ids(attempt) & member_cohort_ids(session, user, user.role))


def can_write_attempt(user: User, attempt: Attempt) -> bool:
    """Return whether the user may reply to, route or finish the attempt: its trainee only."""
    return attempt.trainee_id == user.id


def _attempt_or_404(session: Session, attempt_id: int) -> Attempt:
    # Every attempt page needs the scenario version it was started on: one query, not two.
    attempt = session.get(Attempt, attempt_id, options=(joinedload(Attempt.scenario_version),))
    if attempt is None:
        raise NotFound(_("Percobaan tidak ditemukan."))
    return attempt


def attempt_for_read_or_404(session: Session, user: User, attempt_id: int) -> Attempt:
    """Return an attempt the user may read; 403 for another trainee's, 404 outside staff's cohorts."""
    attempt = _attempt_or_404(session, attempt_id)
    if can_read_attempt(session, user, attempt):
        return attempt
    if user.role == "trainee":
        raise Forbidden(_("Ini bukan percobaan Anda."))
    raise NotFound(_("Percobaan tidak ditemukan."))


def attempt_for_write_or_404(session: Session, user: User, attempt_id: int) -> Attempt:
    """Return an attempt the user may write to (their own); 403 if they may only read it."""
    attempt = attempt_for_read_or_404(session, user, attempt_id)
    if not can_write_attempt(user, attempt):
        raise Forbidden(_("Hanya peserta pemilik percobaan ini yang dapat membalas atau menyelesaikannya."))
    return attempt


def cohort_for_staff_or_404(session: Session, user: User, cohort_id: int, role: str | None = None) -> Cohort:
    """Return a cohort the user is a member of (as `role`, default: the user's own role); else 404."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or not is_member(session, user, cohort_id, role or user.role):
        raise NotFound(_("Kohort tidak ditemukan."))
    return cohort


def bimtek_for_staff_or_404(
    session: Session, user: User, session_id: int, role: str | None = None
) -> BimtekSession:
    """Return a bimtek session of a cohort the user is a member of (as `role`); else 404."""
    bimtek = session.get(BimtekSession, session_id)
    if bimtek is None or not is_member(session, user, bimtek.cohort_id, role or user.role):
        raise NotFound(_("Sesi bimtek tidak ditemukan."))
    return bimtek


def trainee_for_staff_or_404(session: Session, user: User, trainee_id: int, role: str | None = None) -> User:
    """Return a trainee of a cohort the user is a member of (as `role`); else 404."""
    trainee = session.get(User, trainee_id)
    if (
        trainee is None
        or trainee.role != "trainee"
        or not is_member(session, user, trainee.cohort_id, role or user.role)
    ):
        raise NotFound(_("Peserta tidak ditemukan."))
    return trainee


def can_override_attempt(session: Session, user: User, attempt: Attempt) -> bool:
    """Return whether the user may override the attempt's scores: a trainer of its cohort."""
    return user.role == "trainer" and bool(
        attempt_cohort_ids(attempt) & member_cohort_ids(session, user, "trainer")
    )


def attempt_for_override_or_404(session: Session, user: User, attempt_id: int) -> Attempt:
    """Return an attempt the user may override; 404 outside their cohorts, 403 if they only read it."""
    attempt = attempt_for_read_or_404(session, user, attempt_id)
    if not can_override_attempt(session, user, attempt):
        raise Forbidden(_("Hanya pelatih kohort ini yang dapat mengoreksi nilai."))
    return attempt


def cohort_member_or_404(session: Session, cohort_id: int, member_id: int) -> CohortMember:
    """Return a membership row of the cohort (admin pages); else 404."""
    member = session.get(CohortMember, member_id)
    if member is None or member.cohort_id != cohort_id:
        raise NotFound(_("Anggota tidak ditemukan."))
    return member


def reviewer_cohorts(session: Session, user: User) -> list[Cohort]:
    """Return the cohorts the user reviews (as a Diskominfo reviewer), by name."""
    return list(
        session.scalars(
            select(Cohort)
            .join(CohortMember)
            .where(CohortMember.user_id == user.id, CohortMember.role == "reviewer")
            .order_by(Cohort.name)
        )
    )


def require_reviewer(user: User) -> None:
    """Refuse (403) anyone but a Diskominfo reviewer: the dashboards are theirs alone."""
    if user.role != "reviewer":
        raise Forbidden(_("Halaman ini hanya untuk reviewer Diskominfo."))


def cohort_for_reviewer_or_404(session: Session, user: User, cohort_id: int) -> Cohort:
    """Return a cohort the user reviews; 403 for other roles, 404 for a cohort they do not review."""
    require_reviewer(user)
    return cohort_for_staff_or_404(session, user, cohort_id)  # as a reviewer: their own role


def attempt_for_reviewer_or_404(session: Session, user: User, attempt_id: int) -> Attempt:
    """Return an attempt of a cohort the user reviews (read only); 403 for other roles, else 404."""
    require_reviewer(user)
    return attempt_for_read_or_404(session, user, attempt_id)
