"""The trainer's workspace: home, roster, bimtek sessions, live room, and trainees' self-join."""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/pelatih")
join_bp = Blueprint("join", __name__)

from . import views  # noqa: E402,F401
