"""Passwords and authentication."""

from __future__ import annotations

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


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return _hasher.hash(password)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None; rehash an outdated hash (flush only)."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
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
