"""Page data for the Diskominfo dashboards, built from the grouped rows of `queries`.

Everything here works on a handful of rows per session, unit or trainee; no attempt is loaded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring import CRITERIA, FLAGS

from ..errors import NotFound, TrainerError
from ..models import BimtekSession, Cohort, SessionScenario, Unit
from . import queries
from .queries import MEASURES, Filters

UNIT_TYPES = ("opd", "kelurahan", "kecamatan", "puskesmas")
# Two-sided 95 % Student t quantiles for 1..30 degrees of freedom; beyond that, the normal 1.96.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042)  # fmt: skip
LEAST_IMPROVED = 3


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


def criterion_labels() -> dict[str, str]:
    """Return the Indonesian-first label of each criterion (translated), and of the total."""
    return {
        "greeting": _("Salam"),
        "verification": _("Verifikasi"),
        "empathy": _("Empati"),
        "interim_solution": _("Solusi sementara"),
        "status_followup": _("Tindak lanjut status"),
        "total": _("Nilai total"),
    }


def flag_labels() -> dict[str, str]:
    """Return the label of each flag (the behaviours the bimtek is meant to remove)."""
    return {
        "rejects_ownership": _("Menolak kewenangan"),
        "blames_citizen": _("Menyalahkan warga"),
        "discloses_identity": _("Membuka identitas pelapor"),
        "impolite": _("Tidak sopan"),
    }


def unit_type_labels() -> dict[str, str]:
    """Return the label of each unit type."""
    return {
        "opd": _("OPD"),
        "kelurahan": _("Kelurahan"),
        "kecamatan": _("Kecamatan"),
        "puskesmas": _("Puskesmas"),
    }


# --- filters ---------------------------------------------------------------------------


def cohort_sessions(db: Session, cohort: Cohort) -> list[BimtekSession]:
    """Return the cohort's bimtek sessions in date order."""
    return list(
        db.scalars(
            select(BimtekSession)
            .where(BimtekSession.cohort_id == cohort.id)
            .order_by(BimtekSession.starts_on, BimtekSession.id)
        )
    )


