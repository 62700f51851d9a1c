"""The care track end to end in Chromium (issue 21): the ketenregisseur names the Zorgcoördinator Twente as the care
coordinator of a case; the care coordinator (zorg@twente.example), who does not see the case itself, finds the care
track under "Zorgtrajecten", adds a possible victim without a name, records the steps (a mistake first: the error
summary links to the field and nothing typed is lost), sees the victim in the overview of victims not yet registered
with CoMensha, opens the printable summary for CoMensha, and records the registration. axe-core on every page.

The case is made through the services; it is on no agenda, so the care coordinator sees only its care part.
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMENVATTING = "Uitzendkrachten werken in een vleesverwerkend bedrijf zonder vrije dagen en wonen in een loods."


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


@pytest.fixture
def casus(seeded):
    from casusoverleg.services import casussen
    from partners.models import User
    from signalen.models import Vorm
    from tafels.models import Gemeente

    regisseur = User.objects.get(email="regisseur@twente.example")
    return casussen.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Hengelo")],
                               vormen=[Vorm.objects.get(code="arbeid")], samenvatting=SAMENVATTING)


def test_journey_the_care_coordinator_keeps_the_care_track(casus, live_server, page, browser):
    from casusoverleg.models import Slachtoffer

    # The ketenregisseur opens the case's care track from the case page and names the care coordinator.
    login(page, live_server, "regisseur@twente.example")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    sectie = page.locator("#zorgtraject")
    expect(sectie).to_contain_text("Nog geen zorgtraject")
    sectie.get_by_role("link", name="Zorgtraject beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zorgtraject van casus {casus.code}")
    page.get_by_label("Organisatie van de zorgcoördinator").select_option(label="Zorgcoördinator Twente")
    page.get_by_role("button", name="Zorgcoördinator opslaan").click()
    expect(page.locator(".utrecht-alert, .messages").first).to_contain_text("is opgeslagen")
    _checked(page, "zorg-01-regisseur-zorgtraject")

    # The care coordinator: "Zorgtrajecten" in the menu, the case's care track, never the case itself.
    zorg = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
    zorg.set_default_timeout(15000)
    login(zorg, live_server, "zorg@twente.example")
    zorg.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zorgtrajecten").click()
    expect(zorg.get_by_role("heading", level=1)).to_have_text("Zorgtrajecten")
    _checked(zorg, "zorg-02-zorgtrajecten")
    zorg.get_by_role("link", name=f"Zorgtraject {casus.code}").click()
    expect(zorg.get_by_role("link", name=f"Casus {casus.code}")).to_have_count(0)
    expect(zorg.locator(".empty-state").first).to_contain_text("nog geen mogelijk slachtoffer")
    _checked(zorg, "zorg-03-leeg-zorgtraject")

    # A possible victim without a name: only the groups.
    zorg.get_by_label("Leeftijdsgroep").select_option(label="18 tot en met 22")
    zorg.get_by_label("Geslacht").select_option(label="vrouw")
    zorg.get_by_label("Nationaliteit").select_option(label="land buiten de EU en EER")
    zorg.get_by_role("button", name="Slachtoffer toevoegen").click()
    expect(zorg.get_by_role("heading", level=1)).to_have_text(f"Slachtoffer 1 van casus {casus.code}")
    expect(zorg.locator(".utrecht-alert, .messages").first).to_contain_text("Slachtoffer 1 is toegevoegd")
    _checked(zorg, "zorg-04-slachtoffer")

    # The steps: a mistake first (shelter arranged without its date), then corrected.
    vandaag = timezone.localdate()
    eergisteren = (vandaag - timedelta(days=2)).isoformat()
    zorg.locator("#stap-comensha").get_by_label("Status").select_option(label="aangevraagd")
    zorg.locator("#stap-comensha").get_by_label("Aangevraagd op").fill(eergisteren)
    zorg.locator("#stap-bedenktijd").get_by_label("Status").select_option(label="geregeld")
    zorg.locator("#stap-bedenktijd").get_by_label("Aangevraagd op").fill(eergisteren)
    zorg.locator("#stap-bedenktijd").get_by_label("Geregeld of afgewezen op").fill(vandaag.isoformat())
    zorg.locator("#stap-opvang").get_by_label("Status").select_option(label="geregeld")
    zorg.get_by_role("button", name="Zorgtraject opslaan").click()
    samenvatting = zorg.locator("#foutoverzicht")
    expect(samenvatting).to_contain_text("Opvang – Geregeld of afgewezen op: Vul de datum in waarop het is geregeld")
    expect(zorg.locator("#stap-comensha").get_by_label("Aangevraagd op")).to_have_value(eergisteren)
    _checked(zorg, "zorg-05-fout")
    samenvatting.get_by_role("link").first.click()
    assert zorg.url.endswith("#id_opvang-afgerond_op")
    zorg.locator("#id_opvang-afgerond_op").fill(vandaag.isoformat())
    zorg.get_by_role("button", name="Zorgtraject opslaan").click()
    expect(zorg.locator(".utrecht-alert, .messages").first).to_contain_text(
        f"Het zorgtraject van slachtoffer 1 in casus {casus.code} is opgeslagen.")
    rij = zorg.locator("#slachtoffer-1 tr[data-stap='opvang']")
    expect(rij).to_contain_text("geregeld")
    expect(zorg.locator("#slachtoffer-1 tr[data-stap='comensha']")).to_contain_text("aangevraagd")
    expect(zorg.locator(".tijdlijn")).to_contain_text("Slachtoffer 1: opvang — geregeld")
    _checked(zorg, "zorg-06-zorgtraject")

    # Not yet registered with CoMensha: the overview, and the summary to send (no names).
    zorg.get_by_role("link", name="Slachtoffers nog niet aangemeld bij CoMensha").click()
    slachtoffer = Slachtoffer.objects.get(casus=casus)
    expect(zorg.locator(f"tr[data-slachtoffer='{slachtoffer.pk}']")).to_contain_text(
        f"Slachtoffer 1 van casus {casus.code}")
    _checked(zorg, "zorg-07-niet-aangemeld")
    zorg.locator(f"tr[data-slachtoffer='{slachtoffer.pk}']").get_by_role("link", name="Overzicht voor CoMensha").click()
    expect(zorg.get_by_role("heading", level=1)).to_have_text(
        "Aanmelding van een mogelijk slachtoffer van mensenhandel bij CoMensha")
    expect(zorg.get_by_role("button", name="Afdrukken of bewaren als pdf")).to_be_visible()
    expect(zorg.locator("main")).not_to_contain_text(SAMENVATTING)
    _checked(zorg, "zorg-08-comensha-overzicht")

    # CoMensha confirmed the registration: recorded, and the victim leaves the overview.
    zorg.goto(f"{live_server.url}/zorgtrajecten/slachtoffers/{slachtoffer.pk}/")
    zorg.locator("#stap-comensha").get_by_label("Status").select_option(label="geregeld")
    zorg.locator("#stap-comensha").get_by_label("Geregeld of afgewezen op").fill(vandaag.isoformat())
    zorg.get_by_role("button", name="Zorgtraject opslaan").click()
    expect(zorg.locator("#slachtoffer-1 tr[data-stap='comensha']")).to_contain_text("vastgelegd door Mirjam Scholten")
    zorg.goto(f"{live_server.url}/zorgtrajecten/niet-aangemeld/")
    expect(zorg.locator(".empty-state")).to_be_visible()
    _checked(zorg, "zorg-09-alles-aangemeld")
    # The case itself stays out of reach for the care coordinator.
    assert zorg.goto(f"{live_server.url}/casussen/{casus.pk}/").status == 404

    # The ketenregisseur sees the care track in short on the case page.
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    expect(page.locator("#zorgtraject")).to_contain_text("aangemeld bij CoMensha op")
    _checked(page, "zorg-10-casus")
