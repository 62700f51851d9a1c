"""Issue 21 in Chromium: the Twente ketenregisseur adds a barrier to a case from the case page (with its
administrative action), writes the decision points of the proposal to the DVO on the report page, and the
portefeuillehouder finds the report and its proposal on her start page and downloads the proposal. axe-core finds
nothing on every page visited; screenshots of the case page's section and the report page go to test-artifacts/.

The case, its action and the reports are built straight in the database (the report counted by ``cijfers``, its files
stand-ins in the protected store: the PDFs themselves are tested in ``tests/rapportage/test_dvo.py``).
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    assert axe_violations(page) == [], name


@pytest.fixture
def wereld(seeded):
    from barrieres.models import Domein
    from casusoverleg.models import Actie, ActieSoort, Casus
    from partners.models import Organisatie, User
    from rapportage import cijfers, dvo, pdf
    from rapportage.models import DvoVoorstel, Rapport, RapportStatus
    from rapportage.perioden import Kwartaal
    from tafels.models import District, Gemeente

    regisseur = User.objects.get(email="regisseur@twente.example")
    twente = District.objects.get(code="TW")
    casus = Casus.objects.create(code="TW-2026-901", district=twente, regio=twente.regio, eigenaar=regisseur,
                                 samenvatting="Arbeidsmigranten wonen met te veel mensen in één woning.")
    casus.gemeenten.set([Gemeente.objects.get(naam="Enschede")])
    actie = Actie.objects.create(casus=casus, omschrijving="Controle op overbewoning van de woning.",
                                 soort=ActieSoort.BESTUURLIJK, organisatie=Organisatie.objects.get(naam="Gemeente Enschede"),
                                 deadline=timezone.localdate() + timedelta(days=10), aangemaakt_door=regisseur)
    kwartaal = Kwartaal.laatst_afgesloten(timezone.localdate())
    gegevens = cijfers.bereken(twente, kwartaal)
    rapporten = {}
    for versie, status in ((1, RapportStatus.CONCEPT), (2, RapportStatus.DEFINITIEF)):
        rapport = Rapport.objects.create(
            district=twente, jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, versie=versie, status=status,
            gegevens=gegevens, geteld_op=timezone.now(), aangemaakt_door=regisseur,
            toelichting="Het aantal signalen bleef gelijk.",
            dvo_besluitpunten="Het DVO stemt in met gezamenlijke controles op huisvesting." if versie == 2 else "")
        naam = pdf.MAP.nieuwe_naam(".pdf")
        pdf.MAP.schrijf(naam, b"%PDF-1.7 rapport")
        Rapport.objects.filter(pk=rapport.pk).update(opslagnaam=naam, grootte=16, sha256="0" * 64,
                                                     gemaakt_op=timezone.now())
        naam = dvo.MAP.nieuwe_naam(".pdf")
        dvo.MAP.schrijf(naam, b"%PDF-1.7 voorstel")
        DvoVoorstel.objects.create(rapport=rapport, opslagnaam=naam, grootte=17, sha256="0" * 64)
        rapporten[status] = rapport
    return {"casus": casus, "actie": actie, "concept": rapporten[RapportStatus.CONCEPT],
            "definitief": rapporten[RapportStatus.DEFINITIEF], "huisvesting": Domein.objects.get(code="huisvesting")}


def test_barrier_on_the_case_page_and_the_proposal_to_the_dvo(page, live_server, wereld):
    from barrieres.models import Barriere, BarriereActie

    casus = wereld["casus"]
    login(page, live_server, "regisseur@twente.example")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    sectie = page.locator("#barrieres")
    expect(sectie.get_by_text(nl("Barriers"), exact=True)).to_be_visible()
    expect(sectie.locator(".empty-state")).to_be_visible()
    sectie.screenshot(path=str(_artefact("barrieres-leeg")))
    _checked(page, "casus-barrieres-leeg")

    sectie.get_by_role("link", name=nl("Add a barrier")).click()
    _checked(page, "barriere-formulier")
    page.get_by_label(nl("Domain")).select_option(label="Huisvesting")
    page.get_by_label(nl("Instrument")).select_option(value="last_onder_dwangsom")
    page.get_by_label(nl("Organisation")).select_option(label="Gemeente Enschede")
    page.get_by_label(nl("Started on")).fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_label(nl("Explanation of the result")).fill("Last onder dwangsom wegens overbewoning opgelegd.")
    page.get_by_label(wereld["actie"].omschrijving, exact=False).check()
    page.get_by_role("button", name=nl("Add barrier")).click()

    expect(page.get_by_text(nl("The barrier has been added to case %(code)s.") % {"code": casus.code})).to_be_visible()
    barriere = Barriere.objects.get(casus=casus)
    assert BarriereActie.objects.filter(barriere=barriere, actie=wereld["actie"]).exists()
    item = page.locator(f'[data-barriere="{barriere.pk}"]')
    expect(item).to_contain_text("Huisvesting")
    expect(item).to_contain_text("Last onder dwangsom wegens overbewoning opgelegd.")
    page.locator("#barrieres").screenshot(path=str(_artefact("barrieres-sectie")))
    _checked(page, "casus-barrieres")

    # The proposal to the DVO, written on the concept's page with the explanation.
    page.goto(f"{live_server.url}/rapporten/{wereld['concept'].pk}/")
    page.get_by_label(nl("Decision points")).fill("Het DVO besluit de controles op huisvesting voort te zetten.")
    page.get_by_label(nl("Agenda item")).fill("C2a")
    page.get_by_role("button", name=nl("Save the explanation")).click()
    expect(page.get_by_label(nl("Decision points"))).to_have_value(
        "Het DVO besluit de controles op huisvesting voort te zetten.")
    _checked(page, "rapport-dvo-formulier")

    # The final version: the barrier chapter, the national context and the proposal with its download.
    page.goto(f"{live_server.url}/rapporten/{wereld['definitief'].pk}/")
    expect(page.locator("#barrieres")).to_be_visible()
    expect(page.locator("#landelijk")).to_contain_text("944")
    expect(page.locator("#dvo-voorstel")).to_contain_text("Het DVO stemt in met gezamenlijke controles op huisvesting.")
    _checked(page, "rapport-definitief-dvo")

    page.context.clear_cookies()
    login(page, live_server, "burgemeester@twente.example")
    _checked(page, "start-portefeuillehouder-dvo")
    link = page.get_by_role("link", name=nl("Proposal to the %(overleg)s (PDF)") % {
        "overleg": "districtelijk veiligheidsoverleg (DVO)"}, exact=False)
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("dvo-voorstel-twente-")
    with open(download.value.path(), "rb") as bestand:
        assert bestand.read() == b"%PDF-1.7 voorstel"


def _artefact(naam):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{naam}.png"
