"""In a real browser: the Enschede coordinator reports a signal (journey 2, first half).

The form is tried empty, with errors and filled in (indicators, an attachment, a minor); the draft saves
itself while typing (htmx), and after submitting the confirmation shows the reference. axe-core finds
nothing on any of these pages. Labels come through the catalogue (``nl()``), so the test holds before and
after the translations merge.
"""
import re
import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENSCHEDE = "coordinator@enschede.example"



@pytest.fixture
def png_file(tmp_path):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "PNG")
    path = tmp_path / "foto-voorgevel.png"
    path.write_bytes(buffer.getvalue())
    return path


def wait_for(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_the_coordinator_reports_a_signal(seeded, live_server, page, png_file):
    from signalen.models import Antwoord, Indicator, Signaal, Status, Vorm

    login(page, live_server, ENSCHEDE)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    expect(page).to_have_url(re.compile(r"/signalen/concept/\d+/$"))
    signaal = Signaal.objects.get(ingediend_door__email=ENSCHEDE, status=Status.CONCEPT)

    # The empty form: 112 at the top, the own municipality chosen, every indicator 'unknown'.
    expect(page.locator(".acuut-gevaar")).to_contain_text("112")
    expect(page.get_by_label(nl("Municipality"))).to_have_value(str(signaal.gemeente_id))
    indicatoren = list(Indicator.objects.filter(actief=True))
    expect(page.locator('input[type="radio"][value="onbekend"]:checked')).to_have_count(len(indicatoren))
    # The guidance for a minor is there, hidden by the script until the box is ticked.
    expect(page.locator("#minderjarige-hulp")).to_be_hidden()
    screenshot(page, "signaal-formulier-leeg")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "signaal-formulier-mobiel")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})

    # Submitting at once: an error summary that has the focus and links to the fields.
    page.get_by_role("button", name=nl("Submit signal")).click()
    summary = page.locator("#foutoverzicht")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(nl("The signal has not been submitted yet"))
    expect(summary.locator("a")).to_have_count(4)  # date, forms, source, description
    summary.get_by_role("link", name=re.compile(re.escape(nl("Describe what you observed.")))).click()
    expect(page.locator("#id_omschrijving")).to_be_focused()
    screenshot(page, "signaal-formulier-fouten")
    assert axe_violations(page) == []

    # Filling it in; the draft saves itself while typing.
    omschrijving = "Acht mensen wonen boven de kwekerij; een busje haalt ze om 5 uur op. Een van hen lijkt 16."
    page.locator("#id_omschrijving").fill(omschrijving)
    page.locator("#id_omschrijving").press("End")  # a keyup: autosave after 2 seconds
    assert wait_for(lambda: Signaal.objects.get(pk=signaal.pk).omschrijving == omschrijving), "autosave did not save"
    expect(page.locator("#concept-status")).to_contain_text(re.compile(r"\d\d:\d\d"))

    van = (timezone.localdate() - timedelta(days=7)).isoformat()
    page.get_by_label(nl("Observed on or from")).fill(van)
    arbeid = Vorm.objects.get(code="arbeid")
    page.get_by_label(arbeid.naam).check()
    page.get_by_label(nl("Sector")).select_option(label="Champignonkwekerijen")
    page.get_by_label(nl("Source of the signal")).select_option(label="Sociaal domein / wijkteam / Wmo")
    gezien = indicatoren[:2]
    for indicator in gezien:
        page.locator(f"#id_indicator_{indicator.pk}_0").check()
    page.locator(f"#id_indicator_{indicatoren[2].pk}_1").check()
    page.get_by_label(nl("Name of the location or business")).fill("Kwekerij De Paddestoel")
    page.get_by_label(nl("KvK number")).fill("1234 5678")
    page.get_by_label(nl("Number of possible victims")).fill("8")
    page.get_by_label(nl("A minor may be involved")).check()
    expect(page.locator("#minderjarige-hulp")).to_be_visible()
    expect(page.locator("#minderjarige-hulp")).to_contain_text("0800-2000")
    page.get_by_label(nl("Add files")).set_input_files(str(png_file))
    screenshot(page, "signaal-formulier-ingevuld")
    assert axe_violations(page) == []

    page.get_by_role("button", name=nl("Submit signal")).click()
    expect(page).to_have_url(re.compile(rf"/signalen/{signaal.pk}/ontvangen/$"))
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND
    assert re.fullmatch(rf"SIG-{timezone.now().year}-\d{{5}}", signaal.referentie)
    expect(page.locator("[data-referentie]")).to_have_text(signaal.referentie)
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Your signal has been received"))
    expect(page.get_by_text(nl("A minor may be involved: the signal has priority."))).to_be_visible()
    expect(page.get_by_role("link", name=nl("Go to My signals"))).to_be_visible()
    screenshot(page, "signaal-ontvangen")
    assert axe_violations(page) == []

    assert signaal.prioriteit and signaal.minderjarige
    assert signaal.kvk_nummer == "12345678" and signaal.aantal_slachtoffers == 8
    assert list(signaal.vormen.all()) == [arbeid]
    antwoorden = dict(signaal.indicatoren.values_list("indicator_id", "antwoord"))
    assert antwoorden == {gezien[0].pk: Antwoord.WAARGENOMEN, gezien[1].pk: Antwoord.WAARGENOMEN,
                          indicatoren[2].pk: Antwoord.NIET_WAARGENOMEN}
    bijlage = signaal.bijlagen.get()
    assert bijlage.bestandsnaam == "foto-voorgevel.png" and bijlage.content_type == "image/png"


