"""Bad input and abuse: CSRF on every POST route, oversized bodies, hostile YAML, XSS, fuzzing."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.catalog import parse_model
from trainer.scenario_schema import Scenario

from . import factories
from .conftest import ROOT, make_test_app

SLUG = "jalan-berlubang-soekarno-hatta"
PAYLOADS = ("<script>alert('x')</script>", '"><img src=x onerror=alert(1)>')


def _post_routes(app: Flask) -> list[str]:
    """Every POST URL of the app, with placeholder values for its arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()):
            continue
        values = {
            arg: 1 if rule._converters[arg].__class__.__name__ == "IntegerConverter" else "x"
            for arg in rule.arguments
        }
        urls.append(rule.build(values, append_unknown=False)[1])
    return sorted(urls)


@pytest.fixture
def csrf_app(database_url: str) -> Any:
    application = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    yield application
    application.extensions["engine"].dispose()


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(csrf_app: Flask, session) -> None:
    client = csrf_app.test_client()
    user = factories.make_user(session)
    session.commit()
    urls = _post_routes(csrf_app)
    assert "/masuk" in urls
    assert len(urls) >= 5
    for url in urls:
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(url, data=data)
            assert response.status_code == 400, url
            assert "Formulir kedaluwarsa" in response.get_data(as_text=True), url
    # Logged in, the same holds (the check is not skipped for authenticated users).
    login = client.get("/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login) or re.search(
        r'name="csrf_token" value="([^"]+)"', login
    )
    assert token is not None
    response = client.post(
        "/masuk",
        data={"csrf_token": token.group(1), "username": user.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    for url in urls:
        assert client.post(url, data={}).status_code == 400, url


def test_a_ten_megabyte_body_is_refused_with_a_message(client: FlaskClient) -> None:
    started = time.perf_counter()
    response = client.post("/masuk", data={"username": "x" * (10 * 1024 * 1024), "password": "y"})
    assert response.status_code == 413
    assert "<html" in response.get_data(as_text=True).lower()
    assert time.perf_counter() - started < 5


def test_a_hundred_megabyte_upload_is_refused_before_it_is_read(client: FlaskClient) -> None:
    started = time.perf_counter()
    response = client.post(
        "/masuk",
        data=b"x" * 1024,
        content_type="multipart/form-data; boundary=zz",
        environ_overrides={"CONTENT_LENGTH": str(100 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
            "anchors and aliases",
        ),
        ("title: " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        (
            "title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)) + "  " * 80 + "x\n",
            "nested too deeply",
        ),
        ("title: " + "y" * 400_000, "larger than"),
    ],
)
def test_hostile_yaml_is_refused_fast_with_a_located_message(text: str, message: str) -> None:
    started = time.perf_counter()
    scenario, _marks, problems = parse_model(Scenario, text, "bom.yaml")
    assert scenario is None
    assert any(message in str(p) and str(p).startswith("bom.yaml:") for p in problems), problems
    assert time.perf_counter() - started < 2


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30))
_documents = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), _documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True))))
def test_the_scenario_loader_only_ever_reports_scenario_problems(text: str) -> None:
    scenario, _marks, problems = parse_model(Scenario, text, "fuzz.yaml")
    assert (scenario is None) == bool(problems)
    assert all(str(p).startswith("fuzz.yaml:") for p in problems)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(sorted((ROOT / "scenarios").glob("*.yaml"))), min_size=1, max_size=1), st.data()
)
def test_mutated_scenarios_only_ever_report_scenario_problems(paths: list[Path], data: st.DataObject) -> None:
    lines = paths[0].read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(st.text(max_size=40))
    scenario, _marks, problems = parse_model(Scenario, "\n".join(lines), "m.yaml")
    assert (scenario is None) == bool(problems)


@pytest.fixture
def trainee_client(client: FlaskClient, session) -> tuple[FlaskClient, str]:
    user, _ = factories.make_trainee_in_session(session, [SLUG])
    session.commit()
    assert (
        client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD}).status_code
        == 302
    )
    location = client.post(f"/latihan/mulai/{SLUG}").headers["Location"]
    return client, location


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=600) | st.text(min_size=3990, max_size=4100), n=st.integers(0, 10**9))
def test_any_reply_text_is_stored_or_refused_with_a_message(
    trainee_client: tuple[FlaskClient, str], text: str, n: int
) -> None:
    client, location = trainee_client
    response = client.post(f"{location}/balas", data={"reply": text, "token": f"fuzz-{n}"})
    body = response.get_data(as_text=True)
    assert response.status_code in (302, 409, 422), body[:500]
    if response.status_code == 422:
        assert "Balasan" in body
    if response.status_code == 409:
        assert "selesai" in body


def test_payloads_in_names_replies_and_scenarios_are_inert(database_url: str, tmp_path: Path) -> None:
    scenario_dir = tmp_path / "scenarios"
    scenario_dir.mkdir()
    (scenario_dir / "agencies.yaml").write_text((ROOT / "scenarios" / "agencies.yaml").read_text())
    text = (ROOT / "scenarios" / f"{SLUG}.yaml").read_text()
    data = yaml.safe_load(text)
    data["title"] = f"Judul {PAYLOADS[0]} {PAYLOADS[1]}"
    data["opening"]["text"] = f"Pesan {PAYLOADS[0]} {PAYLOADS[1]}"
    (scenario_dir / f"{SLUG}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    app = make_test_app(database_url, SCENARIO_DIR=str(scenario_dir))
    db = app.extensions["session_factory"]()
    user, _ = factories.make_trainee_in_session(db, [SLUG])
    user.display_name = f"Nama {PAYLOADS[0]} {PAYLOADS[1]}"
    db.commit()
    client = app.test_client()
    assert (
        client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD}).status_code
        == 302
    )
    location = client.post(f"/latihan/mulai/{SLUG}").headers["Location"]
    reply = f"Selamat pagi, {PAYLOADS[0]} {PAYLOADS[1]} terima kasih."
    assert client.post(f"{location}/balas", data={"reply": reply, "token": "x"}).status_code == 302
    pages = ["/latihan/", location, "/latihan/riwayat"]
    client.post(f"{location}/selesai", data={"action": "verifikasi", "agency": "DPUPR-PKP"})
    pages.append(f"{location}/hasil")
    for page in pages:
        html = client.get(page, follow_redirects=True).get_data(as_text=True)
        for payload in PAYLOADS:
            assert payload not in html, page
        assert "<img src=x" not in html, page
        assert "&lt;script&gt;" in html or "&lt;img" in html or page.endswith("riwayat"), page
    db.close()
    app.extensions["engine"].dispose()


def test_control_characters_are_dropped_from_a_reply_not_stored(
    trainee_client: tuple[FlaskClient, str], session
) -> None:
    client, location = trainee_client
    response = client.post(
        f"{location}/balas", data={"reply": "Selamat pagi\x00 Bapak\x07, kami cek.", "token": "nul"}
    )
    assert response.status_code == 302
    from trainer.models import Turn

    stored = session.query(Turn).filter_by(idempotency_key="nul").one()
    assert stored.text == "Selamat pagi Bapak, kami cek."
