"""Print mutmut's results per module: killed, survived, other, total and the share killed.

Run after `mutmut run` (see `make mutation`); reads `mutmut results --all true`. A mutant counts as
killed when a test failed on it or it timed out; "other" is what was not decided (no tests ran on
it, not checked yet, suspicious or skipped), and it counts against the score.
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
    print(f"{'module':32} {'killed':>7} {'survived':>9} {'other':>6} {'total':>6} {'killed %':>9}")
    for module in sorted(set(counts) - set(not_run)):
        c = counts[module]
        total = sum(c.values())
        killed = sum(n for status, n in c.items() if status in KILLED)
        survived = c["survived"]
        share = 100 * killed / total
        below += [module] if share < args.goal else []
        print(f"{module:32} {killed:7} {survived:9} {total - killed - survived:6} {total:6} {share:8.1f}%")
    if not_run:
        print(f"not run yet: {', '.join(not_run)}")
    if below:
        print(f"below {args.goal:g} % killed: {', '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