def test_without_javascript_the_form_still_saves_and_shows_the_guidance(seeded, live_server, browser):
    from signalen.models import Signaal, Status

    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        login(page, live_server, ENSCHEDE)
        page.goto(f"{live_server.url}/signalen/nieuw/")
        expect(page.locator("#minderjarige-hulp")).to_be_visible()
        page.locator("#id_omschrijving").fill("Zonder JavaScript getypt.")
        page.get_by_role("button", name=nl("Save as draft")).click()
        expect(page.locator(".messages")).to_contain_text(re.compile(r"\d\d:\d\d"))
        signaal = Signaal.objects.get(ingediend_door__email=ENSCHEDE, status=Status.CONCEPT)
        assert signaal.omschrijving == "Zonder JavaScript getypt."
        expect(page.locator("#id_omschrijving")).to_have_value("Zonder JavaScript getypt.")
    finally:
        context.close()


def test_an_expired_session_loses_nothing_that_autosave_stored(seeded, live_server, page):
    from django.conf import settings

    from signalen.models import Signaal, Status

    login(page, live_server, ENSCHEDE)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    signaal = Signaal.objects.get(ingediend_door__email=ENSCHEDE, status=Status.CONCEPT)
    veld = page.locator("#id_omschrijving")
    veld.fill("Eerste deel van het verhaal.")
    veld.press("End")
    assert wait_for(lambda: Signaal.objects.get(pk=signaal.pk).omschrijving == "Eerste deel van het verhaal.")

    # The session ends (the CSRF cookie stays, as it does when a session times out).
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    veld.press_sequentially(" Meer")
    status = page.locator("#concept-status")
    expect(status).to_contain_text(nl("You have been logged out. What was saved before stays in your draft."))
    link = status.get_by_role("link", name=nl("Log in again to continue"))
    expect(link).to_have_attribute("href", re.compile(rf"^/inloggen/\?next=%2Fsignalen%2Fconcept%2F{signaal.pk}%2F$"))
    screenshot(page, "signaal-formulier-uitgelogd")
    # What the user sees while typing: the status line stays in view at the bottom of the window.
    expect(status).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "signaal-formulier-uitgelogd-venster.png"))
    assert Signaal.objects.get(pk=signaal.pk).omschrijving == "Eerste deel van het verhaal."

    # Logging in again brings the user back to the draft, as it was saved. First let any autosave request still under
    # way finish, so it cannot swap the status line (and its link) while the link is clicked.
    page.wait_for_load_state("networkidle")
    link.click()
    page.wait_for_url(re.compile(r"/inloggen/"))
    page.get_by_label("E-mailadres").fill(ENSCHEDE)
    page.get_by_label("Wachtwoord").fill("welkom-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(rf"/signalen/concept/{signaal.pk}/$"))
    expect(page.locator("#id_omschrijving")).to_have_value("Eerste deel van het verhaal.")
