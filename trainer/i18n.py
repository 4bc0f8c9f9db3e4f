"""Language switch links and times in the deployment's zone, for every template."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask_babel import format_date, format_time, get_timezone, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

#: Indonesia's three zones by their usual names; other zones fall back to Babel's short name.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def page_get_url() -> str:
    """Return the GET address of the page being shown, so a link can reopen it.

    A page rendered in answer to a POST (a form with errors) names its GET address in
    `g.page_url`; otherwise the same path if it answers GET, else the home page.
    """
    if request.method in ("GET", "HEAD"):
        return request.path
    named = g.get("page_url")
    if named:
        return str(named)
    adapter = current_app.url_map.bind("", url_scheme=request.scheme)
    try:
        adapter.match(request.path, method="GET")
    except HTTPException:  # no GET route at this address (or a redirect): go home instead
        return url_for("auth.home")
    return request.path


def language_url(lang: str) -> str:
    """Return the current page's GET address in another language (never a POST-only address)."""
    path = page_get_url()
    query: dict[str, Any] = {}
    if path == request.path:  # the same address answers GET: keep its query (e.g. ?next=)
        query = {k: v for k, v in request.args.items(multi=False) if k != "lang"}
    query["lang"] = lang
    return f"{path}?{urlencode(query)}"


def zone_name() -> str:
    """Return the short name of the deployment's time zone (WIB, WITA, WIT, or Babel's name)."""
    tz = get_timezone()
    name = str(getattr(tz, "zone", "") or tz)
    if name in ZONE_NAMES:
        return ZONE_NAMES[name]
    return format_time(datetime.now(), "z")


def datetime_local(value: datetime | None) -> str:
    """Format a stored (UTC) time in the deployment's zone and the user's language: 24 Nov 2026 10.16 WIB."""
    if value is None:
        return ""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')} {zone_name()}"


def date_local(value: date | datetime | None) -> str:
    """Format a date in the user's language: 24 Nov 2026."""
    if value is None:
        return ""
    return format_date(value, "medium")


def duration_words(seconds: int | None) -> str:
    """Say a duration in words: 25 detik, 2 menit 5 detik (in the user's language)."""
    from flask_babel import gettext as _

    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return _("%(m)d menit %(s)d detik", m=minutes, s=rest)
    if minutes:
        return _("%(m)d menit", m=minutes)
    return _("%(s)d detik", s=rest)


def template_gettext() -> dict[str, Any]:
    """The templates' `_()` and `ngettext()`, bound to this request's catalogue once per render.

    Flask-Babel's template callables look the catalogue up again on every call (about 17 µs each;
    the attempt page has some 45 strings). These behave as Jinja's "newstyle" gettext: the
    translation is always a %-format string, escaped when autoescaping is on.
    """
    translations = get_translations()

    def formatted(context: Context, text: str, variables: dict[str, Any]) -> str:
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @pass_context
    def gettext(context: Context, string: str, /, **variables: Any) -> str:
        return formatted(context, translations.ugettext(string), variables)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        return formatted(context, translations.ungettext(singular, plural, num), variables)

    return {"gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    """Expose the language switch, the time filters and per-render gettext to templates."""
    app.context_processor(template_gettext)
    app.add_template_global(language_url)
    app.add_template_filter(datetime_local)
    app.add_template_filter(date_local)
    app.add_template_filter(duration_words)
