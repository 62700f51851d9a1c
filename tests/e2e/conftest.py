"""Playwright (sync API) driving Debian's chromium against pytest-django's live server."""
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# What this closed network needs (see README): no sandbox as root, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def _browser_session():
    import shutil

    from tests.conftest import require

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require(path, "Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(_browser_session):
    return _browser_session


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the application's own CSP stays as it is.
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    """The demo organisations, accounts and tables (no demo signals: each test makes its own), committed for
    the live server; attachments go to a temporary protected folder."""
    from django.core.management import call_command

    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    call_command("seed_demo", "--zonder-signalen", verbosity=0, stdout=open(os.devnull, "w"))


def axe_violations(page):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and return its violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page, live_server, email, password="welkom-demo-2026"):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
