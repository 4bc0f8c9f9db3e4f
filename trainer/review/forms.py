"""The override form: one criterion (or routing), its points and the required reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from .services import MAX_REASON_CHARS, OVERRIDABLE, criterion_labels


class OverrideForm(FlaskForm):
    """Override one criterion's points with a reason the trainee will read."""

    criterion = SelectField(_l("Kriteria"), validators=[DataRequired()])
    points = SelectField(_l("Poin"), coerce=int, choices=[SelectChoice(p, str(p)) for p in (2, 1, 0)])
    reason = TextAreaField(
        _l("Alasan / komentar untuk peserta"), validators=[DataRequired(), Length(max=MAX_REASON_CHARS)]
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = criterion_labels()
        self.criterion.choices = [SelectChoice(key, labels[key]) for key in OVERRIDABLE]
