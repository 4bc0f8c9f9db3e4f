"""bench/first_runs.py: which sets it pools, and that pooling sums the sets rather than averaging them."""

from __future__ import annotations

from bench.first_runs import _default_sets, figures

LABELS = {"greeting": 0, "verification": 0, "empathy": 0, "interim_solution": 0, "status_followup": 0}


def test_default_sets_are_the_numbered_probes_from_two_in_numeric_order() -> None:
    names = [p.name for p in _default_sets()]
    assert names[0] == "real_probe2.jsonl"
    assert "real_probe.jsonl" not in names  # written before this rules: not a first run of them
    numbers = [int(n.removeprefix("real_probe").removesuffix(".jsonl")) for n in names]
    assert numbers == sorted(numbers)
    assert numbers.index(10) == numbers.index(9) + 1


def test_pooled_figures_weigh_every_reply_once() -> None:
    rows = [
        {"labels": dict(LABELS, greeting=g), "flags": f} for g, f in ((0, []), (1, ["impolite"]), (2, []))
    ]
    right = [
        {"points": dict(LABELS, greeting=g), "flags": f} for g, f in ((0, []), (1, ["impolite"]), (2, []))
    ]
    kappas, mean, f1 = figures(rows, right)
    assert kappas["greeting"] == 1.0
    assert f1 == 1.0
    wrong = [dict(p, flags=[]) for p in right]
    wrong[2] = {"points": dict(LABELS, greeting=0), "flags": []}
    kappas, mean, f1 = figures(rows, wrong)
    assert kappas["greeting"] < 1.0
    assert f1 == 0.0  # the one flag was missed
    assert mean == sum(kappas.values()) / len(kappas)


def test_every_set_with_a_lost_first_run_has_its_first_run_flags_stored_for_every_reply() -> None:
    # The pooled flag figure reads these instead of replaying the lost commit: a set listed in
    # LOST_HISTORY without every reply's stored flags would be pooled wrongly.
    import json

    from bench.first_runs import LOST_HISTORY, ROOT, stored_first_run_flags

    for name in sorted(LOST_HISTORY):
        path = ROOT / "tests" / "data" / f"{name}.jsonl"
        ids = [
            json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        assert ids, name
        assert set(stored_first_run_flags(name)) == set(ids), name
