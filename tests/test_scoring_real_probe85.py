"""Rules added after the untuned first run of real_probe85-90, each in other wording, with near-misses.

The probe items themselves are regression cases of the agreement guard (tests/test_scoring_real.py);
these tables pin the kind of sentence each rule reads, so that a rule that widens or narrows goes red.
"""

from __future__ import annotations

import pytest

from .probe_rounds import scorer

COMPLAINT = "Ada sarang tawon besar di plafon rumah, anak saya sudah disengat dua kali."

_score = scorer(COMPLAINT)


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # what the citizen is told to do meanwhile stands with its reason or a routine word beside it
        ("Sementara jangan diganggu atau dibakar sendiri krn tawonnya bisa menyerang.", 2),
        (
            "Untuk sementara Bapak coba cetak ulang token di m-banking, biasanya fiturnya ada di menu riwayat.",
            2,
        ),
        # a correction already made is a step
        ("Rekening air Bapak telah dikoreksi menjadi Rp84.600 dan dapat dibayarkan mulai 14 Juni.", 2),
        # near-misses: the office's routine meanwhile, the citizen sent back to come again
        ("Sementara itu petugas kami biasanya patroli setiap malam.", 0),
        ("Sementara ini Ibu datang lagi saja besok.", 0),
    ],
)
def test_interim_kinds_of_real_probe85_90(reply: str, points: int) -> None:
    assert _score(reply).points["interim_solution"] == points
