"""Trainer pages wired to their services: forms, the roster round trip, the live fragment, feedback overrides."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from trainer.models import Attempt, BimtekSession, User
from trainer.practice import services as practice
from trainer.review import services as review
from trainer.training import services

from . import factories
from .training_helpers import SECOND, SLUG, finished_attempt, make_world


@pytest.fixture
def world(app, session):
    with app.app_context():
        return make_world(session)


def _login(client, user) -> None:
    response = client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302


def test_session_form_creates_a_session_with_ordered_scenarios(client, session, world) -> None:
    _login(client, world.trainer)
    page = client.get("/pelatih/sesi/baru").get_data(as_text=True)
    assert 'data-testid="session-form"' in page
    assert f'value="{SLUG}" id="assign-{SLUG}" data-testid="assign-scenario"' in page
    response = client.post(
        "/pelatih/sesi/baru",
        data={
            "cohort_id": world.cohort.id,
            "title": "Bimtek Uji Form",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-01",
            "assign": [SECOND, SLUG],
            f"position-{SECOND}": "2",
            f"position-{SLUG}": "1",
            f"required-{SLUG}": "y",
            f"kind-{SECOND}": "post",
        },
    )
    assert response.status_code == 302
    bimtek = session.scalar(select(BimtekSession).where(BimtekSession.title == "Bimtek Uji Form"))
    assert [(a.slug, a.required, a.test_kind) for a in bimtek.assignments] == [
        (SLUG, True, None),
        (SECOND, False, "post"),
    ]
    # The trainer's home lists it with its live link.
    home = client.get("/pelatih/").get_data(as_text=True)
    assert 'data-testid="session-row" data-title="Bimtek Uji Form"' in home
    assert f'href="/pelatih/sesi/{bimtek.id}/live" data-testid="live-link"' in home


def test_session_form_errors_name_the_field_and_keep_the_ticks(client, world) -> None:
    _login(client, world.trainer)
    response = client.post(
        "/pelatih/sesi/baru",
        data={
            "cohort_id": world.cohort.id,
            "title": "X",
            "starts_on": "2026-12-02",
            "ends_on": "2026-12-01",
            "assign": [SLUG],
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in page
    assert f'value="{SLUG}" id="assign-{SLUG}" data-testid="assign-scenario" checked' in page


def test_a_trainer_cannot_create_a_session_in_another_cohort(client, world) -> None:
    _login(client, world.trainer)
    response = client.post(
        "/pelatih/sesi/baru",
        data={"cohort_id": world.other.id, "title": "X", "starts_on": "2026-12-01", "ends_on": "2026-12-01"},
    )
    assert response.status_code == 422  # not one of the form's choices
    assert "Not a valid choice" in response.get_data(as_text=True) or "pilihan" in response.get_data(
        as_text=True
    )


def test_roster_round_trip_imports_only_good_rows_and_refuses_a_tampered_table(
    client, session, world
) -> None:
    _login(client, world.trainer)
    factories.make_unit(session, code="DISKOMINFO", name="Diskominfo")
    session.commit()
    csv = "nama,unit,jenis_unit\nSiti Rahma,DISKOMINFO,opd\n,DISKOMINFO,opd\nBudi,DISKOMINFO,opd\n"
    response = client.post(
        f"/pelatih/kohort/{world.cohort.id}/peserta/periksa",
        data={"file": (io.BytesIO(csv.encode()), "peserta.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert 'data-testid="roster-report" data-good="2" data-bad="1"' in page
    assert '<tr data-line="3"><td>3</td><td>nama kosong</td></tr>' in page
    assert session.scalar(select(func.count()).select_from(User).where(User.display_name == "Budi")) == 0
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)

    tampered = client.post(
        f"/pelatih/kohort/{world.cohort.id}/peserta/impor", data={"payload": payload[:-2] + "xx"}
    )
    assert tampered.status_code == 302
    moved = client.post(f"/pelatih/kohort/{world.other.id}/peserta/impor", data={"payload": payload})
    assert moved.status_code == 404
    assert session.scalar(select(func.count()).select_from(User).where(User.display_name == "Budi")) == 0

    sheet = client.post(f"/pelatih/kohort/{world.cohort.id}/peserta/impor", data={"payload": payload})
    text = sheet.get_data(as_text=True)
    assert sheet.status_code == 200
    assert text.count('data-testid="login-card"') == 2
    assert world.bimtek.join_code in text
    assert "Baris tidak diimpor karena bermasalah: 3" in text
    password = re.search(r'data-testid="card-password">([^<]+)<', text).group(1)
    user = session.scalar(select(User).where(User.display_name == "Siti Rahma"))
    assert user.cohort_id == world.cohort.id
    assert password not in user.password_hash


def test_the_live_fragment_carries_the_row_hooks(client, session, catalog, world, app) -> None:
    with app.app_context():
        attempt = finished_attempt(session, catalog, world.trainee)
    _login(client, world.trainer)
    page = client.get(f"/pelatih/sesi/{world.bimtek.id}/live").get_data(as_text=True)
    assert 'src="/static/js/live.js"' in page
    assert "<script>" not in page
    fragment = client.get(f"/pelatih/sesi/{world.bimtek.id}/live/baris?macet=3").get_data(as_text=True)
    assert f'data-trainee="{world.trainee.username}" data-scenario="{SLUG}" data-state="finished"' in fragment
    assert (
        f'data-trainee="{world.trainee.username}" data-scenario="{SECOND}" data-state="not_started"'
        in fragment
    )
    assert f'href="/tinjau/percobaan/{attempt.id}" data-testid="open-transcript"' in fragment
    assert fragment.count('data-testid="open-transcript"') == 1


def test_override_through_the_form_and_the_trainee_sees_it(client, session, catalog, world, app) -> None:
    with app.app_context():
        attempt = finished_attempt(session, catalog, world.trainee)
    _login(client, world.trainer)
    page = client.get(f"/tinjau/percobaan/{attempt.id}").get_data(as_text=True)
    assert 'data-testid="override-form"' in page
    assert 'name="criterion"' in page
    assert 'name="points"' in page
    assert "<mark>" in page  # the scorer's evidence
    assert 'data-evidence="greeting" data-points="2"><strong>' in page
    missing = client.post(
        f"/tinjau/percobaan/{attempt.id}/koreksi", data={"criterion": "empathy", "points": "0"}
    )
    assert missing.status_code == 422
    response = client.post(
        f"/tinjau/percobaan/{attempt.id}/koreksi",
        data={"criterion": "empathy", "points": "1", "reason": "Permintaan maaf <b>umum</b>."},
    )
    assert response.status_code == 302
    client.post("/keluar")
    _login(client, world.trainee)
    feedback = client.get(f"/latihan/percobaan/{attempt.id}/hasil").get_data(as_text=True)
    block = feedback.split('data-testid="override"', 1)[1].split("</section>", 1)[0]
    assert 'data-override="empathy" data-points="1" data-auto="2"' in block
    assert "Permintaan maaf &lt;b&gt;umum&lt;/b&gt;." in block  # escaped
    assert world.trainer.display_name in block
    with app.app_context():
        assert f">{review.overrides_for(session, attempt).total}<" in block


def test_a_trainee_whose_attempt_was_closed_is_sent_back_with_a_message(
    client, session, catalog, world, app
) -> None:
    with app.app_context():
        attempt = practice.start_attempt(session, catalog, world.trainee, SLUG)
        services.close_session(session, world.bimtek, abandon_unfinished=True)
        session.commit()
    _login(client, world.trainee)
    response = client.get(f"/latihan/percobaan/{attempt.id}", follow_redirects=True)
    assert "ditutup oleh pelatih" in response.get_data(as_text=True)
    assert (
        client.post(
            f"/latihan/percobaan/{attempt.id}/selesai", data={"action": "verifikasi", "agency": "DPUPR-PKP"}
        ).status_code
        == 409
    )
    assert session.get(Attempt, attempt.id).state == "abandoned"


def test_self_join_page(client, session, world) -> None:
    newcomer = factories.make_user(session, "trainee")
    world.bimtek.allow_self_join = True
    session.commit()
    _login(client, newcomer)
    bad = client.post("/gabung", data={"code": "SALAH"})
    assert bad.status_code == 422
    assert "Kode gabung tidak ditemukan" in bad.get_data(as_text=True)
    assert client.post("/gabung", data={"code": world.bimtek.join_code}).status_code == 302
    session.expire_all()
    assert session.get(User, newcomer.id).cohort_id == world.cohort.id


def test_admin_adds_a_cohort_and_a_trainer_membership(client, session, world) -> None:
    admin = factories.make_user(session, "admin")
    session.commit()
    _login(client, admin)
    response = client.post("/admin/kohort", data={"name": "Kohort Batu", "city": "Kota Batu"})
    assert response.status_code == 302
    cohort_path = response.location
    assert (
        client.post(cohort_path, data={"user_id": world.other_trainer.id, "role": "trainer"}).status_code
        == 302
    )
    assert world.other_trainer.username in client.get(cohort_path).get_data(as_text=True)
    created = client.post(
        "/admin/pengguna", data={"username": "pelatih2", "display_name": "Pelatih Dua", "role": "trainer"}
    )
    assert created.status_code == 201
    assert 'data-testid="card-password"' in created.get_data(as_text=True)
    duplicate = client.post(
        "/admin/pengguna", data={"username": "pelatih2", "display_name": "Lagi", "role": "trainer"}
    )
    assert duplicate.status_code == 422
    assert "sudah dipakai" in duplicate.get_data(as_text=True)


def test_a_trainer_without_cohorts_sees_empty_pages(client, login_as) -> None:
    login_as("trainer")
    home = client.get("/pelatih/")
    assert home.status_code == 200
    assert "belum menjadi pelatih di kohort mana pun" in home.get_data(as_text=True)
    assert client.get("/tinjau/").status_code == 200
    assert client.get("/tinjau/kalibrasi").status_code == 200
    assert client.get("/tinjau/kalibrasi.jsonl").get_data(as_text=True) == ""
    assert client.get("/pelatih/sesi/baru").status_code == 200


def test_closing_through_the_page_lists_and_abandons_unfinished_attempts(
    client, session, catalog, world, app
) -> None:
    with app.app_context():
        attempt = practice.start_attempt(session, catalog, world.trainee, SLUG)
        session.commit()
    _login(client, world.trainer)
    page = client.get(f"/pelatih/sesi/{world.bimtek.id}/tutup").get_data(as_text=True)
    assert world.trainee.display_name in page.split('data-testid="unfinished-list"', 1)[1]
    response = client.post(f"/pelatih/sesi/{world.bimtek.id}/tutup", data={"unfinished": "abandon"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Attempt, attempt.id).end_reason == "closed_by_trainer"
    assert session.get(BimtekSession, world.bimtek.id).is_open is False


def test_an_attempt_in_progress_opens_as_a_transcript_without_the_override_form(
    client, session, catalog, world, app
) -> None:
    with app.app_context():
        attempt = practice.start_attempt(session, catalog, world.trainee, SLUG)
        practice.submit_reply(session, attempt, "Selamat pagi Bapak, di mana lokasinya?", "t1")
        session.commit()
    _login(client, world.trainer)
    response = client.get(f"/tinjau/percobaan/{attempt.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Selamat pagi Bapak, di mana lokasinya?" in page.replace("<mark>", "").replace("</mark>", "")
    assert 'data-testid="override-form"' not in page
    refused = client.post(
        f"/tinjau/percobaan/{attempt.id}/koreksi", data={"criterion": "empathy", "points": "1", "reason": "x"}
    )
    assert refused.status_code == 409
