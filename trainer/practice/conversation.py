"""The simulated citizen: a person with a memory of the conversation, a persona and a temper.

Pure and deterministic: the same scenario, seed and replies always give the same conversation
(no Flask, no database, no randomness beyond a hash of the seed). `play` replays every trainee
reply through `respond`, so the web app, the `scenarios play` command, the tests and the demo
seed all derive the citizen's memory the same way, from the stored replies.

What the citizen remembers (`Memory`): whether the admin acknowledged the situation (empathy,
which carries forward and fades only after rudeness, blame, a refusal or a pasted reply), which
facts were asked and answered, the concrete step promised (time or actor), the promise of news
(channel or deadline), a safety instruction, any harm done, how many unhelpful replies it took
(patience) and every line it has said (never twice). The conversation resolves once the
scenario's `needs` are met, in any order across turns, the citizen is calm enough and has had
enough calming replies for the scenario's difficulty.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from scoring import Context, Fact, Result, score

from ..identity import Citizen, fill, render_citizen
from ..scenario_schema import MOODS, Reaction, Scenario, as_lines
from .citizen_lines import BANK, PERSONA_TYPES

#: Reactions checked first, in this order: the reply did something harmful.
HARMFUL = ("rejects_ownership", "blames_citizen", "impolite", "discloses_identity")
#: Harm that withdraws the acknowledgement the admin gave earlier (the admin turned curt).
FADES_EMPATHY = ("rejects_ownership", "blames_citizen", "impolite")

#: Difficulty -> unhelpful replies the citizen tolerates before giving up.
PATIENCE = {1: 4, 2: 3, 3: 2}
#: Difficulty -> replies that must have brought something new (or closed politely) before resolving.
CALMING_REPLIES = {1: 1, 2: 2, 3: 3}
#: Difficulty -> how many mood levels one reply can lower at most.
MAX_DROP = {1: 2, 2: 2, 3: 1}
#: Difficulty -> empathy points that count as acknowledging the situation (a ritual apology is 1).
_EMPATHY_NEEDED = {1: 1, 2: 2, 3: 2}
#: The citizen is satisfied only at this mood or calmer (an index of MOODS).
RESOLVE_MOOD = 1

#: Words an elderly or confused citizen does not follow.
JARGON = (
    "diteruskan",
    "teruskan",
    "disposisi",
    "didisposisikan",
    "tindak lanjut",
    "tindak lanjuti",
    "ditindaklanjuti",
    "tindaklanjuti",
    "eskalasi",
    "verifikasi",
    "validasi",
    "terverifikasi",
    "instansi terkait",
    "opd terkait",
)
#: Acronyms everyone knows; any other all-capitals word of three letters or more is jargon.
KNOWN_ACRONYMS = frozenset(
    {
        "KTP", "PLN", "BPJS", "PKH", "PDAM", "NIK", "HP", "WA", "RT", "RW", "KK", "RS", "TNI", "SMS",
        "BLT", "PKL", "ATM", "IGD", "UGD", "RSUD", "SD", "SMP", "SMA", "WIB", "LAPOR", "SAMBAT", "KIS",
    }
)  # fmt: skip
#: Phrases of a vague promise the citizen may quote back (longest first when several match).
VAGUE = (
    "nanti kami kabari",
    "akan kami tindak lanjuti",
    "segera kami tindak lanjuti",
    "akan kami teruskan",
    "akan kami koordinasikan",
    "kami koordinasikan",
    "ditindaklanjuti",
    "tindak lanjuti",
    "tindak lanjut",
    "diteruskan",
    "teruskan",
    "dikoordinasikan",
    "koordinasikan",
    "koordinasi",
    "sedang diproses",
    "akan diproses",
    "diproses",
    "ditampung",
    "dipelajari",
    "secepatnya",
    "segera",
    "mohon ditunggu",
    "ditunggu",
    "dinas terkait",
    "pihak terkait",
    "instansi terkait",
)
#: A safety instruction (a scenario adds its own through `safety_terms`).
SAFETY = (
    "menjauh",
    "jauhi",
    "jauh dari",
    "jangan mendekat",
    "jangan mendekati",
    "jangan menyentuh",
    "jangan sentuh",
    "jangan melintas",
    "jangan lewat",
    "tempat aman",
    "tempat yang aman",
    "tempat lebih tinggi",
    "keluar dari rumah",
    "keluar rumah",
    "keluar dari bangunan",
    "matikan listrik",
    "matikan aliran",
    "matikan kompor",
    "cabut colokan",
    "evakuasi",
    "mengungsi",
    "naik ke lantai",
    "tutup hidung",
    "pakai masker",
    "gunakan masker",
    "amankan diri",
    "selamatkan diri",
)
#: A line that reports what cannot have happened yet ("Petugas PLN sudah datang") is not said.
_TIME_JUMP = re.compile(
    r"\b(?:sudah|udah|telah|dah)\s+(?:datang|tiba|sampai|menyala|nyala|cair|beres|selesai|terbit|surut|padam|"
    r"di(?:naikkan|angkat|bersihkan|perbaiki|tambal|potong|angkut|rapikan|tertibkan|pasang|ganti|cetak|"
    r"evakuasi|padamkan|terbitkan)\w*|jadi)\b",
    re.IGNORECASE,
)
_OWN_PAST = re.compile(
    r"(?:^|[.!?,;]\s*|\b(?:dan|tapi|padahal|karena|kan)\s+)(?:saya|aku|gue|kami)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SLASH_FORM = re.compile(
    r"\b(?:Bapak|Pak|Ibu|Bu|Mas|Mbak|Kak|Kakak|Min)\s*/\s*(?:Bapak|Pak|Ibu|Bu|Mas|Mbak|Kak|Kakak|Min)\b"
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,80})[\"“”]")
_WORD = re.compile(r"\w+")
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


@dataclass(frozen=True)
class Memory:
    """What the citizen remembers of the conversation so far."""

    mood: int
    turn: int = 0  # trainee replies so far
    acknowledged: bool = False
    safety: bool = False
    verified: bool = False  # the admin asked something relevant
    action: str | None = None  # the sentence that promised a concrete step
    followup: str | None = None  # the sentence that promised news with a channel or deadline
    revealed: tuple[str, ...] = ()
    harm: tuple[str, ...] = ()
    unhelpful: int = 0
    calming: int = 0
    replies: tuple[tuple[str, ...], ...] = ()  # each reply's words, to notice a pasted reply
    said: tuple[str, ...] = ()  # every citizen line so far, never said twice
    triggers: tuple[str, ...] = ()  # how the citizen reacted to each reply so far


@dataclass(frozen=True)
class Step:
    """What the citizen does after one trainee reply."""

    message: str
    mood: int
    revealed: tuple[str, ...]  # fact keys revealed by this step
    trigger: str
    ended: bool
    end_reason: str | None  # "resolved", "gave_up", "turn_limit" or None
    result: Result
    reply: str = ""
    private: bool = False
    needs_met: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    """A whole conversation: the opening, one step per played reply, and how it stands."""

    scenario: Scenario
    seed: int
    citizen: Citizen
    opening: str
    start_mood: int
    steps: tuple[Step, ...] = field(default=())
    unplayed: int = 0  # replies given after the conversation had ended

    @property
    def ended(self) -> bool:
        return bool(self.steps) and self.steps[-1].ended

    @property
    def end_reason(self) -> str | None:
        return self.steps[-1].end_reason if self.steps else None

    @property
    def mood(self) -> int:
        return self.steps[-1].mood if self.steps else self.start_mood

    @property
    def revealed(self) -> tuple[str, ...]:
        return tuple(k for s in self.steps for k in s.revealed)

    def to_dict(self, slug: str) -> dict[str, Any]:
        """Return the conversation as the JSON of `flask --app trainer scenarios play --json`."""
        turns: list[dict[str, Any]] = [
            {"speaker": "citizen", "text": self.opening, "mood": MOODS[self.start_mood], "trigger": "opening"}
        ]
        for step in self.steps:
            turns.append(
                {
                    "speaker": "trainee",
                    "text": step.reply,
                    "mood": None,
                    "trigger": None,
                    "points": step.result.points,
                    "flags": list(step.result.flags),
                }
            )
            turns.append(
                {
                    "speaker": "citizen",
                    "text": step.message,
                    "mood": MOODS[step.mood],
                    "trigger": step.trigger,
                }
            )
        return {
            "slug": slug,
            "seed": self.seed,
            "turns": turns,
            "ended": self.ended,
            "end_reason": self.end_reason,
        }


def scoring_context(scenario: Scenario, opening_text: str, private: bool = False) -> Context:
    """Build the scorer's context from a scenario; a direct message is not a public channel."""
    return Context(
        complaint=opening_text,
        channel=f"{scenario.channel}_dm" if private else scenario.channel,
        facts=tuple(Fact(f.key, tuple(f.asked_by)) for f in scenario.facts),
        owner=scenario.ownership.owner,
        interim_terms=tuple(scenario.interim_measures),
    )


