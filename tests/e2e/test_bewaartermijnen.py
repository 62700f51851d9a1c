"""Issue 17, retention, in a real browser: the beheerder changes a term on "Bewaartermijnen" (a term out of bounds is
refused in Dutch first) and the public privacy statement reads it; the Twente ketenregisseur opens the signals waiting
more than 24 months for a decision, and a held meeting whose case was anonymised by retention (a tombstone: its code,
no link, no content). axe-core finds nothing on any of these pages.

Labels are looked up through the catalogue (``nl()``), so the test holds whatever the English msgid says.
"""
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/beheer/bewaartermijnen/"
BEHEER = "beheer@ketenregie.example"
REGISSEUR = "regisseur@twente.example"
TWENTE = "Casusoverleg Mensenhandel Twente"


def _screenshot(page, naam):
    """A full-page screenshot into $SCREENSHOT_DIR, when it is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"{naam}.png"), full_page=True)


def _checked(page, naam):
    _screenshot(page, naam)
    assert axe_violations(page) == [], naam


def _veld(page, soort):
    """The number field of a kind of rule, found by its Dutch label as a screen reader announces it."""
    from mensenhandel.bewaren.models import SOORTEN, Eenheid

    spec = SOORTEN[soort]
    with translation.override("nl"):
        label = nl("%(kind)s (in %(unit)s)") % {"kind": spec.label, "unit": Eenheid(spec.eenheid).label}
    return page.get_by_label(label, exact=True)


def test_the_beheerder_changes_a_term_and_the_privacy_statement_reads_it(seeded, live_server, page):
    from mensenhandel.bewaren.models import BewaarRun, Bewaartermijn, RunStatus

    BewaarRun.objects.create(status=RunStatus.KLAAR, gestart_op=timezone.now() - timedelta(days=1),
                             klaar_op=timezone.now() - timedelta(days=1),
                             aantallen={"signalen": 3, "casussen": 1, "bijlagen": 2, "concepten": 0})
    login(page, live_server, BEHEER)
    page.goto(f"{live_server.url}{URL}")
    assert page.get_by_role("heading", level=1).inner_text() == nl("Retention periods")
    run = page.locator("tbody tr")
    expect(run).to_have_count(1)
    for regel in ("signalen: 3", "casussen: 1", "bijlagen: 2"):
        assert regel in run.inner_text()
    assert "concepten" not in run.inner_text()  # a zero count is not named
    assert _veld(page, "signaal").input_value() == "12"
    _checked(page, "bewaren-beheer")

    # Out of bounds: the Dutch error summary, the field marked, everything typed still there.
    _veld(page, "signaal").fill("3")
    _veld(page, "concept").fill("20")
    page.get_by_role("button", name=nl("Save the periods")).click()
    page.wait_for_load_state()
    samenvatting = page.locator("#foutoverzicht")
    expect(samenvatting).to_be_visible()
    assert "Nog niet alles is goed ingevuld" in samenvatting.inner_text()
    assert "Kies een termijn van 6 maanden tot en met 12 maanden." in samenvatting.inner_text()
    assert _veld(page, "signaal").input_value() == "3"
    assert _veld(page, "concept").input_value() == "20"
    assert page.locator(".utrecht-form-field--invalid").count() == 1
    assert _veld(page, "signaal").get_attribute("aria-invalid") == "true"
    expect(_veld(page, "signaal")).to_have_accessible_description(
        re.compile("Kies een termijn van 6 maanden tot en met 12 maanden"))
    assert not Bewaartermijn.objects.exists()
    _checked(page, "bewaren-beheer-fout")

    # The summary's link leads to the field.
    samenvatting.get_by_role("link").click()
    assert page.url.endswith("#id_signaal")

    # Within bounds: saved, confirmed, and the privacy statement reads it.
    _veld(page, "signaal").fill("6")
    _veld(page, "concept").fill("30")
    page.get_by_role("button", name=nl("Save the periods")).click()
    page.wait_for_load_state()
    expect(page.get_by_text("De bewaartermijnen zijn opgeslagen")).to_be_visible()
    assert urlsplit(page.url).path == URL  # redirected back to the page (the browser keeps the #fragment)
    expect(page.locator("#foutoverzicht")).to_have_count(0)
    assert _veld(page, "signaal").input_value() == "6"
    assert Bewaartermijn.objects.get(soort="signaal").termijn == 6
    assert not Bewaartermijn.objects.exclude(soort="signaal").exists()  # the unchanged terms stay defaults
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/privacy/")
    termijnen = page.locator("[data-bewaartermijnen]")
    assert "6 maanden" in termijnen.inner_text()
    assert "12 maanden" not in termijnen.inner_text()
    assert "5 jaar" in termijnen.inner_text() and "30 dagen" in termijnen.inner_text()
    _checked(page, "bewaren-privacy")


def test_the_director_sees_the_signal_waiting_more_than_24_months(seeded, live_server, page):
    from partners.models import User
    from signalen.models import Signaal
    from tests.signalen.test_access import maak_signaal

    enschede = User.objects.get(email="coordinator@enschede.example")
    oud, jong = maak_signaal(enschede), maak_signaal(enschede)
    Signaal.objects.filter(pk=oud.pk).update(ingediend_op=timezone.now() - timedelta(days=25 * 31))

    login(page, live_server, REGISSEUR)
    page.goto(f"{live_server.url}/signalen/zonder-besluit/")
    assert page.get_by_role("heading", level=1).inner_text() == nl("Signals without a decision")
    rijen = page.locator("tbody tr")
    expect(rijen).to_have_count(1)
    assert rijen.first.get_attribute("data-signaal") == str(oud.pk)
    assert page.locator(f'[data-signaal="{jong.pk}"]').count() == 0
    assert "1 signaal" in page.locator("caption").inner_text()
    link = rijen.first.get_by_role("link", name=Signaal.objects.get(pk=oud.pk).referentie)
    assert link.get_attribute("href") == f"/signalen/{oud.pk}/"
    _checked(page, "bewaren-zonder-besluit")


def test_a_held_meeting_shows_a_case_removed_by_retention_as_a_tombstone(seeded, live_server, page):
    from casusoverleg.models import Agendapunt, AgendapuntSoort, Casus, CasusStatus, OverlegStatus
    from partners.models import User
    from tafels.models import District
    from tests.casusoverleg.test_access import maak_casus, maak_overleg

    regisseur = User.objects.get(email=REGISSEUR)
    twente = District.objects.get(code="TW")
    weg = maak_casus("TW-2020-001", "Enschede", regisseur, district=twente)
    lopend = maak_casus("TW-2026-001", "Hengelo", regisseur, district=twente)
    overleg = maak_overleg(TWENTE, regisseur, dagen=-7)
    Agendapunt.objects.create(overleg=overleg, volgorde=2, soort=AgendapuntSoort.CASUS, casus=weg)
    Agendapunt.objects.create(overleg=overleg, volgorde=3, soort=AgendapuntSoort.CASUS, casus=lopend)
    overleg.deelnemers.update(aanwezig=True)
    overleg.status = OverlegStatus.GEHOUDEN
    overleg.save(update_fields=["status"])
    # What the retention run leaves of a case: its code and what the figures count.
    Casus.objects.filter(pk=weg.pk).update(status=CasusStatus.AFGESLOTEN, afgesloten_op=timezone.now(),
                                           verwijderd_op=timezone.now(), samenvatting="")

    login(page, live_server, REGISSEUR)
    page.goto(f"{live_server.url}/overleggen/{overleg.pk}/")
    item = page.locator(f'[data-agendapunt="{weg.agendapunten.get().pk}"]')
    expect(item.locator(".agenda-punt__verwijderd")).to_have_text("verwijderd volgens bewaartermijn")
    assert item.get_by_role("heading").inner_text() == "Casus TW-2020-001"
    assert item.get_by_role("link").count() == 0
    assert page.locator(f'a[href="/casussen/{weg.pk}/"]').count() == 0
    assert "Vermoedelijke arbeidsuitbuiting" not in item.inner_text()
    # The case that is still there keeps its link and summary.
    levend = page.locator(f'[data-agendapunt="{lopend.agendapunten.get().pk}"]')
    assert levend.get_by_role("link", name="Casus TW-2026-001").is_visible()
    assert "Vermoedelijke arbeidsuitbuiting" in levend.inner_text()
    _checked(page, "bewaren-overleg")
