"""The rubric file is validated when loaded; errors name the file and what is wrong."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from scoring import Context, Rubric, RubricError, criteria, flags, score
from scoring.matcher import RULE_BANKS, required_banks
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
    reply = "Tabea Bapak, terima kasih atas laporannya."
    assert score(reply, Context()).points["greeting"] == 1
    extended = Rubric.load(_write(tmp_path, lambda d: d["banks"]["salutation"].append("tabea")))
    assert score(reply, Context(), rubric=extended).points["greeting"] == 2


REQUIRED = required_banks()


@pytest.mark.parametrize("bank", sorted(REQUIRED))
def test_deleting_a_bank_a_rule_reads_is_refused_naming_it(tmp_path: Path, bank: str) -> None:
    path = _write(tmp_path, lambda d: d["banks"].pop(bank))
    with pytest.raises(RubricError, match=rf"missing banks: {bank} \(used by "):
        Rubric.load(path)


def _literal_banks_by_rule(module: ModuleType) -> dict[str, set[str]]:
    """Read the bank names each function passes to find/positive/in_sentence, from the source.

    Under mutmut the module also holds its generated copies of each function (`x_<name>__mutmut_1`,
    ...); they are skipped, so this test reads the same functions with or without mutmut and cannot
    fail because a mutant exists (the function under its own name keeps the original body).
    """
    tree = ast.parse(inspect.getsource(module))
    found: dict[str, set[str]] = {}
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef) or (fn.name.startswith("x_") and "__mutmut" in fn.name):
            continue
        for node in ast.walk(fn):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"find", "positive", "in_sentence"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(f"{module.__name__.rsplit('.', 1)[-1]}.{fn.name}", set()).add(
                    node.args[0].value
                )
    return found


@pytest.mark.parametrize("module", [criteria, flags], ids=["criteria", "flags"])
def test_every_bank_a_rule_reads_is_declared_by_that_rule(module: ModuleType) -> None:
    for rule, banks in _literal_banks_by_rule(module).items():
        assert rule in RULE_BANKS, f"{rule} reads banks but has no uses({rule.split('.')[1]}, ...)"
        undeclared = banks - RULE_BANKS[rule]
        assert not undeclared, f"{rule} reads {sorted(undeclared)} without declaring them in uses(...)"


def test_a_freshly_loaded_copy_scores_exactly_like_the_packaged_rubric(tmp_path: Path) -> None:
    """Every part of the compiled rubric matters: a copy loaded from another file scores the same."""
    copy = Rubric.load(_write(tmp_path, lambda d: None))
    assert copy.source == str(tmp_path / "rubric.yaml")
    text = (Path(__file__).parent / "data" / "labelled.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    for row in rows:
        context = Context(complaint=row["complaint"], channel=row["channel"])
        packaged, fresh = score(row["response"], context), score(row["response"], context, rubric=copy)
        assert fresh.to_dict() == packaged.to_dict(), row["id"]
    typo = "Selamat pagi Bapak, mohon maaf atas ketidaknyamanannya, kami akan segra mengirim petugas."
    assert score(typo, Context(), rubric=copy).points == score(typo, Context()).points


def test_rubric_errors_name_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda d: d["banks"]["salutation"].append("selamat * *x"))
    with pytest.raises(RubricError, match=rf"^{tmp_path}/rubric.yaml: banks"):
        Rubric.load(path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("criteria: [unclosed\n", encoding="utf-8")
    with pytest.raises(RubricError, match=rf"^{broken}: invalid YAML"):
        Rubric.load(broken)


def test_each_problem_of_a_rubric_is_named_by_where_it_is(tmp_path: Path) -> None:
    def two_problems(d: dict) -> None:
        d["criteria"]["greeting"]["weight"] = "banyak"
        d["unknown"] = 1

    with pytest.raises(RubricError) as raised:
        Rubric.load(_write(tmp_path, two_problems))
    problems = str(raised.value).split(": ", 1)[1].split("; ")
    assert [p.split(": ")[0] for p in problems] == ["criteria.greeting.weight", "unknown"]
    with pytest.raises(RubricError, match=r"rubric.yaml: \(top\): .*weights must add up to 100"):
        Rubric.load(_write(tmp_path, lambda d: d["criteria"]["greeting"].update(weight=30)))


def test_the_total_uses_the_weights_of_the_rubric_given(tmp_path: Path) -> None:
    def reweigh(d: dict) -> None:
        d["criteria"]["greeting"]["weight"] += 10
        d["criteria"]["interim_solution"]["weight"] -= 10

    custom = Rubric.load(_write(tmp_path, reweigh))
    reply = "Selamat pagi Bapak, saya Dimas dari Dishub."
    packaged, reweighed = score(reply, Context()), score(reply, Context(), rubric=custom)
    assert packaged.points["greeting"] == reweighed.points["greeting"] == 2
    assert reweighed.total == packaged.total + 10
