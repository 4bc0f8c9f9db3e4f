"""A trainer authors a scenario in a real Chromium: form editor, an error at a field, the model
answer's five points, a preview, publishing — and a trainee then finds it in their list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import factories

pytestmark = pytest.mark.browser

SLUG = "lampu-jalan-mati-dinoyo"
FIELDS = {
    "title": "Lampu jalan mati di Dinoyo",
    "category": "Penerangan jalan umum",
    "difficulty": "2",
    "estimated_minutes": "8",
    "citizen.persona.temperament": "cemas, sopan",
    "opening.text": (
        "Selamat malam. Lampu jalan di Jl. MT Haryono sudah mati dua minggu, jalannya gelap sekali "
        "dan anak saya pulang kerja jam 10 malam. Ini urusan siapa sebenarnya? ({name})"
    ),
    "facts.0.key": "tiang",
    "facts.0.label": "Patokan tiang",
    "facts.0.asked_by": "tiang\npatokan\nlokasi",
    "facts.0.reveal": "Tiangnya yang depan toko roti, dua tiang berturut-turut.",
    "reactions.rejects_ownership.mood": "2",
    "reactions.rejects_ownership.say": "Lho, dioper lagi? Saya sudah ke mana-mana.",
    "reactions.blames_citizen.mood": "2",
    "reactions.blames_citizen.say": "Kok saya yang disalahkan?",
    "reactions.no_empathy.mood": "1",
    "reactions.no_empathy.say": "Anak saya tiap malam lewat situ, lho.",
    "reactions.vague.mood": "0",
    "reactions.vague.say": "Kapan diperbaikinya?\nDiteruskan ke mana, dan kapan?",
    "reactions.calmed.mood": "-1",
    "reactions.calmed.say": "Syukurlah, saya tunggu petugasnya.",
    "reactions.neutral.mood": "0",
    "reactions.neutral.say": "Jadi yang menangani siapa?",
    "end.resolved": "Terima kasih, saya pantau di SAMBAT.",
    "end.unresolved": "Sudahlah, saya tanya ke RW saja.",
    "ownership.owner": "DINAS-LAMPU",  # not in the agency catalogue: the first save is refused
    "ownership.acceptable": "DISHUB",
    "ownership.coordinate": "PLN",
    "ownership.rationale": "PJU di Kota Malang dipegang DPUPR-PKP; PLN hanya bila jaringannya terganggu.",
    "model_answer": (
        "Selamat malam Ibu, saya Sari, admin SAMBAT Online Kota Malang. Terima kasih sudah melapor, dan "
        "mohon maaf Ibu sampai dioper-oper. Kami memahami kecemasan Ibu karena putra Ibu pulang malam "
        "lewat jalan yang gelap. Lampu jalan ditangani DPUPR-PKP, laporan ini sudah kami disposisikan ke "
        "sana. Boleh Ibu sebutkan patokan tiang yang mati? Malam ini petugas PJU kami cek ke lokasi, dan "
        "hasilnya kami kabari di SAMBAT paling lambat 2 hari kerja."
    ),
    "trainer_notes": "Kepemilikan ambigu: peserta tidak boleh ikut mengoper.",
}
SELECTS = {
    "channel": "sambat",
    "citizen.persona.age_band": "41-60",
    "citizen.persona.gender": "perempuan",
    "citizen.mood": "irritated",
    "ownership.action": "verifikasi",
}


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')


def test_trainer_creates_previews_and_publishes_a_scenario_through_the_form(
    page: Page, live_server: str
) -> None:
    _login(page, live_server, "pelatih")
    page.goto(f"{live_server}/skenario/")
    page.click('[data-testid="new-scenario"]')
    editor = page.locator('[data-testid="scenario-editor"]')
    expect(editor).to_be_visible()

    editor.locator('input[name="slug"]').fill(SLUG)
    for name, value in FIELDS.items():
        editor.locator(f'[name="{name}"]').fill(value)
    for name, value in SELECTS.items():
        editor.locator(f'select[name="{name}"]').select_option(value)
    page.click('[data-testid="save-scenario"]')

    # Refused: the error is listed and shown at the owner field; everything typed is still there.
    expect(page.locator('[data-testid="scenario-errors"]')).to_contain_text("DINAS-LAMPU")
    owner_field = page.locator('[data-field="ownership.owner"]')
    expect(owner_field.locator(".field-error")).to_contain_text("tidak ada di katalog instansi")
    expect(page.locator('[name="model_answer"]')).to_have_value(FIELDS["model_answer"])

    # Fix it and save: a draft, with the model answer's five points shown.
    owner_field.locator("input").fill("DPUPR-PKP")
    page.click('[data-testid="save-scenario"]')
    expect(page).to_have_url(re.compile(rf"/skenario/{SLUG}/ubah$"))
    expect(page.locator('[data-testid="scenario-errors"]')).to_have_count(0)
    expect(page.locator('[data-testid="scenario-status"]')).to_have_attribute("data-status", "draft")
    score = page.locator('[data-testid="model-answer-score"]')
    expect(score.locator("[data-criterion]")).to_have_count(5)
    for key in ("greeting", "verification", "empathy", "interim_solution", "status_followup"):
        expect(score.locator(f'[data-criterion="{key}"]')).to_have_attribute("data-points", "2")
    expect(score).to_have_attribute("data-ready", "yes")

    # The checks follow the typing, before anything is saved.
    page.fill('[name="model_answer"]', "Baik, akan kami teruskan.")
    expect(score).to_have_attribute("data-ready", "no")
    expect(score.locator('[data-criterion="empathy"]')).to_have_attribute("data-points", "0")
    page.fill('[name="model_answer"]', FIELDS["model_answer"])
    expect(score).to_have_attribute("data-ready", "yes")

    # Preview the editor's content without saving: the text travels with the conversation.
    page.fill('[name="facts.0.reveal"]', "Belum disimpan: tiang depan toko roti.")
    page.click('[data-testid="preview-unsaved"]')
    page.fill('textarea[name="reply"]', "Mohon maaf Ibu, di tiang sebelah mana persisnya?")
    page.click('[data-testid="send-reply"]')
    expect(page.locator('[data-testid="citizen-message"]').last).to_contain_text("Belum disimpan")
    page.fill('textarea[name="reply"]', "Baik Bu, lokasi tiangnya sudah kami catat.")
    page.click('[data-testid="send-reply"]')
    expect(page.locator('[data-testid="citizen-message"]')).to_have_count(3)

    # Preview the saved draft as a trainee would: a hidden fact is revealed, routing and feedback given.
    page.goto(f"{live_server}/skenario/{SLUG}/ubah")
    page.click('[data-testid="preview-link"]')
    expect(page.locator('[data-testid="citizen-message"]')).to_have_count(1)
    page.fill('textarea[name="reply"]', "Mohon maaf Ibu, di tiang sebelah mana persisnya?")
    page.click('[data-testid="send-reply"]')
    expect(page.locator('[data-testid="citizen-message"]').last).to_contain_text(
        "Tiangnya yang depan toko roti"
    )
    form = page.locator('[data-testid="route-form"]')
    form.locator('select[name="action"]').select_option("verifikasi")
    form.locator('select[name="agency"]').select_option("DPUPR-PKP")
    page.click('[data-testid="finish-preview"]')
    expect(page.locator('[data-testid="routing-verdict"]')).to_have_attribute("data-verdict", "correct")
    expect(page.locator('[data-testid="preview-feedback"] [data-criterion]')).to_have_count(5)

    # Publish it.
    page.goto(f"{live_server}/skenario/{SLUG}/ubah")
    page.click('[data-testid="publish-scenario"]')
    expect(page.locator('[data-testid="scenario-status"]')).to_have_attribute("data-status", "published")
    page.goto(f"{live_server}/skenario/")
    expect(page.locator(f'[data-testid="library-row"][data-slug="{SLUG}"]')).to_have_attribute(
        "data-status", "published"
    )

    # A trainee now finds it among the free-practice scenarios.
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context()
    trainee = context.new_page()
    _login(trainee, live_server, "peserta3")
    expect(trainee.locator('[data-testid="free-list"]')).to_contain_text("Lampu jalan mati di Dinoyo")
    context.close()
