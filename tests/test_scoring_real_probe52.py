"""Rules added after the untuned ninth round (real_probe52-54), each in other wording, with near-misses.

The probe items themselves are regression cases in tests/test_scoring_real.py; these tables pin the
kind of sentence each rule reads, so that a rule that widens or narrows goes red here.
"""

from __future__ import annotations

import pytest

from scoring.normalize import tokenize
from scoring.rubric import default_rubric

from .probe_rounds import scorer

COMPLAINT = "Air PDAM di rumah kami mati sejak kemarin, anak-anak belum mandi."

_score = scorer(COMPLAINT)


# --- greeting: the office one holds, the line answered with its number and town -------------------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Selamat siang Bu, sa bidan yang jaga di posyandu ini.", 2),
        ("Selamat pagi Pak, saya kepala desanya.", 2),
        ("Baik Bu, ini 112 Kabupaten Sleman. Posisinya di mana?", 2),
        ("Selamat malam, 110 Kota Kupang. Ada yang bisa dibantu?", 2),
        # near-misses: the pronoun acts on the role, a number that is not the line's
        ("Selamat siang Bu, saya minta kepala desa datang.", 1),
        ("Selamat pagi Bu. Laporan ini 2 kali masuk.", 1),
    ],
)
def test_an_office_held_or_a_line_with_its_town_introduces(reply: str, points: int) -> None:
    assert _score(reply, "callcenter").points["greeting"] == points


# --- a web address is one word: its dots end no sentence -------------------------------------------


@pytest.mark.parametrize(
    ("reply", "sentences"),
    [
        ("Cek di lapor.go.id dengan nomor 2211. Terima kasih.", 2),
        ("Info lengkap di https://www.pdam-kota.co.id/gangguan. Mohon maaf.", 2),
        ("Formulir ada di bit.ly/aduan-air ya kak.", 1),
        # near-miss: a full stop with no space after it still ends the sentence
        ("Terima kasih.Kami cek besok.", 2),
    ],
)
def test_a_web_address_ends_no_sentence(reply: str, sentences: int) -> None:
    assert len(tokenize(reply, default_rubric().lexicon).sentences) == sentences


def test_tracking_with_a_web_address_to_check_it_is_full_status() -> None:
    reply = "Perkembangannya dapat Bapak pantau di lapor.go.id dengan nomor pelacakan 2211-5834."
    assert _score(reply, "lapor").points["status_followup"] == 2
    assert _score("Nomor pelacakan laporan Bapak 2211-5834.", "lapor").points["status_followup"] == 1


# --- status: the office's staff calling back, the news announced with its subject left out --------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("HP Ibu jangan dimatikan ya, petugas kami telepon Ibu kalau sudah dekat.", 2),
        ("Nanti kalau jadwalnya sudah keluar diumumkan lewat grup WA RT.", 2),
        # near-misses: the citizen told to call, an announcement already made
        ("Kalau masih bocor, Ibu telepon petugas di 0812-1111-2222.", 0),
        ("Jadwalnya sudah diumumkan lewat grup WA RT kemarin.", 0),
    ],
)
def test_a_call_back_by_staff_and_news_announced_later_are_status(reply: str, points: int) -> None:
    assert _score(reply).points["status_followup"] == points


# --- a number to call is a step, not the case sent elsewhere -----------------------------------------


def test_a_number_to_call_for_a_service_is_a_step_not_a_refusal() -> None:
    step = _score("Sambil menunggu, Bapak bisa minta mobil tangki, telepon ke 0813-2222-1111.")
    assert "rejects_ownership" not in step.flags
    assert step.points["interim_solution"] == 2
    refused = _score("Itu bukan urusan kami, telepon ke Dinas PU saja.")
    assert "rejects_ownership" in refused.flags


# --- interim: another way in, an emergency line, work under way, a use promised --------------------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Silakan mendaftar di gelombang 2, dibuka 1 Agustus.", 2),
        ("Kalau sesaknya bertambah, segera hubungi PSC 119.", 2),
        ("Pompa sedang dalam perbaikan dan ditargetkan selesai hari Jumat.", 2),
        ("Keluhan Bapak akan menjadi bahan evaluasi kami.", 1),
        ("Sdh kami terusin ke Dinas PU ya kak.", 1),
        ("Kita so lapor ke DLH.", 1),
        # near-misses: a closed round, a number given as a fact, a plan for next year, no promise
        ("Pendaftaran gelombang 2 sudah ditutup.", 0),
        ("Nomor PSC di kota ini 119.", 0),
        ("Keluhan Bapak akan menjadi bahan pertimbangan kami.", 0),
        ("Keluhan Bapak menjadi bahan evaluasi kami.", 0),
    ],
)
def test_interim_kinds_of_the_ninth_round(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


# --- flags: lessons on conduct, another office named as not us, the choice put on the family -------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Ke depan mohon Ibu lebih cermat membaca jadwal giliran air.", "blames_citizen", True),
        ("Cari tahu dulu sebelum menuduh petugas.", "blames_citizen", True),
        ("Jang asal komen di sini.", "blames_citizen", True),
        ("Kalau nda tau apa-apa jang komen.", "blames_citizen", True),
        (
            "Petugas sudah menawarkan rujukan, tetapi pasien sendiri yang menolak dirawat.",
            "blames_citizen",
            True,
        ),
        ("Itu ranah Kemenhub, bukan Dishub.", "rejects_ownership", True),
        # near-misses: the office improving itself, the office finding out, its own staff, routed on
        ("Ke depan kami akan lebih cermat menyusun jadwal giliran air.", "blames_citizen", False),
        ("Kami cari tahu dulu penyebabnya, Bu.", "blames_citizen", False),
        ("Petugas kami sendiri yang akan mengantar pasien pulang.", "blames_citizen", False),
        (
            "Itu ranah Kemenhub, bukan Dishub, dan laporan Bapak sudah kami teruskan ke Kemenhub.",
            "rejects_ownership",
            False,
        ),
    ],
)
def test_flag_kinds_of_the_ninth_round(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply).flags) is raised
