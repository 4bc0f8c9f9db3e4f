"""A trainee practises simulated complaints: list, conversation, routing, feedback, history."""

from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/latihan")

from . import views  # noqa: E402,F401
