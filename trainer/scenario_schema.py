"""The scenario format as pydantic models (extra keys forbidden); see scenarios/README.md."""

from __future__ import annotations

import re
import string
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

CHANNELS = ("lapor", "sambat", "callcenter", "social", "tatap_muka")
MOODS = ("calm", "irritated", "angry", "furious")
ACTIONS = ("verifikasi", "tunda", "bukan_wewenang", "arsip")
PLACEHOLDERS = frozenset(
    {
        "name",
        "first_name",
        "honorific",
        "address",
        "kelurahan",
        "phone",
        "nik",
        "ticket",
        "handle",
        "caller_line",
        "city",
        "admin_term",
    }
)
REACTION_TRIGGERS = (
    "rejects_ownership",
    "blames_citizen",
    "impolite",
    "discloses_identity",
    "no_empathy",
    "vague",
    "calmed",
    "neutral",
    "confused",
    "repeated",
)
#: What a conversation must achieve before the citizen is satisfied (any order, across turns).
NEEDS = ("acknowledged", "facts", "action", "followup", "safety")
DEFAULT_NEEDS = ("acknowledged", "action", "followup")
#: Persona traits the simulated citizen reacts to (see practice/conversation.py).
TRAITS = ("elderly", "confused_by_jargon", "panicking", "repeat_complainant", "sarcastic")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

Text = Annotated[str, Field(min_length=1, max_length=4000)]
Slug = Annotated[str, Field(pattern=_SLUG.pattern, max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_placeholders(text: str) -> str:
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name not in PLACEHOLDERS:
            raise ValueError(f"unknown placeholder {{{name}}}; use one of {', '.join(sorted(PLACEHOLDERS))}")
    return text


#: Text shown to the trainee that may use {placeholders} for the rendered citizen.
PlaceholderText = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_check_placeholders)]


#: One line or several wordings of it (the citizen picks one deterministically per attempt).
Lines = PlaceholderText | Annotated[list[PlaceholderText], Field(min_length=1)]


def as_lines(value: str | list[str]) -> tuple[str, ...]:
    """Return a `Lines` value as a tuple of wordings."""
    return (value,) if isinstance(value, str) else tuple(value)


class Persona(_Strict):
    age_band: Literal["18-25", "26-40", "41-60", "60+"]
    gender: Literal["perempuan", "laki-laki"]
    temperament: Text
    description: str = ""
    traits: list[
        Literal["elderly", "confused_by_jargon", "panicking", "repeat_complainant", "sarcastic"]
    ] = []


class Citizen(_Strict):
    persona: Persona
    mood: Literal["calm", "irritated", "angry", "furious"]
    anonymity: Literal["biasa", "anonim", "rahasia"] = "biasa"
    kelurahan: str = "Lowokwaru"
    city: str = "Kota Malang"


class ChannelContext(_Strict):
    """Channel-specific details; which keys make sense depends on the channel."""

    ticket_prefix: str | None = None  # e.g. "SMB-" for SAMBAT; LAPOR! uses 7 digits
    status: str | None = None  # as shown on a LAPOR! ticket
    platform: Literal["instagram", "x", "facebook", "tiktok"] | None = None
    public_thread: bool | None = None
    line: str | None = None  # the call-centre line, e.g. "Call Center 112"
    place: str | None = None  # for tatap_muka: where the citizen came in


class Opening(_Strict):
    text: PlaceholderText
    received_minutes_ago: Annotated[int, Field(ge=0, le=60 * 24 * 30)] = 30
    context: ChannelContext = ChannelContext()


class Fact(_Strict):
    key: Slug
    label: Text
    asked_by: Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=1)]
    reveal: PlaceholderText


class Reaction(_Strict):
    mood: Annotated[int, Field(ge=-3, le=3)]
    say: Lines


class Reactions(_Strict):
    """How the citizen answers, by what the trainee's reply did (first matching trigger wins)."""

    rejects_ownership: Reaction
    blames_citizen: Reaction
    impolite: Reaction | None = None
    discloses_identity: Reaction | None = None
    no_empathy: Reaction
    vague: Reaction
    calmed: Reaction
    neutral: Reaction
    confused: Reaction | None = None  # jargon that an elderly or confused citizen does not follow
    repeated: Reaction | None = None  # the same reply pasted again


class End(_Strict):
    max_turns: Annotated[int, Field(ge=1, le=12)] = 6
    resolved: Lines  # the citizen's last message when the case is handled well
    unresolved: Lines  # the citizen's last message when the turn limit is reached
    gave_up: Lines | None = None  # the citizen's last message when patience runs out


