"""Replay the rules as they were when each real-style probe set was first scored.

Each `real_probeN.jsonl` was committed *before* the rules were tuned on it, so the scorer at that
commit is "the rules on wording they had not seen". This script extracts `scoring/` at each set's
first commit (git archive, into a temporary directory), reads every reply of the set with it, and
writes one JSON line per reply: set, id, the flags those rules raised, and the sentence features
(`scoring/learned.py`, today's feature code run on the old rules' reading, rule outputs included).

`python -m scoring cv --baseline FILE` then compares, on these sets, the first-run rules with the
rules plus a model trained on the other sets — the out-of-sample comparison the learned layer needs.

Run from the repository root (needs git history):
    python bench/first_run_flags.py -o /tmp/first_run.jsonl
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every numbered probe set from 2 on (as bench/first_runs.py pools them), in numeric order.
SETS = [
    f"real_probe{n}"
    for n in sorted(
        int(p.stem.removeprefix("real_probe"))
        for p in (ROOT / "tests" / "data").glob("real_probe*.jsonl")
        if p.stem.removeprefix("real_probe").isdigit() and int(p.stem.removeprefix("real_probe")) >= 2
    )
]

_DUMP = """
import json, sys
from scoring.flags import flags
from scoring.learned import sentence_features
from scoring.matcher import Context, Reply
from scoring.rubric import default_rubric
name, data = sys.argv[1], sys.argv[2]
rubric = default_rubric()
for line in open(data, encoding="utf-8"):
    if not line.strip():
        continue
    row = json.loads(line)
    channel = row.get("channel")
    r = Reply(rubric, row["response"], Context(complaint=row.get("complaint") or "", channel=channel))
    raised = flags(r)
    features = sentence_features(r, raised, use_rules=True)
    print(json.dumps({"set": name, "id": row["id"], "flags": sorted(raised), "features": features}))
"""


def first_commit(path: str) -> str:
    out = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not out:
        raise SystemExit(f"{path}: not in git history")
    return out[-1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("sets", nargs="*", default=SETS)
    args = parser.parse_args()
    lines: list[str] = []
    for name in args.sets:
        data = ROOT / "tests" / "data" / f"{name}.jsonl"
        commit = first_commit(f"tests/data/{name}.jsonl")
        archive = subprocess.run(
            ["git", "archive", commit, "scoring"], cwd=ROOT, capture_output=True, check=True
        )
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
                tar.extractall(tmp, filter="data")
            shutil.copy(ROOT / "scoring" / "learned.py", Path(tmp) / "scoring" / "learned.py")
            done = subprocess.run(
                [sys.executable, "-c", _DUMP, name, str(data)],
                cwd=tmp,
                env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
                check=False,
            )
        if done.returncode:
            raise SystemExit(f"{name} at {commit[:7]}: {done.stderr}")
        lines += done.stdout.splitlines()
        print(f"{name}: rules of {commit[:7]}, {len(done.stdout.splitlines())} replies", file=sys.stderr)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
