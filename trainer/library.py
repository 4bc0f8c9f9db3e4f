"""The scenario library held by the app: the bundled files (reloaded when they change) plus the
published scenarios authored in the app (read from the database, so every worker sees them)."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from flask import Flask, current_app, has_request_context
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import SQLAlchemyError

from .catalog import Catalog, Problem, check_scenario_text, load_catalog
from .db import get_session
from .models import AuthoredScenario, AuthoredVersion

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
    """Return the current library: bundled files and published authored scenarios."""
    return with_authored(file_catalog())


def file_catalog() -> Catalog:
    """Return the bundled library, reloading it if a scenario file changed."""
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


def _connection() -> AbstractContextManager[Connection]:
    """The request's own connection inside a request, else a new one.

    A request never holds two connections: a request that had begun writing and then waited here
    for a second connection, while every pooled one waited on its write lock, would stall the room.
    """
    if has_request_context():
        return nullcontext(get_session().connection())
    return current_app.extensions["engine"].connect()  # type: ignore[no-any-return]


def with_authored(files: Catalog) -> Catalog:
    """Add the published authored scenarios to a file catalogue (cached until one changes).

    One small aggregate query per call tells whether anything was published or saved since.
    """
    app = current_app
    published = AuthoredScenario.status == "published"
    try:
        with _connection() as conn:
            fingerprint = tuple(
                conn.execute(
                    select(func.count(func.distinct(AuthoredScenario.id)), func.max(AuthoredVersion.id))
                    .join(AuthoredVersion, AuthoredVersion.scenario_id == AuthoredScenario.id)
                    .where(published)
                ).one()
            )
            if fingerprint[0] == 0:
                return files
            cached = app.extensions.get("catalog_authored")
            if cached is not None and cached[0] is files and cached[1] == fingerprint:
                merged: Catalog = cached[2]
                return merged
            latest = (
                select(AuthoredVersion.scenario_id, func.max(AuthoredVersion.number).label("number"))
                .group_by(AuthoredVersion.scenario_id)
                .subquery()
            )
            rows = conn.execute(
                select(AuthoredScenario.slug, AuthoredVersion.yaml_text)
                .join(AuthoredVersion, AuthoredVersion.scenario_id == AuthoredScenario.id)
                .join(
                    latest,
                    (latest.c.scenario_id == AuthoredVersion.scenario_id)
                    & (latest.c.number == AuthoredVersion.number),
                )
                .where(published)
            ).all()
    except SQLAlchemyError:  # no schema yet (e.g. `scenarios list` before `db upgrade`)
        if has_request_context():
            get_session().rollback()
        return files
    merged = merge_authored(files, [(slug, text) for slug, text in rows])
    app.extensions["catalog_authored"] = (files, fingerprint, merged)
    return merged


def merge_authored(files: Catalog, texts: list[tuple[str, str]]) -> Catalog:
    """Return a catalogue with the authored texts added (a bundled file keeps its slug)."""
    merged = Catalog(
        files.directory,
        dict(files.scenarios),
        dict(files.broken),
        files.agencies,
        files.agency_problems,
    )
    for slug, text in texts:
        source = f"app:{slug}"
        if slug in files.scenarios or slug in files.broken:
            merged.broken[f"{slug} (app)"] = [Problem(source, 1, "", "a bundled file uses the same slug")]
            continue
        loaded, problems = check_scenario_text(text, source, slug, files.agencies)
        if loaded is not None:
            merged.scenarios[slug] = loaded
        else:
            merged.broken[slug] = problems
    return merged
