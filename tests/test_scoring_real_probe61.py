"""Rules added after the untuned first run of real_probe61-63, each in other wording, with near-misses.

The probe items themselves are regression cases in tests/test_scoring_real.py; these tables pin the
kind of sentence each rule reads, so that a rule that widens or narrows goes red here.
"""

from __future__ import annotations

import pytest

from .probe_rounds import scorer

COMPLAINT = "Antrean di RSUD lama sekali, ibu saya menunggu dari subuh."

_score = scorer(COMPLAINT)


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # the office's own step in a later clause of a request
        ("Silakan kirim lokasinya via DM ya, malam ini juga tim kami meluncur ke sana.", 2),
        # a queue number taken online
        ("Agar tidak antre dari subuh, silakan ambil nomor antrean online H-1 melalui aplikasi.", 2),
        # a measure ordered with no time is routing; handling as the aim of a request; a future check
        ("Ambulans cadangan sudah saya perintahkan siaga di IGD.", 1),
        ("Mohon dilengkapi informasinya agar dapat kami tindak lanjuti.", 1),
        ("Nanti kami evaluasi petugas loketnya.", 1),
        # near-misses: an aim after the request, a clause that is the news report's narration, a defence
        # by the book, a noun after the request
        ("Silakan kirim lokasinya via DM ya, agar kami bisa meluncur ke sana.", 1),
        ('"Silakan sampaikan ke kami," kata Direktur Pelayanan RSUD saat dikonfirmasi.', 0),
        ("Pasien telah diperiksa oleh dokter jaga pukul 21.40 sesuai SOP.", 0),
        ("Boleh DM kami nama pasien serta jam kedatangan di IGD ya kak.", 0),
        ("Ambulans cadangan siaga di IGD mulai malam ini, sudah saya perintahkan.", 2),
    ],
)
def test_interim_kinds_of_real_probe61_63(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


def test_a_warning_sign_is_no_order() -> None:
    """ "rambu peringatan": the noun of "ingatkan" makes no sentence an order."""
    reply = "Hari ini tim DPUPR telah memasang rambu peringatan di tiga titik lubang."
    assert _score(reply, "lapor").points["interim_solution"] == 2


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Banyak pasien tidak mau daftar online tapi kemudian mengeluh antre lama.", "blames_citizen", True),
        ("Bapak dari tadi teriak-teriak, saya yang dengar pusing.", "blames_citizen", True),
        ("Jangan bawa-bawa emosi di forum ini, Bapak.", "blames_citizen", True),
        ("Warga yang membeli rumah di situ seharusnya sudah memahami risikonya.", "blames_citizen", True),
        ("Nda usah bataria kak.", "blames_citizen", True),
        ("Ini telepon kantor, bukan tempat par marah-marah.", "blames_citizen", True),
        ("Ambulans itu urusan wali nagari. Kami indak bisa mambantu.", "rejects_ownership", True),
        # near-misses: the office's own shortfall, a patient's state, advice on the risk
        ("Kami akui pendaftaran online belum jalan, mohon maaf antre lama.", "blames_citizen", False),
        ("Pasien gelisah dan teriak kesakitan, dokter sudah kami panggil.", "blames_citizen", False),
        ("Mohon Bapak pahami risikonya sebelum operasi, dokter akan menjelaskan.", "blames_citizen", False),
    ],
)
def test_flag_kinds_of_real_probe61_63(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply).flags) is raised


def test_where_the_speaker_has_been_since_introduces_no_one() -> None:
    assert _score("Sy dari subuh di lapangan, Pak.").points["greeting"] == 0
    assert _score("Selamat pagi, sy dari Dishub Kota.").points["greeting"] == 2


def test_a_customer_id_is_a_specific_fact() -> None:
    assert _score("Mohon bantu DM ID pelanggan ya kak.").points["verification"] == 2
    assert _score("Mohon bantu DM ya kak.").points["verification"] == 1
