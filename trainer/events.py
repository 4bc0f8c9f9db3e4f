"""A tiny in-process hook: tell interested parts of the app that an attempt's scores changed.

Practice calls `attempt_scored` when an attempt finishes, review calls it after an override; a
feature that keeps derived data (e.g. a dashboard summary table) registers a listener with
`on_attempt_scored`. Listeners run inside the caller's transaction and must only `flush()`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from .models import Attempt

Listener = Callable[[Session, Attempt], None]
_listeners: list[Listener] = []


def on_attempt_scored(listener: Listener) -> Listener:
    """Register `listener(session, attempt)`; usable as a decorator. Registering twice is a no-op."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def attempt_scored(session: Session, attempt: Attempt) -> None:
    """Tell every listener that the attempt's scores (automatic or reviewed) changed."""
    for listener in _listeners:
        listener(session, attempt)
