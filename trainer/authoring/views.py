"""Authoring pages: library, form and YAML editor, preview, versions (trainers and admins only)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from scoring import CRITERIA

from ..db import get_session
from ..errors import TrainerError
from ..library import get_catalog
from ..models import AuthoredScenario
from ..scenario_schema import ACTIONS, MOODS, Scenario
from ..security import role_required
from . import bp, forms, services

AUTHOR_ROLES = ("trainer", "admin")
Page = str | tuple[str, int] | BaseResponse


@bp.get("/")
@role_required(*AUTHOR_ROLES)
def index() -> str:
    """The scenario library: bundled and authored, with validation status and attempt figures."""
    rows = services.library(get_session(), get_catalog(), current_user)
    return render_template("authoring/index.html", rows=rows)


@bp.route("/baru", methods=["GET", "POST"])
@role_required(*AUTHOR_ROLES)
def new() -> Page:
    """A new scenario in the form editor, blank or a copy (?salin=slug)."""
    if request.method == "POST":
        return _post(None, "form")
    source = request.args.get("salin")
    if not source:
        return _render_form(None, "", forms.blank_values())
    text = services.source_text(get_session(), get_catalog(), source)
    data = services.data_of(text)
    slug = f"{source}-salinan"[: services.SLUG_MAX]
    if data is None or forms.unknown_keys(data) or forms.multiline_items(data):
        return _render_yaml(None, slug, text, services.check_text(get_catalog(), slug, text))
    return _render_form(None, slug, forms.values_from_data(data), comments=forms.comment_lines(text))


@bp.route("/baru/yaml", methods=["GET", "POST"])
@role_required(*AUTHOR_ROLES)
def new_yaml() -> Page:
    """A new scenario written as YAML text."""
    if request.method == "POST":
        return _post(None, "yaml")
    return _render_yaml(None, "", "", None)


@bp.route("/<slug>/ubah", methods=["GET", "POST"])
@role_required(*AUTHOR_ROLES)
def edit(slug: str) -> Page:
    """Edit an authored scenario in the form editor."""
    authored = services.authored_for_write_or_404(get_session(), current_user, slug)
    if request.method == "POST":
        return _post(authored, "form")
    text = services.latest_version(authored).yaml_text
    data = services.data_of(text) or {}
    return _render_form(
        authored,
        slug,
        forms.values_from_data(data),
        services.check_text(get_catalog(), slug, text),
        comments=forms.comment_lines(text),
    )


@bp.route("/<slug>/yaml", methods=["GET", "POST"])
@role_required(*AUTHOR_ROLES)
def edit_yaml(slug: str) -> Page:
    """Edit an authored scenario as YAML text."""
    authored = services.authored_for_write_or_404(get_session(), current_user, slug)
    if request.method == "POST":
        return _post(authored, "yaml")
    text = services.latest_version(authored).yaml_text
    return _render_yaml(authored, slug, text, services.check_text(get_catalog(), slug, text))


def _post(authored: AuthoredScenario | None, tab: str) -> Page:
    """Handle one editor button: rows, switching tabs, checking, saving, publishing."""
    op = request.form.get("op", "check")
    slug = authored.slug if authored else request.form.get("slug", "").strip()
    catalog = get_catalog()
    comments = [int(n) for n in request.form.get("yaml_comments", "").split(",") if n.isdigit()]
    if tab == "form":
        values = forms.values_from_form(request.form)
        if op == "add_fact":
            return _render_form(authored, slug, forms.add_row(values, "facts"), comments=comments)
        if op.startswith("remove_fact-") and op[12:].isdigit():
            return _render_form(
                authored, slug, forms.remove_row(values, "facts", int(op[12:])), comments=comments
            )
        data = forms.data_from_values(values)
        text = forms.dump_yaml(data)
        values = forms.values_from_data(data)
        if op == "to_yaml":
            return _render_yaml(authored, slug, text, services.check_text(catalog, slug, text))
    else:
        text = request.form.get("yaml_text", "").replace("\r\n", "\n")
        if op == "to_form":
            data = services.data_of(text)
            check = services.check_text(catalog, slug, text)
            if data is None:
                return _render_yaml(
                    authored, slug, text, check, _("Perbaiki YAML dulu sebelum pindah ke formulir.")
                )
            unknown = forms.unknown_keys(data)
            if unknown:
                message = _("Kunci ini tidak ada di format, hapus dulu: %(keys)s", keys=", ".join(unknown))
                return _render_yaml(authored, slug, text, check, message)
            multiline = forms.multiline_items(data)
            if multiline:
                message = _(
                    "Formulir memuat satu isian per baris; isian ini berisi beberapa baris: %(keys)s",
                    keys=", ".join(multiline),
                )
                return _render_yaml(authored, slug, text, check, message)
            return _render_form(
                authored, slug, forms.values_from_data(data), check, comments=forms.comment_lines(text)
            )
    render: Callable[..., tuple[str, int]] = (
        partial(_render_form, comments=comments) if tab == "form" else _render_yaml
    )
    content: Any = values if tab == "form" else text
    if op not in ("save", "publish"):
        return render(authored, slug, content, services.check_text(catalog, slug, text))
    session = get_session()
    try:
        if authored is None:
            authored = services.create_scenario(session, catalog, current_user, slug, text)
            if op == "publish":
                services.publish_scenario(session, catalog, current_user, authored)
        else:
            services.save_scenario(session, catalog, current_user, authored, text, publish=op == "publish")
    except services.ScenarioInvalid as exc:
        session.rollback()
        check = exc.check or services.check_text(catalog, slug, text)
        return render(_reloaded(authored), slug, content, check, exc.message, at=exc.field, status=422)
    except TrainerError as exc:
        if exc.status != 400:
            raise
        session.rollback()
        check = services.check_text(catalog, slug, text)
        return render(None, slug, content, check, exc.message, slug_error=exc.message, status=422)
    session.commit()
    if op == "publish":
        flash(_("Skenario %(slug)s diterbitkan; peserta sudah bisa memakainya.", slug=authored.slug), "info")
    else:
        flash(_("Skenario %(slug)s tersimpan.", slug=authored.slug), "info")
    return redirect(url_for("authoring.edit" if tab == "form" else "authoring.edit_yaml", slug=authored.slug))


def _reloaded(authored: AuthoredScenario | None) -> AuthoredScenario | None:
    """After a rollback, the scenario as stored (a new one was never stored)."""
    if authored is None or authored.id is None:
        return None
    return get_session().get(AuthoredScenario, authored.id)


_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^required key is missing$"), lambda m: _("wajib diisi")),
    (re.compile(r"^unknown key"), lambda m: _("kunci tidak dikenal (periksa ejaannya)")),
    (
        re.compile(r"^unknown agency code '(.+)'"),
        lambda m: _("kode instansi %(code)s tidak ada di katalog instansi", code=m.group(1)),
    ),
    (re.compile(r"^Input should be a valid integer"), lambda m: _("harus berupa bilangan bulat")),
    (
        re.compile(r"^Input should be greater than or equal to (-?\d+)"),
        lambda m: _("minimal %(n)s", n=m.group(1)),
    ),
    (
        re.compile(r"^Input should be less than or equal to (-?\d+)"),
        lambda m: _("maksimal %(n)s", n=m.group(1)),
    ),
    (
        re.compile(r"^Input should be (.+)$"),
        lambda m: _("harus salah satu dari: %(values)s", values=m.group(1)),
    ),
    (re.compile(r"^List should have at least 1 item"), lambda m: _("isi minimal satu")),
    (
        re.compile(r"^String should have at least (\d+) character"),
        lambda m: _("minimal %(n)s karakter", n=m.group(1)),
    ),
    (
        re.compile(r"^String should have at most (\d+) character"),
        lambda m: _("maksimal %(n)s karakter", n=m.group(1)),
    ),
]


def problem_text(message: str) -> str:
    """Return a validation message in the user's language where we know it, else as given."""
    for pattern, render in _MESSAGES:
        match = pattern.search(message)
        if match:
            return render(match)
    return message


