"""The Diskominfo reviewer's journey in a real Chromium: overview, progress, XLSX, printable report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from . import factories

pytestmark = pytest.mark.browser


def test_reviewer_sees_both_sessions_progress_per_unit_exports_and_prints(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/masuk")
    page.fill("#username", "diskominfo")
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')
    expect(page).to_have_url(re.compile(r"/laporan/kohort/\d+/$"))

    matrix = page.locator('[data-testid="cohort-matrix"]')
    expect(matrix).to_be_visible()
    cells = matrix.locator("[data-session][data-criterion]")
    expect(cells).to_have_count(10)  # two sessions × five criteria
    sessions = {cells.nth(i).get_attribute("data-session") for i in range(10)}
    assert len(sessions) == 2
    means = [cells.nth(i).get_attribute("data-mean") for i in range(10)]
    assert all(m and 0 <= float(m) <= 2 for m in means)  # both sessions have attempts in the demo
    first_greeting = float(
        matrix.locator('[data-criterion="greeting"]').first.get_attribute("data-mean") or "nan"
    )

    page.click('[data-testid="progress-link"]')
    rows = page.locator('[data-testid="progress-table"] tr[data-unit]')
    expect(rows.first).to_be_visible()
    deltas = [rows.nth(i).get_attribute("data-delta-empathy") for i in range(rows.count())]
    assert any(d not in (None, "") for d in deltas)
    expect(page.locator('[data-testid="paired"]')).to_contain_text("mengikuti kedua sesi")

    with page.expect_download() as download_info:
        page.click('[data-testid="export-xlsx"]')
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = book["Ringkasan"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Salam: rata-rata") + 1).value == pytest.approx(
        first_greeting, abs=1e-4
    )

    page.click('[data-testid="print-report"]')
    report = page.locator('[data-testid="printable-report"]')
    expect(report).to_contain_text("Kriteria terlemah")
    expect(report).to_contain_text("Catatan metode")
    expect(report.locator("svg").first).to_be_visible()
