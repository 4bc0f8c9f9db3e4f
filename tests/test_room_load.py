"""The room under load and faults, against real servers (short versions; bench/room_load.py runs the full one).

- a short room: every reply acknowledged is stored once, no errors;
- SIGKILL of the server mid-room, then a restart: nothing acknowledged is lost, attempts resume;
- a concurrent burst on SQLite across several processes: never "database is locked";
- PostgreSQL restarted under the running app: a friendly "coba lagi" page, then recovery.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from bench.roomsim import (
    Browser,
    Recorder,
    RequestFailed,
    RoomPlan,
    Server,
    count_replies,
    login_all,
    new_prefix,
    prepare_room,
    realistic_reply,
    run_room,
    sqlite_url,
)

from .conftest import POSTGRES_URL

pytestmark = pytest.mark.load

FAST = RoomPlan(replies=4, think=(0.05, 0.3), ramp=1.0)


@pytest.fixture
def room_db(tmp_path: Path) -> str:
    return sqlite_url(str(tmp_path))


def _plan(slugs: tuple[str, ...]) -> RoomPlan:
    return RoomPlan(replies=FAST.replies, think=FAST.think, ramp=FAST.ramp, slugs=slugs)


def test_a_short_room_has_no_errors_and_stores_every_acknowledged_reply_once(room_db: str) -> None:
    prefix = new_prefix()
    usernames, slugs = prepare_room(room_db, 30, prefix)
    recorder = Recorder()
    with_server = Server("waitress", room_db).start()
    try:
        run_room(with_server.base, usernames, _plan(slugs), recorder)
    finally:
        with_server.stop()
    assert dict(recorder.errors) == {}, recorder.error_samples
    assert len(recorder.latencies["feedback"]) == 30
    stored = count_replies(room_db, prefix, recorder.acked_tokens)
    assert stored.acked >= 30
    assert (stored.lost, stored.duplicated, stored.unacknowledged, stored.bad_attempts) == (0, 0, 0, 0)


def _resume_everyone(base: str, usernames: list[str]) -> list[str]:
    """Log each trainee in again, reopen their attempt and reply once more; return what failed."""
    problems = []
    recorder = Recorder()
    for browser in login_all(base, usernames, recorder):
        try:
            _, _, listing = browser.request("list", "GET", "/latihan/")
            slug = listing.split('action="/latihan/mulai/', 1)[1].split('"', 1)[0]
            _, path, _ = browser.request(
                "start", "POST", f"/latihan/mulai/{slug}", {"csrf_token": browser.csrf}, expect=(302,)
            )
            status, location, page = browser.request("page", "GET", path, expect=(200, 302))
            if status == 302:  # finished before the kill: its feedback must show
                browser.request("feedback", "GET", location)
            elif 'data-testid="conversation-ended"' not in page:
                browser.request(
                    "reply",
                    "POST",
                    f"{path}/balas",
                    {
                        "csrf_token": browser.csrf,
                        "token": uuid.uuid4().hex,
                        "reply": realistic_reply(random.Random(1)),
                    },
                    expect=(302,),
                )
        except (RequestFailed, IndexError) as exc:
            problems.append(f"{type(exc).__name__}: {exc}")
        finally:
            browser.close()
    problems += recorder.error_samples
    if len(recorder.latencies.get("sat_login", [])) != len(usernames):
        problems.append("not every trainee could log in again")
    return problems


def test_sigkill_mid_room_loses_no_acknowledged_reply_and_attempts_resume(room_db: str) -> None:
    prefix = new_prefix()
    usernames, slugs = prepare_room(room_db, 30, prefix)
    recorder = Recorder()
    server = Server("waitress", room_db).start()
    plan = RoomPlan(replies=6, think=(0.1, 0.5), ramp=0.5, slugs=slugs)
    room = threading.Thread(target=run_room, args=(server.base, usernames, plan, recorder), daemon=True)
    room.start()
    deadline = time.monotonic() + 30
    while len(recorder.acked_tokens) < 25 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill(signal.SIGKILL)
    acked_at_kill = list(recorder.acked_tokens)
    plan.stop.set()
    room.join(30)
    assert len(acked_at_kill) >= 25, "the room did not get going before the kill"

    restarted = Server("waitress", room_db, port=server.port).start()
    try:
        stored = count_replies(room_db, prefix, recorder.acked_tokens)
        assert stored.lost == 0
        assert stored.duplicated == 0
        assert stored.bad_attempts == 0
        assert _resume_everyone(restarted.base, usernames) == []
    finally:
        restarted.stop()
    after = count_replies(room_db, prefix, recorder.acked_tokens)
    assert (after.lost, after.duplicated, after.bad_attempts) == (0, 0, 0)


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite locking")
def test_a_burst_of_replies_across_processes_never_says_database_is_locked(room_db: str) -> None:
    prefix = new_prefix()
    usernames, slugs = prepare_room(room_db, 40, prefix)
    server = Server("gunicorn-sync", room_db).start()  # four processes writing one SQLite file
    recorder = Recorder()
    try:
        browsers = login_all(server.base, usernames, recorder)
        paths = []
        for i, browser in enumerate(browsers):
            _, path, _ = browser.request(
                "start",
                "POST",
                f"/latihan/mulai/{slugs[i % len(slugs)]}",
                {"csrf_token": browser.csrf},
                expect=(302,),
            )
            paths.append(path)
        bodies: list[str] = []
        refused: list[str] = []
        gate = threading.Barrier(len(browsers))

        def burst(i: int, browser: Browser) -> None:
            rng = random.Random(i)
            for _ in range(2):
                gate.wait(timeout=30)
                key = uuid.uuid4().hex
                try:
                    status, _, body = browser.request(
                        "reply",
                        "POST",
                        f"{paths[i]}/balas",
                        {"csrf_token": browser.csrf, "token": key, "reply": realistic_reply(rng)},
                        expect=(302, 409),
                    )
                except RequestFailed:
                    continue
                with recorder.lock:
                    if status == 302:
                        recorder.acked_tokens.append(key)
                    else:  # the citizen was satisfied by the first reply: a clear refusal, not an error
                        refused.append(key)
                    bodies.append(body)

        threads = [threading.Thread(target=burst, args=(i, b)) for i, b in enumerate(browsers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        server.stop()
    log = server.log_path.read_text()
    assert "database is locked" not in log
    assert not any("database is locked" in body for body in bodies)
    assert dict(recorder.errors) == {}, recorder.error_samples
    stored = count_replies(room_db, prefix, recorder.acked_tokens)
    assert stored.acked + len(refused) == 80
    assert stored.acked >= 40
    assert (stored.lost, stored.duplicated, stored.unacknowledged) == (0, 0, 0)


# --- PostgreSQL restarted under the app ------------------------------------------------------------

PG_VERSION = "15"


@pytest.fixture
def throwaway_cluster():
    """A PostgreSQL cluster of our own (so restarting it disturbs no one else), dropped afterwards."""
    if not POSTGRES_URL or not shutil.which("pg_createcluster"):
        pytest.skip("set TEST_DATABASE_URL (and have pg_createcluster) to restart PostgreSQL under the app")
    from bench.roomsim import free_port

    name = f"latih{uuid.uuid4().hex[:6]}"
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="latih-pg-"))  # not under pytest's root-only folder
    shutil.chown(data, "postgres", "postgres")
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, timeout=60)  # noqa: E731
    run("pg_createcluster", PG_VERSION, name, "-p", str(port), "-d", str(data), "--", "--auth=trust")
    try:
        run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, name, "start")
        yield name, f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(["pg_dropcluster", "--stop", PG_VERSION, name], capture_output=True, timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def test_postgresql_restart_gives_a_try_again_page_then_recovers(throwaway_cluster) -> None:
    name, url = throwaway_cluster
    prefix = new_prefix()
    usernames, _slugs = prepare_room(url, 1, prefix)
    server = Server("waitress", url).start()
    ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, name]
    try:
        [browser] = login_all(server.base, usernames, Recorder())
        assert browser.request("list", "GET", "/latihan/")[0] == 200
        subprocess.run([*ctl, "stop", "-m", "fast"], check=True, capture_output=True, timeout=60)
        status, _, page = browser.request("down", "GET", "/latihan/", expect=(503,))
        assert "coba lagi" in page.lower()
        assert "Traceback" not in page
        assert "psycopg" not in page
        subprocess.run([*ctl, "start"], check=True, capture_output=True, timeout=60)
        # The pool's pre-ping replaces the dead connections: the next request works.
        assert browser.request("up", "GET", "/latihan/")[0] == 200
        subprocess.run([*ctl, "restart", "-m", "fast"], check=True, capture_output=True, timeout=60)
        assert browser.request("after_restart", "GET", "/latihan/")[0] == 200
        browser.close()
    finally:
        server.stop()
    assert "Traceback" not in server.log_path.read_text()
