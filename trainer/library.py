"""The scenario library held by the app, reloaded when the scenario files change."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask, current_app

from .catalog import Catalog, load_catalog

_CHECK_EVERY_SECONDS = 2.0


def _fingerprint(directory: Path) -> tuple[tuple[str, float, int], ...]:
    try:
        return tuple(sorted((p.name, p.stat().st_mtime, p.stat().st_size) for p in directory.glob("*.yaml")))
    except OSError:
        return ()


def init_app(app: Flask) -> None:
    """Load the library once at start-up; a broken file never stops the app."""
    directory = Path(app.config["SCENARIO_DIR"])
    app.extensions["catalog"] = load_catalog(directory)
    app.extensions["catalog_state"] = {"fingerprint": _fingerprint(directory), "checked": time.monotonic()}


def get_catalog() -> Catalog:
    """Return the current library, reloading it if a scenario file changed."""
    app = current_app
    state = app.extensions["catalog_state"]
    now = time.monotonic()
    if now - state["checked"] >= _CHECK_EVERY_SECONDS:
        directory = Path(app.config["SCENARIO_DIR"])
        fingerprint = _fingerprint(directory)
        state["checked"] = now
        if fingerprint != state["fingerprint"]:
            app.extensions["catalog"] = load_catalog(directory)
            state["fingerprint"] = fingerprint
    catalog: Catalog = app.extensions["catalog"]
    return catalog
