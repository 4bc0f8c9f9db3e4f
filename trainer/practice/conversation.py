"""The simulated citizen: decide the next message from the scenario's reactions and a score.

Pure and deterministic: the same scenario, citizen and replies always give the same
conversation. No Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring import Context, Fact, Result, score

from ..identity import Citizen, fill
from ..scenario_schema import MOODS, Reaction, Scenario, as_lines

#: Reactions checked first, in this order: the reply did something harmful.
HARMFUL = ("rejects_ownership", "blames_citizen", "impolite", "discloses_identity")


@dataclass(frozen=True)
class Step:
    """What the citizen does after one trainee reply."""

    message: str
    mood: int
    revealed: tuple[str, ...]  # fact keys revealed by this step
    trigger: str
    ended: bool
    end_reason: str | None  # "resolved" or "turn_limit"


def scoring_context(scenario: Scenario, opening_text: str, private: bool = False) -> Context:
    """Build the scorer's context from a scenario; a direct message is not a public channel."""
    return Context(
        complaint=opening_text,
        channel=f"{scenario.channel}_dm" if private else scenario.channel,
        facts=tuple(Fact(f.key, tuple(f.asked_by)) for f in scenario.facts),
        owner=scenario.ownership.owner,
        interim_terms=tuple(scenario.interim_measures),
    )


def initial_mood(scenario: Scenario) -> int:
    """Return the citizen's starting mood as an index of MOODS."""
    return MOODS.index(scenario.citizen.mood)


def choose_trigger(scenario: Scenario, result: Result) -> tuple[str, Reaction]:
    """Pick the reaction the reply provokes: harm first, then calming, then the lack of empathy."""
    reactions = scenario.reactions
    for flag in HARMFUL:
        reaction = getattr(reactions, flag)
        if flag in result.flags and reaction is not None:
            return flag, reaction
    points = result.points
    if points["interim_solution"] == 2 and points["empathy"] >= 1:
        return "calmed", reactions.calmed
    if points["empathy"] == 0:
        return "no_empathy", reactions.no_empathy
    if points["interim_solution"] < 2:
        return "vague", reactions.vague
    return "neutral", reactions.neutral


def respond(
    scenario: Scenario,
    citizen: Citizen,
    mood: int,
    revealed: tuple[str, ...],
    trainee_turns: int,
    result: Result,
) -> Step:
    """Return the citizen's answer to the trainee's reply number `trainee_turns` (1-based)."""
    trigger, reaction = choose_trigger(scenario, result)
    new_mood = max(0, min(len(MOODS) - 1, mood + reaction.mood))
    harmful = trigger in HARMFUL
    newly = tuple(k for k in result.asked_facts if k not in revealed) if not harmful else ()
    facts = {f.key: f for f in scenario.facts}
    parts = [fill(facts[k].reveal, citizen) for k in newly]
    resolved = trigger == "calmed" and new_mood <= 1 and result.points["status_followup"] >= 1
    limit = trainee_turns >= scenario.end.max_turns
    if resolved:
        parts.append(fill(as_lines(scenario.end.resolved)[0], citizen))
    elif limit:
        parts.append(fill(as_lines(reaction.say)[0], citizen))
        parts.append(fill(as_lines(scenario.end.unresolved)[0], citizen))
    elif not (trigger == "neutral" and parts):
        parts.append(fill(as_lines(reaction.say)[0], citizen))
    end_reason = "resolved" if resolved else "turn_limit" if limit else None
    return Step(" ".join(parts), new_mood, newly, trigger, end_reason is not None, end_reason)


def score_reply(scenario: Scenario, opening_text: str, reply: str, private: bool = False) -> Result:
    """Score one trainee reply with the scenario as context."""
    return score(reply, scoring_context(scenario, opening_text, private))
