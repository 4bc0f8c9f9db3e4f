"""Train and cross-validate the flag model (``python -m scoring train`` / ``python -m scoring cv``).

Needs the ``train`` extra (scikit-learn); scoring itself never imports this module.

**Sentences, not replies, are scored; labels are per reply** (multiple-instance learning). A reply
carrying a flag has at least one sentence that earns it; a reply without it has none. Training:

1. every sentence of a reply without the flag is a negative;
2. start with every sentence of a reply with the flag as a positive (down-weighted by the number
   of sentences), fit an L2 logistic regression (liblinear, deterministic);
3. keep as the positive only each positive reply's best-scoring sentence (its other sentences are
   left out: they may or may not earn it), refit; repeat ``MIL_ROUNDS`` times.

The reply's score is its best sentence's score, and the threshold (logit) is chosen on scores the
model gave to sets it was not trained on: leave one labelled set out, train on the others, score
the left-out set; pool; pick per flag the threshold that maximises F1 of "rules OR model" (the model
only adds flags the rules missed). Features occurring in fewer than ``MIN_COUNT`` training sentences
are dropped; weights are rounded to ``DIGITS`` decimals, so retraining on the same data reproduces
the file byte for byte (tested; measured with scikit-learn 1.9.1). Another scikit-learn version may
move a weight in its last rounded digit: the test then fails, and retraining settles it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .engine import score
from .flags import flags as rule_flags
from .learned import FORMAT, FlagModel, learned_flags, model_name, sentence_features, sentence_scores
from .matcher import MAX_REPLY_CHARS, Context, Reply
from .metrics import quadratic_weighted_kappa
from .rubric import CRITERIA, FLAGS, Rubric

__all__ = ["Item", "cross_validate", "fit_model", "prepare", "read_sets"]

C = 1.0
MIL_ROUNDS = 3
MIN_COUNT = 2
DIGITS = 4
CHAR_NGRAMS = (3, 4)
TEAM_PREFIXES = ("labelled", "calibration")
BETA = 1.0  # thresholds maximise F-beta; below 1 favours precision (`--beta`)


@dataclass
class Item:
    """One labelled reply, read once: its sentence features and what the rules said."""

    set: str
    id: str
    response: str
    context: Context
    labels: dict[str, int]
    gold: frozenset[str]
    rules: frozenset[str]
    features: list[list[str]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    replayed: bool = False  # rules and features from the first-run rules (see `first_read`)


def read_sets(paths: Iterable[Path]) -> list[tuple[str, dict[str, Any]]]:
    """Return (set name, row) for every labelled row of the given JSONL files, in file order."""
    rows = []
    for path in sorted(paths):
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    rows.append((path.stem, json.loads(line)))
    return rows


def prepare(
    rows: Sequence[tuple[str, dict[str, Any]]],
    rubric: Rubric,
    *,
    use_rules: bool = True,
    char_ngrams: Sequence[int] = CHAR_NGRAMS,
) -> list[Item]:
    """Read each reply as the scorer does and keep its sentence features and the rules' flags."""
    items = []
    for name, row in rows:
        channel = row.get("channel")
        context = Context(
            complaint=row.get("complaint") or "", channel=channel if isinstance(channel, str) else None
        )
        r = Reply(rubric, row["response"][:MAX_REPLY_CHARS], context)
        raised = rule_flags(r)
        items.append(
            Item(
                set=name,
                id=str(row["id"]),
                response=row["response"],
                context=context,
                labels={k: int(row["labels"][k]) for k in CRITERIA},
                gold=frozenset(f for f in row.get("flags", []) if f in FLAGS),
                rules=frozenset(raised),
                features=sentence_features(r, raised, use_rules=use_rules, char_ngrams=char_ngrams),
                sentences=[r.sentence_span(i).text for i in range(len(r.stream.sentences))],
            )
        )
    return items


def _fit_flag(items: Sequence[Item], flag: str, c: float) -> tuple[float, dict[str, float]]:
    import numpy as np
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    counts: Counter[str] = Counter(f for item in items for feats in item.features for f in feats)
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}

    def matrix(rows: Sequence[Sequence[str]]) -> Any:
        data, cols, ptr = [], [], [0]
        for feats in rows:
            found = sorted({index[f] for f in feats if f in index})
            cols += found
            data += [1.0] * len(found)
            ptr.append(len(cols))
        return csr_matrix(
            (np.array(data), np.array(cols, dtype=np.int64), np.array(ptr)), shape=(len(rows), len(index))
        )

    negatives = [feats for item in items if flag not in item.gold for feats in item.features]
    positives = [item.features for item in items if flag in item.gold and item.features]
    if not positives:
        return -10.0, {}
    chosen: list[list[int]] = [list(range(len(p))) for p in positives]
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", max_iter=1000)
    for _round in range(MIL_ROUNDS + 1):
        rows = list(negatives)
        ys = [0] * len(negatives)
        weights = [1.0] * len(negatives)
        for feats, picks in zip(positives, chosen, strict=True):
            for i in picks:
                rows.append(feats[i])
                ys.append(1)
                weights.append(1.0 / len(picks))
        model.fit(matrix(rows), np.array(ys), sample_weight=np.array(weights))
        coef = model.coef_[0]
        bias = float(model.intercept_[0])
        chosen = []
        for feats in positives:
            logits = matrix(feats) @ coef + bias
            chosen.append([int(np.argmax(logits))])
    weights_out = {
        f: round(float(w), DIGITS)
        for f, w in zip(vocabulary, model.coef_[0], strict=True)
        if round(float(w), DIGITS)
    }
    return round(bias, DIGITS), weights_out


