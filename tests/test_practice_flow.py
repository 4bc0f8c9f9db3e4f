"""The trainee's flow: finished attempts, late POSTs, error pages, the language switch, times, wording."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from trainer.config import ConfigError
from trainer.models import Attempt
from trainer.practice.pages import (
    END_REASONS,
    evidence_sentences,
    finish_needs_confirmation,
    lapor_status,
    score_band,
)

from . import factories
from .conftest import make_test_app

SLUG = "jalan-berlubang-soekarno-hatta"
OTHER = "pohon-tumbang-ijen"
GOOD_REPLY = (
    "Selamat pagi Bapak, terima kasih atas laporannya. Mohon maaf, di titik mana persisnya lubang itu?"
)
# Werkzeug's own English texts: never on our pages.
WERKZEUG_TEXTS = ("The requested URL was not found", "The method is not allowed", "Internal Server Error")


@pytest.fixture
def trainee(client: FlaskClient, session):
    return factories.log_in_trainee(client, session, [SLUG, OTHER])


def _start(client: FlaskClient, slug: str = SLUG) -> str:
    return factories.start_attempt(client, slug)


def _finish(client: FlaskClient, url: str, reply: str = GOOD_REPLY) -> None:
    assert client.post(url + "/balas", data={"reply": reply, "token": "t1"}).status_code == 302
    done = client.post(url + "/selesai", data={"action": "verifikasi", "agency": "DPUPR-PKP"})
    assert done.status_code == 302


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _switch_href(html: str) -> str:
    found = re.search(r'<a class="lang" href="([^"]+)"[^>]*data-testid="language-switch"', html)
    assert found, "no language switch on the page"
    return unescape(found.group(1))


def _h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found
    return found.group(1).strip()


# --- finished attempts and late POSTs ---------------------------------------------------


def test_finished_attempts_conversation_page_redirects_to_its_feedback(client: FlaskClient, trainee) -> None:
    url = _start(client)
    _finish(client, url)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url + "/hasil")


def test_late_reply_to_a_finished_attempt_says_so_and_links_to_the_feedback(
    client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    _finish(client, url)
    response = client.post(url + "/balas", data={"reply": "Halo lagi", "token": "late"})
    html = _text(response)
    assert response.status_code == 409
    assert "Percobaan ini sudah selesai dan dinilai, jadi balasan ini tidak dikirim." in html
    assert f'href="{url}/hasil"' in html
    assert "Lihat umpan balik" in html
    assert "lanjutkan ke disposisi" not in html.lower()  # the old, wrong advice
    attempt = session.scalar(select(Attempt).where(Attempt.trainee_id == trainee.id))
    assert [t.text for t in attempt.turns if t.speaker == "trainee"] == [GOOD_REPLY]  # nothing stored

    english = _text(client.post(url + "/balas?lang=en", data={"reply": "Hi", "token": "late2"}))
    assert "This attempt is already finished and scored, so this reply was not sent." in english
    assert "See the feedback" in english


def test_late_reply_after_the_conversation_ended_points_to_the_routing(
    client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    attempt = session.scalar(select(Attempt).where(Attempt.trainee_id == trainee.id))
    attempt.end_reason = "turn_limit"
    session.commit()
    response = client.post(url + "/balas", data={"reply": "Halo", "token": "late"})
    html = _text(response)
    assert response.status_code == 409
    assert "Percakapan ini sudah berakhir, jadi balasan ini tidak dikirim." in html
    assert f'href="{url}#disposisi"' in html


def test_a_second_finish_shows_the_saved_feedback_instead_of_an_error(
    client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    _finish(client, url)
    again = client.post(url + "/selesai", data={"action": "arsip", "agency": "DISHUB"})
    assert again.status_code == 302
    assert again.headers["Location"].endswith("/hasil")
    page = _text(client.get(again.headers["Location"]))
    assert "Percobaan ini sudah selesai sebelumnya" in page
    attempt = session.scalar(select(Attempt).where(Attempt.trainee_id == trainee.id))
    assert attempt.route_action == "verifikasi"  # the first disposition stands


def test_practice_pages_are_not_kept_in_the_browser_cache(client: FlaskClient, trainee) -> None:
    url = _start(client)
    for page in ("/latihan/", url, "/latihan/riwayat"):
        assert client.get(page).headers["Cache-Control"] == "no-store", page


# --- error pages ------------------------------------------------------------------------------

ERROR_CASES = [
    # (status, how to cause it, Indonesian heading, English heading)
    (404, ("get", "/latihan/tidak-ada"), "Halaman tidak ditemukan", "Page not found"),
    (404, ("get", "/latihan/percobaan/999999"), "Halaman tidak ditemukan", "Page not found"),
    (405, ("get", "/keluar"), "Halaman ini tidak dibuka dengan cara itu", "This page is not opened that way"),
    (413, ("post_big", "/masuk"), "Kiriman terlalu besar", "Too much data sent"),
]


@pytest.mark.parametrize(("status", "cause", "title_id", "title_en"), ERROR_CASES)
def test_error_pages_speak_the_users_language_with_a_way_home(
    client: FlaskClient, trainee, status: int, cause: tuple[str, str], title_id: str, title_en: str
) -> None:
    method, path = cause

    def call(lang: str):
        target = f"{path}?lang={lang}"
        if method == "post_big":  # logged out: the login form reads the body
            fresh = client.application.test_client()
            return fresh.post(target, data={"username": "x" * (1024 * 1024 + 10), "password": "y"})
        return client.get(target)

    for lang, title in (("id", title_id), ("en", title_en)):
        response = call(lang)
        html = _text(response)
        assert response.status_code == status
        assert _h1(html) == title
        assert not _h1(html).isdigit()
        for english in WERKZEUG_TEXTS:
            assert english not in html
        home = re.search(r'href="([^"]+)" data-testid="error-home"', html)
        assert home
        assert client.get(home.group(1)).status_code in (200, 302)
    assert call("id").headers.get("Content-Type", "").startswith("text/html")


def test_405_keeps_the_allow_header(client: FlaskClient, trainee) -> None:
    response = client.get("/keluar")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_403_page_names_the_problem_and_its_home_link_opens(
    app: Flask, client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    other = factories.make_user(session)
    session.commit()
    other_client = app.test_client()
    other_client.post("/masuk", data={"username": other.username, "password": factories.PASSWORD})
    for lang, title, message in (
        ("id", "Akses ditolak", "Ini bukan percobaan Anda."),
        ("en", "Access denied", "This is not your attempt."),
    ):
        response = other_client.get(f"{url}?lang={lang}")
        html = _text(response)
        assert response.status_code == 403
        assert _h1(html) == title
        assert message in html
        home = re.search(r'href="([^"]+)" data-testid="error-home"', html).group(1)
        assert other_client.get(home, follow_redirects=True).status_code == 200


def test_409_page_has_words_for_its_heading(client: FlaskClient, trainee) -> None:
    url = _start(client)
    _finish(client, url)
    conflict = _text(client.post(url + "/balas", data={"reply": "x", "token": "q"}))
    assert _h1(conflict) == "Tidak dapat dilakukan sekarang"


def test_500_page_has_words_for_its_heading_in_both_languages(app: Flask) -> None:
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    client = app.test_client()
    for lang, title in (("id", "Terjadi kesalahan di server"), ("en", "Something went wrong on the server")):
        response = client.get(f"/boom?lang={lang}")
        assert response.status_code == 500
        assert _h1(_text(response)) == title


def test_csrf_failure_page_in_both_languages_links_back(database_url: str, session) -> None:
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    for lang, title in (("id", "Formulir kedaluwarsa"), ("en", "Form expired")):
        response = client.post(
            f"/masuk?lang={lang}", data={"username": "x"}, headers={"Referer": "http://localhost/masuk"}
        )
        html = _text(response)
        assert response.status_code == 400
        assert _h1(html) == title
        assert 'href="/masuk" data-testid="error-next"' in html
    app.extensions["engine"].dispose()


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin", "reviewer"])
def test_every_role_lands_on_a_page_it_may_see(client: FlaskClient, login_as, role: str) -> None:
    login_as(role)
    landing = client.get("/", follow_redirects=True)
    assert landing.status_code == 200
    html = _text(landing)
    assert "Akses ditolak" not in html
    # The nav shows only links this role may open.
    for href in re.findall(r"<nav[^>]*>(.*?)</nav>", html, re.S)[0].split('href="')[1:]:
        link = href.split('"')[0]
        assert client.get(link, follow_redirects=True).status_code == 200, link


def test_a_reviewer_refused_a_practice_page_is_sent_somewhere_that_opens(
    client: FlaskClient, login_as
) -> None:
    login_as("reviewer")
    refused = client.get("/latihan/")
    assert refused.status_code == 403
    home = re.search(r'href="([^"]+)" data-testid="error-home"', _text(refused)).group(1)
    assert home != "/latihan/"
    assert client.get(home, follow_redirects=True).status_code == 200


# --- the language switch -------------------------------------------------------------------


def _trainee_pages(client: FlaskClient) -> dict[str, str]:
    """Every GET page a trainee can reach, with an attempt in progress and a finished one."""
    finished = _start(client, OTHER)
    _finish(client, finished, "Selamat pagi Bapak, terima kasih atas laporannya.")
    open_attempt = _start(client)
    return {
        "list": "/latihan/",
        "attempt": open_attempt,
        "feedback": finished + "/hasil",
        "history": "/latihan/riwayat",
        "account": "/akun",
    }


ENGLISH_MARKERS = {
    "list": "My practice",
    "attempt": "Your reply",
    "feedback": "Feedback",
    "history": "Practice history",
    "account": "My account",
}


def test_language_switch_works_on_every_trainee_page_and_back(client: FlaskClient, trainee) -> None:
    for name, path in _trainee_pages(client).items():
        english_href = _switch_href(_text(client.get(path)))
        assert english_href.split("?")[0] == path, name
        english = client.get(english_href)
        assert english.status_code == 200, name
        html = _text(english)
        assert ENGLISH_MARKERS[name] in html, name
        assert 'lang="en"' in html
        back = client.get(_switch_href(html))
        assert back.status_code == 200
        assert 'html lang="id"' in _text(back)


def test_language_switch_on_the_login_page(client: FlaskClient) -> None:
    href = _switch_href(_text(client.get("/masuk?next=/latihan/riwayat")))
    assert href.startswith("/masuk?")
    assert "next=%2Flatihan%2Friwayat" in href
    assert "Sign in to Latih Aduan" in _text(client.get(href))


@pytest.mark.parametrize(
    ("post", "data", "status"),
    [
        ("/balas", {"reply": "", "token": "f1"}, 422),
        ("/selesai", {"action": "", "agency": ""}, 422),
    ],
)
def test_language_switch_right_after_a_failed_post_opens_the_page_in_the_other_language(
    client: FlaskClient, trainee, post: str, data: dict[str, str], status: int
) -> None:
    url = _start(client)
    if post == "/selesai":
        client.post(url + "/balas", data={"reply": GOOD_REPLY, "token": "ok"})
    failed = client.post(url + post, data=data)
    assert failed.status_code == status
    href = _switch_href(_text(failed))
    assert href == f"{url}?lang=en"
    switched = client.get(href)
    assert switched.status_code == 200
    html = _text(switched)
    assert "Your reply" in html or "Finish: choose the routing" in html
    assert "405" not in _h1(html)


def test_language_switch_after_a_failed_login(client: FlaskClient, session) -> None:
    failed = client.post("/masuk?next=/latihan/riwayat", data={"username": "nobody", "password": "wrong"})
    assert failed.status_code == 401
    href = _switch_href(_text(failed))
    assert href == "/masuk?next=%2Flatihan%2Friwayat&lang=en"
    switched = client.get(href)
    assert switched.status_code == 200
    assert "Sign in to Latih Aduan" in _text(switched)


# --- times in the deployment's zone --------------------------------------------------------


def _finished_at(session, user, when: datetime) -> None:
    attempt = session.scalar(
        select(Attempt).where(Attempt.trainee_id == user.id, Attempt.state == "finished")
    )
    attempt.finished_at = when
    session.commit()


def test_times_are_shown_in_wib_by_default_in_indonesian_format(
    client: FlaskClient, trainee, session
) -> None:
    _finish(client, _start(client))
    _finished_at(session, trainee, datetime(2026, 11, 24, 3, 16, tzinfo=UTC))
    html = _text(client.get("/latihan/riwayat"))
    assert "24 Nov 2026 10.16 WIB" in html
    assert "UTC" not in html


@pytest.mark.parametrize(("zone", "shown"), [("Asia/Makassar", "11.16 WITA"), ("Asia/Jayapura", "12.16 WIT")])
def test_latih_timezone_moves_the_times_to_another_province(
    database_url: str, session, zone: str, shown: str
) -> None:
    app = make_test_app(database_url, TIMEZONE=zone)
    client = app.test_client()
    user, _ = factories.make_trainee_in_session(session, [SLUG])
    session.commit()
    client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD})
    _finish(client, _start(client))
    _finished_at(session, user, datetime(2026, 11, 24, 3, 16, tzinfo=UTC))
    assert shown in _text(client.get("/latihan/riwayat"))
    app.extensions["engine"].dispose()


def test_latih_timezone_from_the_environment_and_a_bad_zone_is_refused(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LATIH_TIMEZONE", "Asia/Makassar")
    app = make_test_app(database_url)
    assert app.config["TIMEZONE"] == "Asia/Makassar"
    app.extensions["engine"].dispose()
    with pytest.raises(ConfigError, match="LATIH_TIMEZONE .*Asia/Jakarta \\(WIB\\).*'Mars/Olympus'"):
        make_test_app(database_url, TIMEZONE="Mars/Olympus")


# --- what the pages say ---------------------------------------------------------------------


def test_attempt_page_shows_the_turn_count_brief_rubric_and_scoring_rule(
    client: FlaskClient, trainee, catalog
) -> None:
    url = _start(client)
    limit = catalog.get(SLUG).scenario.end.max_turns
    html = _text(client.get(url))
    assert f"Balasan 1 dari {limit}" in html
    assert re.search(
        r'<details class="guide" data-testid="scoring-rule" open>', html
    )  # before the first reply
    assert "Salam dinilai dari balasan pertama Anda" in html
    assert 'data-testid="case-brief"' in html
    reminder = html.split('data-testid="rubric-reminder"')[1].split("</summary>")[0]
    for label in ("Salam", "Verifikasi", "Empati", "Solusi sementara", "Tindak lanjut status"):
        assert label in reminder
    client.post(url + "/balas", data={"reply": GOOD_REPLY, "token": "r1"})
    html = _text(client.get(url))
    assert f"Balasan 2 dari {limit}" in html
    assert re.search(r'data-testid="scoring-rule">', html)  # closed once the trainee has started
    assert 'id="pesan-terbaru"' in html
    assert 'aria-live="polite"' in html


def test_sending_a_reply_returns_to_the_newest_citizen_message(client: FlaskClient, trainee) -> None:
    url = _start(client)
    response = client.post(url + "/balas", data={"reply": GOOD_REPLY, "token": "n1"})
    assert response.headers["Location"].endswith("#pesan-terbaru")
    html = _text(client.get(url))
    newest = html.split('id="pesan-terbaru"')[1]
    assert 'data-testid="citizen-message"' not in newest  # it is the last citizen message


def test_disposisi_stays_collapsed_while_the_conversation_is_open(
    client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    html = _text(client.get(url))
    assert re.search(r'data-testid="finish-section">', html)  # closed
    assert "data-confirm=" in html  # finishing now asks first
    assert 'data-testid="finish-warning"' in html
    attempt = session.scalar(select(Attempt).where(Attempt.trainee_id == trainee.id))
    attempt.end_reason, attempt.mood = "resolved", 0
    session.commit()
    html = _text(client.get(url))
    assert re.search(r'data-testid="finish-section" open>', html)
    assert "data-confirm=" not in html


@pytest.mark.parametrize("reason", [*(r for r in END_REASONS if r is not None), "something_new"])
def test_every_end_reason_is_said_in_words(client: FlaskClient, trainee, session, reason: str) -> None:
    url = _start(client)
    attempt = session.scalar(select(Attempt).where(Attempt.trainee_id == trainee.id))
    attempt.end_reason = reason
    session.commit()
    expected = str(END_REASONS.get(reason, END_REASONS[None]))
    ended = _text(client.get(url)).split('data-testid="conversation-ended"')[1]
    assert expected in ended
    english = _text(client.get(url + "?lang=en")).split('data-testid="conversation-ended"')[1]
    assert "The conversation" in english or "You finished" in english


def test_the_end_reasons_differ_and_feedback_says_why_it_ended(client: FlaskClient, trainee) -> None:
    texts = {str(text) for text in END_REASONS.values()}
    assert len(texts) >= 4  # resolved, turn limit, gave up, trainee finished are told apart
    url = _start(client)
    _finish(client, url)
    html = _text(client.get(url + "/hasil"))
    assert str(END_REASONS[None]) in html.split('data-testid="end-reason"')[1]


def test_list_page_shows_progress_in_the_open_bimtek(client: FlaskClient, trainee) -> None:
    html = _text(client.get("/latihan/"))
    assert "0 dari 2 selesai" in html
    assert "23 Nov 2026 – 24 Nov 2026" in html  # the session's dates, Indonesian format
    _finish(client, _start(client))
    html = _text(client.get("/latihan/"))
    assert "1 dari 2 selesai" in html


def test_card_during_a_retry_says_in_progress_and_a_zero_is_not_green(client: FlaskClient, trainee) -> None:
    _finish(client, _start(client), "ok")
    html = _text(client.get("/latihan/"))
    card = html.split(f'data-slug="{SLUG}"')[1].split("</li>")[0]
    best = re.search(r'class="best best-(\w+)" data-testid="card-best">terbaik (\d+)<', card)
    assert best
    assert int(best.group(2)) < 50
    assert best.group(1) == "low"
    _start(client)  # the retry
    card = _text(client.get("/latihan/")).split(f'data-slug="{SLUG}"')[1].split("</li>")[0]
    assert "Sedang dikerjakan" in card
    assert "percobaan ulang" in card
    assert "Lanjutkan" in card
    assert "Ulangi" not in card


def test_feedback_shows_evidence_sentences_and_each_full_reply_once(client: FlaskClient, trainee) -> None:
    url = _start(client)
    filler = "Kemarin hujan turun sangat deras di seluruh kota sampai sore hari."
    reply = f"{filler} Selamat pagi Bapak, terima kasih atas laporannya."
    _finish(client, url, reply)
    html = _text(client.get(url + "/hasil"))
    greeting = html.split('data-criterion="greeting"')[1].split("</article>")[0]
    assert "<mark>" in greeting
    assert filler not in greeting  # only the sentence that earned the points
    assert html.count(filler) == 2  # the full reply once, and once in the transcript
    assert "Retry" not in html
    assert 'data-testid="retry"' in html


def test_feedback_explains_the_first_reply_time_and_retry_starts_a_new_attempt(
    client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    _finish(client, url)
    html = _text(client.get(url + "/hasil"))
    explained = html.split('data-testid="first-reply-time"')[1].split("</p>")[0]
    assert "detik" in explained or "menit" in explained
    assert "sampai balasan pertama terkirim" in explained
    retry = client.post(f"/latihan/mulai/{SLUG}")
    assert retry.status_code == 302
    assert retry.headers["Location"] != url
    assert len(session.scalars(select(Attempt).where(Attempt.trainee_id == trainee.id)).all()) == 2


def test_lapor_badge_follows_the_disposisi(client: FlaskClient, trainee) -> None:
    url = _start(client)
    assert "Belum Terverifikasi" in _text(client.get(url))
    _finish(client, url)
    badge = _text(client.get(url + "/hasil")).split('data-testid="lapor-status">')[1].split("<")[0]
    assert badge == "Terverifikasi"


def test_coordination_agencies_are_checkboxes_and_several_are_saved(
    client: FlaskClient, trainee, session
) -> None:
    url = _start(client)
    html = _text(client.get(url))
    assert "<select multiple" not in html
    assert len(re.findall(r'<input [^>]*name="coordinate" type="checkbox"', html)) >= 5
    client.post(url + "/balas", data={"reply": GOOD_REPLY, "token": "c1"})
    client.post(
        url + "/selesai",
        data={"action": "verifikasi", "agency": "DPUPR-PKP", "coordinate": ["DISHUB", "BPBD"]},
    )
    attempt = session.scalar(select(Attempt).where(Attempt.trainee_id == trainee.id))
    session.refresh(attempt)
    assert attempt.route_coordinate == ["BPBD", "DISHUB"]


# --- the evidence excerpt, a pure function ----------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            [("Hujan deras. ", False), ("Selamat pagi", True), (" Pak.", False)],
            [("Selamat pagi", True), (" Pak.", False)],
        ),
        ([("Tidak ada bukti.", False)], []),
        (
            [("A satu. ", False), ("B", True), (" dua. C tiga. ", False), ("D", True), (" empat.", False)],
            [("B", True), (" dua.", False), (" … ", False), ("D", True), (" empat.", False)],
        ),
        (
            [("Baris satu\n", False), ("bukti", True), (" di baris dua", False)],
            [("bukti", True), (" di baris dua", False)],
        ),
    ],
)
def test_evidence_sentences_keeps_only_the_sentences_with_marks(parts, expected) -> None:
    assert evidence_sentences(parts) == expected


@pytest.mark.parametrize(
    ("total", "band"),
    [(None, "none"), (0, "low"), (49, "low"), (50, "fair"), (79, "fair"), (80, "good"), (100, "good")],
)
def test_score_band_never_calls_a_low_score_good(total: int | None, band: str) -> None:
    assert score_band(total) == band


@pytest.mark.parametrize(
    ("end_reason", "mood", "asks"),
    [
        (None, 0, True),
        ("resolved", 0, False),
        ("resolved", 1, False),
        ("turn_limit", 2, True),
        ("gave_up", 3, True),
    ],
)
def test_finishing_asks_while_the_talk_is_open_or_the_citizen_is_angry(
    end_reason: str | None, mood: int, asks: bool
) -> None:
    assert finish_needs_confirmation(end_reason, mood) is asks


@pytest.mark.parametrize(
    ("action", "scenario_status", "shown"),
    [
        (None, None, "Belum Terverifikasi"),
        (None, "Belum Terverifikasi", "Belum Terverifikasi"),
        ("verifikasi", "Belum Terverifikasi", "Terverifikasi"),
        ("bukan_wewenang", None, "Dialihkan"),
        ("arsip", None, "Diarsipkan"),
    ],
)
def test_lapor_status_follows_the_disposisi(
    action: str | None, scenario_status: str | None, shown: str
) -> None:
    assert lapor_status(action, scenario_status) == shown


def test_every_error_status_has_its_own_heading_and_advice_in_both_languages(app: Flask) -> None:
    from trainer.errors import error_page_text

    statuses = (400, 403, 404, 405, 409, 413, 429, 500)
    for lang in ("id", "en"):
        with app.test_request_context(f"/?lang={lang}"):
            texts = [error_page_text(status) for status in statuses]
        headings = [title for title, _ in texts]
        assert len(set(headings)) == len(statuses), headings
        for title, advice in texts:
            assert not any(ch.isdigit() for ch in title)
            assert len(advice.split()) >= 5
    with app.test_request_context("/?lang=en"):
        assert error_page_text(429)[0] == "Too many requests"
        assert error_page_text(503) == error_page_text(500)
