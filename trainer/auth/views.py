"""Login and logout pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..db import get_session
from . import bp
from .forms import LoginForm
from .limits import per_account, per_address
from .services import authenticate, home_endpoint


def _safe_next(target: str | None) -> str | None:
    """Return `target` if it is a path on this site; browsers read `/\\host` like `//host`."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/", methods=["GET"])
def home() -> Response:
    """Send visitors to their home page or to the login page."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    return redirect(url_for("auth.login"))


@bp.route("/masuk", methods=["GET", "POST"])
@per_account
@per_address
def login() -> Response | str | tuple[str, int]:
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        user = authenticate(session, form.username.data or "", form.password.data or "")
        if user is not None:
            session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for(home_endpoint(user)))
        flash(_("Nama pengguna atau kata sandi salah."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/keluar")
@login_required
def logout() -> Response:
    """Log out (POST only, with CSRF)."""
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/akun")
@login_required
def account() -> str:
    """Who is logged in, with which role, and the pages that role may open (any role may see it)."""
    return render_template("auth/account.html")
