"""Benchmark the simulated citizen: what one web reply costs (replaying the whole conversation).

Run:  python bench/citizen_bench.py [--rounds 20]
Each round plays every scenario of the library with six replies; a web reply replays all earlier
replies too, so the figure that matters is the time of a whole six-reply conversation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trainer.catalog import load_catalog  # noqa: E402
from trainer.identity import render_citizen  # noqa: E402
from trainer.practice.conversation import play  # noqa: E402

REPLIES = (
    "Selamat siang, terima kasih laporannya. Boleh dijelaskan lokasinya di mana?",
    "Mohon maaf atas ketidaknyamanannya. Laporan akan kami tindak lanjuti.",
    "Kami paham situasinya pasti menyulitkan. Hari ini petugas kami cek ke lokasi.",
    "Baik, terima kasih.",
    "Perkembangannya kami kabarkan paling lambat besok jam 10.",
    "Oke.",
)


def main() -> None:
    """Play the library repeatedly and print the p50/p99 time of a whole conversation."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    catalog = load_catalog(Path(__file__).resolve().parents[1] / "scenarios")
    cases = [(s.scenario, render_citizen(s.scenario, 1)) for s in catalog.scenarios.values()]
    for scenario, citizen in cases:  # warm the rubric and the compiled banks
        play(scenario, 1, REPLIES, citizen=citizen)
    times = []
    for round_ in range(args.rounds):
        for scenario, citizen in cases:
            start = time.perf_counter()
            play(scenario, round_, REPLIES, citizen=citizen)
            times.append(time.perf_counter() - start)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"conversations: {len(times)} ({len(cases)} scenarios x {args.rounds} rounds, up to 6 replies)")
    print(f"whole conversation p50 {statistics.median(times) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms")


if __name__ == "__main__":
    main()
