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


# --- helpers of this session's rounds that a mutation run found unpinned ----------------------


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        # another body's staff or counter after the service point: the citizen is sent elsewhere
        ("Silakan lapor ke petugas PLN terdekat.", True),
        ("Silakan tanyakan ke petugas operatornya.", True),
        # the office's own post, capitalised or not, and its staff with nothing after them
        ("Silakan melapor ke petugas Posko Terpadu di pintu masuk.", False),
        ("Kalau ada kendala, sampaikan saja ke petugas.", False),
    ],
)
def test_a_service_point_is_the_offices_own_unless_another_body_follows(reply: str, refused: bool) -> None:
    """flags._own_service_point."""
    assert ("rejects_ownership" in _score(reply).flags) is refused


def test_a_schedule_restricted_at_the_start_of_the_reply_dates_no_step() -> None:
    """criteria._restricted: the restricting word may be the reply's first word."""
    assert _score("Hanya hari Senin dan Kamis pelayanan pasang baru.").points["interim_solution"] == 0


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # a DM asked for in an earlier sentence does not make later advice a request for data
        ("Bisa DM kami ya kak. Bila ditarik melebihi tarif, mohon minta karcis resmi.", 2),
        # a second request in the sentence that is not the advice keeps it a request
        ("Mohon kirim foto jukirnya, lalu nanti mohon minta karcis resmi.", 0),
    ],
)
def test_a_request_is_the_advice_only_when_it_overlaps_it(reply: str, points: int) -> None:
    """criteria._request_is_the_advice."""
    assert _score(reply).points["interim_solution"] == points


def test_a_negator_opening_the_sentence_negates_what_follows() -> None:
    """matcher.Reply.negated: the sentence's first token is looked at too."""
    from scoring import Context
    from scoring.engine import default_rubric
    from scoring.matcher import Reply

    reply = Reply(default_rubric(), "Tidak kami perbaiki jalannya.", Context(channel="lapor"))
    assert reply.find("interim_action")
    assert reply.positive("interim_action") == []
