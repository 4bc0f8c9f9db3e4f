"""Rules added after the untuned first run of real_probe73-78, each in other wording, with near-misses.

The probe items themselves are regression cases of the agreement guard (tests/test_scoring_real.py);
these tables pin the kind of sentence each rule reads, so that a rule that widens or narrows goes red.
"""

from __future__ import annotations

import pytest

from .probe_rounds import scorer

COMPLAINT = "Obat hipertensi ibu saya kosong di apotek puskesmas sudah dua minggu."

_score = scorer(COMPLAINT)


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # a distribution set for a day, in the passive
        ("Bantuan beras insyaAllah dibagikan hari Sabtu tgl 12 di balai desa mulai pukul 08.00.", 2),
        # advice: collect, ask for, leave something at a desk; file through the service's channel
        ("Stok sudah datang, silakan diambil di apotek rawat jalan dengan membawa resep terakhir.", 2),
        ("Rincian biaya dapat diminta di kasir lantai 1 dengan menunjukkan kuitansi.", 2),
        ("Untuk antar makanan di luar jam besuk, bisa dititipkan ke pos satpam, nanti diantar petugas.", 2),
        ("Tidak perlu ke kantor kak, cukup ajukan lewat aplikasi Klampid, upload KK dan KTP.", 2),
        (
            "Bapak dapat mengajukan permohonan mediasi secara tertulis ke kantor camat dengan membawa bukti.",
            2,
        ),
        # near-misses: a hope with a time; the office's own letter is no step
        ("Kami sudah bersurat ke Kemenkes, semoga akhir bulan ini stok sudah datang.", 0),
        ("Mudah-mudahan minggu depan petugas bisa ke lokasi.", 0),
    ],
)
def test_interim_kinds_of_real_probe73_78(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


def test_an_application_is_not_a_request_to_the_citizen() -> None:
    """'permohonan' (an application) stems apart from 'mohon' (please): no fact is asked."""
    reply = "Bapak dapat mengajukan permohonan mediasi secara tertulis ke kantor camat."
    assert _score(reply).points["verification"] == 0
    assert _score("Mohon tulis nomor rekam medis pasien lewat DM.").points["verification"] == 2


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        # a grin at the citizen is rude, not blame
        ("Mungkin kakak lewatnya pas merem 😅", "impolite", True),
        ("Mungkin kakak lewatnya pas merem 😅", "blames_citizen", False),
        ("Juara juga kakak kalau soal komplain 😁", "impolite", True),
        # near-miss: the grin shares the citizen's feeling
        (
            "Macet gara-gara angkot ngetem memang bikin emosi 😅 Mulai hari ini petugas patroli.",
            "impolite",
            False,
        ),
        # the office refuses; the "Anda" is polite, not a snub
        (
            "Mohon maaf, laporan Anda tidak dapat kami tindak lanjuti karena bukan kewenangan Pemprov.",
            "impolite",
            False,
        ),
        ("Itu bukan urusan Anda.", "impolite", True),
        # sent to another body to do it
        ("Ibu datang aja ke Bapenda bawa SPPT asli.", "rejects_ownership", True),
        ("Kalau keberatan, silakan urus saja ke notaris.", "rejects_ownership", True),
        ("Izin keramaian iku urusane polsek, dudu kecamatan.", "rejects_ownership", True),
        # a habit lectured
        ("IGD bukan poli umum, jangan sedikit-sedikit demam langsung dibawa ke IGD.", "blames_citizen", True),
        # a pupil named with class and school on a public channel; the office's own staff named to call
        (
            "Menindaklanjuti aduan Ibu Neneng, orang tua Rizky kelas 9C SMPN 5, kami panggil kepsek.",
            "discloses_identity",
            True,
        ),
        (
            "Operator desa dapat menghubungi teknisi kami, Sdr. Yonas, di 0813-4372-9018 untuk panduan.",
            "discloses_identity",
            False,
        ),
    ],
)
def test_flag_kinds_of_real_probe73_78(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply, "lapor" if flag == "discloses_identity" else "social").flags) is raised
