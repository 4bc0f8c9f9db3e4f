"""Every route of the app against every role: allowed, 403, 404, or a redirect to the login page.

The table must name every rule in `app.url_map`: a new route without an entry fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from flask import Flask

from trainer.authoring import services as authoring
from trainer.models import CohortMember
from trainer.practice import services as practice

from . import factories
from .training_helpers import SECOND, finished_attempt, make_world, member

ROLES = ("anonymous", "trainee", "trainer", "other_trainer", "reviewer", "admin")
LOGIN, OK, NO, GONE = "login", "ok", "403", "404"
AUTHORED = "latihan-buatan-pelatih"  # a draft authored in the app by the cohort's trainer

# (method, url builder over the ids) and the expected outcome per role, in ROLES order.
Ids = dict[str, Any]
TABLE: dict[str, tuple[str, Callable[[Ids], str], tuple[str, ...]]] = {
    "static": ("GET", lambda i: "/static/css/app.css", (OK, OK, OK, OK, OK, OK)),
    "healthz": ("GET", lambda i: "/healthz", (OK, OK, OK, OK, OK, OK)),
    "livez": ("GET", lambda i: "/livez", (OK, OK, OK, OK, OK, OK)),
    "room.projector": ("GET", lambda i: "/ruang", (LOGIN, NO, OK, OK, NO, OK)),
    "auth.home": ("GET", lambda i: "/", (LOGIN, OK, OK, OK, OK, OK)),
    "auth.login": ("GET", lambda i: "/masuk", (OK, OK, OK, OK, OK, OK)),
    "auth.account": ("GET", lambda i: "/akun", (LOGIN, OK, OK, OK, OK, OK)),
    "auth.logout": ("POST", lambda i: "/keluar", (LOGIN, OK, OK, OK, OK, OK)),
    "join.join": ("GET", lambda i: "/gabung", (LOGIN, OK, NO, NO, NO, NO)),
    # practice: trainees practise; trainers and admins may try scenarios; staff only read attempts
    "practice.index": ("GET", lambda i: "/latihan/", (LOGIN, OK, OK, OK, NO, OK)),
    "practice.history": ("GET", lambda i: "/latihan/riwayat", (LOGIN, OK, OK, OK, NO, OK)),
    "practice.start": (
        "POST",
        lambda i: "/latihan/mulai/antrean-puskesmas-bpjs",
        (LOGIN, OK, OK, OK, NO, OK),
    ),
    "practice.attempt": ("GET", lambda i: f"/latihan/percobaan/{i['open']}", (LOGIN, OK, NO, GONE, NO, GONE)),
    "practice.reply": (
        "POST",
        lambda i: f"/latihan/percobaan/{i['open']}/balas",
        (LOGIN, OK, NO, GONE, NO, GONE),
    ),
    "practice.finish": (
        "POST",
        lambda i: f"/latihan/percobaan/{i['open']}/selesai",
        (LOGIN, OK, NO, GONE, NO, GONE),
    ),
    "practice.feedback": (
        "GET",
        lambda i: f"/latihan/percobaan/{i['done']}/hasil",
        (LOGIN, OK, OK, GONE, OK, GONE),
    ),
    # review: trainers and reviewers of the cohort read; only its trainers override
    "review.index": ("GET", lambda i: "/tinjau/", (LOGIN, NO, OK, OK, OK, NO)),
    "review.transcript": ("GET", lambda i: f"/tinjau/percobaan/{i['done']}", (LOGIN, NO, OK, GONE, OK, NO)),
    "review.override": (
        "POST",
        lambda i: f"/tinjau/percobaan/{i['done']}/koreksi",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "review.calibration": ("GET", lambda i: "/tinjau/kalibrasi", (LOGIN, NO, OK, OK, OK, NO)),
    "review.calibration_download": ("GET", lambda i: "/tinjau/kalibrasi.jsonl", (LOGIN, NO, OK, OK, OK, NO)),
    # training: the trainers of the cohort only
    "training.home": ("GET", lambda i: "/pelatih/", (LOGIN, NO, OK, OK, NO, NO)),
    "training.session_new": ("GET", lambda i: "/pelatih/sesi/baru", (LOGIN, NO, OK, OK, NO, NO)),
    "training.session_edit": ("GET", lambda i: f"/pelatih/sesi/{i['bimtek']}", (LOGIN, NO, OK, GONE, NO, NO)),
    "training.session_open": (
        "POST",
        lambda i: f"/pelatih/sesi/{i['bimtek']}/buka",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "training.session_close": (
        "GET",
        lambda i: f"/pelatih/sesi/{i['bimtek']}/tutup",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "training.live": ("GET", lambda i: f"/pelatih/sesi/{i['bimtek']}/live", (LOGIN, NO, OK, GONE, NO, NO)),
    "training.live_rows": (
        "GET",
        lambda i: f"/pelatih/sesi/{i['bimtek']}/live/baris",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "training.roster_page": (
        "GET",
        lambda i: f"/pelatih/kohort/{i['cohort']}/peserta",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "training.roster_check": (
        "POST",
        lambda i: f"/pelatih/kohort/{i['cohort']}/peserta/periksa",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "training.roster_confirm": (
        "POST",
        lambda i: f"/pelatih/kohort/{i['cohort']}/peserta/impor",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    "training.reset_password": (
        "POST",
        lambda i: f"/pelatih/peserta/{i['trainee']}/reset-sandi",
        (LOGIN, NO, OK, GONE, NO, NO),
    ),
    # authoring: trainers and admins; an authored scenario is changed by its owner or an admin only
    "authoring.index": ("GET", lambda i: "/skenario/", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.new": ("GET", lambda i: "/skenario/baru", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.new_yaml": ("GET", lambda i: "/skenario/baru/yaml", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.edit": ("GET", lambda i: f"/skenario/{AUTHORED}/ubah", (LOGIN, NO, OK, NO, NO, OK)),
    "authoring.edit_yaml": ("GET", lambda i: f"/skenario/{AUTHORED}/yaml", (LOGIN, NO, OK, NO, NO, OK)),
    "authoring.live_check": ("POST", lambda i: "/skenario/periksa", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.preview": ("GET", lambda i: f"/skenario/{AUTHORED}/pratinjau", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.preview_unsaved": ("POST", lambda i: "/skenario/pratinjau", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.versions": ("GET", lambda i: f"/skenario/{AUTHORED}/versi", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.download": ("GET", lambda i: f"/skenario/{AUTHORED}.yaml", (LOGIN, NO, OK, OK, NO, OK)),
    "authoring.download_version": (
        "GET",
        lambda i: f"/skenario/{AUTHORED}/versi/1.yaml",
        (LOGIN, NO, OK, OK, NO, OK),
    ),
    # reports: the Diskominfo reviewers of the cohort only (read-only)
    "reports.home": ("GET", lambda i: "/laporan/", (LOGIN, NO, NO, NO, OK, NO)),
    "reports.overview": ("GET", lambda i: f"/laporan/kohort/{i['cohort']}/", (LOGIN, NO, NO, NO, OK, NO)),
    "reports.units": ("GET", lambda i: f"/laporan/kohort/{i['cohort']}/unit", (LOGIN, NO, NO, NO, OK, NO)),
    "reports.progress": (
        "GET",
        lambda i: f"/laporan/kohort/{i['cohort']}/kemajuan",
        (LOGIN, NO, NO, NO, OK, NO),
    ),
    "reports.attempts": (
        "GET",
        lambda i: f"/laporan/kohort/{i['cohort']}/percobaan",
        (LOGIN, NO, NO, NO, OK, NO),
    ),
    "reports.report": ("GET", lambda i: f"/laporan/kohort/{i['cohort']}/cetak", (LOGIN, NO, NO, NO, OK, NO)),
    "reports.export_csv": (
        "GET",
        lambda i: f"/laporan/kohort/{i['cohort']}/ekspor.csv",
        (LOGIN, NO, NO, NO, OK, NO),
    ),
    "reports.export_xlsx": (
        "GET",
        lambda i: f"/laporan/kohort/{i['cohort']}/ekspor.xlsx",
        (LOGIN, NO, NO, NO, OK, NO),
    ),
    "reports.transcript": ("GET", lambda i: f"/laporan/percobaan/{i['done']}", (LOGIN, NO, NO, NO, OK, NO)),
    # admin: the admin only
    "admin.index": ("GET", lambda i: "/admin/", (LOGIN, NO, NO, NO, NO, OK)),
    "admin.user_create": ("POST", lambda i: "/admin/pengguna", (LOGIN, NO, NO, NO, NO, OK)),
    "admin.unit_create": ("POST", lambda i: "/admin/unit", (LOGIN, NO, NO, NO, NO, OK)),
    "admin.cohort_create": ("POST", lambda i: "/admin/kohort", (LOGIN, NO, NO, NO, NO, OK)),
    "admin.members": ("GET", lambda i: f"/admin/kohort/{i['cohort']}/anggota", (LOGIN, NO, NO, NO, NO, OK)),
    "admin.member_remove": (
        "POST",
        lambda i: f"/admin/kohort/{i['cohort']}/anggota/{i['spare_member']}/hapus",
        (LOGIN, NO, NO, NO, NO, OK),
    ),
}


def outcome(response: Any, anonymous: bool) -> str:
    """Classify a response: the login gate, 403, 404, or allowed (anything else below 500).

    The login gate is a redirect to the login page for an anonymous visitor, or one carrying `next`
    (Flask-Login's); a logged-in user sent to the login page after logging out was allowed.
    """
    location = response.location or ""
    to_login = response.status_code in (301, 302, 303) and location.split("?")[0].endswith("/masuk")
    if to_login and (anonymous or "next=" in location):
        return LOGIN
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code >= 500:
        return f"error {response.status_code}"
    return OK


def _switch_language(client: Any, response: Any, where: str) -> list[str]:
    """Follow the page's language switch to English and back; return what went wrong."""
    if "<html" not in response.get_data(as_text=True):
        return []  # a fragment (the live room's rows), not a page
    found = re.search(r'href="([^"]+)"[^>]*data-testid="language-switch"', response.get_data(as_text=True))
    if found is None:
        return [f"{where}: no language switch"]
    english = client.get(unescape(found.group(1)))
    problems = []
    if english.status_code != 200 or '<html lang="en"' not in english.get_data(as_text=True):
        problems.append(f"{where}: switching to English gave {english.status_code}")
    back = re.search(r'href="([^"]+)"[^>]*data-testid="language-switch"', english.get_data(as_text=True))
    if back is None or client.get(unescape(back.group(1))).status_code != 200:
        problems.append(f"{where}: no way back to Indonesian")
    return problems


def test_every_route_has_an_access_rule(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - TABLE.keys() == set(), "add the new routes to TABLE in tests/test_route_access.py"
    assert TABLE.keys() - endpoints == set(), "TABLE names routes that no longer exist"


def test_every_role_gets_the_expected_answer_on_every_route(app: Flask, session, catalog) -> None:
    with app.app_context():
        world = make_world(session)
        done = finished_attempt(session, catalog, world.trainee)
        running = practice.start_attempt(session, catalog, world.trainee, SECOND)
        spare = factories.make_user(session, "reviewer")
        member(session, world.cohort, spare, "reviewer")
        session.commit()
        spare_member = session.query(CohortMember).filter_by(user_id=spare.id).one().id
    admin = factories.make_user(session, "admin")
    text = app.extensions["catalog"].get(SECOND).yaml_text
    authoring.create_scenario(session, app.extensions["catalog"], world.trainer, AUTHORED, text)
    session.commit()
    ids = {
        "done": done.id,
        "open": running.id,
        "bimtek": world.bimtek.id,
        "cohort": world.cohort.id,
        "trainee": world.trainee.id,
        "spare_member": spare_member,
    }
    users = {
        "trainee": world.trainee,
        "trainer": world.trainer,
        "other_trainer": world.other_trainer,
        "reviewer": world.reviewer,
        "admin": admin,
    }
    clients = {"anonymous": app.test_client()}
    for role, user in users.items():
        client = app.test_client()
        response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
        assert response.status_code == 302, role
        clients[role] = client

    # Logging out ends the client's session: check it last.
    order = sorted(TABLE, key=lambda endpoint: endpoint == "auth.logout")
    got: dict[str, tuple[str, ...]] = {}
    language_failures: list[str] = []
    for endpoint in order:
        method, url, _expected = TABLE[endpoint]
        answers = []
        for role in ROLES:
            response = clients[role].open(url(ids), method=method)
            answers.append(outcome(response, role == "anonymous"))
            if method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
                language_failures += _switch_language(clients[role], response, f"{endpoint} as {role}")
            response.close()
        got[endpoint] = tuple(answers)
    expected = {endpoint: TABLE[endpoint][2] for endpoint in order}
    mismatches = {e: {"expected": expected[e], "got": got[e]} for e in order if got[e] != expected[e]}
    assert mismatches == {}, f"roles: {ROLES}"
    assert language_failures == []


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin", "reviewer"])
def test_each_role_lands_on_its_own_home_after_login(client, login_as, role) -> None:
    login_as(role)
    expected = {
        "trainee": "/latihan/",
        "trainer": "/pelatih/",
        "admin": "/admin/",
        "reviewer": "/laporan/",
    }[role]
    assert client.get("/").location == expected
