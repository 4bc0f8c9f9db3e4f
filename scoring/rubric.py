"""Load and validate the rubric file: criteria, weights, levels, tips, banks, lexicon."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import RubricError
from .normalize import Lexicon
from .patterns import Bank, compile_bank

__all__ = ["CRITERIA", "DEFAULT_RUBRIC_PATH", "FLAGS", "Rubric"]

CRITERIA = ("greeting", "verification", "empathy", "interim_solution", "status_followup")
FLAGS = ("rejects_ownership", "blames_citizen", "discloses_identity", "impolite")
DEFAULT_RUBRIC_PATH = Path(__file__).with_name("rubric.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    id: str
    en: str


class CriterionSpec(_Strict):
    label: Label
    weight: Annotated[int, Field(ge=0, le=100)]
    levels: dict[int, str]
    tips: dict[int, str]

    @model_validator(mode="after")
    def _levels_complete(self) -> CriterionSpec:
        if set(self.levels) != {0, 1, 2}:
            raise ValueError("levels must describe exactly 0, 1 and 2")
        if not {0, 1} <= set(self.tips):
            raise ValueError("tips must be given for levels 0 and 1")
        return self


class FlagSpec(_Strict):
    label: Label
    penalty: Annotated[int, Field(ge=0, le=100)]
    tip: str


class Fuzzy(_Strict):
    cutoff: Annotated[float, Field(ge=50, le=100)]
    min_length: Annotated[int, Field(ge=3)]


class Normalisation(_Strict):
    fuzzy: Fuzzy
    abbreviations: dict[str, str]
    stem_overrides: dict[str, str]


class Negation(_Strict):
    words: list[str]
    window: Annotated[int, Field(ge=1, le=6)]


class Stuffing(_Strict):
    meta_words: list[str]
    max_meta_share: Annotated[float, Field(gt=0, le=1)]


class RubricFile(_Strict):
    version: str
    criteria: dict[str, CriterionSpec]
    flags: dict[str, FlagSpec]
    public_channels: list[str]
    ask_private_channels: list[str]
    normalisation: Normalisation
    negation: Negation
    stuffing: Stuffing
    overlap_ignore: list[str]
    generic_objects: list[str]
    banks: dict[str, list[str]]

    @model_validator(mode="after")
    def _complete(self) -> RubricFile:
        if set(self.criteria) != set(CRITERIA):
            raise ValueError(f"criteria must be exactly {', '.join(CRITERIA)}")
        if set(self.flags) != set(FLAGS):
            raise ValueError(f"flags must be exactly {', '.join(FLAGS)}")
        total = sum(c.weight for c in self.criteria.values())
        if total != 100:
            raise ValueError(f"criterion weights must add up to 100, not {total}")
        from .matcher import required_banks  # the rules declare the banks they read

        missing = {bank: rules for bank, rules in required_banks().items() if bank not in self.banks}
        if missing:
            named = "; ".join(
                f"{bank} (used by {', '.join(rules)})" for bank, rules in sorted(missing.items())
            )
            raise ValueError(f"missing banks: {named}")
        return self


class Rubric:
    """A validated rubric with its banks compiled; build it with `Rubric.load()`."""

    def __init__(self, spec: RubricFile, source: str) -> None:
        self.spec = spec
        self.source = source
        self.version = spec.version
        norm = spec.normalisation
        self.lexicon = Lexicon(
            norm.abbreviations, norm.stem_overrides, norm.fuzzy.cutoff, norm.fuzzy.min_length
        )
        self.banks: dict[str, Bank] = {
            name: compile_bank(name, patterns, self.lexicon.normalise_word, f"{source}: banks")
            for name, patterns in spec.banks.items()
        }
        vocabulary: set[str] = set()
        for bank in self.banks.values():
            vocabulary |= bank.words
        self.lexicon.set_vocabulary(vocabulary)
        self.negators = frozenset(self.lexicon.stem(w) for w in spec.negation.words)
        self.meta_words = frozenset(self.lexicon.stem(w) for w in spec.stuffing.meta_words)
        self.overlap_ignore = frozenset(self.lexicon.stem(w) for w in spec.overlap_ignore)
        self.generic_objects = frozenset(self.lexicon.stem(w) for w in spec.generic_objects)
        self.weights = {key: c.weight for key, c in spec.criteria.items()}
        self.penalties = {key: f.penalty for key, f in spec.flags.items()}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Rubric:
        """Read, validate and compile a rubric file (the packaged one by default)."""
        source = Path(path) if path is not None else DEFAULT_RUBRIC_PATH
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8"))  # pragma: no mutate (UTF-8 locale)
        except OSError as exc:
            raise RubricError(f"{source}: cannot read rubric: {exc.strerror}") from exc
        except yaml.YAMLError as exc:
            raise RubricError(f"{source}: invalid YAML: {exc}") from exc
        try:
            spec = RubricFile.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
            )
            raise RubricError(f"{source}: {problems}") from exc
        return cls(spec, str(source))


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """Return the packaged rubric, loaded once per process."""
    return Rubric.load()
