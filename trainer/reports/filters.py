"""Jinja filters for Indonesian-first number formatting (`38,5 %`, `1,25`, `+0,40`)."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import get_locale

from . import bp


def _locale_id() -> bool:
    return str(get_locale()).startswith("id")


@lru_cache(maxsize=8)
def _marks(locale: str) -> dict[int, str]:
    """Return a str.translate table from Python's `,`/`.` to the locale's group and decimal marks."""
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})


@bp.app_template_filter("num")
def number(value: float | None, digits: int = 2) -> str:
    """Format a number with the locale's decimal and group marks (`1.234,50`); None is a dash.

    The symbols come from Babel's locale data once per locale; Python does the rounding and
    grouping (Babel's own formatter, called thousands of times per page, dominated render time).
    """
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".translate(_marks(str(get_locale())))


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
