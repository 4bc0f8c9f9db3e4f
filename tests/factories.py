"""Plain builders for test data, filled from a seeded Faker."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from faker import Faker
from sqlalchemy.orm import Session

from trainer.auth.services import hash_password
from trainer.models import BimtekSession, Cohort, SessionScenario, Unit, User

PASSWORD = "rahasia-uji-123"
_fake = Faker("id_ID")
_fake.seed_instance(7)
_counter = itertools.count(1)
_password_hash: str | None = None


def _hash() -> str:
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    return _password_hash


def make_unit(session: Session, **overrides: Any) -> Unit:
    n = next(_counter)
    unit = Unit(**({"code": f"UNIT-{n}", "name": f"Unit uji {n}", "type": "opd"} | overrides))
    session.add(unit)
    session.flush()
    return unit


def make_cohort(session: Session, **overrides: Any) -> Cohort:
    n = next(_counter)
    cohort = Cohort(**({"name": f"Kohort uji {n}", "city": "Kota Malang"} | overrides))
    session.add(cohort)
    session.flush()
    return cohort


def make_user(session: Session, role: str = "trainee", **overrides: Any) -> User:
    n = next(_counter)
    values = {"username": f"{role}{n}", "display_name": _fake.name(), "password_hash": _hash(), "role": role}
    user = User(**(values | overrides))
    session.add(user)
    session.flush()
    return user


def make_bimtek(
    session: Session, cohort: Cohort, slugs: list[str], *, is_open: bool = True, **overrides: Any
) -> BimtekSession:
    n = next(_counter)
    values = {
        "cohort": cohort,
        "title": f"Bimtek uji {n}",
        "starts_on": date(2026, 11, 23),
        "ends_on": date(2026, 11, 24),
        "is_open": is_open,
        "join_code": f"UJI{n:04d}",
    }
    bimtek = BimtekSession(**(values | overrides))
    bimtek.assignments = [SessionScenario(slug=s, position=i) for i, s in enumerate(slugs)]
    session.add(bimtek)
    session.flush()
    return bimtek


def make_trainee_in_session(session: Session, slugs: list[str]) -> tuple[User, BimtekSession]:
    """A trainee whose cohort has an open bimtek session with these scenarios assigned."""
    cohort = make_cohort(session)
    bimtek = make_bimtek(session, cohort, slugs)
    return make_user(session, "trainee", cohort=cohort), bimtek


def log_in_trainee(client: Any, session: Session, slugs: list[str]) -> User:
    """Create a trainee of an open session with these scenarios and log them in on `client`."""
    user, _ = make_trainee_in_session(session, slugs)
    session.commit()
    response = client.post("/masuk", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return user


def start_attempt(client: Any, slug: str) -> str:
    """Press "Mulai" on a scenario; return the attempt page's address."""
    response = client.post(f"/latihan/mulai/{slug}")
    assert response.status_code == 302
    return str(response.headers["Location"])
