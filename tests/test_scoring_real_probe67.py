"""Rules added after the untuned first run of real_probe67-72, each in other wording, with near-misses.

The probe items themselves are regression cases of the agreement guard (tests/test_scoring_real.py);
these tables pin the kind of sentence each rule reads, so that a rule that widens or narrows goes red.
"""

from __future__ import annotations

import pytest

from scoring.engine import default_rubric
from scoring.normalize import tokenize

from .probe_rounds import scorer

COMPLAINT = "Air PDAM mati tiga hari, anak saya tidak bisa mandi sebelum sekolah."

_score = scorer(COMPLAINT)


def _surfaces(reply: str) -> list[str]:
    return [t.surface for t in tokenize(reply, default_rubric().lexicon).tokens]


@pytest.mark.parametrize(
    ("reply", "word", "read_as"),
    [
        # Javanese "tak" before a verb with its object suffix is the speaker ...
        ("Nggih Pak, mengko hasile tak kabari lewat grup WA RT.", "kabari", "saya"),
        ("Lampune wis tak usulke nang dinas.", "usulke", "saya"),
        ("Nanti tak sampaikan ke bu bidan.", "sampaikan", "saya"),
        # ... and Indonesian "tidak" before a root, a modal or a prefixed verb
        ("Petugas tak peduli dengan antrean.", "peduli", "tidak"),
        ("Kami tak bisa datang hari ini.", "bisa", "tidak"),
        ("Penyebabnya tak diketahui.", "diketahui", "tidak"),
        ("Airnya tak kunjung mengalir.", "kunjung", "tidak"),
    ],
)
def test_javanese_tak_before_a_suffixed_verb_is_the_speaker(reply: str, word: str, read_as: str) -> None:
    surfaces = _surfaces(reply)
    assert surfaces[surfaces.index(word) - 1] == read_as


@pytest.mark.parametrize(
    ("reply", "criterion", "points"),
    [
        # regional words: Banjar, Manado, Pontianak, Javanese, Makassar
        ("Amun airnya sudah normal ulun WA Pian lagi lah.", "status_followup", 2),
        ("Kalo so masuk jadwalnya torang kase tau di IG ini ne.", "status_followup", 2),
        ("Hasilnye kite kabarkan lewat WA ini jugak, paling lambat Jumat.", "status_followup", 2),
        ("Nanti kami kasih tahu Ibu lewat WA ini.", "status_followup", 2),
        # near-miss: someone else is told ("dorang": them)
        ("Berkasnya masih di kelurahan. Nanti kita kase tau dorang.", "status_followup", 0),
        ("Ngapunten Bu, petugas kami masih di lokasi lain.", "empathy", 1),
        ("Sudah mi kami teruskan ke tim distribusi.", "interim_solution", 1),
        # condolence names a loss
        ("Innalillahi, turut berduka untuk keluarga Bapak.", "empathy", 2),
        ("Kami turut berduka cita atas kepergian ibunda.", "empathy", 2),
    ],
)
def test_regional_words_and_condolence(reply: str, criterion: str, points: int) -> None:
    assert _score(reply).points[criterion] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # handling as the aim of a request, with the report or an adverb inside
        ("Mohon lengkapi nomor pelanggan agar laporan dapat kami tindak lanjuti.", 1),
        ("Mohon tulis titik lokasinya via DM, agar bisa segera kami tindak lanjuti.", 1),
        # a stopgap named as one, however routine
        ("Sebagai penanganan sementara, petugas kami mengirim tangki air setiap pagi ke RW 03.", 2),
        # advice: a claim filed at the office's desk, filing again through the channel, documents to bring
        (
            "Saudara dapat mengajukan pengembalian dana melalui loket pengaduan dengan membawa kuitansi asli.",
            2,
        ),
        ("Silakan Bapak ajukan ulang lewat aplikasi dengan foto meteran yang jelas.", 2),
        ("Kalau belum muncul, bawa KTP dan KK asli ke kantor Dinsos pada hari kerja.", 2),
        ("Coba mbak datang langsung aja ke kantor kelurahan, bawa surat pengantar RT.", 2),
        ("Kalau ibu keberatan silakan ketemu saya di kantor desa hari Kamis jam 9.", 2),
        ("Warga yang belum terima silakan datang ke loket kantor kami, bawa fotokopi KTP.", 2),
        # near-misses: the schedule restated, a bare aim, the office carrying documents itself
        ("Pelayanan pasang baru hanya hari Senin dan Kamis.", 0),
        ("Petugas kami bawa berkasnya ke kantor pusat.", 0),
        ("Mohon lengkapi datanya agar laporan lengkap.", 0),
    ],
)
def test_interim_kinds_of_real_probe67_72(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Kakak tulis aja alamat lengkap + nomor WA di kolom komentar ini ya.", "discloses_identity", True),
        (
            "Mohon maaf, untuk kasus ini belum dapat kami tangani. Silakan cari bantuan lain.",
            "rejects_ownership",
            True,
        ),
        ("Jadi Ibu ke Polsek saja, bawa fotokopi STNK.", "rejects_ownership", True),
        ("Jalan rusak lapornya ke kelurahan, bukan ke sini.", "rejects_ownership", True),
        ("Kalau lebih nyaman berobat ke klinik lain, tidak ada yang larang kok 😊", "impolite", True),
        ("Kalau lebih nyaman berobat ke klinik lain, tidak ada yang larang kok 😊", "blames_citizen", True),
        ("Jangan asal tuduh petugas kami ya.", "impolite", True),
        # near-misses: data by WhatsApp, a report waiting for data, a lecture without rudeness
        (
            "Kakak tulis alamat lengkap dan nomor HP lewat WhatsApp resmi kami ya.",
            "discloses_identity",
            False,
        ),
        ("Laporan Anda belum dapat kami proses. Mohon lengkapi nama desa.", "rejects_ownership", False),
        ("Jangan asal posting sebelum cek meter di rumah ya kak.", "impolite", False),
        ("Jangan asal posting sebelum cek meter di rumah ya kak.", "blames_citizen", True),
    ],
)
def test_flag_kinds_of_real_probe67_72(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _score(reply).flags) is raised
