"""Two tabs, retried POSTs and double starts racing each other on the real database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from trainer.models import Attempt, Turn

from . import factories

SLUG = "jalan-berlubang-soekarno-hatta"
REPLY = "Selamat siang Bapak, terima kasih laporannya. Boleh kirim titik lokasi lubangnya? ({n})"


def _tab(app: Flask, user: Any) -> FlaskClient:
    client = app.test_client()
    assert (
        client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD}).status_code
        == 302
    )
    return client


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at the same moment in threads; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def trainee(session):
    user, _ = factories.make_trainee_in_session(session, [SLUG])
    session.commit()
    return user


def _start(client: FlaskClient) -> int:
    location = client.post(f"/latihan/mulai/{SLUG}").headers["Location"]
    return int(location.rstrip("/").split("/")[-1])


def _trainee_turns(session, attempt_id: int) -> list[Turn]:
    session.expire_all()
    return list(
        session.scalars(
            select(Turn)
            .where(Turn.attempt_id == attempt_id, Turn.speaker == "trainee")
            .order_by(Turn.position)
        )
    )


def test_two_tabs_sending_at_once_store_both_replies_in_order(app: Flask, session, trainee) -> None:
    tabs = [_tab(app, trainee), _tab(app, trainee)]
    attempt_id = _start(tabs[0])
    url = f"/latihan/percobaan/{attempt_id}/balas"
    responses = _race(
        [
            lambda i=i: tabs[i].post(url, data={"reply": REPLY.format(n=i), "token": f"tab{i}"})
            for i in range(2)
        ]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 302], [r.get_data(as_text=True)[:300] for r in responses]
    session.expire_all()
    positions = [t.position for t in session.get(Attempt, attempt_id).turns]
    assert positions == list(range(len(positions)))
    assert len(_trainee_turns(session, attempt_id)) == 2


def test_a_retried_post_racing_the_first_stores_one_turn(app: Flask, session, trainee) -> None:
    tabs = [_tab(app, trainee), _tab(app, trainee)]
    attempt_id = _start(tabs[0])
    url = f"/latihan/percobaan/{attempt_id}/balas"
    data = {"reply": REPLY.format(n=1), "token": "same-token"}
    responses = _race([lambda i=i: tabs[i].post(url, data=data) for i in range(2)])
    assert [r.status_code for r in responses] == [302, 302]
    turns = _trainee_turns(session, attempt_id)
    assert [t.idempotency_key for t in turns] == ["same-token"]


def test_starting_twice_at_once_opens_one_attempt(app: Flask, session, trainee) -> None:
    tabs = [_tab(app, trainee), _tab(app, trainee), _tab(app, trainee)]
    responses = _race([lambda t=t: t.post(f"/latihan/mulai/{SLUG}") for t in tabs])
    assert {r.status_code for r in responses} == {302}
    assert len({r.headers["Location"] for r in responses}) == 1
    session.expire_all()
    open_attempts = session.scalars(
        select(Attempt).where(Attempt.trainee_id == trainee.id, Attempt.state == "in_progress")
    ).all()
    assert len(open_attempts) == 1


def test_a_burst_of_replies_never_loses_or_duplicates_a_turn(app: Flask, session, trainee) -> None:
    tabs = [_tab(app, trainee) for _ in range(4)]
    attempt_id = _start(tabs[0])
    url = f"/latihan/percobaan/{attempt_id}/balas"
    responses = _race(
        [lambda i=i: tabs[i].post(url, data={"reply": REPLY.format(n=i), "token": f"b{i}"}) for i in range(4)]
    )
    # A reply may be refused with a clear 409 once the conversation has ended; never a 500.
    assert all(r.status_code in (302, 409) for r in responses), [r.status_code for r in responses]
    stored = {t.idempotency_key for t in _trainee_turns(session, attempt_id)}
    assert stored == {f"b{i}" for i, r in enumerate(responses) if r.status_code == 302}
    session.expire_all()
    positions = [t.position for t in session.get(Attempt, attempt_id).turns]
    assert positions == list(range(len(positions)))


def test_a_reply_computed_before_another_tab_wrote_is_computed_again_under_the_lock(
    app: Flask, session, trainee
) -> None:
    """Scoring happens before the write lock; a write in between must not be overwritten or collide."""
    from trainer.practice import services

    tab = _tab(app, trainee)
    attempt_id = _start(tab)
    stale_session = app.extensions["session_factory"]()
    try:
        stale = stale_session.get(Attempt, attempt_id)
        assert stale is not None
        seen_turns = len(stale.turns)  # read (and kept) before the other tab writes
        assert (
            tab.post(
                f"/latihan/percobaan/{attempt_id}/balas", data={"reply": REPLY.format(n=1), "token": "first"}
            ).status_code
            == 302
        )
        turn = services.submit_reply(stale_session, stale, REPLY.format(n=2), "second")
        stale_session.commit()
        assert turn.position == seen_turns + 2  # after the other tab's reply and its answer, not on them
    finally:
        stale_session.close()
    session.expire_all()
    positions = [t.position for t in session.get(Attempt, attempt_id).turns]
    assert positions == list(range(len(positions)))
    assert [t.idempotency_key for t in _trainee_turns(session, attempt_id)] == ["first", "second"]


def test_a_request_holds_one_database_connection_at_a_time(app: Flask, trainee, database_url: str) -> None:
    """A request that took a second connection while its first held a transaction could stall a
    busy room: every pooled connection waiting on the lock of one that waits for the pool."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.orm import sessionmaker

    engine = create_engine(database_url)
    out = {"now": 0, "most": 0}

    @event.listens_for(engine.pool, "checkout")
    def _checkout(*_args: Any) -> None:
        out["now"] += 1
        out["most"] = max(out["most"], out["now"])

    @event.listens_for(engine.pool, "checkin")
    def _checkin(*_args: Any) -> None:
        out["now"] -= 1

    original = app.extensions["engine"], app.extensions["session_factory"]
    app.extensions["engine"] = engine
    app.extensions["session_factory"] = sessionmaker(bind=engine, expire_on_commit=False)
    try:
        client = _tab(app, trainee)
        attempt_id = _start(client)
        path = f"/latihan/percobaan/{attempt_id}"
        assert client.get(path).status_code == 200
        sent = client.post(path + "/balas", data={"reply": REPLY.format(n=1), "token": "satu"})
        assert sent.status_code == 302
        assert client.get(path).status_code == 200
        assert out["most"] == 1
    finally:
        app.extensions["engine"], app.extensions["session_factory"] = original
        engine.dispose()
