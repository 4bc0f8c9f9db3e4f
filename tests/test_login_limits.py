"""Login abuse: failed logins limited per account and per address; cookie flags; no binding to the IP."""

from __future__ import annotations

from flask.testing import FlaskClient

from trainer.config import from_environment

from . import factories
from .conftest import make_test_app


def _login(client: FlaskClient, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/masuk", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_failed_logins_to_one_account_are_limited_even_from_many_addresses(
    client: FlaskClient, session
) -> None:
    user = factories.make_user(session)
    other = factories.make_user(session)
    session.commit()
    for n in range(5):
        assert _login(client, user.username, "salah", f"10.0.1.{n}").status_code == 401
    refused = _login(client, user.username, factories.PASSWORD, "10.0.1.99")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    page = refused.get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk" in page
    assert "per 1 minute" not in page
    assert _login(client, other.username, factories.PASSWORD, "10.0.1.99").status_code == 302


def test_the_account_key_ignores_case_and_blanks(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    for n, name in enumerate([user.username, user.username.upper(), f" {user.username} "] * 2):
        if n < 5:
            assert _login(client, name, "salah").status_code == 401
    assert _login(client, user.username.upper(), factories.PASSWORD).status_code == 429


def test_failed_logins_from_one_address_are_limited(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    for n in range(30):
        assert _login(client, f"tebak{n}", "salah", "10.0.2.7").status_code == 401
    assert _login(client, user.username, factories.PASSWORD, "10.0.2.7").status_code == 429
    assert _login(client, user.username, factories.PASSWORD, "10.0.2.8").status_code == 302


def test_a_room_logging_in_from_one_address_is_never_limited(app, session) -> None:
    users = [factories.make_user(session) for _ in range(40)]
    session.commit()
    for user in users:
        client = app.test_client()
        assert _login(client, user.username, factories.PASSWORD, "10.0.3.1").status_code == 302


def test_limits_and_storage_are_configurable(database_url: str, session) -> None:
    assert from_environment({"LATIH_RATELIMIT_STORAGE_URI": "redis://cache:6379/0"}) == {
        "RATELIMIT_STORAGE_URI": "redis://cache:6379/0"
    }
    app = make_test_app(database_url, LOGIN_LIMIT_ACCOUNT="2 per minute")
    user = factories.make_user(session)
    session.commit()
    client = app.test_client()
    assert _login(client, user.username, "salah").status_code == 401
    assert _login(client, user.username, "salah").status_code == 401
    assert _login(client, user.username, factories.PASSWORD).status_code == 429
    app.extensions["engine"].dispose()


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    cookie = _login(client, user.username, factories.PASSWORD).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_configured(database_url: str, session) -> None:
    app = make_test_app(database_url, SESSION_COOKIE_SECURE=True)
    user = factories.make_user(session)
    session.commit()
    client = app.test_client()
    response = client.post(
        "/masuk",
        data={"username": user.username, "password": factories.PASSWORD},
        base_url="https://localhost",
    )
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["engine"].dispose()


def test_cookie_secure_setting_comes_from_the_environment() -> None:
    assert from_environment({"LATIH_SESSION_COOKIE_SECURE": "true"})["SESSION_COOKIE_SECURE"] is True


def test_a_session_survives_the_phone_changing_address(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    assert _login(client, user.username, factories.PASSWORD, "192.168.1.20").status_code == 302
    moved = client.get("/latihan/", environ_base={"REMOTE_ADDR": "192.168.1.77"})
    assert moved.status_code == 200
    roamed = client.get(
        "/latihan/", environ_base={"REMOTE_ADDR": "10.9.9.9"}, headers={"User-Agent": "Phone/2"}
    )
    assert roamed.status_code == 200


def test_the_limit_page_speaks_english_when_chosen(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    client.get("/masuk?lang=en")
    for _ in range(5):
        _login(client, user.username, "salah")
    page = _login(client, user.username, "salah").get_data(as_text=True)
    assert "Too many failed login attempts" in page