def score_reply(scenario: Scenario, opening_text: str, reply: str, private: bool = False) -> Result:
    """Score one trainee reply with the scenario as context."""
    return _scored(reply, scoring_context(scenario, opening_text, private))


@lru_cache(maxsize=2048)
def _scored(reply: str, context: Context) -> Result:
    # Each web reply replays the conversation's earlier replies (the citizen keeps no state between
    # requests), so without this every earlier reply would be scored again. Results are immutable.
    return score(reply, context)


def initial_mood(scenario: Scenario) -> int:
    """Return the citizen's starting mood as an index of MOODS."""
    return MOODS.index(scenario.citizen.mood)


def traits(scenario: Scenario) -> frozenset[str]:
    """Return the persona's traits; a citizen over 60 counts as elderly."""
    persona = scenario.citizen.persona
    found = set(persona.traits)
    if persona.age_band == "60+":
        found.add("elderly")
    return frozenset(found)


def persona_types(scenario: Scenario) -> tuple[str, ...]:
    """Return the line-bank types for this persona, most specific first, ending with "default"."""
    have = traits(scenario)
    return (*(t for t in PERSONA_TYPES if t in have), "default")


def play(
    scenario: Scenario,
    seed: int,
    replies: Iterable[str | tuple[str, bool]],
    *,
    citizen: Citizen | None = None,
    remember: bool = False,
) -> Conversation:
    """Play trainee replies (text, or (text, private)) through the citizen; stop when it ends.

    With `remember`, the state after each reply is kept for this scenario object, citizen and seed
    (`_played`), so a web reply that replays the conversation's earlier replies plays only the new
    one; the result is the same, only cheaper. Callers pass it with a cached scenario and citizen.
    """
    citizen = citizen or render_citizen(scenario, seed)
    items = tuple((item, False) if isinstance(item, str) else (item[0], bool(item[1])) for item in replies)
    if remember:
        steps, _memory, unplayed = _played(_Same(scenario), _Same(citizen), seed, items)
    else:
        steps, _memory, unplayed = _play_from(scenario, citizen, seed, items, _opened(scenario, citizen))
    opening = fill(scenario.opening.text, citizen)
    return Conversation(scenario, seed, citizen, opening, initial_mood(scenario), steps, unplayed)


