"""Rules added after the untuned first run of real_probe64-66, each in other wording, with near-misses.

The probe items themselves are regression cases in tests/test_scoring_real.py; these tables pin the
kind of sentence each rule reads, so that a rule that widens or narrows goes red here.
"""

from __future__ import annotations

import pytest

from .probe_rounds import scorer

COMPLAINT = "Lampu lalu lintas di simpang mati, macet parah dari pagi."

_score = scorer(COMPLAINT)


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Sudah kami teruskan ke Dishub. Sementara ada petugas yang atur manual di lokasi.", 2),
        ("Penumpang sementara dapat membayar dengan QRIS di dalam bus.", 2),
        ("Peremajaan lampu sudah diusulkan tahun depan.", 1),
        ("@dishub.kota mohon dicek nggih", 1),
        # near-misses: the official away, the fleet held up, a cause with no one acting
        ("Pak Kasi lagi rapat di provinsi sampai Kamis, Pak.", 0),
        ("Saat ini armada kami tertahan kepadatan lalu lintas di sekitar alun-alun.", 0),
        ("Penumpang sementara ini memang banyak sekali.", 0),
    ],
)
def test_interim_kinds_of_real_probe64_66(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Biasakan pilah dari rumah, jangan semua dilempar ke TPS.", "blames_citizen", True),
        ("Itu urusan kelurahan. Bapak minta saja surat pengantarnya di sana.", "rejects_ownership", True),
        ("Sekarang semua lewat Dinas PUPR, Bapak tanya ke sana jak lah.", "rejects_ownership", True),
        (
            "Bukan ranah admin medsos untuk menjawab soal tanah. Silakan datang langsung ke kantor camat.",
            "rejects_ownership",
            True,
        ),
        ("Kalau masih ribut, kami blokir akunnya.", "impolite", True),
        # near-misses: a vehicle's block, the office's own counter, routed on
        (
            "Memang ada blokir ETLE di kendaraan Bapak, silakan buka blokir di meja Polantas.",
            "impolite",
            False,
        ),
        ("Silakan datang langsung ke kantor kami di lantai 2.", "rejects_ownership", False),
        ("Itu urusan kelurahan, laporan Bapak sudah kami teruskan ke Pak Lurah.", "rejects_ownership", False),
    ],
)
def test_flag_kinds_of_real_probe64_66(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply).flags) is raised


@pytest.mark.parametrize(
    ("reply", "criterion", "points"),
    [
        ("Pagi Bu. Berkas Ibu sudah saya cek.", "greeting", 1),
        ("Suwun rek laporane.", "greeting", 1),
        ("Sebagai pimpinan, saya minta maaf.", "greeting", 1),
        ("Untuk transaksi gagal kami perlu kode bayar dan nomor polisinya, Pak.", "verification", 2),
        ("Bapak bayar ke siapa?", "verification", 2),
        ("Kalau masih tutup sebelum jamnya, Ibu WA saya langsung.", "status_followup", 1),
        # an aim in the sentence before ("untuk menertibkan") is not the aim of this report
        (
            "Besok petugas berjaga untuk menertibkan PKL. Hasilnya kami sampaikan di SAMBAT paling lambat lusa.",
            "status_followup",
            2,
        ),
        # near-misses: a time of day that greets no one, a rhetorical "siapa yang", the item passed on
        ("Pagi ini petugas sudah ke lokasi.", "greeting", 0),
        ("Guru honor siapa yang bayar?", "verification", 1),  # a question, but no specific fact
        ("Laporan akan kami sampaikan ke Satpol PP untuk ditindaklanjuti.", "status_followup", 0),
    ],
)
def test_criteria_kinds_of_real_probe64_66(reply: str, criterion: str, points: int) -> None:
    assert _score(reply, "sambat").points[criterion] == points
