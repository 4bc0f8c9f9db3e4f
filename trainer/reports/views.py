"""Dashboard pages for Diskominfo reviewers: thin HTTP layer over reports.services (read only)."""

from __future__ import annotations

from typing import Any

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..db import get_session
from ..errors import TrainerError
from ..models import Cohort
from ..practice.services import feedback
from . import bp, exports, queries, services, summary
from .services import Filters


def _cohort(cohort_id: int) -> Cohort:
    return access.cohort_for_reviewer_or_404(get_session(), current_user, cohort_id)


def _args() -> dict[str, str]:
    return {k: v for k, v in request.args.items()}


def _context(cohort: Cohort, filters: Filters) -> dict[str, Any]:
    """Values every dashboard page needs: the cohort, its sessions and units, the filters, labels."""
    db = get_session()
    labels, flag_labels = services.criterion_labels(), services.flag_labels()
    return {
        "cohort": cohort,
        "filters": filters,
        "filter_args": services.filter_args(filters),
        "all_sessions": services.cohort_sessions(db, cohort),
        "all_units": queries.cohort_units(db, cohort.id, Filters()),
        "labels": labels,
        "flag_labels": flag_labels,
        "criterion_names": [labels[k] for k in services.CRITERIA],
        "flag_names": [flag_labels[f] for f in services.FLAGS],
        "type_labels": services.unit_type_labels(),
        "criteria": services.CRITERIA,
        "flags": services.FLAGS,
    }