_State = tuple[tuple[Step, ...], Memory, int]  # steps played, the memory after them, replies unplayed


class _Same:
    """A cache key for an object by identity (a scenario is a mutable model, so unhashable)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


def _opened(scenario: Scenario, citizen: Citizen) -> _State:
    """The state before any reply: the opening said, the scenario's starting mood."""
    memory = Memory(mood=initial_mood(scenario), said=(fill(scenario.opening.text, citizen),))
    return (), memory, 0


def _play_from(
    scenario: Scenario, citizen: Citizen, seed: int, items: Sequence[tuple[str, bool]], state: _State
) -> _State:
    steps, memory, unplayed = state
    opening = fill(scenario.opening.text, citizen)
    played = list(steps)
    for text, private in items:
        if played and played[-1].ended:
            unplayed += 1
            continue
        step, memory = respond(scenario, citizen, opening, seed, memory, text, private)
        played.append(step)
    return tuple(played), memory, unplayed


@lru_cache(maxsize=4096)
def _played(scenario: _Same, citizen: _Same, seed: int, items: tuple[tuple[str, bool], ...]) -> _State:
    # The key holds the scenario and citizen themselves, so their ids are not reused while cached.
    if not items:
        return _opened(scenario.value, citizen.value)
    before = _played(scenario, citizen, seed, items[:-1])
    return _play_from(scenario.value, citizen.value, seed, items[-1:], before)


