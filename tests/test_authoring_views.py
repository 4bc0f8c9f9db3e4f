"""Authoring pages: who may open them, and the editor's wiring (errors at fields, saving,
preview without attempts, downloads, tabs)."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import url_for
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.authoring import forms
from trainer.catalog import read_yaml
from trainer.models import Attempt, AuthoredScenario

from .conftest import ROOT

SOURCE = (ROOT / "scenarios" / "pohon-tumbang-ijen.yaml").read_text(encoding="utf-8")

GET_ROUTES = [
    "/skenario/",
    "/skenario/baru",
    "/skenario/baru?salin=pohon-tumbang-ijen",
    "/skenario/baru/yaml",
    "/skenario/pohon-tumbang-ijen/pratinjau",
    "/skenario/pohon-tumbang-ijen.yaml",
]


def _form_post(values: forms.Values, **extra: str) -> dict[str, Any]:
    post: dict[str, Any] = {k: v for k, v in values.items() if v not in ("", [])}
    post.update(extra)
    return post


def _source_values() -> forms.Values:
    data, _marks = read_yaml(SOURCE, "x.yaml")
    return forms.values_from_data(data)


@pytest.mark.parametrize("url", GET_ROUTES)
def test_anonymous_visitors_are_sent_to_login(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


@pytest.mark.parametrize("role", ["trainee", "reviewer"])
@pytest.mark.parametrize("url", GET_ROUTES)
def test_other_roles_are_refused(
    client: FlaskClient, login_as: Callable[..., Any], role: str, url: str
) -> None:
    login_as(role)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["trainee", "reviewer"])
def test_other_roles_cannot_post_a_scenario(
    client: FlaskClient, login_as: Callable[..., Any], session: Session, role: str
) -> None:
    login_as(role)
    response = client.post("/skenario/baru/yaml", data={"slug": "x", "yaml_text": SOURCE, "op": "save"})
    assert response.status_code == 403
    assert session.scalar(select(func.count()).select_from(AuthoredScenario)) == 0


@pytest.mark.parametrize("url", GET_ROUTES)
def test_trainers_open_every_authoring_page(
    client: FlaskClient, login_as: Callable[..., Any], url: str
) -> None:
    login_as("trainer")
    response = client.get(url)
    assert response.status_code == 200, url


def test_library_shows_every_bundled_scenario_and_the_nav_link(
    client: FlaskClient, login_as: Callable[..., Any]
) -> None:
    login_as("admin")
    html = client.get("/skenario/").get_data(as_text=True)
    assert html.count('data-testid="library-row"') == len(
        [p for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "agencies.yaml"]
    )
    assert 'data-testid="nav-scenarios"' in html


def test_a_form_error_is_shown_next_to_its_field_and_nothing_is_saved(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    values = _source_values()
    values["citizen.mood"] = ""
    response = client.post("/skenario/baru", data=_form_post(values, slug="pohon-baru", op="save"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error" id="f-citizen.mood".*?</div>', html, re.S)
    assert field is not None
    assert "wajib diisi" in field.group(0)
    assert 'data-testid="scenario-errors"' in html
    assert 'value="Pohon tumbang menutup Jl. Ijen, warga ancam viralkan"' in html  # the input is kept
    assert session.scalar(select(func.count()).select_from(AuthoredScenario)) == 0


def test_saving_through_the_form_stores_a_draft_and_shows_the_model_answer_points(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    response = client.post("/skenario/baru", data=_form_post(_source_values(), slug="pohon-baru", op="save"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/skenario/pohon-baru/ubah")
    html = client.get("/skenario/pohon-baru/ubah").get_data(as_text=True)
    assert html.count('data-criterion="') == 5
    assert html.count('data-points="2"') == 5
    stored = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == "pohon-baru"))
    assert stored is not None
    assert stored.status == "draft"


def test_add_fact_rerenders_with_a_new_row_without_saving(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    response = client.post("/skenario/baru", data=_form_post(_source_values(), slug="x", op="add_fact"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="facts.3.key"' in html
    assert 'name="facts.4.key"' not in html
    response = client.post("/skenario/baru", data=_form_post(_source_values(), slug="x", op="remove_fact-0"))
    assert 'name="facts.2.key"' not in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(AuthoredScenario)) == 0


def test_yaml_tab_reports_problems_at_their_line(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("trainer")
    text = SOURCE.replace("difficulty: 3", "difficulty: tiga")
    response = client.post(
        "/skenario/baru/yaml", data={"slug": "pohon-yaml", "yaml_text": text, "op": "save"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r"baris 4\s*<code>difficulty</code>", html)
    assert 'data-bad-line="4"' in html


def test_switching_tabs_keeps_the_unsaved_scenario(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("trainer")
    values = _source_values()
    values["title"] = "Judul belum disimpan"
    html = client.post("/skenario/baru", data=_form_post(values, slug="x", op="to_yaml")).get_data(
        as_text=True
    )
    assert "title: Judul belum disimpan" in html
    text = SOURCE.replace("Pohon tumbang menutup", "Pohon roboh menutup")
    html = client.post(
        "/skenario/baru/yaml", data={"slug": "x", "yaml_text": text, "op": "to_form"}
    ).get_data(as_text=True)
    assert 'value="Pohon roboh menutup Jl. Ijen, warga ancam viralkan"' in html


def test_publish_is_refused_for_a_weak_model_answer(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    values = _source_values()
    values["model_answer"] = "Baik, akan kami teruskan."
    client.post("/skenario/baru", data=_form_post(values, slug="lemah", op="save"))
    response = client.post("/skenario/lemah/ubah", data=_form_post(values, op="publish"))
    assert response.status_code == 422
    field = re.search(r'id="f-model_answer".*?</div>', response.get_data(as_text=True), re.S)
    assert field is not None
    assert "Belum bisa diterbitkan" in field.group(0)
    stored = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == "lemah"))
    assert stored is not None
    assert stored.status == "draft"


def test_another_trainers_scenario_cannot_be_edited(
    client: FlaskClient, login_as: Callable[..., Any], app: Any
) -> None:
    login_as("trainer")
    client.post("/skenario/baru/yaml", data={"slug": "punya-a", "yaml_text": SOURCE, "op": "save"})
    client.post("/keluar")
    login_as("trainer")
    assert client.get("/skenario/punya-a/ubah").status_code == 403
    assert client.post("/skenario/punya-a/yaml", data={"yaml_text": SOURCE, "op": "save"}).status_code == 403
    assert client.get("/skenario/punya-a/versi").status_code == 200  # reading is fine


def test_preview_plays_the_draft_without_recording_an_attempt(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    client.post("/skenario/baru/yaml", data={"slug": "pohon-draf", "yaml_text": SOURCE, "op": "save"})
    reply = "Mohon maaf Kak, kabelnya di titik mana?"
    html = client.post("/skenario/pohon-draf/pratinjau", data={"op": "reply", "reply": reply}).get_data(
        as_text=True
    )
    assert "percikan api" in html
    assert html.count('data-testid="citizen-message"') == 2
    response = client.post(
        "/skenario/pohon-draf/pratinjau",
        data={"op": "finish", "replies": [reply], "action": "verifikasi", "agency": "BPBD"},
    )
    html = response.get_data(as_text=True)
    assert 'data-verdict="correct"' in html
    assert 'data-testid="preview-feedback"' in html
    assert session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_versions_can_be_listed_and_downloaded_exactly(
    client: FlaskClient, login_as: Callable[..., Any]
) -> None:
    login_as("trainer")
    client.post("/skenario/baru/yaml", data={"slug": "pohon-v", "yaml_text": SOURCE, "op": "publish"})
    changed = SOURCE.replace("Pohon tumbang menutup", "Pohon roboh menutup")
    client.post("/skenario/pohon-v/yaml", data={"yaml_text": changed, "op": "save"})
    html = client.get("/skenario/pohon-v/versi").get_data(as_text=True)
    assert html.count('data-testid="version-row"') == 2
    first = client.get("/skenario/pohon-v/versi/1.yaml")
    assert first.get_data(as_text=True) == SOURCE
    assert "attachment" in first.headers["Content-Disposition"]
    assert client.get("/skenario/pohon-v/versi/2.yaml").get_data(as_text=True) == changed
    assert client.get("/skenario/pohon-v/versi/3.yaml").status_code == 404


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("required key is missing", "wajib diisi"),
        (
            "unknown agency code 'DINAS-X' (see agencies.yaml)",
            "kode instansi DINAS-X tidak ada di katalog instansi",
        ),
        (
            "Input should be a valid integer, unable to parse string as an integer",
            "harus berupa bilangan bulat",
        ),
        ("Input should be less than or equal to 3", "maksimal 3"),
        (
            "Input should be 'calm', 'irritated', 'angry' or 'furious'",
            "harus salah satu dari: 'calm', 'irritated'",
        ),
        ("unknown placeholder {nama}; use one of address, city", "unknown placeholder {nama}; use one of"),
    ],
)
def test_validation_messages_are_shown_in_indonesian_where_known(app: Any, message: str, shown: str) -> None:
    from trainer.authoring.views import problem_text

    with app.test_request_context():
        assert problem_text(message).startswith(shown)


def test_the_editor_speaks_english_when_asked(client: FlaskClient, login_as: Callable[..., Any]) -> None:
    login_as("trainer")
    html = client.get("/skenario/baru?lang=en").get_data(as_text=True)
    assert "Add fact" in html
    assert "Citizen: persona and mood" in html


def _authoring_requests(app: Any) -> list[tuple[str, str]]:
    """Every authoring route and method, with sample arguments."""
    sample = {"slug": "pohon-tumbang-ijen", "number": 1}
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("authoring."):
            with app.test_request_context():
                url = url_for(rule.endpoint, **{k: sample[k] for k in rule.arguments})
            found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_every_authoring_route_refuses_anonymous_and_trainees(
    app: Any, client: FlaskClient, login_as: Callable[..., Any]
) -> None:
    requests = _authoring_requests(app)
    assert len(requests) >= 12
    for method, url in requests:
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "/masuk" in response.headers["Location"]
    login_as("trainee")
    for method, url in requests:
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_live_check_scores_the_unsaved_form_without_storing_it(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    values = _source_values()
    values["model_answer"] = "Baik, akan kami teruskan."
    html = client.post("/skenario/periksa", data=_form_post(values, slug="x")).get_data(as_text=True)
    assert 'data-ready="no"' in html
    assert 'data-criterion="empathy" data-points="0"' in html
    values["citizen.mood"] = ""
    html = client.post("/skenario/periksa", data=_form_post(values, slug="x")).get_data(as_text=True)
    assert 'data-testid="live-problems"' in html
    html = client.post("/skenario/periksa", data={"slug": "x", "yaml_text": SOURCE}).get_data(as_text=True)
    assert 'data-ready="yes"' in html
    assert session.scalar(select(func.count()).select_from(AuthoredScenario)) == 0


def test_switching_to_the_form_is_refused_when_it_would_lose_something(
    client: FlaskClient, login_as: Callable[..., Any]
) -> None:
    login_as("trainer")
    text = SOURCE.replace("trainer_notes: >-", "hobi: catur\ntrainer_notes: >-")
    response = client.post("/skenario/baru/yaml", data={"slug": "x", "yaml_text": text, "op": "to_form"})
    html = response.get_data(as_text=True)
    assert 'data-tab="yaml"' in html
    assert "hobi" in html
    text = SOURCE.replace("  resolved:\n    - Oke min,", "  resolved:\n    - |-\n      Oke\n      min,")
    html = client.post(
        "/skenario/baru/yaml", data={"slug": "x", "yaml_text": text, "op": "to_form"}
    ).get_data(as_text=True)
    assert 'data-tab="yaml"' in html
    assert "end.resolved" in html


def test_an_unsaved_scenario_can_be_previewed_from_the_editor(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    values = _source_values()
    values["facts.1.reveal"] = "Kabelnya belum disimpan tapi sudah bisa dicoba."
    html = client.post("/skenario/pratinjau", data=_form_post(values, slug="x", op="start")).get_data(
        as_text=True
    )
    assert html.count('data-testid="citizen-message"') == 1
    carried = re.search(r'name="yaml_text" value="([^"]*)"', html, re.S)
    assert carried is not None
    text = html_lib.unescape(carried.group(1))
    html = client.post(
        "/skenario/pratinjau",
        data={"yaml_text": text, "op": "reply", "reply": "Mohon maaf Kak, kabelnya di mana?"},
    ).get_data(as_text=True)
    assert "Kabelnya belum disimpan tapi sudah bisa dicoba." in html
    values["citizen.mood"] = ""
    response = client.post("/skenario/pratinjau", data=_form_post(values, slug="x", op="start"))
    assert response.status_code == 422
    assert "Periksa" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Attempt)) == 0
    assert session.scalar(select(func.count()).select_from(AuthoredScenario)) == 0


def test_comment_lines_are_the_yaml_comments_not_hashes_inside_text() -> None:
    text = (
        "# catatan penulis\n"  # 1: a whole-line comment
        "title: Lampu mati  # sementara\n"  # 2: after a value
        'note: "Tiket #12"\n'  # 3: inside quotes: text
        "answer: |\n"
        "  Nomor #5 tetap teks\n"  # 5: inside a block: text
        "plain: tiket #SMB\n"  # 6: " #" ends a plain value: a comment
        "code: a#b\n"  # 7: no space before it: text
    )
    assert forms.comment_lines(text) == [1, 2, 6]
    assert forms.comment_lines(SOURCE) == []
    assert forms.comment_lines("title: 'tidak ditutup # x") == []  # unreadable YAML: nothing claimed


def test_the_form_says_which_yaml_comments_it_cannot_keep_until_they_are_gone(
    client: FlaskClient, login_as: Callable[..., Any], session: Session
) -> None:
    login_as("trainer")
    text = "# draf dari rapat 12 Nov\n" + SOURCE.replace("difficulty: 3", "difficulty: 3  # cek lagi")
    assert (
        client.post(
            "/skenario/baru/yaml", data={"slug": "pohon-komentar", "yaml_text": text, "op": "save"}
        ).status_code
        == 302
    )
    stored = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == "pohon-komentar"))
    assert stored is not None
    assert stored.versions[-1].yaml_text == text  # saved from the YAML tab: kept as written

    def notice(html: str) -> str:
        found = re.search(r'data-testid="editor-comments">([^<]*)<', html)
        return html_lib.unescape(found.group(1)) if found else ""

    html = client.get("/skenario/pohon-komentar/ubah").get_data(as_text=True)
    assert "baris 1, 5" in notice(html)
    assert 'name="yaml_comments" value="1,5"' in html
    switched = client.post(
        "/skenario/pohon-komentar/yaml", data={"yaml_text": text, "op": "to_form"}
    ).get_data(as_text=True)
    assert "baris 1, 5" in notice(switched)
    checked = client.post(  # another round trip of the form keeps saying so
        "/skenario/pohon-komentar/ubah", data=_form_post(_source_values(), op="check", yaml_comments="1,5")
    ).get_data(as_text=True)
    assert "baris 1, 5" in notice(checked)
    saved = client.post(
        "/skenario/pohon-komentar/ubah", data=_form_post(_source_values(), op="save", yaml_comments="1,5")
    )
    assert saved.status_code == 302
    session.expire_all()
    assert "#" not in stored.versions[-1].yaml_text  # as the notice said: saving from the form drops them
    assert notice(client.get("/skenario/pohon-komentar/ubah").get_data(as_text=True)) == ""
    assert notice(client.get("/skenario/baru?salin=pohon-tumbang-ijen").get_data(as_text=True)) == ""
