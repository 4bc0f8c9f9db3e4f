"""Practice pages: thin HTTP layer over practice.services."""

from __future__ import annotations

import secrets
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from scoring import CRITERIA, default_rubric

from .. import access
from ..db import get_session
from ..errors import Conflict, NotFound, TrainerError
from ..library import file_catalog, get_catalog
from ..models import Attempt, utcnow
from ..review import services as review_services
from ..scenario_schema import MOODS
from ..security import role_required
from . import bp, pages, services
from .forms import ReplyForm, RouteForm

TRAINEE_ROLES = ("trainee", "trainer", "admin")
#: The newest citizen message: a sent reply returns here, so the answer is what the trainee sees.
NEWEST_ANCHOR = "pesan-terbaru"

bp.add_app_template_filter(pages.evidence_sentences, "evidence_sentences")
bp.add_app_template_global(pages.end_reason_text, "end_reason_text")
bp.add_app_template_global(pages.lapor_status, "lapor_status")
bp.add_app_template_global(pages.score_band, "score_band")


@bp.after_request
def _no_store(response: Response) -> Response:
    """Never keep these pages in the browser's cache: Back must not show a stale form."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@role_required(*TRAINEE_ROLES)
def index() -> str:
    """Latihan saya: the open session's assigned scenarios and the free-practice library."""
    bimtek, assigned, free = services.my_practice(get_session(), get_catalog(), current_user)
    done = sum(1 for card in assigned if card.best is not None)
    return render_template(
        "practice/index.html", bimtek=bimtek, assigned=assigned, assigned_done=done, free=free
    )


@bp.post("/mulai/<slug>")
@role_required(*TRAINEE_ROLES)
def start(slug: str) -> Response:
    """Start (or resume) an attempt at a scenario."""
    session = get_session()
    try:
        attempt = services.start_attempt(session, get_catalog(), current_user, slug)
        session.commit()
    except IntegrityError:
        # A concurrent "Mulai" created the open attempt first (one open attempt per scenario version).
        session.rollback()
        attempt = services.start_attempt(session, get_catalog(), current_user, slug)
    return redirect(url_for("practice.attempt", attempt_id=attempt.id))


def _route_form(attempt: Attempt, formdata: Any = None) -> RouteForm:
    form = RouteForm(formdata=formdata)
    # The bundled files hold the agencies: no database query for them.
    agencies = file_catalog().agencies
    options = [SelectChoice(code, f"{code} — {a.name}") for code, a in agencies.items()]
    form.agency.choices = [SelectChoice("", _("— pilih —")), *options]
    form.coordinate.choices = options
    return form


def _render_attempt(
    attempt: Attempt, reply_form: ReplyForm, route_form: RouteForm, status: int = 200
) -> tuple[str, int]:
    case = services.case_of(attempt)
    minutes_since = case.scenario.opening.received_minutes_ago + int(
        (utcnow() - attempt.started_at).total_seconds() // 60
    )
    reply_form.token.data = secrets.token_hex(16)
    g.page_url = url_for("practice.attempt", attempt_id=attempt.id)  # the language switch reopens it
    trainee_turns = sum(1 for t in attempt.turns if t.speaker == "trainee")
    return render_template(
        "practice/attempt.html",
        attempt=attempt,
        scenario=case.scenario,
        citizen=case.citizen,
        turns=attempt.turns,
        moods=MOODS,
        minutes_since=minutes_since,
        reply_form=reply_form,
        route_form=route_form,
        max_chars=services.MAX_REPLY_CHARS,
        replies_sent=trainee_turns,
        max_turns=case.scenario.end.max_turns,
        confirm_finish=pages.finish_needs_confirmation(attempt.end_reason, attempt.mood),
        newest_anchor=NEWEST_ANCHOR,
        rubric_lines=_rubric_lines(),
    ), status


def _rubric_lines() -> list[tuple[str, str]]:
    """The five criteria as (label in the user's language, what earns full points) for the reminder."""
    spec = default_rubric().spec
    english = str(get_locale()) == "en"
    return [
        (
            spec.criteria[key].label.en if english else spec.criteria[key].label.id,
            spec.criteria[key].levels[2],
        )
        for key in CRITERIA
    ]


@bp.get("/percobaan/<int:attempt_id>")
@role_required(*TRAINEE_ROLES)
def attempt(attempt_id: int) -> Response | tuple[str, int]:
    """The conversation page of an attempt (resumes where it was)."""
    found = access.attempt_for_write_or_404(get_session(), current_user, attempt_id)
    if found.finished:
        return redirect(url_for("practice.feedback", attempt_id=found.id))
    if found.state == "abandoned":
        flash(
            _("Percobaan ini ditutup oleh pelatih saat sesi berakhir; mulai lagi bila ingin berlatih."),
            "info",
        )
        return redirect(url_for("practice.index"))
    return _render_attempt(found, ReplyForm(formdata=None), _route_form(found))


