"""Behaviour of the scorer's reading of words that a mutation run found unpinned.

The modules are `scoring/roles.py` (who a sentence addresses, whether it directs),
`scoring/normalize.py` (tokens and sentences), `scoring/matcher.py` (bank matches, negation) and
`scoring/patterns.py` (the rubric's phrase language). Each test names the rule it pins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scoring import Context, Result, RubricError, default_rubric, matcher, score
from scoring.cli import explain
from scoring.matcher import Reply
from scoring.normalize import tokenize
from scoring.patterns import compile_bank
from scoring.rubric import DEFAULT_RUBRIC_PATH, Rubric

LAMPU = "Lampu PJU di Gang Mawar RT 03 sudah mati dua minggu, malam gelap dan rawan jambret."


def _result(reply: str, channel: str = "lapor", rubric: Rubric | None = None) -> Result:
    return score(reply, Context(complaint=LAMPU, channel=channel), rubric=rubric)


@pytest.fixture
def loaded() -> Rubric:
    """A rubric loaded by the test itself: the packaged one is compiled, and its typo corrections
    cached, once per process, so a test of the bank compiler or of the typo tolerance loads its own
    (each test its own copy: mutmut runs only the tests during which the mutated function ran)."""
    return Rubric.load()


def _roles(reply: str) -> list[set[str]]:
    """Return, per sentence, the roles that `python -m scoring explain` lists for it."""
    text = explain(score(reply, Context()), reply)
    return [
        set(line.split("roles: ", 1)[1].split(", "))
        for line in text.splitlines()
        if line.strip().startswith("roles: ")
    ]


# --- roles.py ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "names_citizen"),
    [
        # the complainer named by the act, anywhere in the sentence and as its last words
        ("Terima kasih kepada yang melapor.", True),
        ("Kami berterima kasih kepada yang membuat video.", True),
        # "yang" followed by something other than making: the officer in the video is not the citizen
        ("Petugas yang di video itu sudah kami tegur.", False),
        # "yang buat" ending the sentence names nothing that was made
        ("Bukan kami yang buat.", False),
    ],
)
def test_the_complainer_is_named_by_the_act_of_complaining(reply: str, names_citizen: bool) -> None:
    """roles.names_complainer: "yang melapor", "yang membuat video" name the citizen wherever
    they stand in the sentence; "yang" before anything else, or "yang buat" with nothing made, does not."""
    assert ("addresses the citizen" in _roles(reply)[0]) is names_citizen


@pytest.mark.parametrize(
    "reply",
    [
        "Mohon maaf atas keterlambatannya.",
        "Kami mohon maaf atas keterlambatannya.",
        "Atas ketidaknyamanan ini, kami mohon maaf.",
    ],
)
def test_an_apology_with_mohon_directs_no_one(reply: str) -> None:
    """roles.read_role: "mohon" followed by "maaf" is the office apologising, not telling the
    citizen what to do, at the start, after "kami" and as the sentence's last words."""
    assert "directs the citizen" not in _roles(reply)[0]


def test_an_imperative_with_lah_opening_the_sentence_directs_the_citizen() -> None:
    """roles.read_role: a first word made imperative by "-lah" ("Bersabarlah") tells the citizen
    what to do."""
    assert "directs the citizen" in _roles("Bersabarlah, petugas sedang menuju lokasi.")[0]


@pytest.mark.parametrize(
    "reply",
    ["Masalah ini sedang kami tangani.", "Hal inilah yang sedang kami perbaiki."],
)
def test_a_word_ending_in_lah_that_is_no_imperative_directs_no_one(reply: str) -> None:
    """roles.read_role: "-lah" makes a directive only on the first word and only as a suffix:
    "Masalah" is a word of its own, and "inilah" later in the sentence only stresses."""
    assert "directs the citizen" not in _roles(reply)[0]


