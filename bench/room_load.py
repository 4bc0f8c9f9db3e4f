"""Simulate a bimtek room against a real server and print the figures the README reports.

    python bench/room_load.py                                # 120 trainees, waitress, a new SQLite file
    python bench/room_load.py --trainees 240 --server gunicorn-gthread
    python bench/room_load.py --server all --database-url postgresql+psycopg://postgres@127.0.0.1/latih_bench

Each virtual trainee has its own account (created here), logs in, opens the list, starts an
attempt, sends replies of 200-600 characters with think time, reloads the page as a browser does,
routes and finishes, and reads the feedback. Then clients saturate the server without think time
(bare /livez, /healthz with its database query, reply POSTs, reply POST + page) for the ratio and the
CPU per reply. Afterwards the trainee turns in the database are compared with the replies acknowledged.
Only loopback addresses are used; the run stops by itself.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.roomsim import (  # noqa: E402
    SERVERS,
    Recorder,
    RoomPlan,
    Server,
    count_replies,
    latency_table,
    login_all,
    new_prefix,
    prepare_room,
    run_room_processes,
    saturate,
    sqlite_url,
    start_attempts,
)


def run_one(kind: str, database_url: str, args: argparse.Namespace) -> dict[str, float]:
    """Run the room and the saturation phases against one server; print and return the figures."""
    prefix = new_prefix()
    usernames, slugs = prepare_room(database_url, args.trainees, prefix)
    server = Server(kind, database_url).start()
    figures: dict[str, float] = {}
    try:
        room = Recorder()
        plan = RoomPlan(
            replies=args.replies, think=(args.think_min, args.think_max), ramp=args.ramp, slugs=slugs
        )
        cpu_before = server.cpu_seconds()
        wall = run_room_processes(server.base, usernames, plan, room, args.processes)
        room_cpu = server.cpu_seconds() - cpu_before
        clients = usernames[: args.clients] if args.clients else usernames
        phases: dict[str, tuple[int, float]] = {}
        sat = Recorder()
        for phase in ("livez", "healthz", "reply", "roundtrip"):
            browsers = login_all(server.base, clients, sat)
            offset = 0 if phase == "reply" else 8  # fresh scenarios for each phase
            paths = [] if phase in ("livez", "healthz") else start_attempts(browsers, slugs, sat, 8, offset)
            cpu = server.cpu_seconds()
            done = saturate(browsers, paths, args.phase_seconds, phase, sat)
            phases[phase] = (done, server.cpu_seconds() - cpu)
    finally:
        server.stop()
    stored = count_replies(database_url, prefix, room.acked_tokens + sat.acked_tokens)

    requests = room.requests()
    errors = sum(room.errors.values())
    print(f"\n== {kind}, {args.trainees} trainees, {_db_name(database_url)} ==")
    print(f"room: {requests} requests, {errors} errors, {wall:.1f} s, {requests / wall:.1f} req/s")
    print(f"{'endpoint':<24}{'n':>6}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, n, err, p50, p95, p99 in latency_table(room):
        print(f"{name:<24}{n:>6}{err:>5}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}")
    for sample in room.error_samples[:5]:
        print(f"  error: {sample}")
    print(
        f"server CPU in the room: {room_cpu:.2f} s = {1000 * room_cpu / max(1, requests):.2f} ms per request, "
        f"{room_cpu / wall:.2f} cores on average"
    )
    rates = {k: done / args.phase_seconds for k, (done, _) in phases.items()}
    for phase, (done, cpu) in phases.items():
        print(
            f"saturation {phase:<10}: {rates[phase]:8.1f}/s, server CPU {1000 * cpu / max(1, done):.2f} ms each"
        )
    sat_errors = sum(sat.errors.values())
    if sat_errors:
        print(f"saturation errors: {sat_errors}: {sat.error_samples[:3]}")
    ratio = rates["reply"] / rates["livez"] if rates["livez"] else float("nan")
    ratio_db = rates["reply"] / rates["healthz"] if rates["healthz"] else float("nan")
    print(
        f"ratio reply POST / bare /livez throughput: {ratio:.3f}  (/ /healthz with its database check: {ratio_db:.3f})"
    )
    print(
        f"replies: acknowledged {stored.acked}, stored {stored.stored}, lost {stored.lost}, "
        f"duplicated {stored.duplicated}, unacknowledged {stored.unacknowledged}, "
        f"attempts the pages cannot show {stored.bad_attempts}"
    )
    table = {name: (p95, p99) for name, _, _, _, p95, p99 in latency_table(room)}
    figures.update(
        errors=errors + sat_errors,
        lost=stored.lost,
        duplicated=stored.duplicated,
        reply_p95=table.get("reply", (float("nan"),))[0],
        login_p95=table.get("login", (float("nan"),))[0],
        cpu_roundtrip_ms=1000 * phases["roundtrip"][1] / max(1, phases["roundtrip"][0]),
        ratio=ratio,
    )
    return figures


def _db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=120)
    parser.add_argument("--server", choices=[*SERVERS, "all"], default="waitress")
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--replies", type=int, default=4)
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=2.0)
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds over which trainees press Masuk")
    parser.add_argument("--phase-seconds", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=4, help="load-generator processes for the room")
    parser.add_argument(
        "--clients", type=int, default=32, help="concurrent clients in the saturation phases (0: all)"
    )
    args = parser.parse_args(argv)
    kinds = SERVERS if args.server == "all" else (args.server,)
    failed = False
    for kind in kinds:
        url = args.database_url or sqlite_url(tempfile.mkdtemp(prefix="room-load-"))
        figures = run_one(kind, url, args)
        failed |= bool(figures["errors"] or figures["lost"] or figures["duplicated"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
