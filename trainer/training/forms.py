"""Trainer forms: a bimtek session, the roster upload and confirmation, closing, self-join."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .services import TEST_KINDS, Assignment


class SessionForm(FlaskForm):
    """Title, dates, place and self-join of a bimtek session (the scenarios come as extra fields)."""

    cohort_id = SelectField(_l("Kelompok (kohort)"), coerce=int)
    title = StringField(_l("Judul sesi"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("Tanggal mulai"), validators=[DataRequired()])
    ends_on = DateField(_l("Tanggal selesai"), validators=[DataRequired()])
    location = StringField(_l("Tempat"), validators=[Optional(), Length(max=200)])
    allow_self_join = BooleanField(_l("Izinkan peserta bergabung sendiri dengan kode"))


def parse_assignments(form: Mapping[str, str], getlist: list[str]) -> list[Assignment]:
    """Read the ticked scenarios with their order, required flag and test kind from the form."""
    chosen: list[Assignment] = []
    for index, slug in enumerate(dict.fromkeys(getlist)):
        raw = form.get(f"position-{slug}", "")
        position = int(raw) if raw.strip().isdigit() else 1000 + index
        kind = form.get(f"kind-{slug}") or None
        chosen.append(
            Assignment(
                slug=slug,
                position=position,
                required=form.get(f"required-{slug}") == "y",
                test_kind=kind if kind in TEST_KINDS else None,
            )
        )
    return chosen


class RosterUploadForm(FlaskForm):
    """A CSV or XLSX file of participants."""

    file = FileField(_l("Berkas peserta (.csv atau .xlsx)"), validators=[FileRequired()])


class RosterConfirmForm(FlaskForm):
    """The signed table from the report, and whether to create units not found."""

    payload = HiddenField(validators=[DataRequired()])
    create_units = BooleanField(_l("Buat unit yang belum terdaftar"))


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""


class CloseForm(FlaskForm):
    """Close a session: leave the unfinished attempts, or close them as unfinished."""

    unfinished = RadioField(
        _l("Percobaan yang belum selesai"),
        choices=[
            SelectChoice("leave", _l("Biarkan (peserta masih dapat menyelesaikannya)")),
            SelectChoice("abandon", _l("Tutup sebagai tidak selesai")),
        ],
        default="leave",
    )


class JoinForm(FlaskForm):
    """The join code a trainer hands out in the room."""

    code = StringField(_l("Kode gabung"), validators=[DataRequired(), Length(max=12)])
