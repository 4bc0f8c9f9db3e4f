"""The whole trainee journey in a real Chromium, driven by Playwright."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from trainer.catalog import load_catalog
from trainer.identity import render_citizen
from trainer.practice.conversation import wordings

from . import factories
from .conftest import ROOT, open_finish_form

pytestmark = pytest.mark.browser

SLUG = "jalan-berlubang-soekarno-hatta"


def test_trainee_handles_a_complaint_from_first_message_to_feedback(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/masuk")
    page.fill("#username", "peserta1")
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')
    expect(page).to_have_url(re.compile(r"/latihan/$"))
    expect(page.locator('[data-testid="assigned-list"]')).to_contain_text("Jalan berlubang")

    page.click(f'[data-testid="start-{SLUG}"]')
    citizen = page.locator('[data-testid="citizen-message"]')
    expect(citizen).to_have_count(1)
    expect(page.locator('[data-testid="channel-frame"]')).to_contain_text("Belum Terverifikasi")
    mood_before = int(page.get_attribute('[data-testid="mood"]', "data-mood") or 0)

    # A poor reply: the citizen escalates.
    page.fill('textarea[name="reply"]', "Itu bukan wewenang kami.")
    page.click('[data-testid="send-reply"]')
    expect(citizen).to_have_count(2)
    pushback = citizen.last.inner_text()
    scenario = load_catalog(ROOT / "scenarios").get(SLUG).scenario
    wordings_ = {
        w for seed in (0, 1) for w in wordings(scenario, render_citizen(scenario, seed), "rejects_ownership")
    }
    assert any(w in pushback for w in wordings_), pushback
    assert int(page.get_attribute('[data-testid="mood"]', "data-mood") or 0) > mood_before

    # An unsent draft survives a reload.
    page.fill('textarea[name="reply"]', "Draf yang belum terkirim")
    page.reload()
    expect(page.locator('textarea[name="reply"]')).to_have_value("Draf yang belum terkirim")

    # Asking about a hidden fact reveals it.
    page.fill(
        'textarea[name="reply"]', "Mohon maaf Bapak. Di titik mana persisnya lubang itu, dekat patokan apa?"
    )
    page.click('[data-testid="send-reply"]')
    expect(citizen).to_have_count(3)
    expect(citizen.last).to_contain_text("warung kopi Cak Man")
    expect(page.locator('textarea[name="reply"]')).to_have_value("")  # the sent draft is cleared

    # Route and finish: the routing waits behind its heading; finishing while the talk is open asks first.
    form = open_finish_form(page)
    form.locator('select[name="action"]').select_option("bukan_wewenang")  # a provincial road
    form.locator('select[name="agency"]').select_option("PUBM-JATIM")
    page.click('[data-testid="finish-attempt"]')

    expect(page).to_have_url(re.compile(r"/hasil$"))
    criteria = page.locator("[data-criterion]")
    expect(criteria).to_have_count(5)
    for key in ("greeting", "verification", "empathy", "interim_solution", "status_followup"):
        points = page.get_attribute(f'[data-criterion="{key}"]', "data-points")
        assert points in ("0", "1", "2")
    assert page.get_attribute('[data-criterion="verification"]', "data-points") == "2"
    expect(page.locator('[data-testid="total-score"]')).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator('[data-testid="flags"]')).to_contain_text("Menolak kewenangan")
    expect(page.locator('[data-testid="routing-verdict"]')).to_have_attribute("data-verdict", "correct")


def test_reply_box_refuses_an_empty_reply_and_keeps_long_text(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server}/masuk")
    page.fill("#username", "peserta2")
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')
    page.click(f'[data-testid="start-{SLUG}"]')
    page.click('[data-testid="send-reply"]')
    expect(page.locator(".field-error")).to_contain_text("Balasan masih kosong")
    long_text = "panjang " * 600
    page.fill('textarea[name="reply"]', long_text)
    page.click('[data-testid="send-reply"]')
    expect(page.locator(".field-error")).to_contain_text("Balasan terlalu panjang")
    expect(page.locator('textarea[name="reply"]')).to_have_value(long_text)
