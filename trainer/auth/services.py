"""Passwords and authentication."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import User

# OWASP's argon2id minimum (m = 19 MiB, t = 2, p = 1): about 15 ms per verification instead of ~150 ms
# with argon2-cffi's defaults, so a room's login wave does not starve the replies. Older hashes are
# upgraded at the next successful login (see authenticate).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash of nothing, verified when the user does not exist so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("latih-aduan-dummy")


T = TypeVar("T")

#: How much lower than the request threads the login verifications run (Linux "nice"; 0 to 19).
LOGIN_NICENESS = 10


def _thread_nice() -> int:
    """The calling thread's nice value (Linux keeps one per thread)."""
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


class _LoginLane:
    """One thread per process verifies passwords, one at a time, at a lower CPU priority.

    A room's login wave is a burst of argon2 verifications (about 20 ms of CPU each). Run in the
    request threads, they took both cores, and the trainees already logged in waited behind them to
    send a reply. Here the verifications queue on one thread per worker process, which the kernel
    schedules after the request threads (Linux: the thread's nice value; argon2 releases the GIL, so
    the other threads keep running). Replies stay fast during the wave; logins drain at what the
    machine can spare. Elsewhere (Windows, macOS) the lane only serialises. The executor is made per
    process: a gunicorn worker forked from the app gets its own thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = -1
        self._executor: ThreadPoolExecutor | None = None

    def _lower_priority(self) -> None:
        # Linux only; a sandbox refusing setpriority leaves the lane at normal priority.
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):
                nice = min(19, _thread_nice() + LOGIN_NICENESS)
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)

    def _get(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="login-argon2", initializer=self._lower_priority
                )
                self._pid = os.getpid()
            return self._executor

    def run(self, call: Callable[[], T]) -> T:
        """Run `call` on the lane's thread and return its result (or raise its exception)."""
        return self._get().submit(call).result()


_lane = _LoginLane()


def login_lane_priority() -> int:
    """The nice value of the thread that verifies passwords (for tests and the operations page)."""
    return _lane.run(_thread_nice)


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return _hasher.hash(password)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None; rehash an outdated hash (flush only)."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    stored = user.password_hash if user else _DUMMY_HASH
    if not (session.new or session.dirty or session.deleted):
        # End the read so its database connection goes back to the pool while the password waits its
        # turn on the lane (sessions keep their objects loaded across a commit here).
        session.commit()
    try:
        _lane.run(lambda: _hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.flush()
    return user


#: Where each role lands after logging in. Every endpoint here must be open to that role;
#: a role not listed lands on FALLBACK_HOME, which every logged-in user may see (never a 403).
ROLE_HOME = {
    "trainee": "practice.index",
    "trainer": "training.home",
    "admin": "admin.index",
    "reviewer": "reports.home",  # their cohort's overview, or the list of their cohorts
}
FALLBACK_HOME = "auth.account"


def home_endpoint(user: User) -> str:
    """Return where a user lands after logging in: their role's home, else the account page."""
    return ROLE_HOME.get(user.role, FALLBACK_HOME)
