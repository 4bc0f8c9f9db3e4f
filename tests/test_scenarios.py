"""Every scenario file is valid, and its model answer earns full marks on the rubric."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import score
from trainer.catalog import check_scenario_file, load_agencies, load_catalog
from trainer.identity import fill, render_citizen
from trainer.practice.conversation import scoring_context
from trainer.scenario_schema import CHANNELS

from .conftest import ROOT

SCENARIO_DIR = ROOT / "scenarios"
FILES = sorted(p for p in SCENARIO_DIR.glob("*.yaml") if p.name != "agencies.yaml")
AGENCIES, AGENCY_PROBLEMS = load_agencies(SCENARIO_DIR)


def test_agency_catalogue_is_valid_and_covers_city_and_non_city_bodies() -> None:
    assert AGENCY_PROBLEMS == []
    assert any(a.city_owned for a in AGENCIES.values())
    assert {"PLN", "PDAM", "BBPJN"} <= set(AGENCIES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_scenario_is_valid_and_its_model_answer_scores_full_marks(path: Path) -> None:
    loaded, problems = check_scenario_file(path, AGENCIES)
    assert problems == [], "\n".join(str(p) for p in problems)
    assert loaded is not None
    scenario = loaded.scenario
    citizen = render_citizen(scenario, seed=1)
    opening = fill(scenario.opening.text, citizen)
    for fact in scenario.facts:
        fill(fact.reveal, citizen)  # every placeholder renders
    result = score(scenario.model_answer, scoring_context(scenario, opening))
    assert result.points == {k: 2 for k in result.points}, result.points
    assert not result.flags


def test_library_meets_the_coverage_the_bimtek_needs() -> None:
    catalog = load_catalog(SCENARIO_DIR)
    scenarios = [s.scenario for s in catalog.scenarios.values()]
    assert not catalog.broken
    assert len(scenarios) >= 16
    for channel in CHANNELS:
        assert sum(s.channel == channel for s in scenarios) >= 2, channel
    owners = {s.ownership.owner for s in scenarios}
    wanted = {
        "DPUPR-PKP",
        "DISHUB",
        "SATPOLPP",
        "DISPENDUKCAPIL",
        "DLH",
        "BPBD",
        "DINSOS",
        "DINKES",
        "PKM-DINOYO",
    }
    assert len(owners & wanted) + any(o.startswith("KEL-") for o in owners) >= 8
    assert sum("ambiguous_ownership" in s.tags for s in scenarios) >= 4
    assert sum("difficult_citizen" in s.tags for s in scenarios) >= 4
    assert sum("budget_planning" in s.tags for s in scenarios) >= 2
    outside = [s for s in scenarios if not AGENCIES[s.ownership.owner].city_owned]
    assert outside
    assert all(s.ownership.action == "bukan_wewenang" for s in outside)
