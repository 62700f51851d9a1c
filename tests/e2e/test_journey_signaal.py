"""Journey 2 of DESIGN.md end to end in Chromium: the Enschede coordinator reports a signal with
indicators and an attachment and sees its reference; the Twente ketenregisseur finds it in the list
and asks a question; the coordinator answers; the ketenregisseur passes it on with feedback; the
coordinator sees the status and the feedback under "Mijn signalen". axe-core on every page."""
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VRAAG = "Hoeveel mensen zag u op het adres, en op welke dagen?"
ANTWOORD = "Zes personen, vooral op maandag en donderdag vroeg in de ochtend."
TERUGKOPPELING = "Uw signaal is doorgezet naar de Arbeidsinspectie, die het verder oppakt. Dank voor het melden."



@pytest.fixture
def pdf_file(tmp_path):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 40), (240, 240, 240)).save(buffer, "PDF")
    path = tmp_path / "foto-adres.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def test_journey_signal_from_report_to_feedback(seeded, live_server, page, browser, pdf_file):
    from signalen.models import Indicator, Signaal, Status, Vorm

    # 1. The coordinator fills the form with indicators and an attachment and submits it.
    login(page, live_server, "coordinator@enschede.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("Report a signal")).click()
    expect(page).to_have_url(re.compile(r"/signalen/concept/\d+/$"))
    _checked(page, "reis-1-formulier")
    page.get_by_label(nl("Observed on or from")).fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_label(Vorm.objects.get(code="arbeid").naam).check()
    page.get_by_label(nl("Source of the signal")).select_option(label="Toezicht en handhaving (BOA)")
    for indicator in Indicator.objects.filter(actief=True)[:3]:
        page.locator(f"#id_indicator_{indicator.pk}_0").check()
    page.locator("#id_omschrijving").fill(
        "Bij een controle zagen BOA's matrassen in een bedrijfshal; mensen werken er 12 uur."
    )
    page.get_by_label(nl("Add files")).set_input_files(str(pdf_file))
    page.get_by_role("button", name=nl("Submit signal")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Your signal has been received"))
    signaal = Signaal.objects.get(ingediend_door__email="coordinator@enschede.example", status=Status.INGEDIEND,
                                  omschrijving__startswith="Bij een controle")
    expect(page.locator("[data-referentie]")).to_have_text(signaal.referentie)
    assert signaal.bijlagen.count() == 1 and signaal.indicatoren.count() == 3
    _checked(page, "reis-2-ontvangen")

    # 2. The ketenregisseur finds it in the list and asks a question.
    regisseur = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
    try:
        login(regisseur, live_server, "regisseur@twente.example")
        regisseur.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("Signals")).click()
        _checked(regisseur, "reis-3-lijst-regisseur")
        regisseur.get_by_role("link", name=signaal.referentie).click()
        expect(regisseur.locator("h1")).to_contain_text(signaal.referentie)
        _checked(regisseur, "reis-4-detail-regisseur")
        regisseur.locator("#id_naar").select_option(Status.INFORMATIE_OPGEVRAAGD.value)
        regisseur.locator("#id_reden").fill(VRAAG)
        regisseur.locator("button[name=actie][value=besluiten]").click()
        expect(regisseur.locator("[data-status]")).to_have_attribute("data-status", Status.INFORMATIE_OPGEVRAAGD.value)

        # 3. The coordinator sees the question under "Mijn signalen" and answers it.
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("My signals")).click()
        _checked(page, "reis-5-mijn-signalen")
        page.get_by_role("link", name=signaal.referentie).click()
        expect(page.locator("#vraag")).to_contain_text(VRAAG)
        _checked(page, "reis-6-vraag")
        page.locator("#id_tekst").fill(ANTWOORD)
        page.locator("#vraag button[type=submit]").click()
        expect(page.locator(".tijdlijn")).to_contain_text(ANTWOORD)

        # 4. The ketenregisseur passes it on with feedback.
        regisseur.reload()
        expect(regisseur.locator(".tijdlijn")).to_contain_text(ANTWOORD)
        regisseur.locator("#id_naar").select_option(Status.DOORGEZET.value)
        regisseur.locator("#id_doorgezet_naar").select_option("nla")
        regisseur.locator("#id_terugkoppeling").fill(TERUGKOPPELING)
        regisseur.locator("button[name=actie][value=besluiten]").click()
        expect(regisseur.locator("[data-status]")).to_have_attribute("data-status", Status.DOORGEZET.value)
        _checked(regisseur, "reis-7-doorgezet")
    finally:
        regisseur.context.close()

    # 5. The coordinator sees status and feedback.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("My signals")).click()
    expect(page.locator(f"[data-signaal='{signaal.pk}']")).to_contain_text(re.compile(nl("passed on"), re.I))
    page.get_by_role("link", name=signaal.referentie).click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", Status.DOORGEZET.value)
    expect(page.locator(".signaal-terugkoppeling")).to_contain_text(TERUGKOPPELING)
    _checked(page, "reis-8-terugkoppeling")
