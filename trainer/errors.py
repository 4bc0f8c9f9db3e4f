"""One exception hierarchy for expected failures, mapped to responses in one place."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .db import close_session


class TrainerError(Exception):
    """An expected failure with a message fit for the user."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(TrainerError):
    """The object does not exist or is not open to this user."""

    status = 404


class Forbidden(TrainerError):
    """The object exists but belongs to someone else."""

    status = 403


class Conflict(TrainerError):
    """The request does not fit the current state (for example: attempt already finished)."""

    status = 409


def register_error_handlers(app: Flask) -> None:
    """Render every error as a friendly page (or JSON for API calls); roll back on 500."""

    def wants_json() -> bool:
        return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"

    def render(status: int, title: str, message: str) -> tuple[object, int]:
        # Whatever failed, the request's transaction is over: roll it back (and drop the session) so
        # rendering the page never touches a failed transaction or expired objects.
        close_session()
        if wants_json():
            return {"error": message}, status
        return render_template("errors/error.html", status=status, title=title, message=message), status

    @app.errorhandler(TrainerError)
    def _trainer_error(exc: TrainerError) -> tuple[object, int]:
        return render(exc.status, str(exc.status), exc.message)

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> tuple[object, int]:
        return render(
            400,
            _("Formulir kedaluwarsa"),
            _(
                "Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi; isian Anda tidak hilang dari kotak teks."
            ),
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[object, int]:
        return render(exc.code or 500, str(exc.code), exc.description or "")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[object, int]:
        app.logger.exception("unexpected error")
        return render(
            500,
            "500",
            _("Terjadi kesalahan di server. Data yang sudah tersimpan aman; coba lagi sebentar lagi."),
        )