def _page(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


@bp.get("/")
@login_required
def home() -> Any:
    """Land on the reviewer's cohort overview, or list the cohorts when they review several."""
    access.require_reviewer(current_user)
    cohorts = access.reviewer_cohorts(get_session(), current_user)
    if len(cohorts) == 1:
        return redirect(url_for("reports.overview", cohort_id=cohorts[0].id))
    return render_template("reports/home.html", cohorts=cohorts)


@bp.get("/kohort/<int:cohort_id>/")
@login_required
def overview(cohort_id: int) -> str:
    """Cohort overview: sessions × criteria, routing, time to reply, completion, trend, histogram."""
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(get_session(), cohort, _args())
    data = services.overview(get_session(), cohort, filters)
    return render_template("reports/overview.html", data=data, **_context(cohort, filters))


@bp.get("/kohort/<int:cohort_id>/unit")
@login_required
def units(cohort_id: int) -> str:
    """Per unit or per unit type, sortable, with the units that improved least highlighted."""
    db = get_session()
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(db, cohort, _args())
    by = "type" if request.args.get("per") == "jenis" else "unit"
    sort = request.args.get("urut", "name")
    sort = sort if sort in services.SORT_KEYS else "name"
    descending = request.args.get("arah") == "turun"
    pair = services.choose_pair(db, cohort, {})
    rows = services.groups(db, cohort, filters, by, pair, sort, descending)
    return render_template(
        "reports/units.html", rows=rows, by=by, sort=sort, descending=descending, pair=pair,
        **_context(cohort, filters),
    )  # fmt: skip


@bp.get("/kohort/<int:cohort_id>/kemajuan")
@login_required
def progress(cohort_id: int) -> str:
    """Progress between two sessions: per unit (or type) and per trainee, with a paired comparison."""
    db = get_session()
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(db, cohort, {k: v for k, v in _args().items() if k != "sesi"})
    pair = services.choose_pair(db, cohort, _args())
    by = "type" if request.args.get("per") == "jenis" else "unit"
    data = services.progress(db, cohort, pair, filters, by, _page(request.args.get("hal"))) if pair else None
    return render_template("reports/progress.html", data=data, by=by, **_context(cohort, filters))


@bp.get("/kohort/<int:cohort_id>/percobaan")
@login_required
def attempts(cohort_id: int) -> str:
    """The attempts behind a cell (session, criterion, points, unit), newest first, paged."""
    db = get_session()
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(db, cohort, _args())
    criterion = request.args.get("kriteria")
    criterion = criterion if criterion in services.CRITERIA else None
    points = request.args.get("poin")
    points_value = int(points) if points in ("0", "1", "2") and criterion else None
    total = queries.attempt_count(db, cohort.id, filters, criterion=criterion, points=points_value)
    pages = max(1, -(-total // services.PAGE_SIZE))
    page = min(_page(request.args.get("hal")), pages)
    rows = queries.attempt_list(
        db, cohort.id, filters, criterion=criterion, points=points_value,
        limit=services.PAGE_SIZE, offset=(page - 1) * services.PAGE_SIZE,
    )  # fmt: skip
    return render_template(
        "reports/attempts.html", rows=rows, total=total, page=page, pages=pages, criterion=criterion,
        points=points_value, **_context(cohort, filters),
    )  # fmt: skip


@bp.get("/percobaan/<int:attempt_id>")
@login_required
def transcript(attempt_id: int) -> str:
    """A read-only transcript with the automatic and the trainer-reviewed points side by side."""
    db = get_session()
    attempt = access.attempt_for_reviewer_or_404(db, current_user, attempt_id)
    if not attempt.finished:
        raise TrainerError(
            _("Percobaan ini belum selesai; transkripnya tampil setelah peserta menyelesaikannya.")
        )
    return render_template(
        "reports/transcript.html", attempt=attempt, data=feedback(db, attempt),
        reviews=summary.reviews_in_force(db, attempt.id), labels=services.criterion_labels(),
    )  # fmt: skip


def _export_tables(cohort: Cohort, filters: Filters, views: list[str]) -> list[exports.Table]:
    db = get_session()
    tables = []
    pair = services.choose_pair(db, cohort, _args())
    if "overview" in views:
        tables.append(exports.overview_table(services.overview(db, cohort, filters)))
    if "units" in views:
        tables.append(
            exports.groups_table(services.groups(db, cohort, filters, "unit", pair, "name", False), "unit")
        )
    if "progress" in views and pair is not None:
        unit_filters = Filters(None, filters.unit_type, filters.unit_id)
        trainees = queries.trainee_progress(db, cohort.id, pair.ids, pair.slugs, unit_filters, limit=None)
        tables.append(exports.progress_table(trainees, pair.before.title, pair.after.title))
    if "attempts" in views:
        tables.append(exports.attempts_table(queries.attempt_list(db, cohort.id, filters, limit=None)))
    return tables


def _download(data: bytes, mimetype: str, name: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/kohort/<int:cohort_id>/ekspor.xlsx")
@login_required
def export_xlsx(cohort_id: int) -> Response:
    """Download the views as an XLSX workbook, one sheet per view (`lembar` narrows the sheets)."""
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(get_session(), cohort, _args())
    wanted = [v for v in request.args.getlist("lembar") if v in exports.SHEETS] or list(exports.SHEETS)
    data = exports.xlsx(_export_tables(cohort, filters, wanted), services.methods_note())
    return _download(data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"latih-aduan-kohort-{cohort.id}.xlsx")  # fmt: skip


@bp.get("/kohort/<int:cohort_id>/ekspor.csv")
@login_required
def export_csv(cohort_id: int) -> Response:
    """Download one view (`tampilan`: overview, units, progress or attempts) as CSV with a BOM."""
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(get_session(), cohort, _args())
    view = request.args.get("tampilan", "overview")
    if view not in exports.SHEETS:
        raise TrainerError(_("Tampilan ekspor tidak dikenal: %(v)s.", v=view[:20]))
    tables = _export_tables(cohort, filters, [view])
    if not tables:
        raise TrainerError(_("Belum ada dua sesi untuk dibandingkan."))
    return _download(exports.csv_bytes(tables[0]), "text/csv; charset=utf-8",
                     f"latih-aduan-kohort-{cohort.id}-{view}.csv")  # fmt: skip


@bp.get("/kohort/<int:cohort_id>/cetak")
@login_required
def report(cohort_id: int) -> str:
    """A printable A4 report of a cohort (or one session) for a leadership report."""
    db = get_session()
    cohort = _cohort(cohort_id)
    filters = services.parse_filters(db, cohort, _args())
    data = services.overview(db, cohort, filters)
    pair = services.choose_pair(db, cohort, {})
    unit_filters = Filters(None, filters.unit_type, filters.unit_id)
    progress_data = services.progress(db, cohort, pair, unit_filters, with_trainees=False) if pair else None
    return render_template(
        "reports/report.html", data=data, progress=progress_data, methods=services.methods_note(),
        **_context(cohort, filters),
    )  # fmt: skip
