"""The signal lists in a real browser: the Twente ketenregisseur filters, sorts and exports "Signalen"; the Enschede
coordinator opens "Mijn signalen"; both start pages. axe-core finds nothing on any of these pages.

Labels are looked up through the catalogue (``nl()``), so the test holds before and after the translations merge.
"""
import re

import pytest
from django.utils import translation

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def label(choice):
    with translation.override("nl"):
        return str(choice.label)


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from signalen import demo

    settings.PROTECTED_FILES_ROOT = tmp_path
    # The demo accounts and tables, and the demo signals (the cases, meetings and reports are not needed here).
    call_command("seed_demo", "--zonder-signalen", verbosity=0, stdout=open("/dev/null", "w"))
    demo.seed({u.email: u for u in get_user_model().objects.all()})


def _main_text(page):
    return page.locator("main").inner_text()


def test_the_twente_regisseur_filters_sorts_and_exports_the_signals(seeded, live_server, page):
    from partners.models import User
    from signalen.models import Signaal, Status, Urgentie
    from signalen.selectors import signalen_visible_for
    from tafels.models import Gemeente

    regisseur = User.objects.get(email="regisseur@twente.example")
    zichtbaar = signalen_visible_for(regisseur)
    login(page, live_server, "regisseur@twente.example")

    # The start page: the waiting signals, most urgent first and then oldest (issue 18), with a link to all.
    from signalen.selectors import urgentie_rang

    block = page.locator("section.start-block--signalen_beoordelen")
    wachtend = zichtbaar.filter(status__in=[Status.INGEDIEND, Status.IN_BEHANDELING])
    assert block.locator("tbody tr").count() == min(5, wachtend.count())
    eerste = wachtend.order_by(urgentie_rang(), "ingediend_op", "pk").first()
    assert block.locator("tbody tr").first.inner_text().startswith(eerste.referentie)
    screenshot(page, "signalen-start-ketenregisseur")
    assert axe_violations(page) == []

    page.get_by_role("navigation", name=nl("Main menu")).get_by_role("link", name=nl("Signals"), exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == nl("Signals")
    rows = page.locator("tbody tr[data-signaal]")
    assert rows.count() == min(25, zichtbaar.count())
    main = _main_text(page)
    for utrecht in Signaal.objects.filter(gemeente__naam="Utrecht").exclude(referentie=None):
        assert utrecht.referentie not in main
    assert "Utrecht (" not in main
    screenshot(page, "signalen-lijst")
    assert axe_violations(page) == []

    # Filter: being assessed, in Enschede. The counts next to the choices are those of the visible rows.
    in_behandeling = zichtbaar.filter(status=Status.IN_BEHANDELING).count()
    checkbox = page.get_by_label(f"{label(Status.IN_BEHANDELING)} ({in_behandeling})", exact=True)
    checkbox.check()
    enschede = Gemeente.objects.get(naam="Enschede")
    aantal_enschede = zichtbaar.filter(gemeente=enschede).count()
    gemeente = page.get_by_label(nl("Municipality"), exact=True)
    gemeente.select_option(label=f"Enschede ({aantal_enschede})")
    page.get_by_role("button", name=nl("Apply filter")).click()
    page.wait_for_load_state()
    assert "status=in_behandeling" in page.url and f"gemeente={enschede.pk}" in page.url
    verwacht = zichtbaar.filter(status=Status.IN_BEHANDELING, gemeente=enschede)
    assert rows.count() == verwacht.count() > 0
    for i in range(rows.count()):
        text = rows.nth(i).inner_text()
        assert "Enschede" in text and label(Status.IN_BEHANDELING) in text
    assert page.get_by_label(re.compile(rf"^{re.escape(label(Status.IN_BEHANDELING))} \(\d+\)$")).is_checked()
    # Under the municipality filter, the status counts are Enschede's.
    ingediend_enschede = zichtbaar.filter(status=Status.INGEDIEND, gemeente=enschede).count()
    assert page.get_by_label(f"{label(Status.INGEDIEND)} ({ingediend_enschede})", exact=True).count() == 1
    screenshot(page, "signalen-lijst-gefilterd")
    assert axe_violations(page) == []

    # Sort by urgency (most urgent first), the filter stays.
    page.locator("thead").get_by_role("link", name=re.compile(f"^{nl('Urgency')}")).click()
    page.wait_for_load_state()
    assert "sorteer=-urgentie" in page.url and "status=in_behandeling" in page.url
    volgorde = [Signaal.objects.get(pk=int(rows.nth(i).get_attribute("data-signaal"))).urgentie
                for i in range(rows.count())]
    rang = [Urgentie.NORMAAL, Urgentie.HOOG, Urgentie.ZEER_HOOG]
    assert [rang.index(u) for u in volgorde] == sorted((rang.index(u) for u in volgorde), reverse=True)
    assert page.locator('th[aria-sort="descending"]').count() == 1

    export = page.get_by_role("link", name=nl("Export as CSV"))
    href = export.get_attribute("href")
    assert href.startswith("/signalen/export.csv?") and "status=in_behandeling" in href and "sorteer=-urgentie" in href
    with page.expect_download() as download_info:
        export.click()
    inhoud = open(download_info.value.path(), encoding="utf-8-sig").read()
    assert len(inhoud.strip().splitlines()) == 1 + verwacht.count()
    assert all(s.referentie in inhoud for s in verwacht)

    # A search that finds nothing: an empty state, and the filter can be cleared.
    page.goto(f"{live_server.url}/signalen/?q=bestaat-zeker-niet")
    assert page.locator("main .empty-state").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name=nl("Clear filter")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/signalen/")


def test_the_filter_works_without_javascript(seeded, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        from signalen.models import Status

        login(page, live_server, "regisseur@midden-nederland.example")
        page.goto(f"{live_server.url}/signalen/")
        page.get_by_label(re.compile(rf"^{re.escape(label(Status.DOORGEZET))} \(\d+\)$")).check()
        page.get_by_role("button", name=nl("Apply filter")).click()
        assert "status=doorgezet" in page.url
        rows = page.locator("tbody tr[data-signaal]")
        assert rows.count() > 0
        for i in range(rows.count()):
            assert label(Status.DOORGEZET) in rows.nth(i).inner_text()
            assert "Enschede" not in rows.nth(i).inner_text()
    finally:
        context.close()


def test_the_enschede_coordinator_opens_my_signals(seeded, live_server, page):
    from partners.models import User
    from signalen.models import Signaal, Status

    coordinator = User.objects.get(email="coordinator@enschede.example")
    eigen = Signaal.objects.filter(organisatie=coordinator.organisatie).exclude(status=Status.CONCEPT)
    login(page, live_server, "coordinator@enschede.example")

    block = page.locator("section.start-block--mijn_signalen")
    assert block.locator("tbody tr").count() == min(5, eigen.count())
    assert block.get_by_role("button", name=nl("Report a new signal")).is_visible()
    if eigen.filter(status=Status.INFORMATIE_OPGEVRAAGD).exists():
        assert block.locator(".start-vraag").is_visible()
    screenshot(page, "signalen-start-coordinator")
    assert axe_violations(page) == []

    page.get_by_role("navigation", name=nl("Main menu")).get_by_role("link", name=nl("My signals")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == nl("My signals")
    concepten = page.locator("section.mijn-concepten tbody tr")
    assert concepten.count() == Signaal.objects.filter(ingediend_door=coordinator, status=Status.CONCEPT).count() >= 1
    assert concepten.first.get_by_role("link").get_attribute("href").startswith("/signalen/concept/")
    tabel = page.locator("table.signalen-table tbody tr[data-signaal]")
    zichtbaar = Signaal.objects.filter(pk__in=[int(tabel.nth(i).get_attribute("data-signaal"))
                                               for i in range(tabel.count())])
    assert tabel.count() == min(25, eigen.count() + zichtbaar.exclude(organisatie=coordinator.organisatie).count())
    assert set(eigen.values_list("pk", flat=True)) <= set(zichtbaar.values_list("pk", flat=True))
    main = _main_text(page)
    for signaal in eigen:
        assert signaal.omschrijving[:30] not in main  # no descriptions in the list
    assert nl("A question awaits your answer") in main
    screenshot(page, "signalen-mijn-coordinator")
    assert axe_violations(page) == []


def test_hengelo_sees_a_signal_shared_via_the_regiegroep_and_nothing_else_of_enschede(seeded, live_server, page):
    from partners.models import Organisatie
    from signalen.models import Signaal, SignaalDeling

    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")
    gedeeld = set(SignaalDeling.objects.filter(organisatie=hengelo, ingetrokken_op__isnull=True)
                  .values_list("signaal__referentie", flat=True))
    assert gedeeld
    login(page, live_server, "coordinator@hengelo.example")
    page.goto(f"{live_server.url}/signalen/mijn/")
    main = _main_text(page)
    assert all(ref in main for ref in gedeeld)
    for signaal in Signaal.objects.filter(organisatie__naam="Gemeente Enschede").exclude(referentie__in=gedeeld):
        if signaal.referentie:
            assert signaal.referentie not in main
    assert page.locator(".signaal-label", has_text=nl("Shared with your organisation")).count() == len(gedeeld)
    screenshot(page, "signalen-mijn-hengelo-gedeeld")
    assert axe_violations(page) == []
