"""Roster import: read a CSV or XLSX file, validate every row, then import only the good rows.

Nothing is written until the trainer confirms. Between the report and the confirmation the raw
table travels back signed (tamper-evident) and is validated again before anything is imported.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.services import hash_password
from ..errors import TrainerError
from ..models import Cohort, Unit, User

UNIT_TYPES = ("opd", "kelurahan", "kecamatan", "puskesmas")
MAX_ROWS = 2000
MAX_BYTES = 2_000_000
FORMULA_START = ("=", "+", "-", "@")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# Letters and digits that cannot be mistaken for one another on a printed card.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10

# Accepted header names (normalised: lower case, spaces and hyphens as underscores).
HEADERS = {
    "name": ("nama", "name", "nama_lengkap", "nama_peserta"),
    "unit": ("unit", "unit_kerja", "kode_unit", "nama_unit", "instansi", "unit_code", "unit_name"),
    "unit_type": ("jenis_unit", "jenis", "tipe_unit", "unit_type", "type"),
    "nip": ("nip",),
    "email": ("email", "e_mail", "surel"),
}
REQUIRED = ("name", "unit", "unit_type")
LABELS = {"name": "nama", "unit": "unit", "unit_type": "jenis_unit", "nip": "nip", "email": "email"}


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


@dataclass(frozen=True)
class RosterRow:
    """One participant read from the file, at its line number."""

    line: int
    name: str
    unit: str
    unit_type: str
    nip: str
    email: str


@dataclass(frozen=True)
class RowProblem:
    """Why a line of the file cannot be imported."""

    line: int
    reason: str


@dataclass
class RosterReport:
    """The validation of a whole file: good rows, bad rows with reasons, units not found."""

    good: list[RosterRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    new_units: dict[str, str] = field(default_factory=dict)  # unit text -> unit type

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})


@dataclass(frozen=True)
class Credential:
    """A participant's login, with the plaintext password shown once on the login sheet."""

    display_name: str
    username: str
    password: str
    unit: str


