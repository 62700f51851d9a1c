"""Issue 19 in a real browser: a signal from Utrecht and one from Enschede share a KvK number. The ketenregisseur of
Twente sees the treffer on /treffers/ (named by RIEC Midden-Nederland, nothing else of the other record) and marks it
"contact opgenomen"; the ketenregisseur of Midden-Nederland sees that status. axe-core finds nothing on both pages."""
import pytest

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UTRECHT_TEKST = "Uitzendkrachten van een uitzendbureau slapen in een loods aan de Kanaalweg."


@pytest.fixture
def treffer(seeded):
    from partners.models import User
    from tests.treffers.conftest import maak_signaal
    from treffers.models import Treffer

    utrecht = maak_signaal(User.objects.get(email="coordinator@utrecht.example"), omschrijving=UTRECHT_TEKST,
                           kvk_nummer="24681357", locatie_naam="Uitzendbureau De Zon B.V.")
    maak_signaal(User.objects.get(email="coordinator@enschede.example"), kvk_nummer="24681357",
                 locatie_naam="uitzendbureau de zon")
    return Treffer.objects.get(), utrecht


def _new_page(browser):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_twente_marks_contact_made_and_midden_nederland_sees_it(treffer, live_server, page, browser):
    treffer, utrecht = treffer
    login(page, live_server, "regisseur@twente.example")
    page.get_by_role("link", name="Treffers").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/treffers/")
    rij = page.locator(f'[data-treffer="{treffer.pk}"]')
    assert "RIEC Midden-Nederland" in rij.inner_text() and "KvK-nummer" in rij.inner_text()
    tekst = page.content()
    assert utrecht.referentie not in tekst and UTRECHT_TEKST not in tekst
    assert axe_violations(page) == []
    screenshot(page, "treffers-lijst-twente")

    rij.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.select_option("select[name=status]", "contact_opgenomen")
    page.get_by_role("button", name="Status opslaan").click()
    page.wait_for_load_state()
    assert "Contact opgenomen" in page.locator("main").inner_text()
    assert utrecht.referentie not in page.content()
    assert axe_violations(page) == []
    screenshot(page, "treffers-detail-twente")

    other = _new_page(browser)
    login(other, live_server, "regisseur@midden-nederland.example")
    other.goto(f"{live_server.url}/treffers/?toon=alle")
    other.wait_for_load_state()
    rij = other.locator(f'[data-treffer="{treffer.pk}"]')
    assert "Contact opgenomen" in rij.inner_text() and "RIEC Oost-Nederland" in rij.inner_text()
    assert axe_violations(other) == []
    screenshot(other, "treffers-lijst-midden-nederland")
    other.goto(f"{live_server.url}/treffers/{treffer.pk}/")
    other.wait_for_load_state()
    assert "Contact opgenomen" in other.locator("main").inner_text()
    assert axe_violations(other) == []
    screenshot(other, "treffers-detail-midden-nederland")
