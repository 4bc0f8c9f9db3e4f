"""A small learned layer for the four flags: a linear model over each sentence, pure Python.

The rules (``flags.py``) stay the first reader of a reply. This module scores every *sentence*
with one logistic-regression model per flag over

- the sentence's words and word pairs (expanded, lower-cased surfaces) and their stems,
- character 3- and 4-grams of each word (so "nyinyirmu", "nyinyir" and "nyinyiran" share evidence),
- the sentence's roles from ``roles.py`` (question, directs the citizen, addresses the citizen,
  second person, office speaks, cause/excuse, condition),
- what the rules said about it: which flag's evidence lies in it and which rule noted it,
- the channel of the reply (disclosure depends on it).

A reply's score for a flag is its best sentence's score, and that sentence is the evidence of a
flag the model raises. The model only *adds* flags the rules missed (see ``learned_flags``).

Weights live in ``flag_model.json`` beside this file, written by ``python -m scoring train``
(``scoring/train.py``, which needs the ``train`` extra); the file names the rubric version it was
trained with, and a rubric of another version is refused (``ModelError``) rather than scored with
stale weights. Nothing here imports numpy or scikit-learn: inference is dictionary look-ups.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from math import fsum
from pathlib import Path
from typing import Any

from .errors import RubricError
from .matcher import Reply, Span, sentences_of
from .normalize import CLAUSE_BREAK

__all__ = [
    "MODEL_FILE",
    "FlagModel",
    "ModelError",
    "default_model",
    "learned_flags",
    "load_model",
    "sentence_features",
    "sentence_scores",
]

MODEL_FILE = Path(__file__).with_name("flag_model.json")
FORMAT = 1
NEVER = 1e8  # a threshold at or above this means the flag is left to the rules alone


class ModelError(RubricError):
    """The flag model file is unreadable or was trained for another rubric version."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (weights are dicts)