def _common(authored: AuthoredScenario | None, slug: str, check: Any, message: str | None) -> dict[str, Any]:
    return {
        "authored": authored,
        "slug": slug,
        "check": check,
        "message": message,
        "criteria": CRITERIA,
        "criterion_labels": services.criterion_labels(),
        "agencies": get_catalog().agencies,
        "post_url": (
            url_for("authoring.edit", slug=slug) if authored else url_for("authoring.new"),
            url_for("authoring.edit_yaml", slug=slug) if authored else url_for("authoring.new_yaml"),
        ),
    }


def _render_form(
    authored: AuthoredScenario | None,
    slug: str,
    values: forms.Values,
    check: services.Check | None = None,
    message: str | None = None,
    *,
    slug_error: str | None = None,
    at: str | None = None,
    status: int = 200,
    comments: list[int] | None = None,
) -> tuple[str, int]:
    names = forms.field_names(values)
    errors: dict[str, list[str]] = {at: [message]} if at in names and message else {}
    placed = []
    for problem in check.problems if check else []:
        name = forms.field_for(problem.key, names)
        if name is not None:
            errors.setdefault(name, []).append(problem_text(problem.message))
        placed.append((name, problem.key, problem_text(problem.message)))
    sections = forms.editor_sections(values, errors)
    labels = {f.name: f.label for s in sections for f in [*s.fields, *[f for row in s.rows for f in row]]}
    summary = [(name, labels.get(name or "", key or _("Skenario")), key, msg) for name, key, msg in placed]
    if slug_error:
        summary.insert(0, ("slug", _("Slug"), "slug", slug_error))
    page = render_template(
        "authoring/editor.html",
        tab="form",
        sections=sections,
        summary=summary,
        slug_error=slug_error,
        comments=comments or [],
        **_common(authored, slug, check, message),
    )
    return page, status


