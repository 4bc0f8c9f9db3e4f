"""Pooled first-run agreement: each probe set scored by the scorer as it was when the set was added.

A probe set's *first run* is its agreement before any rule was tuned on it. The commit that added
the set holds that scorer (sets are committed before tuning), so this script rebuilds it: for each
set it extracts `scoring/` from that commit with `git archive`, scores the set's replies with it in
a subprocess, and compares them with the set's labels as they are now (a label corrected later is
corrected in the first run too). The confusion matrices of all sets are then summed: the pooled
figure weighs every reply once, where a mean of per-set kappas would weigh a 10-item set like a
25-item one.

The commits that added `real_probe14` … `real_probe23` (with their scorers) were lost when a session's
commits did not land; the sets were committed again later, after tuning. For those sets only the
first-run *flags* survive (`tests/data/first_run/real_probes.jsonl`, written by
`bench/first_run_flags.py` while the history existed): they are pooled into the flag figure, and
their criterion figures are the ones the README recorded at the time.

Run:  python bench/first_runs.py [SET.jsonl ...]
(default: tests/data/real_probe2.jsonl onwards, the sets written after this issue's rules began;
needs git and the repository's history)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.metrics import micro_f1, quadratic_weighted_kappa  # noqa: E402
from scoring.rubric import CRITERIA, FLAGS  # noqa: E402

# Scores JSON lines from stdin with whatever `scoring` is first on sys.path (the old one).
_SCORE_WITH_OLD = """
import json, sys
from scoring import Context, score
for line in sys.stdin:
    row = json.loads(line)
    r = score(row["response"], Context(complaint=row.get("complaint") or "", channel=row.get("channel")))
    print(json.dumps({"points": dict(r.points), "flags": sorted(r.flags)}))
"""


#: Sets whose first-run commit is not in the history (see above): stored first-run flags only.
LOST_HISTORY = frozenset(f"real_probe{n}" for n in range(14, 24))
STORED_FLAGS = ROOT / "tests" / "data" / "first_run" / "real_probes.jsonl"


def stored_first_run_flags(name: str) -> dict[str, list[str]]:
    """Return the first-run flags of a set in LOST_HISTORY, by reply id, as recorded back then."""
    found = {}
    for line in STORED_FLAGS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["set"] == name:
            found[row["id"]] = sorted(row["flags"])
    return found


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True).stdout


def added_in(path: Path) -> str:
    """Return the commit that first added `path` (its first-run scorer)."""
    rel = path.resolve().relative_to(ROOT).as_posix()
    commits = _git("log", "--diff-filter=A", "--format=%H", "--", rel).decode().split()
    if not commits:
        raise SystemExit(f"{rel}: not committed yet (commit the set before tuning, then run this)")
    return commits[-1]


def first_run(path: Path) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Score the set with the scorer of the commit that added it; return (commit, rows, predictions)."""
    commit = added_in(path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        archive = _git("archive", "--format=tar", commit, "scoring")
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        out = subprocess.run(
            [sys.executable, "-c", _SCORE_WITH_OLD],
            input="\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp,
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
        ).stdout
    predictions = [json.loads(line) for line in out.splitlines() if line.strip()]
    return commit, rows, predictions


def figures(
    rows: list[dict[str, Any]], predictions: list[dict[str, Any]]
) -> tuple[dict[str, float], float, float]:
    """Return (kappa per criterion, mean kappa, flag micro-F1)."""
    kappas = {
        k: quadratic_weighted_kappa([r["labels"][k] for r in rows], [p["points"][k] for p in predictions])
        for k in CRITERIA
    }
    gold = [{f for f in r.get("flags", []) if f in FLAGS} for r in rows]
    got = [set(p["flags"]) for p in predictions]
    return kappas, sum(kappas.values()) / len(kappas), micro_f1(gold, got)


def _default_sets() -> list[Path]:
    found = []
    for path in (ROOT / "tests" / "data").glob("real_probe*.jsonl"):
        number = re.fullmatch(r"real_probe(\d*)\.jsonl", path.name)
        if number and number.group(1) and int(number.group(1)) >= 2:
            found.append((int(number.group(1)), path))
    return [p for _, p in sorted(found)]


def main() -> None:
    """Print each set's first run, then the pooled figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="*", type=Path)
    args = parser.parse_args()
    sets = args.sets or _default_sets()
    all_rows: list[dict[str, Any]] = []
    all_predictions: list[dict[str, Any]] = []
    short = {k: k.split("_")[0][:6] for k in CRITERIA}
    print(
        f"{'set':<20}{'commit':<9}{'n':>4}  "
        + "".join(f"{short[k]:>8}" for k in CRITERIA)
        + "    mean  flagF1"
    )
    flag_gold: list[set[str]] = []
    flag_got: list[set[str]] = []
    for path in sets:
        if path.stem in LOST_HISTORY:
            rows = [
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
            stored = stored_first_run_flags(path.stem)
            gold = [{f for f in r.get("flags", []) if f in FLAGS} for r in rows]
            got = [set(stored[r["id"]]) for r in rows]
            flag_gold += gold
            flag_got += got
            print(
                f"{path.stem:<20}{'(lost)':<9}{len(rows):>4}  "
                + "".join(f"{'—':>8}" for _ in CRITERIA)
                + f"{'—':>8}{micro_f1(gold, got):>8.3f}"
            )
            continue
        commit, rows, predictions = first_run(path)
        kappas, mean, f1 = figures(rows, predictions)
        print(
            f"{path.stem:<20}{commit[:7]:<9}{len(rows):>4}  "
            + "".join(f"{kappas[k]:>8.3f}" for k in CRITERIA)
            + f"{mean:>8.3f}{f1:>8.3f}"
        )
        all_rows += rows
        all_predictions += predictions
    if all_rows:
        kappas, mean, f1 = figures(all_rows, all_predictions)
        print(
            f"{'pooled (criteria)':<20}{'':<9}{len(all_rows):>4}  "
            + "".join(f"{kappas[k]:>8.3f}" for k in CRITERIA)
            + f"{mean:>8.3f}{f1:>8.3f}"
        )
    gold = flag_gold + [{f for f in r.get("flags", []) if f in FLAGS} for r in all_rows]
    got = flag_got + [set(p["flags"]) for p in all_predictions]
    print(f"{'pooled (flags)':<20}{'':<9}{len(gold):>4}  flag micro-F1 {micro_f1(gold, got):.3f}")
    tp = sum(len(g & p) for g, p in zip(gold, got, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, got, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, got, strict=True))
    print(f"pooled flags: {tp} found, {fp} false, {fn} missed")


if __name__ == "__main__":
    main()
