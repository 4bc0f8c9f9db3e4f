"""Jinja filters for Indonesian-first number formatting (`38,5 %`, `1,25`, `+0,40`)."""

from __future__ import annotations

from flask_babel import format_decimal, get_locale

from . import bp


def _locale_id() -> bool:
    return str(get_locale()).startswith("id")


@bp.app_template_filter("num")
def number(value: float | None, digits: int = 2) -> str:
    """Format a number with the locale's decimal mark; None (nothing measured) is a dash."""
    if value is None:
        return "–"
    return str(format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0"))


@bp.app_template_filter("pct")
def percent(value: float | None, digits: int = 1) -> str:
    """Format a share 0..1 as a percentage: `38,5 %` in Indonesian, `38.5%` in English."""
    if value is None:
        return "–"
    text = number(value * 100, digits)
    return f"{text} %" if _locale_id() else f"{text}%"


@bp.app_template_filter("signed")
def signed(value: float | None, digits: int = 2) -> str:
    """Format a change with its sign (`+0,40`, `−0,25`, `0,00`)."""
    if value is None:
        return "–"
    text = number(abs(value), digits)
    if round(value, digits) > 0:
        return f"+{text}"
    if round(value, digits) < 0:
        return f"−{text}"
    return text


@bp.app_template_filter("duration")
def duration(seconds: float | None) -> str:
    """Format seconds as minutes:seconds (`3:05`)."""
    if seconds is None:
        return "–"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
