"""Who may read and who may write an attempt (trainer/access.py), through the real routes."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from trainer.models import Attempt, CohortMember, Turn

from . import factories

SLUG = "jalan-berlubang-soekarno-hatta"
REPLY = "Selamat pagi Bapak, terima kasih laporannya. Mohon maaf atas lubangnya, kami cek hari ini."


def _client_for(app: Flask, user: Any) -> FlaskClient:
    client = app.test_client()
    response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302, response.data
    return client


@pytest.fixture
def world(app: Flask, session) -> dict[str, Any]:
    """A trainee with an attempt, staff of the trainee's cohort and staff of another cohort."""
    trainee, bimtek = factories.make_trainee_in_session(session, [SLUG])
    other_cohort = factories.make_cohort(session)
    people: dict[str, Any] = {
        "trainee": trainee,
        "other_trainee": factories.make_user(session, cohort=trainee.cohort),
    }
    for name, role, cohort in (
        ("trainer", "trainer", bimtek.cohort),
        ("reviewer", "reviewer", bimtek.cohort),
        ("other_trainer", "trainer", other_cohort),
        ("other_reviewer", "reviewer", other_cohort),
    ):
        user = factories.make_user(session, role)
        session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=role))
        people[name] = user
    people["admin"] = factories.make_user(session, "admin")
    session.commit()
    owner = _client_for(app, trainee)
    location = owner.post(f"/latihan/mulai/{SLUG}").headers["Location"]
    people["attempt_id"] = int(location.rstrip("/").split("/")[-1])
    people["owner"] = owner
    return people


def _turns(session, attempt_id: int) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Turn).where(Turn.attempt_id == attempt_id)) or 0


def _finish(client: FlaskClient, attempt_id: int) -> Any:
    return client.post(
        f"/latihan/percobaan/{attempt_id}/selesai", data={"action": "verifikasi", "agency": "DPUPR-PKP"}
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("trainer", 403), ("reviewer", 403), ("admin", 404), ("other_trainer", 404), ("other_trainee", 403)],
)
def test_only_the_trainee_can_reply_to_their_attempt(
    app: Flask, session, world, who: str, status: int
) -> None:
    attempt_id = world["attempt_id"]
    before = _turns(session, attempt_id)
    client = _client_for(app, world[who])
    response = client.post(f"/latihan/percobaan/{attempt_id}/balas", data={"reply": REPLY, "token": "x1"})
    assert response.status_code == status
    assert _turns(session, attempt_id) == before


@pytest.mark.parametrize("who", ["trainer", "reviewer", "admin", "other_trainer", "other_trainee"])
def test_only_the_trainee_can_finish_their_attempt(app: Flask, session, world, who: str) -> None:
    attempt_id = world["attempt_id"]
    world["owner"].post(f"/latihan/percobaan/{attempt_id}/balas", data={"reply": REPLY, "token": "t1"})
    response = _finish(_client_for(app, world[who]), attempt_id)
    assert response.status_code in (403, 404)
    session.expire_all()
    assert session.get(Attempt, attempt_id).state == "in_progress"


def test_the_trainee_can_reply_and_finish(session, world) -> None:
    attempt_id, owner = world["attempt_id"], world["owner"]
    response = owner.post(f"/latihan/percobaan/{attempt_id}/balas", data={"reply": REPLY, "token": "t1"})
    assert response.status_code == 302
    assert _finish(owner, attempt_id).status_code == 302
    session.expire_all()
    assert session.get(Attempt, attempt_id).state == "finished"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainer", 200),
        ("reviewer", 200),
        ("owner", 200),
        ("other_trainer", 404),
        ("other_reviewer", 404),
        ("admin", 404),
        ("other_trainee", 403),
    ],
)
def test_feedback_is_read_by_the_owner_and_the_staff_of_the_cohort(
    app: Flask, world, who: str, status: int
) -> None:
    attempt_id, owner = world["attempt_id"], world["owner"]
    owner.post(f"/latihan/percobaan/{attempt_id}/balas", data={"reply": REPLY, "token": "t1"})
    assert _finish(owner, attempt_id).status_code == 302
    client = owner if who == "owner" else _client_for(app, world[who])
    assert client.get(f"/latihan/percobaan/{attempt_id}/hasil").status_code == status


def test_finish_and_feedback_need_a_login(client: FlaskClient, world) -> None:
    attempt_id = world["attempt_id"]
    for response in (_finish(client, attempt_id), client.get(f"/latihan/percobaan/{attempt_id}/hasil")):
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]


def test_staff_cannot_open_the_conversation_page_of_someone_elses_attempt(app: Flask, world) -> None:
    client = _client_for(app, world["trainer"])
    assert client.get(f"/latihan/percobaan/{world['attempt_id']}").status_code == 403


def test_an_inactive_user_cannot_log_in(client: FlaskClient, session) -> None:
    user = factories.make_user(session, active=False)
    session.commit()
    response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 401
    assert client.get("/latihan/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "/\\evil.example",
        "/\\/evil.example",
        "https://evil.example/",
        "\\\\evil.example",
        "/%0d/x\n",
    ],
)
def test_login_never_redirects_off_site(client: FlaskClient, session, target: str) -> None:
    user = factories.make_user(session)
    session.commit()
    response = client.post(
        "/masuk",
        query_string={"next": target},
        data={"username": user.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/latihan/")


def test_login_follows_a_local_next(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    response = client.post(
        "/masuk",
        query_string={"next": "/latihan/riwayat"},
        data={"username": user.username, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/latihan/riwayat"


def test_security_headers_and_cookie_flags(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    page = client.get("/masuk")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