def _payload(
    fitted: Mapping[str, tuple[float, dict[str, float]]],
    thresholds: Mapping[str, float],
    rubric: Rubric,
    use_rules: bool,
    adopted: bool,
    first_run: int = 0,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "format": FORMAT,
        "rubric": rubric.version,
        "features": {"rules": use_rules, "char_ngrams": list(CHAR_NGRAMS)},
        "training": {
            "C": C,
            "mil_rounds": MIL_ROUNDS,
            "min_count": MIN_COUNT,
            "digits": DIGITS,
            "beta": BETA,
            "first_run_replies": first_run,
        },
        "adopted": adopted,
        "flags": {
            key: {
                "bias": fitted[key][0],
                "threshold": thresholds[key],
                "weights": dict(sorted(fitted[key][1].items())),
            }
            for key in FLAGS
        },
    }
    payload["name"] = model_name(payload)
    return payload


def _model(
    fitted: Mapping[str, tuple[float, dict[str, float]]],
    thresholds: Mapping[str, float],
    rubric: Rubric,
    use_rules: bool,
) -> FlagModel:
    return FlagModel.from_dict(_payload(fitted, thresholds, rubric, use_rules, True))


def _reply_score(model: FlagModel, item: Item) -> dict[str, float]:
    if not item.features:
        return {k: -math.inf for k in FLAGS}
    return {k: max(v) for k, v in sentence_scores(model, item.features).items()}


def _best_threshold(pairs: Sequence[tuple[float, bool, bool]]) -> float:
    """Pick the logit threshold maximising F-beta of (rules OR score ≥ t); ties go to the higher one."""
    # Each score rounded *down*, so the reply whose score a threshold comes from still reaches it.
    scale = 10**DIGITS
    candidates = sorted(
        {math.floor(s * scale) / scale for s, _, _ in pairs if math.isfinite(s)}, reverse=True
    )
    best_t, best_f1 = math.inf, -1.0

    def f1(t: float) -> float:
        tp = sum(1 for s, g, r in pairs if (r or s >= t) and g)
        fp = sum(1 for s, g, r in pairs if (r or s >= t) and not g)
        fn = sum(1 for s, g, r in pairs if not (r or s >= t) and g)
        b2 = BETA * BETA
        return (1 + b2) * tp / ((1 + b2) * tp + fp + b2 * fn) if tp else 0.0

    best_f1 = f1(math.inf)
    for t in candidates:
        value = f1(t)
        if value > best_f1 + 1e-12:
            best_t, best_f1 = t, value
    return 1e9 if math.isinf(best_t) else best_t


def _out_of_fold(items: Sequence[Item], rubric: Rubric, use_rules: bool) -> list[dict[str, float]]:
    sets = sorted({i.set for i in items})
    scores: list[dict[str, float]] = [{} for _ in items]
    for held in sets:
        train = [i for i in items if i.set != held]
        fitted = {k: _fit_flag(train, k, C) for k in FLAGS}
        model = _model(fitted, {k: 0.0 for k in FLAGS}, rubric, use_rules)
        for n, item in enumerate(items):
            if item.set == held:
                scores[n] = _reply_score(model, item)
    return scores


def thresholds_for(items: Sequence[Item], rubric: Rubric, use_rules: bool) -> dict[str, float]:
    """Choose each flag's threshold on leave-one-set-out scores of `items`."""
    oof = _out_of_fold(items, rubric, use_rules)
    return {
        k: _best_threshold([(s[k], k in i.gold, k in i.rules) for s, i in zip(oof, items, strict=True)])
        for k in FLAGS
    }


def fit_model(
    items: Sequence[Item],
    rubric: Rubric,
    *,
    use_rules: bool = True,
    adopted: bool = True,
    thresholds: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Fit the shipped model on all items; thresholds from leave-one-set-out unless given."""
    chosen = dict(thresholds) if thresholds is not None else thresholds_for(items, rubric, use_rules)
    fitted = {k: _fit_flag(items, k, C) for k in FLAGS}
    return _payload(fitted, chosen, rubric, use_rules, adopted, sum(1 for i in items if i.replayed))


# --- cross-validation across sets --------------------------------------------------------


@dataclass
class Counts:
    """Flag confusion counts and per-criterion label/prediction pairs for one system."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in CRITERIA})
    got: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in CRITERIA})

    def add(self, gold: frozenset[str], got: Iterable[str]) -> None:
        got = set(got)
        self.tp += len(gold & got)
        self.fp += len(got - gold)
        self.fn += len(gold - got)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def kappa(self) -> dict[str, float]:
        return {k: quadratic_weighted_kappa(self.gold[k], self.got[k]) for k in CRITERIA if self.gold[k]}


