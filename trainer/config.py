"""Configuration: defaults, then environment variables (LATIH_ prefix), then an explicit mapping."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask.cli import NoAppException

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-not-secret"

#: Settings read from the environment: LATIH_<NAME>, or the bare <NAME> for the common two.
ENV_SETTINGS = (
    "ENV",
    "DATABASE_URL",
    "SECRET_KEY",
    "SCENARIO_DIR",
    "DEFAULT_LOCALE",
    "SESSION_COOKIE_SECURE",
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


def load(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the final configuration and refuse a production start without a secret key."""
    config = defaults(instance_path)
    config.update(from_environment(os.environ))
    if overrides:
        config.update(overrides)
    if config["ENV"] not in ("development", "production", "testing"):
        raise ConfigError(f"LATIH_ENV must be development, production or testing, not {config['ENV']!r}")
    if not config["SECRET_KEY"]:
        if config["ENV"] == "production":
            raise ConfigError(
                "LATIH_SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_hex(32))') "
                "or run with LATIH_ENV=development on a training laptop."
            )
        config["SECRET_KEY"] = DEV_SECRET
    url = str(config["DATABASE_URL"])
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    config["DATABASE_URL"] = url
    return config
