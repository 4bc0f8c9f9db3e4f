"""The scenario loader reports every problem as path:line: key.path: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.catalog import check_scenario_file, load_agencies, load_catalog

from .conftest import ROOT

SCENARIO_DIR = ROOT / "scenarios"
AGENCIES, _ = load_agencies(SCENARIO_DIR)
GOOD = (SCENARIO_DIR / "ektp-belum-jadi.yaml").read_text(encoding="utf-8")


def _check(tmp_path: Path, text: str, name: str = "uji.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario_file(path, AGENCIES)
    assert (loaded is None) == bool(problems)
    return [str(p) for p in problems]


def test_good_file_has_no_problem(tmp_path: Path) -> None:
    assert _check(tmp_path, GOOD) == []


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("difficulty: 1", "difficulty: [1", 1)
    problems = _check(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'uji.yaml'}:")
    assert "invalid YAML" in problems[0]


def test_wrong_type_names_line_and_key(tmp_path: Path) -> None:
    text = GOOD.replace("difficulty: 1", "difficulty: sulit")
    line = text.splitlines().index("difficulty: sulit") + 1
    assert _check(tmp_path, text) == [
        f"{tmp_path / 'uji.yaml'}:{line}: difficulty: Input should be a valid integer, unable to parse string as an integer"
    ]


def test_wrong_choice_in_a_nested_key(tmp_path: Path) -> None:
    text = GOOD.replace("  mood: irritated", "  mood: sedih")
    line = text.splitlines().index("  mood: sedih") + 1
    (problem,) = _check(tmp_path, text)
    assert problem.startswith(
        f"{tmp_path / 'uji.yaml'}:{line}: citizen.mood: Input should be 'calm', 'irritated', 'angry' or 'furious'"
    )


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("estimated_minutes: 6", "estimated_minutes: 6\nestimasi_menit: 6")
    line = text.splitlines().index("estimasi_menit: 6") + 1
    assert _check(tmp_path, text) == [
        f"{tmp_path / 'uji.yaml'}:{line}: estimasi_menit: unknown key (check its spelling against scenarios/README.md)"
    ]


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("estimated_minutes: 6", "estimated_minutes: 6\ndifficulty: 2")
    line = text.splitlines().index("difficulty: 2") + 1
    assert _check(tmp_path, text) == [
        f"{tmp_path / 'uji.yaml'}:{line}: difficulty: duplicate key 'difficulty' (first given above)"
    ]


def test_unknown_agency_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("owner: DISPENDUKCAPIL", "owner: DUKCAPIL")
    line = text.splitlines().index("  owner: DUKCAPIL") + 1
    assert _check(tmp_path, text) == [
        f"{tmp_path / 'uji.yaml'}:{line}: ownership.owner: unknown agency code 'DUKCAPIL' (see agencies.yaml)"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = (
        GOOD.replace("difficulty: 1", "difficulty: 9")
        .replace("channel: lapor", "channel: telegram")
        .replace("owner: DISPENDUKCAPIL", "owner: NOPE")
    )
    problems = _check(tmp_path, text)
    assert any("difficulty:" in p for p in problems)
    assert any("channel:" in p for p in problems)
    text2 = GOOD.replace("title: e-KTP", "judul: e-KTP")
    assert len(_check(tmp_path, text2)) == 2  # the unknown key and the missing title


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    problems = _check(tmp_path, bomb)
    assert any("anchors and aliases" in p for p in problems)


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = GOOD.replace(
        "category: Administrasi kependudukan", f"category: !!python/object/apply:os.system ['touch {marker}']"
    )
    problems = _check(tmp_path, text)
    assert any("unsupported YAML tag" in p or "invalid YAML" in p for p in problems)
    assert not marker.exists()


def test_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("Mohon bantuannya.", "Mohon bantuannya, {nama}.")
    (problem,) = _check(tmp_path, text)
    assert "opening.text: Value error, unknown placeholder {nama}" in problem


@pytest.mark.parametrize("name", ["Bad Name.yaml", "UPPER.yaml"])
def test_file_name_must_be_a_slug(tmp_path: Path, name: str) -> None:
    (problem,) = _check(tmp_path, GOOD, name)
    assert "the file name is the slug" in problem


def test_a_broken_file_does_not_hide_the_valid_ones(tmp_path: Path) -> None:
    (tmp_path / "agencies.yaml").write_text(
        (SCENARIO_DIR / "agencies.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "baik.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "rusak.yaml").write_text("title: [", encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert list(catalog.scenarios) == ["baik"]
    assert list(catalog.broken) == ["rusak"]
