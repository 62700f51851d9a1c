"""The audit-log page in a real browser: reached from the menu, filtered without scripts of our own, accessible."""
import pytest

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(transactional_db):
    from django.core.management import call_command

    from mensenhandel import audit
    from mensenhandel.audit.models import AuditActie
    from partners.models import User
    from tafels.models import Tafel

    call_command("seed_demo", "--zonder-signalen", verbosity=0, stdout=open("/dev/null", "w"))
    enschede = User.objects.get(email="coordinator@enschede.example")
    utrecht = User.objects.get(email="coordinator@utrecht.example")
    twente_tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    audit.log(enschede, AuditActie.LIST, Tafel, filters={"pagina": "1"}, ip="10.0.0.15")
    audit.log(enschede, AuditActie.VIEW, twente_tafel, ip="10.0.0.15")
    audit.log(enschede, AuditActie.VIEW, Tafel.objects.get(naam="Regiegroep Prostitutie Twente"), ip="10.0.0.15")
    audit.log(enschede, AuditActie.CHANGE, enschede.organisatie, omschrijving="=cmd|' /C calc'!A0", ip="10.0.0.15")
    audit.log(utrecht, AuditActie.VIEW, Tafel.objects.get(naam="Casusoverleg Mensenhandel Midden-Nederland"), ip="10.0.0.34")


def test_the_chain_director_opens_the_audit_log_from_the_menu_and_filters_by_action(seeded, live_server, page):
    login(page, live_server, "regisseur@twente.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Auditlog").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Auditlog"
    main = page.locator("main")
    assert "Joris Brinkhuis" in main.inner_text()
    assert "Noor Bakker" not in main.inner_text()  # Midden-Nederland is outside the Twente work area
    assert axe_violations(page) == []

    page.get_by_label("Actie").select_option(label="bekeken")
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_load_state()
    assert "actie=view" in page.url
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    for i in range(rows.count()):
        assert "bekeken" in rows.nth(i).inner_text()
    assert page.get_by_text("2 regels").is_visible()
    assert page.get_by_label("Actie").input_value() == "view"  # the form keeps the chosen filter
    export = page.get_by_role("link", name="Exporteren als CSV")
    assert export.get_attribute("href") == "/audit/export.csv?actie=view"
    screenshot(page, "auditlog-ketenregisseur")
    assert axe_violations(page) == []


def test_the_filter_works_without_javascript(seeded, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        login(page, live_server, "beheer@ketenregie.example")
        page.goto(f"{live_server.url}/audit/")
        page.get_by_label("Actie").select_option(value="change")
        page.get_by_role("button", name="Filter toepassen").click()
        assert "actie=change" in page.url
        assert "'=cmd" not in page.inner_text("main")  # the page shows the text as it is; only the CSV neutralises
        assert "=cmd|' /C calc'!A0" in page.inner_text("main")
    finally:
        context.close()
