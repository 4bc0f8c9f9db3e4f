"""Trainers author scenarios: library, form and YAML editor, live checks, preview, versions."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/skenario")

from . import views  # noqa: E402,F401
