"""The awareness sessions in a real browser (issue 9): the overview with its highlight and the registration form,
with axe-core finding nothing."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage import demo_bewustwording
from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

TWENTE_REGISSEUR = "regisseur@twente.example"


# --- in a real browser ---------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_overview_and_form_without_accessibility_violations(seeded, live_server, page):
    from partners.models import User

    demo_bewustwording.seed({u.email: u for u in User.objects.all()})
    login(page, live_server, TWENTE_REGISSEUR)
    page.goto(f"{live_server.url}{reverse('basisniveau:bijeenkomsten')}")
    assert page.locator(".bewustwording-kern__cijfer").get_attribute("data-bereikt") == "9"
    niet_bereikt = page.locator("tr.bewustwording-gemeente--niet-bereikt")
    assert niet_bereikt.count() == 5
    assert niet_bereikt.first.locator(".bewustwording-badge").inner_text() == nl("no session in the last 12 months")
    assert axe_violations(page) == []
    screenshot(page, "bewustwording-overzicht")

    page.get_by_role("link", name=nl("Register a session")).click()
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#foutoverzicht").is_visible()
    assert axe_violations(page) == []
    page.fill("#id_datum", (timezone.localdate() - timedelta(days=30)).isoformat())
    page.get_by_label("Dinkelland").check()
    page.get_by_label("Tubbergen").check()
    page.get_by_label(nl("civil affairs")).check()
    page.fill("#id_deelnemers", "21")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert nl("The awareness session has been registered.") in page.content()
    assert axe_violations(page) == []
    screenshot(page, "bewustwording-bijeenkomst")
    page.goto(f"{live_server.url}{reverse('basisniveau:bijeenkomsten')}")
    assert page.locator("tr.bewustwording-gemeente--niet-bereikt").count() == 3