# --- one reply ---------------------------------------------------------------------------


def respond(
    scenario: Scenario,
    citizen: Citizen,
    opening: str,
    seed: int,
    memory: Memory,
    reply: str,
    private: bool = False,
) -> tuple[Step, Memory]:
    """Return the citizen's answer to one reply and the memory after it."""
    private = private and scenario.channel == "social"
    result = score_reply(scenario, opening, reply, private)
    have = traits(scenario)
    turn = memory.turn + 1
    words = tuple(_WORD.findall(reply.casefold()))
    mem = replace(memory, turn=turn, replies=(*memory.replies, words))
    verdict = _judge(scenario, memory, mem, result, reply, words)
    trigger, delta, mem, revealed = verdict.trigger, verdict.delta, verdict.memory, verdict.revealed
    if "elderly" in have and trigger not in HARMFUL:
        delta = min(delta, 0)  # an elderly citizen gets confused or gives up, not angrier
    mood = max(0, min(len(MOODS) - 1, mem.mood + delta))
    mem = replace(mem, mood=mood)
    clean = trigger in ("calmed", "neutral")
    met = _met(scenario, mem)
    resolved = (
        clean
        and len(met) == len(set(scenario.needs))
        and mood <= RESOLVE_MOOD
        and mem.calming >= CALMING_REPLIES[scenario.difficulty]
    )
    gave_up = not resolved and mem.unhelpful >= PATIENCE[scenario.difficulty]
    limit = not resolved and not gave_up and turn >= scenario.end.max_turns
    end_reason = "resolved" if resolved else "gave_up" if gave_up else "turn_limit" if limit else None

    facts = {f.key: f for f in scenario.facts}
    parts = [_render(facts[k].reveal, citizen) for k in revealed]
    context = (reply, *(_quoted_sources(mem)))
    said = list(mem.said)
    kinds = persona_types(scenario)
    if end_reason is not None:
        ending = {"resolved": scenario.end.resolved, "gave_up": scenario.end.gave_up}.get(
            end_reason, scenario.end.unresolved
        )
        own = as_lines(ending) if ending is not None else ()
        parts.append(_pick(end_reason, own, kinds, citizen, seed, turn, said, context, None))
    elif not (trigger == "neutral" and parts):
        kind = "already_told" if verdict.told else trigger
        line = _reaction_line(scenario, kind, kinds, citizen, seed, turn, said, context, verdict.quote, mem)
        parts.append(line)
    message = " ".join(p for p in parts if p)
    mem = replace(mem, said=(*said, *parts), triggers=(*mem.triggers, trigger))
    step = Step(
        message, mood, revealed, trigger, end_reason is not None, end_reason, result, reply, private, met
    )
    return step, mem


@dataclass(frozen=True)
class _Verdict:
    """How the citizen takes one reply, before its mood is clamped and its line chosen."""

    trigger: str
    delta: int
    memory: Memory
    revealed: tuple[str, ...] = ()
    quote: str | None = None  # the admin's own words the line may quote
    told: bool = False  # the reply asked again for a fact already told


