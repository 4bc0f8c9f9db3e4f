"""Rules added after the untuned first run of real_probe58-60, each in other wording, with near-misses.

The probe items themselves are regression cases in tests/test_scoring_real.py; these tables pin the
kind of sentence each rule reads, so that a rule that widens or narrows goes red here.
"""

from __future__ import annotations

import pytest

from .probe_rounds import scorer

COMPLAINT = "Air PDAM mati dua hari, laporan saya belum ditanggapi."

_score = scorer(COMPLAINT)


# --- interim -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # routing in its own clause beside a request; handling claimed with no measure named
        ("Mohon DM nomor pelanggannya ya kak, laporan sudah kami teruskan ke bagian distribusi.", 1),
        ("Sudah ditindaklanjuti.", 1),
        ("Nanti petugas cekkan datanya.", 1),
        ("Mangke kulo sampaikan ten Pak RW.", 1),
        # a team sent, named; what to bring makes coming again a step; water brought; another way; a retry
        ("Regu piket ULP sudah kami arahkan ke lokasi.", 2),
        ("Silakan datang lagi ke loket bawa KK asli dan akta kelahiran.", 2),
        ("Bila butuh air bersih, dapat mengajukan droping tangki ke nomor ini.", 2),
        ("Kalau mau lebih cepat, Bapak bisa lewat jalur umum.", 2),
        ("Coba login lagi jam 10 malam ke atas bu.", 2),
        # near-misses: the request in the routing's own clause, a noun naming the hospital's kind, a
        # noun in an aim, sent back with nothing to bring, a bare retry
        ("Mohon kirim foto agar dapat kami teruskan ke bagian distribusi.", 0),
        ("Rumah sakit kami merupakan rumah sakit rujukan tertinggi.", 0),
        ("Masukan akan kami jadikan bahan evaluasi untuk peningkatan mutu pelayanan.", 1),
        ("Silakan datang lagi besok.", 0),
        ("Coba lagi nanti.", 0),
    ],
)
def test_interim_kinds_of_real_probe58_60(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


# --- flags -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        (
            "Kami minta warga tidak mudah termakan isu dan konfirmasi dulu sebelum mengadu.",
            "blames_citizen",
            True,
        ),
        ("MOHON TIDAK MEMBUAT LAPORAN BERULANG UNTUK MASALAH YANG SAMA.", "blames_citizen", True),
        ("Pelapor diharapkan menyampaikan laporan sesuai fakta di lapangan.", "blames_citizen", True),
        ("Sudah ditetapkan baru ramai di medsos.", "blames_citizen", True),
        ("Kalau tak bisa kau buktikan, kulaporkan kau nanti, pencemaran nama baik.", "blames_citizen", True),
        ("Bapak urus saja di Dinsos dulu.", "rejects_ownership", True),
        # near-misses: a case foreseen under a condition, a denial opening the reply, the office's order
        ("Bila lain kali ditarik lebih, Bapak bisa langsung melapor ke petugas.", "blames_citizen", False),
        ("Tidak benar kak. Seragam tidak wajib dibeli di sekolah.", "blames_citizen", False),
        ("Malam ini kami minta petugas patroli ke situ.", "blames_citizen", False),
        ("Berkas Bapak sudah kami urus di Dinsos.", "rejects_ownership", False),
    ],
)
def test_flag_kinds_of_real_probe58_60(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply).flags) is raised


@pytest.mark.parametrize(
    ("reply", "disclosed"),
    [
        (
            "Menindaklanjuti keluhan a.n. Bpk. I Made Sukarta, Jl. Gunung Agung No. 7, tunggakan 2 bulan.",
            True,
        ),
        # near-miss: the same "I" as a word in capitals beside an address names no one
        ("Menindaklanjuti keluhan di Jl. Gunung Agung No. 7, SAYA I TEGASKAN tunggakan 2 bulan.", False),
    ],
)
def test_a_balinese_name_after_an_honorific_is_a_name(reply: str, disclosed: bool) -> None:
    assert ("discloses_identity" in _score(reply).flags) is disclosed


def test_a_request_by_whatsapp_in_minang_is_private() -> None:
    asked = "Bisa Bapak kirim nomor pendaftaran jo alamat rumah lengkap ka WA ko?"
    assert "discloses_identity" not in _score(asked).flags
    assert "discloses_identity" in _score("Bisa Bapak tulis nomor pendaftaran jo alamat rumah lengkap?").flags


# --- greeting and status --------------------------------------------------------------------------------


def test_a_letters_opening_is_a_respectful_greeting() -> None:
    assert _score("Kepada Sdr. pelapor, laporan telah kami klarifikasi.", "lapor").points["greeting"] == 1
    assert _score("Laporan telah kami klarifikasi kepada Sdr. pelapor.", "lapor").points["greeting"] == 0


def test_passing_word_to_an_official_is_not_news_for_the_citizen() -> None:
    assert _score("Nanti saya sampaikan ke Pak RW.").points["status_followup"] == 0
    assert _score("Nanti saya sampaikan ke Bapak hasilnya.").points["status_followup"] >= 1
