"""One exception hierarchy for expected failures, mapped to responses in one place."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .db import close_session


class TrainerError(Exception):
    """An expected failure with a message fit for the user."""

    status = 400

    def __init__(
        self,
        message: str,
        field: str | None = None,
        *,
        next_url: str | None = None,
        next_label: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Where the error page sends the user next (for example: the attempt's feedback).
        self.next_url = next_url
        self.next_label = next_label


class NotFound(TrainerError):
    """The object does not exist or is not open to this user."""

    status = 404


class Forbidden(TrainerError):
    """The object exists but belongs to someone else."""

    status = 403


class Conflict(TrainerError):
    """The request does not fit the current state (for example: attempt already finished)."""

    status = 409


def error_page_text(status: int) -> tuple[str, str]:
    """Return the heading and the what-to-do-next sentence of an error page, in the user's language."""
    texts = {
        400: (
            _("Permintaan tidak dapat diproses"),
            _("Ada isian yang tidak sah. Kembali ke halaman sebelumnya, periksa isian, lalu kirim lagi."),
        ),
        403: (
            _("Akses ditolak"),
            _(
                "Halaman ini untuk pengguna lain. Buka halaman utama Anda dari tautan di bawah; "
                "bila seharusnya Anda boleh membukanya, hubungi pelatih atau admin."
            ),
        ),
        404: (
            _("Halaman tidak ditemukan"),
            _(
                "Alamat ini tidak ada atau sudah tidak tersedia. Periksa alamatnya, "
                "atau mulai lagi dari halaman utama Anda."
            ),
        ),
        405: (
            _("Halaman ini tidak dibuka dengan cara itu"),
            _(
                "Alamat ini hanya menerima kiriman formulir, bukan dibuka langsung. "
                "Buka halaman dari menu atau dari halaman utama Anda."
            ),
        ),
        409: (
            _("Tidak dapat dilakukan sekarang"),
            _(
                "Keadaan sudah berubah sejak halaman ini dibuka, misalnya percobaan sudah selesai. "
                "Buka halaman terbaru dari tautan di bawah."
            ),
        ),
        413: (
            _("Kiriman terlalu besar"),
            _("Kiriman melebihi batas 1 MB. Perpendek isian lalu kirim lagi."),
        ),
        429: (
            _("Terlalu banyak permintaan"),
            _("Tunggu sebentar, lalu coba lagi."),
        ),
        500: (
            _("Terjadi kesalahan di server"),
            _("Data yang sudah tersimpan aman; coba lagi sebentar lagi."),
        ),
    }
    if status in texts:
        return texts[status]
    if status >= 500:
        return texts[500]
    return texts[400]


def _reload_user() -> None:
    """Give the error page a freshly loaded user: the failed transaction expired the cached one.

    If the user cannot be loaded (the database is away), the page is rendered as for a visitor.
    """
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from .db import get_session
    from .models import User

    user = g.get("_login_user")
    if not isinstance(user, User):
        return
    identity = inspect(user).identity
    try:
        g._login_user = get_session().get(User, identity) if identity else None
    except SQLAlchemyError:
        close_session()
        g._login_user = None
    if g._login_user is None:
        show_as_visitor()


def show_as_visitor() -> None:
    """Render the rest of this request as for a visitor (the header no longer asks for the user)."""
    from .auth import login_manager

    g._login_user = login_manager.anonymous_user()


def _home_link() -> tuple[str, str]:
    """Return the user's home page and its label; never the page that just failed (no loop)."""
    from .auth.services import home_endpoint

    try:
        if not current_user.is_authenticated:
            return url_for("auth.login"), _("Masuk")
        home = url_for(home_endpoint(current_user))
    except Exception:  # the user cannot be loaded (database down): the error page must still render
        return url_for("auth.home"), _("Kembali ke halaman utama")
    if home == request.path:
        return url_for("auth.account"), _("Buka halaman akun Anda")
    return home, _("Kembali ke halaman utama")


def _same_site_referrer() -> str | None:
    """Return the path of the page the request came from, if it is one of ours."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def register_error_handlers(app: Flask) -> None:
    """Render every error as a friendly page (or JSON for API calls); roll back on 500."""

    def wants_json() -> bool:
        return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"

    def render(
        status: int,
        title: str,
        message: str,
        next_url: str | None = None,
        next_label: str | None = None,
    ) -> tuple[object, int]:
        # Whatever failed, the request's transaction is over: roll it back (and drop the session) so
        # rendering the page never touches a failed transaction or expired objects.
        close_session()
        _reload_user()
        if wants_json():
            return {"error": message}, status
        help_text = error_page_text(status)[1]
        home_url, home_label = _home_link()
        page = render_template(
            "errors/error.html",
            status=status,
            title=title,
            message=message,
            help_text=help_text if help_text != message else "",
            next_url=next_url,
            next_label=next_label,
            home_url=home_url,
            home_label=home_label,
        )
        return page, status

    @app.errorhandler(TrainerError)
    def _trainer_error(exc: TrainerError) -> tuple[object, int]:
        return render(exc.status, error_page_text(exc.status)[0], exc.message, exc.next_url, exc.next_label)

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> tuple[object, int]:
        return render(
            400,
            _("Formulir kedaluwarsa"),
            _(
                "Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi; isian Anda tidak hilang dari kotak teks."
            ),
            _same_site_referrer(),
            _("Buka lagi halaman tadi"),
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[object, ...]:
        # Our own words for every status: Werkzeug's descriptions are English only.
        title, message = error_page_text(exc.code or 500)
        page = render(exc.code or 500, title, message)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            return (*page, {"Allow": ", ".join(exc.valid_methods)})
        return page

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[object, int]:
        app.logger.exception("unexpected error")
        title, message = error_page_text(500)
        return render(500, title, message)
