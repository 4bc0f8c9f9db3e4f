"""The room: the projector page with the URL trainees open, as a QR code, and the join codes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("room", __name__)

from . import views  # noqa: E402,F401
