"""Configuration: defaults, then environment variables (LATIH_ prefix), then an explicit mapping."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from flask.cli import NoAppException

ROOT = Path(__file__).resolve().parent.parent
#: Used only under LATIH_ENV=testing; development generates a key of its own (see `instance_secret`).
TEST_SECRET = "testing-only-not-secret"
SECRET_FILE = "secret_key"

#: Flask commands that only read files: they run without a secret key (no session, no form).
READ_ONLY_COMMANDS = frozenset({("scenarios", "check"), ("scenarios", "list"), ("scenarios", "schema")})

#: Settings read from the environment: LATIH_<NAME>, or the bare <NAME> for the common two.
ENV_SETTINGS = (
    "ENV",
    "DATABASE_URL",
    "SECRET_KEY",
    "SCENARIO_DIR",
    "DEFAULT_LOCALE",
    "SESSION_COOKIE_SECURE",
    "TIMEZONE",
    "LOG_LEVEL",
    "RATELIMIT_STORAGE_URI",
    "LOGIN_LIMIT_ACCOUNT",
    "LOGIN_LIMIT_ADDRESS",
    "PROXIES",
)


class ConfigError(NoAppException):
    """The configuration cannot be used (for example: no secret key in production).

    A NoAppException, so `flask ...` commands print the message alone, without a traceback.
    """


def defaults(instance_path: str) -> dict[str, Any]:
    """Return the built-in defaults."""
    return {
        "ENV": "production",
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'latih.db'}",
        "SECRET_KEY": None,
        "SCENARIO_DIR": str(ROOT / "scenarios"),
        "DEFAULT_LOCALE": "id",
        # Times are shown in this zone: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT).
        "TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ("id", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "LOG_LEVEL": "INFO",
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_LIMIT_ACCOUNT": "5 per minute;20 per hour",
        "LOGIN_LIMIT_ADDRESS": "30 per minute",
        "PROXIES": 0,
    }


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the settings given in the environment."""
    found: dict[str, Any] = {}
    for name in ENV_SETTINGS:
        value = environ.get(f"LATIH_{name}")
        if value is None and name in ("DATABASE_URL", "SECRET_KEY"):
            value = environ.get(name)
        if value is not None and value != "":
            found[name] = value
    if "SESSION_COOKIE_SECURE" in found:
        found["SESSION_COOKIE_SECURE"] = str(found["SESSION_COOKIE_SECURE"]).lower() in ("1", "true", "yes")
    return found


def read_only_command(argv: Sequence[str] | None = None) -> bool:
    """Tell whether this process is the `flask` CLI running a read-only command."""
    if click.get_current_context(silent=True) is None:
        return False  # a WSGI server or a script: the app will serve requests
    words = list(sys.argv if argv is None else argv)[1:]
    return any(pair in READ_ONLY_COMMANDS for pair in zip(words, words[1:], strict=False))


def instance_secret(instance_path: str) -> str:
    """Return the development secret kept in `instance/secret_key`, creating a random one first.

    A constant key in the repository would let anyone on the room's Wi-Fi forge a session cookie.
    """
    path = Path(instance_path) / SECRET_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text(encoding="ascii").strip()
    try:
        os.write(fd, key.encode("ascii"))
    finally:
        os.close(fd)
    return key


def load(
    instance_path: str, overrides: Mapping[str, Any] | None = None, *, require_secret: bool = True
) -> dict[str, Any]:
    """Build the final configuration and refuse a production start without a secret key.

    With `require_secret=False` (read-only commands) a missing key stays None: nothing signs cookies.
    """
    config = defaults(instance_path)
    config.update(from_environment(os.environ))
    if overrides:
        config.update(overrides)
    if config["ENV"] not in ("development", "production", "testing"):
        raise ConfigError(f"LATIH_ENV must be development, production or testing, not {config['ENV']!r}")
    if not config["SECRET_KEY"]:
        if config["ENV"] == "production" and not require_secret:
            config["SECRET_KEY"] = None
        elif config["ENV"] == "production":
            raise ConfigError(
                "LATIH_SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_hex(32))') "
                "or run with LATIH_ENV=development on a training laptop."
            )
        else:
            config["SECRET_KEY"] = (
                TEST_SECRET if config["ENV"] == "testing" else instance_secret(instance_path)
            )
    _check_timezone(str(config["TIMEZONE"]))
    url = str(config["DATABASE_URL"])
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    config["DATABASE_URL"] = url
    return config


def _check_timezone(name: str) -> None:
    from babel.dates import get_timezone

    try:
        get_timezone(name)
    except LookupError:
        raise ConfigError(
            f"LATIH_TIMEZONE must be a time zone name such as Asia/Jakarta (WIB), "
            f"Asia/Makassar (WITA) or Asia/Jayapura (WIT), not {name!r}"
        ) from None
