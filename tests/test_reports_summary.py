"""The dashboard summary table equals the raw aggregation over attempts and reviews."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from scoring import CRITERIA, FLAGS
from trainer import events
from trainer.migrations import downgrade, upgrade
from trainer.models import (
    AttemptSummary,
    Review,
    SessionSlugStats,
    SessionUnitStats,
    TraineeSessionStats,
    utcnow,
)
from trainer.practice import services
from trainer.reports import queries
from trainer.reports.queries import Filters
from trainer.reports.summary import combined_total, rebuild_stats

from . import factories

pytestmark = pytest.mark.usefixtures("app_ctx")

REPLIES = [
    "Itu bukan wewenang kami.",
    "Selamat pagi Bapak, terima kasih atas laporannya. Mohon maaf atas ketidaknyamanannya. Boleh kami minta "
    "foto dan lokasi persisnya? Hari ini petugas kami mengecek ke lokasi. Perkembangannya kami kabarkan di "
    "kanal ini paling lambat 3 hari kerja.",
    "Makanya jangan lewat situ kalau hujan, salah sendiri.",
    "Terima kasih. Laporan akan kami teruskan ke dinas terkait. Nanti kami kabari.",
]
SLUGS = ["jalan-berlubang-soekarno-hatta", "pohon-tumbang-ijen"]


@pytest.fixture
def played(session: Session, catalog: Any) -> dict[str, Any]:
    """Six trainees, two sessions, attempts played through the real services; three reviews."""
    cohort = factories.make_cohort(session)
    first = factories.make_bimtek(session, cohort, SLUGS, is_open=False)
    second = factories.make_bimtek(session, cohort, SLUGS)
    units = [factories.make_unit(session, type=t) for t in ("opd", "kelurahan")]
    attempts = []
    for i in range(6):
        trainee = factories.make_user(session, "trainee", cohort=cohort, unit=units[i % 2])
        for s_index, bimtek in enumerate((first, second)):
            if i == 5 and s_index == 1:
                continue  # one trainee missed the second session
            for j, slug in enumerate(SLUGS):
                loaded = catalog.get(slug)
                now = utcnow() - timedelta(days=10 - s_index, minutes=i * 7 + j)
                attempt = services.create_attempt(session, trainee, loaded, bimtek, seed=i * 10 + j, now=now)
                reply = REPLIES[(i + j + s_index) % len(REPLIES)]
                services.submit_reply(session, attempt, reply, "r1", now=now + timedelta(seconds=40 + i * 9))
                owner = loaded.scenario.ownership
                agency = owner.owner if (i + j) % 3 else "DLH"
                services.finish_attempt(
                    session,
                    catalog.agencies,
                    attempt,
                    owner.action,
                    agency,
                    [],
                    now=now + timedelta(minutes=3),
                )
                attempts.append(attempt)
    trainer = factories.make_user(session, "trainer")
    for attempt, criterion, points in ((attempts[0], "empathy", 2), (attempts[3], "routing", 2),
                                       (attempts[0], "empathy", 1), (attempts[7], "verification", 0)):  # fmt: skip
        session.add(Review(attempt_id=attempt.id, reviewer_id=trainer.id, criterion=criterion, points=points,
                           reason="uji", created_at=utcnow()))  # fmt: skip
        session.flush()
        events.attempt_scored(session, attempt)
    session.commit()
    return {"cohort": cohort, "attempts": attempts}


RAW = """
SELECT a.id, a.session_id, a.total, a.route_verdict, CAST(a.result AS TEXT) AS result,
       {criteria},
       (SELECT r.points FROM review r WHERE r.attempt_id = a.id AND r.criterion = 'routing'
        ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS routing_review
FROM attempt a JOIN bimtek_session s ON s.id = a.session_id
WHERE s.cohort_id = :cohort AND a.state = 'finished'
"""


def raw_rows(session: Session, cohort_id: int) -> list[dict[str, Any]]:
    """Each attempt's points with the latest review in force, straight from attempt and review."""
    criteria = ", ".join(
        f"(SELECT r.points FROM review r WHERE r.attempt_id = a.id AND r.criterion = '{k}' "
        f"ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS review_{k}, a.{k}"
        for k in CRITERIA
    )
    return [
        dict(r)
        for r in session.execute(text(RAW.format(criteria=criteria)), {"cohort": cohort_id}).mappings()
    ]


def test_summary_equals_the_raw_aggregation(session: Session, played: dict[str, Any]) -> None:
    rows = raw_rows(session, played["cohort"].id)
    assert len(rows) == len(played["attempts"]) == 22
    expected: dict[int, dict[str, Any]] = {}
    for sid in {r["session_id"] for r in rows}:
        mine = [r for r in rows if r["session_id"] == sid]
        points = [
            {k: r[f"review_{k}"] if r[f"review_{k}"] is not None else r[k] for k in CRITERIA} for r in mine
        ]
        flags = [[f for f in FLAGS if f'"{f}"' in r["result"]] for r in mine]
        verdicts = [
            {2: "correct", 1: "acceptable", 0: "wrong"}[r["routing_review"]] if r["routing_review"] is not None
            else r["route_verdict"] for r in mine
        ]  # fmt: skip
        totals = [
            r["total"] if all(r[f"review_{k}"] is None for k in CRITERIA) and r["routing_review"] is None
            else combined_total(p, f, {"correct": 2, "acceptable": 1, "wrong": 0}[v])
            for r, p, f, v in zip(mine, points, flags, verdicts, strict=True)
        ]  # fmt: skip
        n = len(mine)
        expected[sid] = {
            "attempts": n,
            **{f"mean_{k}": sum(p[k] for p in points) / n for k in CRITERIA},
            **{f"share2_{k}": sum(p[k] == 2 for p in points) / n for k in CRITERIA},
            **{f"flag_{f}": sum(f in fl for fl in flags) / n for f in FLAGS},
            "route_correct": verdicts.count("correct") / n,
            "mean_total": sum(totals) / n,
        }
    got = {r["session_id"]: r for r in queries.session_rows(session, played["cohort"].id, Filters())}
    assert set(got) == set(expected)
    for sid, want in expected.items():
        assert {k: float(got[sid][k]) for k in want} == pytest.approx(want)
    # The data exercise what the summary must get right: reviews, flags, and routing of each kind.
    assert any(float(r["flag_blames_citizen"]) > 0 for r in got.values())
    assert any(0 < float(r["route_correct"]) < 1 for r in got.values())
    assert sum(int(r["reviewed"]) for r in got.values()) == 3


def _snapshot(session: Session) -> list[tuple[Any, ...]]:
    columns = [c for c in AttemptSummary.__table__.columns if c.name != "finished_at"]
    return [tuple(r) for r in session.execute(select(*columns).order_by(AttemptSummary.attempt_id)).all()]


def _rollups(session: Session) -> list[list[tuple[Any, ...]]]:
    """Every rollup row without its surrogate id, sorted."""
    tables = []
    for model in (SessionUnitStats, TraineeSessionStats, SessionSlugStats):
        columns = [c for c in model.__table__.columns if c.name != "id"]
        tables.append(sorted(tuple(r) for r in session.execute(select(*columns)).all()))
    return tables


def test_rollups_kept_per_event_equal_a_rebuild_from_the_whole_summary(
    session: Session, played: dict[str, Any]
) -> None:
    kept = _rollups(session)
    assert all(kept)
    rebuild_stats(session.connection())
    assert _rollups(session) == kept


def test_the_migration_backfills_the_same_summary_the_listener_keeps(
    app: Flask, session: Session, played: dict[str, Any]
) -> None:
    before, rollups = _snapshot(session), _rollups(session)
    assert len(before) == 22
    session.close()
    app.extensions["engine"].dispose()
    url = app.config["DATABASE_URL"]
    downgrade(url, "0004_training")
    upgrade(url)
    assert _snapshot(session) == before
    assert _rollups(session) == rollups
