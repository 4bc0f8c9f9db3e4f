"""What the room's speed rests on: cheap password hashes upgraded at login, cached citizens and options."""

from __future__ import annotations

from argon2 import PasswordHasher
from faker import Faker
from flask.testing import FlaskClient
from sqlalchemy import select

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


def test_attempt_page_lists_every_agency_and_keeps_a_chosen_one(
    client: FlaskClient, session, catalog
) -> None:
    user, _ = factories.make_trainee_in_session(session, [SLUG])
    session.commit()
    client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    location = client.post(f"/latihan/mulai/{SLUG}").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    for code in catalog.agencies:
        assert page.count(f'<option value="{code}">') == 1  # the owner select
        assert f'type="checkbox" value="{code}"' in page  # the coordination checkboxes
    client.post(f"{location}/balas", data={"reply": "Selamat pagi Bapak, kami cek besok.", "token": "t1"})
    code = next(iter(catalog.agencies))
    failed = client.post(f"{location}/selesai", data={"agency": code}).get_data(as_text=True)
    assert f'<option selected value="{code}">' in failed


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
