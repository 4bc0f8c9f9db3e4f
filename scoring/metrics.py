"""Agreement statistics between the scorer and hand labels."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["exact_agreement", "micro_f1", "quadratic_weighted_kappa"]


def quadratic_weighted_kappa(labels: Sequence[int], predicted: Sequence[int], levels: int = 3) -> float:
    """Return Cohen's kappa with quadratic weights for ratings 0..levels-1 (1.0 if no spread)."""
    n = len(labels)
    if n == 0 or n != len(predicted):
        raise ValueError("need two equally long, non-empty rating lists")  # pragma: no mutate
    if any(not 0 <= rating < levels for rating in (*labels, *predicted)):
        raise ValueError(f"ratings must be between 0 and {levels - 1}")
    observed = [[0.0] * levels for _ in range(levels)]
    for i in range(n):
        observed[labels[i]][predicted[i]] += 1
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(levels)) for j in range(levels)]
    numerator = denominator = 0.0
    for i in range(levels):
        for j in range(levels):
            weight = (i - j) ** 2  # the usual / (levels - 1) ** 2 cancels in the ratio below
            expected = hist_a[i] * hist_b[j] / n
            numerator += weight * observed[i][j]
            denominator += weight * expected
    if denominator == 0:  # both raters gave one and the same rating throughout
        return 1.0
    return 1.0 - numerator / denominator


def exact_agreement(labels: Sequence[int], predicted: Sequence[int]) -> float:
    """Return the share of items where both ratings are equal."""
    if not labels:
        raise ValueError("need a non-empty rating list")  # pragma: no mutate
    return sum(a == b for a, b in zip(labels, predicted, strict=True)) / len(labels)


def micro_f1(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> float:
    """Return micro-averaged F1 of flag sets (1.0 when neither side raises any flag)."""
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(len(g & p) for g, p in pairs)
    fp = sum(len(p - g) for g, p in pairs)
    fn = sum(len(g - p) for g, p in pairs)
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)
