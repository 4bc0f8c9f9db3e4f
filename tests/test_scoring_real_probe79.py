"""Rules added after the untuned first run of real_probe79-84, each in other wording, with near-misses.

The probe items themselves are regression cases of the agreement guard (tests/test_scoring_real.py);
these tables pin the kind of sentence each rule reads, so that a rule that widens or narrows goes red.
"""

from __future__ import annotations

import pytest

from .probe_rounds import scorer

COMPLAINT = "KTP saya belum jadi sudah dua bulan, padahal mau dipakai daftar kerja minggu depan."

_score = scorer(COMPLAINT)


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # advice the citizen can use now: another way, a payment card, documents named, filing again
        ("Sebagai alternatif, Sahabat dapat menggunakan bus rute 9 dari halte Pancoran.", 2),
        ("Bapak bisa pakai kartu uang elektronik yang dijual di minimarket.", 2),
        ("Cukup bawa surat kehilangan dari kepolisian dan fotokopi KK ya kak.", 2),
        ("Silakan unggah ulang dengan scan berwarna dari dokumen asli.", 2),
        ("Bapak juga bisa langsung datang ke customer service stasiun dengan membawa KTP.", 2),
        # the request is the advice itself; a private channel after it asks for data instead
        ("Bila ditarik melebihi tarif, mohon minta karcis resmi dan jangan membayar lebih.", 2),
        ("Mohon info nomor registrasinya ya kak. Bisa lewat DM 🙏", 0),
        # stopgaps: meanwhile, during the repair; an order dated this week
        ("Sementara ini lubangnya sudah kami tutup plat dan pasang pembatas.", 2),
        ("Selama perbaikan, petugas Dishub melakukan pengaturan manual pada jam sibuk.", 2),
        ("Pendamping PKH sudah kami instruksikan melakukan verifikasi ulang ke sekolah pada minggu ini.", 2),
        # a purpose ("untuk urusan BPJS") names no owner, so the stopgap is not a refusal's
        ("Sementara kami buatkan surat keterangan pengganti KTP, sah dipakai untuk urusan BPJS dan bank.", 2),
    ],
)
def test_interim_kinds_of_real_probe79_84(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        (
            "Ibu langsung saja ke MPP lantai 1, sampaikan ke petugas mau ambil KTP yang sudah jadi.",
            "rejects_ownership",
            False,
        ),
        ("Silakan melapor ke petugas posko di pintu masuk pelabuhan.", "rejects_ownership", False),
        ("Surat keterangan ini sah dipakai untuk urusan BPJS dan bank.", "rejects_ownership", False),
        # near-misses: another body's counter or staff, another body's business
        (
            "Itu ranahnya operator kapal, silakan ditanyakan langsung ke loket operatornya.",
            "rejects_ownership",
            True,
        ),
        ("Itu bukan wewenang kami, silakan lapor ke petugas PLN.", "rejects_ownership", True),
        ("Kartu itu urusan BPJS, bukan kami.", "rejects_ownership", True),
    ],
)
def test_flag_kinds_of_real_probe79_84(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply).flags) is raised


def test_before_is_no_negation_and_an_aim_directs_no_one() -> None:
    """ "sebelum" (before) stems like "belum" but negates nothing; "supaya adik bisa ikut ujian" is an aim,
    not the citizen told what to do, so the call-back promised after it is news with a time and channel."""
    reply = (
        "Hari ini saya telepon kepala sekolahnya supaya adik bisa ikut ujian susulan, "
        "nanti sore sebelum jam 4 saya telepon balik Ibu ke nomor ini."
    )
    assert _score(reply, "callcenter").points["status_followup"] == 2
    assert (
        _score("Nanti sore saya telepon balik Ibu, belum jam 4.", "callcenter").points["status_followup"] == 2
    )
    assert _score("Warga bisa lapor langsung ke kecamatan.").flags.get("rejects_ownership") is not None
