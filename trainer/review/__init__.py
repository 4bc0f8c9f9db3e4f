"""Review: transcripts of attempts, score overrides, and the calibration view."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/tinjau")

from . import views  # noqa: E402,F401
