"""A simulated bimtek room against a real server: used by bench/room_load.py and the load/fault tests.

Each virtual trainee is a thread with its own keep-alive HTTP connection and session cookie. It
behaves like a browser: it reads the CSRF and reply tokens from the pages, follows redirects, and
waits between replies. Only loopback addresses are used; every loop is bounded.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "beban-ruang-123"
TIMEOUT = 10.0  # a request slower than this is an error ("no timeouts within 10 s")

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_TOKEN = re.compile(r'name="token"[^>]*value="([^"]*)"')
_AGENCY = re.compile(r'<select[^>]*name="agency"[^>]*>(.*?)</select>', re.S)
_OPTION = re.compile(r'<option[^>]*value="([^"]+)"')

# --- realistic Indonesian replies, 200-600 characters ------------------------------------------

_GREETINGS = [
    "Selamat pagi Bapak/Ibu, terima kasih sudah menyampaikan laporan ini kepada kami.",
    "Selamat siang Bapak, terima kasih atas laporan dan kepeduliannya terhadap lingkungan.",
    "Selamat sore Ibu, terima kasih sudah menghubungi layanan pengaduan Pemerintah Kota Malang.",
]
_EMPATHY = [
    "Kami mohon maaf atas ketidaknyamanan yang Bapak/Ibu alami, kami paham ini mengganggu aktivitas sehari-hari.",
    "Kami memahami kekhawatiran Ibu, apalagi kondisi ini membahayakan anak-anak yang lewat setiap hari.",
    "Mohon maaf atas keterlambatan penanganannya, kami mengerti Bapak sudah menunggu cukup lama.",
]
_VERIFY = [
    "Boleh kami minta alamat lengkap beserta patokan terdekat agar petugas mudah menemukan lokasinya?",
    "Apakah Bapak bisa mengirimkan foto kondisi terbaru dan sejak kapan masalah ini terjadi?",
    "Mohon informasikan nomor RT/RW dan kelurahannya supaya laporan dapat kami teruskan dengan tepat.",
]
_INTERIM = [
    "Sementara ini kami sudah meneruskan laporan ke dinas terkait dan meminta petugas memasang tanda peringatan.",
    "Hari ini juga laporan Bapak kami teruskan ke OPD yang berwenang untuk pengecekan lapangan besok pagi.",
    "Untuk sementara, mohon hindari lokasi tersebut; tim reaksi cepat akan meninjau dalam 2x24 jam.",
]
_STATUS = [
    "Perkembangan tindak lanjutnya akan kami kabarkan melalui kanal ini paling lambat tiga hari kerja.",
    "Bapak dapat memantau status laporan dengan nomor tiket yang sama, dan kami akan mengabari setiap ada perkembangan.",
    "Kami akan menghubungi Ibu kembali besok sore untuk menyampaikan hasil pengecekan petugas.",
]


def realistic_reply(rng: random.Random, follow_up: bool = True) -> str:
    """Return a plausible trainee reply of 200-600 characters.

    Without `follow_up` it never promises a status update, so the citizen is never fully satisfied
    and the conversation runs to its turn limit (the saturation phases use that).
    """
    for _ in range(20):
        parts = [rng.choice(_GREETINGS), rng.choice(_EMPATHY)]
        optional = [rng.choice(_VERIFY), rng.choice(_INTERIM)] + ([rng.choice(_STATUS)] if follow_up else [])
        parts += rng.sample(optional, k=rng.randint(1, len(optional)))
        text = " ".join(parts)
        if 200 <= len(text) <= 600:
            return text
    return text[:600]


# --- a browser-like client --------------------------------------------------------------------


@dataclass
class Recorder:
    """Latencies per endpoint, errors, acknowledged reply tokens; thread-safe."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    acked_tokens: list[str] = field(default_factory=list)
    conflicts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, seconds: float) -> None:
        with self.lock:
            self.latencies[name].append(seconds)

    def error(self, name: str, detail: str) -> None:
        with self.lock:
            self.errors[name] += 1
            if len(self.error_samples) < 20:
                self.error_samples.append(f"{name}: {detail}")

    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(self.errors.values())


class RequestFailed(Exception):
    """A request got an unexpected status, a connection error or a timeout."""