def _judge(
    scenario: Scenario, before: Memory, mem: Memory, result: Result, reply: str, words: tuple[str, ...]
) -> _Verdict:
    """Decide the reaction to a reply from what it did and what the citizen remembers."""
    points = result.points
    have = traits(scenario)
    repeated = _is_copy(words, before.replies)
    harm = next((flag for flag in HARMFUL if flag in result.flags), None)
    new: list[str] = []
    revealed: tuple[str, ...] = ()
    jargon = _jargon(reply) if have & {"elderly", "confused_by_jargon"} else None
    panicking = "panicking" in have and "safety" in scenario.needs
    safety_now = _has_any(reply, (*SAFETY, *scenario.safety_terms))
    quote: str | None = None
    trigger: str
    delta = 0
    told = False

    if repeated:
        trigger = "repeated"
        delta = max(1, scenario.reactions.repeated.mood if scenario.reactions.repeated else 1)
        mem = replace(mem, acknowledged=False, unhelpful=mem.unhelpful + 1)
    elif harm is not None:
        trigger = harm
        reaction = getattr(scenario.reactions, harm)
        delta = max(1, reaction.mood if reaction is not None else 1)
        fades = harm in FADES_EMPATHY
        mem = replace(
            mem,
            harm=(*mem.harm, harm),
            unhelpful=mem.unhelpful + 1,
            acknowledged=mem.acknowledged and not fades,
        )
    else:
        revealed = tuple(k for k in result.asked_facts if k not in mem.revealed)
        if revealed:
            new.append("facts")
        if points["verification"] >= 1 and not mem.verified:
            mem = replace(mem, verified=True)
        if points["empathy"] >= _EMPATHY_NEEDED[scenario.difficulty] and not mem.acknowledged:
            new.append("acknowledged")
        understood = jargon is None
        if safety_now and not mem.safety:
            new.append("safety")
        if understood and points["interim_solution"] == 2 and mem.action is None:
            new.append("action")
        if understood and points["status_followup"] == 2 and mem.followup is None:
            new.append("followup")
        mem = replace(
            mem,
            revealed=(*mem.revealed, *revealed),
            acknowledged=mem.acknowledged or "acknowledged" in new,
            safety=mem.safety or "safety" in new,
            action=mem.action or (_evidence(result, "interim_solution") if "action" in new else None),
            followup=mem.followup or (_evidence(result, "status_followup") if "followup" in new else None),
        )
        concrete = [n for n in new if n in ("action", "followup", "safety")]
        felt = "acknowledged" in new and points["empathy"] == 2  # specific empathy eases the mood
        reassures = understood and (
            points["interim_solution"] == 2 or points["status_followup"] == 2 or safety_now
        )
        if panicking and not mem.safety:
            trigger = "needs_safety"
            delta = 1
            if not revealed:
                mem = replace(mem, unhelpful=mem.unhelpful + 1)
        elif jargon is not None:
            trigger = "confused"
            quote = jargon
            mem = replace(mem, unhelpful=mem.unhelpful + 1)
        elif concrete or reassures:
            trigger = "calmed"  # something concrete, or more detail on a step already promised
            if scenario.difficulty < 3 or mem.acknowledged:
                delta = -min(max(1, len(concrete) + felt), MAX_DROP[scenario.difficulty])
            else:
                trigger = "neutral"  # a hard case: the step is noted, but nobody has heard the citizen yet
            mem = replace(mem, calming=mem.calming + 1)
        elif new:
            trigger = "neutral"  # acknowledged or asked the right question: nothing concrete yet
            delta = -1 if felt else 0
            mem = replace(mem, calming=mem.calming + 1)
        elif _needs_met(scenario, mem):
            trigger = "neutral"  # everything is done; a polite closing reply still counts
            mem = replace(mem, calming=mem.calming + 1)
            delta = -1 if mem.mood > RESOLVE_MOOD else 0
            told = bool(result.asked_facts)
        elif result.asked_facts:
            trigger = "neutral"  # asks again what the citizen already told: "Sudah saya sebutkan tadi"
            told = True
        else:
            mem = replace(mem, unhelpful=mem.unhelpful + 1)
            quote = _vague_phrase(reply)
            vague = quote is not None or points["interim_solution"] == 1 or points["status_followup"] == 1
            complained = "no_empathy" in mem.triggers
            if not mem.acknowledged and points["empathy"] == 0 and not (complained and quote):
                trigger = "no_empathy"
            elif vague:
                trigger = "vague"
            else:
                trigger = "neutral"
                mem = replace(mem, unhelpful=mem.unhelpful - 1)  # polite but empty: no patience used
            if trigger != "neutral" and "elderly" not in have:
                delta = max(0, getattr(scenario.reactions, trigger).mood)
                if scenario.difficulty == 1 and mem.unhelpful % 2 == 1:
                    delta = 0  # an easy citizen lets the first (and every other) empty reply pass

    return _Verdict(trigger, delta, mem, revealed, quote, told)


