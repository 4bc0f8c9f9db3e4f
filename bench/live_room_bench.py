"""Time one live-room refresh on the demo data (30 trainees × 6 scenarios) and count its queries.

Usage: python bench/live_room_bench.py [--trainees N]
Builds a throwaway SQLite database, seeds the demo, adds trainees with attempts, then times the
fragment the live page fetches every few seconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=0, help="extra trainees beyond the demo's 30")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    from trainer import create_app
    from trainer.migrations import upgrade
    from trainer.models import BimtekSession, User
    from trainer.practice import services as practice

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        app = create_app(
            {"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False}
        )
        assert app.test_cli_runner().invoke(args=["seed-demo", "--password", "bench-password"]).exit_code == 0
        with app.app_context():
            from trainer.db import get_session
            from trainer.library import get_catalog

            session = get_session()
            bimtek = session.query(BimtekSession).filter_by(is_open=True).one()
            trainees = session.query(User).filter_by(role="trainee", cohort_id=bimtek.cohort_id).all()
            for n in range(args.trainees):
                trainees.append(
                    User(
                        username=f"bench{n}",
                        display_name=f"Bench {n}",
                        password_hash="x",
                        role="trainee",
                        cohort_id=bimtek.cohort_id,
                    )
                )
            session.add_all(trainees)
            session.flush()
            catalog = get_catalog()
            for i, trainee in enumerate(trainees):
                slug = bimtek.assignments[i % len(bimtek.assignments)].slug
                practice.create_attempt(session, trainee, catalog.get(slug), bimtek, seed=i)
            session.commit()
            bimtek_id, rows = bimtek.id, len(trainees) * len(bimtek.assignments)
        client = app.test_client()
        client.post("/masuk", data={"username": "pelatih", "password": "bench-password"})
        statements: list[str] = []
        engine = app.extensions["engine"]
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        client.get(f"/pelatih/sesi/{bimtek_id}/live/baris")
        queries = len(statements)
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(f"/pelatih/sesi/{bimtek_id}/live/baris")
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        print(f"rows: {rows}  queries per refresh (incl. login and access check): {queries}")
        print(
            f"refresh p50 {statistics.median(timings):.1f} ms  p95 {timings[int(0.95 * len(timings)) - 1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
