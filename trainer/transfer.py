"""Move a whole cohort between databases (a training laptop's SQLite to a city's PostgreSQL).

`export_cohort` writes every row that belongs to the cohort — its units, people, memberships,
bimtek sessions and assignments, the scenario versions its attempts used, attempts, turns, scores,
reviews, and rows of any other table that hangs off those — with all columns taken from the ORM
metadata, so a column added by a later migration travels without code changes. `import_cohort`
inserts them under new ids, rewriting every foreign key through the id map; units, users and
scenario versions that already exist in the target (same code, username, or slug and hash) are
reused, never overwritten.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, Table, and_, insert, select, types
from sqlalchemy.orm import Session

from .errors import TrainerError
from .models import Base, Cohort, utcnow

FORMAT = "latih-aduan-cohort"
VERSION = 1
#: Tables found by walking out from the cohort, in this order (every one is in Base.metadata).
CORE = (
    "cohort",
    "unit",
    "user_account",
    "cohort_member",
    "bimtek_session",
    "session_scenario",
    "scenario_version",
    "attempt",
    "turn",
    "score",
    "review",
)
#: Rows that exist once per installation, matched by these columns instead of copied twice.
NATURAL_KEYS = {
    "unit": ("code",),
    "user_account": ("username",),
    "scenario_version": ("slug", "content_hash"),
}
#: Rows of other tables travel when they reference one of these cohort-owned tables.
ANCHORS = ("cohort", "bimtek_session", "session_scenario", "attempt", "turn", "cohort_member")
NO_PASSWORD = "!imported-without-password"


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _encode(column_type: types.TypeEngine[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(column_type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    return value


def _decode(column_type: types.TypeEngine[Any], value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    base = getattr(column_type, "impl", column_type)  # UTCDateTime decorates DateTime
    if isinstance(base, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(base, Date):
        return date.fromisoformat(value)
    if isinstance(base, LargeBinary):
        return base64.b64decode(value)
    return value


def _rows(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    result = session.execute(select(table).where(where).order_by(*table.primary_key.columns)).mappings()
    return [{c.name: _encode(c.type, row[c.name]) for c in table.columns} for row in result]


def _ids(rows: Iterable[dict[str, Any]], key: str = "id") -> set[int]:
    return {r[key] for r in rows if r.get(key) is not None}


def export_cohort(session: Session, name: str, *, with_passwords: bool = False) -> dict[str, Any]:
    """Return the cohort called `name` and everything that belongs to it, as JSON-ready data."""
    cohort = session.scalar(select(Cohort).where(Cohort.name == name))
    if cohort is None:
        raise TrainerError(_("Kohort %(name)s tidak ditemukan.", name=name))
    t = {n: _table(n) for n in CORE}
    out: dict[str, list[dict[str, Any]]] = {}
    out["cohort"] = _rows(session, t["cohort"], t["cohort"].c.id == cohort.id)
    out["cohort_member"] = _rows(session, t["cohort_member"], t["cohort_member"].c.cohort_id == cohort.id)
    out["bimtek_session"] = _rows(session, t["bimtek_session"], t["bimtek_session"].c.cohort_id == cohort.id)
    session_ids = _ids(out["bimtek_session"])
    out["session_scenario"] = _rows(
        session, t["session_scenario"], t["session_scenario"].c.session_id.in_(session_ids)
    )
    users = t["user_account"]
    trainees = _rows(session, users, users.c.cohort_id == cohort.id)
    attempts = t["attempt"]
    out["attempt"] = _rows(
        session,
        attempts,
        attempts.c.trainee_id.in_(_ids(trainees)) | attempts.c.session_id.in_(session_ids),
    )
    attempt_ids = _ids(out["attempt"])
    out["turn"] = _rows(session, t["turn"], t["turn"].c.attempt_id.in_(attempt_ids))
    out["score"] = _rows(session, t["score"], t["score"].c.turn_id.in_(_ids(out["turn"])))
    out["review"] = _rows(session, t["review"], t["review"].c.attempt_id.in_(attempt_ids))
    people = _ids(trainees) | _ids(out["cohort_member"], "user_id") | _ids(out["review"], "reviewer_id")
    people |= _ids(out["attempt"], "trainee_id")
    out["user_account"] = _rows(session, users, users.c.id.in_(people))
    if not with_passwords:
        for user in out["user_account"]:
            user["password_hash"] = None
    out["unit"] = _rows(session, t["unit"], t["unit"].c.id.in_(_ids(out["user_account"], "unit_id")))
    out["scenario_version"] = _rows(
        session,
        t["scenario_version"],
        t["scenario_version"].c.id.in_(_ids(out["attempt"], "scenario_version_id")),
    )
    for table in Base.metadata.sorted_tables:
        if table.name in out:
            continue
        links = [fk for fk in table.foreign_keys if fk.column.table.name in ANCHORS]
        if not links:
            continue
        condition = [fk.parent.in_(_ids(out[fk.column.table.name])) for fk in links]
        out[table.name] = _rows(session, table, condition[0] if len(condition) == 1 else and_(*condition))
    return {
        "format": FORMAT,
        "version": VERSION,
        "cohort": name,
        "exported_at": utcnow().isoformat(),
        "with_passwords": with_passwords,
        "tables": out,
    }


def import_cohort(session: Session, document: dict[str, Any]) -> dict[str, int]:
    """Insert an exported cohort under new ids; return the number of rows inserted per table."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise TrainerError(_("Berkas ini bukan ekspor kohort Latih Aduan (format %(v)s).", v=VERSION))
    tables: dict[str, list[dict[str, Any]]] = document["tables"]
    unknown = sorted(set(tables) - set(Base.metadata.tables))
    if unknown:
        raise TrainerError(_("Tabel tidak dikenal di berkas: %(names)s", names=", ".join(unknown)))
    name = document["cohort"]
    if session.scalar(select(Cohort.id).where(Cohort.name == name)) is not None:
        raise TrainerError(_("Kohort %(name)s sudah ada di basis data ini.", name=name))
    id_map: dict[str, dict[int, int]] = {}
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        rows = tables.get(table.name, [])
        id_map[table.name] = {}
        counts[table.name] = 0
        for row in rows:
            values = {c.name: _decode(c.type, row.get(c.name)) for c in table.columns if c.name != "id"}
            for fk in table.foreign_keys:
                old = values.get(fk.parent.name)
                if old is None:
                    continue
                new = id_map[fk.column.table.name].get(old)
                if new is None and not fk.parent.nullable:
                    raise TrainerError(
                        _(
                            "Berkas rusak: %(table)s.%(column)s menunjuk baris %(id)s yang tidak ada di berkas.",
                            table=table.name,
                            column=fk.parent.name,
                            id=old,
                        )
                    )
                # A nullable link outside the cohort (a trainer's own home cohort) is dropped.
                values[fk.parent.name] = new
            if table.name == "user_account" and not values.get("password_hash"):
                values["password_hash"] = f"{NO_PASSWORD}-{secrets.token_hex(8)}"
            existing = _existing(session, table, values)
            if existing is not None:
                id_map[table.name][row["id"]] = existing
                continue
            if "id" not in table.c:  # keyed by its foreign keys (a summary row): nothing to map
                session.execute(insert(table).values(**values))
            else:
                new_id = session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
                id_map[table.name][row["id"]] = new_id
            counts[table.name] += 1
    session.flush()
    return counts


def _existing(session: Session, table: Table, values: dict[str, Any]) -> int | None:
    keys = NATURAL_KEYS.get(table.name)
    if keys is None:
        return None
    found: int | None = session.scalar(
        select(table.c.id).where(and_(*(table.c[k] == values[k] for k in keys)))
    )
    return found