class Ownership(_Strict):
    owner: str
    acceptable: list[str] = []
    coordinate: list[str] = []
    action: Literal["verifikasi", "tunda", "bukan_wewenang", "arsip"]
    rationale: Text


class Scenario(_Strict):
    """One complaint scenario, as written in scenarios/<slug>.yaml."""

    title: Annotated[str, Field(min_length=3, max_length=200)]
    channel: Literal["lapor", "sambat", "callcenter", "social", "tatap_muka"]
    category: Annotated[str, Field(min_length=2, max_length=80)]
    difficulty: Annotated[int, Field(ge=1, le=3)]
    tags: list[Slug] = []
    estimated_minutes: Annotated[int, Field(ge=1, le=120)]
    free_practice: bool = True  # false keeps it unseen until a bimtek assigns it (pre/post tests)
    # Scenarios of one form group are parallel forms: same difficulty, channel type, ownership
    # pattern, starting mood, number of facts and needs, so pre- and post-tests compare fairly.
    form_group: Slug | None = None
    needs: list[Literal["acknowledged", "facts", "action", "followup", "safety"]] = list(DEFAULT_NEEDS)
    citizen: Citizen
    opening: Opening
    facts: list[Fact] = []
    reactions: Reactions
    end: End
    ownership: Ownership
    # Temporary measures that fit this case ("terpal", "antrean prioritas lansia"): a reply that
    # offers one earns interim-solution credit even if the rubric's general banks do not know it.
    interim_measures: list[Annotated[str, Field(min_length=2, max_length=80)]] = []
    # Safety instructions that fit this case ("matikan meteran listrik"), on top of the engine's own
    # list: a reply that gives one meets the `safety` need (a panicking caller needs it first).
    safety_terms: list[Annotated[str, Field(min_length=2, max_length=80)]] = []
    model_answer: Text
    trainer_notes: Text

    @model_validator(mode="after")
    def _unique_fact_keys(self) -> Scenario:
        keys = [f.key for f in self.facts]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"fact keys must be unique: {', '.join(duplicates)}")
        if len(set(self.needs)) != len(self.needs):
            raise ValueError("needs: each need may be listed once")
        if "facts" in self.needs and not self.facts:
            raise ValueError("needs: 'facts' needs at least one entry in facts")
        if "panicking" in self.citizen.persona.traits and "safety" not in self.needs:
            raise ValueError("needs: a panicking citizen needs 'safety' (a safety instruction first)")
        return self


class Agency(_Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=40)]
    name: Text
    type: Literal["opd", "kelurahan", "kecamatan", "puskesmas", "rsud", "bumd", "vertikal", "bumn", "lainnya"]
    city_owned: bool
    handles: list[str] = []


class AgencyCatalogue(_Strict):
    agencies: Annotated[list[Agency], Field(min_length=1)]


#: What the scenarios of one form group must share to be parallel forms.
FORM_GROUP_KEYS = ("difficulty", "channel", "ownership action", "starting mood", "number of facts", "needs")


def form_signature(scenario: Scenario) -> tuple[object, ...]:
    """Return what a parallel form must share with the others of its group (see FORM_GROUP_KEYS)."""
    return (
        scenario.difficulty,
        scenario.channel,
        scenario.ownership.action,
        scenario.citizen.mood,
        len(scenario.facts),
        tuple(sorted(scenario.needs)),
    )


def form_group_problems(scenarios: dict[str, Scenario]) -> dict[str, str]:
    """Return {slug: message} for scenarios whose form group is alone or not parallel."""
    groups: dict[str, list[str]] = {}
    for slug, scenario in sorted(scenarios.items()):
        if scenario.form_group:
            groups.setdefault(scenario.form_group, []).append(slug)
    problems: dict[str, str] = {}
    for group, slugs in groups.items():
        if len(slugs) < 2:
            problems[slugs[0]] = f"form group {group!r} has only this scenario; parallel forms come in pairs"
            continue
        first = form_signature(scenarios[slugs[0]])
        for slug in slugs[1:]:
            other = form_signature(scenarios[slug])
            differ = [k for k, a, b in zip(FORM_GROUP_KEYS, first, other, strict=True) if a != b]
            if differ:
                problems[slug] = f"form group {group!r}: differs from {slugs[0]} in {', '.join(differ)}"
    return problems
