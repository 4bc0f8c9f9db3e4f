"""The editor's form mirrors the scenario format: every field is on it, and form -> YAML -> form
loses nothing for any bundled scenario."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from trainer.authoring import forms
from trainer.catalog import AGENCY_FILE, parse_model, read_yaml
from trainer.scenario_schema import Scenario

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.name != AGENCY_FILE)


def _scenario(text: str) -> Scenario:
    scenario, _marks, problems = parse_model(Scenario, text, "x.yaml")
    assert problems == []
    return scenario


def _as_post(values: forms.Values) -> MultiDict[str, str]:
    """Turn form values into what a browser posts (checkboxes: one entry per ticked box)."""
    unticked = {path for path, spec in forms.all_specs() if spec.kind == "bool"}
    items: list[tuple[str, str]] = []
    for name, value in values.items():
        if isinstance(value, list):
            items += [(name, v) for v in value]
        elif not (name in unticked and value == ""):
            items.append((name, value))
    return MultiDict(items)


def test_every_field_of_the_format_is_on_the_form() -> None:
    assert sorted(p for p, _spec in forms.all_specs()) == sorted(forms.schema_paths())


def round_trip(data: dict[str, Any]) -> tuple[forms.Values, dict[str, Any], str]:
    values = forms.values_from_data(data)
    posted = forms.values_from_form(_as_post(values))
    back = forms.data_from_values(posted)
    return values, back, forms.dump_yaml(back)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_form_yaml_form_round_trip_is_lossless(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data, _marks = read_yaml(text, str(path))
    values, back, yaml_text = round_trip(data)
    assert _scenario(yaml_text) == _scenario(text)
    again, _marks = read_yaml(yaml_text, "again.yaml")
    assert forms.values_from_data(again) == values


def _every_field(data: dict[str, Any]) -> dict[str, Any]:
    """A bundled scenario with every optional field of the format filled in."""
    full = copy.deepcopy(data)
    full.update(
        free_practice=False,
        form_group="jalan-rusak",
        needs=["acknowledged", "facts", "safety"],
        interim_measures=["rambu sementara", "jalur alternatif"],
        safety_terms=["jauhi lubang", "pasang tanda"],
    )
    full["tags"] = ["uji", "lengkap"]
    citizen = full["citizen"]
    citizen["persona"]["traits"] = ["elderly", "confused_by_jargon"]
    citizen["persona"]["description"] = "Warga lansia."
    citizen.update(anonymity="rahasia", kelurahan="Dinoyo", city="Kota Batu")
    full["opening"].update(
        received_minutes_ago=45,
        context={
            "ticket_prefix": "SMB-",
            "status": "Diproses",
            "platform": "instagram",
            "public_thread": False,
            "line": "Call Center 112",
            "place": "Loket",
        },
    )
    reactions = full["reactions"]
    for trigger in ("impolite", "discloses_identity", "confused", "repeated"):
        reactions[trigger] = {"mood": 1, "say": [f"{trigger} satu", f"{trigger} dua"]}
    full["end"].update(max_turns=4, gave_up=["Sudahlah.", "Saya lapor ke tempat lain saja."])
    full["ownership"].update(acceptable=["DLH"], coordinate=["DLH", "PLN"])
    return full


def _paths(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {p for k, v in data.items() for p in _paths(v, f"{prefix}{k}.")}
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return {p for item in data for p in _paths(item, prefix)}
    return {prefix.rstrip(".")}


def test_round_trip_keeps_every_optional_field() -> None:
    data, _marks = read_yaml(FILES[0].read_text(encoding="utf-8"), "x.yaml")
    full = _every_field(data)
    assert set(forms.schema_paths()) <= _paths(full)  # the sample really sets every field
    original = Scenario.model_validate(full)
    _values, back, yaml_text = round_trip(full)
    assert Scenario.model_validate(back) == original
    assert _scenario(yaml_text) == original


def test_blank_values_give_an_empty_fact_row_and_the_formats_defaults() -> None:
    values = forms.blank_values()
    assert values["facts.0.key"] == ""
    assert values["end.max_turns"] == "6"
    assert values["free_practice"] == "1"
    assert forms.data_from_values(values) == {}  # defaults and blank rows are not written out


def test_add_and_remove_fact_rows_renumber_them() -> None:
    values = forms.add_row(forms.add_row(forms.blank_values(), "facts"), "facts")
    values["facts.0.key"], values["facts.1.key"], values["facts.2.key"] = "a", "b", "c"
    values = forms.remove_row(values, "facts", 1)
    assert forms.row_indices(values, "facts") == [0, 1]
    assert (values["facts.0.key"], values["facts.1.key"]) == ("a", "c")


def test_a_wholly_blank_fact_row_is_dropped_but_a_partial_one_is_kept() -> None:
    values = forms.add_row(forms.blank_values(), "facts")
    values["facts.1.label"] = "Titik"
    assert forms.data_from_values(values)["facts"] == [{"label": "Titik"}]


def test_values_that_are_not_numbers_reach_the_schema_unchanged() -> None:
    values = forms.blank_values()
    values["difficulty"] = "tiga"
    assert forms.data_from_values(values)["difficulty"] == "tiga"


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("citizen.mood", "citizen.mood"),
        ("facts.1.asked_by.0", "facts.1.asked_by"),
        ("reactions.calmed.say.list[constrained-str]", "reactions.calmed.say"),
        ("reactions.calmed", "reactions.calmed.mood"),  # a missing object: its first field
        ("ownership.coordinate.2", "ownership.coordinate"),
        ("", None),
    ],
)
def test_problem_keys_map_to_form_fields(key: str, field: str | None) -> None:
    values = forms.add_row(forms.blank_values(), "facts")
    assert forms.field_for(key, forms.field_names(values)) == field


def test_unknown_yaml_keys_are_named_before_switching_to_the_form() -> None:
    data = {
        "title": "x",
        "citizen": {"persona": {"hobby": "catur"}},
        "facts": [{"key": "a", "extra": 1}],
        "zz": 1,
    }
    assert forms.unknown_keys(data) == ["citizen.persona.hobby", "facts.0.extra", "zz"]


def test_items_spanning_several_lines_are_named_before_switching_to_the_form() -> None:
    data, _marks = read_yaml(FILES[0].read_text(encoding="utf-8"), "x.yaml")
    assert forms.multiline_items(data) == []
    data["reactions"]["vague"]["say"] = ["Satu baris.", "Dua\nbaris."]
    data["facts"][0]["asked_by"] = ["di\nmana"]
    data["end"]["resolved"] = "Satu kalimat\nyang dipecah."  # the form would read two wordings
    data["model_answer"] = "Paragraf satu.\n\nParagraf dua."  # a text box keeps its lines
    assert forms.multiline_items(data) == ["facts.0.asked_by", "reactions.vague.say", "end.resolved"]
