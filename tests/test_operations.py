"""Operations: /healthz, one log line per request, backups, and database failures as friendly pages."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from trainer.models import Turn, User
from trainer.operations import JsonFormatter

from . import factories
from .conftest import POSTGRES_URL, make_test_app

SLUG = "jalan-berlubang-soekarno-hatta"
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/latih"  # the discard port: nothing listens


def test_healthz_checks_the_database_without_a_login(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_says_503_when_the_database_is_unreachable() -> None:
    app = make_test_app(UNREACHABLE)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_livez_answers_without_the_database() -> None:
    app = make_test_app(UNREACHABLE)
    response = app.test_client().get("/livez")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_unreachable_database_gives_a_friendly_try_again_page() -> None:
    app = make_test_app(UNREACHABLE)
    response = app.test_client().post("/masuk", data={"username": "peserta1", "password": "x"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "coba lagi" in page.lower()
    assert "Traceback" not in page
    assert "psycopg" not in page


def test_one_json_log_line_per_request(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="latih.request"):
        client.get("/healthz")
        client.get("/tidak-ada")
    records = [r for r in caplog.records if r.name == "latih.request"]
    assert [(r.fields["method"], r.fields["path"], r.fields["status"]) for r in records] == [
        ("GET", "/healthz", 200),
        ("GET", "/tidak-ada", 404),
    ]
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["path"] == "/healthz"
    assert isinstance(line["ms"], float)
    assert line["level"] == "info"


def test_log_level_is_configurable(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    app = make_test_app(database_url, LOG_LEVEL="WARNING")
    with caplog.at_level(logging.NOTSET):
        app.test_client().get("/healthz")
    assert not [r for r in caplog.records if r.name == "latih.request"]
    assert logging.getLogger("latih").level == logging.WARNING
    make_test_app(database_url)  # back to INFO for the other tests


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite backup")
def test_backup_copies_the_sqlite_database_while_it_is_open(
    app: Flask, runner, session, tmp_path: Path
) -> None:
    factories.make_user(session, username="tersimpan")
    session.commit()
    target = tmp_path / "cadangan" / "latih.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM user_account WHERE username = 'tersimpan'").fetchone() == (1,)
    copy.close()
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_backup_on_postgresql_prints_the_pg_dump_advice(database_url: str, tmp_path: Path) -> None:
    app = make_test_app("postgresql+psycopg://latih:rahasia@db.example/latih")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code == 2
    assert "pg_dump --format=custom" in result.output
    assert "pg_restore" in result.output
    assert "rahasia" not in result.output


def _trainee_with_a_reply(app: Flask, session) -> tuple[FlaskClient, str]:
    user, _ = factories.make_trainee_in_session(session, [SLUG])
    session.commit()
    client = app.test_client()
    client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    location = client.post(f"/latihan/mulai/{SLUG}").headers["Location"]
    first = client.post(f"{location}/balas", data={"reply": "Selamat pagi Bapak, kami cek.", "token": "a1"})
    assert first.status_code == 302
    return client, location


def _turns(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Turn))


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite storage failures")
def test_read_only_sqlite_shows_a_clear_page_and_loses_nothing(app: Flask, session) -> None:
    client, location = _trainee_with_a_reply(app, session)
    before = _turns(session)
    engine = app.extensions["engine"]

    # The same refusal SQLite gives for a read-only file or mount (SQLITE_READONLY).
    def read_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(engine, "connect", read_only)
    engine.dispose()
    response = client.post(f"{location}/balas", data={"reply": "Mohon maaf atas kendalanya.", "token": "a2"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "hanya-baca" in page
    assert "Traceback" not in page
    assert client.get(location).status_code == 200  # reading still works
    assert _turns(session) == before

    event.remove(engine, "connect", read_only)
    engine.dispose()
    again = client.post(f"{location}/balas", data={"reply": "Mohon maaf atas kendalanya.", "token": "a2"})
    assert again.status_code == 302
    assert _turns(session) == before + 2


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite storage failures")
def test_full_disk_under_sqlite_shows_a_clear_page_and_loses_nothing(app: Flask, session) -> None:
    client, location = _trainee_with_a_reply(app, session)
    before = _turns(session)
    engine = app.extensions["engine"]

    # SQLITE_FULL, as on a full disk: the file may not grow past its current size.
    def full(dbapi_connection, _record) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", full)
    engine.dispose()
    long_reply = "Selamat pagi Bapak, mohon maaf atas kendalanya. " * 80
    response = client.post(f"{location}/balas", data={"reply": long_reply[:3900], "token": "f1"})
    assert response.status_code == 503
    assert "penuh" in response.get_data(as_text=True)
    event.remove(engine, "connect", full)
    engine.dispose()
    assert _turns(session) == before
    assert session.scalar(select(func.count()).select_from(User)) == 1


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite pragmas")
def test_sqlite_runs_wal_with_normal_sync_and_a_busy_timeout(app: Flask) -> None:
    with app.extensions["engine"].connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
