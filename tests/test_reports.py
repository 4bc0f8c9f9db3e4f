"""The Diskominfo dashboard: every figure checked against a small cohort computed by hand."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer import events
from trainer.models import (
    Attempt,
    AttemptSummary,
    BimtekSession,
    Cohort,
    CohortMember,
    Review,
    ScenarioVersion,
    Turn,
    User,
)

from . import factories

T0 = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)
KEYS = ("greeting", "verification", "empathy", "interim_solution", "status_followup")


def _version(session: Session, slug: str) -> ScenarioVersion:
    version = session.scalar(select(ScenarioVersion).where(ScenarioVersion.slug == slug))
    if version is None:
        version = ScenarioVersion(slug=slug, content_hash=slug * 2, yaml_text="{}", title=slug)
        session.add(version)
        session.flush()
    return version


def finished(
    session: Session,
    trainee: User,
    bimtek: BimtekSession,
    slug: str,
    points: tuple[int, int, int, int, int],
    verdict: str,
    total: int,
    *,
    flags: tuple[str, ...] = (),
    first_reply: int = 60,
) -> Attempt:
    """Store a finished attempt with these points, then announce it as finish_attempt does."""
    attempt = Attempt(
        trainee_id=trainee.id,
        scenario_version=_version(session, slug),
        session_id=bimtek.id,
        seed=1,
        state="finished",
        revealed=[],
        route_coordinate=[],
        route_verdict=verdict,
        route_points={"correct": 2, "acceptable": 1, "wrong": 0}[verdict],
        total=total,
        result={"flags": list(flags)},
        started_at=T0,
        finished_at=T0 + timedelta(minutes=10),
        **dict(zip(KEYS, points, strict=True)),
    )
    session.add(attempt)
    session.flush()
    session.add(
        Turn(attempt=attempt, position=0, speaker="citizen", text="Halo", mood_after=0, created_at=T0)
    )
    session.add(
        Turn(
            attempt=attempt,
            position=1,
            speaker="trainee",
            text="Selamat pagi",
            mood_after=0,
            created_at=T0 + timedelta(seconds=first_reply),
        )
    )
    session.flush()
    events.attempt_scored(session, attempt)
    return attempt


@pytest.fixture
def cohort_data(session: Session) -> dict[str, Any]:
    """Two sessions, three units (one with no attempts), four trainees.

    Session 1: t1 (unit A) a1 (2,0,1,1,0) correct 50, first reply 30 s, slug x;
               t1 a2 (1,1,2,0,0) wrong 40, blames the citizen, 90 s, slug y;
               t2 (unit B) a3 (2,2,0,2,1) acceptable 70, 60 s, slug x.
    Session 2: t1 a4 (2,1,2,1,2) correct 80; t3 (unit A) a5 (0,0,0,0,0) wrong 10.
    t4 (unit C) never practised. Both of session 1's scenarios are required.
    """
    cohort = factories.make_cohort(session)
    s1 = factories.make_bimtek(session, cohort, ["x", "y"], is_open=False, starts_on=date(2026, 5, 12))
    s2 = factories.make_bimtek(session, cohort, ["z"], starts_on=date(2026, 11, 23))
    unit_a = factories.make_unit(session, name="Dinas Alfa", type="opd")
    unit_b = factories.make_unit(session, name="Kelurahan Beta", type="kelurahan")
    unit_c = factories.make_unit(session, name="Puskesmas Gama", type="puskesmas")
    t1 = factories.make_user(session, "trainee", cohort=cohort, unit=unit_a, display_name='=HYPERLINK("x")')
    t2 = factories.make_user(session, "trainee", cohort=cohort, unit=unit_b, display_name="Budi")
    t3 = factories.make_user(session, "trainee", cohort=cohort, unit=unit_a, display_name="Citra")
    factories.make_user(session, "trainee", cohort=cohort, unit=unit_c, display_name="Dewi")
    attempts = [
        finished(session, t1, s1, "x", (2, 0, 1, 1, 0), "correct", 50, first_reply=30),
        finished(
            session, t1, s1, "y", (1, 1, 2, 0, 0), "wrong", 40, flags=("blames_citizen",), first_reply=90
        ),
        finished(session, t2, s1, "x", (2, 2, 0, 2, 1), "acceptable", 70, first_reply=60),
        finished(session, t1, s2, "z", (2, 1, 2, 1, 2), "correct", 80),
        finished(session, t3, s2, "z", (0, 0, 0, 0, 0), "wrong", 10),
    ]
    session.commit()
    return {
        "cohort": cohort,
        "s1": s1,
        "s2": s2,
        "units": (unit_a, unit_b, unit_c),
        "trainees": (t1, t2, t3),
        "attempts": attempts,
    }


def reviewer_of(session: Session, login_as: Any, cohort: Cohort) -> User:
    user = login_as("reviewer")
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role="reviewer"))
    session.commit()
    return user


def cells(html: str) -> dict[tuple[str, str], str]:
    """Return {(session id, criterion): data-mean} from the matrix."""
    matrix = re.search(r'data-testid="cohort-matrix".*?</table>', html, re.S)
    assert matrix is not None
    found = re.findall(r'data-session="(\d+)" data-criterion="(\w+)" data-mean="([^"]*)"', matrix.group(0))
    return {(s, c): mean for s, c, mean in found}


def test_overview_matrix_matches_hand_computed_means_and_shares(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    s1, s2 = str(cohort_data["s1"].id), str(cohort_data["s2"].id)
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/").get_data(as_text=True)
    means = cells(html)
    expected = {
        (s1, "greeting"): 5 / 3, (s1, "verification"): 1.0, (s1, "empathy"): 1.0,
        (s1, "interim_solution"): 1.0, (s1, "status_followup"): 1 / 3,
        (s2, "greeting"): 1.0, (s2, "verification"): 0.5, (s2, "empathy"): 1.0,
        (s2, "interim_solution"): 0.5, (s2, "status_followup"): 1.0,
    }  # fmt: skip
    assert {k: float(v) for k, v in means.items()} == pytest.approx(expected, abs=1e-4)
    assert re.search(
        rf'data-session="{s1}" data-criterion="greeting" data-mean="[^"]*" data-share2="0.6667"', html
    )
    # Shares reaching 2 in Indonesian format: greeting 2 of 3 in session 1.
    assert "66,7 %" in html
    # Routing 1/3 each in session 1; completion 3 of 8 required (trainee, scenario) pairs; median 60 s.
    session_table = re.search(r'data-testid="session-table".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    assert session_table.count("33,3 %") == 3
    assert "37,5 %" in session_table
    assert "1:00" in session_table
    assert re.search(r'data-completion="0.375"', session_table)
    # Trend: session 2 mean total 45 minus session 1's 53.33.
    trend = re.findall(r'data-trend="([^"]*)"', session_table)
    assert trend[0] == ""
    assert float(trend[1]) == pytest.approx(45 - 160 / 3)
    # The weakest criterion over both sessions: verification (1 of 5 reach 2; ties go to rubric order).
    assert "Verifikasi paling lemah: 20,0 % mencapai 2" in html
    assert "Salam paling kuat: 60,0 % mencapai 2" in html
    # The flag chart's table: one of three session-1 attempts blamed the citizen.
    flags = re.search(r'data-testid="chart-flags".*?</figure>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "Menyalahkan warga" in flags
    assert "33,3 %" in flags


def test_filters_in_the_url_narrow_every_figure(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    unit_a = cohort_data["units"][0]
    s1 = cohort_data["s1"].id
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/?sesi={s1}&unit={unit_a.id}").get_data(
        as_text=True
    )
    means = cells(html)
    assert set(means) == {(str(s1), k) for k in KEYS}  # only the chosen session
    assert float(means[(str(s1), "greeting")]) == pytest.approx(1.5)  # t1's two attempts only
    assert float(means[(str(s1), "verification")]) == pytest.approx(0.5)
    by_type = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/?jenis=kelurahan").get_data(
        as_text=True
    )
    assert float(cells(by_type)[(str(s1), "verification")]) == 2.0  # t2's attempt only
    assert client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/?jenis=desa").status_code == 400


def test_progress_deltas_per_unit_and_the_trainees_who_did_one_session(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    unit_a, unit_b, unit_c = cohort_data["units"]
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/kemajuan").get_data(as_text=True)
    table = re.search(r'data-testid="progress-table".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    rows = {
        unit: dict(re.findall(r'data-delta-(\w+)="([^"]*)"', attrs))
        for unit, attrs in re.findall(r'<tr data-unit="(\d+)"([^>]*)>', table)
    }
    # t1 is the only trainee in both sessions: session 1 means (1.5, 0.5, 1.5, 0.5, 0; total 45),
    # session 2 (2, 1, 2, 1, 2; total 80).
    assert {k: float(v) for k, v in rows[str(unit_a.id)].items()} == pytest.approx(
        {
            "greeting": 0.5,
            "verification": 0.5,
            "empathy": 0.5,
            "interim_solution": 0.5,
            "status_followup": 2.0,
            "total": 35.0,
        }  # fmt: skip
    )
    assert set(rows[str(unit_b.id)].values()) == {""}  # t2 did session 1 only: no change, not zero
    assert set(rows[str(unit_c.id)].values()) == {""}
    assert "1 peserta mengikuti kedua sesi; 1 hanya sesi pertama dan 1 hanya sesi kedua" in html
    paired = dict(re.findall(r'<tr data-criterion="(\w+)" data-delta="([^"]*)"', html))
    assert float(paired["status_followup"]) == 2.0
    assert re.search(
        r'data-criterion="total" data-delta="35.0" data-up="1" data-same="0" data-down="0"', html
    )


def test_a_unit_with_no_attempts_shows_empty_not_zero(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    unit_c = cohort_data["units"][2]
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/unit").get_data(as_text=True)
    row = re.search(rf'<tr data-unit="{unit_c.id}".*?</tr>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "Puskesmas Gama" in row
    assert re.findall(r'data-mean="([^"]*)"', row) == [""] * 5
    assert "0,00" not in row
    unit_a = cohort_data["units"][0]
    row_a = re.search(rf'<tr data-unit="{unit_a.id}".*?</tr>', html, re.S).group(0)  # type: ignore[union-attr]
    # Unit A over both sessions: t1's three attempts and t3's one: greeting (2+1+2+0)/4.
    assert float(re.findall(r'data-mean="([^"]*)"', row_a)[0]) == pytest.approx(1.25)


def test_units_sort_by_a_criterion_and_keep_empty_units_last(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    unit_a, unit_b, unit_c = cohort_data["units"]
    base = f"/laporan/kohort/{cohort_data['cohort'].id}/unit?urut=verification"
    order = re.findall(r'<tr data-unit="(\d+)"', client.get(base + "&arah=turun").get_data(as_text=True))
    assert order == [str(unit_b.id), str(unit_a.id), str(unit_c.id)]  # 2.0, 0.5, empty
    order = re.findall(r'<tr data-unit="(\d+)"', client.get(base + "&arah=naik").get_data(as_text=True))
    assert order == [str(unit_a.id), str(unit_b.id), str(unit_c.id)]


def test_trainer_overrides_change_the_figures_and_are_announced(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer = reviewer_of(session, login_as, cohort_data["cohort"])
    a5 = cohort_data["attempts"][4]
    trainer = factories.make_user(session, "trainer")
    session.add(Review(attempt_id=a5.id, reviewer_id=trainer.id, criterion="greeting", points=1, reason="a",
                       created_at=T0 + timedelta(days=1)))  # fmt: skip
    session.add(Review(attempt_id=a5.id, reviewer_id=trainer.id, criterion="greeting", points=2, reason="b",
                       created_at=T0 + timedelta(days=2)))  # fmt: skip
    session.add(Review(attempt_id=a5.id, reviewer_id=trainer.id, criterion="routing", points=1, reason="c",
                       created_at=T0 + timedelta(days=2)))  # fmt: skip
    session.flush()
    events.attempt_scored(session, session.get(Attempt, a5.id))  # as the trainer workspace does
    session.commit()
    s2 = str(cohort_data["s2"].id)
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/").get_data(as_text=True)
    assert float(cells(html)[(s2, "greeting")]) == 2.0  # the latest review (2) is in force, not 0 or 1
    assert "1 dari 5 percobaan ditinjau" in html
    row = session.get(AttemptSummary, a5.id)
    assert row is not None
    assert row.reviewed
    assert row.route_verdict == "acceptable"
    # Total recomputed: communication 15 (greeting 2 × weight 15 / 2) → 0.8 × 15 + 0.2 × 50 = 22.
    assert row.total == 22
    assert reviewer.id != trainer.id


def test_xlsx_export_has_numeric_cells_and_no_formula_from_user_text(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    response = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/ekspor.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Ringkasan", "Per unit", "Kemajuan peserta", "Percobaan", "Catatan"]
    overview = book["Ringkasan"]
    assert overview.freeze_panes == "A2"
    header = [c.value for c in overview[1]]
    assert overview.cell(row=2, column=1).value == cohort_data["s1"].title
    greeting = overview.cell(row=2, column=header.index("Salam: rata-rata") + 1)
    assert greeting.value == pytest.approx(5 / 3)
    assert greeting.number_format == "0.00"
    share = overview.cell(row=2, column=header.index("Salam: mencapai 2") + 1)
    assert share.value == pytest.approx(2 / 3)
    assert share.number_format == "0.0%"
    units = book["Per unit"]
    unit_rows = {r[0].value: r for r in units.iter_rows(min_row=2)}
    assert unit_rows["Puskesmas Gama"][4].value is None  # empty, not zero
    progress = book["Kemajuan peserta"]
    names = [r[0].value for r in progress.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("x")' in names
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    attempts = book["Percobaan"]
    assert attempts.max_row == 6  # header + five attempts


def test_csv_export_has_a_bom_and_escapes_formulas(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    response = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/ekspor.csv?tampilan=progress")
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    by_name = {r[0]: r for r in body}
    assert set(by_name) == {'\'=HYPERLINK("x")', "Budi", "Citra"}
    t1 = by_name['\'=HYPERLINK("x")']
    assert float(t1[header.index("Nilai total: perubahan")]) == pytest.approx(35.0)
    assert by_name["Budi"][header.index("Nilai total: perubahan")] == ""  # one session only
    overview = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/ekspor.csv")
    first = list(csv.reader(io.StringIO(overview.data.decode("utf-8-sig"))))
    assert first[1][first[0].index("Salam: rata-rata")] == "1.6667"  # rounded to four places
    assert client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/ekspor.csv?tampilan=x").status_code == 400


def test_drill_down_lists_the_attempts_behind_a_cell_and_opens_a_read_only_transcript(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    s1 = cohort_data["s1"].id
    html = client.get(
        f"/laporan/kohort/{cohort_data['cohort'].id}/percobaan?sesi={s1}&kriteria=greeting&poin=2"
    ).get_data(as_text=True)
    listed = re.findall(r'<tr data-attempt="(\d+)"', html)
    a1, _a2, a3 = cohort_data["attempts"][:3]
    assert sorted(listed) == sorted([str(a1.id), str(a3.id)])
    assert "HYPERLINK(&#34;x&#34;)" in html  # escaped, as text


def test_the_printable_report_names_weakest_and_strongest_and_has_the_methods_note(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/cetak").get_data(as_text=True)
    assert "Kriteria terlemah: Verifikasi (20,0 % percobaan mencapai poin 2)." in html
    assert "Kriteria terkuat: Salam (60,0 % percobaan mencapai poin 2)." in html
    assert "nilai total 1 peserta berubah rata-rata +35,0 poin" in html
    assert "Catatan metode" in html
    assert "<svg" in html
    assert "Peserta</dt><dd>4</dd>" in html


# --- access -------------------------------------------------------------------------------

PAGES = ["/", "/unit", "/kemajuan", "/percobaan", "/cetak", "/ekspor.xlsx", "/ekspor.csv"]


@pytest.mark.parametrize("page", PAGES)
def test_a_reviewer_of_another_cohort_gets_404(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any], page: str
) -> None:
    reviewer_of(session, login_as, factories.make_cohort(session))
    assert client.get(f"/laporan/kohort/{cohort_data['cohort'].id}{page}").status_code == 404


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin"])
def test_other_roles_get_403_even_as_members(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any], role: str
) -> None:
    user = login_as(role, cohort=cohort_data["cohort"] if role == "trainee" else None)
    if role != "trainee":
        session.add(CohortMember(cohort_id=cohort_data["cohort"].id, user_id=user.id, role=role))
        session.commit()
    for page in PAGES:
        assert client.get(f"/laporan/kohort/{cohort_data['cohort'].id}{page}").status_code == 403
    assert client.get(f"/laporan/percobaan/{cohort_data['attempts'][0].id}").status_code == 403
    assert client.get("/laporan/").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client: FlaskClient, cohort_data: dict[str, Any]) -> None:
    for page in PAGES:
        response = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}{page}")
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]


def test_transcript_of_another_cohorts_attempt_is_404(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, factories.make_cohort(session))
    assert client.get(f"/laporan/percobaan/{cohort_data['attempts'][0].id}").status_code == 404


def test_a_reviewer_lands_on_their_cohort_or_a_list_of_cohorts(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer = reviewer_of(session, login_as, cohort_data["cohort"])
    response = client.get("/")
    assert response.headers["Location"].endswith("/laporan/")
    assert (
        client.get("/laporan/").headers["Location"].endswith(f"/laporan/kohort/{cohort_data['cohort'].id}/")
    )
    other = factories.make_cohort(session, name="Kohort Kedua")
    session.add(CohortMember(cohort_id=other.id, user_id=reviewer.id, role="reviewer"))
    session.commit()
    html = client.get("/laporan/").get_data(as_text=True)
    assert html.count('data-testid="cohort-link"') == 2


def test_only_finished_session_attempts_are_summarised(session: Session, cohort_data: dict[str, Any]) -> None:
    t1 = cohort_data["trainees"][0]
    free = Attempt(trainee_id=t1.id, scenario_version=_version(session, "x"), session_id=None, seed=1,
                   state="finished", revealed=[], route_coordinate=[], result={}, total=90,
                   finished_at=T0)  # fmt: skip
    session.add(free)
    session.flush()
    events.attempt_scored(session, free)
    assert session.get(AttemptSummary, free.id) is None
    assert session.scalar(
        select(AttemptSummary).where(AttemptSummary.attempt_id == cohort_data["attempts"][0].id)
    )


def test_marked_pre_and_post_tests_are_the_default_comparison(
    client: FlaskClient, session: Session, login_as: Any, cohort_data: dict[str, Any]
) -> None:
    reviewer_of(session, login_as, cohort_data["cohort"])
    s1, s2 = cohort_data["s1"], cohort_data["s2"]
    next(a for a in s1.assignments if a.slug == "x").test_kind = "pre"
    next(a for a in s2.assignments if a.slug == "z").test_kind = "post"
    session.commit()
    html = client.get(f"/laporan/kohort/{cohort_data['cohort'].id}/kemajuan").get_data(as_text=True)
    assert "Pre-test" in html
    # t1's pre-test is a1 only (2,0,1,1,0; total 50), the post-test a4 (2,1,2,1,2; total 80).
    assert re.search(r'data-criterion="total" data-delta="30.0" data-up="1"', html)
    assert re.search(r'data-criterion="empathy" data-delta="1.0"', html)
