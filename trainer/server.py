"""The production server for a room or a small site: waitress (Windows, macOS, Linux), or several
gunicorn worker processes where the platform has them (Linux, macOS).

`flask --app trainer serve --room` and the `latih-aduan` console script both end here. One Python
process uses one core for Python work (the GIL), so a room on a multi-core laptop is served by one
worker process per core (`--workers`, default `auto` with `--room`): gunicorn's gthread workers, each
with the same threads as waitress. Windows has no fork and no gunicorn: there it is always waitress.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys
from collections.abc import Iterable

import click
from flask import Flask

#: Enough worker threads that 120 phones never wait behind a slow request (SQLite waits, scoring).
DEFAULT_THREADS = 16
#: On SQLite (a laptop in a room) more: a login waits its turn on the password lane (see
#: trainer/auth/services.py) holding its thread, and a room's login wave must not take every thread
#: from the trainees already replying. SQLite connections are cheap (the engine's pool follows);
#: on PostgreSQL each thread may hold a server connection, so the default stays at DEFAULT_THREADS.
SQLITE_THREADS = 48
#: Each browser keeps a few connections open; waitress refuses new ones past this limit.
CONNECTION_LIMIT = 1000
DEFAULT_PORT = 5000


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not ip.is_loopback and not ip.is_link_local and not ip.is_unspecified


def _linux_interface_addresses() -> Iterable[str]:
    """Read every interface's IPv4 address with SIOCGIFADDR (Linux only; elsewhere nothing)."""
    try:
        import fcntl
        import struct
    except ImportError:  # Windows
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_addresses() -> list[str]:
    """Return every non-loopback IPv4 address of this machine, sorted (private ranges first)."""
    candidates: set[str] = set()
    if sys.platform.startswith("linux"):
        candidates.update(_linux_interface_addresses())
    for name in {socket.gethostname(), socket.getfqdn()}:
        with contextlib.suppress(OSError):
            candidates.update(info[4][0] for info in socket.getaddrinfo(name, None, socket.AF_INET))
    # The address the default route would use (a UDP "connect" sends nothing).
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            candidates.add(probe.getsockname()[0])
    except OSError:
        pass
    usable = [a for a in candidates if _usable(a)]
    return sorted(usable, key=lambda a: (not ipaddress.ip_address(a).is_private, ipaddress.ip_address(a)))


def room_urls(host: str, port: int) -> list[str]:
    """Return the URLs trainees can open for a server bound to `host`."""
    if host in ("0.0.0.0", ""):
        return [f"http://{a}:{port}/" for a in lan_addresses()]
    return [f"http://{host}:{port}/"]


#: Workers `auto` starts at most: past four, a laptop's SQLite file lock, not the CPU, is the limit.
MAX_AUTO_WORKERS = 4


def can_fork_workers() -> bool:
    """Whether several worker processes are possible here (gunicorn: not on Windows)."""
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def worker_count(requested: str, room: bool) -> int:
    """Resolve --workers: a number, or `auto` (one per core in room mode, at most MAX_AUTO_WORKERS).

    Raises click.BadParameter naming the option for a value that is no number or that this platform
    cannot run.
    """
    if requested == "auto":
        if not room or not can_fork_workers():
            return 1
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return max(1, min(MAX_AUTO_WORKERS, cores))
    try:
        count = int(requested)
    except ValueError:
        raise click.BadParameter(f"{requested!r} is not a number or 'auto'", param_hint="--workers") from None
    if count < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    if count > 1 and not can_fork_workers():
        raise click.BadParameter(
            "several workers need Linux or macOS with gunicorn installed; use --workers 1 here",
            param_hint="--workers",
        )
    return count


def serve_workers(app: Flask, host: str, port: int, threads: int, workers: int) -> None:
    """Serve `app` with `workers` gunicorn gthread processes forked from this one, until interrupted."""
    from gunicorn.app.base import BaseApplication

    engine = app.extensions["engine"]

    def post_fork(_server: object, _worker: object) -> None:
        engine.dispose(close=False)  # a forked worker opens its own database connections

    settings = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "worker_connections": CONNECTION_LIMIT,
        "backlog": 2048,
        "timeout": 60,
        "keepalive": 5,
        "post_fork": post_fork,
        "loglevel": "warning",
    }

    class RoomServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    RoomServer().run()