def _reaction_line(
    scenario: Scenario,
    trigger: str,
    kinds: tuple[str, ...],
    citizen: Citizen,
    seed: int,
    turn: int,
    said: list[str],
    context: tuple[str, ...],
    quote: str | None,
    memory: Memory,
) -> str:
    reaction: Reaction | None = getattr(scenario.reactions, trigger, None)
    own = as_lines(reaction.say) if reaction is not None else ()
    kind = trigger
    if trigger == "vague" and quote and (memory.action or memory.followup):
        own = ()  # quote the admin's vague words rather than ask again for a step already promised
    recalls = trigger in ("vague", "no_empathy") and "repeat_complainant" in kinds
    if recalls and (memory.action or memory.followup):
        quote = _short(memory.followup or memory.action or "")
        kind = "recall"
        own = ()
    elif trigger in ("vague", "neutral") and not quote:
        missing = [n for n in scenario.needs if n not in _met(scenario, memory)]
        if missing:  # ask for what is still missing, not for what the admin already gave
            kind = "ask_" + missing[0]
            if memory.action or memory.followup or memory.safety:
                own = ()  # the scenario's generic line may ask for a step already promised
    return _pick(kind, own, kinds, citizen, seed, turn, said, context, quote)


def _pick(
    kind: str,
    own: Sequence[str],
    kinds: tuple[str, ...],
    citizen: Citizen,
    seed: int,
    turn: int,
    said: list[str],
    context: tuple[str, ...],
    quote: str | None,
) -> str:
    """Choose one unsaid, grounded, present-tense wording: the scenario's, filled in from the bank."""
    echoes = kind in ("vague", "confused", "recall") or kind.startswith("ask_")
    pool = [line for line in (_render(t, citizen) for t in own) if _usable(line, said, context, echoes)]
    bank_kinds = ["vague_quote"] if kind == "vague" and quote else [kind]
    for persona in kinds:
        if persona == "default" and len(pool) >= 3:
            break  # the scenario and the persona's own bank give enough wordings
        for bank_kind in bank_kinds:
            for template in BANK.get(persona, {}).get(bank_kind, ()):
                if "{quote}" in template and not quote:
                    continue
                line = _render(template.replace("{quote}", quote or ""), citizen)
                if line not in pool and _usable(line, said, context, echoes):
                    pool.append(line)
    if not pool:  # every wording is used up: an unsaid neutral line of the persona
        pool = (
            [
                line
                for persona in kinds
                for line in (_render(t, citizen) for t in BANK.get(persona, {}).get("neutral", ()))
                if _usable(line, said, context, False)
            ]
            or [_render(t, citizen) for t in own]
            or [_render(BANK["default"]["neutral"][0], citizen)]
        )
    return pool[_hash(seed, turn, kind) % len(pool)]


def _usable(line: str, said: Sequence[str], context: tuple[str, ...], echoes: bool) -> bool:
    """A line is usable if not said before, in the present, and quoting only the admin's words."""
    if line in said or _QUOTED.sub('""', line) in {_QUOTED.sub('""', x) for x in said}:
        return False  # said already, or the same sentence around another quote
    for jump in _TIME_JUMP.finditer(line):  # "saya sudah datang tiga kali" is the citizen's own past
        if not _OWN_PAST.search(line[: jump.start()]):
            return False
    written = " ".join(context).casefold()
    for quoted in _QUOTED.findall(line):
        if quoted.casefold().strip(" .,!?") not in written:
            return False
    if echoes:  # "Ditindaklanjuti kapan?" only after the admin wrote it
        for m in _terms_regex(VAGUE + JARGON).finditer(line):
            if not _has_any(written, (m.group(),)):
                return False
    return True


