"""The agreement statistics (scoring/metrics.py) on small cases worked out by hand."""

from __future__ import annotations

import pytest

from scoring.metrics import exact_agreement, micro_f1, quadratic_weighted_kappa


@pytest.mark.parametrize(
    ("labels", "predicted", "kappa"),
    [
        ([0, 1, 2], [0, 1, 2], 1.0),  # perfect agreement
        ([0, 2], [2, 0], -1.0),  # complete, systematic disagreement
        ([0, 0, 2, 2], [0, 2, 2, 0], 0.0),  # no better than chance
        ([0, 1, 2], [0, 1, 1], 2 / 3),  # one item off by one level
        ([1, 1, 1], [1, 1, 1], 1.0),  # no spread at all: agreement, not a division by zero
        ([0, 1, 2, 2], [0, 2, 2, 1], 7 / 11),  # 1 - 2 / 5.5
    ],
)
def test_quadratic_weighted_kappa(labels: list[int], predicted: list[int], kappa: float) -> None:
    assert quadratic_weighted_kappa(labels, predicted) == pytest.approx(kappa)


def test_kappa_takes_more_levels_and_weighs_distance_quadratically() -> None:
    # One item off by two levels costs more than two items off by one.
    far = quadratic_weighted_kappa([0, 2, 4, 4], [0, 2, 4, 2], levels=5)
    near = quadratic_weighted_kappa([0, 2, 4, 4], [0, 3, 3, 4], levels=5)
    assert near > far
    assert quadratic_weighted_kappa([0, 4], [0, 4], levels=5) == 1.0


@pytest.mark.parametrize(("labels", "predicted"), [([0, 3], [0, 2]), ([0, 2], [3, 2]), ([-1, 2], [0, 2])])
def test_kappa_refuses_a_rating_outside_the_levels(labels: list[int], predicted: list[int]) -> None:
    with pytest.raises(ValueError, match="between 0 and 2"):
        quadratic_weighted_kappa(labels, predicted)
    assert quadratic_weighted_kappa([0, 3], [0, 3], levels=4) == 1.0


@pytest.mark.parametrize(("labels", "predicted"), [([], []), ([0, 1], [0]), ([0], [0, 1])])
def test_kappa_refuses_empty_or_unequal_lists(labels: list[int], predicted: list[int]) -> None:
    with pytest.raises(ValueError, match="equally long"):
        quadratic_weighted_kappa(labels, predicted)


def test_exact_agreement() -> None:
    assert exact_agreement([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    assert exact_agreement([2], [2]) == 1.0
    assert exact_agreement([2, 0], [1, 1]) == 0.0
    with pytest.raises(ValueError, match="non-empty"):
        exact_agreement([], [])
    with pytest.raises(ValueError, match="shorter|longer"):
        exact_agreement([0, 1], [0])


def test_micro_f1_of_flag_sets() -> None:
    assert micro_f1([{"impolite"}, {"blames_citizen"}, set()], [{"impolite"}, {"rejects"}, set()]) == 0.5
    assert micro_f1([set(), set()], [set(), set()]) == 1.0
    assert micro_f1([{"impolite"}], [set()]) == 0.0
    assert micro_f1([set()], [{"impolite"}]) == 0.0
    assert micro_f1([{"a", "b"}], [{"a"}]) == pytest.approx(2 / 3)  # tp 1, fn 1
    assert micro_f1([{"a"}], [{"a", "b"}]) == pytest.approx(2 / 3)  # tp 1, fp 1
    with pytest.raises(ValueError, match="shorter|longer"):
        micro_f1([{"a"}], [])
