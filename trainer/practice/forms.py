"""Practice forms: a reply, and the routing (disposisi) that finishes an attempt."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from ..scenario_schema import ACTIONS

ACTION_LABELS = {
    "verifikasi": _l("Verifikasi dan teruskan (disposisi)"),
    "tunda": _l("Tunda (minta kelengkapan)"),
    "bukan_wewenang": _l("Bukan wewenang (teruskan ke instansi berwenang)"),
    "arsip": _l("Arsipkan"),
}


class ReplyForm(FlaskForm):
    """The trainee's reply; length and emptiness are checked by the service, text is kept."""

    reply = TextAreaField(_l("Balasan Anda"))
    token = HiddenField()
    private = BooleanField(_l("Kirim sebagai pesan pribadi (DM)"))


class RouteForm(FlaskForm):
    """The admin action, the responsible agency and agencies to coordinate with."""

    action = SelectField(
        _l("Tindakan admin"),
        choices=[SelectChoice("", _l("— pilih —"))] + [SelectChoice(a, ACTION_LABELS[a]) for a in ACTIONS],
        validators=[DataRequired(message=_l("Pilih tindakan admin."))],
    )
    agency = SelectField(
        _l("Instansi penanggung jawab"),
        validators=[DataRequired(message=_l("Pilih instansi penanggung jawab."))],
    )
    # Checkboxes, not a multi-select: no Ctrl-click needed on a desktop, tappable on a phone.
    coordinate = SelectMultipleField(
        _l("Koordinasi dengan (opsional)"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
