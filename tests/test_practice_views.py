"""Practice pages: wiring, access control, bad input, escaping, what never reaches the browser."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from trainer.scenario_schema import as_lines

from . import factories
from .conftest import make_test_app

SLUG = "jalan-berlubang-soekarno-hatta"


@pytest.fixture
def trainee(client: FlaskClient, session):
    return factories.log_in_trainee(client, session, [SLUG])


def _start(client: FlaskClient, slug: str = SLUG) -> str:
    return factories.start_attempt(client, slug)


def test_pages_need_a_login(client: FlaskClient) -> None:
    for url in ("/latihan/", "/latihan/riwayat", "/latihan/percobaan/1"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]


def test_wrong_password_shows_a_message(client: FlaskClient, session) -> None:
    user = factories.make_user(session)
    session.commit()
    response = client.post("/masuk", data={"username": user.username, "password": "salah"})
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)


def test_trainee_lands_on_latihan_saya_with_assigned_and_free_scenarios(client: FlaskClient, trainee) -> None:
    html = client.get("/latihan/").get_data(as_text=True)
    assigned = html.split('data-testid="assigned-list"')[1].split("</ul>")[0]
    assert f'data-slug="{SLUG}"' in assigned
    assert "Belum dimulai" in assigned
    assert 'data-slug="pohon-tumbang-ijen"' in html.split('data-testid="free-list"')[1]


def test_attempt_page_shows_the_channel_without_any_hidden_fact(
    client: FlaskClient, trainee, catalog
) -> None:
    url = _start(client)
    html = client.get(url).get_data(as_text=True)
    scenario = catalog.get(SLUG).scenario
    assert 'data-testid="citizen-message"' in html
    assert 'name="reply"' in html
    assert 'data-testid="send-reply"' in html
    assert 'data-testid="route-form"' in html
    assert "SP4N-LAPOR!" in html
    assert "Belum Terverifikasi" in html
    assert 'data-testid="mood"' in html
    secrets = [f.reveal[:40] for f in scenario.facts] + [
        scenario.model_answer[:40],
        scenario.ownership.rationale[:40],
        as_lines(scenario.reactions.calmed.say)[0][:30],
        scenario.trainer_notes[:40],
        as_lines(scenario.end.resolved)[0][:30],
    ]
    for secret in secrets:
        assert secret not in html, secret


def test_a_revealed_fact_appears_only_after_it_is_asked(client: FlaskClient, trainee, catalog) -> None:
    url = _start(client)
    fact = next(f for f in catalog.get(SLUG).scenario.facts if f.key == "lokasi")
    assert fact.reveal[:30] not in client.get(url).get_data(as_text=True)
    client.post(
        url + "/balas", data={"reply": "Boleh tahu titik lokasinya, dekat patokan apa?", "token": "a1"}
    )
    assert fact.reveal[:30] in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("reply", "message"), [("", "Balasan masih kosong"), ("x" * 4001, "Balasan terlalu panjang")]
)
def test_bad_reply_keeps_the_text_and_names_the_problem(
    client: FlaskClient, trainee, reply: str, message: str
) -> None:
    url = _start(client)
    response = client.post(url + "/balas", data={"reply": reply, "token": "b1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert re.search(r'<textarea[^>]*name="reply"[^>]*>' + re.escape(reply) + "</textarea>", html)


def test_html_in_a_reply_is_shown_as_text(client: FlaskClient, trainee) -> None:
    url = _start(client)
    client.post(url + "/balas", data={"reply": "<script>alert('x')</script><b>tebal</b>", "token": "c1"})
    html = client.get(url).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    client.post(url + "/selesai", data={"action": "verifikasi", "agency": "DPUPR-PKP"})
    feedback = client.get(url + "/hasil").get_data(as_text=True)
    assert "<script>alert" not in feedback
    assert "&lt;script&gt;alert" in feedback


def test_double_submit_stores_one_reply(client: FlaskClient, trainee) -> None:
    url = _start(client)
    for _ in range(2):
        assert (
            client.post(url + "/balas", data={"reply": "Selamat pagi Bapak.", "token": "same"}).status_code
            == 302
        )
    html = client.get(url).get_data(as_text=True)
    assert html.count('data-testid="trainee-message"') == 1


def test_another_trainee_gets_403_and_unknown_attempts_404(
    app: Flask, client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    other = factories.make_user(session)
    session.commit()
    other_client = app.test_client()
    other_client.post("/masuk", data={"username": other.username, "password": factories.PASSWORD})
    assert other_client.get(url).status_code == 403
    assert other_client.post(url + "/balas", data={"reply": "hai", "token": "z"}).status_code == 403
    assert other_client.get("/latihan/percobaan/999999").status_code == 404


def test_unknown_scenario_is_404(client: FlaskClient, trainee) -> None:
    assert client.post("/latihan/mulai/tidak-ada").status_code == 404


def test_reviewer_cannot_practise(client: FlaskClient, login_as) -> None:
    login_as("reviewer")
    assert client.get("/latihan/").status_code == 403


def test_finish_shows_feedback_with_every_criterion_and_the_model_answer(
    client: FlaskClient, trainee, catalog
) -> None:
    url = _start(client)
    client.post(
        url + "/balas",
        data={"reply": "Selamat siang Bapak, mohon maaf. Di titik mana lubangnya?", "token": "d1"},
    )
    bad = client.post(url + "/selesai", data={"action": "", "agency": "DPUPR-PKP"})
    assert bad.status_code == 422
    assert "Pilih tindakan admin." in bad.get_data(as_text=True)
    done = client.post(
        url + "/selesai",
        data={"action": "bukan_wewenang", "agency": "PUBM-JATIM", "coordinate": ["DISHUB"]},
    )
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/hasil")
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    for key in ("greeting", "verification", "empathy", "interim_solution", "status_followup"):
        assert re.search(rf'data-criterion="{key}" data-points="[012]"', html), key
    assert re.search(r'data-testid="total-score">\d+<', html)
    assert catalog.get(SLUG).scenario.model_answer[:40] in html
    assert 'data-verdict="correct"' in html
    transcript = html.split('data-testid="transcript"')[1]
    assert "Di titik mana lubangnya?" in transcript  # the trainee's words
    assert "Jl. Soekarno-Hatta dekat jembatan" in transcript  # the citizen's opening
    assert "<mark>" in html  # the evidence is highlighted
    assert client.get(url).status_code == 302  # a finished attempt opens its feedback


def test_disposisi_lists_every_agency_and_a_refused_form_keeps_the_choices(
    client: FlaskClient, trainee, catalog
) -> None:
    """The selects and checkboxes are written out by hand in the template: pin their markup."""
    url = _start(client)
    html = client.get(url).get_data(as_text=True)
    agencies = list(catalog.agencies)
    agency_select = re.search(r'<select id="agency" name="agency" required>(.*?)</select>', html, re.S)
    assert agency_select is not None
    assert re.findall(r'<option value="([^"]*)"', agency_select.group(1)) == ["", *agencies]
    assert "selected" not in agency_select.group(1)
    actions = re.search(r'<select id="action" name="action" required>(.*?)</select>', html, re.S)
    assert actions is not None
    assert re.findall(r'<option value="([^"]*)"', actions.group(1)) == [
        "",
        "verifikasi",
        "tunda",
        "bukan_wewenang",
        "arsip",
    ]
    boxes = re.findall(
        r'<input id="coordinate-(\d+)" name="coordinate" type="checkbox" value="([^"]+)"', html
    )
    assert [code for _, code in boxes] == agencies
    assert [int(i) for i, _ in boxes] == list(range(len(agencies)))
    assert 'type="checkbox" value="DISHUB" checked' not in html

    refused = client.post(
        url + "/selesai", data={"action": "", "agency": "PUBM-JATIM", "coordinate": ["DISHUB"]}
    )
    assert refused.status_code == 422
    again = refused.get_data(as_text=True)
    assert '<option value="PUBM-JATIM" selected>' in again
    assert '<option value="" selected>— pilih —</option><option value="verifikasi">' in again  # as sent
    assert 'type="checkbox" value="DISHUB" checked>' in again
    assert again.count(" checked>") == 1


def test_history_draws_an_svg_chart(client: FlaskClient, trainee) -> None:
    url = _start(client)
    client.post(url + "/balas", data={"reply": "Selamat pagi, terima kasih atas laporannya.", "token": "e1"})
    client.post(url + "/selesai", data={"action": "verifikasi", "agency": "DPUPR-PKP"})
    html = client.get("/latihan/riwayat").get_data(as_text=True)
    assert 'data-testid="progress-chart"' in html
    assert "<rect" in html
    assert "cdn" not in html.lower()


def test_post_without_csrf_token_gets_a_friendly_400(database_url: str, session) -> None:
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/masuk", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert "Formulir ini sudah kedaluwarsa" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    app.extensions["engine"].dispose()


def test_security_headers_and_english_switch(client: FlaskClient) -> None:
    response = client.get("/masuk")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Masuk ke Latih Aduan" in response.get_data(as_text=True)
    english = client.get("/masuk?lang=en").get_data(as_text=True)
    assert "Sign in to Latih Aduan" in english
    assert "Sign in to Latih Aduan" in client.get("/masuk").get_data(as_text=True)  # the choice sticks


def test_an_unexpected_error_shows_a_friendly_page_without_a_traceback(app: Flask) -> None:
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Data yang sudah tersimpan aman" in html
    assert "secret internals" not in html
    assert "Traceback" not in html
