"""flask commands through the CLI runner: scenarios check/list/schema, seed-demo, db upgrade."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from trainer.models import Attempt, BimtekSession, Cohort, Score, Turn, User

from .conftest import ROOT


def test_scenarios_check_passes_on_the_library(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["scenarios", "check"])
    assert result.exit_code == 0, result.output
    count = sum(1 for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "agencies.yaml")
    assert result.output.strip().splitlines()[-1].startswith(f"{count} valid scenario(s), 0 problem(s)")


def test_scenarios_check_reports_problems_and_fails(runner: FlaskCliRunner, tmp_path: Path) -> None:
    # a library scenario outside its form group (checked alone, a lone group member is reported)
    good = tmp_path / "ektp-belum-jadi.yaml"
    text = (ROOT / "scenarios" / "ektp-belum-jadi.yaml").read_text(encoding="utf-8")
    good.write_text(text.replace("form_group: adminduk-tertunda\n", ""), encoding="utf-8")
    bad = tmp_path / "rusak.yaml"
    bad.write_text(text.replace("difficulty: 1", "difficulty: 7"), encoding="utf-8")
    result = runner.invoke(args=["scenarios", "check", str(good), str(bad), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(
        line.startswith(f"{bad}:") and "difficulty: Input should be less than or equal to 3" in line
        for line in lines
    )
    assert any("missing.yaml:1: no such file or directory" in line for line in lines)
    assert lines[-1] == "1 valid scenario(s), 2 problem(s)"


def test_scenarios_list_json(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["scenarios", "list", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == sum(1 for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "agencies.yaml")
    assert {"slug", "title", "channel", "category", "difficulty", "tags", "owner"} <= set(rows[0])
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["kabel-pln-menjuntai"]["owner"] == "PLN"


def test_scenarios_schema_is_json_schema(runner: FlaskCliRunner) -> None:
    schema = json.loads(runner.invoke(args=["scenarios", "schema"]).output)
    assert schema["additionalProperties"] is False
    assert "ownership" in schema["properties"]


def test_seed_demo_is_idempotent_and_uses_the_given_password(
    app: Flask, runner: FlaskCliRunner, session
) -> None:
    first = runner.invoke(args=["seed-demo", "--password", "latihan-2026"])
    assert first.exit_code == 0, first.output
    assert "password: latihan-2026" in first.output
    second = runner.invoke(args=["seed-demo", "--password", "latihan-2026"])
    assert second.exit_code == 0
    assert "0 new accounts, 0 historical attempts" in second.output
    assert session.scalar(select(func.count()).select_from(User)) == 33
    assert session.scalar(select(func.count()).select_from(Cohort)) == 1
    sessions = session.scalars(select(BimtekSession).order_by(BimtekSession.starts_on)).all()
    assert [s.is_open for s in sessions] == [False, True]
    history = session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.session_id == sessions[0].id)
    )
    assert history == 90
    assert session.scalar(select(func.count()).select_from(Attempt).where(Attempt.total.is_(None))) == 0
    client = app.test_client()
    assert client.post("/masuk", data={"username": "peserta7", "password": "latihan-2026"}).status_code == 302


def test_demo_history_shows_the_habits_a_bimtek_removes(runner: FlaskCliRunner, session) -> None:
    """Weaker demo trainees slip into flagged habits, less after the first bimtek (the flag chart)."""
    assert runner.invoke(args=["seed-demo", "--password", "latihan-2026"]).exit_code == 0
    flagged: dict[int, set[str]] = {}
    share: dict[int, float] = {}
    sessions = session.scalars(select(BimtekSession).order_by(BimtekSession.starts_on)).all()
    for bimtek in sessions:
        rows = session.execute(
            select(Score.flags)
            .join(Turn, Turn.id == Score.turn_id)
            .join(Attempt, Attempt.id == Turn.attempt_id)
            .where(Attempt.session_id == bimtek.id)
        ).all()
        flagged[bimtek.id] = {flag for (flags,) in rows for flag in flags}
        share[bimtek.id] = sum(1 for (flags,) in rows if flags) / len(rows)
    first, second = (s.id for s in sessions)
    assert len(flagged[first]) >= 3  # several kinds of flag, not one
    assert 0.05 <= share[first] <= 0.25  # a slip now and then, not every reply
    assert share[second] < share[first]


def test_seed_demo_without_password_generates_and_prints_one(runner: FlaskCliRunner, app: Flask) -> None:
    result = runner.invoke(args=["seed-demo"])
    password = result.output.split("password: ")[1].strip()
    assert len(password) >= 10
    assert (
        app.test_client().post("/masuk", data={"username": "pelatih", "password": password}).status_code
        == 302
    )
