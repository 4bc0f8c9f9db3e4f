"""The attempt's score rules (pure) and what the feedback page shows from them."""

from __future__ import annotations

from functools import cache

import pytest

from trainer.catalog import load_catalog
from trainer.identity import fill, render_citizen
from trainer.practice import grading, services

from . import factories
from .conftest import ROOT

ZERO = {"greeting": 0, "verification": 0, "empathy": 0, "interim_solution": 0, "status_followup": 0}


@cache
def _catalog():
    return load_catalog(ROOT / "scenarios")


def test_greeting_comes_from_the_first_reply_and_the_rest_from_the_best() -> None:
    replies = [
        ZERO | {"greeting": 1, "status_followup": 2},
        ZERO | {"greeting": 2, "empathy": 2, "status_followup": 1},
        ZERO | {"empathy": 2, "interim_solution": 2},
    ]
    result = grading.aggregate(replies, [[], ["impolite"], ["impolite", "blames_citizen"]])
    assert result.points == {
        "greeting": 1,
        "verification": 0,
        "empathy": 2,
        "interim_solution": 2,
        "status_followup": 2,  # an earlier clear promise counts
    }
    assert result.source["status_followup"] == 0
    assert result.source["empathy"] == 1  # the earliest reply that earned the best
    assert result.source["interim_solution"] == 2  # a later reply that earned it is the one shown
    assert result.flags == ["blames_citizen", "impolite"]


def test_total_is_80_percent_communication_and_20_percent_routing() -> None:
    assert grading.attempt_total(100, "correct") == 100
    assert grading.attempt_total(50, "acceptable") == 50
    assert grading.attempt_total(50, "wrong") == 40


def test_a_pure_question_is_never_empathy_evidence_nor_a_disclosure_verification_evidence() -> None:
    text = "Kami paham Ibu cemas. Apakah Ibu khawatir? Nomor Ibu 0812-3456-7890 benar?"
    spans = {
        "empathy": [{"start": 0, "end": 21}, {"start": 22, "end": 43}],
        "verification": [{"start": 44, "end": len(text)}],
        "discloses_identity": [{"start": 55, "end": 69}],
    }
    assert grading.evidence_spans("empathy", spans, text) == [{"start": 0, "end": 21}]
    assert grading.evidence_spans("verification", spans, text) == []


@pytest.mark.parametrize("slug", ["ektp-belum-jadi", "pohon-tumbang-ijen", "bansos-lansia-bingung"])
def test_tips_follow_the_scenario(slug) -> None:
    scenario = _catalog().get(slug).scenario
    opening = fill(scenario.opening.text, render_citizen(scenario, 1))
    tips = grading.scenario_tips(scenario, opening)
    assert grading.CHANNEL_NEWS[scenario.channel] in tips["status_followup"]
    assert "Contoh untuk kasus ini" in tips["empathy"]
    quoted = tips["empathy"].split("«")[1].rstrip("»")
    assert quoted in " ".join(scenario.model_answer.split())
    others = [s for s in _catalog().scenarios.values() if s.slug != slug]
    assert all(quoted not in o.scenario.model_answer for o in others)


@pytest.mark.usefixtures("app_ctx")
def test_the_feedback_shows_the_later_reply_that_earned_the_points(session) -> None:
    catalog = _catalog()
    slug = "ektp-belum-jadi"
    user, _ = factories.make_trainee_in_session(session, [slug])
    attempt = services.start_attempt(session, catalog, user, slug, seed=3)
    first = "Jadwal cetak e-KTP kami kabarkan melalui LAPOR! paling lambat 3 hari kerja."
    second = (
        "Selamat pagi Mas, kami paham Mas cemas karena e-KTP belum jadi padahal minggu depan mulai kerja."
    )
    services.submit_reply(session, attempt, first, "a")
    services.submit_reply(session, attempt, second, "b")
    services.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "DISPENDUKCAPIL", [])
    assert attempt.status_followup == 2  # from the first reply, not the last
    data = services.feedback(session, attempt)
    by_key = {c["key"]: c for c in data["criteria"]}
    assert by_key["status_followup"]["reply_number"] == 1
    assert by_key["empathy"]["reply_number"] == 2
    assert any(marked and "cemas" in piece for piece, marked in by_key["empathy"]["parts"])
    assert by_key["greeting"]["reply_number"] == 1


