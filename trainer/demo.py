"""Demo data for a training laptop: a Malang cohort, accounts, two bimtek sessions, history."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from faker import Faker
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .auth.services import hash_password
from .catalog import Catalog
from .models import Attempt, BimtekSession, Cohort, CohortMember, SessionScenario, Unit, User
from .practice import services

COHORT = "Admin Pengaduan Pemkot Malang"
TRAINEES = 30
STAFF = (
    ("admin", "admin", "Administrator Latih Aduan"),
    ("pelatih", "trainer", "Pelatih Bimtek"),
    ("diskominfo", "reviewer", "Reviewer Diskominfo"),
)
UNIT_TYPES = {
    "opd": "opd",
    "kelurahan": "kelurahan",
    "kecamatan": "kecamatan",
    "puskesmas": "puskesmas",
    "rsud": "opd",
}
SESSIONS = (
    (
        "Bimtek I: Dasar pengelolaan pengaduan",
        date(2026, 5, 12),
        date(2026, 5, 13),
        False,
        ["ektp-belum-jadi", "sampah-tps-menumpuk", "pkl-trotoar-kawi", "lampu-jalan-mati-sawojajar"],
    ),
    (
        "Bimtek II: Warga sulit dan kewenangan ambigu",
        date(2026, 11, 23),
        date(2026, 11, 24),
        True,
        [
            "jalan-berlubang-soekarno-hatta",
            "pohon-tumbang-ijen",
            "parkir-liar-pasar-besar",
            "surat-domisili-dioper",
            "kabel-pln-menjuntai",
            "bansos-lansia-bingung",
        ],
    ),
)

# Reply fragments from strong to weak; a trainee's skill picks among them (historical practice).
_FRAGMENTS = {
    "greeting": [
        "Selamat pagi {honorific}, saya {me}, admin pengaduan {unit}. Terima kasih atas laporannya.",
        "Selamat siang, terima kasih atas laporannya.",
        "Terima kasih.",
        "",
    ],
    "empathy": [
        "Kami memahami {honorific} pasti kesal karena masalah ini mengganggu kegiatan sehari-hari warga.",
        "Mohon maaf atas ketidaknyamanannya.",
        "",
    ],
    "verification": ["Boleh kami minta foto dan lokasi persisnya?", "Mohon informasi lebih lanjut.", ""],
    "interim_solution": [
        "Hari ini petugas kami mengecek ke lokasi.",
        "Laporan akan kami teruskan ke dinas terkait.",
        "",
    ],
    "status_followup": [
        "Perkembangannya kami kabarkan di kanal ini paling lambat 3 hari kerja.",
        "Nanti kami kabari.",
        "",
    ],
}

# Habits a bimtek exists to remove (each raises a flag); weaker trainees slip into one now and then,
# so the reviewers' flag chart has something to show after `make demo`.
_HABITS = (
    "Itu bukan kewenangan kami, silakan hubungi kecamatan saja.",
    "Makanya warga juga jangan buang sampah sembarangan.",
    "Kalau nggak sabar ya urus sendiri saja.",
    "Laporan atas nama {honorific} dengan NIK 3573012345678901 sudah kami terima.",
)


@dataclass(frozen=True)
class DemoResult:
    """What seed-demo did, for the command to print."""

    password: str
    created_users: int
    sessions: list[str]
    historical_attempts: int


def _units(session: Session, catalog: Catalog) -> list[Unit]:
    units = []
    for code, agency in catalog.agencies.items():
        if not agency.city_owned or agency.type not in UNIT_TYPES:
            continue
        unit = session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            unit = Unit(code=code, name=agency.name, type=UNIT_TYPES[agency.type])
            session.add(unit)
        units.append(unit)
    session.flush()
    return units


def _user(
    session: Session, username: str, role: str, name: str, password_hash: str, **extra: object
) -> tuple[User, bool]:
    user = session.scalar(select(User).where(User.username == username))
    created = user is None
    if user is None:
        user = User(username=username, role=role, display_name=name, password_hash=password_hash, **extra)
        session.add(user)
    else:
        user.password_hash = password_hash
        user.role, user.active = role, True
    return user, created


def _reply(
    rng: random.Random, skill: float, fields: dict[str, str], shift: dict[str, float] | None = None
) -> str:
    parts = []
    for key, options in _FRAGMENTS.items():
        level = min(1.0, max(0.0, skill + (shift or {}).get(key, 0.0)))
        index = min(len(options) - 1, int(rng.random() * len(options) * (1.15 - level)))
        if options[index]:
            parts.append(options[index].format(**fields))
    slip = 0.7 - min(1.0, max(0.0, skill + (shift or {}).get("habits", 0.0)))
    if rng.random() < slip:
        parts.append(rng.choice(_HABITS).format(**fields))
    return " ".join(parts) or "Baik."


def _membership(session: Session, cohort: Cohort, user: User, role: str) -> None:
    """Make the demo trainer and reviewer members of the demo cohort (once)."""
    session.flush()
    exists = session.scalar(
        select(CohortMember.id).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user.id, CohortMember.role == role
        )
    )
    if exists is None:
        session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=role))


def seed_demo(session: Session, catalog: Catalog, password: str | None = None) -> DemoResult:
    """Create or refresh the demo data; running it twice changes nothing but the password."""
    password = password or secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    fake = Faker("id_ID")
    fake.seed_instance(2024)
    units = _units(session, catalog)
    cohort = session.scalar(select(Cohort).where(Cohort.name == COHORT))
    if cohort is None:
        cohort = Cohort(name=COHORT, city="Kota Malang")
        session.add(cohort)
        session.flush()
    created = 0
    for username, role, name in STAFF:
        staff, was_created = _user(session, username, role, name, password_hash)
        created += was_created
        if role in ("trainer", "reviewer"):
            _membership(session, cohort, staff, role)
    trainees = []
    for i in range(1, TRAINEES + 1):
        user, was_created = _user(
            session,
            f"peserta{i}",
            "trainee",
            fake.name(),
            password_hash,
            unit=units[(i - 1) % len(units)],
            cohort=cohort,
        )
        created += was_created
        trainees.append(user)
    session.flush()
    bimteks = []
    for index, (title, starts, ends, is_open, slugs) in enumerate(SESSIONS):
        bimtek = session.scalar(
            select(BimtekSession).where(BimtekSession.cohort_id == cohort.id, BimtekSession.title == title)
        )
        if bimtek is None:
            bimtek = BimtekSession(
                cohort=cohort,
                title=title,
                starts_on=starts,
                ends_on=ends,
                is_open=is_open,
                join_code=f"MLG{index + 1}{secrets.token_hex(2).upper()}",
            )
            bimtek.assignments = [
                SessionScenario(slug=slug, position=p)
                for p, slug in enumerate(slugs)
                if slug in catalog.scenarios
            ]
            session.add(bimtek)
        bimteks.append(bimtek)
    session.flush()
    history = _history(session, catalog, bimteks[0], trainees)
    # The second session: most trainees (not peserta1-5, kept fresh for trying the app), better
    # greetings, empathy and status promises after the first bimtek, verification as weak as before.
    history += _history(
        session, catalog, bimteks[1], trainees, skip=5, assignments=slice(1, 4), shift=SECOND_SESSION_SHIFT
    )
    return DemoResult(password, created, [b.title for b in bimteks], history)


SECOND_SESSION_SHIFT = {
    "greeting": 0.45,
    "empathy": 0.4,
    "status_followup": 0.35,
    "verification": -0.1,
    "habits": 0.2,  # fewer slips into the habits after the first bimtek
}


def _history(
    session: Session,
    catalog: Catalog,
    bimtek: BimtekSession,
    trainees: list[User],
    *,
    skip: int = 0,
    assignments: slice = slice(0, 3),
    shift: dict[str, float] | None = None,
) -> int:
    """Play a session's assignments through the real engine, once (`shift` moves skill per criterion)."""
    done = (
        session.scalar(select(func.count()).select_from(Attempt).where(Attempt.session_id == bimtek.id)) or 0
    )
    if done:
        return 0
    rng = random.Random(112 + bimtek.starts_on.toordinal() % 1000 if shift else 112)
    agencies = catalog.agencies
    codes = sorted(agencies)
    start = datetime.combine(bimtek.starts_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
    count = 0
    for number, trainee in enumerate(trainees):
        skill = 0.25 + 0.6 * rng.random()
        if number < skip:
            continue
        for a_index, assignment in enumerate(bimtek.assignments[assignments]):
            loaded = catalog.get(assignment.slug)
            if loaded is None:
                continue
            now = start + timedelta(minutes=number * 3 + a_index * 40)
            attempt = services.create_attempt(
                session, trainee, loaded, bimtek, seed=rng.randrange(2**31), now=now
            )
            case = services.case_of(attempt)
            fields = {
                "honorific": case.citizen.honorific,
                "me": trainee.display_name.split()[0],
                "unit": trainee.unit.name if trainee.unit else "Pemkot Malang",
            }
            for turn in range(1 + int(rng.random() * 2)):
                if attempt.end_reason:
                    break
                now += timedelta(minutes=2 + int(rng.random() * 6))
                reply = _reply(rng, skill, fields, shift)
                services.submit_reply(session, attempt, reply, f"demo-{turn}", now=now)
            ownership = loaded.scenario.ownership
            agency = ownership.owner if rng.random() < skill + 0.2 else rng.choice(codes)
            services.finish_attempt(
                session,
                agencies,
                attempt,
                ownership.action,
                agency,
                list(ownership.coordinate[:1]),
                now=now + timedelta(minutes=1),
            )
            count += 1
    return count