# --- reading ---------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Return the file's rows as lists of cell text (CSV or XLSX, judged by the file name)."""
    if len(data) > MAX_BYTES:
        raise TrainerError(_("Berkas terlalu besar (maksimal 2 MB)."), field="file")
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if filename.lower().endswith(".csv"):
        return _read_csv(data)
    raise TrainerError(_("Unggah berkas .csv atau .xlsx."), field="file")


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TrainerError(_("Berkas XLSX tidak dapat dibaca."), field="file") from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            ["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def _normal(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def header_map(header: Sequence[str]) -> dict[str, int]:
    """Return {field: column index} from the header row; raise naming any missing column."""
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _normal(raw)
        for key, aliases in HEADERS.items():
            if name in aliases and key not in found:
                found[key] = index
    missing = [LABELS[k] for k in REQUIRED if k not in found]
    if missing:
        raise TrainerError(
            _("Baris 1: kolom wajib tidak ada: %(cols)s.", cols=", ".join(missing)), field="file"
        )
    return found


# --- validating ------------------------------------------------------------------------


def _unit_lookup(session: Session) -> dict[str, Unit]:
    units = session.scalars(select(Unit)).all()
    lookup = {u.code.lower(): u for u in units}
    lookup.update({u.name.strip().lower(): u for u in units})
    return lookup


def validate(session: Session, table: list[list[str]], cohort: Cohort | None = None) -> RosterReport:
    """Validate every row of the table (header first) and return the report; writes nothing.

    With a cohort, a participant already on its roster (same name and unit) is refused, so a
    confirmation sent twice imports nobody twice.
    """
    if not table:
        raise TrainerError(_("Berkas kosong."), field="file")
    columns = header_map(table[0])
    if len(table) - 1 > MAX_ROWS:
        raise TrainerError(_("Terlalu banyak baris (maksimal %(n)d).", n=MAX_ROWS), field="file")
    units = _unit_lookup(session)
    existing_nips = set(session.scalars(select(User.nip).where(User.nip.is_not(None))))
    seen_nips: dict[str, int] = {}
    on_roster: set[tuple[str, int | None]] = set()
    if cohort is not None:
        on_roster = {
            (name.strip().lower(), unit_id)
            for name, unit_id in session.execute(
                select(User.display_name, User.unit_id).where(
                    User.cohort_id == cohort.id, User.role == "trainee"
                )
            )
        }
    report = RosterReport()
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {key: (cells[i].strip() if i < len(cells) else "") for key, i in columns.items()} | {
            k: "" for k in HEADERS if k not in columns
        }
        reasons = _row_reasons(values, existing_nips, seen_nips, number)
        known = units.get(values["unit"].lower())
        if not reasons and known is not None and (values["name"].lower(), known.id) in on_roster:
            reasons.append(
                _(
                    "%(name)s dari %(unit)s sudah terdaftar di kohort ini",
                    name=values["name"],
                    unit=known.name,
                )
            )
        if reasons:
            report.problems.extend(RowProblem(number, r) for r in reasons)
            continue
        row = RosterRow(
            number,
            values["name"],
            values["unit"],
            values["unit_type"].lower(),
            values["nip"],
            values["email"],
        )
        if row.unit.lower() not in units:
            report.new_units.setdefault(row.unit, row.unit_type)
        report.good.append(row)
    return report


def _row_reasons(
    values: dict[str, str], existing_nips: set[str], seen_nips: dict[str, int], number: int
) -> list[str]:
    reasons: list[str] = []
    for key, value in values.items():
        if value.startswith(FORMULA_START):
            reasons.append(
                _(
                    "kolom %(col)s berisi sesuatu yang mirip rumus (diawali %(c)s)",
                    col=LABELS[key],
                    c=value[0],
                )
            )
    if reasons:
        return reasons
    if not values["name"]:
        reasons.append(_("nama kosong"))
    if not values["unit"]:
        reasons.append(_("unit kosong"))
    if values["unit_type"].lower() not in UNIT_TYPES:
        reasons.append(
            _(
                'jenis unit "%(value)s" tidak dikenal (pilih: %(types)s)',
                value=values["unit_type"],
                types=", ".join(UNIT_TYPES),
            )
        )
    nip = values["nip"]
    if nip:
        if not nip.isdigit() or len(nip) > 30:
            reasons.append(_('NIP "%(nip)s" harus berupa angka', nip=nip))
        elif nip in seen_nips:
            reasons.append(_("NIP %(nip)s ganda (sama dengan baris %(line)d)", nip=nip, line=seen_nips[nip]))
        elif nip in existing_nips:
            reasons.append(_("NIP %(nip)s sudah terdaftar", nip=nip))
        else:
            seen_nips[nip] = number
    if values["email"] and not EMAIL.match(values["email"]):
        reasons.append(_('email "%(email)s" tidak sah', email=values["email"]))
    return reasons


# --- keeping the file between report and confirmation ------------------------------------


def seal(secret: str, cohort_id: int, table: list[list[str]]) -> str:
    """Return the table signed for the confirmation form (tamper-evident, expires in an hour)."""
    return URLSafeTimedSerializer(secret, salt="roster-import").dumps({"cohort": cohort_id, "table": table})


def unseal(secret: str, cohort_id: int, token: str) -> list[list[str]]:
    """Return the table sealed for this cohort, or raise if it was changed, expired or is another's."""
    try:
        data = URLSafeTimedSerializer(secret, salt="roster-import").loads(token, max_age=3600)
    except SignatureExpired as exc:
        raise TrainerError(
            _("Laporan impor sudah kedaluwarsa; unggah berkasnya lagi."), field="file"
        ) from exc
    except BadSignature as exc:
        raise TrainerError(_("Data impor tidak sah; unggah berkasnya lagi."), field="file") from exc
    if data.get("cohort") != cohort_id or not isinstance(data.get("table"), list):
        raise TrainerError(_("Data impor tidak sah; unggah berkasnya lagi."), field="file")
    return [[str(c) for c in row] for row in data["table"]]


# --- importing -------------------------------------------------------------------------


def generate_password() -> str:
    """Return a random one-time password that reads unambiguously on paper."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_name)
    base = ".".join(words[:2]) if words else "peserta"
    return base[:30]


def unique_username(session: Session, name: str, taken: set[str]) -> str:
    """Return a username from the name (e.g. siti.rahma), numbered if it is taken."""
    base = _slug(name)
    candidate, n = base, 1
    while candidate in taken or session.scalar(
        select(func.count()).select_from(User).where(User.username == candidate)
    ):
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def _unit_code(session: Session, name: str) -> str:
    base = (re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-") or "UNIT")[:34]
    candidate, n = base, 1
    while session.scalar(select(func.count()).select_from(Unit).where(Unit.code == candidate)):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def import_roster(
    session: Session, cohort: Cohort, table: list[list[str]], *, create_units: bool
) -> tuple[list[Credential], RosterReport, list[RosterRow]]:
    """Validate the table again and import its good rows into the cohort.

    Rows whose unit is unknown are imported only with `create_units` (the unit is created);
    otherwise they are returned as skipped. Returns the credentials (plaintext passwords, shown
    once), the report and the skipped rows.
    """
    report = validate(session, table, cohort)
    units = _unit_lookup(session)
    credentials: list[Credential] = []
    skipped: list[RosterRow] = []
    taken: set[str] = set()
    for row in report.good:
        unit = units.get(row.unit.lower())
        if unit is None:
            if not create_units:
                skipped.append(row)
                continue
            unit = Unit(code=_unit_code(session, row.unit), name=row.unit, type=row.unit_type)
            session.add(unit)
            session.flush()
            units[row.unit.lower()] = unit
        password = generate_password()
        user = User(
            username=unique_username(session, row.name, taken),
            display_name=row.name,
            password_hash=hash_password(password),
            role="trainee",
            unit_id=unit.id,
            cohort_id=cohort.id,
            nip=row.nip or None,
            email=row.email or None,
        )
        session.add(user)
        credentials.append(Credential(row.name, user.username, password, unit.name))
    session.flush()
    return credentials, report, skipped


def reset_password(session: Session, trainee: User) -> Credential:
    """Give the trainee a new one-time password; return it for a new login card."""
    password = generate_password()
    trainee.password_hash = hash_password(password)
    session.flush()
    return Credential(
        trainee.display_name, trainee.username, password, trainee.unit.name if trainee.unit else ""
    )
