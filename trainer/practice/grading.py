"""The attempt's score: points per criterion across replies, routing verdict, total, tips. Pure.

The rule (shown to trainees before they start and on the feedback page):
- greeting is judged on the first reply; verification, empathy, interim solution and status
  follow-up on the best reply (a clear promise earlier in the conversation counts);
- the evidence shown for a criterion comes from the reply that earned its points (the earliest
  one if several earned the same);
- a flag raised in any reply counts once;
- communication score = the rubric formula on those points and flags (0-100);
- routing (disposisi): correct 2, acceptable 1, wrong 0;
- total = 80% communication + 20% routing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring import CRITERIA, FLAGS, weighted_total

from ..scenario_schema import Scenario
from .conversation import score_reply

COMMUNICATION_SHARE = 0.8
ROUTING_POINTS = {"correct": 2, "acceptable": 1, "wrong": 0}

#: Where a citizen of each channel expects news, in a trainee's words.
CHANNEL_NEWS = {
    "lapor": "tiket LAPOR! ini",
    "sambat": "tiket SAMBAT ini",
    "callcenter": "telepon balik ke nomor warga",
    "social": "utas ini atau pesan langsung",
    "tatap_muka": "telepon atau WhatsApp ke nomor warga",
}
#: A realistic deadline per channel (LAPOR!: verify in 3 working days, follow-up within 5).
CHANNEL_DEADLINE = {
    "lapor": "paling lambat 3 hari kerja",
    "sambat": "paling lambat 3 hari kerja",
    "callcenter": "hari ini sebelum jam 16.00",
    "social": "hari ini sebelum jam 16.00",
    "tatap_muka": "besok sebelum jam 12 siang",
}
URGENT_DEADLINE = "dalam 30 menit"


@dataclass(frozen=True)
class Aggregate:
    """The attempt's points per criterion, which reply (0-based) earned each, and the flags."""

    points: dict[str, int]
    source: dict[str, int]
    flags: list[str]


def aggregate(
    points_per_reply: Sequence[Mapping[str, int]], flags_per_reply: Iterable[Iterable[str]]
) -> Aggregate:
    """Apply the attempt rule to the replies' points (in order) and flags."""
    if not points_per_reply:
        return Aggregate({k: 0 for k in CRITERIA}, {}, [])
    points: dict[str, int] = {}
    source: dict[str, int] = {}
    for key in CRITERIA:
        if key == "greeting":
            chosen = 0
        else:
            chosen = max(range(len(points_per_reply)), key=lambda i: (points_per_reply[i][key], -i))
        points[key] = points_per_reply[chosen][key]
        source[key] = chosen
    raised = {f for flags in flags_per_reply for f in flags}
    return Aggregate(points, source, sorted(raised, key=FLAGS.index))


def routing_verdict(scenario: Scenario, action: str, agency: str) -> str:
    """Return correct, acceptable or wrong for a disposition against the scenario's ownership."""
    ownership = scenario.ownership
    if action == ownership.action and agency == ownership.owner:
        return "correct"
    forwarding = {"verifikasi", "bukan_wewenang"}
    if action == ownership.action and agency in ownership.acceptable:
        return "acceptable"
    if agency == ownership.owner and {action, ownership.action} <= forwarding:
        return "acceptable"
    return "wrong"


def communication_score(result: Aggregate) -> int:
    """Return the rubric total (0-100) on the attempt's points and flags."""
    return weighted_total(result.points, result.flags)


def attempt_total(communication: int, verdict: str) -> int:
    """Return 80% communication + 20% routing, rounded."""
    routing = ROUTING_POINTS[verdict]
    return round(COMMUNICATION_SHARE * communication + (1 - COMMUNICATION_SHARE) * 100 * routing / 2)


def evidence_spans(key: str, spans: Mapping[str, list[dict[str, Any]]], text: str) -> list[dict[str, Any]]:
    """Return the spans that show a criterion, without sentences that cannot be its evidence.

    A pure question is never empathy evidence; a sentence that disclosed identity is never
    verification evidence.
    """
    found = list(spans.get(key, []))
    if key == "empathy":
        found = [s for s in found if not text[s["start"] : s["end"]].rstrip().endswith("?")]
    if key == "verification":
        disclosed = spans.get("discloses_identity", [])
        found = [
            s for s in found if not any(d["start"] < s["end"] and s["start"] < d["end"] for d in disclosed)
        ]
    return found


def urgent(scenario: Scenario) -> bool:
    """Tell whether the case is an emergency (news within the hour, not days)."""
    return "safety" in scenario.needs  # a panicking citizen has it too: the schema requires that


def model_sentence(scenario: Scenario, opening: str, key: str) -> str | None:
    """Return the model answer's sentence that alone earns the most on a criterion (None if none)."""
    result = score_reply(scenario, opening, scenario.model_answer)
    best: tuple[int, str] | None = None
    for span in result.criteria[key].evidence:
        sentence = span.text.strip()
        points = score_reply(scenario, opening, sentence).points[key]
        if best is None or points > best[0]:
            best = (points, sentence)
    return best[1] if best else None


def scenario_tips(scenario: Scenario, opening: str) -> dict[str, str]:
    """Return tips for this scenario's empathy and status follow-up, with an example from its model answer."""

    def example(key: str) -> str:
        sentence = model_sentence(scenario, opening, key)
        return f" Contoh untuk kasus ini: «{sentence}»" if sentence else ""

    deadline = URGENT_DEADLINE if urgent(scenario) else CHANNEL_DEADLINE[scenario.channel]
    return {
        "status_followup": (
            f"Janjikan kabar lewat {CHANNEL_NEWS[scenario.channel]} dengan tenggat yang realistis, "
            f"misalnya {deadline}." + example("status_followup")
        ),
        "empathy": (
            "Akui keadaan warga ini dengan menyebut apa yang ia alami, bukan permintaan maaf umum."  # pragma: no mutate
            + example("empathy")
        ),
    }
