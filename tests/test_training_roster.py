"""Roster import: every row validated first with its line number (CSV and XLSX), then only good rows."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from trainer.auth.services import authenticate
from trainer.errors import TrainerError
from trainer.models import Unit, User
from trainer.training import roster

from . import factories

pytestmark = pytest.mark.usefixtures("app_ctx")

HEADER = ["nama", "unit", "jenis_unit", "nip", "email"]
GOOD = [
    ["Siti Rahma", "Kelurahan Oro-oro Dowo", "kelurahan", "198501012010012001", "siti@malangkota.go.id"],
    ["Budi Santoso", "DISKOMINFO", "opd", "", ""],
]
BAD = [
    (["", "DISKOMINFO", "opd", "", ""], "nama kosong"),
    (
        ["Andi", "DISKOMINFO", "sekolah", "", ""],
        'jenis unit "sekolah" tidak dikenal (pilih: opd, kelurahan, kecamatan, puskesmas)',
    ),
    (
        ["Dewi", "DISKOMINFO", "opd", "198501012010012001", ""],
        "NIP 198501012010012001 ganda (sama dengan baris 2)",
    ),
    (["Eko", "DISKOMINFO", "opd", "", "eko@@contoh"], 'email "eko@@contoh" tidak sah'),
    (
        ['=HYPERLINK("x")', "DISKOMINFO", "opd", "", ""],
        "kolom nama berisi sesuatu yang mirip rumus (diawali =)",
    ),
    (["Fajar", "+62", "opd", "", ""], "kolom unit berisi sesuatu yang mirip rumus (diawali +)"),
    (["Gita", "DISKOMINFO", "opd", "-1", ""], "kolom nip berisi sesuatu yang mirip rumus (diawali -)"),
    (["Hadi", "DISKOMINFO", "opd", "", "@cmd"], "kolom email berisi sesuatu yang mirip rumus (diawali @)"),
]


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    return ("\ufeff" + "\n".join(delimiter.join(r) for r in rows) + "\n").encode()


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def diskominfo(session):
    unit = factories.make_unit(session, code="DISKOMINFO", name="Dinas Komunikasi dan Informatika")
    session.commit()
    return unit


@pytest.mark.parametrize("kind", ["csv", "csv;", "xlsx"])
def test_a_good_file_validates_every_row(session, diskominfo, kind) -> None:
    rows = [HEADER, *GOOD]
    data = _xlsx(rows) if kind == "xlsx" else _csv(rows, ";" if kind == "csv;" else ",")
    table = roster.read_table(f"peserta.{kind.rstrip(';')}", data)
    report = roster.validate(session, table)
    assert report.problems == []
    assert [(r.line, r.name, r.unit_type) for r in report.good] == [
        (2, "Siti Rahma", "kelurahan"),
        (3, "Budi Santoso", "opd"),
    ]
    assert report.new_units == {"Kelurahan Oro-oro Dowo": "kelurahan"}  # DISKOMINFO found by code


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(("row", "reason"), BAD)
def test_each_bad_row_is_reported_with_its_line(session, diskominfo, kind, row, reason) -> None:
    rows = [HEADER, *GOOD, row]
    data = _xlsx(rows) if kind == "xlsx" else _csv(rows)
    report = roster.validate(session, roster.read_table(f"p.{kind}", data))
    assert [(p.line, p.reason) for p in report.problems] == [(4, reason)]
    assert [r.line for r in report.good] == [2, 3]


def test_a_nip_already_registered_is_refused(session, diskominfo) -> None:
    factories.make_user(session, nip="199001012015011001")
    session.commit()
    rows = [HEADER, ["Ika", "DISKOMINFO", "opd", "199001012015011001", ""]]
    report = roster.validate(session, roster.read_table("p.csv", _csv(rows)))
    assert [(p.line, p.reason) for p in report.problems] == [(2, "NIP 199001012015011001 sudah terdaftar")]


def test_indonesian_and_english_headers_are_accepted_and_blank_lines_skipped(session, diskominfo) -> None:
    rows = [
        ["Nama Lengkap", "Unit Kerja", "Jenis Unit"],
        ["Siti", "DISKOMINFO", "OPD"],
        [""],
        ["Budi", "DISKOMINFO", "opd"],
    ]
    report = roster.validate(session, roster.read_table("p.csv", _csv(rows)))
    assert [(r.line, r.name) for r in report.good] == [(2, "Siti"), (4, "Budi")]


def test_a_missing_required_column_is_named(session) -> None:
    with pytest.raises(TrainerError, match="Baris 1: kolom wajib tidak ada: jenis_unit"):
        roster.validate(session, roster.read_table("p.csv", _csv([["nama", "unit"], ["Siti", "X"]])))


def test_other_file_types_and_broken_xlsx_are_refused(session) -> None:
    with pytest.raises(TrainerError, match=".csv atau .xlsx"):
        roster.read_table("p.txt", b"nama")
    with pytest.raises(TrainerError, match="XLSX tidak dapat dibaca"):
        roster.read_table("p.xlsx", b"not a zip")
    with pytest.raises(TrainerError, match="terlalu besar"):
        roster.read_table("p.csv", b"x" * (roster.MAX_BYTES + 1))


def test_import_takes_only_good_rows_and_creates_units_only_when_ticked(session, diskominfo) -> None:
    cohort = factories.make_cohort(session)
    table = roster.read_table("p.csv", _csv([HEADER, *GOOD, BAD[0][0]]))
    units_before = session.scalar(select(func.count()).select_from(Unit))

    credentials, report, skipped = roster.import_roster(session, cohort, table, create_units=False)
    session.commit()
    assert report.bad_lines == [4]
    assert [c.display_name for c in credentials] == ["Budi Santoso"]  # Siti's unit is unknown
    assert [r.line for r in skipped] == [2]
    assert session.scalar(select(func.count()).select_from(Unit)) == units_before

    credentials, _report, skipped = roster.import_roster(
        session, cohort, roster.read_table("p.csv", _csv([HEADER, GOOD[0]])), create_units=True
    )
    session.commit()
    assert skipped == []
    siti = session.scalar(select(User).where(User.display_name == "Siti Rahma"))
    assert siti.cohort_id == cohort.id
    assert siti.role == "trainee"
    assert siti.unit.name == "Kelurahan Oro-oro Dowo"
    assert siti.unit.type == "kelurahan"
    assert siti.nip == "198501012010012001"
    assert siti.email == "siti@malangkota.go.id"


def test_generated_passwords_are_hashed_and_log_in_once_reset_replaces_them(session, diskominfo) -> None:
    cohort = factories.make_cohort(session)
    rows = [
        HEADER,
        ["Budi Santoso", "DISKOMINFO", "opd", "", ""],
        ["Budi Santoso", "DISKOMINFO", "opd", "", ""],
    ]
    credentials, _r, _s = roster.import_roster(
        session, cohort, roster.read_table("p.csv", _csv(rows)), create_units=False
    )
    session.commit()
    assert [c.username for c in credentials] == ["budi.santoso", "budi.santoso2"]
    first = credentials[0]
    assert len(first.password) == roster.PASSWORD_LENGTH
    assert first.password != credentials[1].password
    user = session.scalar(select(User).where(User.username == first.username))
    assert first.password not in user.password_hash
    assert user.password_hash.startswith("$argon2")
    assert authenticate(session, first.username, first.password) == user

    new = roster.reset_password(session, user)
    session.commit()
    assert new.username == user.username
    assert new.password != first.password
    assert authenticate(session, user.username, first.password) is None
    assert authenticate(session, user.username, new.password) == user


def test_the_sealed_table_cannot_be_edited_or_moved_to_another_cohort(session) -> None:
    table = [HEADER, GOOD[0]]
    token = roster.seal("secret", 7, table)
    assert roster.unseal("secret", 7, token) == table
    with pytest.raises(TrainerError, match="tidak sah"):
        roster.unseal("secret", 8, token)
    with pytest.raises(TrainerError, match="tidak sah"):
        roster.unseal("secret", 7, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    with pytest.raises(TrainerError, match="tidak sah"):
        roster.unseal("other-secret", 7, token)


def test_confirming_twice_imports_nobody_twice(session, diskominfo) -> None:
    cohort = factories.make_cohort(session)
    table = roster.read_table("p.csv", _csv([HEADER, GOOD[1]]))
    first, _report, _skipped = roster.import_roster(session, cohort, table, create_units=False)
    session.commit()
    again, report, _skipped = roster.import_roster(session, cohort, table, create_units=False)
    assert len(first) == 1
    assert again == []
    assert [(p.line, p.reason) for p in report.problems] == [
        (2, "Budi Santoso dari Dinas Komunikasi dan Informatika sudah terdaftar di kohort ini")
    ]
    # The same person in another cohort is a different roster entry.
    other, _r, _s = roster.import_roster(session, factories.make_cohort(session), table, create_units=False)
    assert len(other) == 1