def serve(app: Flask, host: str, port: int, threads: int = DEFAULT_THREADS) -> None:
    """Serve `app` with waitress until interrupted."""
    from waitress import serve as waitress_serve

    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=CONNECTION_LIMIT,
        backlog=2048,
        channel_timeout=60,
        ident="latih-aduan",
        _quiet=True,
    )


def announce(app: Flask, host: str, port: int, room: bool) -> None:
    """Print where the app can be reached, and remember the room URLs for the projector page."""
    urls = room_urls(host, port)
    app.config["ROOM_URLS"] = urls
    local = f"http://127.0.0.1:{port}/" if host in ("0.0.0.0", "", "127.0.0.1") else None
    if room:
        if urls:
            click.echo("Peserta membuka / trainees open:")
            for url in urls:
                click.echo(f"  {url}")
        else:
            click.echo("No network address found: connect this laptop to the room's Wi-Fi and restart.")
        click.echo(f"Layar proyektor / projector page: {(local or urls[0]) + 'ruang'}  (login pelatih)")
    else:
        click.echo(f"Latih Aduan: {local or urls[0]}")
    click.echo("Ctrl+C to stop.")


def default_threads(database_url: str) -> int:
    """Threads per worker when --threads is not given: more on SQLite (see SQLITE_THREADS)."""
    return SQLITE_THREADS if database_url.startswith("sqlite") else DEFAULT_THREADS


def run(app: Flask, room: bool, host: str | None, port: int, threads: int | None, workers: str = "1") -> None:
    """Announce the URLs and serve: on every interface in room mode, on loopback otherwise."""
    threads = threads or default_threads(app.config["DATABASE_URL"])
    count = worker_count(workers, room)
    bind = host or ("0.0.0.0" if room else "127.0.0.1")
    announce(app, bind, port, room)
    if count > 1:
        click.echo(f"{count} worker processes ({threads} threads each).")
        serve_workers(app, bind, port, threads, count)
    else:
        serve(app, bind, port, threads)


def server_options(function: click.decorators.FC) -> click.decorators.FC:
    """Add --room, --host, --port, --threads and --workers to a click command."""
    function = click.option(
        "--workers",
        default="auto",
        show_default=True,
        help="Worker processes: a number, or auto (one per core with --room on Linux/macOS, else 1).",
    )(function)
    function = click.option(
        "--threads",
        default=None,
        type=click.IntRange(min=1),
        help=f"Worker threads per process (default {SQLITE_THREADS} on SQLite, {DEFAULT_THREADS} on PostgreSQL).",
    )(function)
    function = click.option(
        "--port", default=DEFAULT_PORT, show_default=True, type=int, envvar="PORT", help="TCP port."
    )(function)
    function = click.option(
        "--host", default=None, help="Address to bind (default: 127.0.0.1, or 0.0.0.0 with --room)."
    )(function)
    return click.option(
        "--room", is_flag=True, help="Serve the room's network (all addresses) and print the URLs."
    )(function)


@click.command("serve")
@server_options
def serve_command(room: bool, host: str | None, port: int, threads: int | None, workers: str) -> None:
    """Serve the app with waitress or gunicorn workers (production servers; --room for a bimtek room)."""
    from flask import current_app

    run(current_app._get_current_object(), room, host, port, threads, workers)  # type: ignore[attr-defined]


@click.command()
@server_options
@click.option("--no-migrate", is_flag=True, help="Do not bring the database schema up to date first.")
def main(
    room: bool, host: str | None, port: int, threads: int | None, workers: str, no_migrate: bool
) -> None:
    """Latih Aduan room server: migrate the database, then serve it (add --room for a bimtek room)."""
    # A training laptop runs without a configured secret (development mode keeps one per instance).
    if not os.environ.get("LATIH_SECRET_KEY") and not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("LATIH_ENV", "development")
    worker_count(workers, room)  # a bad --workers is refused before the database is touched
    from . import create_app, migrations

    app = create_app()
    if not no_migrate:
        migrations.upgrade(app.config["DATABASE_URL"])
    run(app, room, host, port, threads, workers)
