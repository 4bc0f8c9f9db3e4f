"""The scoring package's errors: one root, so callers can catch everything we raise."""

__all__ = ["RubricError", "ScoringError"]


class ScoringError(Exception):
    """Root of every error the scoring package raises on purpose."""


class RubricError(ScoringError):
    """The rubric file is missing or invalid."""