@bp.post("/percobaan/<int:attempt_id>/balas")
@role_required(*TRAINEE_ROLES)
def reply(attempt_id: int) -> Response | tuple[str, int]:
    """Send a reply; on bad input show the message and keep the text in the box."""
    session = get_session()
    found = access.attempt_for_write_or_404(session, current_user, attempt_id)
    _refuse_late_reply(found)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(_("Formulir tidak sah; muat ulang halaman."), "error")
        return _render_attempt(found, form, _route_form(found), 400)
    token = form.token.data or ""
    try:
        services.submit_reply(session, found, form.reply.data or "", token, private=bool(form.private.data))
        session.commit()
    except TrainerError as exc:
        if exc.status != 400:
            raise
        form.reply.errors = [exc.message]
        return _render_attempt(found, form, _route_form(found), 422)
    except IntegrityError:
        # The same token stored by a racing request: that turn is the answer to this one.
        session.rollback()
        if services.stored_turn(session, attempt_id, token) is None:
            raise
    return redirect(url_for("practice.attempt", attempt_id=found.id, _anchor=NEWEST_ANCHOR))


def _refuse_late_reply(found: Attempt) -> None:
    """A reply sent from a stale page after the conversation ended: say so and show the way on."""
    if found.finished:
        raise Conflict(
            _(
                "Percobaan ini sudah selesai dan dinilai, jadi balasan ini tidak dikirim. "
                "Hasilnya ada di halaman umpan balik."
            ),
            next_url=url_for("practice.feedback", attempt_id=found.id),
            next_label=_("Lihat umpan balik"),
        )
    if found.end_reason is not None:
        raise Conflict(
            _(
                "Percakapan ini sudah berakhir, jadi balasan ini tidak dikirim. "
                "Langkah berikutnya: pilih disposisi untuk menyelesaikan percobaan."
            ),
            next_url=url_for("practice.attempt", attempt_id=found.id, _anchor="disposisi"),
            next_label=_("Lanjutkan ke disposisi"),
        )


@bp.post("/percobaan/<int:attempt_id>/selesai")
@role_required(*TRAINEE_ROLES)
def finish(attempt_id: int) -> Response | tuple[str, int]:
    """Record the disposition and finish the attempt."""
    session = get_session()
    found = access.attempt_for_write_or_404(session, current_user, attempt_id)
    if found.finished:  # a second click or a stale page: the first disposisi stands
        flash(
            _("Percobaan ini sudah selesai sebelumnya; ini umpan balik dari disposisi yang tersimpan."),
            "info",
        )
        return redirect(url_for("practice.feedback", attempt_id=found.id))
    form = _route_form(found, request.form)
    if not form.validate_on_submit():
        return _render_attempt(found, ReplyForm(formdata=None), form, 422)
    try:
        services.finish_attempt(
            session,
            get_catalog().agencies,
            found,
            form.action.data or "",
            form.agency.data or "",
            form.coordinate.data or [],
        )
    except TrainerError as exc:
        if exc.status != 400:
            raise
        getattr(form, exc.field or "action", form.action).errors = [exc.message]
        return _render_attempt(found, ReplyForm(formdata=None), form, 422)
    session.commit()
    return redirect(url_for("practice.feedback", attempt_id=found.id))


@bp.get("/percobaan/<int:attempt_id>/hasil")
@role_required(*TRAINEE_ROLES, "reviewer")
def feedback(attempt_id: int) -> Response | str:
    """The feedback page of a finished attempt."""
    session = get_session()
    found = access.attempt_for_read_or_404(session, current_user, attempt_id)
    if not found.finished:
        if not access.can_write_attempt(current_user, found):
            raise Conflict(
                _("Percobaan ini belum selesai; umpan balik tersedia setelah peserta menyelesaikannya.")
            )
        return redirect(url_for("practice.attempt", attempt_id=found.id))
    retry_slug: str | None = None
    if access.can_write_attempt(current_user, found):
        slug = found.scenario_version.slug
        try:
            services.scenario_for_trainee(session, get_catalog(), current_user, slug)
            retry_slug = slug
        except NotFound:  # no longer assigned nor free: no "Coba lagi" button
            retry_slug = None
    return render_template(
        "practice/feedback.html",
        **services.feedback(session, found),
        citizen=services.case_of(found).citizen,
        retry_slug=retry_slug,
        overrides=review_services.overrides_for(session, found),
    )


@bp.get("/riwayat")
@role_required(*TRAINEE_ROLES)
def history() -> str:
    """The trainee's attempts and progress per criterion across bimtek sessions."""
    return render_template("practice/history.html", **services.history(get_session(), current_user))
