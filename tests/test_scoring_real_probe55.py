"""Rules added after the first run of real_probe55-57, each in other wording, with near-misses.

The probe items themselves are regression cases in tests/test_scoring_real.py; these tables pin the
kind of sentence each rule reads, so that a rule that widens or narrows goes red here.
"""

from __future__ import annotations

import pytest

from scoring.normalize import tokenize
from scoring.rubric import default_rubric

from .probe_rounds import scorer

COMPLAINT = "Seragam sekolah anak saya diwajibkan beli di koperasi, harganya mahal sekali."

_score = scorer(COMPLAINT)


# --- sentences: an initial before a comma, a name's abbreviation, masked digits --------------------


@pytest.mark.parametrize(
    ("reply", "sentences"),
    [
        ("Menanggapi surat Sdr. Budi S., kami sampaikan terima kasih.", 1),
        ("Pasien atas nama Moh. Rizal sudah pulang. Terima kasih.", 2),
        ("No. RM 21.44.xx sudah kami cek. Terima kasih.", 2),
        # near-miss: a full stop before a new sentence still ends it
        ("Kami cek besok. Terima kasih.", 2),
    ],
)
def test_initials_names_and_masked_digits_end_no_sentence(reply: str, sentences: int) -> None:
    assert len(tokenize(reply, default_rubric().lexicon).sentences) == sentences


# --- disclosure: told to write data in public, on any public channel; a patient's record number -------


@pytest.mark.parametrize(
    ("reply", "channel", "disclosed"),
    [
        ("Untuk cek status PIP, tulis NISN dan nama lengkap anak di kolom komentar ya.", "social", True),
        (
            "Mohon Bapak mengirim surat ke redaksi dengan mencantumkan alamat rumah lengkap dan nomor HP.",
            "lapor",
            True,
        ),
        ("Pasien atas nama Siti Aminah, No. RM 12.34.xx, dirawat di ruang anak.", "lapor", True),
        # near-misses: the data asked in private, on a channel that is not social with no public place
        # named, a patient named with no record
        ("Untuk cek status PIP, tulis NISN dan nama lengkap anak lewat DM ya.", "social", False),
        ("Mohon Bapak mengirim alamat rumah lengkap dan nomor HP.", "lapor", False),
        ("Pasien atas nama Siti Aminah dirawat di ruang anak.", "lapor", False),
    ],
)
def test_data_written_in_public_or_a_record_number_discloses(
    reply: str, channel: str, disclosed: bool
) -> None:
    assert ("discloses_identity" in _score(reply, channel).flags) is disclosed


# --- blame: waiting on the government, wanting only to take, making a scene, mocking the complaint -------


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Warga juga harus jaga, jangan apa-apa nunggu pemerintah.", True),
        ("Orang tua jangan hanya mau gratis saja.", True),
        ("Jadi jangan bikin gaduh di grup, Pak.", True),
        ("Keluarga sebaiknya tidak mendesak perawat di ruang IGD.", True),
        ("Lain kali mohon patuhi jadwal kunjungan yang ada.", True),
        ("Jangan cuma pintar bicara di Facebook.", True),
        ("Besok apa lagi yang mau dikomplain? 😅", True),
        # near-misses: a safety instruction, the office's own promise, a question about the complaint
        ("Mohon patuhi rambu pengalihan arus di lokasi galian demi keselamatan.", False),
        ("Kami tidak hanya menunggu, tim sudah turun ke sekolah.", False),
        ("Apa lagi yang bisa kami bantu, Bu?", False),
    ],
)
def test_blame_kinds_of_real_probe55_57(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _score(reply).flags) is blamed


# --- ownership: another office's business, done in the passive, a complaints desk ------------------------


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Kalau banjir itu urusan PUPR, kelurahan tidak punya anggaran.", True),
        ("Kalau mau cepat, warga lapor bae langsung ke dinas.", True),
        # near-misses: a coordination already done, a complaints desk of the service
        ("Bapak dapat memakai surat keterangan itu, sudah dikoordinasikan dengan Satlantas.", False),
        ("Bila tetap dipaksa, silakan lapor ke UPT Pengaduan lewat WA 0812-5430-7781.", False),
    ],
)
def test_ownership_kinds_of_real_probe55_57(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _score(reply).flags) is refused


# --- criteria ------------------------------------------------------------------------------------------


def test_tabe_opens_respectfully() -> None:
    assert _score("Tabe', Bapak. Kami dari Disdik Kota Makassar.").points["greeting"] == 2
    assert _score("Kami dari Disdik Kota Makassar.").points["greeting"] == 1


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Jika seragam sudah tiba akan kami informasikan lewat SMS ke nomor Bapak.", 2),
        ("Perkembangannya akan kami unggah pada kanal LAPOR! ini.", 2),
        # near-miss: the news already given
        ("Sudah kami informasikan lewat SMS ke nomor Bapak.", 0),
    ],
)
def test_status_kinds_of_real_probe55_57(reply: str, points: int) -> None:
    assert _score(reply, "lapor").points["status_followup"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Kami sudah ajukan penambahan guru ke Pemprov.", 1),
        ("Ke depan pengawasan koperasi kami tingkatkan lagi.", 1),
        ("Ke depan kami akan melakukan pembinaan ke sekolah.", 1),
        ("Monggo datang ke sekolah ketemu Bu Wakasek, bawa SKTM dari kelurahan.", 2),
        ("Ibu boleh beli di luar, tidak ada sanksi.", 2),
        # near-misses: the citizen asked to propose, a restated rule with its hours, a past plan, the
        # same shop
        ("Ibu boleh beli di koperasi.", 0),
        ("Silakan ajukan keberatan ke komite sekolah.", 0),
        ("Koperasi sekolah memang cuma buka sampai jam 12.00, papan pengumuman sudah terpasang.", 0),
        ("Tahun lalu kami melakukan pembinaan ke sekolah.", 0),
    ],
)
def test_interim_kinds_of_real_probe55_57(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Kami minta pelapor menyebutkan nama sekolah dan kelasnya lewat LAPOR!.", 2),
        ("Boleh dibantu screenshot pesan error-nya via DM?", 2),
        # near-miss: the office asks another body, not the citizen
        ("Kami minta Dinas mengirim petugas ke sekolah.", 0),
    ],
)
def test_verification_kinds_of_real_probe55_57(reply: str, points: int) -> None:
    assert _score(reply, "lapor").points["verification"] == points
