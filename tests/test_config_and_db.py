"""Configuration from the environment, the secret-key rule, migrations on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from sqlalchemy import create_engine, inspect, text

from trainer import create_app
from trainer.config import TEST_SECRET, ConfigError, load
from trainer.identity import render_citizen
from trainer.migrations import downgrade, upgrade
from trainer.models import Base

from .conftest import POSTGRES_URL, ROOT


def test_production_refuses_to_start_without_a_secret_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LATIH_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("LATIH_ENV", "production")
    with pytest.raises(ConfigError, match="LATIH_SECRET_KEY is not set"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_flask_command_prints_the_message_not_a_traceback(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "LATIH_ENV": "production",
        "LATIH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "trainer", "seed-demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LATIH_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_environment_variables_configure_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LATIH_ENV", "production")
    monkeypatch.setenv("LATIH_SECRET_KEY", "s3cret")
    monkeypatch.setenv("LATIH_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("LATIH_SCENARIO_DIR", str(tmp_path))
    app = create_app()
    assert app.config["SECRET_KEY"] == "s3cret"
    assert app.config["DATABASE_URL"].endswith("env.db")
    assert app.extensions["catalog"].scenarios == {}
    assert app.config["DEFAULT_LOCALE"] == "id"


def test_postgres_urls_use_psycopg3() -> None:
    app = create_app({"ENV": "testing", "DATABASE_URL": "postgresql://u@localhost/db"})
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@localhost/db"


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(app) -> None:
    engine = app.extensions["engine"]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def _table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _migrate_round_trip(url: str) -> None:
    upgrade(url)
    assert {t.name for t in Base.metadata.sorted_tables} <= _table_names(url)
    downgrade(url, "base")
    assert _table_names(url) <= {"alembic_version"}
    upgrade(url)


def test_migrations_run_up_and_down_on_sqlite(tmp_path: Path) -> None:
    _migrate_round_trip(f"sqlite:///{tmp_path}/m.db")


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="set TEST_DATABASE_URL (.ci/run does) to run against PostgreSQL")
def test_migrations_run_up_and_down_on_postgresql() -> None:
    from sqlalchemy.engine import make_url

    server = make_url(POSTGRES_URL)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "latih_migration_test" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "latih_migration_test"'))
    try:
        _migrate_round_trip(server.set(database="latih_migration_test").render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text('DROP DATABASE IF EXISTS "latih_migration_test" WITH (FORCE)'))
        admin.dispose()


def test_the_same_seed_renders_the_same_citizen(catalog) -> None:
    scenario = catalog.get("bansos-lansia-bingung").scenario
    a, b = render_citizen(scenario, 4242), render_citizen(scenario, 4242)
    assert a == b
    c = render_citizen(scenario, 4243)
    assert c != a
    assert len(a.nik) == 16
    assert a.nik.isdigit()
    assert a.nik.startswith("3573")
    assert int(a.nik[6:8]) > 40  # the persona is a woman: day of birth + 40
    assert a.phone.startswith("08")
    assert len(a.phone) == 14
    assert a.honorific == "Ibu"


def test_development_generates_a_random_secret_kept_across_restarts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LATIH_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load(str(tmp_path), {"ENV": "development"})["SECRET_KEY"]
    again = load(str(tmp_path), {"ENV": "development"})["SECRET_KEY"]
    elsewhere = load(str(tmp_path / "other"), {"ENV": "development"})["SECRET_KEY"]
    assert first == again
    assert first != elsewhere
    assert len(first) >= 64
    assert first != TEST_SECRET
    assert TEST_SECRET not in (tmp_path / "secret_key").read_text()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_only_testing_uses_the_constant_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LATIH_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert load(str(tmp_path), {"ENV": "testing"})["SECRET_KEY"] == TEST_SECRET
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["-m", "flask", "--app", "trainer", "scenarios", "check"], "valid scenario"),
        (["-m", "flask", "--app", "trainer", "scenarios", "list"], "banjir-drainase-sulfat"),
        (["-m", "flask", "--app", "trainer", "scenarios", "schema"], '"properties"'),
        (["-m", "scoring", "explain", "Selamat pagi Bapak, terima kasih atas laporannya."], "greeting"),
    ],
    ids=["scenarios-check", "scenarios-list", "scenarios-schema", "scoring-explain"],
)
def test_read_only_commands_run_without_a_secret_key(
    command: list[str], expected: str, tmp_path: Path
) -> None:
    """No LATIH_SECRET_KEY and no LATIH_ENV (so production): read-only commands still work."""
    env = {"PATH": "/usr/bin:/bin", "LATIH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert "LATIH_SECRET_KEY" not in result.stderr


def test_a_read_only_command_is_recognised_only_under_the_flask_cli() -> None:
    from trainer.config import read_only_command

    argv = ["flask", "--app", "trainer", "scenarios", "list"]
    assert not read_only_command(argv)  # no click context: a server, the secret stays required
    with click.Context(click.Command("flask")):
        assert read_only_command(argv)
        assert not read_only_command(["flask", "--app", "trainer", "seed-demo"])
        assert not read_only_command(["flask", "--app", "trainer", "run"])
