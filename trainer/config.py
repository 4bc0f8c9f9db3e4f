"""Configuration: defaults, then environment variables (LATIH_ prefix), then an explicit mapping."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from flask.cli import NoAppException

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-not-secret"

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
        "LANGUAGES": ("id", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
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
            config["SECRET_KEY"] = DEV_SECRET
    url = str(config["DATABASE_URL"])
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    config["DATABASE_URL"] = url
    return config
