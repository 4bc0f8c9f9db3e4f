"""What the room's speed rests on: cheap password hashes upgraded at login, cached citizens and scores."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time

import pytest
from argon2 import PasswordHasher
from faker import Faker
from flask.testing import FlaskClient
from sqlalchemy import select

from trainer.auth import services as auth_services
from trainer.auth.services import hash_password
from trainer.identity import IndonesianIdProvider, render_citizen
from trainer.models import User

from . import factories

SLUG = "jalan-berlubang-soekarno-hatta"


def test_new_hashes_use_the_owasp_argon2id_parameters() -> None:
    encoded = hash_password("rahasia")
    assert encoded.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in encoded


def test_an_old_parameter_hash_is_upgraded_at_the_next_login(client: FlaskClient, session) -> None:
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(factories.PASSWORD)
    user = factories.make_user(session, password_hash=old)
    session.commit()
    response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    session.expire_all()
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored != old
    assert "m=19456,t=2,p=1" in stored
    client.post("/keluar")
    again = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    assert again.status_code == 302


def test_a_wrong_password_does_not_rehash(client: FlaskClient, session) -> None:
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(factories.PASSWORD)
    user = factories.make_user(session, password_hash=old)
    session.commit()
    assert client.post("/masuk", data={"username": user.username, "password": "salah"}).status_code == 401
    session.expire_all()
    assert session.scalar(select(User.password_hash).where(User.id == user.id)) == old


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_passwords_are_verified_below_the_request_threads_priority() -> None:
    """The login wave must not starve replies: verifications run on a thread the kernel puts last."""
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert auth_services.login_lane_priority() >= min(19, own + auth_services.LOGIN_NICENESS)
    assert threading.current_thread().name != "login-argon2"


def test_verifications_queue_one_at_a_time_on_the_lane() -> None:
    running = 0
    most = 0
    guard = threading.Lock()

    def verify() -> bool:
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with guard:
            running -= 1
        return True

    threads = [threading.Thread(target=auth_services._lane.run, args=(verify,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert most == 1


def _login_in_child(encoded: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(auth_services._lane.run(lambda: PasswordHasher().verify(encoded, "rahasia")))


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn forks workers only where fork exists")
def test_a_forked_worker_gets_its_own_login_thread() -> None:
    """gunicorn forks its workers from the app: a thread of the parent does not exist in the child."""
    encoded = hash_password("rahasia")
    assert auth_services._lane.run(lambda: True)  # the parent's lane thread exists before the fork
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_login_in_child, args=(encoded, queue))
    child.start()
    child.join(timeout=20)
    alive = child.is_alive()
    if alive:
        child.kill()
    assert not alive, "a login in the forked worker hung on the parent's thread"
    assert queue.get(timeout=1) is True


def test_reused_faker_renders_the_same_citizen_as_a_fresh_one(catalog) -> None:
    scenario = catalog.get(SLUG).scenario
    first = [render_citizen(scenario, seed) for seed in (1, 2, 3, 1)]
    assert first[0] == first[3]
    assert first[0] != first[1]
    fresh = Faker("id_ID")
    fresh.add_provider(IndonesianIdProvider)
    fresh.seed_instance(2)
    female = scenario.citizen.persona.gender == "perempuan"
    expected_first = fresh.first_name_female() if female else fresh.first_name_male()
    assert first[1].first_name == expected_first


def test_a_reply_scores_only_itself_and_a_cached_score_equals_a_fresh_one(
    client: FlaskClient, session
) -> None:
    """Each reply plays only itself through the remembered conversation; where that memory is gone (another
    worker, a restart) the conversation is replayed and the earlier replies' scores come from the cache."""
    from scoring import score
    from trainer.models import Attempt
    from trainer.practice import conversation
    from trainer.practice.services import case_of

    factories.log_in_trainee(client, session, [SLUG])
    location = factories.start_attempt(client, SLUG)
    conversation._scored.cache_clear()
    replies = [
        "Selamat pagi Bapak, terima kasih laporannya. Di titik mana lubangnya?",
        "Mohon maaf atas ketidaknyamanannya, hari ini petugas kami cek ke lokasi.",
        "Perkembangannya kami kabarkan di kanal ini paling lambat 3 hari kerja.",
    ]
    for number, reply in enumerate(replies[:2], start=1):
        client.post(f"{location}/balas", data={"reply": reply, "token": f"t{number}"})
        info = conversation._scored.cache_info()
        assert info.misses == number  # the new reply is scored once ...
        assert info.hits == 0  # ... and the earlier ones are not played again
    conversation._played.cache_clear()  # as in a worker that served none of the earlier replies
    client.post(f"{location}/balas", data={"reply": replies[2], "token": "t3"})
    info = conversation._scored.cache_info()
    assert (info.misses, info.hits) == (3, 2)  # replayed: the earlier scores come from the cache
    case = case_of(session.scalars(select(Attempt)).one())
    context = conversation.scoring_context(case.scenario, case.opening)
    assert conversation.score_reply(case.scenario, case.opening, replies[1]) == score(replies[1], context)


def test_the_scorer_is_loaded_when_the_app_starts(database_url: str) -> None:
    from scoring import default_rubric
    from scoring.normalize import _sastrawi

    from .conftest import make_test_app

    default_rubric.cache_clear()
    _sastrawi.cache_clear()
    app = make_test_app(database_url)
    assert default_rubric.cache_info().currsize == 1
    assert _sastrawi.cache_info().currsize == 1
    app.extensions["engine"].dispose()
