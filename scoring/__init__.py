"""Latih Aduan's scoring engine: an Indonesian communication-rubric scorer in pure Python.

>>> from scoring import score, Context
>>> result = score("Selamat pagi Bapak, terima kasih atas laporannya.")
>>> result.criteria["greeting"].points
2
"""

from .engine import (
    MAX_REPLY_CHARS,
    Context,
    CriterionResult,
    Fact,
    FlagResult,
    Result,
    Span,
    prepare,
    score,
    weighted_total,
)
from .errors import RubricError, ScoringError
from .rubric import CRITERIA, FLAGS, Rubric, default_rubric

__all__ = [
    "CRITERIA",
    "FLAGS",
    "MAX_REPLY_CHARS",
    "Context",
    "CriterionResult",
    "Fact",
    "FlagResult",
    "Result",
    "Rubric",
    "RubricError",
    "ScoringError",
    "Span",
    "default_rubric",
    "prepare",
    "score",
    "weighted_total",
]