def test_a_four_letter_name_ending_in_mu_is_not_second_person() -> None:
    """roles._second_person_suffix: "-mu" is the suffix "your" only after a root of three letters
    or more ("ibumu"); a four-letter word such as the name "Domu" addresses no one."""
    assert "second person" not in _roles("Laporan dari Pak Domu sudah kami terima.")[0]


# --- normalize.py ------------------------------------------------------------------------


def test_a_misspelt_five_letter_bank_word_is_read_as_the_word(loaded: Rubric) -> None:
    """normalize.Lexicon.set_vocabulary: bank words as short as the typo tolerance's least length
    (five letters) are targets of correction, so "kaasih" still thanks like "kasih"."""
    typo = _result("Terima kaasih atas laporannya.", rubric=loaded)
    assert (
        typo.points["greeting"] == _result("Terima kasih atas laporannya.", rubric=loaded).points["greeting"]
    )
    assert typo.points["greeting"] > 0


def test_a_capitalised_name_is_not_corrected_as_a_typo() -> None:
    """normalize.Lexicon.correct: a capitalised word inside a sentence is a name and is never
    corrected, so "warga Semarang" is not "warga sembarang" (a citizen's misconduct)."""
    result = _result("Terima kasih kepada warga Semarang yang sudah melapor.")
    assert "blames_citizen" not in result.flags


def test_a_word_unlike_every_bank_word_is_left_as_written(loaded: Rubric) -> None:
    """normalize.Lexicon.correct: only a near miss (the rubric's fuzzy cutoff) is corrected;
    "hotmix" is not read as the nearest bank word ("hotline"), so patching with hotmix scores as
    patching with asphalt."""
    reply = "Jalan tersebut akan kami tambal dengan hotmix."
    assert "hotmix" in [t.surface for t in tokenize(reply, loaded.lexicon).tokens]
    aspal = "Jalan tersebut akan kami tambal dengan aspal."
    assert _result(reply, rubric=loaded).points == _result(aspal, rubric=loaded).points


@pytest.mark.parametrize(
    "reply", ["Laporan a.n. Budi Santoso sudah kami terima.", "Surat A.N. Kepala Dinas sudah kami kirim."]
)
def test_atas_nama_ends_no_sentence(reply: str) -> None:
    """normalize.tokenize: neither full stop of "a.n." ("atas nama", in any case) ends a sentence."""
    assert len(tokenize(reply, default_rubric().lexicon).sentences) == 1


def test_a_written_word_reads_the_same_from_the_word_cache(loaded: Rubric) -> None:
    """normalize.Lexicon.written: the second reading of a reply (every word cached) gives the same tokens,
    a one-letter word is still taken over by "a.n." / "s.d." around it, and a lone "n" stays a word."""
    reply = "Surat a.n. Kepala Dinas berlaku s.d. Sabtu, hati2 di Gg. 3 rumahnya no SMB-1180 n"
    first = tokenize(reply, loaded.lexicon)
    second = tokenize(reply, loaded.lexicon)
    assert first == second
    surfaces = [t.surface for t in second.tokens]
    assert surfaces[1:3] == ["atas", "nama"]
    assert {"sampai", "hati-hati", "rumahnya", "smb-1180"} <= set(surfaces)
    assert surfaces[-1] == "n"
    assert [t.text for t in second.tokens if t.surface == "smb-1180"] == ["#smb-1180"]


def test_an_exclamation_after_a_closing_parenthesis_ends_the_sentence() -> None:
    """normalize.tokenize: "!" right after ")" ends the sentence like any "!" (only "LAPOR!" is a
    name), and the reply is scored without error."""
    reply = "Terima kasih atas laporannya (Pak)! Petugas kami kirim besok pagi."
    assert len(tokenize(reply, default_rubric().lexicon).sentences) == 2
    assert _result(reply).points["greeting"] > 0


def test_a_sentence_in_parentheses_asks_as_it_would_without_them() -> None:
    """normalize.tokenize: a "(" opening a sentence is no clause break, so a request read at the
    start of a sentence ("Kirimkan foto ...") is read inside parentheses too."""
    bracketed = _result("Terima kasih atas laporannya. (Kirimkan foto lokasinya ke DM kami.)", "social")
    plain = _result("Terima kasih atas laporannya. Kirimkan foto lokasinya ke DM kami.", "social")
    assert bracketed.points["verification"] == plain.points["verification"]
    assert bracketed.points["verification"] > 0


