"""Room mode: the projector page (QR code, join codes), the LAN addresses, the servers (waitress, workers)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.roomsim import _process_tree
from trainer import server

from . import factories

ROOT = Path(__file__).resolve().parent.parent


def test_projector_shows_the_room_url_as_a_qr_code_and_the_open_join_codes(
    app: Flask, client: FlaskClient, session, login_as
) -> None:
    cohort = factories.make_cohort(session, name="Kota Uji")
    factories.make_bimtek(session, cohort, [], title="Bimtek terbuka", join_code="BUKA42")
    factories.make_bimtek(session, cohort, [], title="Bimtek tertutup", join_code="TUTUP7", is_open=False)
    session.commit()
    app.config["ROOM_URLS"] = ["http://10.1.2.3:5000/", "http://192.168.0.9:5000/"]
    login_as("trainer")
    page = client.get("/ruang").get_data(as_text=True)
    assert "BUKA42" in page
    assert "Bimtek terbuka" in page
    assert "Kota Uji" in page
    assert "TUTUP7" not in page
    assert "http://10.1.2.3:5000/" in page
    assert "http://192.168.0.9:5000/" in page
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", page, re.S)
    assert svg is not None, "no inline QR code"
    assert "style=" not in svg.group(0)
    assert "<script" not in page


def test_projector_qr_encodes_the_url() -> None:
    from trainer.room.services import qr_svg

    assert qr_svg("http://10.0.0.1:5000/") != qr_svg("http://10.0.0.2:5000/")


def test_projector_falls_back_to_the_address_the_page_was_opened_with(client: FlaskClient, session) -> None:
    user = factories.make_user(session, role="admin")
    session.commit()
    base = "http://172.16.5.5:8000"
    client.post("/masuk", data={"username": user.username, "password": factories.PASSWORD}, base_url=base)
    page = client.get("/ruang", base_url=base).get_data(as_text=True)
    assert "http://172.16.5.5:8000/" in page


@pytest.mark.parametrize("role", ["trainee", "reviewer"])
def test_projector_is_for_trainers_and_admins_only(client: FlaskClient, login_as, role: str) -> None:
    login_as(role)
    assert client.get("/ruang").status_code == 403


def test_projector_needs_a_login(client: FlaskClient) -> None:
    response = client.get("/ruang")
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]


def test_lan_addresses_are_ipv4_and_never_loopback() -> None:
    addresses = server.lan_addresses()
    for address in addresses:
        assert not address.startswith("127.")
        assert address.count(".") == 3
    assert server.room_urls("0.0.0.0", 5000) == [f"http://{a}:5000/" for a in addresses]
    assert server.room_urls("127.0.0.1", 80) == ["http://127.0.0.1:80/"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_healthy(proc: subprocess.Popen[str], port: int, seconds: float) -> Any:
    """Poll /healthz until the started server answers 200; return the response headers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                assert response.status == 200
                return response.headers
        except OSError:
            assert time.monotonic() < deadline, "server did not answer"
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            time.sleep(0.2)


def _serve(database_url: str, *args: str) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    env = {**os.environ, "LATIH_ENV": "development", "LATIH_DATABASE_URL": database_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "trainer", "serve", *args, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    return proc, port


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker processes from /proc")
def test_room_mode_serves_with_a_worker_process_per_core_and_prints_the_lan_urls(database_url: str) -> None:
    proc, port = _serve(database_url, "--room")
    try:
        headers = _wait_until_healthy(proc, port, seconds=30)
        expected = server.worker_count("auto", room=True)
        assert expected == max(1, min(server.MAX_AUTO_WORKERS, len(os.sched_getaffinity(0))))
        if expected > 1:
            assert headers["Server"] == "gunicorn"
            deadline = time.monotonic() + 10
            while (
                len(_process_tree(proc.pid)) - 1 < expected
            ):  # workers start a moment after the first answers
                assert time.monotonic() < deadline, "workers did not start"
                time.sleep(0.2)
            for _ in range(20):  # every worker answers with the database behind it
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    assert response.status == 200
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=20)
    for address in server.lan_addresses():
        assert f"http://{address}:{port}/" in output
    assert f"http://127.0.0.1:{port}/ruang" in output
    if expected > 1:
        assert f"{expected} worker processes" in output
    assert "Traceback" not in output


def test_one_worker_is_waitress(database_url: str) -> None:
    proc, port = _serve(database_url, "--room", "--workers", "1")
    try:
        headers = _wait_until_healthy(proc, port, seconds=20)
        assert headers["Server"] == "latih-aduan"  # waitress's ident, not werkzeug or gunicorn
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_worker_count_is_checked_and_windows_gets_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    assert server.worker_count("auto", room=False) == 1  # outside a room: one process unless asked
    assert server.worker_count("3", room=False) == 3
    for bad, message in (("dua", "'dua' is not a number or 'auto'"), ("0", "must be at least 1")):
        with pytest.raises(click.BadParameter, match=message):
            server.worker_count(bad, room=True)
    monkeypatch.setattr(server.sys, "platform", "win32")
    assert not server.can_fork_workers()
    assert server.worker_count("auto", room=True) == 1
    with pytest.raises(click.BadParameter, match="several workers need Linux or macOS"):
        server.worker_count("2", room=True)


def test_latih_aduan_refuses_a_bad_workers_count_before_touching_the_database(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LATIH_ENV", "LATIH_SECRET_KEY", "SECRET_KEY")}
    database = tmp_path / "baru.db"
    env["LATIH_DATABASE_URL"] = f"sqlite:///{database}"
    done = subprocess.run(
        [sys.executable, "-c", "from trainer.server import main; main()", "--workers", "nol"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2  # click's usage error, with the option named
    assert "--workers" in done.stderr
    assert "'nol' is not a number or 'auto'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not database.exists()  # neither created nor migrated


def test_latih_aduan_script_migrates_a_new_database_and_serves_it(tmp_path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("LATIH_ENV", "LATIH_SECRET_KEY", "SECRET_KEY")}
    env["LATIH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'baru.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from trainer.server import main; main()", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_healthy(proc, port, seconds=30)
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output
    import sqlite3

    db = sqlite3.connect(tmp_path / "baru.db")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert {"user_account", "attempt", "turn"} <= tables  # the script migrated the new file


def test_sqlite_rooms_get_more_threads_and_postgresql_keeps_its_connections() -> None:
    """A login waits on the password lane holding its thread: a SQLite room gets threads to spare;
    on PostgreSQL each thread may hold a server connection, so the default stays low."""
    assert server.default_threads("sqlite:////tmp/latih.db") == server.SQLITE_THREADS
    assert server.SQLITE_THREADS >= 3 * server.DEFAULT_THREADS
    assert server.default_threads("postgresql+psycopg://u@h/db") == server.DEFAULT_THREADS
