"""In a real browser: each role's start page, the privacy and accessibility statements, and the session timeout warning."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# e-mail, name, the headings of the start blocks (English source; the page shows the Dutch translation)
TAFELS = "Your tables"
# Coordinators and partners alike: a coordinator is invited per agenda item for a case in their gemeente.
PARTNER_BLOKKEN = ["My signals", "Actions of my organisation", "Meetings I am invited to", TAFELS]
START_PAGES = [
    ("regisseur@twente.example", "Sanne Oude Veldhuis",
     ["Signals waiting for assessment", "Next meeting", "Overdue actions", "Quarterly report", TAFELS]),
    ("coordinator@enschede.example", "Joris Brinkhuis", PARTNER_BLOKKEN),
    ("coordinator@hengelo.example", "Fatima El Amrani", PARTNER_BLOKKEN),
    ("politie@oost-nederland.example", "Erik Nijhof", PARTNER_BLOKKEN),
    ("inspectie@nla.example", "Linda Kamphuis", PARTNER_BLOKKEN),
    ("burgemeester@twente.example", "Renske ter Horst", ["Latest report", "Next meeting", TAFELS]),
    ("regisseur@midden-nederland.example", "Thomas van Dijk",
     ["Signals waiting for assessment", "Next meeting", "Overdue actions", "Quarterly report", TAFELS]),
    ("coordinator@utrecht.example", "Noor Bakker", PARTNER_BLOKKEN),
    ("burgemeester@midden-nederland.example", "Hanneke Verbeek", ["Latest report", "Next meeting", TAFELS]),
    ("beheer@ketenregie.example", "Pieter Smit", ["Users and invitations", "Audit log", TAFELS]),
]



def _name(email):
    local, domain = email.split("@")
    return f"{local}-{domain.split('.')[0]}"


@pytest.fixture
def invitation(seeded):
    """An open invitation, so the beheerder's block shows a row (the e-mail goes out after the commit)."""
    from partners import services
    from partners.models import Organisatie, User

    beheerder = User.objects.get(email="beheer@ketenregie.example")
    nieuw = User.objects.create_user(
        "nieuw@almelo.example", None, naam="Nadia de Vries", rol="coordinator",
        organisatie=Organisatie.objects.get(naam="Gemeente Almelo"),
    )
    services.invite(nieuw, door=beheerder)
    return nieuw


@pytest.mark.parametrize(("email", "naam", "blocks"), START_PAGES, ids=[p[0] for p in START_PAGES])
def test_each_role_lands_on_its_start_page_without_accessibility_violations(
    seeded, invitation, live_server, page, email, naam, blocks
):
    login(page, live_server, email)
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", level=1).inner_text() == f"Welkom, {naam}"
    headings = page.locator("main section h2").all_inner_texts()
    assert headings == [nl(b) for b in blocks]
    for block in blocks:
        expect(page.get_by_role("region", name=nl(block))).to_be_visible()
    if email.startswith("beheer@"):
        expect(page.get_by_role("region", name=nl("Users and invitations"))).to_contain_text(invitation.naam)
        expect(page.get_by_role("region", name=nl("Audit log")).locator("tbody tr").first).to_be_visible()
    else:
        expect(page.get_by_text(invitation.naam)).to_have_count(0)
    expect(page.locator("#sessie-waarschuwing")).to_be_hidden()
    screenshot(page, f"startpagina-{_name(email)}")
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("link", "heading", "path"),
    [("Privacy statement", "Privacy statement", "/privacy/"),
     ("Accessibility statement", "Accessibility statement", "/toegankelijkheid/")],
)
def test_the_statements_are_reachable_from_the_footer_when_logged_out(seeded, live_server, page, link, heading, path):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_role("contentinfo").get_by_role("link", name=nl(link)).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{path}"
    assert page.get_by_role("heading", level=1).inner_text() == nl(heading)
    screenshot(page, f"verklaring-{path.strip('/')}")
    assert axe_violations(page) == []


def test_the_statements_are_linked_from_the_footer_when_logged_in(seeded, live_server, page):
    login(page, live_server, "coordinator@utrecht.example")
    page.get_by_role("contentinfo").get_by_role("link", name=nl("Accessibility statement")).click()
    assert page.get_by_role("heading", level=1).inner_text() == nl("Accessibility statement")
    assert axe_violations(page) == []


@pytest.fixture
def short_session(settings):
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_WARNING_SECONDS = 5


def test_the_session_warning_appears_and_stay_logged_in_keeps_the_session(seeded, short_session, live_server, page):
    login(page, live_server, "coordinator@enschede.example")
    warning = page.get_by_role("alertdialog", name=nl("Your session is about to end"))
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=6000)  # 8 - 5 = 3 seconds after the page loaded
    stay = warning.get_by_role("button", name=nl("Stay logged in"))
    expect(stay).to_be_focused()
    expect(warning.locator("[data-sessie-klok]")).to_have_text(re.compile(r"^0:0[0-5]$"))
    screenshot(page, "sessie-waarschuwing")
    assert axe_violations(page) == []

    with page.expect_response(lambda r: r.url.endswith("/account/sessie-verlengen/")) as response:
        stay.click()
    assert response.value.status == 204
    expect(warning).to_be_hidden()
    # The session was extended on the server: a new page within the next 8 seconds is still logged in.
    page.wait_for_timeout(2500)
    page.reload()
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Joris Brinkhuis"


def test_when_the_time_is_up_the_page_goes_to_the_login_page_and_back(seeded, short_session, live_server, page):
    login(page, live_server, "politie@oost-nederland.example")
    page.goto(f"{live_server.url}/tafels/")
    expect(page.get_by_role("alertdialog")).to_be_visible(timeout=6000)
    page.wait_for_url(re.compile(r"/inloggen/\?next=%2Ftafels%2F$"), timeout=10000)
    expect(page.get_by_text(nl(
        "Log in to continue. If you were logged in, your session has ended after a period of inactivity."
    ))).to_be_visible()
    page.get_by_label("E-mailadres").fill("politie@oost-nederland.example")
    page.get_by_label("Wachtwoord").fill("welkom-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/tafels/")
