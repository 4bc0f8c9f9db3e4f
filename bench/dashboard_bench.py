"""Benchmark the Diskominfo dashboards on a national-scale cohort, in SQLite and PostgreSQL.

Generates (Faker, bulk inserts, not the ORM per row) one cohort of --trainees trainees in --units
units with --sessions bimtek sessions and --per-session finished attempts per trainee and session
(default 10,000 × 10 × 5 = 500,000 attempts with points, routing and flags, and their summary rows),
then serves the pages through the whole Flask stack (test client, logged in as the reviewer) and
prints the median of --runs timings of: the cohort overview, the per-unit view, the progress view
between two sessions, the XLSX export of the overview and per-unit sheets, and a trivial
`SELECT 1` page served the same way.

Run:  python bench/dashboard_bench.py [--trainees 10000] [--runs 5] [--sqlite-only]
PostgreSQL is used when TEST_DATABASE_URL is set (a throwaway database is created and dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faker import Faker  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from scoring import CRITERIA, FLAGS  # noqa: E402
from trainer import create_app  # noqa: E402
from trainer.auth.services import hash_password  # noqa: E402
from trainer.db import get_session  # noqa: E402
from trainer.migrations import upgrade  # noqa: E402
from trainer.reports.summary import combined_total, rebuild_stats  # noqa: E402

PASSWORD = "bench-password-123"
UNIT_TYPES = ("opd", "kelurahan", "kecamatan", "puskesmas")
VERDICTS = ("correct", "acceptable", "wrong")
ATTEMPT_COLUMNS = (
    "id", "trainee_id", "scenario_version_id", "session_id", "seed", "state", "mood", "revealed",
    "route_coordinate", "route_verdict", "route_points", *CRITERIA, "communication", "total", "result",
    "started_at", "finished_at", "version",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "attempt_id", "cohort_id", "session_id", "trainee_id", "unit_id", "slug", *CRITERIA, "route_verdict",
    "total", "reviewed", *FLAGS, "first_reply_seconds", "finished_at",
)  # fmt: skip


def _stamp(value: datetime, sqlite: bool) -> Any:
    # SQLAlchemy's SQLite DATETIME storage format; PostgreSQL takes the aware datetime.
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value


def generate(url: str, trainees: int, units: int, sessions: int, per_session: int) -> dict[str, Any]:
    """Fill a migrated database with the cohort; return counts and how long it took."""
    started = time.perf_counter()
    sqlite = url.startswith("sqlite")
    fake = Faker("id_ID")
    fake.seed_instance(500)
    rng = random.Random(500)
    engine = create_engine(url)
    password_hash = hash_password(PASSWORD)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cohort (id, name, city, created_at) VALUES (1, 'Kohort Nasional', 'Indonesia', :t)"
            ),
            {"t": _stamp(now, sqlite)},
        )
        unit_rows = [
            {
                "id": i + 1,
                "code": f"U{i + 1:04d}",
                "name": f"{fake.city()} {i + 1}",
                "type": UNIT_TYPES[i % 4],
            }
            for i in range(units)
        ]
        conn.execute(
            text("INSERT INTO unit (id, code, name, type) VALUES (:id, :code, :name, :type)"), unit_rows
        )
        session_rows, assignment_rows, version_rows = [], [], []
        for s in range(sessions):
            starts = date(2025, 1, 6) + timedelta(weeks=5 * s)
            session_rows.append({"id": s + 1, "title": f"Bimtek {s + 1}", "starts_on": starts,
                                 "ends_on": starts + timedelta(days=1), "code": f"NAS{s + 1:04d}",
                                 "t": _stamp(now, sqlite)})  # fmt: skip
            for p in range(per_session):
                slug = f"skenario-{s + 1}-{p + 1}"
                assignment_rows.append({"session_id": s + 1, "slug": slug, "position": p})
                version_rows.append(
                    {"id": len(version_rows) + 1, "slug": slug, "hash": slug, "t": _stamp(now, sqlite)}
                )
        conn.execute(
            text("INSERT INTO bimtek_session (id, cohort_id, title, starts_on, ends_on, join_code, is_open, "
                 "allow_self_join, created_at) VALUES (:id, 1, :title, :starts_on, :ends_on, :code, false, false, :t)"),
            session_rows,
        )  # fmt: skip
        conn.execute(
            text("INSERT INTO session_scenario (session_id, slug, position, required) "
                 "VALUES (:session_id, :slug, :position, true)"),
            assignment_rows,
        )  # fmt: skip
        conn.execute(
            text("INSERT INTO scenario_version (id, slug, content_hash, yaml_text, title, created_at) "
                 "VALUES (:id, :slug, :hash, '{}', :slug, :t)"),
            version_rows,
        )  # fmt: skip
        user_rows = [{"id": 1, "username": "reviewer", "name": "Reviewer Diskominfo", "role": "reviewer",
                      "unit": None, "cohort": None, "hash": password_hash, "t": _stamp(now, sqlite)}]  # fmt: skip
        skills = {}
        for i in range(trainees):
            user_id = i + 2
            skills[user_id] = rng.random()
            user_rows.append({"id": user_id, "username": f"peserta{i + 1}", "name": fake.name(), "role": "trainee",
                              "unit": i % units + 1, "cohort": 1, "hash": password_hash, "t": _stamp(now, sqlite)})  # fmt: skip
        conn.execute(
            text("INSERT INTO user_account (id, username, display_name, password_hash, role, unit_id, cohort_id, "
                 "active, created_at) VALUES (:id, :username, :name, :hash, :role, :unit, :cohort, true, :t)"),
            user_rows,
        )  # fmt: skip
        conn.execute(
            text(
                "INSERT INTO cohort_member (cohort_id, user_id, role, created_at) VALUES (1, 1, 'reviewer', :t)"
            ),
            {"t": _stamp(now, sqlite)},
        )

    def rows() -> Iterable[tuple[tuple[Any, ...], tuple[Any, ...]]]:
        attempt_id = 0
        for s in range(sessions):  # session by session, as real data arrives (keeps index inserts local)
            for user_id, skill in skills.items():
                unit_id = (user_id - 2) % units + 1
                level = min(0.95, skill * 0.7 + 0.03 * s)
                for p in range(per_session):
                    attempt_id += 1
                    points = {k: min(2, int(rng.random() * 2.2 + level)) for k in CRITERIA}
                    flags = [f for f in FLAGS if rng.random() < 0.08 * (1 - level)]
                    verdict = VERDICTS[0 if rng.random() < level + 0.3 else 1 if rng.random() < 0.5 else 2]
                    routing = {"correct": 2, "acceptable": 1, "wrong": 0}[verdict]
                    total = combined_total(points, flags, routing)
                    begin = datetime(2025, 1, 6, 8, tzinfo=UTC) + timedelta(
                        weeks=5 * s, minutes=p * 30 + user_id % 60
                    )
                    end = begin + timedelta(minutes=12)
                    result = json.dumps({"points": points, "flags": flags, "communication": total})
                    attempt = (attempt_id, user_id, s * per_session + p + 1, s + 1, attempt_id, "finished", 0, "[]",
                               "[]", verdict, routing, *points.values(), total, total, result, _stamp(begin, sqlite),
                               _stamp(end, sqlite), 1)  # fmt: skip
                    summary = (attempt_id, 1, s + 1, user_id, unit_id, f"skenario-{s + 1}-{p + 1}", *points.values(),
                               verdict, total, False, *[f in flags for f in FLAGS], 20 + int(rng.random() * 200),
                               _stamp(end, sqlite))  # fmt: skip
                    yield attempt, summary

    total_attempts = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if sqlite:
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB for the bulk load's index pages
            cursor.execute("PRAGMA synchronous=OFF")
        batch_a: list[tuple[Any, ...]] = []
        batch_s: list[tuple[Any, ...]] = []

        def flush() -> None:
            if sqlite:
                cursor.executemany(f"INSERT INTO attempt ({', '.join(ATTEMPT_COLUMNS)}) VALUES "
                                   f"({', '.join('?' * len(ATTEMPT_COLUMNS))})", batch_a)  # fmt: skip
                cursor.executemany(f"INSERT INTO attempt_summary ({', '.join(SUMMARY_COLUMNS)}) VALUES "
                                   f"({', '.join('?' * len(SUMMARY_COLUMNS))})", batch_s)  # fmt: skip
            else:
                with cursor.copy(f"COPY attempt ({', '.join(ATTEMPT_COLUMNS)}) FROM STDIN") as copy:
                    for row in batch_a:
                        copy.write_row(row)
                with cursor.copy(f"COPY attempt_summary ({', '.join(SUMMARY_COLUMNS)}) FROM STDIN") as copy:
                    for row in batch_s:
                        copy.write_row(row)
            batch_a.clear()
            batch_s.clear()

        for attempt, summary in rows():
            batch_a.append(attempt)
            batch_s.append(summary)
            total_attempts += 1
            if len(batch_a) >= 50_000:
                flush()
        flush()
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        rebuild_stats(conn)  # the rollups the event listener keeps, added up once after the bulk load
    with engine.begin() as conn:
        if sqlite:
            conn.execute(text("ANALYZE"))
        else:
            for table in (
                "attempt",
                "attempt_summary",
                "user_account",
                "unit",
                "bimtek_session",
                "session_scenario",
            ):
                conn.execute(text(f"ANALYZE {table}"))
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('attempt', 'id'), (SELECT MAX(id) FROM attempt))")
            )
    engine.dispose()
    return {"attempts": total_attempts, "seconds": time.perf_counter() - started}


def median_time(call: Callable[[], Any], runs: int) -> float:
    """Return the median wall time of `runs` calls, after one warm-up call."""
    call()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(url: str, runs: int) -> list[tuple[str, float]]:
    """Serve each page through the whole Flask stack and return (name, median seconds)."""
    app = create_app(
        {"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False}
    )

    @app.get("/bench/select1")
    def select_one() -> str:
        get_session().execute(text("SELECT 1"))
        return "ok"

    client = app.test_client()
    response = client.post("/masuk", data={"username": "reviewer", "password": PASSWORD})
    assert response.status_code == 302, response.status_code

    def get(path: str) -> Callable[[], None]:
        def call() -> None:
            r = client.get(path)
            if r.status_code != 200:
                raise SystemExit(f"{path}: HTTP {r.status_code}")

        return call

    pages: Sequence[tuple[str, str]] = (
        ("trivial SELECT 1 page", "/bench/select1"),
        ("cohort overview", "/laporan/kohort/1/"),
        ("per-unit view", "/laporan/kohort/1/unit"),
        ("progress view (session 1 vs 10)", "/laporan/kohort/1/kemajuan"),
        (
            "XLSX export (overview + per-unit sheets)",
            "/laporan/kohort/1/ekspor.xlsx?lembar=overview&lembar=units",
        ),
    )
    results = [(name, median_time(get(path), runs)) for name, path in pages]
    app.extensions["engine"].dispose()
    return results


def run(label: str, url: str, args: argparse.Namespace) -> None:
    upgrade(url)
    made = generate(url, args.trainees, args.units, args.sessions, args.per_session)
    print(f"\n{label}: generated {made['attempts']:,} attempts in {made['seconds']:.1f} s")
    for name, seconds in measure(url, args.runs):
        print(f"  {name:<44} {seconds * 1000:9.1f} ms (median of {args.runs})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--per-session", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--keep", type=Path, help="generate the SQLite database here and keep it")
    args = parser.parse_args()
    print(f"cohort: {args.trainees:,} trainees, {args.units} units, {args.sessions} sessions, "
          f"{args.per_session} attempts per trainee and session; CPU count {os.cpu_count()}")  # fmt: skip
    if args.keep:
        run("SQLite", f"sqlite:///{args.keep}", args)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run("SQLite", f"sqlite:///{folder}/bench.db", args)
    server = os.environ.get("TEST_DATABASE_URL")
    if server and not args.sqlite_only:
        name = f"latih_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("PostgreSQL", make_url(server).set(database=name).render_as_string(hide_password=False), args)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
