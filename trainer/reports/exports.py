"""XLSX (openpyxl) and CSV exports of the dashboard views; user text never becomes a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from scoring import CRITERIA, FLAGS

from .queries import MEASURES
from .services import GroupFigures, Overview, criterion_labels, flag_labels, unit_type_labels

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEETS = ("overview", "units", "progress", "attempts")


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


def safe_text(value: str) -> str:
    """Return text that no spreadsheet reads as a formula (a leading quote, as OWASP advises)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Column:
    """One exported column: its header, its width and how its numbers are shown."""

    header: str
    width: int = 12
    number_format: str | None = None  # "0.00", "0.0%", "0"


@dataclass(frozen=True)
class Table:
    """One view as rows: the sheet (or CSV) name, columns and values (str, numbers or None)."""

    name: str
    title: str
    columns: list[Column]
    rows: Iterable[Sequence[Any]]


MEAN, SHARE, COUNT = "0.00", "0.0%", "0"


def overview_table(data: Overview) -> Table:
    """Return the overview: one row per session."""
    labels, flags = criterion_labels(), flag_labels()
    columns = [Column(_("Sesi"), 40), Column(_("Periode"), 24), Column(_("Percobaan"), 11, COUNT),
               Column(_("Peserta"), 10, COUNT)]  # fmt: skip
    for key in CRITERIA:
        columns += [Column(_("%(c)s: rata-rata", c=labels[key]), 14, MEAN),
                    Column(_("%(c)s: mencapai 2", c=labels[key]), 14, SHARE)]  # fmt: skip
    columns += [
        Column(_("Disposisi tepat"), 12, SHARE),
        Column(_("Disposisi dapat diterima"), 12, SHARE),
        Column(_("Disposisi keliru"), 12, SHARE),
        Column(_("Median waktu balasan pertama (detik)"), 14, COUNT),
        Column(_("Penyelesaian skenario wajib"), 14, SHARE),
        Column(_("Nilai total rata-rata"), 12, MEAN),
        Column(_("Perubahan dari sesi sebelumnya"), 14, MEAN),
        *[Column(flags[f], 14, SHARE) for f in FLAGS],
        Column(_("Percobaan dengan nilai tinjauan pelatih"), 14, COUNT),
    ]
    rows = []
    for s in data.sessions:
        row: list[Any] = [s.title, s.period, s.attempts, s.trainees]
        for key in CRITERIA:
            row += [s.means[key], s.share2[key]]
        row += [s.routing["correct"], s.routing["acceptable"], s.routing["wrong"], s.median_first_reply,
                s.completion, s.mean_total, s.trend, *[s.flags[f] for f in FLAGS], s.reviewed]  # fmt: skip
        rows.append(row)
    return Table("overview", _("Ringkasan"), columns, rows)


def groups_table(groups: list[GroupFigures], by: str) -> Table:
    """Return the per-unit (or per-type) table; units with no attempts have empty cells."""
    labels, types = criterion_labels(), unit_type_labels()
    columns = [Column(_("Unit") if by == "unit" else _("Jenis unit"), 40), Column(_("Jenis unit"), 12),
               Column(_("Percobaan"), 11, COUNT), Column(_("Peserta"), 10, COUNT)]  # fmt: skip
    for key in CRITERIA:
        columns += [Column(_("%(c)s: rata-rata", c=labels[key]), 14, MEAN),
                    Column(_("%(c)s: mencapai 2", c=labels[key]), 14, SHARE)]  # fmt: skip
    columns += [Column(_("Nilai total rata-rata"), 12, MEAN), Column(_("Perubahan nilai total"), 14, MEAN),
                Column(_("Paling sedikit membaik"), 12)]  # fmt: skip
    rows = []
    for g in groups:
        row: list[Any] = [g.name, types.get(g.unit_type or "", ""), g.attempts, g.trainees]
        for key in CRITERIA:
            row += [g.means[key], g.share2[key]]
        row += [g.mean_total, g.delta_total, _("ya") if g.least_improved else ""]
        rows.append(row)
    return Table("units", _("Per unit") if by == "unit" else _("Per jenis unit"), columns, rows)


def progress_table(trainees: Iterable[dict[str, Any]], before: str, after: str) -> Table:
    """Return per trainee: each measure before, after and the change (empty where a session is missing)."""
    labels = criterion_labels()
    columns = [Column(_("Peserta"), 32), Column(_("Unit"), 36)]
    for m in MEASURES:
        columns += [Column(f"{labels[m]}: {before}", 14, MEAN), Column(f"{labels[m]}: {after}", 14, MEAN),
                    Column(_("%(c)s: perubahan", c=labels[m]), 14, MEAN)]  # fmt: skip

    def rows() -> Iterable[list[Any]]:
        for t in trainees:
            row: list[Any] = [t["display_name"], t["unit"] or ""]
            for m in MEASURES:
                a, b = t[f"before_{m}"], t[f"after_{m}"]
                row += [a, b, b - a if a is not None and b is not None else None]
            yield row

    return Table("progress", _("Kemajuan peserta"), columns, rows())


def attempts_table(attempts: Iterable[dict[str, Any]]) -> Table:
    """Return one row per attempt: who, where, which session and scenario, points, routing, flags."""
    labels, flags = criterion_labels(), flag_labels()
    verdicts = {"correct": _("tepat"), "acceptable": _("dapat diterima"), "wrong": _("keliru")}
    columns = [Column(_("No. percobaan"), 12, COUNT), Column(_("Sesi"), 36), Column(_("Peserta"), 30),
               Column(_("Unit"), 34), Column(_("Skenario"), 30),
               *[Column(labels[k], 10, COUNT) for k in CRITERIA], Column(_("Disposisi"), 14),
               Column(_("Nilai total"), 10, COUNT), Column(_("Ditinjau pelatih"), 10),
               *[Column(flags[f], 12) for f in FLAGS], Column(_("Selesai (UTC)"), 18)]  # fmt: skip

    def rows() -> Iterable[list[Any]]:
        for a in attempts:
            yield [a["attempt_id"], a["session_title"], a["trainee"], a["unit"] or "", a["slug"],
                   *[a[k] for k in CRITERIA], verdicts.get(a["route_verdict"], a["route_verdict"]), a["total"],
                   _("ya") if a["reviewed"] else "", *[_("ya") if a[f] else "" for f in FLAGS],
                   a["finished_at"].strftime("%Y-%m-%d %H:%M")]  # fmt: skip

    return Table("attempts", _("Percobaan"), columns, rows())


def _cell(ws: WriteOnlyWorksheet, value: Any, column: Column) -> Any:
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=safe_text(value))
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if value is not None and column.number_format:
        cell.number_format = column.number_format
    return cell


def xlsx(tables: list[Table], note: str) -> bytes:
    """Return a workbook with one sheet per table: frozen bold header, widths, numeric cells."""
    workbook = Workbook(write_only=True)
    for table in tables:
        ws = workbook.create_sheet(title=table.title[:31])
        ws.freeze_panes = "A2"
        for i, column in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(ws, value=safe_text(column.header))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in table.rows:
            ws.append([_cell(ws, value, column) for value, column in zip(row, table.columns, strict=True)])
    notes = workbook.create_sheet(title=_("Catatan"))
    notes.append([safe_text(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


def csv_bytes(table: Table) -> bytes:
    """Return one table as CSV in UTF-8 with a BOM (Excel then reads Indonesian text correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(c.header) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
