"""Review pages: thin HTTP layer over review.services."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import access
from ..db import get_session
from ..errors import TrainerError
from ..security import role_required
from . import bp, services
from .forms import OverrideForm

STAFF = ("trainer", "reviewer")


@bp.get("/")
@role_required(*STAFF)
def index() -> str:
    """The latest finished attempts in the user's cohorts, each linking to its transcript."""
    return render_template(
        "review/index.html", attempts=services.recent_attempts(get_session(), current_user)
    )


def _render_transcript(attempt_id: int, form: OverrideForm, status: int = 200) -> tuple[str, int]:
    session = get_session()
    attempt = access.attempt_for_read_or_404(session, current_user, attempt_id)
    can_override = attempt.finished and access.can_override_attempt(session, current_user, attempt)
    return render_template(
        "review/transcript.html",
        form=form,
        can_override=can_override,
        **services.transcript(session, attempt),
    ), status


@bp.get("/percobaan/<int:attempt_id>")
@role_required(*STAFF)
def transcript(attempt_id: int) -> tuple[str, int]:
    """An attempt's transcript with the scorer's points and evidence, routing and model answer."""
    return _render_transcript(attempt_id, OverrideForm(formdata=None))


@bp.post("/percobaan/<int:attempt_id>/koreksi")
@role_required("trainer")
def override(attempt_id: int) -> Response | tuple[str, int]:
    """Record an override of one criterion with its reason."""
    session = get_session()
    attempt = access.attempt_for_override_or_404(session, current_user, attempt_id)
    form = OverrideForm()
    if not form.validate_on_submit():
        return _render_transcript(attempt_id, form, 422)
    try:
        services.record_override(
            session,
            current_user,
            attempt,
            form.criterion.data or "",
            form.points.data,
            form.reason.data or "",
        )
    except TrainerError as exc:
        if exc.status != 400:
            raise
        session.rollback()
        getattr(form, exc.field or "reason", form.reason).errors = [exc.message]
        return _render_transcript(attempt_id, form, 422)
    session.commit()
    flash(_("Koreksi disimpan; peserta melihatnya di halaman umpan balik."), "info")
    return redirect(url_for("review.transcript", attempt_id=attempt.id))


@bp.get("/kalibrasi")
@role_required(*STAFF)
def calibration() -> str:
    """Per criterion, how often overrides disagree with the scorer, and the replies where they do."""
    session = get_session()
    return render_template(
        "review/calibration.html",
        lines=services.calibration(session, current_user),
        disagreements=services.disagreements(session, current_user),
    )


@bp.get("/kalibrasi.jsonl")
@role_required(*STAFF)
def calibration_download() -> FlaskResponse:
    """The disagreeing replies as labelled JSONL for `python -m scoring agreement`."""
    body = services.labelled_jsonl(get_session(), current_user)
    return FlaskResponse(
        body,
        mimetype="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="kalibrasi-pelatih.jsonl"'},
    )
