"""Administration: users, units, cohorts and trainer/reviewer membership.

Services take the session first, enforce the rules, flush, and never commit.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import TrainerError
from ..models import Cohort, CohortMember, Unit, User
from ..training.roster import UNIT_TYPES, Credential, generate_password

ROLES = ("admin", "trainer", "reviewer", "trainee")
MEMBER_ROLES = ("trainer", "reviewer")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    cohort_id: int | None,
    unit_id: int | None,
) -> Credential:
    """Create an account with a one-time password; return it (shown once)."""
    from ..auth.services import hash_password

    username = username.strip().lower()
    if not USERNAME.match(username):
        raise TrainerError(
            _("Nama pengguna hanya huruf kecil, angka, titik, garis bawah atau tanda hubung (2-80)."),
            field="username",
        )
    if session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise TrainerError(_("Nama pengguna %(u)s sudah dipakai.", u=username), field="username")
    if role not in ROLES:
        raise TrainerError(_("Peran tidak dikenal."), field="role")
    if cohort_id is not None and session.get(Cohort, cohort_id) is None:
        raise TrainerError(_("Kohort tidak ditemukan."), field="cohort_id")
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise TrainerError(_("Unit tidak ditemukan."), field="unit_id")
    password = generate_password()
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        password_hash=hash_password(password),
        cohort_id=cohort_id if role == "trainee" else None,
        unit_id=unit_id,
    )
    session.add(user)
    session.flush()
    return Credential(user.display_name, user.username, password, unit.name if unit else "")


def create_unit(session: Session, *, code: str, name: str, unit_type: str) -> Unit:
    """Create a unit; the code is unique."""
    code = code.strip().upper()
    if not code:
        raise TrainerError(_("Kode unit wajib diisi."), field="code")
    if session.scalar(select(func.count()).select_from(Unit).where(Unit.code == code)):
        raise TrainerError(_("Kode unit %(c)s sudah ada.", c=code), field="code")
    if unit_type not in UNIT_TYPES:
        raise TrainerError(_("Jenis unit tidak dikenal."), field="unit_type")
    unit = Unit(code=code, name=name.strip() or code, type=unit_type)
    session.add(unit)
    session.flush()
    return unit


def create_cohort(session: Session, *, name: str, city: str) -> Cohort:
    """Create a cohort; the name is unique."""
    name = name.strip()
    if not name:
        raise TrainerError(_("Nama kohort wajib diisi."), field="name")
    if session.scalar(select(func.count()).select_from(Cohort).where(Cohort.name == name)):
        raise TrainerError(_("Kohort %(n)s sudah ada.", n=name), field="name")
    cohort = Cohort(name=name, city=city.strip())
    session.add(cohort)
    session.flush()
    return cohort


def add_member(session: Session, cohort: Cohort, user_id: int, role: str) -> CohortMember:
    """Make a trainer or reviewer a member of the cohort (idempotent)."""
    user = session.get(User, user_id)
    if user is None or user.role not in MEMBER_ROLES:
        raise TrainerError(_("Pilih akun pelatih atau reviewer."), field="user_id")
    if role != user.role:
        raise TrainerError(_("Peran keanggotaan harus sama dengan peran akun."), field="user_id")
    existing = session.scalar(
        select(CohortMember).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user.id, CohortMember.role == role
        )
    )
    if existing is not None:
        return existing
    member = CohortMember(cohort_id=cohort.id, user_id=user.id, role=role)
    session.add(member)
    session.flush()
    return member


def remove_member(session: Session, member: CohortMember) -> None:
    """Remove a membership."""
    session.delete(member)
    session.flush()


def overview(session: Session) -> dict[str, Any]:
    """Return the lists the admin pages show (each one query)."""
    counts = (
        select(User.cohort_id, func.count().label("n"))
        .where(User.role == "trainee")
        .group_by(User.cohort_id)
        .subquery()
    )
    return {
        "cohorts": session.execute(
            select(Cohort, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.cohort_id == Cohort.id)
            .order_by(Cohort.name)
        ).all(),
        "units": session.scalars(select(Unit).order_by(Unit.type, Unit.name)).all(),
        "staff": session.scalars(
            select(User).where(User.role != "trainee").order_by(User.role, User.username)
        ).all(),
    }


def members(session: Session, cohort: Cohort) -> list[CohortMember]:
    """Return the cohort's trainers and reviewers."""
    return list(
        session.scalars(
            select(CohortMember)
            .join(User)
            .where(CohortMember.cohort_id == cohort.id)
            .order_by(CohortMember.role, User.username)
        )
    )
