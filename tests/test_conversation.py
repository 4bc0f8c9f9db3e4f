"""The simulated citizen, behaviour by behaviour (pure: no database, no Flask)."""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest

from trainer.catalog import load_catalog
from trainer.identity import fill, render_citizen
from trainer.practice.citizen_lines import BANK
from trainer.practice.conversation import HARMFUL, PATIENCE, play, wordings
from trainer.practice.grading import model_sentence
from trainer.scenario_schema import Scenario

from .conftest import ROOT

ACK_EKTP = (
    "Selamat pagi Mas, saya Hendra dari Dispendukcapil. Kami paham Mas cemas karena e-KTP belum dicetak "
    "padahal minggu depan mulai kerja. Kapan tanggal perekamannya?"
)
STEP_EKTP = "Besok pagi petugas loket kami siapkan surat keterangan pengganti KTP untuk Mas."
NEWS_EKTP = "Jadwal cetak e-KTP kami kabarkan melalui LAPOR! paling lambat 3 hari kerja."
BLAME = "Makanya lain kali datang lebih awal, salah sendiri."
VAGUE = "Laporan sedang diproses, mohon ditunggu."
FILLERS = ("Baik, terima kasih.", "Oke.", "Siap, kami catat.", "Terima kasih sudah menunggu.", "Baik.", "Ya.")


@cache
def _catalog():
    return load_catalog(ROOT / "scenarios")


def scenario(slug: str, **changes: object) -> Scenario:
    base = _catalog().get(slug).scenario
    if not changes:
        return base
    data = base.model_dump()
    for dotted, value in changes.items():
        target = data
        *path, last = dotted.split("__")
        for key in path:
            target = target[key]
        target[last] = value
    return Scenario.model_validate(data)


def citizen_lines(conversation) -> list[str]:
    return [s.message for s in conversation.steps]


# --- memory ---------------------------------------------------------------------------------


def test_empathy_shown_once_carries_forward() -> None:
    ektp = scenario("ektp-belum-jadi")
    conversation = play(ektp, 5, [ACK_EKTP, STEP_EKTP])
    assert conversation.steps[1].result.points["empathy"] == 0  # the second reply has no empathy ...
    assert conversation.steps[1].trigger == "calmed"  # ... yet the citizen remembers the first
    assert conversation.steps[1].mood <= conversation.steps[0].mood


def test_a_specific_question_is_answered_without_anger_rising() -> None:
    ektp = scenario("ektp-belum-jadi")
    conversation = play(ektp, 5, ["Kapan tanggal perekamannya, Mas?"])
    step = conversation.steps[0]
    assert step.revealed == ("tanggal_rekam",)
    assert "12 September" in step.message
    assert step.mood <= conversation.start_mood


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_needs_are_met_in_any_order_across_turns(order) -> None:
    ektp = scenario("ektp-belum-jadi")
    replies = [[ACK_EKTP, STEP_EKTP, NEWS_EKTP][i] for i in order]
    conversation = play(ektp, 5, replies)
    assert [s.ended for s in conversation.steps] == [False, False, True]
    assert conversation.end_reason == "resolved"


def test_one_message_with_everything_is_not_enough_for_a_hard_case() -> None:
    hard = scenario("pohon-tumbang-ijen")
    assert hard.difficulty == 3
    conversation = play(hard, 5, [hard.model_answer])
    assert conversation.steps[0].trigger == "calmed"
    assert not conversation.ended
    easy = scenario("ektp-belum-jadi")
    assert play(easy, 5, [easy.model_answer]).end_reason == "resolved"


def test_blame_withdraws_the_acknowledgement_until_it_is_given_again() -> None:
    ektp = scenario("ektp-belum-jadi")
    conversation = play(ektp, 5, [ACK_EKTP, BLAME, STEP_EKTP, NEWS_EKTP])
    assert conversation.steps[1].trigger == "blames_citizen"
    assert conversation.steps[1].mood > conversation.steps[0].mood
    assert "acknowledged" not in conversation.steps[3].needs_met
    assert not conversation.ended
    again = play(ektp, 5, [ACK_EKTP, BLAME, STEP_EKTP, NEWS_EKTP, "Mohon maaf, kami paham Mas cemas."])
    assert again.end_reason == "resolved"


def test_a_blamed_citizen_does_not_answer_the_question() -> None:
    conversation = play(scenario("ektp-belum-jadi"), 5, [BLAME + " Kapan tanggal perekamannya?"])
    assert conversation.revealed == ()


# --- difficulty and persona -------------------------------------------------------------


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_difficulty_sets_the_patience_before_giving_up(difficulty) -> None:
    case = scenario("ektp-belum-jadi", difficulty=difficulty)
    replies = [f"{VAGUE} ({i})" for i in range(6)]
    conversation = play(case, 5, replies)
    assert conversation.end_reason == "gave_up"
    assert len(conversation.steps) == PATIENCE[difficulty]
    assert citizen_lines(conversation)[-1] in wordings(case, conversation.citizen, "gave_up")


