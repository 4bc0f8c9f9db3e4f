"""Every scenario of the library, played by three kinds of admin (new files are covered automatically)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from trainer.catalog import load_catalog
from trainer.identity import fill, render_citizen
from trainer.practice.conversation import play
from trainer.practice.grading import CHANNEL_DEADLINE, CHANNEL_NEWS, URGENT_DEADLINE, model_sentence, urgent
from trainer.scenario_schema import Scenario

from .conftest import ROOT

SCENARIO_DIR = ROOT / "scenarios"
FILES = sorted(p for p in SCENARIO_DIR.glob("*.yaml") if p.name != "agencies.yaml")
SEEDS = (1, 2, 3)
TEMPLATE = (
    "Selamat pagi, terima kasih atas laporannya. Mohon maaf atas ketidaknyamanannya. Laporan Anda akan "
    "segera kami tindak lanjuti dan teruskan ke OPD terkait. Mohon ditunggu informasi selanjutnya."
)
REFUSAL = "Mohon maaf, itu bukan wewenang kami. Silakan lapor sendiri ke instansi yang berwenang."
UNRELATED = "Apakah Anda suka menonton sepak bola?"


@cache
def _catalog():
    return load_catalog(SCENARIO_DIR)


def _scenario(path: Path) -> Scenario:
    loaded = _catalog().get(path.stem)
    assert loaded is not None, _catalog().broken.get(path.stem)
    return loaded.scenario


def _question(term: str) -> str:
    return f"Boleh kami tahu {term} yang dimaksud?"


def _agency_name(scenario: Scenario) -> str:
    name = _catalog().agencies[scenario.ownership.owner].name
    return re.sub(r"\s*\([^)]*\)", "", name)


def good_admin(scenario: Scenario, seed: int) -> list[str]:
    """Greet, empathise (the model answer's own words) and ask; then a step; then news with a deadline."""
    citizen = render_citizen(scenario, seed)
    opening = fill(scenario.opening.text, citizen)
    empathy = model_sentence(scenario, opening, "empathy")
    first = [
        f"Selamat pagi {citizen.honorific}, saya Rina, admin pengaduan. Terima kasih atas laporannya.",
        empathy,
    ]
    if "safety" in scenario.needs:
        safety = (
            scenario.safety_terms[0] if scenario.safety_terms else "menjauh dan tetap di tempat yang aman"
        )
        first.insert(1, f"Untuk sekarang, mohon {citizen.honorific} {safety}.")
    if scenario.facts:
        first.append(_question(scenario.facts[0].asked_by[0]))
    measure = scenario.interim_measures[0] if scenario.interim_measures else "pengecekan ke lokasi"
    step = (
        f"Hari ini juga petugas {_agency_name(scenario)} kami minta menyiapkan {measure} untuk "
        f"{citizen.honorific}."
    )
    deadline = URGENT_DEADLINE if urgent(scenario) else CHANNEL_DEADLINE[scenario.channel]
    news = f"Perkembangannya kami kabarkan melalui {CHANNEL_NEWS[scenario.channel]} {deadline}."
    return [" ".join(first), step, news]


@pytest.fixture(scope="module")
def good_results() -> dict[str, str | None]:
    results = {}
    for path in FILES:
        scenario = _scenario(path)
        for seed in SEEDS:
            results[f"{path.stem}@{seed}"] = play(scenario, seed, good_admin(scenario, seed)).end_reason
    return results


def test_a_step_by_step_good_admin_resolves_most_scenarios(good_results) -> None:
    resolved = [k for k, v in good_results.items() if v == "resolved"]
    failing = {k: v for k, v in good_results.items() if v != "resolved"}
    assert len(resolved) >= 0.8 * len(good_results), failing


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_pasted_template_never_resolves(path: Path) -> None:
    scenario = _scenario(path)
    for seed in SEEDS:
        conversation = play(scenario, seed, [TEMPLATE] * 3)
        assert conversation.end_reason != "resolved"
        assert [s.trigger for s in conversation.steps][1:2] == ["repeated"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_defensive_refusal_never_resolves_and_angers(path: Path) -> None:
    scenario = _scenario(path)
    for seed in SEEDS:
        conversation = play(scenario, seed, [REFUSAL] * 3)
        assert conversation.end_reason != "resolved"
        assert conversation.mood > conversation.start_mood or conversation.start_mood == 3
        assert conversation.steps[0].trigger == "rejects_ownership"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_fact_is_revealed_by_its_own_question_only(path: Path) -> None:
    scenario = _scenario(path)
    for fact in scenario.facts:
        revealed = {t: play(scenario, 1, [_question(t)]).revealed for t in fact.asked_by}
        own = [t for t, keys in revealed.items() if keys == (fact.key,)]
        assert own, f"{fact.key}: no question from {fact.asked_by} reveals it alone: {revealed}"
    assert play(scenario, 1, [UNRELATED]).revealed == ()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_model_answer_earns_full_marks_without_a_flag(path: Path) -> None:
    scenario = _scenario(path)
    conversation = play(scenario, 1, [scenario.model_answer])
    step = conversation.steps[0]
    assert step.result.points == {k: 2 for k in step.result.points}
    assert not step.result.flags
    assert step.trigger == "calmed"
