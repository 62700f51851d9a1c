"""Tables as the regions run them (issue 21), in a real browser with axe-core finding nothing:

- the region's ketenregisseur opens the regional table, its planned meeting and the overview of coordinators per
  gemeente (filter, second page);
- the standing member for the Twente gemeenten opens a Twente meeting: the general and theme items, a closed item it
  is invited for, the declaration, then that item and never the other case;
- the beheerder chooses a werkgebied on the overview.
"""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl
from tests.tafels.regio21 import regio_wereld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OOST = "regisseur@oost-nederland.example"
LID = "regiegroep@oldenzaal.example"
REGIO_TAFEL = "Regionale Tafel Mensenhandel Oost-Nederland"


def test_the_region_ketenregisseur_with_the_regional_table_and_the_coordinators(seeded, live_server, page):
    from casusoverleg import demo_regio
    from partners.models import User
    from tafels.models import Tafel

    overleg = demo_regio.seed(regio_wereld({u.email: u for u in User.objects.all()}))
    login(page, live_server, OOST)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Tafels").click()
    page.get_by_role("link", name=REGIO_TAFEL).click()
    main = page.inner_text("main")
    assert "Gert-Jan Wolters" in main  # the chair
    assert axe_violations(page) == []
    screenshot(page, "regionale-tafel")

    page.goto(f"{live_server.url}{reverse('casusoverleg:overleg', kwargs={'pk': overleg.pk})}")
    assert demo_regio.THEMA in page.inner_text("main")
    assert axe_violations(page) == []
    screenshot(page, "regionale-tafel-overleg")

    page.goto(f"{live_server.url}{reverse('tafels:lijst')}")
    page.get_by_role("link", name=nl("Which municipalities have a coordinator")).click()
    assert page.get_by_role("heading", level=1).inner_text() == nl("Coordinators per municipality")
    telling = page.locator("[data-totaal]")
    assert telling.get_attribute("data-met") == "3"
    assert page.locator("tr[data-gemeente]").count() == 50
    assert axe_violations(page) == []
    screenshot(page, "coordinatoren-regio")
    page.get_by_role("link", name=nl("Next page")).click()
    assert page.locator("tr[data-gemeente]").count() == int(telling.get_attribute("data-totaal") or 0) - 50
    page.get_by_role("link", name=nl("Without a coordinator (%(aantal)s)") % {"aantal": telling.get_attribute(
        "data-zonder")}).click()
    assert page.locator("tr[data-coordinatoren='0']").count() == page.locator("tr[data-gemeente]").count() > 0
    assert "Enschede" not in page.inner_text("table")
    assert axe_violations(page) == []
    screenshot(page, "coordinatoren-zonder")
    assert Tafel.objects.get(naam=REGIO_TAFEL).overleggen.count() == 1


def test_the_standing_member_sees_the_general_items_and_the_invited_case_after_the_declaration(
        seeded, live_server, page):
    from casusoverleg.models import AgendapuntSoort, Casus
    from casusoverleg.services import agenda, overleggen
    from partners.models import Organisatie, User
    from tafels.models import District, Gemeente, Tafel

    regio_wereld({u.email: u for u in User.objects.all()})
    regisseur = User.objects.get(email="regisseur@twente.example")
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    begint = timezone.now() + timedelta(days=10)
    overleg = overleggen.schedule(tafel, regisseur, begint=begint, eindigt=begint + timedelta(hours=2),
                                  locatie="Stadhuis Enschede", doel="Gezamenlijke aanpak van de casussen.")
    twente = District.objects.get(code="TW")
    casussen = {}
    for code, gemeente in (("TW-2026-301", "Oldenzaal"), ("TW-2026-302", "Enschede")):
        casus = Casus.objects.create(code=code, district=twente, regio=twente.regio, eigenaar=regisseur,
                                     samenvatting="Vermoedelijke seksuele uitbuiting in een woning.")
        casus.gemeenten.set([Gemeente.objects.get(naam=gemeente)])
        casussen[code] = agenda.add_casus(overleg, regisseur, casus)
    agenda.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Thema: vergunningverlening")
    agenda.invite(casussen["TW-2026-301"], regisseur, Organisatie.objects.get(naam="Gemeente Oldenzaal"),
                  deelnemer=User.objects.get(email=LID))

    login(page, live_server, LID)
    page.goto(f"{live_server.url}{reverse('casusoverleg:overleg', kwargs={'pk': overleg.pk})}")
    main = page.inner_text("main")
    assert "Thema: vergunningverlening" in main
    assert "TW-2026-301" not in main and "TW-2026-302" not in main
    assert axe_violations(page) == []
    screenshot(page, "vast-lid-voor-verklaring")

    page.goto(f"{live_server.url}{reverse('casusoverleg:verklaring', kwargs={'pk': overleg.pk})}")
    page.locator("main form input[type=checkbox]").check()
    page.get_by_role("button", name=nl("Accept the declaration")).click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "TW-2026-301" in main and "TW-2026-302" not in main
    assert axe_violations(page) == []
    screenshot(page, "vast-lid-na-verklaring")

    page.goto(f"{live_server.url}{reverse('tafels:detail', kwargs={'pk': tafel.pk})}")
    assert nl("General and theme items; a case item only when invited for it") in page.inner_text("main")
    assert axe_violations(page) == []
    screenshot(page, "tafel-vast-lid")


def test_the_beheerder_chooses_a_werkgebied_on_the_overview(seeded, live_server, page):
    login(page, live_server, "beheer@ketenregie.example")
    page.goto(f"{live_server.url}{reverse('tafels:coordinatoren')}")
    assert axe_violations(page) == []
    page.get_by_label(nl("District or region")).select_option(label="Twente")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("tr[data-gemeente]").count() == 14
    assert "Joris Brinkhuis" in page.inner_text("table")
    assert axe_violations(page) == []
    screenshot(page, "coordinatoren-beheerder")
