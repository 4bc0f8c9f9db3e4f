"""The scenario library as a whole: its size and mix, its parallel forms, and the text rules."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from scoring import score
from trainer.catalog import check_scenario_file, load_agencies, load_catalog
from trainer.practice.conversation import scoring_context
from trainer.scenario_schema import CHANNELS, Scenario, as_lines

from .conftest import ROOT

SCENARIO_DIR = ROOT / "scenarios"
CATALOG = load_catalog(SCENARIO_DIR)
AGENCIES, _ = load_agencies(SCENARIO_DIR)
SCENARIOS: dict[str, Scenario] = {slug: s.scenario for slug, s in CATALOG.scenarios.items()}
IDS = sorted(SCENARIOS)

#: "Bapak/Ibu", "Mas / Mbak", "Pak/Bu": a form an official letter uses, never a person talking.
SLASH_HONORIFIC = re.compile(
    r"\b(bapak|ibu|pak|bu|mas|mbak|kak|bang|sdr|saudara|saudari)\s*/\s*(bapak|ibu|pak|bu|mas|mbak|kak|sdr|saudari)\b",
    re.IGNORECASE,
)
#: Endings that report what could not have happened yet, seconds after the admin's reply.
TIME_JUMPS = re.compile(
    r"\b(sudah|udah|telah) (datang|dinaikkan|diperbaiki|diangkut|ditambal|terbit|jadi|selesai|dipasang|cair)\b",
    re.IGNORECASE,
)
UNRELATED_QUESTIONS = (
    "Nomor telepon ini bisa dihubungi?",
    "Apakah Bapak masih di sana?",
    "Ada lagi yang ingin disampaikan?",
)


def citizen_lines(s: Scenario) -> list[str]:
    """Everything the simulated citizen can say in a scenario."""
    lines = [s.opening.text] + [f.reveal for f in s.facts]
    for name in type(s.reactions).model_fields:
        reaction = getattr(s.reactions, name)
        if reaction is not None:
            lines += as_lines(reaction.say)
    for value in (s.end.resolved, s.end.unresolved, s.end.gave_up):
        if value is not None:
            lines += as_lines(value)
    return lines


def test_the_whole_library_loads_without_a_broken_file() -> None:
    assert not CATALOG.broken, CATALOG.broken
    assert len(SCENARIOS) >= 46


def test_every_channel_appears_at_least_eight_times() -> None:
    counts = Counter(s.channel for s in SCENARIOS.values())
    for channel in CHANNELS:
        assert counts[channel] >= 8, (channel, counts)


def test_every_difficulty_is_well_represented() -> None:
    counts = Counter(s.difficulty for s in SCENARIOS.values())
    for level in (1, 2, 3):
        assert counts[level] >= 10, counts


def test_the_mix_mirrors_real_complaint_statistics() -> None:
    """Infrastructure is the largest share, then population administration and social assistance."""
    by_owner = Counter(s.ownership.owner for s in SCENARIOS.values())
    infrastructure = sum(
        n for owner, n in by_owner.items() if owner in {"DPUPR-PKP", "DISHUB", "PUBM-JATIM", "BBPJN"}
    )
    adminduk = sum(n for owner, n in by_owner.items() if "DUKCAPIL" in owner or owner.startswith("KEL-"))
    bansos = sum(n for owner, n in by_owner.items() if owner.startswith("DINSOS"))
    assert infrastructure > adminduk >= bansos >= 3, (infrastructure, adminduk, bansos)


def test_the_library_holds_the_kinds_of_case_the_bimtek_needs() -> None:
    values = list(SCENARIOS.values())
    actions = Counter(s.ownership.action for s in values)
    assert actions["tunda"] >= 2, actions
    assert actions["arsip"] >= 2, actions
    assert actions["bukan_wewenang"] >= 3, actions
    assert sum(s.citizen.anonymity != "biasa" for s in values) >= 2
    assert sum("safety" in s.needs for s in values) >= 3
    assert sum(s.ownership.owner == "DAMKAR" for s in values) >= 2
    assert sum(s.citizen.city == "Kota Pekalongan" for s in values) >= 2
    assert sum(s.citizen.city == "Kota Singkawang" for s in values) >= 2
    tags = Counter(t for s in values for t in s.tags)
    wanted = ("hoaks", "permintaan_informasi", "sistem_pengaduan", "multi_instansi", "bahasa_jawa", "pungli")
    for tag in wanted:
        assert tags[tag] >= 2, tag


def test_cities_and_agencies_agree() -> None:
    """A Pekalongan or Singkawang citizen is served by that city's units, never by Malang's."""
    for slug, s in SCENARIOS.items():
        codes = [s.ownership.owner, *s.ownership.acceptable, *s.ownership.coordinate]
        if s.citizen.city == "Kota Pekalongan":
            assert s.ownership.owner.endswith("-PKL"), slug
        if s.citizen.city == "Kota Singkawang":
            assert s.ownership.owner.endswith("-SKW"), slug
        if s.citizen.city == "Kota Malang":
            assert not any(c.endswith(("-PKL", "-SKW")) for c in codes), slug


def test_every_agency_code_used_exists_in_the_catalogue() -> None:
    for slug, s in SCENARIOS.items():
        for code in [s.ownership.owner, *s.ownership.acceptable, *s.ownership.coordinate]:
            assert code in AGENCIES, (slug, code)


def test_an_owner_outside_the_city_is_forwarded_and_a_city_company_is_not() -> None:
    assert AGENCIES["PDAM"].city_owned  # Perumda Tugu Tirta is a BUMD owned by the city
    assert not AGENCIES["PUBM-JATIM"].city_owned
    for slug, s in SCENARIOS.items():
        if s.ownership.action in ("verifikasi", "bukan_wewenang"):
            city = AGENCIES[s.ownership.owner].city_owned
            assert (s.ownership.action == "bukan_wewenang") == (not city), slug


def form_signature(s: Scenario) -> tuple[object, ...]:
    owner = AGENCIES[s.ownership.owner]
    return (
        s.difficulty,
        s.channel,
        s.ownership.action,
        owner.city_owned,
        s.citizen.mood,
        len(s.facts),
        tuple(sorted(s.needs)),
    )


def test_parallel_forms_come_in_at_least_twenty_matching_groups() -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for slug, s in SCENARIOS.items():
        if s.form_group:
            groups[s.form_group].append(slug)
    assert len(groups) >= 20, sorted(groups)
    assert sum(len(m) for m in groups.values()) >= 40
    for name, members in groups.items():
        assert 2 <= len(members) <= 3, (name, members)
        signatures = {form_signature(SCENARIOS[m]) for m in members}
        assert len(signatures) == 1, (name, {m: form_signature(SCENARIOS[m]) for m in members})


def test_some_forms_are_kept_for_tests_but_every_group_can_be_practised() -> None:
    hidden = [slug for slug, s in SCENARIOS.items() if not s.free_practice]
    assert len(hidden) >= 6
    for slug in hidden:
        group = SCENARIOS[slug].form_group
        assert group, slug  # an unseen form only makes sense as the twin of a practised one
        twins = [s for s in SCENARIOS.values() if s.form_group == group and s.free_practice]
        assert twins, slug


@pytest.mark.parametrize("slug", IDS)
def test_every_reaction_and_ending_has_three_distinct_wordings(slug: str) -> None:
    s = SCENARIOS[slug]
    for name in type(s.reactions).model_fields:
        reaction = getattr(s.reactions, name)
        if reaction is None:
            continue
        wordings = as_lines(reaction.say)
        assert len(wordings) >= 3, name
        assert len(set(wordings)) == len(wordings), name
    for name in ("resolved", "unresolved", "gave_up"):
        value = getattr(s.end, name)
        assert value is not None, name
        assert len(set(as_lines(value))) >= 3, name
    assert s.reactions.repeated is not None
    lines = citizen_lines(s)
    assert len(set(lines)) == len(lines), [line for line, n in Counter(lines).items() if n > 1]


@pytest.mark.parametrize("slug", IDS)
def test_a_confused_persona_has_a_confused_reaction(slug: str) -> None:
    s = SCENARIOS[slug]
    traits = set(s.citizen.persona.traits)
    if traits & {"elderly", "confused_by_jargon"}:
        assert s.reactions.confused is not None
    if "panicking" in traits:
        assert "safety" in s.needs
    if s.channel == "social":
        assert s.reactions.discloses_identity is not None


@pytest.mark.parametrize("slug", IDS)
def test_citizens_speak_like_people_and_endings_stay_in_the_present(slug: str) -> None:
    s = SCENARIOS[slug]
    for line in citizen_lines(s):
        assert not SLASH_HONORIFIC.search(line), line
    for value in (s.end.resolved, s.end.unresolved, s.end.gave_up):
        for line in as_lines(value or []):
            assert not TIME_JUMPS.search(line), line
    for name in type(s.reactions).model_fields:
        reaction = getattr(s.reactions, name)
        for line in as_lines(reaction.say) if reaction is not None else ():
            # a reaction never quotes the admin: it cannot know the words (the engine quotes them)
            assert not re.search(r"[\"“”]", line), (name, line)


@pytest.mark.parametrize("slug", IDS)
def test_facts_answer_their_own_questions_and_no_unrelated_one(slug: str) -> None:
    s = SCENARIOS[slug]
    context = scoring_context(s, s.opening.text)
    for question in UNRELATED_QUESTIONS:
        assert score(question, context).asked_facts == (), question
    for fact in s.facts:
        question = f"Boleh kami tahu {fact.asked_by[0]}-nya?"
        assert fact.key in score(question, context).asked_facts, question


@pytest.mark.parametrize("slug", IDS)
def test_acceptable_never_rewards_the_bounce_the_scenario_punishes(slug: str) -> None:
    """Checkable proxy: an acceptable agency must be justified by name in the rationale, must handle
    something of this case, and a case about being sent back and forth (tag `dioper`) accepts no one
    but the owner: the lesson is to take the case over."""
    s = SCENARIOS[slug]
    if "dioper" in s.tags:
        assert s.ownership.acceptable == [], slug
    for code in s.ownership.acceptable:
        assert code != s.ownership.owner
        flat = re.sub(r"[\s-]", "", s.ownership.rationale).lower()
        base = re.sub(r"-(PKL|SKW)$", "", code)  # "Dinkes Kota Singkawang" names DINKES-SKW
        named = re.sub(r"[\s-]", "", base).lower() in flat or AGENCIES[code].name in s.ownership.rationale
        assert named, (slug, code)


def test_the_guide_example_is_a_valid_scenario(tmp_path: Path) -> None:
    """The annotated example in scenarios/README.md stays a complete, valid scenario."""
    guide = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")
    example = guide.split("## Complete annotated example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "contoh.yaml"
    path.write_text(example, encoding="utf-8")
    loaded, problems = check_scenario_file(path, AGENCIES)
    assert problems == [], problems
    assert loaded is not None
    assert loaded.scenario.form_group
    assert loaded.scenario.reactions.repeated is not None
    assert loaded.scenario.end.gave_up is not None


def test_known_wrong_bounces_stay_out_of_acceptable() -> None:
    """The two the domain review found, pinned."""
    for slug, s in SCENARIOS.items():
        if "surat keterangan domisili" in s.ownership.rationale.lower():
            assert "DISPENDUKCAPIL" not in s.ownership.acceptable, slug
        if s.ownership.owner == "SATPOLPP" and "pkl" in s.tags:
            assert "DISHUB" not in s.ownership.acceptable, slug


@pytest.mark.parametrize("slug", IDS)
def test_needs_are_declared_and_fit_the_case(slug: str) -> None:
    text = (ROOT / "scenarios" / f"{slug}.yaml").read_text(encoding="utf-8")
    assert re.search(r"^needs:", text, re.MULTILINE), "needs must be declared, not defaulted"
    s = SCENARIOS[slug]
    if s.ownership.action == "tunda":
        assert "facts" in s.needs
    if s.channel == "callcenter" and "darurat" in s.tags:
        assert "safety" in s.needs
    if "safety" in s.needs:
        assert s.safety_terms, "a case that needs a safety instruction names its own"
        assert any(term in s.model_answer for term in s.safety_terms), "the model answer gives one"


def test_the_check_command_accepts_the_whole_library(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["scenarios", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == f"{len(SCENARIOS)} valid scenario(s), 0 problem(s)"
