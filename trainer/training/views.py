"""Trainer pages: thin HTTP layer over training.services and training.roster."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from .. import access
from ..db import get_session
from ..errors import TrainerError
from ..library import get_catalog
from ..models import BimtekSession
from ..security import role_required
from . import bp, join_bp, roster, services
from .forms import (
    ActionForm,
    CloseForm,
    JoinForm,
    RosterConfirmForm,
    RosterUploadForm,
    SessionForm,
    parse_assignments,
)


def _session_form(bimtek: BimtekSession | None = None) -> SessionForm:
    form = SessionForm(obj=bimtek)
    form.cohort_id.choices = [
        SelectChoice(c.id, c.name) for c in services.trainer_cohorts(get_session(), current_user)
    ]
    return form


@bp.get("/")
@role_required("trainer")
def home() -> str:
    """The trainer's home: their cohorts and sessions, and where to start a new one."""
    cohorts, sessions = services.home(get_session(), current_user)
    has_authoring = "authoring.index" in current_app.view_functions
    return render_template(
        "training/home.html", cohorts=cohorts, sessions=sessions, has_authoring=has_authoring
    )


def _render_session_form(
    form: SessionForm, bimtek: BimtekSession | None, status: int = 200
) -> tuple[str, int]:
    ticked = set(request.form.getlist("assign")) if request.method == "POST" else None
    lines = services.assigned_for_form(get_catalog(), bimtek, ticked)
    return render_template(
        "training/session_form.html",
        form=form,
        bimtek=bimtek,
        lines=lines,
        action_form=ActionForm(),
        unfinished=services.in_progress_attempts(get_session(), bimtek) if bimtek else [],
    ), status


def _save(form: SessionForm, bimtek: BimtekSession | None) -> BimtekSession | tuple[str, int]:
    session = get_session()
    cohort = access.cohort_for_staff_or_404(session, current_user, form.cohort_id.data or 0, "trainer")
    try:
        saved = services.save_session(
            session,
            get_catalog(),
            cohort,
            title=form.title.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,  # type: ignore[arg-type]
            location=form.location.data,
            allow_self_join=bool(form.allow_self_join.data),
            assignments=parse_assignments(request.form, request.form.getlist("assign")),
            bimtek=bimtek,
        )
    except TrainerError as exc:
        session.rollback()
        getattr(form, exc.field or "title", form.title).errors = [exc.message]
        return _render_session_form(form, bimtek, 422)
    session.commit()
    return saved


@bp.route("/sesi/baru", methods=["GET", "POST"])
@role_required("trainer")
def session_new() -> Response | tuple[str, int]:
    """Create a bimtek session in one of the trainer's cohorts."""
    form = _session_form()
    if not form.validate_on_submit():
        return _render_session_form(form, None, 422 if request.method == "POST" else 200)
    saved = _save(form, None)
    if not isinstance(saved, BimtekSession):
        return saved
    flash(_("Sesi dibuat. Bukalah sesi agar peserta dapat mulai."), "info")
    return redirect(url_for("training.session_edit", session_id=saved.id))


@bp.route("/sesi/<int:session_id>", methods=["GET", "POST"])
@role_required("trainer")
def session_edit(session_id: int) -> Response | tuple[str, int]:
    """A session's details, its scenarios in order, and open/close."""
    bimtek = access.bimtek_for_staff_or_404(get_session(), current_user, session_id, "trainer")
    form = _session_form(bimtek)
    if request.method == "GET":
        return _render_session_form(form, bimtek)
    form.cohort_id.data = bimtek.cohort_id  # a session stays in its cohort
    if not form.validate_on_submit():
        return _render_session_form(form, bimtek, 422)
    saved = _save(form, bimtek)
    if not isinstance(saved, BimtekSession):
        return saved
    flash(_("Sesi disimpan."), "info")
    return redirect(url_for("training.session_edit", session_id=bimtek.id))


@bp.post("/sesi/<int:session_id>/buka")
@role_required("trainer")
def session_open(session_id: int) -> Response:
    """Open the session to the cohort's trainees."""
    session = get_session()
    bimtek = access.bimtek_for_staff_or_404(session, current_user, session_id, "trainer")
    if ActionForm().validate_on_submit():
        services.open_session(session, bimtek)
        session.commit()
        flash(_("Sesi dibuka."), "info")
    return redirect(url_for("training.session_edit", session_id=bimtek.id))


@bp.route("/sesi/<int:session_id>/tutup", methods=["GET", "POST"])
@role_required("trainer")
def session_close(session_id: int) -> Response | str:
    """List the unfinished attempts and close the session as the trainer chooses."""
    session = get_session()
    bimtek = access.bimtek_for_staff_or_404(session, current_user, session_id, "trainer")
    form = CloseForm()
    if form.validate_on_submit():
        closed = services.close_session(session, bimtek, abandon_unfinished=form.unfinished.data == "abandon")
        session.commit()
        flash(_("Sesi ditutup; %(n)d percobaan ditutup sebagai tidak selesai.", n=closed), "info")
        return redirect(url_for("training.session_edit", session_id=bimtek.id))
    return render_template(
        "training/session_close.html",
        bimtek=bimtek,
        form=form,
        unfinished=services.in_progress_attempts(session, bimtek),
    )


