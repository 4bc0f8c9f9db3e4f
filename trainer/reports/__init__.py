"""Diskominfo reviewers read their cohorts' progress: overview, per unit, progress, exports, report."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/laporan")

from . import filters, summary, views  # noqa: E402,F401
