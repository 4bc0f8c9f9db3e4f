"""The trainer's day in a real Chromium: roster, session, live room, transcript, override, trainee feedback."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from . import factories
from .conftest import open_finish_form

pytestmark = pytest.mark.browser

SLUG = "jalan-berlubang-soekarno-hatta"
SECOND = "pohon-tumbang-ijen"
ROSTER = (
    "nama;unit;jenis_unit;nip;email\n"
    "Rina Wulandari;DISHUB;opd;198701012012012001;rina@malangkota.go.id\n"
    "Tanpa Jenis;DISHUB;sekolah;;\n"
    "Agus Salim;SATPOLPP;opd;;\n"
)


def test_trainer_runs_a_session_and_overrides_a_score(page: Page, browser: Browser, live_server: str) -> None:
    # The trainer lands on their own home.
    page.goto(f"{live_server}/masuk")
    page.fill("#username", "pelatih")
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')
    expect(page).to_have_url(re.compile(r"/pelatih/$"))

    # Import a roster with one bad row: reported by line, only the good rows imported.
    page.click('[data-testid="roster-link"]')
    page.locator('[data-testid="roster-upload"] input[type="file"]').set_input_files(
        {"name": "peserta.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}
    )
    page.click('[data-testid="roster-check"]')
    report = page.locator('[data-testid="roster-report"]')
    expect(report).to_have_attribute("data-bad", "1")
    expect(report.locator('tr[data-line="3"]')).to_contain_text('jenis unit "sekolah" tidak dikenal')
    page.click('[data-testid="roster-confirm"]')
    cards = page.locator('[data-testid="login-card"]')
    expect(cards).to_have_count(2)
    username = cards.first.locator('[data-testid="card-username"]').inner_text().strip()
    password = cards.first.locator('[data-testid="card-password"]').inner_text().strip()
    assert username == "rina.wulandari"

    # Create a session with two scenarios and open it.
    page.goto(f"{live_server}/pelatih/")
    page.click('[data-testid="new-session"]')
    form = page.locator('[data-testid="session-form"]')
    form.locator('[data-testid="session-title"]').fill("Bimtek III: Uji browser")
    form.locator('[data-testid="session-starts"]').fill("2026-11-25")
    form.locator('[data-testid="session-ends"]').fill("2026-11-25")
    form.locator(f'[data-testid="assign-scenario"][value="{SLUG}"]').check()
    form.locator(f'[data-testid="assign-scenario"][value="{SECOND}"]').check()
    page.click('[data-testid="save-session"]')
    page.click('[data-testid="open-session"]')
    expect(page.locator('[data-testid="session-status"]')).to_have_attribute("data-open", "true")
    page.goto(f"{live_server}/pelatih/")
    row = page.locator('[data-testid="session-row"][data-title="Bimtek III: Uji browser"]')
    row.locator('[data-testid="live-link"]').click()
    live_row = page.locator(f'[data-testid="live-row"][data-trainee="{username}"][data-scenario="{SLUG}"]')
    expect(live_row).to_have_attribute("data-state", "not_started")
    expect(page.locator(f'[data-testid="live-row"][data-trainee="{username}"]')).to_have_count(2)

    # In a second browser, the imported trainee logs in with the printed card and finishes one scenario.
    trainee_context = browser.new_context()
    trainee = trainee_context.new_page()
    trainee.goto(f"{live_server}/masuk")
    trainee.fill("#username", username)
    trainee.fill("#password", password)
    trainee.click('[data-testid="login-submit"]')
    expect(trainee.locator('[data-testid="assigned-list"]')).to_contain_text("Jalan berlubang")
    trainee.click(f'[data-testid="start-{SLUG}"]')
    trainee.fill(
        'textarea[name="reply"]',
        "Selamat pagi Bapak, saya Rina dari admin pengaduan. Mohon maaf atas kejadian ini. "
        "Di titik mana persisnya lubang itu, dekat patokan apa?",
    )
    trainee.click('[data-testid="send-reply"]')
    expect(trainee.locator('[data-testid="citizen-message"]')).to_have_count(2)
    route = open_finish_form(trainee)
    route.locator('select[name="action"]').select_option("verifikasi")
    route.locator('select[name="agency"]').select_option("DPUPR-PKP")
    trainee.click('[data-testid="finish-attempt"]')
    expect(trainee).to_have_url(re.compile(r"/hasil$"))

    # The trainer's live row turns finished without a reload.
    expect(live_row).to_have_attribute("data-state", "finished", timeout=15000)
    expect(live_row.locator('td[data-criterion="greeting"]')).to_have_text(re.compile(r"^[012]$"))

    # Open the transcript and override a criterion with a reason.
    live_row.locator('[data-testid="open-transcript"]').click()
    override = page.locator('[data-testid="override-form"]')
    override.locator('select[name="criterion"]').select_option("status_followup")
    override.locator('select[name="points"]').select_option("1")
    override.locator('textarea[name="reason"]').fill(
        "Sebutkan kapan warga akan dikabari, misalnya besok sore."
    )
    override.locator('button[type="submit"]').click()
    expect(page.locator('[data-testid="override"]')).to_contain_text("besok sore")

    # The trainee sees the override and the comment on the feedback page.
    trainee.reload()
    shown = trainee.locator('[data-testid="override"]')
    expect(shown).to_contain_text("Sebutkan kapan warga akan dikabari, misalnya besok sore.")
    expect(shown.locator('[data-override="status_followup"]')).to_have_attribute("data-points", "1")
    expect(shown).to_contain_text("Pelatih Bimtek")
    trainee_context.close()


def test_the_login_sheet_prints_eight_cards_per_a4_page(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/masuk")
    page.fill("#username", "pelatih")
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')
    page.click('[data-testid="roster-link"]')
    rows = "".join(f"Peserta Cetak {n};DISHUB;opd;;\n" for n in range(9))
    page.locator('[data-testid="roster-upload"] input[type="file"]').set_input_files(
        {
            "name": "cetak.csv",
            "mimeType": "text/csv",
            "buffer": ("nama;unit;jenis_unit;nip;email\n" + rows).encode(),
        }
    )
    page.click('[data-testid="roster-check"]')
    page.click('[data-testid="roster-confirm"]')
    expect(page.locator('[data-testid="login-card"]')).to_have_count(9)

    def pages() -> int:
        return len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))

    assert pages() == 2  # 8 on the first page, 1 on the second
    page.evaluate("document.querySelector('[data-testid=\"login-card\"]:last-child').remove()")
    assert pages() == 1
