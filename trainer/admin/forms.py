"""Admin forms: a user, a unit, a cohort, a membership."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..training.roster import UNIT_TYPES
from .services import MEMBER_ROLES, ROLES


def _optional_int(value: object) -> int | None:
    return int(str(value)) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    """A new account."""

    username = StringField(_l("Nama pengguna"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Nama lengkap"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Peran"), choices=[SelectChoice(r, r) for r in ROLES])
    cohort_id = SelectField(_l("Kohort (peserta)"), coerce=_optional_int, validators=[Optional()])
    unit_id = SelectField(_l("Unit"), coerce=_optional_int, validators=[Optional()])


class UnitForm(FlaskForm):
    """A new unit."""

    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    unit_type = SelectField(_l("Jenis"), choices=[SelectChoice(t, t) for t in UNIT_TYPES])


class CohortForm(FlaskForm):
    """A new cohort."""

    name = StringField(_l("Nama kohort"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("Kota/kabupaten"), validators=[Optional(), Length(max=100)])


class MemberForm(FlaskForm):
    """A trainer or reviewer to add to a cohort."""

    user_id = SelectField(_l("Akun"), coerce=int)
    role = SelectField(_l("Peran"), choices=[SelectChoice(r, r) for r in MEMBER_ROLES])


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""