class Browser:
    """One trainee's browser: a keep-alive connection, the session cookie, redirects by hand."""

    def __init__(self, base: str, recorder: Recorder) -> None:
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the simulation only talks to loopback addresses")
        self.host, self.port = parts.hostname, parts.port or 80
        self.recorder = recorder
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.csrf = ""

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self,
        name: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int, str, str]:
        """Send one request; return (status, Location, body). Unexpected status raises RequestFailed."""
        headers = {"User-Agent": "roomsim/1", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            status, location, text = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            self.recorder.error(name, f"{type(exc).__name__}: {exc}")
            raise RequestFailed(name) from exc
        elapsed = time.perf_counter() - started
        if status not in expect:
            self.recorder.error(name, f"HTTP {status} {path}: {_snippet(text)}")
            raise RequestFailed(name)
        self.recorder.record(name, elapsed)
        return status, location, text

    def _send(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> tuple[int, str, str]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                # A kept-alive connection the server closed while idle: browsers reconnect once, but
                # only for requests that never reached it; a POST is not resent (it could double).
                self.close()
                if attempt == 2 or method != "GET":
                    raise
                continue
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
            location = response.headers.get("Location", "")
            return response.status, urlsplit(location).path if location else "", text
        raise RuntimeError("unreachable")


def _snippet(text: str) -> str:
    title = re.search(r"<h1>(.*?)</h1>", text, re.S)
    return (title.group(1) if title else text[:80]).strip()


def _csrf(page: str) -> str:
    found = _CSRF.search(page)
    if not found:
        raise RequestFailed("no csrf token on the page")
    return found.group(1)


# --- one trainee's session ------------------------------------------------------------------


@dataclass
class RoomPlan:
    """What every virtual trainee does."""

    replies: int = 4
    think: tuple[float, float] = (0.5, 2.0)
    ramp: float = 2.0  # trainees press "Masuk" spread over this many seconds
    slugs: tuple[str, ...] = ()
    stop: threading.Event = field(default_factory=threading.Event)


class Progress:
    """How many trainees are still logging in (replies then count as 'during the login wave').

    Shared between load processes when given a multiprocessing Value.
    """

    def __init__(self, n: int, shared: Any = None) -> None:
        self.shared = shared
        self._local = n
        self.lock = threading.Lock()

    @property
    def logging_in(self) -> int:
        return int(self.shared.value) if self.shared is not None else self._local

    def logged_in(self) -> None:
        if self.shared is not None:
            with self.shared.get_lock():
                self.shared.value -= 1
            return
        with self.lock:
            self._local -= 1


def trainee_session(
    base: str, username: str, plan: RoomPlan, recorder: Recorder, progress: Progress, seed: int
) -> None:
    """Log in, open the list, start an attempt, reply with think time, finish, read the feedback."""
    rng = random.Random(seed)
    browser = Browser(base, recorder)
    try:
        time.sleep(rng.uniform(0, plan.ramp))
        _, _, page = browser.request("login_page", "GET", "/masuk")
        try:
            browser.request(
                "login",
                "POST",
                "/masuk",
                {"csrf_token": _csrf(page), "username": username, "password": PASSWORD},
                expect=(302,),
            )
        finally:
            progress.logged_in()
        _, _, listing = browser.request("list", "GET", "/latihan/")
        slug = plan.slugs[seed % len(plan.slugs)]
        _, location, _ = browser.request(
            "start", "POST", f"/latihan/mulai/{slug}", {"csrf_token": _csrf(listing)}, expect=(302,)
        )
        attempt_path = location
        _, _, page = browser.request("attempt_page", "GET", attempt_path)
        for _ in range(plan.replies):
            if plan.stop.is_set() or 'data-testid="conversation-ended"' in page:
                break
            time.sleep(rng.uniform(*plan.think))
            token = _TOKEN.search(page)
            key = token.group(1) if token and token.group(1) else secrets.token_hex(16)
            wave = "reply_in_login_wave" if progress.logging_in > 0 else "reply_after_login_wave"
            started = time.perf_counter()
            browser.request(
                "reply",
                "POST",
                f"{attempt_path}/balas",
                {"csrf_token": _csrf(page), "token": key, "reply": realistic_reply(rng)},
                expect=(302,),
            )
            recorder.record(wave, time.perf_counter() - started)
            with recorder.lock:
                recorder.acked_tokens.append(key)
            _, _, page = browser.request(
                "attempt_page", "GET", attempt_path
            )  # the redirect a browser follows
        if plan.stop.is_set():
            return
        agencies = _OPTION.findall(_AGENCY.search(page).group(1)) if _AGENCY.search(page) else []
        _, location, _ = browser.request(
            "finish",
            "POST",
            f"{attempt_path}/selesai",
            {"csrf_token": _csrf(page), "action": "verifikasi", "agency": agencies[0] if agencies else ""},
            expect=(302,),
        )
        browser.request("feedback", "GET", location)
    except RequestFailed:
        pass
    finally:
        browser.close()


def run_room(
    base: str,
    usernames: list[str],
    plan: RoomPlan,
    recorder: Recorder,
    progress: Progress | None = None,
    first_seed: int = 0,
) -> float:
    """Run every trainee's session at once; return the wall time in seconds."""
    progress = progress or Progress(len(usernames))
    threads = [
        threading.Thread(
            target=trainee_session,
            args=(base, name, plan, recorder, progress, first_seed + i),
            daemon=True,
            name=f"trainee-{i}",
        )
        for i, name in enumerate(usernames)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    budget = plan.ramp + plan.replies * (plan.think[1] + 3 * TIMEOUT) + 6 * TIMEOUT
    for thread in threads:
        thread.join(max(0.1, started + budget - time.perf_counter()))
    plan.stop.set()
    return time.perf_counter() - started


def _room_slice(args: tuple[Any, ...]) -> dict[str, Any]:
    base, usernames, plan_values, first_seed, shared = args
    recorder = Recorder()
    plan = RoomPlan(**plan_values)
    run_room(base, usernames, plan, recorder, Progress(0, _SHARED["value"]), first_seed)
    return {
        "latencies": dict(recorder.latencies),
        "errors": dict(recorder.errors),
        "samples": recorder.error_samples,
        "acked": recorder.acked_tokens,
    }


_SHARED: dict[str, Any] = {}


def run_room_processes(
    base: str, usernames: list[str], plan: RoomPlan, recorder: Recorder, processes: int
) -> float:
    """Run the room from several load processes (one Python process's GIL would slow the clients)."""
    import multiprocessing

    if processes <= 1:
        return run_room(base, usernames, plan, recorder)
    context = multiprocessing.get_context("fork")
    _SHARED["value"] = context.Value("i", len(usernames))
    values = {"replies": plan.replies, "think": plan.think, "ramp": plan.ramp, "slugs": plan.slugs}
    slices = [
        (base, usernames[i::processes], values, i * 100_000, None)
        for i in range(processes)
        if usernames[i::processes]
    ]
    started = time.perf_counter()
    with context.Pool(len(slices)) as pool:
        results = pool.map(_room_slice, slices)
    wall = time.perf_counter() - started
    for result in results:
        for name, values_ in result["latencies"].items():
            recorder.latencies[name].extend(values_)
        for name, count in result["errors"].items():
            recorder.errors[name] += count
        recorder.error_samples.extend(result["samples"])
        recorder.acked_tokens.extend(result["acked"])
    return wall


# --- saturation phases: the same clients, no think time ----------------------------------------


def login_all(base: str, usernames: list[str], recorder: Recorder) -> list[Browser]:
    """Log every account in (one after another); return the logged-in browsers."""
    browsers = []
    for name in usernames:
        browser = Browser(base, recorder)
        try:
            _, _, page = browser.request("sat_login_page", "GET", "/masuk")
            browser.request(
                "sat_login",
                "POST",
                "/masuk",
                {"csrf_token": _csrf(page), "username": name, "password": PASSWORD},
                expect=(302,),
            )
            _, _, listing = browser.request("sat_list", "GET", "/latihan/")
            browser.csrf = _csrf(listing)
        except RequestFailed:
            browser.close()
            continue
        browsers.append(browser)
    return browsers


def start_attempts(
    browsers: list[Browser], slugs: tuple[str, ...], recorder: Recorder, per_client: int = 6, offset: int = 0
) -> list[list[str]]:
    """Start `per_client` attempts for every browser (scenarios from `offset` on); return their paths."""
    paths: list[list[str]] = [[] for _ in browsers]

    def one(index: int, browser: Browser) -> None:
        for k in range(min(per_client, len(slugs))):
            slug = slugs[(offset + index + k) % len(slugs)]
            try:
                _, path, _ = browser.request(
                    "sat_start", "POST", f"/latihan/mulai/{slug}", {"csrf_token": browser.csrf}, expect=(302,)
                )
            except RequestFailed:
                return
            paths[index].append(path)

    threads = [threading.Thread(target=one, args=(i, b), daemon=True) for i, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(len(slugs) * 3 * TIMEOUT)
    return paths


def saturate(
    browsers: list[Browser], paths: list[list[str]], seconds: float, kind: str, recorder: Recorder
) -> int:
    """Hit the server as fast as logged-in clients can for `seconds`; return the requests counted.

    kind "livez": GET /livez (bare); "healthz": GET /healthz (one database query); "reply": POST a reply (no page). "roundtrip": POST a reply and
    load the page, as a browser does. A reply to a conversation that has ended gets 409 and the
    client moves to its next started attempt; those refusals are not counted (conservative).
    """
    counted = [0]
    ran_out = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(index: int, browser: Browser) -> None:
        rng = random.Random(index)
        mine = list(paths[index]) if paths else []
        try:
            while time.perf_counter() < deadline:
                if kind in ("livez", "healthz"):
                    browser.request(kind, "GET", f"/{kind}")
                    with lock:
                        counted[0] += 1
                    continue
                if not mine:
                    with lock:
                        ran_out[0] += 1
                    return
                key = secrets.token_hex(16)
                status, _, _ = browser.request(
                    f"sat_{kind}",
                    "POST",
                    f"{mine[0]}/balas",
                    {
                        "csrf_token": browser.csrf,
                        "token": key,
                        "reply": realistic_reply(rng, follow_up=False),
                    },
                    expect=(302, 409),
                )
                if status == 409:  # the conversation ended: take the next started attempt
                    mine.pop(0)
                    continue
                with recorder.lock:
                    recorder.acked_tokens.append(key)
                if kind == "roundtrip":
                    browser.request("sat_page", "GET", mine[0])
                with lock:
                    counted[0] += 1
        except RequestFailed:
            pass
        finally:
            browser.close()

    threads = [threading.Thread(target=client, args=(i, b), daemon=True) for i, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 3 * TIMEOUT)
    if ran_out[0]:
        print(f"warning: {ran_out[0]} clients ran out of started attempts: the {kind} rate is understated")
    return counted[0]


# --- the database: accounts for the run, and the count of stored replies ----------------------


def prepare_room(database_url: str, trainees: int, prefix: str) -> tuple[list[str], tuple[str, ...]]:
    """Migrate the database; create a cohort with an open session and `trainees` accounts."""
    os.environ.setdefault("LATIH_ENV", "development")
    from datetime import date

    from trainer import create_app
    from trainer.auth.services import hash_password
    from trainer.migrations import upgrade
    from trainer.models import BimtekSession, Cohort, SessionScenario, User

    upgrade(database_url)
    app = create_app(
        {"DATABASE_URL": database_url, "ENV": "testing", "SECRET_KEY": "prepare", "LOG_LEVEL": "WARNING"}
    )
    slugs = tuple(sorted(app.extensions["catalog"].scenarios))
    password_hash = hash_password(PASSWORD)
    session = app.extensions["session_factory"]()
    try:
        cohort = Cohort(name=f"Beban {prefix}", city="Kota Malang")
        bimtek = BimtekSession(
            cohort=cohort,
            title=f"Bimtek beban {prefix}",
            starts_on=date.today(),
            ends_on=date.today(),
            join_code=prefix[-12:].upper(),
            is_open=True,
        )
        bimtek.assignments = [SessionScenario(slug=s, position=i) for i, s in enumerate(slugs)]
        session.add(bimtek)
        usernames = [f"{prefix}-{i:04d}" for i in range(trainees)]
        session.add_all(
            User(
                username=u,
                display_name=f"Peserta beban {i}",
                password_hash=password_hash,
                role="trainee",
                cohort=cohort,
            )
            for i, u in enumerate(usernames)
        )
        session.commit()
    finally:
        session.close()
        app.extensions["engine"].dispose()
    return usernames, slugs


@dataclass(frozen=True)
class StoredReplies:
    """What the database holds for a run's trainees, against what the clients saw acknowledged."""

    stored: int
    acked: int
    lost: int  # acknowledged but not in the database
    duplicated: int  # extra rows for one idempotency token
    unacknowledged: int  # stored although the client saw no acknowledgement (in flight at a kill)
    bad_attempts: int  # attempts in a state the pages cannot show


def count_replies(database_url: str, prefix: str, acked_tokens: list[str]) -> StoredReplies:
    """Count the trainee turns of the run's accounts and compare them with the acknowledged tokens."""
    from sqlalchemy import create_engine, func, select

    from trainer.models import Attempt, Turn, User

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            keys = list(
                conn.scalars(
                    select(Turn.idempotency_key)
                    .join(Attempt, Turn.attempt_id == Attempt.id)
                    .join(User, Attempt.trainee_id == User.id)
                    .where(User.username.like(f"{prefix}-%"), Turn.speaker == "trainee")
                )
            )
            # Every trainee turn has the citizen's answer right after it, positions have no gaps,
            # and a finished attempt has its score: otherwise the pages could not show it.
            per_attempt = conn.execute(
                select(Attempt.id, Attempt.state, Attempt.total, func.count(Turn.id), func.max(Turn.position))
                .join(User, Attempt.trainee_id == User.id)
                .outerjoin(Turn, Turn.attempt_id == Attempt.id)
                .where(User.username.like(f"{prefix}-%"))
                .group_by(Attempt.id, Attempt.state, Attempt.total)
            ).all()
    finally:
        engine.dispose()
    bad = sum(
        1
        for _id, state, total, turns, last in per_attempt
        if turns == 0 or last != turns - 1 or turns % 2 == 0 or (state == "finished" and total is None)
    )
    stored = set(keys)
    acked = set(acked_tokens)
    return StoredReplies(
        stored=len(keys),
        acked=len(acked_tokens),
        lost=len(acked - stored),
        duplicated=len(keys) - len(stored) + (len(acked_tokens) - len(acked)),
        unacknowledged=len(stored - acked),
        bad_attempts=bad,
    )


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVERS = ("waitress", "workers", "gunicorn-gthread", "gunicorn-sync")


class Server:
    """A real server process (`flask serve`: waitress or its worker processes; or gunicorn) on loopback."""

    def __init__(
        self, kind: str, database_url: str, port: int | None = None, log_dir: str | None = None
    ) -> None:
        if kind not in SERVERS:
            raise ValueError(f"server must be one of {', '.join(SERVERS)}")
        self.kind = kind
        self.database_url = database_url
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir or tempfile.mkdtemp(prefix="roomsim-")) / f"{kind}-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "LATIH_ENV": "production",
            "LATIH_SECRET_KEY": os.environ.get("LATIH_SECRET_KEY") or secrets.token_hex(32),
            "LATIH_DATABASE_URL": database_url,
            "LATIH_LOG_LEVEL": os.environ.get("LATIH_LOG_LEVEL", "INFO"),
        }

    def command(self) -> list[str]:
        bind = f"127.0.0.1:{self.port}"
        serve = [sys.executable, "-m", "flask", "--app", "trainer", "serve", "--port", str(self.port)]
        if self.kind == "waitress":
            return [*serve, "--workers", "1"]
        if self.kind == "workers":  # what `serve --room` runs on a 2-core Linux laptop
            return [*serve, "--workers", "2"]
        gunicorn = [sys.executable, "-m", "gunicorn", "-b", bind, "--timeout", "30", "--keep-alive", "5"]
        if self.kind == "gunicorn-gthread":
            return [*gunicorn, "-w", "2", "-k", "gthread", "--threads", "8", "trainer:create_app()"]
        return [*gunicorn, "-w", "4", "-k", "sync", "trainer:create_app()"]

    def start(self, wait: float = 30.0) -> Server:
        """Start the process and wait until /healthz answers."""
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the process's lifetime
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited: {self.log_path.read_text()[-2000:]}")
            if self.healthy():
                return self
            time.sleep(0.1)
        raise RuntimeError(f"{self.kind} did not answer within {wait:.0f} s")

    def healthy(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def cpu_seconds(self) -> float:
        """Return the user+system CPU time of the server and its children (Linux /proc)."""
        if self.process is None:
            return 0.0
        pids = _process_tree(self.process.pid)
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the server's whole process group and wait for it."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def new_prefix() -> str:
    return "beban" + uuid.uuid4().hex[:7]


def sqlite_url(directory: str) -> str:
    return f"sqlite:///{Path(directory) / 'latih.db'}"


# --- figures ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def latency_table(recorder: Recorder) -> list[tuple[str, int, int, float, float, float]]:
    """Return (endpoint, requests, errors, p50 ms, p95 ms, p99 ms) per endpoint."""
    names = sorted(set(recorder.latencies) | set(recorder.errors))
    return [
        (
            name,
            len(recorder.latencies.get(name, [])),
            recorder.errors.get(name, 0),
            percentile(recorder.latencies.get(name, []), 50) * 1000,
            percentile(recorder.latencies.get(name, []), 95) * 1000,
            percentile(recorder.latencies.get(name, []), 99) * 1000,
        )
        for name in names
    ]
