"""export-cohort / import-cohort: a whole cohort moves from SQLite to the target database intact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from trainer.auth.services import authenticate
from trainer.demo import COHORT
from trainer.models import Base, Review, User
from trainer.transfer import CORE, export_cohort

from . import factories
from .conftest import make_test_app


def _normalised(document: dict[str, Any]) -> dict[str, list[Any]]:
    """Replace ids and foreign keys by each row's rank in its table, so two databases compare."""
    tables = document["tables"]
    rank = {
        name: {row["id"]: i for i, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
        for name, rows in tables.items()
        if rows and "id" in rows[0]
    }
    out: dict[str, list[Any]] = {}
    for name, rows in tables.items():
        table = Base.metadata.tables[name]
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        normalised = []
        for row in rows:
            values = dict(row)
            if "id" in values:
                values["id"] = rank[name][row["id"]]
            for column, target in fks.items():
                if values.get(column) is not None:
                    values[column] = rank.get(target, {}).get(values[column], "outside")
            normalised.append(values)
        out[name] = sorted(normalised, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return out


@pytest.fixture
def source(tmp_path: Path, sqlite_template: Path) -> Any:
    """A laptop's SQLite database with the demo cohort, its history and a trainer's override."""
    path = tmp_path / "laptop.db"
    shutil.copy(sqlite_template, path)
    app = make_test_app(f"sqlite:///{path}")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", factories.PASSWORD])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db = app.extensions["session_factory"]()
        trainer = db.scalar(select(User).where(User.username == "pelatih"))
        attempt_id = db.execute(select(Base.metadata.tables["attempt"].c.id).limit(1)).scalar_one()
        db.add(
            Review(
                attempt_id=attempt_id,
                reviewer_id=trainer.id,
                criterion="empathy",
                points=2,
                reason="Empati jelas.",
            )
        )
        db.commit()
        db.close()
    yield app
    app.extensions["engine"].dispose()


def test_a_cohort_round_trips_row_for_row(source: Any, app: Any, tmp_path: Path) -> None:
    file = tmp_path / "kohort.json"
    out = source.test_cli_runner().invoke(args=["export-cohort", COHORT, str(file), "--with-passwords"])
    assert out.exit_code == 0, out.output
    exported = json.loads(file.read_text(encoding="utf-8"))
    assert all(exported["tables"][name] for name in CORE), {n: len(r) for n, r in exported["tables"].items()}

    result = app.test_cli_runner().invoke(args=["import-cohort", str(file)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        target = app.extensions["session_factory"]()
        again = export_cohort(target, COHORT, with_passwords=True)
        assert authenticate(target, "peserta1", factories.PASSWORD) is not None
        target.close()
    assert _normalised(again) == _normalised(exported)


def test_without_passwords_imported_people_must_get_a_new_one(source: Any, app: Any, tmp_path: Path) -> None:
    file = tmp_path / "kohort.json"
    assert source.test_cli_runner().invoke(args=["export-cohort", COHORT, str(file)]).exit_code == 0
    exported = json.loads(file.read_text(encoding="utf-8"))
    assert {u["password_hash"] for u in exported["tables"]["user_account"]} == {None}
    assert app.test_cli_runner().invoke(args=["import-cohort", str(file)]).exit_code == 0
    with app.app_context():
        target = app.extensions["session_factory"]()
        assert authenticate(target, "peserta1", factories.PASSWORD) is None
        target.close()


def test_importing_twice_is_refused_and_changes_nothing(source: Any, app: Any, tmp_path: Path) -> None:
    file = tmp_path / "kohort.json"
    assert source.test_cli_runner().invoke(args=["export-cohort", COHORT, str(file)]).exit_code == 0
    runner = app.test_cli_runner()
    assert runner.invoke(args=["import-cohort", str(file)]).exit_code == 0
    second = runner.invoke(args=["import-cohort", str(file)])
    assert second.exit_code == 1
    assert "sudah ada" in second.output
    assert "Traceback" not in second.output


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a JSON export"), ('{"format": "other"}', "bukan ekspor kohort")],
)
def test_a_bad_file_is_refused_with_a_message(app: Any, tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "x.json"
    file.write_text(content)
    result = app.test_cli_runner().invoke(args=["import-cohort", str(file)])
    assert result.exit_code == 1
    assert message in result.output


def test_exporting_an_unknown_cohort_says_so(app: Any, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["export-cohort", "Tidak Ada", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert "tidak ditemukan" in result.output
