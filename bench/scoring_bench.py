"""Benchmark the scorer: replies per second, p50/p99 latency and peak memory on one core.

Run:  python bench/scoring_bench.py [--n 10000] [--calibration PATH] [--model]
(the default set is the in-repo copy tests/data/calibration_responses.jsonl; --model applies the
packaged learned flag model, scoring/flag_model.json, even while score() does not adopt it)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring import Context, default_rubric, score  # noqa: E402
from scoring.learned import MODEL_FILE, load_model  # noqa: E402

DEFAULT_CALIBRATION = Path(__file__).resolve().parents[1] / "tests" / "data" / "calibration_responses.jsonl"


def main() -> None:
    """Score the calibration set repeated to --n replies and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--calibration", type=Path, default=DEFAULT_CALIBRATION)
    parser.add_argument("--model", action="store_true", help="apply the packaged learned flag model")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rows = [
        json.loads(line) for line in args.calibration.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    items = [(r["response"], Context(complaint=r["complaint"], channel=r["channel"])) for r in rows]
    default_rubric()  # load once, outside the timing
    model = load_model(MODEL_FILE) if args.model else "default"
    latencies: list[float] = []
    cpu_latencies: list[float] = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    for i in range(args.n):
        reply, context = items[i % len(items)]
        t0 = time.perf_counter()
        c0 = time.process_time()
        score(reply, context, model=model)
        cpu_latencies.append(time.process_time() - c0)
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    latencies.sort()
    cpu_latencies.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    used = model if not isinstance(model, str) else None
    print(f"replies: {args.n} ({len(items)} distinct calibration replies, one core)")
    print(f"learned flag model: {used.name if used else 'as score() adopts it'}")
    print(f"throughput: {args.n / elapsed:,.0f} replies/s (wall clock)")
    # CPU time is what this process used: steadier than the wall clock when other work shares the core.
    print(f"throughput: {args.n / cpu:,.0f} replies/s (CPU time)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"latency p50: {latencies[len(latencies) // 2] * 1000:.3f} ms")
    print(f"latency p99: {latencies[int(len(latencies) * 0.99)] * 1000:.3f} ms")
    p50, p99 = cpu_latencies[len(cpu_latencies) // 2], cpu_latencies[int(len(cpu_latencies) * 0.99)]
    print(f"latency p50 / p99 in CPU time: {p50 * 1000:.3f} ms / {p99 * 1000:.3f} ms")
    print(f"peak RSS: {peak_mb:.1f} MB")


if __name__ == "__main__":
    main()
