"""The trainee's pages in a real Chromium at phone and desktop sizes: layout, tap targets,
contrast, axe-core, the newest message in view, and the language switch after a failed POST.

One live server (with the demo data) serves the whole module; each test opens its own
browser context, logged in from a stored session, so the file stays quick.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, select, text

from trainer.authoring import services as authoring
from trainer.models import Base, BimtekSession, User
from trainer.practice import services

from . import factories
from .conftest import make_test_app

pytestmark = pytest.mark.browser

SLUG = "jalan-berlubang-soekarno-hatta"
OTHER = "pohon-tumbang-ijen"
SOCIAL = "parkir-liar-pasar-besar"
AUTHORED = "latihan-buatan-pelatih"  # a draft the trainer wrote in the app
PHONE = {"width": 360, "height": 780}
PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
#: Who logs in for each role the table below uses (the demo accounts).
ACCOUNTS = {"trainee": "peserta7", "trainer": "pelatih", "reviewer": "diskominfo", "admin": "admin"}


@dataclass(frozen=True)
class PageCase:
    """A page to check: who opens it, its address (with {placeholders} from the set-up) and status."""

    name: str
    role: str | None  # None: logged out
    path: str
    status: int = 200


#: Every page a trainee can reach. Add trainer and reviewer pages here as they are built.
PAGES = [
    PageCase("login", None, "/masuk"),
    PageCase("list", "trainee", "/latihan/"),
    PageCase("attempt", "trainee", "/latihan/percobaan/{attempt}"),
    PageCase("attempt-social", "trainee", "/latihan/percobaan/{social}"),
    PageCase("feedback", "trainee", "/latihan/percobaan/{finished}/hasil"),
    PageCase("history", "trainee", "/latihan/riwayat"),
    PageCase("account", "trainee", "/akun"),
    PageCase("error-404", "trainee", "/latihan/tidak-ada", 404),
    PageCase("error-403", "trainee", "/latihan/percobaan/{someone_elses}", 403),
    PageCase("error-405", "trainee", "/keluar", 405),
    PageCase("join", "trainee", "/gabung"),
    # the trainer (pelatih): workspace, live room, roster, review, authoring, the projector
    PageCase("trainer-home", "trainer", "/pelatih/"),
    PageCase("session-new", "trainer", "/pelatih/sesi/baru"),
    PageCase("session-edit", "trainer", "/pelatih/sesi/{bimtek}"),
    PageCase("session-close", "trainer", "/pelatih/sesi/{bimtek}/tutup"),
    PageCase("live-room", "trainer", "/pelatih/sesi/{bimtek}/live"),
    PageCase("roster", "trainer", "/pelatih/kohort/{cohort}/peserta"),
    PageCase("review-index", "trainer", "/tinjau/"),
    PageCase("review-transcript", "trainer", "/tinjau/percobaan/{finished}"),
    PageCase("calibration", "trainer", "/tinjau/kalibrasi"),
    PageCase("authoring-library", "trainer", "/skenario/"),
    PageCase("authoring-new", "trainer", "/skenario/baru"),
    PageCase("authoring-new-yaml", "trainer", "/skenario/baru/yaml"),
    PageCase("authoring-editor", "trainer", f"/skenario/{AUTHORED}/ubah"),
    PageCase("authoring-yaml", "trainer", f"/skenario/{AUTHORED}/yaml"),
    PageCase("authoring-versions", "trainer", f"/skenario/{AUTHORED}/versi"),
    PageCase("authoring-preview", "trainer", f"/skenario/{AUTHORED}/pratinjau"),
    PageCase("projector", "trainer", "/ruang"),
    PageCase("trainer-practice", "trainer", "/latihan/"),
    # the Diskominfo reviewer: the dashboard and the cohort's transcripts
    PageCase("reviewer-home", "reviewer", "/"),
    PageCase("reports-overview", "reviewer", "/laporan/kohort/{cohort}/"),
    PageCase("reports-units", "reviewer", "/laporan/kohort/{cohort}/unit"),
    PageCase("reports-progress", "reviewer", "/laporan/kohort/{cohort}/kemajuan"),
    PageCase("reports-attempts", "reviewer", "/laporan/kohort/{cohort}/percobaan"),
    PageCase("reports-transcript", "reviewer", "/laporan/percobaan/{finished}"),
    PageCase("reports-printable", "reviewer", "/laporan/kohort/{cohort}/cetak"),
    PageCase("reviewer-review-index", "reviewer", "/tinjau/"),
    PageCase("reviewer-review-transcript", "reviewer", "/tinjau/percobaan/{finished}"),
    PageCase("reviewer-feedback", "reviewer", "/latihan/percobaan/{finished}/hasil"),
    # the administrator
    PageCase("admin-home", "admin", "/admin/"),
    PageCase("admin-members", "admin", "/admin/kohort/{cohort}/anggota"),
]


@dataclass
class Site:
    """The running server, the ids the page table refers to, and a stored login per role."""

    url: str
    ids: dict[str, int]
    states: dict[str, Any] = field(default_factory=dict)


def _database(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, postgres: str | None) -> str:
    if postgres:
        engine = create_engine(postgres)
        with engine.begin() as conn:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return postgres
    path = tmp_path_factory.mktemp("browser-phone") / "latih.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _prepare(app: Any) -> dict[str, int]:
    """Give the trainee an open attempt with one reply and a finished one; another trainee one too."""
    catalog = app.extensions["catalog"]
    with app.app_context():
        db = app.extensions["session_factory"]()
        me = db.scalar(select(User).where(User.username == ACCOUNTS["trainee"]))
        other = db.scalar(select(User).where(User.username == "peserta30"))
        finished = services.start_attempt(db, catalog, me, OTHER)
        services.submit_reply(db, finished, "Selamat pagi Bapak, terima kasih atas laporannya.", "p1")
        services.finish_attempt(db, catalog.agencies, finished, "verifikasi", "DLH", [])
        attempt = services.start_attempt(db, catalog, me, SLUG)
        services.submit_reply(
            db, attempt, "Selamat pagi Bapak, mohon maaf. Di titik mana persisnya lubang itu?", "p2"
        )
        social = services.start_attempt(db, catalog, me, SOCIAL)  # has the DM checkbox
        someone_elses = services.start_attempt(db, catalog, other, SLUG)
        trainer = db.scalar(select(User).where(User.username == ACCOUNTS["trainer"]))
        authoring.create_scenario(db, catalog, trainer, AUTHORED, catalog.get(SOCIAL).yaml_text)
        cohort = me.cohort_id
        bimtek = db.scalar(  # the open session: its live room has trainees in it
            select(BimtekSession.id).where(BimtekSession.cohort_id == cohort, BimtekSession.is_open)
        )
        ids = {
            "cohort": cohort,
            "bimtek": bimtek,
            "attempt": attempt.id,
            "finished": finished.id,
            "social": social.id,
            "someone_elses": someone_elses.id,
        }
        db.commit()
        db.close()
    return ids


def _login(browser: Browser, base: str, username: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/masuk")
    page.fill("#username", username)
    page.fill("#password", factories.PASSWORD)
    page.click('[data-testid="login-submit"]')
    page.wait_for_load_state()
    assert "/masuk" not in page.url, f"{username} could not log in"
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    postgres_database: str | None,
    browser: Browser,
) -> Iterator[Site]:
    from werkzeug.serving import make_server

    app = make_test_app(
        _database(tmp_path_factory, sqlite_template, postgres_database), WTF_CSRF_ENABLED=True, TESTING=False
    )
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", factories.PASSWORD])
    assert result.exit_code == 0, result.output
    ids = _prepare(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    running = Site(f"http://127.0.0.1:{server.server_port}", ids)
    for role in {p.role for p in PAGES if p.role}:
        running.states[role] = _login(browser, running.url, ACCOUNTS[role])
    yield running
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["engine"].dispose()


def _context(browser: Browser, site: Site, role: str | None, viewport: dict[str, int]) -> BrowserContext:
    return browser.new_context(viewport=viewport, storage_state=site.states[role] if role else None)


def _open(page: Page, site: Site, case: PageCase) -> None:
    response = page.goto(site.url + case.path.format(**site.ids))
    assert response is not None
    assert response.status == case.status, f"{case.name}: {response.status}"


# --- measurements done in the page ---------------------------------------------------------------

OPEN_ALL_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"

SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const target = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') || el) : el;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || (box.width === 0 && box.height === 0)) continue;
    if (box.height < 44 || box.width < 44) {
      small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

# WCAG contrast of every visible text against the first opaque background behind it.
LOW_CONTRAST = """() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g) || [0, 0, 0, 0]; return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    let layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let rgb = [255, 255, 255];
    for (const c of layers.reverse()) rgb = rgb.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return rgb;
  };
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('option, script, [aria-hidden=true]')) continue;
    if (el.closest('button:disabled')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
    const fg = parse(el instanceof SVGElement ? style.fill : style.color);
    const bg = background(el);
    const fgRgb = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const [hi, lo] = [lum(fgRgb), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) bad.push(`"${node.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
  }
  return bad;
}"""

_axe = Axe()


def _serious_axe_violations(page: Page) -> list[str]:
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# --- every page, at phone and desktop sizes ---------------------------------------------------


def _check_phone_page(page: Page, name: str) -> None:
    page.evaluate(OPEN_ALL_DETAILS)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name} scrolls sideways: {page.evaluate('document.documentElement.scrollWidth')} px"
    )
    assert page.evaluate(SMALL_TARGETS) == [], name
    assert page.evaluate(LOW_CONTRAST) == [], name
    assert _serious_axe_violations(page) == [], name


def _check_desktop_too(page: Page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    assert page.evaluate(LOW_CONTRAST) == [], name
    assert _serious_axe_violations(page) == [], name
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("case", PAGES, ids=[p.name for p in PAGES])
def test_page_on_a_360px_phone_fits_has_big_targets_good_contrast_and_no_axe_violation(
    browser: Browser, site: Site, case: PageCase
) -> None:
    context = _context(browser, site, case.role, PHONE)
    page = context.new_page()
    _open(page, site, case)
    _check_phone_page(page, case.name)
    context.close()


def test_roster_check_report_and_login_sheet_pass_the_same_checks_on_a_phone(
    browser: Browser, site: Site
) -> None:
    """The two trainer pages only a POST reaches: the checked roster (with a bad row) and the sheet."""
    context = _context(browser, site, "trainer", PHONE)
    page = context.new_page()
    page.goto(f"{site.url}/pelatih/kohort/{site.ids['cohort']}/peserta")
    rows = "Peserta Satu;DISHUB;opd;;\nPeserta Dua;DISHUB;opd;;satu@contoh.id\nTanpa Unit;;sekolah;;\n"
    page.locator('[data-testid="roster-upload"] input[type="file"]').set_input_files(
        {
            "name": "daftar.csv",
            "mimeType": "text/csv",
            "buffer": ("nama;unit;jenis_unit;nip;email\n" + rows).encode(),
        }
    )
    page.click('[data-testid="roster-check"]')
    expect(page.locator('[data-testid="roster-problems"]')).to_be_visible()
    expect(page.locator('[data-testid="roster-good"] tbody tr')).to_have_count(2)
    _check_phone_page(page, "roster-report")
    _check_desktop_too(page, "roster-report")
    page.click('[data-testid="roster-confirm"]')
    expect(page.locator('[data-testid="login-card"]')).to_have_count(2)
    _check_phone_page(page, "login-sheet")
    _check_desktop_too(page, "login-sheet")
    context.close()


@pytest.mark.parametrize("case", PAGES, ids=[p.name for p in PAGES])
def test_page_on_a_desktop_has_good_contrast_and_no_axe_violation(
    browser: Browser, site: Site, case: PageCase
) -> None:
    context = _context(browser, site, case.role, DESKTOP)
    page = context.new_page()
    _open(page, site, case)
    page.evaluate(OPEN_ALL_DETAILS)
    assert page.evaluate(LOW_CONTRAST) == [], case.name
    assert _serious_axe_violations(page) == [], case.name
    context.close()


def test_history_chart_text_stays_readable_on_a_phone(browser: Browser, site: Site) -> None:
    context = _context(browser, site, "trainee", PHONE)
    page = context.new_page()
    page.goto(site.url + "/latihan/riwayat")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="progress-chart"] text')]
             .map(t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))"""
    )
    assert sizes
    assert min(sizes) >= 12, sizes
    context.close()


# --- the conversation ----------------------------------------------------------------------------


@pytest.mark.parametrize(("viewport", "user"), [(PHONE_390, "peserta11"), (DESKTOP, "peserta12")])
def test_after_sending_a_reply_the_citizens_answer_is_in_view_and_announced(
    browser: Browser, site: Site, viewport: dict[str, int], user: str
) -> None:
    context = browser.new_context(viewport=viewport, storage_state=_login(browser, site.url, user))
    page = context.new_page()
    page.goto(f"{site.url}/latihan/")
    page.click(f'[data-testid="start-{SLUG}"]')
    for number, reply in enumerate(
        (
            "Selamat pagi Bapak, mohon maaf atas kejadiannya.",
            "Di titik mana persisnya lubang itu, dekat patokan apa?",
        ),
        start=2,
    ):
        page.fill('textarea[name="reply"]', reply)
        page.click('[data-testid="send-reply"]')
        expect(page.locator('[data-testid="citizen-message"]')).to_have_count(number)
        page.wait_for_load_state("load")  # the browser scrolls to the fragment once the page is laid out
        newest = page.locator('[data-testid="citizen-message"]').last
        expect(newest).to_be_in_viewport(ratio=1)  # wholly on screen (the messages are shorter than it)
        box = newest.bounding_box()
        assert box is not None
        assert box["y"] >= 0, f"the newest message starts {-box['y']:.0f} px above the screen"
        live = page.locator('#live-region[aria-live="polite"]')
        expect(live).to_have_count(1)
        expect(live).to_contain_text(newest.locator("p").inner_text()[:40])
        # The routing form waits, collapsed, until the trainee chooses to finish.
        expect(page.locator('[data-testid="route-form"]')).to_be_hidden()
    context.close()


def test_language_switch_right_after_a_failed_reply_opens_the_page_in_english(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(viewport=PHONE_390, storage_state=_login(browser, site.url, "peserta13"))
    page = context.new_page()
    page.goto(f"{site.url}/latihan/")
    page.click(f'[data-testid="start-{SLUG}"]')
    page.click('[data-testid="send-reply"]')  # empty: refused
    expect(page.locator(".field-error")).to_contain_text("Balasan masih kosong")
    with page.expect_navigation() as navigation:
        page.click('[data-testid="language-switch"]')
    response = navigation.value
    assert response is not None
    assert response.status == 200
    assert re.search(r"/latihan/percobaan/\d+\?lang=en$", page.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('label[for="reply"]')).to_contain_text("Your reply")
    context.close()


def test_finishing_early_asks_first_and_agencies_are_ticked_without_a_modifier_key(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(viewport=PHONE_390, storage_state=_login(browser, site.url, "peserta14"))
    page = context.new_page()
    page.goto(f"{site.url}/latihan/")
    page.click(f'[data-testid="start-{SLUG}"]')
    page.fill('textarea[name="reply"]', "Selamat pagi Bapak, mohon maaf. Di titik mana lubangnya?")
    page.click('[data-testid="send-reply"]')
    page.click('[data-testid="finish-section"] > summary')
    page.select_option("#action", "verifikasi")
    page.select_option("#agency", "DPUPR-PKP")
    page.click('[data-testid="coordinate"] > summary')
    page.get_by_label(re.compile(r"\bDISHUB —")).check()
    page.get_by_label(re.compile(r"\bBPBD —")).check()
    questions: list[str] = []

    def decline(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.click('[data-testid="finish-attempt"]')
    expect(page.locator('[data-testid="finish-attempt"]')).to_be_enabled()
    assert questions
    assert "Yakin" in questions[0]
    assert "/hasil" not in page.url
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-testid="finish-attempt"]')
    expect(page).to_have_url(re.compile(r"/hasil$"))
    expect(page.locator('[data-testid="routing-verdict"]')).to_contain_text("BPBD, DISHUB")
    expect(page.locator('[data-testid="lapor-status"]')).to_have_text("Terverifikasi")
    # Back from the feedback: the conversation is not shown again from the cache; it opens the feedback.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/hasil(#[\w-]*)?$"))
    expect(page.locator('[data-testid="send-reply"]')).to_have_count(0)
    context.close()