def _int_arg(args: dict[str, str], name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise TrainerError(
            _("Parameter %(name)s harus berupa angka, bukan %(value)s.", name=name, value=raw[:20])
        )
    return int(raw)


def parse_filters(db: Session, cohort: Cohort, args: dict[str, str]) -> Filters:
    """Return the filters from the URL (`sesi`, `jenis`, `unit`), each checked against the cohort."""
    session_id = _int_arg(args, "sesi")
    if session_id is not None and session_id not in {s.id for s in cohort_sessions(db, cohort)}:
        raise NotFound(_("Sesi bimtek tidak ditemukan di kohort ini."))
    unit_type = (args.get("jenis") or "").strip() or None
    if unit_type is not None and unit_type not in UNIT_TYPES:
        raise TrainerError(
            _(
                "Jenis unit tidak dikenal: %(value)s (pilih %(choices)s).",
                value=unit_type[:20],
                choices=", ".join(UNIT_TYPES),
            )
        )
    unit_id = _int_arg(args, "unit")
    if unit_id is not None and unit_id not in {u.id for u in queries.cohort_units(db, cohort.id, Filters())}:
        raise NotFound(_("Unit tidak ditemukan di kohort ini."))
    return Filters(session_id, unit_type, unit_id)


def filter_args(filters: Filters) -> dict[str, int | str]:
    """Return the URL arguments that reproduce the filters."""
    args: dict[str, int | str] = {}
    if filters.session_id is not None:
        args["sesi"] = filters.session_id
    if filters.unit_type is not None:
        args["jenis"] = filters.unit_type
    if filters.unit_id is not None:
        args["unit"] = filters.unit_id
    return args


# --- overview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFigures:
    """One session's row of the overview."""

    id: int
    title: str
    period: str
    attempts: int
    trainees: int
    means: dict[str, float | None]
    share2: dict[str, float | None]
    routing: dict[str, float | None]
    mean_total: float | None
    flags: dict[str, float | None]
    reviewed: int
    median_first_reply: float | None
    completion: float | None
    trend: float | None  # mean total minus the previous session's (with attempts)


@dataclass(frozen=True)
class Overview:
    """Everything the cohort overview and the printable report show."""

    cohort: Cohort
    sessions: list[SessionFigures]
    weakest: tuple[str, float] | None  # (criterion, share reaching 2) over the shown attempts
    strongest: tuple[str, float] | None
    histogram: dict[int, list[int]]  # session id -> attempts per bin of ten
    reviewed: int
    attempts: int
    participants: int

    def series(self, attribute: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
        """Return one chart series per session: its `attribute` values (means, share2, flags) by key."""
        return [
            {"label": s.title, "values": [getattr(s, attribute)[k] for k in keys]}
            for s in self.sessions
            if s.attempts
        ]

    def histogram_series(self) -> list[dict[str, Any]]:
        """Return one chart series per session: attempts per bin of ten points."""
        empty = [0] * queries.HISTOGRAM_BINS
        return [
            {"label": s.title, "values": self.histogram.get(s.id, empty)} for s in self.sessions if s.attempts
        ]

    @property
    def histogram_top(self) -> int:
        return max((n for bins in self.histogram.values() for n in bins), default=1)

    @property
    def flags_top(self) -> float:
        top = max((v or 0 for s in self.sessions for v in s.flags.values()), default=0)
        return max(0.1, math.ceil(top * 10) / 10)


def _period(bimtek: BimtekSession) -> str:
    if bimtek.starts_on == bimtek.ends_on:
        return bimtek.starts_on.strftime("%d-%m-%Y")
    return f"{bimtek.starts_on.strftime('%d-%m-%Y')} – {bimtek.ends_on.strftime('%d-%m-%Y')}"


def overview(db: Session, cohort: Cohort, filters: Filters) -> Overview:
    """Return the overview: per session means, shares, routing, time to reply, completion, trend."""
    rows = {r["session_id"]: r for r in queries.session_rows(db, cohort.id, filters)}
    medians = queries.median_first_reply(db, cohort.id, filters)
    done = queries.completion(db, cohort.id, filters)
    bins: dict[int, list[int]] = {}
    for sid, b, n in queries.histogram(db, cohort.id, filters):
        bins.setdefault(sid, [0] * queries.HISTOGRAM_BINS)[b] = n
    sessions = []
    previous: float | None = None
    for bimtek in cohort_sessions(db, cohort):
        if filters.session_id is not None and bimtek.id != filters.session_id:
            continue
        row = rows.get(bimtek.id)
        finished, expected = done.get(bimtek.id, (0, 0))
        mean_total = float(row["mean_total"]) if row else None
        sessions.append(
            SessionFigures(
                id=bimtek.id,
                title=bimtek.title,
                period=_period(bimtek),
                attempts=row["attempts"] if row else 0,
                trainees=row["trainees"] if row else 0,
                means={k: float(row[f"mean_{k}"]) if row else None for k in CRITERIA},
                share2={k: float(row[f"share2_{k}"]) if row else None for k in CRITERIA},
                routing={
                    v: float(row[f"route_{v}"]) if row else None for v in ("correct", "acceptable", "wrong")
                },
                mean_total=mean_total,
                flags={f: float(row[f"flag_{f}"]) if row else None for f in FLAGS},
                reviewed=int(row["reviewed"] or 0) if row else 0,
                median_first_reply=medians.get(bimtek.id),
                completion=finished / expected if expected else None,
                trend=mean_total - previous if mean_total is not None and previous is not None else None,
            )
        )
        if mean_total is not None:
            previous = mean_total
    attempts = sum(s.attempts for s in sessions)
    weakest = strongest = None
    if attempts:
        shares = {k: sum((s.share2[k] or 0) * s.attempts for s in sessions) / attempts for k in CRITERIA}
        weakest = min(shares.items(), key=lambda item: (item[1], CRITERIA.index(item[0])))
        strongest = max(shares.items(), key=lambda item: (item[1], -CRITERIA.index(item[0])))
    return Overview(
        cohort=cohort,
        sessions=sessions,
        weakest=weakest,
        strongest=strongest,
        histogram=bins,
        reviewed=sum(s.reviewed for s in sessions),
        attempts=attempts,
        participants=queries.cohort_trainee_count(db, cohort.id, filters),
    )


# --- progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """The two sessions compared, and the pre/post scenarios each is restricted to (if marked)."""

    before: BimtekSession
    after: BimtekSession
    before_slugs: list[str] | None
    after_slugs: list[str] | None

    @property
    def slugs(self) -> tuple[list[str] | None, list[str] | None]:
        return self.before_slugs, self.after_slugs

    @property
    def ids(self) -> tuple[int, int]:
        return self.before.id, self.after.id


def _marked(db: Session, session_id: int, kind: str) -> list[str]:
    return list(
        db.scalars(
            select(SessionScenario.slug).where(
                SessionScenario.session_id == session_id, SessionScenario.test_kind == kind
            )
        )
    )


def choose_pair(db: Session, cohort: Cohort, args: dict[str, str]) -> Pair | None:
    """Return the sessions to compare: `dari`/`ke` from the URL, else a session's pre-test and a later
    session's post-test where the trainer marked them, else the first and the last session."""
    sessions = cohort_sessions(db, cohort)
    by_id = {s.id: s for s in sessions}
    before_id, after_id = _int_arg(args, "dari"), _int_arg(args, "ke")
    if before_id is not None or after_id is not None:
        if before_id not in by_id or after_id not in by_id:
            raise NotFound(_("Sesi bimtek yang dibandingkan tidak ditemukan di kohort ini."))
        if before_id == after_id:
            raise TrainerError(_("Pilih dua sesi yang berbeda untuk dibandingkan."), field="ke")
        before, after = by_id[before_id], by_id[after_id]  # type: ignore[index]
    else:
        if len(sessions) < 2:
            return None
        before, after = sessions[0], sessions[-1]
        for i, first in enumerate(sessions):
            if _marked(db, first.id, "pre"):
                later = [s for s in sessions[i + 1 :] if _marked(db, s.id, "post")]
                if later:
                    before, after = first, later[0]
                    break
    pre, post = _marked(db, before.id, "pre"), _marked(db, after.id, "post")
    return Pair(before, after, pre or None, post or None) if pre and post else Pair(before, after, None, None)


@dataclass(frozen=True)
class Paired:
    """The paired comparison of one measure: mean change, its 95 % interval, and a sign test."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    up: int
    same: int
    down: int
    sign_p: float | None


def _sign_test(up: int, down: int) -> float | None:
    """Return the two-sided exact sign-test p-value (ties dropped); normal approximation past 1,000."""
    n = up + down
    if n == 0:
        return None
    k = min(up, down)
    if n > 1000:
        z = (abs(up - down) - 1) / math.sqrt(n)
        return min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2)))
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def paired(row: dict[str, Any], measure: str) -> Paired:
    """Return the paired comparison of a measure from a `progress_by` row."""
    n = int(row["paired"] or 0)
    if n == 0:
        return Paired(0, None, None, None, 0, 0, 0, None)
    up, same, down = (int(row[f"{k}_{measure}"] or 0) for k in ("up", "same", "down"))
    mean = float(row[f"delta_{measure}"])
    low = high = None
    if n > 1:
        variance = max(0.0, (float(row[f"sq_{measure}"]) - n * mean * mean) / (n - 1))
        t = _T95[n - 2] if n - 1 <= len(_T95) else 1.96
        half = t * math.sqrt(variance / n)
        low, high = mean - half, mean + half
    return Paired(n, mean, low, high, up, same, down, _sign_test(up, down))


@dataclass(frozen=True)
class GroupProgress:
    """One unit's (or unit type's) change between the two sessions."""

    key: Any
    name: str
    paired: int
    only_before: int
    only_after: int
    delta: dict[str, float | None]
    after: dict[str, float | None]
    least_improved: bool = False


@dataclass(frozen=True)
class Progress:
    """The progress view: the pair, the cohort's paired comparison, per unit and per trainee rows."""

    pair: Pair
    sessions: list[BimtekSession]
    cohort: dict[str, Paired]
    only_before: int
    only_after: int
    groups: list[GroupProgress]
    trainees: list[dict[str, Any]]
    trainee_total: int
    by: str
    page: int = 1
    pages: int = 1

    def chart_rows(self, keys: tuple[str, ...], labels: dict[str, str]) -> list[tuple[str, float | None]]:
        """Return (label, mean change) per criterion for the change chart."""
        return [(labels[k], self.cohort[k].mean) for k in keys]


def combine(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Add up `progress_by` rows of disjoint groups into one row for all of them (exact)."""
    paired_n = sum(int(r["paired"] or 0) for r in rows)
    combined: dict[str, Any] = {"paired": paired_n}
    if not paired_n:
        return combined
    for m in MEASURES:
        for kind in ("before", "after", "delta"):
            combined[f"{kind}_{m}"] = (
                sum(float(r[f"{kind}_{m}"]) * int(r["paired"]) for r in rows if r["paired"]) / paired_n
            )
        for kind in ("sq", "up", "same", "down"):
            combined[f"{kind}_{m}"] = sum(r[f"{kind}_{m}"] or 0 for r in rows)
    return combined


def group_progress(
    db: Session, cohort: Cohort, pair: Pair, filters: Filters, by: str
) -> tuple[list[GroupProgress], dict[str, Any], int, int]:
    """Return per unit or unit type: paired trainees, those who did one session only, mean changes
    (the units that improved least, by mean change of the total, are marked); then the same for all
    groups together and how many trainees did the first and the second session."""
    found = queries.progress_by(db, cohort.id, pair.ids, pair.slugs, filters, by)
    rows = {r["key"]: r for r in found}
    before = {key: int(r["in_before"]) for key, r in rows.items()}
    after = {key: int(r["in_after"]) for key, r in rows.items()}
    if by == "unit":
        keys = [(u.id, u.name) for u in queries.cohort_units(db, cohort.id, filters)]
    else:
        labels = unit_type_labels()
        present = {u.type for u in queries.cohort_units(db, cohort.id, filters)}
        keys = [(t, labels[t]) for t in UNIT_TYPES if t in present]
    groups = []
    for key, name in keys:
        row = rows.get(key)
        n = int(row["paired"] or 0) if row else 0
        row = row if n else None
        groups.append(
            GroupProgress(
                key=key,
                name=name,
                paired=n,
                only_before=before.get(key, 0) - n,
                only_after=after.get(key, 0) - n,
                delta={m: float(row[f"delta_{m}"]) if row else None for m in MEASURES},
                after={m: float(row[f"after_{m}"]) if row else None for m in MEASURES},
            )
        )
    ranked = sorted((g for g in groups if g.delta["total"] is not None), key=lambda g: g.delta["total"])
    if len(ranked) >= 2:
        # The lowest quarter of the groups that can be compared, at least one and at most three.
        least = {g.key for g in ranked[: min(LEAST_IMPROVED, max(1, len(ranked) // 4))]}
        groups = [GroupProgress(**{**g.__dict__, "least_improved": g.key in least}) for g in groups]
    return groups, combine(found), sum(before.values()), sum(after.values())


PAGE_SIZE = 50


def progress(
    db: Session,
    cohort: Cohort,
    pair: Pair,
    filters: Filters,
    by: str = "unit",
    page: int = 1,
    *,
    with_trainees: bool = True,
) -> Progress:
    """Return the progress view between the pair's sessions (one page of trainees, if wanted)."""
    groups, whole, before, after = group_progress(db, cohort, pair, filters, by)
    comparison = {m: paired(whole, m) for m in MEASURES}
    n = comparison["total"].n
    total_trainees = before + after - n
    pages = max(1, math.ceil(total_trainees / PAGE_SIZE))
    page = min(max(1, page), pages)
    trainees = (
        queries.trainee_progress(
            db, cohort.id, pair.ids, pair.slugs, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        if with_trainees
        else []
    )
    return Progress(
        pair=pair,
        sessions=cohort_sessions(db, cohort),
        cohort=comparison,
        only_before=before - n,
        only_after=after - n,
        groups=groups,
        trainees=trainees,
        trainee_total=total_trainees,
        by=by,
        page=page,
        pages=pages,
    )


# --- per unit ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFigures:
    """One unit's (or unit type's) figures for the chosen session(s); None where nothing was done."""

    key: Any
    name: str
    unit_type: str | None
    attempts: int
    trainees: int
    means: dict[str, float | None]
    share2: dict[str, float | None]
    mean_total: float | None
    delta_total: float | None
    least_improved: bool


SORT_KEYS = ("name", "attempts", "total", "delta", *CRITERIA)


def groups(
    db: Session, cohort: Cohort, filters: Filters, by: str, pair: Pair | None, sort: str, descending: bool
) -> list[GroupFigures]:
    """Return the per-unit (or per-type) table, sorted; units without attempts are empty, not zero."""
    rows = queries.group_rows(db, cohort.id, filters, by)
    progress_rows = {g.key: g for g in group_progress(db, cohort, pair, filters, by)[0]} if pair else {}
    units = queries.cohort_units(db, cohort.id, filters)
    if by == "unit":
        keys = [(u.id, u.name, u.type) for u in units]
    else:
        labels = unit_type_labels()
        present = {u.type for u in units}
        keys = [(t, labels[t], t) for t in UNIT_TYPES if t in present]
    table = []
    for key, name, unit_type in keys:
        row = rows.get(key)
        moved = progress_rows.get(key)
        table.append(
            GroupFigures(
                key=key,
                name=name,
                unit_type=unit_type,
                attempts=row["attempts"] if row else 0,
                trainees=row["trainees"] if row else 0,
                means={k: float(row[f"mean_{k}"]) if row else None for k in CRITERIA},
                share2={k: float(row[f"share2_{k}"]) if row else None for k in CRITERIA},
                mean_total=float(row["mean_total"]) if row else None,
                delta_total=moved.delta["total"] if moved else None,
                least_improved=bool(moved and moved.least_improved),
            )
        )

    def value(g: GroupFigures) -> Any:
        if sort == "name":
            return g.name.lower()
        if sort == "attempts":
            return g.attempts
        if sort == "total":
            return g.mean_total
        if sort == "delta":
            return g.delta_total
        return g.means.get(sort)

    present_rows = [g for g in table if value(g) is not None]
    empty_rows = [g for g in table if value(g) is None]
    present_rows.sort(key=value, reverse=descending)
    return present_rows + empty_rows  # empty groups last, whichever the direction


def unit_by_id(db: Session, unit_id: int) -> Unit | None:
    """Return a unit (for a filter's label)."""
    return db.get(Unit, unit_id)


def methods_note() -> str:
    """Return the short methods note shown in the report and the export."""
    return _(
        "Nilai dihitung otomatis oleh mesin penilai Latih Aduan untuk setiap balasan peserta pada lima "
        "kriteria rubrik (0–2 poin): salam dari balasan pertama, tindak lanjut status dari balasan "
        "terakhir, verifikasi, empati dan solusi sementara dari balasan terbaik. Nilai total = 80 persen "
        "komunikasi (bobot kriteria dikurangi penalti perilaku) + 20 persen disposisi. Pelatih meninjau dan "
        "dapat mengoreksi nilai; bila ada tinjauan, semua angka memakai nilai tinjauan terakhir."
    )
