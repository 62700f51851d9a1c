"""Issue 18, inviting in a real browser: the ketenregisseur invites a municipality for a case item by ticking it
(nothing is ticked in advance), reads which organisations will see the item, confirms; and invites a guest for the
meeting's central theme, marked confidential. axe-core finds nothing on the pages; screenshots into $SCREENSHOT_DIR.
"""
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.conftest import axe_violations, login
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISSEUR = "regisseur@twente.example"
TWENTE = "Casusoverleg Mensenhandel Twente"


def _checked(page, naam):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{naam}.png"), full_page=True)
    assert axe_violations(page) == [], naam


def test_inviting_for_a_case_item_and_a_theme_item(seeded, live_server, page):
    from django.contrib.auth import get_user_model

    from casusoverleg.models import AgendapuntSoort, Overleg, Uitnodiging
    from casusoverleg.services import agenda
    from casusoverleg.services import casussen as casus_services
    from partners.models import Organisatie
    from tafels.models import Gemeente, Tafel

    regisseur = get_user_model().objects.get(email=REGISSEUR)
    tafel = Tafel.objects.get(naam=TWENTE)
    begint = timezone.now() + timedelta(days=20)
    overleg = Overleg.objects.create(tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2),
                                     locatie="Stadhuis", voorzitter=tafel.voorzitter, aangemaakt_door=regisseur,
                                     doel="Gezamenlijke aanpak van de casussen.")
    for lid in tafel.leden.all():
        overleg.deelnemers.create(organisatie=lid.organisatie, deelnemer=lid.deelnemer, mailbox=lid.mailbox)
    casus = casus_services.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Hengelo")], vormen=[],
                                      samenvatting="Arbeidsuitbuiting bij een uitzendbureau.")
    punt = agenda.add_casus(overleg, regisseur, casus)
    thema = agenda.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Thema: arbeidsmigratie")

    login(page, live_server, REGISSEUR)
    page.goto(f"{live_server.url}/overleggen/punten/{punt.pk}/uitnodigen/")
    vinkje = page.get_by_label("Gemeente Hengelo", exact=False)
    assert not vinkje.is_checked()
    _checked(page, "uitnodigen-casuspunt")
    vinkje.check()
    page.get_by_role("button", name=nl("Invite"), exact=True).click()
    page.wait_for_load_state()
    assert nl("These organisations will see this case item:") in page.content()
    assert not Uitnodiging.objects.filter(agendapunt=punt).exists()
    _checked(page, "uitnodigen-bevestigen")
    page.get_by_role("button", name=nl("Confirm and invite")).click()
    page.wait_for_load_state()
    assert Uitnodiging.objects.filter(agendapunt=punt, organisatie__naam="Gemeente Hengelo").exists()

    page.goto(f"{live_server.url}/overleggen/punten/{thema.pk}/uitnodigen/")
    page.get_by_label(nl("Guest organisation")).select_option(
        str(Organisatie.objects.get(naam="Gemeente Almelo").pk))
    page.get_by_label(nl("Guests accept the confidentiality declaration before they see this item")).check()
    _checked(page, "uitnodigen-thema")
    page.get_by_role("button", name=nl("Invite"), exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name=nl("Confirm and invite")).click()
    page.wait_for_load_state()
    assert Uitnodiging.objects.filter(agendapunt=thema, organisatie__naam="Gemeente Almelo").exists()
    page.goto(f"{live_server.url}/overleggen/{overleg.pk}/#punt-{thema.pk}")
    assert nl("Guests for this item") in page.content()
    _checked(page, "uitnodigen-overleg")
