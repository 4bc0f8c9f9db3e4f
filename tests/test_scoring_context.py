"""What the scenario and the other flags feed into a reply's score, end to end.

Each test here kills a mutant that once survived the suite: the scenario's `interim_measures`
ignored, impolite wording no longer capping empathy, a greeting in a later reply counting.
"""

from __future__ import annotations

from functools import cache

import pytest

from scoring import Context, score
from trainer.catalog import load_catalog
from trainer.identity import fill, render_citizen
from trainer.practice import services
from trainer.practice.conversation import score_reply, scoring_context
from trainer.scenario_schema import Scenario

from . import factories
from .conftest import ROOT

LAMPU = "Lampu PJU di Gang Mawar RT 03 sudah mati dua minggu, malam gelap dan rawan jambret."
EMPATHY = "Mohon maaf, kami paham Bapak cemas karena anak pulang malam lewat gang yang gelap."


@cache
def _catalog():
    return load_catalog(ROOT / "scenarios")


def _scenario(slug: str) -> tuple[Scenario, str]:
    scenario = _catalog().scenarios[slug].scenario
    return scenario, fill(scenario.opening.text, render_citizen(scenario, seed=1))


def test_the_scenarios_interim_measures_reach_the_scorer() -> None:
    scenario, opening = _scenario("ektp-belum-jadi")
    assert "KTP digital" in scenario.interim_measures
    assert scoring_context(scenario, opening).interim_terms == tuple(scenario.interim_measures)


def test_a_measure_the_scenario_names_counts_as_an_interim_solution_and_only_there() -> None:
    # "KTP digital" is a step for this case only: the general banks do not know it.
    scenario, opening = _scenario("ektp-belum-jadi")
    reply = "Silakan pakai KTP digital dulu."
    assert score_reply(scenario, opening, reply).points["interim_solution"] == 2
    without = scenario.model_copy(update={"interim_measures": []})
    assert score_reply(without, opening, reply).points["interim_solution"] == 0


def test_interim_terms_of_the_context_count_and_empty_terms_count_nothing() -> None:
    reply = "Silakan pakai KTP digital dulu."
    complaint = "e-KTP saya belum jadi padahal minggu depan mulai kerja."
    with_terms = score(reply, Context(complaint=complaint, channel="lapor", interim_terms=("KTP digital",)))
    assert with_terms.points["interim_solution"] == 2
    assert [s.text for s in with_terms.criteria["interim_solution"].evidence]
    blank = score(reply, Context(complaint=complaint, channel="lapor", interim_terms=(" ", "!!")))
    assert blank.points["interim_solution"] == 0


@pytest.mark.parametrize("rude", ["Jangan cerewet.", "Bapak bodoh sekali."])
def test_impolite_wording_caps_empathy_at_zero(rude: str) -> None:
    context = Context(complaint=LAMPU, channel="lapor")
    assert score(EMPATHY, context).points["empathy"] == 2
    result = score(f"{EMPATHY} {rude}", context)
    assert set(result.flags) == {"impolite"}  # the cap comes from impolite alone, not from blame
    assert result.points["empathy"] == 0
    assert result.criteria["empathy"].evidence == ()


def test_a_greeting_in_a_later_reply_does_not_count(session) -> None:
    catalog = _catalog()
    trainee, _ = factories.make_trainee_in_session(session, ["jalan-berlubang-soekarno-hatta"])
    attempt = services.start_attempt(session, catalog, trainee, "jalan-berlubang-soekarno-hatta", seed=5)
    session.commit()
    services.submit_reply(session, attempt, "Di titik mana lubangnya, Pak?", "t1")
    services.submit_reply(session, attempt, "Selamat pagi Bapak, saya Dimas dari DPUPR-PKP.", "t2")
    services.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "DPUPR-PKP", [])
    assert attempt.greeting == attempt.result["points"]["greeting"] == 0
    assert attempt.result["source"]["greeting"] == 0
