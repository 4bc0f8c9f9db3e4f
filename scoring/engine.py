"""Score one written reply against the rubric: five criteria, four flags, a total."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import criteria as rules
from .errors import ScoringError
from .flags import flags as raise_flags
from .learned import FlagModel, default_model, learned_flags
from .matcher import (
    MAX_REPLY_CHARS,
    Context,
    Fact,
    Reply,
    Span,
    dedupe,
    fact_bank,
    interim_bank,
    sentences_of,
)
from .rubric import CRITERIA, FLAGS, Rubric, default_rubric

__all__ = [
    "MAX_REPLY_CHARS",
    "Context",
    "CriterionResult",
    "Fact",
    "FlagResult",
    "Note",
    "Result",
    "Span",
    "score",
    "weighted_total",
]

SCORER_VERSION = "latih-scorer-2.0"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """Points for one criterion, the evidence and what the trainee can do better."""

    key: str
    label: str
    points: int
    evidence: tuple[Span, ...]
    explanation: str
    tip: str


@dataclass(frozen=True, slots=True)
class FlagResult:
    """A raised flag with the words that raised it."""

    key: str
    label: str
    penalty: int
    evidence: tuple[Span, ...]
    tip: str


@dataclass(frozen=True, slots=True)
class Note:
    """Why a rule fired (or was held back) on one sentence: shown by `python -m scoring explain`."""

    sentence: Span
    rule: str
    why: str


@dataclass(frozen=True)
class Result:
    """The whole score of one reply."""

    criteria: Mapping[str, CriterionResult]
    flags: Mapping[str, FlagResult]
    total: int
    version: str
    asked_facts: tuple[str, ...] = field(default=())
    trace: tuple[Note, ...] = field(default=())

    @property
    def points(self) -> dict[str, int]:
        """Return the points per criterion."""
        return {key: c.points for key, c in self.criteria.items()}

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "scores": self.points,
            "flags": list(self.flags),
            "total": self.total,
            "version": self.version,
            "asked_facts": list(self.asked_facts),
            "evidence": {key: [s.to_dict() for s in c.evidence] for key, c in self.criteria.items()}
            | {key: [s.to_dict() for s in f.evidence] for key, f in self.flags.items()},
            "explanations": {
                key: {"explanation": c.explanation, "tip": c.tip} for key, c in self.criteria.items()
            },
        }


# --- entry point ----------------------------------------------------------------------


def prepare(context: Context, *, rubric: Rubric | None = None) -> None:
    """Compile a context's own banks (its facts' questions, its interim measures) ahead of time.

    A scenario's first reply would otherwise compile them; a server calls this for every scenario
    of its library when a worker starts, so no trainee's reply pays for it. Scores are unchanged.
    """
    rubric = rubric or default_rubric()
    for fact in context.facts:
        fact_bank(rubric, fact)
    interim_bank(rubric, context)


def score(
    reply: str,
    context: Context | None = None,
    *,
    rubric: Rubric | None = None,
    model: FlagModel | None | Literal["default"] = "default",
) -> Result:
    """Score one reply; raise ScoringError if `reply` is not a string.

    `model` is the learned flag layer (`scoring/learned.py`): "default" uses the packaged model if
    it is adopted, None scores with the rules alone. A model trained for another rubric version is
    refused with a ModelError.
    """
    if not isinstance(reply, str):
        raise ScoringError(f"reply must be a string, not {type(reply).__name__}")
    if context is not None and not isinstance(context, Context):
        raise ScoringError(f"context must be a Context, not {type(context).__name__}")
    rubric = rubric or default_rubric()
    context = context or Context()
    r = Reply(rubric, reply[:MAX_REPLY_CHARS], context)
    flag_spans = raise_flags(r)
    if model == "default":
        packaged = default_model()
        model = packaged if packaged is not None and packaged.adopted else None
    if model is not None:
        model.check(rubric.version)
        flag_spans |= learned_flags(r, flag_spans, model)
    tainted = frozenset(
        s
        for key in ("rejects_ownership", "blames_citizen")  # rude wording does not undo a real step
        for s in sentences_of(r, flag_spans.get(key, []))
    )
    rude = frozenset(sentences_of(r, flag_spans.get("impolite", [])))
    disclosed = frozenset(sentences_of(r, flag_spans.get("discloses_identity", [])))
    greeting, greeting_ev = rules.greeting(r)
    verification, verification_ev, asked = rules.verification(r, tainted | rude, disclosed)
    capped = "blames_citizen" in flag_spans or "impolite" in flag_spans
    empathy, empathy_ev = rules.empathy(r, capped)
    interim, interim_ev = rules.interim(r, tainted)
    status, status_ev = rules.status(r)
    raw = {
        "greeting": (greeting, greeting_ev),
        "verification": (verification, verification_ev),
        "empathy": (empathy, empathy_ev),
        "interim_solution": (interim, interim_ev),
        "status_followup": (status, status_ev),
    }
    criteria: dict[str, CriterionResult] = {}
    for key in CRITERIA:
        points, spans = raw[key]
        spec = rubric.spec.criteria[key]
        criteria[key] = CriterionResult(
            key,
            spec.label.id,
            points,
            tuple(dedupe(spans)) if points else (),
            spec.levels[points],
            spec.tips.get(points, ""),
        )
    flags: dict[str, FlagResult] = {}
    for key in FLAGS:
        if key in flag_spans:
            flag_spec = rubric.spec.flags[key]
            flags[key] = FlagResult(
                key, flag_spec.label.id, flag_spec.penalty, tuple(flag_spans[key]), flag_spec.tip
            )
    total = weighted_total({k: c.points for k, c in criteria.items()}, flags, rubric=rubric)
    trace = tuple(dict.fromkeys(Note(r.sentence_span(si), rule, why) for si, rule, why in r.notes))
    return Result(
        criteria,
        flags,
        total,
        f"{rubric.version}/{SCORER_VERSION}" + (f"/{model.name}" if model is not None else ""),
        tuple(dict.fromkeys(asked)),
        trace,
    )


def weighted_total(points: Mapping[str, int], flags: Iterable[str], *, rubric: Rubric | None = None) -> int:
    """Return 0..100: each criterion's weight times points/2, minus each raised flag's penalty."""
    rubric = rubric or default_rubric()
    value = sum(rubric.weights[k] * points[k] / 2 for k in CRITERIA)
    value -= sum(rubric.penalties[f] for f in set(flags))
    return max(0, round(value))  # at most 100: the rubric's weights add up to 100
