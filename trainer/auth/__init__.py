"""Logging in and out."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


def init_app(app: Flask) -> None:
    """Set up Flask-Login."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu.")
    # No binding to the address: a phone that changes address in the room stays logged in.
    login_manager.session_protection = None
    from .limits import init_app as init_limits

    init_limits(app)

    @login_manager.user_loader
    def _load(user_id: str) -> object | None:
        from ..db import get_session
        from ..models import User

        if not user_id.isdigit():
            return None
        user = get_session().get(User, int(user_id))
        return user if user is not None and user.active else None


from . import views  # noqa: E402,F401