def _render_yaml(
    authored: AuthoredScenario | None,
    slug: str,
    text: str,
    check: services.Check | None,
    message: str | None = None,
    *,
    slug_error: str | None = None,
    at: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    bad_lines = {p.line for p in check.problems} if check else set()
    lines = [(n, line, n in bad_lines) for n, line in enumerate(text.split("\n"), start=1)]
    summary = [
        (None, _("baris %(n)d", n=p.line), p.key, p.message) for p in (check.problems if check else [])
    ]
    if slug_error:
        summary.insert(0, ("slug", _("Slug"), "slug", slug_error))
    page = render_template(
        "authoring/editor.html",
        tab="yaml",
        yaml_text=text,
        lines=lines,
        summary=summary,
        slug_error=slug_error,
        **_common(authored, slug, check, message),
    )
    return page, status


def _submitted_text() -> str:
    """Return the editor's unsaved scenario as YAML text, from either tab."""
    if "yaml_text" in request.form:
        return request.form.get("yaml_text", "").replace("\r\n", "\n")
    return forms.dump_yaml(forms.data_from_values(forms.values_from_form(request.form)))


@bp.post("/periksa")
@role_required(*AUTHOR_ROLES)
def live_check() -> str:
    """Run the live checks on the editor's unsaved content (called by static/js/editor.js)."""
    check = services.check_text(get_catalog(), request.form.get("slug", "").strip(), _submitted_text())
    return render_template(
        "authoring/_live.html", check=check, criteria=CRITERIA, criterion_labels=services.criterion_labels()
    )


@bp.route("/<slug>/pratinjau", methods=["GET", "POST"])
@role_required(*AUTHOR_ROLES)
def preview(slug: str) -> Page:
    """Play the latest saved text as a trainee would; the replies travel in the form, nothing is stored."""
    scenario = services.preview_scenario(get_session(), get_catalog(), slug)
    return _play(scenario, url_for("authoring.preview", slug=slug), None)


@bp.post("/pratinjau")
@role_required(*AUTHOR_ROLES)
def preview_unsaved() -> Page:
    """Play the editor's unsaved scenario; its text travels in the form with the replies."""
    text = _submitted_text()
    check = services.check_text(get_catalog(), "pratinjau", text)
    if check.loaded is None:
        raise services.ScenarioInvalid(
            _("Skenario belum sah; tekan Periksa untuk melihat yang perlu diperbaiki.")
        )
    return _play(check.loaded.scenario, url_for("authoring.preview_unsaved"), text)


def _play(scenario: Scenario, action_url: str, yaml_text: str | None) -> str:
    # Earlier replies travel in hidden fields: cap them like a new reply, and their number by the turn limit.
    limit = scenario.end.max_turns
    replies = [r.strip()[: services.MAX_REPLY_CHARS] for r in request.form.getlist("replies") if r.strip()][
        :limit
    ]
    op = request.form.get("op", "")
    reply_error = feedback = None
    draft = ""
    action, agency = request.form.get("action", ""), request.form.get("agency", "")
    if op == "reply":
        draft = request.form.get("reply", "")
        try:
            replies.append(services.validate_preview_reply(draft))
            draft = ""
        except TrainerError as exc:
            reply_error = exc.message
    state = services.play_preview(scenario, replies)
    if op == "finish":
        try:
            feedback = services.preview_feedback(state, action, agency)
        except TrainerError as exc:
            reply_error = exc.message
    return render_template(
        "authoring/preview.html",
        action_url=action_url,
        yaml_text=yaml_text,
        state=state,
        replies=[r for speaker, r in state.transcript if speaker == "trainee"],
        draft=draft,
        reply_error=reply_error,
        feedback=feedback,
        criteria=CRITERIA,
        moods=MOODS,
        actions=ACTIONS,
        agencies=get_catalog().agencies,
        chosen=(action, agency),
    )


@bp.get("/<slug>/versi")
@role_required(*AUTHOR_ROLES)
def versions(slug: str) -> str:
    """The saved versions of an authored scenario."""
    authored = services.get_authored_or_404(get_session(), slug)
    return render_template("authoring/versions.html", authored=authored)


@bp.get("/<slug>/versi/<int:number>.yaml")
@role_required(*AUTHOR_ROLES)
def download_version(slug: str, number: int) -> Response:
    """Download one version's exact YAML text."""
    authored = services.get_authored_or_404(get_session(), slug)
    version = services.version_or_404(authored, number)
    return _yaml_download(version.yaml_text, f"{slug}-v{number}.yaml")


@bp.get("/<slug>.yaml")
@role_required(*AUTHOR_ROLES)
def download(slug: str) -> Response:
    """Download a scenario's current text (an authored scenario's latest, or a bundled file)."""
    return _yaml_download(services.source_text(get_session(), get_catalog(), slug), f"{slug}.yaml")


def _yaml_download(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
