"""What the practice pages say about an attempt: words for states, evidence excerpts.

Pure functions and mappings, used by the views and registered as template helpers; the
texts are lazy so they follow the user's language.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

#: Why a conversation ended, in words, by `attempt.end_reason`. None: the trainee finished it.
#: Add a reason here when the citizen engine gains one; an unknown reason falls back to None's text.
END_REASONS: dict[str | None, Any] = {
    "resolved": _l("Percakapan selesai: warga merasa aduannya ditangani dan menunggu tindak lanjut."),
    "turn_limit": _l(
        "Percakapan berhenti karena batas jumlah balasan tercapai sebelum warga merasa aduannya ditangani."
    ),
    "gave_up": _l(
        "Percakapan berhenti karena warga menyerah: terlalu banyak balasan yang tidak membantu, "
        "sehingga ia tidak mau melanjutkan."
    ),
    "trainee_finished": _l("Anda menyelesaikan percakapan sebelum warga merasa aduannya ditangani."),
    None: _l("Anda menyelesaikan percakapan sebelum warga merasa aduannya ditangani."),
}

#: The LAPOR! ticket status after the trainee's disposisi (the platform's own wording).
LAPOR_STATUS = {
    "verifikasi": "Terverifikasi",
    "bukan_wewenang": "Dialihkan",
    "tunda": "Menunggu Kelengkapan",
    "arsip": "Diarsipkan",
}

#: Citizen moods (index into MOODS) at or above which finishing asks for confirmation.
ANGRY = 2

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def end_reason_text(reason: str | None) -> Any:
    """Return why the conversation ended, in words (a lazy string)."""
    return END_REASONS.get(reason, END_REASONS[None])


def lapor_status(route_action: str | None, scenario_status: str | None) -> str:
    """Return the LAPOR! badge: the disposisi's status once routed, else the scenario's own."""
    if route_action in LAPOR_STATUS:
        return LAPOR_STATUS[route_action]
    return scenario_status or "Belum Terverifikasi"


def finish_needs_confirmation(end_reason: str | None, mood: int) -> bool:
    """Whether finishing now deserves a second thought: the talk is open or the citizen is angry."""
    return end_reason is None or mood >= ANGRY


def score_band(total: int | None) -> str:
    """Return good, fair or low for a 0-100 score (colours the list's best score)."""
    if total is None:
        return "none"
    if total >= 80:
        return "good"
    if total >= 50:
        return "fair"
    return "low"


def evidence_sentences(parts: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Keep only the sentences that hold marked evidence, joined with an ellipsis between gaps.

    `parts` is a reply split into (piece, is_evidence); the result has the same shape, so a
    criterion shows the sentence that earned it instead of the whole reply.
    """
    text = "".join(piece for piece, _ in parts)
    marked: list[tuple[int, int]] = []
    position = 0
    for piece, is_marked in parts:
        if is_marked:
            marked.append((position, position + len(piece)))
        position += len(piece)
    if not marked:
        return []
    sentences: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append((start, match.start()))
        start = match.end()
    sentences.append((start, len(text)))
    keep = [(s, e) for s, e in sentences if any(ms < e and me > s for ms, me in marked)]
    result: list[tuple[str, bool]] = []
    for index, (s, e) in enumerate(keep):
        if index:
            result.append((" … ", False))
        cursor = s
        for ms, me in marked:
            ms, me = max(ms, s), min(me, e)
            if ms >= me or me <= cursor:
                continue
            ms = max(ms, cursor)
            if ms > cursor:
                result.append((text[cursor:ms], False))
            result.append((text[ms:me], True))
            cursor = me
        if cursor < e:
            result.append((text[cursor:e], False))
    return result