# --- matcher.py --------------------------------------------------------------------------


def test_a_rule_is_named_by_its_module_and_function_when_its_bank_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """matcher.uses: a rubric without a bank that a rule reads is refused, naming the rule as
    module.function (as "criteria.greeting"), without the package."""
    monkeypatch.setattr(matcher, "RULE_BANKS", dict(matcher.RULE_BANKS))

    def announces(r: object) -> None:
        """A rule that would read the office's announcements."""

    matcher.uses(announces, "pengumuman_kantor")
    with pytest.raises(
        RubricError,
        match=r"missing banks: pengumuman_kantor \(used by test_scoring_mutants_lexical\.announces\)",
    ):
        Rubric.load()


def test_a_feeling_after_tidak_is_read_the_same_at_the_end_of_the_reply() -> None:
    """matcher.Reply.negated: "tidak" before takut/khawatir/cemas/ragu/... negates nothing, and the
    word after the negator is read even when it is the reply's last word."""
    last = _result("Lampu sementara kami pasang malam ini agar warga tidak takut.")
    inside = _result("Lampu sementara kami pasang malam ini agar warga tidak takut lagi.")
    assert last.points["empathy"] == inside.points["empathy"]


# --- patterns.py -------------------------------------------------------------------------


def test_a_blank_pattern_in_a_rubric_is_refused_naming_its_bank(tmp_path: Path) -> None:
    """patterns.compile_bank: a trainer's blank pattern stops the rubric from loading, with a
    message naming the file and the bank."""
    data = yaml.safe_load(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8"))
    data["banks"]["salutation"].append("  ")
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(RubricError, match=rf"^{path}: banks\.salutation: empty pattern"):
        Rubric.load(path)


def test_tagging_the_agency_in_charge_routes_the_case(loaded: Rubric) -> None:
    """patterns "@" (a social-media handle): "sudah kami cc @dishub_kota" hands the case on, an
    interim step of routing; the same words without a handle do not."""
    tagged = _result("Sudah kami cc @dishub_kota.", "social", loaded)
    assert tagged.points["interim_solution"] == 1
    assert _result("Sudah kami cc ke dishub.", "social", loaded).points["interim_solution"] == 0


def test_a_number_in_a_pattern_matches_that_number_only() -> None:
    """patterns: a pattern word with digits ("112") matches that number in the reply, not another."""
    bank = compile_bank("darurat", ["telepon 112"], default_rubric().lexicon.normalise_word, "test")
    assert Reply(default_rubric(), "Silakan telepon 112 sekarang.", Context()).find(bank)
    assert not Reply(default_rubric(), "Silakan telepon 113 sekarang.", Context()).find(bank)


def test_the_evidence_of_an_alternative_covers_its_longest_reading(loaded: Rubric) -> None:
    """patterns: of a pattern's alternatives the longest is matched, so the evidence of
    "bukan merupakan tugas pokok kami" quotes "tugas pokok" ("tupoksi"), not "tugas" alone."""
    result = _result("Maaf, itu bukan merupakan tugas pokok kami.", rubric=loaded)
    assert [s.text for s in result.flags["rejects_ownership"].evidence] == ["bukan merupakan tugas pokok"]


@pytest.mark.parametrize(
    "reply",
    ["Lampu akan kami perbaiki pada 12 Desember.", "Petugas kami jadwalkan datang 3 Des."],
)
def test_a_step_with_a_calendar_date_is_a_concrete_interim_step(reply: str, loaded: Rubric) -> None:
    """patterns.compile_bank: patterns that may start anywhere ("# desember", "# des") are all
    tried, so a step promised for a date with a full or short month name earns 2."""
    assert _result(reply, rubric=loaded).points["interim_solution"] == 2