class FlagModel:
    """Per-flag weights, bias and threshold (in logit space) plus the feature settings."""

    name: str
    rubric: str
    use_rules: bool
    char_ngrams: tuple[int, ...]
    bias: Mapping[str, float]
    threshold: Mapping[str, float]
    weights: Mapping[str, Mapping[str, float]]
    adopted: bool

    @property
    def vocabulary(self) -> frozenset[str]:
        """Return every feature with a weight for some flag (computed once per model)."""
        return _vocabulary(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "flag model") -> FlagModel:
        """Build a model from the JSON data written by ``python -m scoring train``."""
        try:
            if data["format"] != FORMAT:
                raise ModelError(f"{source}: format {data['format']!r}, this scorer reads {FORMAT}")
            flags = data["flags"]
            return cls(
                name=str(data["name"]),
                rubric=str(data["rubric"]),
                use_rules=bool(data["features"]["rules"]),
                char_ngrams=tuple(int(n) for n in data["features"]["char_ngrams"]),
                bias={k: float(v["bias"]) for k, v in flags.items()},
                threshold={k: float(v["threshold"]) for k, v in flags.items()},
                weights={k: {f: float(w) for f, w in v["weights"].items()} for k, v in flags.items()},
                adopted=bool(data.get("adopted", False)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{source}: not a flag model file ({exc!r})") from exc

    def check(self, rubric_version: str) -> None:
        """Refuse a rubric of another version than the one the model was trained with."""
        if rubric_version != self.rubric:
            raise ModelError(
                f"flag model {self.name} was trained for rubric {self.rubric!r}, but the rubric is "
                f"{rubric_version!r}: retrain it with `python -m scoring train` "
                "(or score without it: model=None)"
            )


@lru_cache(maxsize=8)
def _vocabulary(model: FlagModel) -> frozenset[str]:
    return frozenset(f for weights in model.weights.values() for f in weights)


def model_name(payload: Mapping[str, Any]) -> str:
    """Name a model by a hash of its content, so Result.version says which weights scored."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return "flags-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def load_model(path: str | Path) -> FlagModel:
    """Read a model file; raise ModelError if it cannot be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the flag model ({exc})") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{path}: not a flag model file")
    return FlagModel.from_dict(data, str(path))


@lru_cache(maxsize=1)
def default_model() -> FlagModel | None:
    """Return the packaged model, or None when the package ships none."""
    return load_model(MODEL_FILE) if MODEL_FILE.exists() else None


_ROLE_NAMES = (
    "question",
    "directive",
    "citizen_subject",
    "second_person",
    "office_subject",
    "cause",
    "conditional",
)


def sentence_features(
    r: Reply,
    rule_flags: Mapping[str, Sequence[Span]],
    *,
    use_rules: bool = True,
    char_ngrams: Sequence[int] = (3, 4),
) -> list[list[str]]:
    """Return the feature names of each sentence of the reply, sorted (see the module docstring)."""
    return [sorted(f) for f in _feature_sets(r, rule_flags, use_rules, tuple(char_ngrams))]


def _feature_sets(
    r: Reply, rule_flags: Mapping[str, Sequence[Span]], use_rules: bool, grams: tuple[int, ...]
) -> list[set[str]]:
    tokens = r.stream.tokens
    by_sentence: dict[int, set[str]] = {}
    if use_rules:
        for key, spans in rule_flags.items():
            for si in sentences_of(r, list(spans)):
                by_sentence.setdefault(si, set()).add("f:" + key)
        for si, rule, _why in r.notes:
            by_sentence.setdefault(si, set()).add("n:" + rule)
    channel = "ch:" + (r.context.channel or "-")
    out = []
    for si, s in enumerate(r.stream.sentences):
        kept = [t for t in tokens[s.first : s.last] if t.text != CLAUSE_BREAK]
        words = [t.surface for t in kept]
        feats = {"bias-sentence", channel}
        for t in kept:
            feats.update(_word_features(t.surface, t.text, grams))
        feats.update(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
        if words:
            feats.add("first:" + words[0])
        role = r.role(si)
        feats.update("r:" + name for name in _ROLE_NAMES if getattr(role, name))
        feats.update(by_sentence.get(si, ()))
        out.append(feats)
    return out


@lru_cache(maxsize=50_000)
def _word_features(word: str, stem: str, sizes: tuple[int, ...]) -> tuple[str, ...]:
    padded = f"<{word}>"
    grams = ("c:" + padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1))
    return ("w:" + word, "s:" + stem, *grams)


def sentence_scores(
    model: FlagModel, features: Sequence[Iterable[str]], keys: Sequence[str] | None = None
) -> dict[str, list[float]]:
    """Return, for each flag of `keys` (default: all), each sentence's logit.

    The sum is math.fsum over the sentence's known features: exact, so the order in which a set
    yields them does not change the result.
    """
    keys = list(model.weights) if keys is None else keys
    vocabulary = model.vocabulary
    known = [vocabulary.intersection(f if isinstance(f, set) else set(f)) for f in features]
    scores: dict[str, list[float]] = {}
    for key in keys:
        get = model.weights[key].get
        bias = model.bias[key]
        scores[key] = [bias + fsum(map(get, k, repeat(0.0))) for k in known]
    return scores


def learned_flags(
    r: Reply, rule_flags: Mapping[str, Sequence[Span]], model: FlagModel
) -> dict[str, list[Span]]:
    """Return the flags the model raises that the rules did not, each with its best sentence."""
    wanted = [k for k in model.weights if k not in rule_flags and model.threshold[k] < NEVER]
    if not r.stream.sentences or not wanted:
        return {}
    features = _feature_sets(r, rule_flags, model.use_rules, model.char_ngrams)
    added: dict[str, list[Span]] = {}
    for key, logits in sentence_scores(model, features, wanted).items():
        best = max(range(len(logits)), key=lambda i: (logits[i], -i))
        if logits[best] >= model.threshold[key]:
            added[key] = [r.sentence_span(best)]
            r.note(best, key, f"learned model {model.name}: {logits[best]:.2f} ≥ {model.threshold[key]:.2f}")
    return added
