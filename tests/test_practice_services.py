"""The conversation engine and practice services on a real database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from trainer.catalog import load_catalog
from trainer.errors import Conflict, NotFound, TrainerError
from trainer.models import Turn
from trainer.practice import services
from trainer.practice.conversation import wordings
from trainer.scenario_schema import MOODS

from . import factories
from .conftest import ROOT

pytestmark = pytest.mark.usefixtures("app_ctx")

POOR = "Itu bukan wewenang kami."
BLAME = "Makanya jangan lewat situ kalau hujan, salah sendiri."
GOOD_IJEN = (
    "Halo Kak, mohon maaf petugas belum datang, kami paham Kakak cemas terjebak di bawah kabel yang tertarik. "
    "Mohon menjauh dari kabel. Saat ini tim BPBD sudah menuju Jl. Ijen dan PLN sudah kami hubungi. Update kami sampaikan di utas ini setiap 30 menit."
)
ASK_IJEN = "Halo Kak, boleh DM titik persisnya pohon tumbang, dekat patokan apa?"


def _citizen_messages(attempt) -> list[str]:
    return [t.text for t in attempt.turns if t.speaker == "citizen"]


@pytest.fixture
def trainee(session):
    user, _ = factories.make_trainee_in_session(
        session, ["pohon-tumbang-ijen", "jalan-berlubang-soekarno-hatta"]
    )
    return user


def _start(session, catalog, user, slug="pohon-tumbang-ijen", seed=99):
    attempt = services.start_attempt(session, catalog, user, slug, seed=seed)
    session.commit()
    return attempt


def test_asking_about_a_hidden_fact_reveals_it(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    services.submit_reply(session, attempt, ASK_IJEN, "t1")
    assert "titik" in attempt.revealed
    assert "Perpustakaan Umum" in _citizen_messages(attempt)[-1]


def test_rejecting_ownership_makes_the_citizen_furious(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    before = attempt.mood
    services.submit_reply(session, attempt, POOR, "t1")
    assert attempt.mood == min(before + 2, len(MOODS) - 1)
    case = services.case_of(attempt)
    assert _citizen_messages(attempt)[-1] in wordings(case.scenario, case.citizen, "rejects_ownership")


def test_blaming_escalates_and_hides_nothing_new(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee, "jalan-berlubang-soekarno-hatta")
    services.submit_reply(session, attempt, BLAME + " Lokasinya di mana?", "t1")
    assert attempt.mood == 3
    assert attempt.revealed == []  # a citizen who was blamed does not answer the question
    case = services.case_of(attempt)
    assert _citizen_messages(attempt)[-1] in wordings(case.scenario, case.citizen, "blames_citizen")


def test_empathy_and_a_concrete_step_calm_the_citizen_and_needs_resolve_over_turns(
    session, catalog, trainee
) -> None:
    attempt = _start(session, catalog, trainee)
    start_mood = attempt.mood
    services.submit_reply(session, attempt, GOOD_IJEN, "t1")
    assert attempt.mood == start_mood - 1
    assert attempt.end_reason is None  # a difficulty-3 citizen needs more than one good reply
    services.submit_reply(session, attempt, ASK_IJEN, "t2")
    services.submit_reply(session, attempt, "Baik Kak, tim BPBD sudah di jalan, kami pantau dari sini.", "t3")
    assert attempt.end_reason == "resolved"
    last = _citizen_messages(attempt)[-1]
    assert "udah datang" not in last  # the ending stays in the present
    case = services.case_of(attempt)
    assert last in wordings(case.scenario, case.citizen, "resolved")


def test_same_scenario_seed_and_replies_give_the_same_conversation(session, catalog, trainee) -> None:
    other, _ = factories.make_trainee_in_session(session, ["pohon-tumbang-ijen"])
    transcripts = []
    for user in (trainee, other):
        attempt = _start(session, catalog, user, seed=2024)
        for i, reply in enumerate(["Terima kasih infonya.", ASK_IJEN, "Baik kak."]):
            services.submit_reply(session, attempt, reply, f"t{i}")
        transcripts.append([(t.speaker, t.text, t.mood_after) for t in attempt.turns])
    assert transcripts[0] == transcripts[1]


def test_turn_limit_ends_the_conversation(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    limit = services.case_of(attempt).scenario.end.max_turns
    replies = [
        "Halo Kak, kami paham Kakak cemas terjebak di bawah kabel yang tertarik.",
        "Baik, terima kasih.",
        "Oke Kak.",
        "Siap, kami catat.",
        "Terima kasih sudah menunggu.",
        "Baik Kak, sebentar.",
    ]
    for i, reply in enumerate(replies[:limit]):
        services.submit_reply(session, attempt, reply, f"t{i}")
    assert attempt.end_reason == "turn_limit"
    case = services.case_of(attempt)
    assert _citizen_messages(attempt)[-1] in wordings(case.scenario, case.citizen, "unresolved")
    with pytest.raises(Conflict):
        services.submit_reply(session, attempt, "Halo?", "late")


def test_unhelpful_replies_use_up_the_citizens_patience(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    for i, reply in enumerate(["Laporan sedang diproses.", "Mohon ditunggu saja."]):
        services.submit_reply(session, attempt, reply, f"t{i}")
    assert attempt.end_reason == "gave_up"


def test_a_repeated_reply_token_stores_the_reply_once(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    first = services.submit_reply(session, attempt, ASK_IJEN, "same-token")
    second = services.submit_reply(session, attempt, ASK_IJEN, "same-token")
    session.commit()
    assert first.id == second.id
    assert session.scalar(select(func.count()).select_from(Turn).where(Turn.attempt_id == attempt.id)) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Balasan masih kosong"),
        ("   \n ", "Balasan masih kosong"),
        ("a" * 4001, "Balasan terlalu panjang: 4001 karakter"),
    ],
)
def test_bad_replies_are_refused_with_a_message(session, catalog, trainee, text, message) -> None:
    attempt = _start(session, catalog, trainee)
    with pytest.raises(TrainerError, match=message) as info:
        services.submit_reply(session, attempt, text, "t1")
    assert info.value.field == "reply"
    assert len(attempt.turns) == 1


def test_resuming_returns_the_unfinished_attempt(session, catalog, trainee) -> None:
    first = _start(session, catalog, trainee)
    again = services.start_attempt(session, catalog, trainee, "pohon-tumbang-ijen")
    assert again.id == first.id


def test_scenario_not_assigned_and_not_free_is_not_found(
    session, catalog, trainee, app, tmp_path: Path
) -> None:
    with pytest.raises(NotFound):
        services.start_attempt(session, catalog, trainee, "no-such-scenario")
    shutil.copytree(ROOT / "scenarios", tmp_path / "s")
    path = tmp_path / "s" / "ektp-belum-jadi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "estimated_minutes: 6", "estimated_minutes: 6\nfree_practice: false"
        )
    )
    private = load_catalog(tmp_path / "s")
    with pytest.raises(NotFound):
        services.start_attempt(session, private, trainee, "ektp-belum-jadi")


def test_attempt_keeps_the_scenario_version_it_started_with(session, trainee, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenarios", tmp_path / "s")
    catalog = load_catalog(tmp_path / "s")
    attempt = _start(session, catalog, trainee)
    opening = _citizen_messages(attempt)[0]
    path = tmp_path / "s" / "pohon-tumbang-ijen.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("POHON TUMBANG", "POHON ROBOH"), encoding="utf-8"
    )
    changed = load_catalog(tmp_path / "s")
    assert changed.get("pohon-tumbang-ijen").content_hash != attempt.scenario_version.content_hash
    services.submit_reply(session, attempt, ASK_IJEN, "t1")
    assert "POHON TUMBANG" in services.case_of(attempt).opening == opening
    new = services.create_attempt(session, trainee, changed.get("pohon-tumbang-ijen"), None, seed=99)
    assert "POHON ROBOH" in _citizen_messages(new)[0]


@pytest.mark.parametrize(
    ("action", "agency", "verdict"),
    [
        ("verifikasi", "BPBD", "correct"),
        ("verifikasi", "DLH", "acceptable"),
        ("bukan_wewenang", "BPBD", "acceptable"),
        ("arsip", "BPBD", "wrong"),
        ("verifikasi", "DINSOS", "wrong"),
    ],
)
def test_routing_verdicts(catalog, action, agency, verdict) -> None:
    scenario = catalog.get("pohon-tumbang-ijen").scenario
    assert services.routing_verdict(scenario, action, agency) == verdict


def test_finishing_applies_the_documented_rule(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee, "jalan-berlubang-soekarno-hatta")
    services.submit_reply(
        session, attempt, "Selamat pagi Bapak, saya Dimas dari DPUPR-PKP. Di titik mana lubangnya?", "t1"
    )
    services.submit_reply(
        session, attempt, "Mohon maaf teman Bapak sampai jatuh, semoga lekas pulih. Nanti kami kabari.", "t2"
    )
    with pytest.raises(TrainerError, match="Pilih instansi"):
        services.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "NOPE", [])
    # Jl. Soekarno-Hatta is a provincial road: forwarded to the province, Dishub puts up signs
    services.finish_attempt(session, catalog.agencies, attempt, "bukan_wewenang", "PUBM-JATIM", ["DISHUB"])
    points = attempt.result["points"]
    assert points["greeting"] == 2  # first reply
    assert points["verification"] == 2  # best reply
    assert points["status_followup"] == 1  # best reply (both promise news without a deadline or channel)
    assert points["empathy"] == attempt.empathy == 2
    assert attempt.route_verdict == "correct"
    assert attempt.route_points == 2
    assert attempt.total == round(0.8 * attempt.communication + 20)
    with pytest.raises(Conflict):
        services.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "DPUPR-PKP", [])


def test_finishing_without_any_reply_is_refused(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    with pytest.raises(TrainerError, match="setidaknya satu balasan"):
        services.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "BPBD", [])


def test_a_direct_message_on_social_media_is_not_public(session, catalog, trainee) -> None:
    attempt = _start(session, catalog, trainee)
    reply = "Halo kak, nomor HP kakak 0812-3456-7890 sudah kami catat."
    public = services.submit_reply(session, attempt, reply, "pub")
    private = services.submit_reply(session, attempt, reply, "dm", private=True)
    assert "discloses_identity" in public.score.flags
    assert "discloses_identity" not in private.score.flags
    assert private.private


def test_feedback_lists_earlier_attempts_at_the_same_scenario(session, catalog) -> None:
    slug = "jalan-berlubang-soekarno-hatta"
    user, _ = factories.make_trainee_in_session(session, [slug])
    totals = []
    for i in range(2):
        attempt = services.start_attempt(session, catalog, user, slug, seed=i)
        services.submit_reply(session, attempt, "Selamat pagi Bapak, terima kasih.", f"r{i}")
        services.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "DPUPR-PKP", [])
        totals.append(attempt.total)
    data = services.feedback(session, attempt)
    assert [e["total"] for e in data["earlier"]] == totals[:1]


def test_a_scenario_specific_interim_measure_counts(catalog) -> None:
    from trainer.practice.conversation import score_reply

    loaded = catalog.get("rumah-rusak-puting-beliung")
    reply = "Selamat malam Ibu. Terpal untuk atap Ibu kami antar ke rumah."
    with_case = score_reply(loaded.scenario, "Atap rumah saya terbang separuh.", reply)
    assert with_case.points["interim_solution"] == 2
    from scoring import score

    assert score("Selamat malam Ibu. Terpal untuk atap Ibu kami siapkan.").points["interim_solution"] < 2


def test_a_started_app_has_compiled_every_scenarios_own_banks(database_url):
    # The issue: "load the scorer when a worker starts, not on its first request". A scenario's
    # own banks (its facts' questions, its interim measures) would otherwise be compiled by the
    # first reply to it in each worker.
    from scoring import default_rubric
    from scoring.matcher import fact_bank, interim_bank, terms_bank
    from trainer.practice.conversation import scoring_context

    from .conftest import make_test_app

    terms_bank.cache_clear()
    app = make_test_app(database_url)
    rubric = default_rubric()
    scenarios = [loaded.scenario for loaded in app.extensions["catalog"].scenarios.values()]
    before = terms_bank.cache_info()
    for scenario in scenarios:
        context = scoring_context(scenario, "")
        for fact in context.facts:
            fact_bank(rubric, fact)
        interim_bank(rubric, context)
    after = terms_bank.cache_info()
    assert after.misses == before.misses
    assert after.hits - before.hits == sum(len(s.facts) + 1 for s in scenarios) > len(scenarios)


def test_an_attempt_on_the_librarys_current_text_reuses_the_catalogs_parse(session, catalog, trainee) -> None:
    # Parsing a scenario's YAML and schema costs ~20 ms: the worker's catalog has already done it
    # for the same text, so starting an attempt must not do it again; a stored text the catalog
    # does not hold (an older version) is parsed, once. Both caches are cleared: a run of the suite
    # earlier in the same process (mutmut's stats and clean runs) leaves the case of an earlier app's
    # catalog cached under the same id, text and seed.
    services._case.cache_clear()
    services._parse_stored.cache_clear()
    attempt = _start(session, catalog, trainee, seed=7)
    assert services.case_of(attempt).scenario is catalog.scenarios["pohon-tumbang-ijen"].scenario
    assert services._parse_stored.cache_info().misses == 0
    older = catalog.scenarios["pohon-tumbang-ijen"].yaml_text + "\n# versi lama\n"
    first = services._parsed("pohon-tumbang-ijen", older)
    assert first is not catalog.scenarios["pohon-tumbang-ijen"].scenario
    assert first == catalog.scenarios["pohon-tumbang-ijen"].scenario  # the same content, parsed
    assert services._parsed("pohon-tumbang-ijen", older) is first
    assert services._parse_stored.cache_info().misses == 1
