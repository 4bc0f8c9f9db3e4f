"""Admin pages: thin HTTP layer over admin.services."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from .. import access
from ..db import get_session
from ..errors import NotFound, TrainerError
from ..models import Cohort
from ..security import role_required
from . import bp, services
from .forms import ActionForm, CohortForm, MemberForm, UnitForm, UserForm


def _user_form(data: dict[str, object]) -> UserForm:
    form = UserForm()
    form.cohort_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(c.id, c.name) for c, _n in data["cohorts"]
    ]  # type: ignore[attr-defined]
    form.unit_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(u.id, f"{u.code} — {u.name}") for u in data["units"]
    ]  # type: ignore[attr-defined]
    return form


def _page(status: int = 200, **forms: object) -> tuple[str, int]:
    data = services.overview(get_session())
    values = {"user_form": _user_form(data), "unit_form": UnitForm(), "cohort_form": CohortForm(), **forms}
    return render_template("admin/index.html", **data, **values), status


@bp.get("/")
@role_required("admin")
def index() -> tuple[str, int]:
    """Users, units and cohorts with forms to add each."""
    return _page()


def _create(form_name: str, form: object, create: object) -> Response | tuple[str, int]:
    session = get_session()
    try:
        result = create()  # type: ignore[operator]
    except TrainerError as exc:
        session.rollback()
        field = getattr(form, exc.field or "", None)
        if field is not None:
            field.errors = [exc.message]
        else:
            flash(exc.message, "error")
        return _page(422, **{form_name: form})
    session.commit()
    return result  # type: ignore[no-any-return]


@bp.post("/pengguna")
@role_required("admin")
def user_create() -> Response | tuple[str, int]:
    """Create an account and show its one-time password once."""
    session = get_session()
    form = _user_form(services.overview(session))
    if not form.validate_on_submit():
        return _page(422, user_form=form)

    def create() -> tuple[str, int]:
        credential = services.create_user(
            session,
            username=form.username.data or "",
            display_name=form.display_name.data or "",
            role=form.role.data or "",
            cohort_id=form.cohort_id.data,
            unit_id=form.unit_id.data,
        )
        return render_template(
            "admin/created_user.html", credential=credential, login_url=url_for("auth.login", _external=True)
        ), 201

    return _create("user_form", form, create)


@bp.post("/unit")
@role_required("admin")
def unit_create() -> Response | tuple[str, int]:
    """Create a unit."""
    form = UnitForm()
    if not form.validate_on_submit():
        return _page(422, unit_form=form)

    def create() -> Response:
        services.create_unit(
            get_session(),
            code=form.code.data or "",
            name=form.name.data or "",
            unit_type=form.unit_type.data or "",
        )
        flash(_("Unit ditambahkan."), "info")
        return redirect(url_for("admin.index"))

    return _create("unit_form", form, create)


@bp.post("/kohort")
@role_required("admin")
def cohort_create() -> Response | tuple[str, int]:
    """Create a cohort."""
    form = CohortForm()
    if not form.validate_on_submit():
        return _page(422, cohort_form=form)

    def create() -> Response:
        cohort = services.create_cohort(get_session(), name=form.name.data or "", city=form.city.data or "")
        flash(_("Kohort ditambahkan."), "info")
        return redirect(url_for("admin.members", cohort_id=cohort.id))

    return _create("cohort_form", form, create)


def _cohort_or_404(cohort_id: int) -> Cohort:
    cohort = get_session().get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound(_("Kohort tidak ditemukan."))
    return cohort


@bp.route("/kohort/<int:cohort_id>/anggota", methods=["GET", "POST"])
@role_required("admin")
def members(cohort_id: int) -> Response | tuple[str, int]:
    """A cohort's trainers and reviewers; add one."""
    session = get_session()
    cohort = _cohort_or_404(cohort_id)
    form = MemberForm()
    staff = services.overview(session)["staff"]
    form.user_id.choices = [
        SelectChoice(u.id, f"{u.username} ({u.role})") for u in staff if u.role in ("trainer", "reviewer")
    ]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.add_member(session, cohort, form.user_id.data, form.role.data or "")
                session.commit()
                flash(_("Anggota ditambahkan."), "info")
                return redirect(url_for("admin.members", cohort_id=cohort.id))
            except TrainerError as exc:
                session.rollback()
                form.user_id.errors = [exc.message]
        status = 422
    return render_template(
        "admin/members.html",
        cohort=cohort,
        members=services.members(session, cohort),
        form=form,
        action_form=ActionForm(),
    ), status


@bp.post("/kohort/<int:cohort_id>/anggota/<int:member_id>/hapus")
@role_required("admin")
def member_remove(cohort_id: int, member_id: int) -> Response:
    """Remove a trainer or reviewer from a cohort."""
    session = get_session()
    member = access.cohort_member_or_404(session, cohort_id, member_id)
    if ActionForm().validate_on_submit():
        services.remove_member(session, member)
        session.commit()
        flash(_("Anggota dihapus dari kohort."), "info")
    return redirect(url_for("admin.members", cohort_id=cohort_id))