def _render(text: str, citizen: Citizen) -> str:
    return _SLASH_FORM.sub(citizen.admin_term, fill(text, citizen))


def _hash(seed: int, turn: int, kind: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{turn}:{kind}".encode()).digest()[:8], "big")


@lru_cache(maxsize=64)
def _terms_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Compile whole-word terms into one pattern, longest first (so the longest wording wins)."""
    ordered = sorted({t.casefold() for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)", re.IGNORECASE)


def _has_any(text: str, terms: tuple[str, ...]) -> bool:
    return bool(terms) and _terms_regex(terms).search(text) is not None


def _find_phrase(text: str, terms: tuple[str, ...]) -> str | None:
    """Return the reply's own wording of the longest term found in it."""
    found = [m.group() for m in _terms_regex(terms).finditer(text)] if terms else []
    return max(found, key=len) if found else None


def _vague_phrase(reply: str) -> str | None:
    return _find_phrase(reply, VAGUE)


def _jargon(reply: str) -> str | None:
    found = _find_phrase(reply, JARGON)
    if found:
        return found
    acronym = next((m.group() for m in _ACRONYM.finditer(reply) if m.group() not in KNOWN_ACRONYMS), None)
    if acronym and sum(1 for w in _WORD.findall(reply) if w.isupper() and len(w) > 2) * 2 < len(
        _WORD.findall(reply)
    ):
        return acronym  # not a shouted reply, which the scorer flags as impolite instead
    return None


def _is_copy(words: tuple[str, ...], earlier: Sequence[tuple[str, ...]]) -> bool:
    """Tell whether a reply repeats an earlier one (word for word, or nearly with 6+ words)."""
    if not words:
        return False
    mine = set(words)
    for other in earlier:
        if other == words:
            return True
        theirs = set(other)
        if len(mine) >= 6 and len(mine & theirs) / len(mine | theirs) >= 0.85:
            return True
    return False


def _evidence(result: Result, key: str) -> str:
    spans = result.criteria[key].evidence
    return spans[0].text if spans else ""


def _short(sentence: str, words: int = 10) -> str:
    """Return the first words of a sentence the admin wrote (a contiguous quote, never invented)."""
    parts = sentence.strip().rstrip(".!?").split()
    return " ".join(parts[:words])


def _quoted_sources(memory: Memory) -> tuple[str, ...]:
    return tuple(s for s in (memory.action, memory.followup) if s)


def _met(scenario: Scenario, memory: Memory) -> tuple[str, ...]:
    """Return the scenario's needs the conversation has met so far."""
    done = {
        "acknowledged": memory.acknowledged,
        "facts": bool(memory.revealed) if scenario.facts else memory.verified,
        "action": memory.action is not None,
        "followup": memory.followup is not None,
        "safety": memory.safety,
    }
    return tuple(n for n in dict.fromkeys(scenario.needs) if done[n])


def _needs_met(scenario: Scenario, memory: Memory) -> bool:
    return len(_met(scenario, memory)) == len(set(scenario.needs))


def wordings(scenario: Scenario, citizen: Citizen, kind: str) -> tuple[str, ...]:
    """Return every wording the citizen may use for a reaction or ending (without quoted lines)."""
    own: tuple[str, ...] = ()
    reaction = getattr(scenario.reactions, kind, None)
    if reaction is not None:
        own = as_lines(reaction.say)
    elif kind in ("resolved", "unresolved", "gave_up"):
        ending = getattr(scenario.end, kind)
        own = as_lines(ending) if ending is not None else ()
    bank = [t for p in persona_types(scenario) for t in BANK.get(p, {}).get(kind, ()) if "{quote}" not in t]
    return tuple(dict.fromkeys(_render(t, citizen) for t in (*own, *bank)))
