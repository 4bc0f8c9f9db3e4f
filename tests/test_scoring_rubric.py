"""The rubric file is validated when loaded; errors name the file and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scoring import Context, Rubric, RubricError, score
from scoring.rubric import DEFAULT_RUBRIC_PATH


def _write(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_packaged_rubric_loads() -> None:
    rubric = Rubric.load()
    assert rubric.version.startswith("rubric-")
    assert sum(rubric.weights.values()) == 100


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["criteria"]["greeting"].update(weight=30), "weights must add up to 100"),
        (lambda d: d["banks"].pop("salutation"), "missing banks: salutation"),
        (lambda d: d.update(unknown=1), "unknown: Extra inputs are not permitted"),
        (lambda d: d["banks"]["salutation"].append("selamat * *x"), "bad word"),
        (lambda d: d["criteria"].pop("empathy"), "criteria must be exactly"),
    ],
)
def test_invalid_rubric_is_refused_with_a_message(tmp_path: Path, mutate, message: str) -> None:
    with pytest.raises(RubricError, match=message):
        Rubric.load(_write(tmp_path, mutate))


def test_missing_rubric_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="cannot read rubric"):
        Rubric.load(tmp_path / "nope.yaml")


def test_a_trainer_can_extend_a_bank_without_code(tmp_path: Path) -> None:
    reply = "Punten Bapak, terima kasih atas laporannya."
    assert score(reply, Context()).points["greeting"] == 1
    extended = Rubric.load(_write(tmp_path, lambda d: d["banks"]["salutation"].append("punten")))
    assert score(reply, Context(), rubric=extended).points["greeting"] == 2
