"""Fixtures: an app on a real database (a fresh SQLite file per test, or PostgreSQL when
TEST_DATABASE_URL is set), a client, a CLI runner, a session, and logging in by role."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from trainer import create_app
from trainer.migrations import upgrade
from trainer.models import Base

from . import factories

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite (a file per test)'}"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """Create a throwaway database on the PostgreSQL server, migrated once, dropped at the end."""
    if not POSTGRES_URL:
        yield None
        return
    server = make_url(POSTGRES_URL)
    name = f"latih_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once keeps the suite fast)."""
    path = tmp_path_factory.mktemp("template") / "latih.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path, postgres_database: str | None) -> Iterator[str]:
    """A clean, migrated database for one test."""
    if postgres_database:
        engine = create_engine(postgres_database)
        with engine.begin() as conn:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        yield postgres_database
        return
    path = tmp_path / "latih.db"
    shutil.copy(sqlite_template, path)
    yield f"sqlite:///{path}"


def make_test_app(database_url: str, **overrides: Any) -> Flask:
    """Build an app for tests on the given database."""
    config: dict[str, Any] = {
        "ENV": "testing",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "TESTING": True,
    }
    config.update(overrides)
    application = create_app(config)
    _created_apps.append(application)
    return application


_created_apps: list[Flask] = []


@pytest.fixture(autouse=True)
def _dispose_test_apps() -> Iterator[None]:
    """Close every engine a test built, so no pooled connection is left for the garbage collector."""
    yield
    while _created_apps:
        _created_apps.pop().extensions["engine"].dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    application = make_test_app(database_url)
    yield application
    application.extensions["engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A database session of the test's own (requests made by the client get theirs)."""
    db_session: Session = app.extensions["session_factory"]()
    yield db_session
    db_session.close()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    """An app context for calling services directly (they translate their messages).

    Not for tests that also use the client: requests would share this context's `g`.
    """
    with app.app_context():
        yield


@pytest.fixture
def catalog(app: Flask) -> Any:
    return app.extensions["catalog"]


@pytest.fixture
def login_as(client: FlaskClient, session: Session) -> Callable[..., Any]:
    """Create a user with the role and log the test client in as that user."""

    def login(role: str = "trainee", **overrides: Any) -> Any:
        user = factories.make_user(session, role=role, **overrides)
        session.commit()
        response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.data
        return user

    return login


# --- browser journeys -------------------------------------------------------------------

CHROMIUM = os.environ.get("LATIH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Drive Debian's Chromium: Playwright's own browser download cannot work offline."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_server(database_url: str) -> Iterator[str]:
    """Serve a real app with the demo data on a free local port; yield its base URL."""
    import threading

    from werkzeug.serving import make_server

    application = make_test_app(database_url, WTF_CSRF_ENABLED=True, TESTING=False)
    runner = application.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--password", factories.PASSWORD])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    application.extensions["engine"].dispose()


def open_finish_form(page: Any) -> Any:
    """Unfold the disposisi section (folded while the talk goes on), accept the 'still open?' check."""
    section = page.locator('[data-testid="finish-section"]')
    if not section.evaluate("details => details.open"):
        section.locator(":scope > summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    return page.locator('[data-testid="route-form"]')
