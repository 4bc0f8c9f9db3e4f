"""Login rate limits (Flask-Limiter): failed logins per account and per address.

Only failed attempts count, so a whole room logging in from behind one address is never slowed;
each failed attempt costs an argon2 verification, so the limits also cap the CPU an attacker can burn.
Storage is `RATELIMIT_STORAGE_URI` (memory:// per process; redis://... when several workers or
servers must share the counts).
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

limiter = Limiter(get_remote_address)


def _account_key() -> str:
    return "account:" + (request.form.get("username") or "").strip().lower()[:80]


def _failed(response: Response) -> bool:
    return response.status_code == 401


def account_limit() -> str:
    from flask import current_app

    return str(current_app.config["LOGIN_LIMIT_ACCOUNT"])


def address_limit() -> str:
    from flask import current_app

    return str(current_app.config["LOGIN_LIMIT_ADDRESS"])


#: Decorators for the login view: failed POSTs per account, and per client address.
per_account = limiter.limit(
    account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed, scope="login-account"
)
per_address = limiter.limit(address_limit, methods=["POST"], deduct_when=_failed, scope="login-address")


def _too_many(exc: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    message = _(
        "Terlalu banyak percobaan masuk yang gagal. Tunggu sekitar satu menit, lalu coba lagi "
        "dengan nama pengguna dan kata sandi yang benar. Lupa kata sandi? Tanyakan kepada pelatih."
    )
    page = render_template(
        "errors/error.html", status=429, title=_("Terlalu banyak percobaan"), message=message
    )
    return page, 429, {"Retry-After": "60"}


def init_app(app: Flask) -> None:
    """Attach the limiter with the configured storage and the friendly 429 page."""
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    # A moving window: a fixed one resets at each clock minute, allowing twice the limit across it.
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _too_many)
