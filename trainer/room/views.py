"""The projector page."""

from __future__ import annotations

from flask import current_app, render_template, request

from ..db import get_session
from ..security import role_required
from . import bp, services


@bp.get("/ruang")
@role_required("trainer", "admin")
def projector() -> str:
    """Show the URL trainees open (with its QR code) and the open sessions' join codes."""
    urls = current_app.config.get("ROOM_URLS") or [request.url_root]
    return render_template(
        "room/projector.html",
        main_url=urls[0],
        main_qr=services.qr_svg(urls[0]),
        other_urls=urls[1:],
        sessions=services.open_sessions(get_session()),
    )
