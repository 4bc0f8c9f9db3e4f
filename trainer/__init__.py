"""Latih Aduan: the Flask application (create_app is the only entry point)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, has_request_context, request, session
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from . import (
    admin,
    auth,
    db,
    errors,
    i18n,
    library,
    operations,
    practice,
    reports,
    review,
    room,
    security,
    training,
)
from .config import load as load_config
from .config import read_only_command

csrf = CSRFProtect()
babel = Babel()


def select_locale() -> str:
    """Use the language the user picked (?lang=en or id), else the configured default."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["DEFAULT_LOCALE"])
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
    stored = session.get("lang")
    return stored if stored in languages else current_app.config["DEFAULT_LOCALE"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, database, scenario library, blueprints, CLI."""
    app = Flask(
        __name__, template_folder="../templates", static_folder="../static", instance_relative_config=True
    )
    app.config.update(load_config(app.instance_path, config, require_secret=not read_only_command()))
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LOCALE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = "translations"
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    library.init_app(app)
    practice.services.warm_up(app.extensions["catalog"])
    auth.init_app(app)
    security.init_app(app)
    errors.register_error_handlers(app)
    operations.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(practice.bp)
    app.register_blueprint(training.bp)
    app.register_blueprint(training.join_bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(admin.bp)

    from . import authoring

    app.register_blueprint(authoring.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(room.bp)

    from . import cli

    cli.init_app(app)
    operations.compile_templates(app)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        from flask_babel import get_locale

        return {"current_locale": str(get_locale())}

    return app
