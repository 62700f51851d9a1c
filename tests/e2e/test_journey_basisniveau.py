"""The basisniveau monitor end to end in Chromium (issue 9): the coordinator of Utrecht finds the open Midden-Nederland
measurement of October 2026 in the navigation, fills in the seven items for Utrecht (one with an explanation) and
sees the regional figures count Utrecht; the Midden-Nederland ketenregisseur then sees the regional page with the
answers per gemeente, Utrecht's among them, and the February 2022 measurement with the seed-002 figures; the
portefeuillehouder sees that page without the answers per gemeente. axe-core on every page visited.

The demo measurements (``rapportage.demo_basisniveau``) are seeded on top of the demo accounts.
"""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOELICHTING = "Twee aandachtsfunctionarissen bij Openbare Orde en Veiligheid."
# Utrecht's answers: item -> the answer's msgid as the radio button shows it.
ANTWOORDEN = {
    "Designated officer or permanent contact person": "yes",
    "Policy in development or secured regionally": "yes",
    "Insight in local figures on nature and size": "in development",
    "Insight in the different forms of exploitation": "yes",
    "Recurring training for staff": "no",
    "Clarity about information and data exchange": "in development",
    "Knows the partners in the approach": "yes",
}


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


@pytest.fixture
def metingen(seeded):
    from datetime import date

    from partners.models import User
    from rapportage import demo_basisniveau
    from rapportage.models import Meting

    demo_basisniveau.seed({u.email: u for u in User.objects.all()})
    return {
        "mn_2022": Meting.objects.get(regio__naam="Midden-Nederland", datum=date(2022, 2, 15)),
        "mn_2026": Meting.objects.get(regio__naam="Midden-Nederland", datum=date(2026, 10, 1)),
    }


def _uitloggen(page):
    page.get_by_role("button", name=nl("Log out")).click()
    page.wait_for_load_state()


def test_journey_utrecht_fills_in_and_the_ketenregisseur_sees_the_regional_page(metingen, live_server, page):
    from rapportage.models import MetingAntwoord

    mn_2026, mn_2022 = metingen["mn_2026"], metingen["mn_2022"]
    utrecht = mn_2026.gemeenten.get(naam="Utrecht")
    nav = page.get_by_role("navigation", name=nl("Main menu"))

    # 1. The coordinator of Utrecht opens the monitor: two measurements, the open one can be filled in.
    login(page, live_server, "coordinator@utrecht.example")
    nav.get_by_role("link", name=nl("Basic level")).click()
    expect(page.locator("[data-meting]")).to_have_count(2)
    _checked(page, "basisniveau-01-lijst-coordinator")
    vul_in = nl("Fill in the measurement for %(gemeente)s") % {"gemeente": "Utrecht"}
    page.locator(f"[data-meting='{mn_2026.pk}']").get_by_role("link", name=vul_in).click()
    expect(page).to_have_url(re.compile(rf"/basisniveau/gemeente/{utrecht.pk}/$"))
    _checked(page, "basisniveau-02-formulier-leeg")

    # 2. The seven items, each a group of four radio buttons with its question as the group's name.
    for vraag, antwoord in ANTWOORDEN.items():
        groep = page.get_by_role("group", name=re.compile(re.escape(nl(vraag))))
        groep.get_by_role("radio", name=nl(antwoord), exact=False).first.check()
    eerste = page.get_by_role("group", name=re.compile(re.escape(nl("Designated officer or permanent contact person"))))
    eerste.get_by_role("textbox").fill(TOELICHTING)
    _checked(page, "basisniveau-03-formulier-ingevuld")
    page.get_by_role("button", name=nl("Save the answers")).click()

    # 3. Saved: the regional page with the confirmation; Utrecht now counts (23 of 38 took part).
    expect(page).to_have_url(re.compile(rf"/basisniveau/{mn_2026.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(
        nl("The answers of %(gemeente)s have been saved.") % {"gemeente": "Utrecht"})
    expect(page.locator(".bn-respons")).to_contain_text("61%")
    expect(page.locator(".bn-respons")).to_contain_text("(23")
    expect(page.locator("[data-gemeente]")).to_have_count(0)  # no answers per gemeente for a coordinator
    _checked(page, "basisniveau-04-regionaal-coordinator")
    antwoorden = dict(MetingAntwoord.objects.filter(meting_gemeente=utrecht).values_list("item", "antwoord"))
    assert antwoorden == {"aandachtsfunctionaris": "ja", "beleid": "ja", "aard_en_omvang": "in_ontwikkeling",
                          "vormen": "ja", "training": "nee", "gegevensuitwisseling": "in_ontwikkeling",
                          "partners": "ja"}
    _uitloggen(page)

    # 4. The Midden-Nederland ketenregisseur: the regional page with the answers per gemeente, Utrecht's included.
    login(page, live_server, "regisseur@midden-nederland.example")
    nav.get_by_role("link", name=nl("Basic level")).click()
    _checked(page, "basisniveau-05-lijst-regisseur")
    page.locator(f"[data-meting='{mn_2026.pk}']").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/basisniveau/{mn_2026.pk}/$"))
    rij = page.locator("[data-gemeente='GM0344']")
    expect(rij).to_contain_text("Utrecht")
    expect(rij).to_contain_text("Noor Bakker")
    expect(rij.locator("[data-item='aandachtsfunctionaris']")).to_have_text(nl("yes"))
    expect(rij.locator("[data-item='training']")).to_have_text(nl("no"))
    expect(rij.locator("[data-item='aard_en_omvang']")).to_contain_text(nl("in development"))
    rij.locator("summary").click()
    expect(rij.locator("details")).to_contain_text(TOELICHTING)
    # The trend against February 2022: with Utrecht's "ja" 20 of 23 (87%) now, 75% then.
    expect(page.locator("tr[data-item='aandachtsfunctionaris'] [data-aandeel]")).to_have_text("87%")
    expect(page.locator("tr[data-item='aandachtsfunctionaris'] [data-verschil]")).to_have_text("+12")
    _checked(page, "basisniveau-06-regionaal-regisseur")

    # 5. The February 2022 measurement: the seed-002 dashboard.
    page.goto(f"{live_server.url}/basisniveau/{mn_2022.pk}/")
    expect(page.locator(".bn-respons")).to_contain_text("72%")
    verwacht = {"aandachtsfunctionaris": "75%", "beleid": "60%", "aard_en_omvang": "14%", "vormen": "25%",
                "training": "32%", "gegevensuitwisseling": "25%", "partners": "75%"}
    for item, tekst in verwacht.items():
        expect(page.locator(f"tr[data-item='{item}'] [data-aandeel]")).to_have_text(tekst)
    expect(page.locator("[data-gemeente]")).to_have_count(39)
    _checked(page, "basisniveau-07-februari-2022-regisseur")
    _uitloggen(page)

    # 6. The portefeuillehouder: the same figures, no answers per gemeente.
    login(page, live_server, "burgemeester@midden-nederland.example")
    nav.get_by_role("link", name=nl("Basic level")).click()
    page.locator(f"[data-meting='{mn_2022.pk}']").get_by_role("link").first.click()
    expect(page.locator("tr[data-item='training'] [data-aandeel]")).to_have_text("32%")
    expect(page.locator("[data-gemeente]")).to_have_count(0)
    _checked(page, "basisniveau-08-februari-2022-portefeuillehouder")