def test_an_elderly_citizen_is_confused_by_jargon_not_angrier() -> None:
    grandma = scenario("bansos-lansia-bingung")
    reply = "Baik Nek, laporan Nenek sudah kami disposisikan ke OPD terkait untuk ditindaklanjuti."
    conversation = play(grandma, 5, [reply, "Data Nenek diverifikasi oleh DTKS."])
    assert [s.trigger for s in conversation.steps] == ["confused", "confused"]
    assert all(s.mood <= conversation.start_mood for s in conversation.steps)
    for message, said in zip(
        citizen_lines(conversation), [reply, "Data Nenek diverifikasi oleh DTKS."], strict=True
    ):
        for quoted in re.findall(r'"([^"]+)"', message):
            assert quoted.casefold() in said.casefold()
    younger = play(scenario("ektp-belum-jadi"), 5, [reply])
    assert younger.steps[0].trigger != "confused"


def test_a_panicking_caller_needs_a_safety_instruction_first() -> None:
    caller = scenario(
        "rumah-rusak-puting-beliung",
        citizen__persona__traits=["panicking"],
        needs=["safety", "acknowledged", "action", "followup"],
    )
    question = "Di alamat mana rumah Ibu?"
    first = play(caller, 5, [question])
    assert first.steps[0].trigger == "needs_safety"
    assert first.steps[0].revealed  # the caller still answers
    assert first.steps[0].mood > first.start_mood
    safe = play(caller, 5, ["Ibu, sekarang mohon keluar rumah dan tunggu di tempat yang aman."])
    assert safe.steps[0].trigger == "calmed"
    assert safe.steps[0].mood < safe.start_mood


def test_a_repeat_complainant_remembers_the_earlier_promise() -> None:
    repeat = scenario("ektp-belum-jadi", citizen__persona__traits=["repeat_complainant"])
    conversation = play(repeat, 5, [STEP_EKTP, VAGUE])
    assert conversation.steps[1].trigger == "no_empathy"
    quoted = re.findall(r'"([^"]+)"', conversation.steps[1].message)
    assert quoted
    assert quoted[0] in STEP_EKTP


def test_a_sarcastic_citizen_answers_sarcastically() -> None:
    sarcastic = scenario("ektp-belum-jadi", citizen__persona__traits=["sarcastic"])
    conversation = play(sarcastic, 5, ["Oke."])
    assert conversation.steps[0].trigger == "no_empathy"
    own = set(wordings(sarcastic, conversation.citizen, "no_empathy"))
    assert conversation.steps[0].message in own
    sarcastic_lines = {
        line.replace("{admin_term}", conversation.citizen.admin_term)
        for line in BANK["sarcastic"]["no_empathy"]
    }
    assert sarcastic_lines <= own


# --- variety, grounding, determinism ---------------------------------------------------


@pytest.mark.parametrize("slug", sorted(_catalog().scenarios))
def test_no_citizen_line_repeats_within_an_attempt(slug) -> None:
    case = scenario(slug)
    for seed in range(4):
        citizen = render_citizen(case, seed)
        ack = model_sentence(case, fill(case.opening.text, citizen), "empathy") or ""
        if "safety" in case.needs:
            ack += " Mohon menjauh dan tetap di tempat yang aman."
        conversation = play(case, seed, [ack, *FILLERS][: case.end.max_turns])
        lines = [line for s in conversation.steps for line in re.split(r"(?<=[.!?])\s+", s.message)]
        whole = citizen_lines(conversation)
        assert len(set(whole)) == len(whole), whole
        assert conversation.steps[-1].ended
        assert "neutral" in {s.trigger for s in conversation.steps}
        assert lines


@pytest.mark.parametrize("slug", sorted(_catalog().scenarios))
def test_citizens_quote_only_what_the_admin_wrote_and_never_say_slash_forms(slug) -> None:
    case = scenario(slug)
    replies = [
        "Baik, akan kami koordinasikan dengan dinas terkait.",
        "Laporan sudah diteruskan dan segera ditindaklanjuti.",
        "Paling lambat jam 12 siang ini sudah jadi.",
        "Mohon ditunggu ya.",
    ]
    for seed in range(3):
        conversation = play(case, seed, replies)
        for step in conversation.steps:
            written = " ".join(s.reply for s in conversation.steps[: conversation.steps.index(step) + 1])
            for quoted in re.findall(r'[“"]([^”"]+)[”"]', step.message):
                assert quoted.casefold() in written.casefold(), (step.message, written)
            assert not re.search(r"\b(Bapak|Pak|Ibu|Bu)/(Bapak|Pak|Ibu|Bu)\b", step.message)


def test_the_ending_stays_in_the_present() -> None:
    tree = scenario("pohon-tumbang-ijen", end__resolved=["Petugas BPBD udah datang, makasih min."])
    good = [
        tree.model_answer,
        "Kami paham Kakak cemas. Boleh DM titik persisnya, dekat patokan apa?",
        "Tim BPBD sedang di jalan, kami pantau terus dari sini.",
    ]
    for seed in range(5):
        conversation = play(tree, seed, good)
        assert conversation.end_reason == "resolved"
        assert "udah datang" not in conversation.steps[-1].message


