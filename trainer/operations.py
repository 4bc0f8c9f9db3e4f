"""Running the app: /healthz, one log line per request, database outages as friendly pages, backups."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g, render_template, request
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.wrappers import Response

from .db import close_session
from .errors import show_as_visitor

REQUEST_LOGGER = "latih.request"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Write to whatever sys.stderr is at the time (test runners swap it)."""

    _latih = True

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(app: Flask) -> None:
    """Send the app's and the request logger's records to stderr as JSON lines at LOG_LEVEL."""
    from flask.logging import default_handler

    level = str(app.config.get("LOG_LEVEL", "INFO")).upper()
    app.logger.removeHandler(default_handler)
    for name in ("latih", app.logger.name):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not any(getattr(h, "_latih", False) for h in logger.handlers):
            handler = _StderrHandler(sys.stderr)
            handler.setFormatter(JsonFormatter())
            logger.addHandler(handler)


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    if started is not None:
        logging.getLogger(REQUEST_LOGGER).info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
    return response


# --- the database is unreachable, read-only or full ---------------------------------------


def _database_problem(exc: DBAPIError) -> tuple[str, str]:
    """Return the title and message for a database failure the user can do nothing about but wait."""
    detail = str(getattr(exc, "orig", exc)).lower()
    if "readonly" in detail or "read-only" in detail:
        return _("Penyimpanan server hanya-baca"), _(
            "Server tidak dapat menyimpan data baru karena penyimpanannya hanya-baca. Data yang sudah "
            "tersimpan aman. Beri tahu pelatih atau admin; isian Anda masih ada di halaman sebelumnya."
        )
    if "disk is full" in detail or "database or disk is full" in detail or "no space" in detail:
        return _("Penyimpanan server penuh"), _(
            "Server tidak dapat menyimpan data baru karena penyimpanannya penuh. Data yang sudah "
            "tersimpan aman. Beri tahu pelatih atau admin; isian Anda masih ada di halaman sebelumnya."
        )
    return _("Server sedang sibuk, coba lagi"), _(
        "Basis data sedang tidak dapat dihubungi. Data yang sudah tersimpan aman; "
        "coba lagi dalam beberapa detik."
    )


def _database_error(exc: DBAPIError) -> tuple[object, int, dict[str, str]]:
    current_app.logger.error("database unavailable: %s", str(getattr(exc, "orig", exc)).strip()[:200])
    try:
        close_session()
    except Exception:  # noqa: BLE001 - the connection is already broken; the pool replaces it
        current_app.logger.warning("closing the session after a database failure failed")
    show_as_visitor()  # the header must not ask the database for the user again
    title, message = _database_problem(exc)
    headers = {"Retry-After": "5"}
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return {"error": message}, 503, headers
    return render_template("errors/error.html", status=503, title=title, message=message), 503, headers


# --- backups ----------------------------------------------------------------------------------


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET while the app runs (for PostgreSQL: how to use pg_dump)."""
    url = make_url(current_app.config["DATABASE_URL"])
    if not url.drivername.startswith("sqlite"):
        plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
        click.echo("This database is PostgreSQL: back it up with its own tool, for example")
        click.echo(f'  pg_dump --format=custom --file "{target}" "{plain}"')
        click.echo(f'and restore with: pg_restore --clean --if-exists --dbname "{plain}" "{target}"')
        sys.exit(2)
    if not url.database or url.database == ":memory:":
        raise click.ClickException("nothing to back up: the database is in memory")
    if target.exists():
        raise click.ClickException(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination, pages=1024)
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        destination.close()
        source.close()
    if check != "ok":
        raise click.ClickException(f"the copy in {target} failed its integrity check: {check}")
    click.echo(f"backup written: {target} ({target.stat().st_size} bytes, integrity ok)")


def compile_templates(app: Flask) -> None:
    """Compile every template now (after the blueprints added their filters), not in a room's first wave."""
    if app.testing:
        return
    for name in app.jinja_env.list_templates(filter_func=lambda n: n.endswith(".html")):
        app.jinja_env.get_template(name)


def init_app(app: Flask) -> None:
    """Add /healthz, request logging, the database-failure page and the backup command."""
    configure_logging(app)
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind a TLS proxy: the client's address (for the login limits and the log) from X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()

    app.after_request(_log_request)
    app.register_error_handler(OperationalError, _database_error)
    app.register_error_handler(InterfaceError, _database_error)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        """Answer 200 when the app can reach its database, 503 when it cannot (no login)."""
        try:
            with current_app.extensions["engine"].connect() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError:
            return {"status": "error", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}, 200

    @app.get("/livez")
    def livez() -> dict[str, str]:
        """Answer 200 while the process serves requests (no database: the bare liveness check)."""
        return {"status": "ok"}

    app.cli.add_command(backup_command)
