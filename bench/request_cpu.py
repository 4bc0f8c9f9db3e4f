"""Server CPU per request of a trainee's session, measured in one process (no HTTP, no other load).

    python bench/request_cpu.py                 # 40 trainees, each: login, list, start, 4 replies, finish
    python bench/request_cpu.py --trainees 80 --profile reply    # plus a cProfile of the reply POSTs

Each virtual trainee goes through the whole Flask stack with the test client on a real SQLite file,
like bench/room_load.py's trainees but one at a time, and every request's CPU time is read with
`time.process_time()`. The first trainee warms the caches and is not counted. This is the figure the
room's sizing rests on, without the HTTP server and the contention a load run adds.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.roomsim import (  # noqa: E402  (the same page parsing as the room's virtual trainees)
    _AGENCY,
    _OPTION,
    _TOKEN,
    PASSWORD,
    _csrf,
    new_prefix,
    prepare_room,
    realistic_reply,
    sqlite_url,
)

ORDER = ("login_page", "login", "list", "start", "attempt_page", "reply", "finish", "feedback", "livez")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=40)
    parser.add_argument("--replies", type=int, default=4)
    parser.add_argument("--profile", choices=ORDER, help="print a cProfile of this request kind")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (cumulative, tottime, ...)")
    parser.add_argument("--lines", type=int, default=40, help="how many profile lines to print")
    args = parser.parse_args(argv)

    url = sqlite_url(tempfile.mkdtemp(prefix="request-cpu-"))
    usernames, slugs = prepare_room(url, args.trainees + 1, new_prefix())
    from trainer import create_app

    app = create_app(
        {
            "DATABASE_URL": url,
            "ENV": "production",
            "SECRET_KEY": "bench-" + "x" * 40,
            "LOG_LEVEL": "WARNING",
            "RATELIMIT_ENABLED": False,
        }
    )
    cpu: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile()
    rng = random.Random(1)

    def timed(name: str, call: Callable[..., Any], *call_args: Any, **kwargs: Any) -> Any:
        nonlocal profiler
        if args.profile == name:
            profiler.enable()
        started = time.process_time()
        response = call(*call_args, **kwargs)
        cpu[name].append(time.process_time() - started)
        profiler.disable()
        return response

    for index, username in enumerate(usernames):
        client = app.test_client()
        page = timed("login_page", client.get, "/masuk").text
        timed(
            "login",
            client.post,
            "/masuk",
            data={"csrf_token": _csrf(page), "username": username, "password": PASSWORD},
        )
        listing = timed("list", client.get, "/latihan/").text
        slug = slugs[index % len(slugs)]
        path = timed(
            "start", client.post, f"/latihan/mulai/{slug}", data={"csrf_token": _csrf(listing)}
        ).headers["Location"]
        page = timed("attempt_page", client.get, path).text
        for _ in range(args.replies):
            if 'data-testid="conversation-ended"' in page:
                break
            token = _TOKEN.search(page)
            data = {
                "csrf_token": _csrf(page),
                "token": token.group(1) if token else "",
                "reply": realistic_reply(rng),
            }
            assert timed("reply", client.post, path + "/balas", data=data).status_code == 302
            page = timed("attempt_page", client.get, path).text
        select = _AGENCY.search(page)
        agency = _OPTION.findall(select.group(1))[0] if select else ""
        done = timed(
            "finish",
            client.post,
            path + "/selesai",
            data={"csrf_token": _csrf(page), "action": "verifikasi", "agency": agency},
        )
        timed("feedback", client.get, done.headers["Location"])
        timed("livez", client.get, "/livez")
        if index == 0:  # warm-up: caches, first stems, templates
            cpu.clear()
            profiler = cProfile.Profile()

    print(f"CPU per request, in process, {args.trainees} trainees (after one warm-up), SQLite:")
    print(f"{'request':14s} {'n':>5s} {'mean ms':>8s} {'p50 ms':>7s}")
    for name in ORDER:
        values = sorted(cpu[name])
        print(
            f"{name:14s} {len(values):5d} {1000 * sum(values) / len(values):8.2f} {1000 * values[len(values) // 2]:7.2f}"
        )
    reply = 1000 * sum(cpu["reply"]) / len(cpu["reply"])
    page_mean = 1000 * sum(cpu["attempt_page"]) / len(cpu["attempt_page"])
    print(f"reply round trip (POST + page): {reply + page_mean:.2f} ms")
    total = sum(sum(v) for k, v in cpu.items() if k != "livez")
    print(f"whole trainee session: {1000 * total / args.trainees:.1f} ms")
    if args.profile:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
