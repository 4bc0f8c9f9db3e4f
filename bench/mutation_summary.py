"""Print mutmut's results per module: killed, survived, other, total and the share killed.

Run after `mutmut run` (see `make mutation`); reads `mutmut results --all true`. A mutant counts as
killed when a test failed on it or it timed out; "other" is what ran but was not decided (no tests
reached it, suspicious or skipped), and it counts against the score. Mutants not checked yet are
counted apart ("not run"): a module with some is marked partial, and its share is of those that ran.
Exit status 1 when a module with results is below the goal (`--goal 90`).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict

LINE = re.compile(r"^\s*(?P<name>[\w.]+)\.x\w*?__mutmut_\d+: (?P<status>.+?)\s*$")
KILLED = {"killed", "timeout", "caught by type check"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goal", type=float, default=90.0, help="least share killed per module (%%)")
    parser.add_argument("--mutmut", default="mutmut", help="the mutmut executable")
    args = parser.parse_args()
    out = subprocess.run(
        [args.mutmut, "results", "--all", "true"], capture_output=True, text=True, check=True
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in out.stdout.splitlines():
        match = LINE.match(line)
        if match:
            counts[match["name"]][match["status"]] += 1
    if not counts:
        print("no mutmut results: run `mutmut run` first")
        return 1
    not_run = sorted(m for m, c in counts.items() if set(c) == {"not checked"})
    below = []
    print(
        f"{'module':32} {'ran':>5} {'killed':>7} {'survived':>9} {'other':>6} {'not run':>8} {'killed %':>9}"
    )
    for module in sorted(set(counts) - set(not_run)):
        c = counts[module]
        pending = c["not checked"]
        ran = sum(c.values()) - pending
        killed = sum(n for status, n in c.items() if status in KILLED)
        survived = c["survived"]
        share = 100 * killed / ran
        below += [module] if share < args.goal else []
        print(
            f"{module:32} {ran:5} {killed:7} {survived:9} {ran - killed - survived:6} {pending:8} {share:8.1f}%"
            + (" (partial)" if pending else "")
        )
    if not_run:
        print(f"not run yet: {', '.join(not_run)}")
    if below:
        print(f"below {args.goal:g} % killed: {', '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
