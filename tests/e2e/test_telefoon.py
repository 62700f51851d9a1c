"""Issue 18, "On a phone": the main pages of the three journeys at 390 × 844 px in Chromium.

On every page: nothing makes the page wider than the screen (lists scroll within their own box), axe-core finds
nothing, and the main menu is folded away behind "Menu". The coordinator opens the menu and goes to the signal form,
whose radio buttons and checkboxes are targets of at least 44 × 44 px and whose buttons are as wide as the form; the
ketenregisseur goes through the menu from list to list; the portefeuillehouder finds the reports. Without JavaScript
the menu opens and closes too; with it, Escape closes it and gives the focus back to "Menu".

With $SCREENSHOT_DIR set, every page is saved there as a full-page screenshot (telefoon-regisseur-signalen.png, ...).
Labels are looked up through the catalogue (``nl()``), so the test holds whatever the English msgid says.
"""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREEDTE, HOOGTE = 390, 844
DOEL = 44  # px: the smallest tap target (WCAG 2.5.5, and Apple's and Google's guidelines)
COORDINATOR = "coordinator@enschede.example"
REGISSEUR = "regisseur@twente.example"
PORTEFEUILLEHOUDER = "burgemeester@twente.example"


@pytest.fixture
def demo_met_inhoud(transactional_db, settings, tmp_path):
    """The demo with its signals, cases, meetings and actions (not its report history), and one final report of
    Twente for the last completed quarter, committed for the live server."""
    from django.core.management import call_command

    from partners.models import User
    from rapportage import services
    from rapportage.perioden import Kwartaal

    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    call_command("seed_demo", "--zonder-rapporten", verbosity=0, stdout=open(os.devnull, "w"))
    regisseur = User.objects.get(email=REGISSEUR)
    concept = services.maak_concept(regisseur.werkgebied, Kwartaal.laatst_afgesloten(), door=regisseur)
    concept.refresh_from_db()
    services.definitief_maken(concept, regisseur, "Het aantal signalen bleef gelijk.")


def _telefoon_context(browser):
    """A browser context the size of a phone, and its page."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": BREEDTE, "height": HOOGTE},
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def telefoon(browser):
    context, page = _telefoon_context(browser)
    yield page
    context.close()


def _screenshot(page, naam):
    """A full-page screenshot into $SCREENSHOT_DIR, when it is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"telefoon-{naam}.png"), full_page=True)


def _menu(page):
    return page.get_by_role("navigation", name=nl("Main menu"))


def _menuknop(page):
    return _menu(page).get_by_text(nl("Menu"), exact=True)


def _bekeken(page, naam):
    """The page fits the phone's width, its menu is folded away, and axe-core finds nothing."""
    page.wait_for_load_state("networkidle")
    breedte = page.evaluate("document.documentElement.scrollWidth")
    te_breed = page.evaluate("""breedte => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > breedte + 1 && !e.closest('.table-scroll'))
        .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""", BREEDTE)
    assert breedte <= BREEDTE, (naam, breedte, te_breed)
    expect(_menuknop(page)).to_be_visible()
    expect(_menu(page).get_by_role("link").first).to_be_hidden()
    _screenshot(page, naam)
    assert axe_violations(page) == [], naam


def _via_menu(page, label):
    """Open the menu with its button and follow one of its items."""
    _menuknop(page).click()
    link = _menu(page).get_by_role("link", name=label, exact=True)
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state()


def test_the_three_journeys_on_a_phone(demo_met_inhoud, live_server, browser, telefoon):
    """One test over one seeded demo (seeding it takes most of the time): each role in a browser context of its own."""
    _coordinator(telefoon, live_server)
    for stap in (_ketenregisseur, _portefeuillehouder):
        context, page = _telefoon_context(browser)
        try:
            stap(page, live_server)
        finally:
            context.close()


