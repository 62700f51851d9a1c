import pytest

from tests.e2e.conftest import axe_violations, login, screenshot

DEMO_USERS = [
    ("regisseur@twente.example", "Sanne Oude Veldhuis", "Ketenregisseur"),
    ("coordinator@enschede.example", "Joris Brinkhuis", "Gemeentelijk coördinator"),
    ("coordinator@hengelo.example", "Fatima El Amrani", "Gemeentelijk coördinator"),
    ("politie@oost-nederland.example", "Erik Nijhof", "Ketenpartner"),
    ("inspectie@nla.example", "Linda Kamphuis", "Ketenpartner"),
    ("burgemeester@twente.example", "Renske ter Horst", "Portefeuillehouder"),
    ("regisseur@midden-nederland.example", "Thomas van Dijk", "Ketenregisseur"),
    ("coordinator@utrecht.example", "Noor Bakker", "Gemeentelijk coördinator"),
    ("burgemeester@midden-nederland.example", "Hanneke Verbeek", "Portefeuillehouder"),
    ("beheer@ketenregie.example", "Pieter Smit", "Beheerder"),
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_has_no_accessibility_violations(seeded, live_server, page):
    page.goto(f"{live_server.url}/inloggen/")
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    screenshot(page, "login")
    assert axe_violations(page) == []


def test_wrong_password_shows_generic_dutch_message_and_keeps_email(seeded, live_server, page):
    login(page, live_server, "coordinator@enschede.example", password="verkeerd-wachtwoord")
    assert page.get_by_text("Het e-mailadres of wachtwoord klopt niet").is_visible()
    assert page.get_by_label("E-mailadres").input_value() == "coordinator@enschede.example"
    screenshot(page, "login-fout")
    assert axe_violations(page) == []


@pytest.mark.parametrize(("email", "naam", "rol"), DEMO_USERS, ids=[u[0] for u in DEMO_USERS])
def test_every_demo_user_logs_in_and_lands_on_a_page_with_name_and_role(seeded, live_server, page, email, naam, rol):
    login(page, live_server, email)
    assert page.url == f"{live_server.url}/"
    header = page.locator("header")
    assert naam in header.inner_text()
    assert rol in header.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == f"Welkom, {naam}"
    screenshot(page, f"start-{email.split('@')[0]}-{email.split('@')[1].split('.')[0]}")
    assert axe_violations(page) == []


def test_the_chain_director_opens_a_table_from_the_navigation(seeded, live_server, page):
    login(page, live_server, "regisseur@twente.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Tafels").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tafels"
    screenshot(page, "tafels-lijst")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Casusoverleg Mensenhandel Twente").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Casusoverleg Mensenhandel Twente"
    assert "Renske ter Horst" in page.inner_text("main")
    screenshot(page, "tafel-detail")
    assert axe_violations(page) == []


def test_pages_work_without_javascript(seeded, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        login(page, live_server, "coordinator@hengelo.example")
        assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Fatima El Amrani"
        page.get_by_role("button", name="Uitloggen").click()
        assert page.get_by_text("U bent uitgelogd.").is_visible()
    finally:
        context.close()