def test_a_pasted_reply_is_noticed() -> None:
    ektp = scenario("ektp-belum-jadi")
    conversation = play(ektp, 5, [ACK_EKTP, ACK_EKTP])
    assert conversation.steps[1].trigger == "repeated"
    assert conversation.steps[1].revealed == ()
    assert conversation.steps[1].message in wordings(ektp, conversation.citizen, "repeated")
    assert any(line.startswith("Kok jawabannya sama terus") for line in BANK["default"]["repeated"])
    nearly = play(ektp, 5, [STEP_EKTP, STEP_EKTP.replace("Besok pagi", "Besok pagi,")])
    assert nearly.steps[1].trigger == "repeated"


def test_the_same_seed_and_replies_give_the_same_conversation() -> None:
    ektp = scenario("ektp-belum-jadi")
    replies = ["Oke.", VAGUE, ACK_EKTP, STEP_EKTP]
    assert play(ektp, 11, replies).to_dict("x") == play(ektp, 11, replies).to_dict("x")
    variants = {tuple(citizen_lines(play(ektp, seed, replies))) for seed in range(8)}
    assert len(variants) > 1  # the seed picks among the wordings


def test_a_remembered_replay_plays_only_the_new_reply_and_gives_the_same_conversation(monkeypatch) -> None:
    from trainer.practice import conversation as module

    ektp = scenario("ektp-belum-jadi")
    citizen = render_citizen(ektp, 13)
    replies = ["Oke.", VAGUE, (ACK_EKTP, True), STEP_EKTP, NEWS_EKTP, *FILLERS]
    calls: list[str] = []
    real = module.respond
    monkeypatch.setattr(module, "respond", lambda *a, **k: calls.append(a[5]) or real(*a, **k))
    for n in range(1, len(replies) + 1):
        calls.clear()
        remembered = play(ektp, 13, replies[:n], citizen=citizen, remember=True)
        fresh_calls = len(calls)
        fresh = play(ektp, 13, replies[:n], citizen=citizen)
        assert remembered.to_dict("x") == fresh.to_dict("x")
        assert remembered.unplayed == fresh.unplayed
        # Only the newest reply is played (none once the conversation has ended); the fresh play
        # without `remember` plays every reply again.
        assert fresh_calls == (0 if fresh.unplayed else 1)
        assert len(calls) - fresh_calls == len(fresh.steps)
    assert fresh.unplayed > 0  # the list runs past the conversation's end
    # Another citizen object (another attempt) shares nothing with this one's memory.
    calls.clear()
    play(ektp, 13, replies[:2], citizen=render_citizen(ektp, 13), remember=True)
    assert len(calls) == 2


def test_the_citizen_addresses_the_admin_from_the_persona() -> None:
    assert render_citizen(scenario("bansos-lansia-bingung"), 1).admin_term == "Nak"
    assert render_citizen(scenario("pohon-tumbang-ijen"), 1).admin_term == "Min"
    assert {render_citizen(scenario("jalan-berlubang-soekarno-hatta"), s).admin_term for s in range(4)} <= {
        "Pak",
        "Bu",
    }


def test_a_question_already_answered_is_not_answered_again() -> None:
    ektp = scenario("ektp-belum-jadi")
    question = "Kapan tanggal perekamannya, Mas?"
    conversation = play(ektp, 5, [question, "Tanggal perekamannya kapan tadi?"])
    assert conversation.steps[1].revealed == ()
    assert conversation.steps[1].trigger == "neutral"
    assert "12 September" not in conversation.steps[1].message
    assert conversation.steps[1].message in wordings(ektp, conversation.citizen, "already_told")


def test_lines_about_the_future_are_skipped_but_the_citizens_own_past_is_kept() -> None:
    own_past = scenario("ektp-belum-jadi", reactions__neutral__say=["Saya sudah datang tiga kali, Mas."])
    jump = scenario("ektp-belum-jadi", reactions__neutral__say=["Petugasnya sudah datang, terima kasih."])
    filler = ["Mohon maaf atas kejadian ini, kami paham Mas cemas.", "Baik, terima kasih."]
    assert "Saya sudah datang tiga kali, Mas." in wordings(own_past, render_citizen(own_past, 5), "neutral")
    said = {s.message for seed in range(12) for s in play(own_past, seed, filler).steps}
    assert "Saya sudah datang tiga kali, Mas." in said
    said = {s.message for seed in range(12) for s in play(jump, seed, filler).steps}
    assert not any("sudah datang" in m for m in said)


@pytest.mark.parametrize("slug", sorted(_catalog().scenarios))
def test_the_citizen_reveals_exactly_what_the_scorer_says_was_asked(slug) -> None:
    case = scenario(slug)
    questions = [f"Boleh kami tahu {term}nya?" for fact in case.facts for term in fact.asked_by]
    conversation = play(case, 2, ["Kami paham keadaannya.", *questions[:6], "Siapa nama kucing Anda?"])
    told: set[str] = set()
    for step in conversation.steps:
        if step.trigger in ("repeated", *HARMFUL):
            assert step.revealed == ()
        else:
            assert step.revealed == tuple(k for k in step.result.asked_facts if k not in told)
        told |= set(step.revealed)