def _coordinator(page, live_server):
    """The coordinator reports a signal with one thumb."""
    login(page, live_server, COORDINATOR)
    _bekeken(page, "coordinator-start")

    # The open menu: every item a full-width row of at least 44 px, the current page marked.
    _menuknop(page).click()
    links = _menu(page).get_by_role("link")
    expect(links.first).to_be_visible()
    for i in range(links.count()):
        vak = links.nth(i).bounding_box()
        assert vak["height"] >= DOEL and vak["width"] >= BREEDTE - 10, (links.nth(i).inner_text(), vak)
    assert _menu(page).locator('[aria-current="page"]').inner_text() == nl("Start")
    _screenshot(page, "coordinator-menu")
    assert axe_violations(page) == []
    _menu(page).get_by_role("link", name=nl("Report a signal"), exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == nl("Report a signal")
    _bekeken(page, "coordinator-signaal-melden")

    # Every radio button and checkbox row is a target of at least 44 × 44 px around its input.
    rijen = page.locator(".signaal-form :is(.indicator__antwoord, .signaal-optie, .signaal-minderjarige)")
    assert rijen.count() > 30
    for i in range(rijen.count()):
        rij = rijen.nth(i)
        label, invoer = rij.locator("label").bounding_box(), rij.locator("input").bounding_box()
        assert label["height"] >= DOEL and label["width"] >= DOEL, (rij.inner_text(), label)
        assert label["x"] <= invoer["x"] and invoer["x"] + invoer["width"] <= label["x"] + label["width"]
        assert label["y"] <= invoer["y"] and invoer["y"] + invoer["height"] <= label["y"] + label["height"]
    # A thumb on the far end of an answer chooses it.
    antwoord = page.locator(".indicator__antwoord").first
    antwoord.scroll_into_view_if_needed()
    vak = antwoord.locator("label").bounding_box()
    page.mouse.click(vak["x"] + vak["width"] - 4, vak["y"] + vak["height"] - 4)
    expect(antwoord.locator("input")).to_be_checked()

    # The buttons are as wide as the form, one below the other.
    formulier = page.locator("#signaal-form").bounding_box()
    knoppen = page.locator(".signaal-knoppen .utrecht-button")
    assert knoppen.count() == 2
    for i in range(2):
        vak = knoppen.nth(i).bounding_box()
        assert vak["width"] >= formulier["width"] - 1 and vak["height"] >= DOEL, vak

    _via_menu(page, nl("My signals"))
    assert page.get_by_role("heading", level=1).inner_text() == nl("My signals")
    _bekeken(page, "coordinator-mijn-signalen")


def _ketenregisseur(page, live_server):
    """The ketenregisseur goes through the lists."""
    login(page, live_server, REGISSEUR)
    _bekeken(page, "regisseur-start")

    _via_menu(page, nl("Signals"))
    assert page.get_by_role("heading", level=1).inner_text() == nl("Signals")
    # The list is wider than the phone: it scrolls within its own box, which the keyboard can reach.
    lijst = page.locator("main .table-scroll").filter(has=page.locator("table.signalen-table"))
    assert lijst.evaluate("e => e.scrollWidth > e.clientWidth")
    assert lijst.get_attribute("role") == "region" and lijst.get_attribute("tabindex") == "0"
    _bekeken(page, "regisseur-signalen")
    page.locator("tbody tr[data-signaal] a").first.click()
    page.wait_for_load_state()
    _bekeken(page, "regisseur-signaal")

    _via_menu(page, nl("Cases"))
    _bekeken(page, "regisseur-casussen")
    page.locator("main tbody tr a").first.click()
    page.wait_for_load_state()
    _bekeken(page, "regisseur-casus")

    _via_menu(page, nl("Meetings"))
    _bekeken(page, "regisseur-overleggen")
    page.locator("main tbody tr a").first.click()
    page.wait_for_load_state()
    _bekeken(page, "regisseur-overleg")

    _via_menu(page, nl("Action follow-up"))
    assert page.get_by_role("heading", level=1).inner_text() == nl("Action follow-up")
    _bekeken(page, "regisseur-actiebewaking")


def _portefeuillehouder(page, live_server):
    """The portefeuillehouder finds the reports."""
    login(page, live_server, PORTEFEUILLEHOUDER)
    _bekeken(page, "portefeuillehouder-start")
    _via_menu(page, nl("Reports"))
    assert page.get_by_role("heading", level=1).inner_text() == nl("Reports")
    _bekeken(page, "portefeuillehouder-rapportages")


def test_the_menu_works_with_the_keyboard_and_without_javascript(seeded, live_server, browser, telefoon):
    # With JavaScript: Enter opens the menu, Escape closes it and the focus is back on "Menu", visibly.
    page = telefoon
    login(page, live_server, REGISSEUR)
    knop = _menuknop(page)
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('nav summary')"):
            break
    assert page.evaluate("document.activeElement.matches('nav summary:focus-visible')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    expect(_menu(page).get_by_role("link", name=nl("Cases"), exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(_menu(page).get_by_role("link", name=nl("Cases"), exact=True)).to_be_hidden()
    assert page.evaluate("document.activeElement.matches('nav summary')")

    # On a wide screen the menu is the row of links it always was, without the button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(_menu(page).get_by_role("link", name=nl("Cases"), exact=True)).to_be_visible()
    expect(knop).to_be_hidden()

    # Without JavaScript: folded on a phone, the button opens it, every item can be followed; on a wide screen the
    # links show at once.
    context = browser.new_context(java_script_enabled=False, locale="nl-NL",
                                  viewport={"width": BREEDTE, "height": HOOGTE})
    zonder = context.new_page()
    try:
        login(zonder, live_server, REGISSEUR)
        expect(_menu(zonder).get_by_role("link").first).to_be_hidden()
        _via_menu(zonder, nl("Audit log"))
        assert zonder.url.endswith("/audit/")
        assert zonder.evaluate("document.documentElement.scrollWidth") <= BREEDTE
        zonder.set_viewport_size({"width": 1280, "height": 900})
        expect(_menu(zonder).get_by_role("link", name=nl("Cases"), exact=True)).to_be_visible()
        expect(_menuknop(zonder)).to_be_hidden()
        _menu(zonder).get_by_role("link", name=nl("Cases"), exact=True).click()
        assert zonder.url.endswith("/casussen/")
    finally:
        context.close()