def _render_live(session_id: int, template: str) -> str:
    session = get_session()
    bimtek = access.bimtek_for_staff_or_404(session, current_user, session_id, "trainer")
    stuck = services.stuck_minutes_from(request.args.get("macet"))
    room = services.live_room(session, get_catalog(), bimtek, stuck_minutes=stuck)
    return render_template(template, bimtek=bimtek, room=room)


@bp.get("/sesi/<int:session_id>/live")
@role_required("trainer")
def live(session_id: int) -> str:
    """The live room: every trainee × scenario, refreshed by static/js/live.js."""
    return _render_live(session_id, "training/live.html")


@bp.get("/sesi/<int:session_id>/live/baris")
@role_required("trainer")
def live_rows(session_id: int) -> str:
    """The live table's body and summary, fetched every few seconds."""
    return _render_live(session_id, "training/_live_body.html")


@bp.get("/kohort/<int:cohort_id>/peserta")
@role_required("trainer")
def roster_page(cohort_id: int) -> str:
    """The cohort's trainees, the roster upload and password resets."""
    session = get_session()
    cohort = access.cohort_for_staff_or_404(session, current_user, cohort_id, "trainer")
    return render_template(
        "training/roster.html",
        cohort=cohort,
        trainees=services.cohort_trainees(session, cohort),
        form=RosterUploadForm(),
        action_form=ActionForm(),
    )


@bp.post("/kohort/<int:cohort_id>/peserta/periksa")
@role_required("trainer")
def roster_check(cohort_id: int) -> tuple[str, int]:
    """Validate an uploaded roster and show the report; nothing is imported yet."""
    session = get_session()
    cohort = access.cohort_for_staff_or_404(session, current_user, cohort_id, "trainer")
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return render_template(
            "training/roster.html",
            cohort=cohort,
            trainees=services.cohort_trainees(session, cohort),
            form=form,
            action_form=ActionForm(),
        ), 422
    upload = form.file.data
    try:
        table = roster.read_table(upload.filename or "", upload.read(roster.MAX_BYTES + 1))
        report = roster.validate(session, table, cohort)
    except TrainerError as exc:
        form.file.errors = [exc.message]
        return render_template(
            "training/roster.html",
            cohort=cohort,
            trainees=services.cohort_trainees(session, cohort),
            form=form,
            action_form=ActionForm(),
        ), 422
    confirm = RosterConfirmForm(formdata=None, payload=roster.seal(current_app.secret_key, cohort.id, table))  # type: ignore[arg-type]
    return render_template("training/roster_report.html", cohort=cohort, report=report, form=confirm), 200


@bp.post("/kohort/<int:cohort_id>/peserta/impor")
@role_required("trainer")
def roster_confirm(cohort_id: int) -> Response | str:
    """Import the good rows of the confirmed report and show the login sheet once."""
    session = get_session()
    cohort = access.cohort_for_staff_or_404(session, current_user, cohort_id, "trainer")
    form = RosterConfirmForm()
    if not form.validate_on_submit():
        flash(_("Formulir tidak sah; unggah berkasnya lagi."), "error")
        return redirect(url_for("training.roster_page", cohort_id=cohort.id))
    try:
        table = roster.unseal(current_app.secret_key, cohort.id, form.payload.data or "")  # type: ignore[arg-type]
        credentials, report, skipped = roster.import_roster(
            session, cohort, table, create_units=bool(form.create_units.data)
        )
    except TrainerError as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("training.roster_page", cohort_id=cohort.id))
    session.commit()
    return render_template(
        "training/login_sheet.html",
        cohort=cohort,
        credentials=credentials,
        skipped=skipped,
        bad_lines=report.bad_lines,
        room=services.room_session(session, cohort),
        room_url=url_for("auth.login", _external=True),
    )


@bp.post("/peserta/<int:trainee_id>/reset-sandi")
@role_required("trainer")
def reset_password(trainee_id: int) -> Response | str:
    """Give a trainee a new one-time password and show their new card."""
    session = get_session()
    trainee = access.trainee_for_staff_or_404(session, current_user, trainee_id, "trainer")
    if not ActionForm().validate_on_submit():
        return redirect(url_for("training.roster_page", cohort_id=trainee.cohort_id))
    cohort = access.cohort_for_staff_or_404(session, current_user, trainee.cohort_id or 0, "trainer")
    credential = roster.reset_password(session, trainee)
    session.commit()
    return render_template(
        "training/login_sheet.html",
        cohort=cohort,
        credentials=[credential],
        skipped=[],
        bad_lines=[],
        room=services.room_session(session, cohort),
        room_url=url_for("auth.login", _external=True),
    )


@join_bp.route("/gabung", methods=["GET", "POST"])
@role_required("trainee")
def join() -> Response | tuple[str, int]:
    """Join an open session with its join code (when the trainer allows self-join)."""
    form = JoinForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            bimtek = services.join_session(session, current_user, form.code.data or "")
        except TrainerError as exc:
            form.code.errors = [exc.message]
            return render_template("training/join.html", form=form), 422
        session.commit()
        flash(_("Anda bergabung di sesi %(title)s.", title=bimtek.title), "info")
        return redirect(url_for("practice.index"))
    return render_template("training/join.html", form=form), 422 if request.method == "POST" else 200