# --- edges a mutation run found unguarded (evidence without its criterion, touching spans) ---
TEXT = "Boleh minta nomor HP Bapak? Nomor Bapak 0812-3456-7890 kami catat. Alamatnya di mana?"
FIRST, SECOND, THIRD = (0, 27), (28, 67), (68, len(TEXT))


def _span(bounds: tuple[int, int]) -> dict[str, int]:
    return {"start": bounds[0], "end": bounds[1]}


def test_a_criterion_without_evidence_has_none() -> None:
    assert grading.evidence_spans("empathy", {}, TEXT) == []
    assert grading.evidence_spans("verification", {"discloses_identity": [_span(SECOND)]}, TEXT) == []
    assert grading.evidence_spans("greeting", {"greeting": [_span(FIRST)]}, TEXT) == [_span(FIRST)]


def test_only_the_sentence_that_disclosed_is_dropped_from_verification_evidence() -> None:
    asked = [_span(FIRST), _span(SECOND), _span(THIRD)]
    disclosed = {"start": 41, "end": 54}  # the number, inside the second sentence
    spans = {"verification": asked, "discloses_identity": [disclosed]}
    assert grading.evidence_spans("verification", spans, TEXT) == [_span(FIRST), _span(THIRD)]
    # Spans that only touch the disclosure (end where it starts, start where it ends) are kept.
    touching = [{"start": 30, "end": 41}, {"start": 54, "end": 60}]
    spans = {"verification": touching, "discloses_identity": [disclosed]}
    assert grading.evidence_spans("verification", spans, TEXT) == touching
    # The question rule is for empathy only: a verification question stays verification evidence.
    assert grading.evidence_spans("verification", {"verification": [_span(FIRST)]}, TEXT) == [_span(FIRST)]


def _opening(scenario) -> str:
    return fill(scenario.opening.text, render_citizen(scenario, 1))


def test_an_emergency_wants_news_within_the_hour_and_other_cases_the_channels_deadline() -> None:
    ijen = _catalog().get("pohon-tumbang-ijen").scenario  # a fallen tree: safety first
    ektp = _catalog().get("ektp-belum-jadi").scenario
    assert "safety" in ijen.needs
    assert "safety" not in ektp.needs
    assert grading.URGENT_DEADLINE in grading.scenario_tips(ijen, _opening(ijen))["status_followup"]
    ektp_tip = grading.scenario_tips(ektp, _opening(ektp))["status_followup"]
    assert grading.CHANNEL_DEADLINE[ektp.channel] in ektp_tip
    assert grading.URGENT_DEADLINE not in ektp_tip


def test_the_example_is_the_first_best_sentence_of_the_model_answer_or_none() -> None:
    scenario = _catalog().get("ektp-belum-jadi").scenario
    opening = _opening(scenario)
    first = "Kami paham Mas cemas karena e-KTP belum tercetak padahal minggu depan mulai bekerja."
    second = "Kami mengerti Mas khawatir tidak bisa melamar kerja tanpa e-KTP yang belum tercetak."
    both = scenario.model_copy(update={"model_answer": f"{first} {second}"})
    assert grading.score_reply(both, opening, first).points["empathy"] == 2
    assert grading.score_reply(both, opening, second).points["empathy"] == 2  # a tie: the first wins
    assert grading.model_sentence(both, opening, "empathy") == first
    plain = scenario.model_copy(update={"model_answer": "Terima kasih."})
    assert grading.model_sentence(plain, opening, "empathy") is None
    plain_tip = grading.scenario_tips(plain, opening)["empathy"]
    assert "Contoh" not in plain_tip
    assert plain_tip.endswith(".")  # the advice alone, nothing dangling after it


def test_no_reply_scores_nothing_and_the_total_rounds_80_20() -> None:
    empty = grading.aggregate([], [])
    assert empty.points == ZERO
    assert empty.source == {}
    assert empty.flags == []
    assert grading.attempt_total(3, "correct") == 22  # 2.4 + 20 = 22.4
    assert grading.attempt_total(3, "acceptable") == 12  # 2.4 + 10
    assert grading.attempt_total(3, "wrong") == 2


def test_flags_are_listed_in_the_rubrics_order_not_alphabetically() -> None:
    result = grading.aggregate([ZERO, ZERO], [["impolite", "blames_citizen"], ["rejects_ownership"]])
    assert result.flags == ["rejects_ownership", "blames_citizen", "impolite"]