SYSTEMS = ("rules", "model", "rules+model", "rules|model")


def cross_validate(
    items: Sequence[Item],
    rubric: Rubric,
    *,
    use_rules: bool = True,
    progress: Callable[[str], None] | None = None,
    held_out: Sequence[str] | None = None,
) -> dict[str, dict[str, Counts]]:
    """Leave each set out in turn; return per set, per system, the pooled counts on it.

    `rules` is the rules alone, `model` the model alone (threshold chosen for it inside the training
    sets), `rules+model` the rules plus the flags the model adds (threshold chosen inside the
    training sets for that use), `rules|model` the same with the model-alone threshold. Items read
    by today's rules are scored through ``score()``, so criteria see the added flags too; replayed
    items (`first_read`) combine the first-run rules' flags with the model's.
    """
    results: dict[str, dict[str, Counts]] = {}
    for held in sorted({i.set for i in items}):
        if held_out and held not in held_out:
            continue
        train = [i for i in items if i.set != held]
        test = [i for i in items if i.set == held]
        oof = _out_of_fold(train, rubric, use_rules)
        pairs = list(zip(oof, train, strict=True))
        or_t = {k: _best_threshold([(s[k], k in i.gold, k in i.rules) for s, i in pairs]) for k in FLAGS}
        alone_t = {k: _best_threshold([(s[k], k in i.gold, False) for s, i in pairs]) for k in FLAGS}
        fitted = {k: _fit_flag(train, k, C) for k in FLAGS}
        model = _model(fitted, or_t, rubric, use_rules)
        alone = _model(fitted, alone_t, rubric, use_rules)
        counts = results.setdefault(held, {s: Counts() for s in SYSTEMS})
        for item in test:
            scores = _reply_score(model, item)
            counts["rules"].add(item.gold, item.rules)
            counts["model"].add(item.gold, {k for k in FLAGS if scores[k] >= alone_t[k]})
            if progress:
                logits = sentence_scores(model, item.features)
                for k in sorted(FLAGS):
                    if k not in item.rules and scores[k] >= or_t[k]:
                        best = max(range(len(logits[k])), key=lambda i, v=logits[k]: (v[i], -i))  # type: ignore[misc]
                        verdict = "right" if k in item.gold else "WRONG"
                        progress(f"  rules+model adds {k} to {item.id} ({verdict}): {item.sentences[best]!r}")
            if item.replayed:
                counts["rules+model"].add(item.gold, item.rules | {k for k in FLAGS if scores[k] >= or_t[k]})
                counts["rules|model"].add(
                    item.gold, item.rules | {k for k in FLAGS if scores[k] >= alone_t[k]}
                )
                continue
            plain = score(item.response, item.context, rubric=rubric, model=None)
            both = score(item.response, item.context, rubric=rubric, model=model)
            either = score(item.response, item.context, rubric=rubric, model=alone)
            counts["rules+model"].add(item.gold, both.flags)
            counts["rules|model"].add(item.gold, either.flags)
            for system, result in (("rules", plain), ("rules+model", both), ("rules|model", either)):
                for k in CRITERIA:
                    counts[system].gold[k].append(item.labels[k])
                    counts[system].got[k].append(result.points[k])
        if progress:
            c = counts
            progress(f"{held}: " + " ".join(f"{s} {c[s].f1:.3f}" for s in SYSTEMS))
    return results


def first_read(items: Sequence[Item], rows: Iterable[Mapping[str, Any]], use_rules: bool) -> list[Item]:
    """Replace, for the replies `rows` cover, today's reading by the first-run rules' one.

    `rows` come from ``bench/first_run_flags.py``: set, id, the flags and the sentence features of
    the rules as they were when the set was first scored, i.e. the rules on wording they had not
    seen. Training on that reading teaches the model how far the rules' outputs can be trusted on
    new wording (today's rules fit every labelled set, so their outputs there look perfect), and
    testing on it compares with the rules' honest first-run figures.
    """
    known = {(str(r["set"]), str(r["id"])): r for r in rows}
    out = []
    for item in items:
        row = known.get((item.set, item.id))
        if row is None:
            out.append(item)
            continue
        feats = [list(f) for f in row["features"]]
        if not use_rules:
            feats = [[f for f in fs if not f.startswith(("f:", "n:"))] for fs in feats]
        out.append(replace(item, rules=frozenset(row["flags"]), features=feats, replayed=True))
    return out


def pooled(results: Mapping[str, Mapping[str, Counts]], names: Iterable[str]) -> dict[str, Counts]:
    """Sum the counts of the named sets."""
    total = {s: Counts() for s in SYSTEMS}
    for name in names:
        for s in SYSTEMS:
            c = results[name][s]
            total[s].tp += c.tp
            total[s].fp += c.fp
            total[s].fn += c.fn
            for k in CRITERIA:
                total[s].gold[k] += c.gold[k]
                total[s].got[k] += c.got[k]
    return total


__all__ += ["SYSTEMS", "Counts", "first_read", "learned_flags", "pooled", "thresholds_for"]
