"""The second half of journey 1 end to end in Chromium (issue 7): during a meeting of the Twente casusoverleg the
ketenregisseur records a decision and two actions on a case item, inline (htmx): one for Politie Oost-Nederland due
in two weeks, one for the Nederlandse Arbeidsinspectie. The police officer finds the first under "Mijn acties",
reports back and marks it done; the ketenregisseur sees it done in Actiebewaking, the other one still open; and the
next meeting of the table, scheduled through the UI, proposes the case with its open action. axe-core on every page.

The case and the meeting (agenda final, so it can be recorded) are made through the services; jobs run in-process.
"""
import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWENTE = "Casusoverleg Mensenhandel Twente"
POLITIE = "Politie Oost-Nederland"
NLA = "Nederlandse Arbeidsinspectie"
SAMENVATTING = "Werknemers van een uitzendbureau wonen met te veel mensen in een loods bij het bedrijf."
BESLUIT = "De politie start een strafrechtelijk onderzoek naar het uitzendbureau."
ACTIE_POLITIE = "Verhoor van de uitzendkrachten in de loods aan de Industrieweg."
ACTIE_NLA = "Inspectie van de loonadministratie van het uitzendbureau."
TERUGKOPPELING = "Twaalf uitzendkrachten zijn gehoord; het proces-verbaal ligt bij het OM."
PLAATS = "Stadhuis Enschede, zaal 2.14"


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def _rust(page):
    """Wait until htmx has swapped and settled."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def _datum(dag):
    with translation.override("nl"):
        return formats.date_format(dag, "j F Y")


def _nieuw_venster(browser):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def vergadering(seeded):
    """A Twente case, on the final agenda of a meeting of the Twente casusoverleg that began an hour ago."""
    from casusoverleg import selectors
    from casusoverleg.services import agenda, casussen, overleggen
    from partners.models import User
    from signalen.models import Vorm
    from tafels.models import Gemeente, Tafel

    regisseur = User.objects.get(email="regisseur@twente.example")
    casus = casussen.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Hengelo")],
                                vormen=[Vorm.objects.get(code="arbeid")], samenvatting=SAMENVATTING)
    begint = timezone.now() - timedelta(hours=1)
    overleg = overleggen.schedule(Tafel.objects.get(naam=TWENTE), regisseur, begint=begint,
                                  eindigt=begint + timedelta(hours=2), locatie=PLAATS,
                                  doel="Gezamenlijke aanpak van de casussen op de agenda.")
    punt = agenda.add_casus(overleg, regisseur, casus)
    overleg = agenda.finalise(overleg, regisseur)
    politie = User.objects.get(email="politie@oost-nederland.example")
    return {"overleg": overleg, "punt": punt, "casus": casus, "regisseur": regisseur,
            "politie_ziet_casus": selectors.casussen_visible_for(politie).filter(pk=casus.pk).exists()}


def test_journey_decisions_actions_feedback_and_follow_up(vergadering, live_server, page, browser):
    from casusoverleg.models import Actie, ActieStatus, Besluit, Overleg

    overleg, punt, casus = vergadering["overleg"], vergadering["punt"], vergadering["casus"]
    nav = page.get_by_role("navigation", name=nl("Main menu"))

    # 1. The ketenregisseur opens the meeting from the list of meetings; the case item can be recorded.
    login(page, live_server, "regisseur@twente.example")
    nav.get_by_role("link", name=nl("Meetings")).click()
    _checked(page, "acties-01-overleggen")
    page.locator(f"[data-overleg='{overleg.pk}']").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/overleggen/{overleg.pk}/$"))
    blok = page.locator(f"#verslag-{punt.pk}")
    expect(page.locator(f"#punt-{punt.pk}")).to_contain_text(casus.code)
    expect(blok).to_be_visible()
    blok.scroll_into_view_if_needed()
    _checked(page, "acties-02-overleg-agenda-definitief")

    # 2. A decision, inline.
    blok.get_by_role("link", name=nl("Add a decision")).click()
    expect(page.locator(f"#id_nieuw-besluit-{punt.pk}-tekst")).to_be_focused()
    page.keyboard.type(BESLUIT)
    blok.get_by_role("button", name=nl("Record decision")).click()
    _rust(page)
    expect(blok.locator(".verslag-besluit__tekst")).to_have_text(BESLUIT)
    assert Besluit.objects.get(agendapunt=punt).tekst == BESLUIT

    # 3. An action for Politie Oost-Nederland (Erik Nijhof), due in two weeks.
    blok.get_by_role("link", name=nl("Add an action")).click()
    p = f"nieuw-actie-{punt.pk}"
    expect(page.locator(f"#id_{p}-omschrijving")).to_be_focused()
    page.keyboard.type(ACTIE_POLITIE)
    page.select_option(f"#id_{p}-soort", "strafrechtelijk")
    over_twee_weken = timezone.localdate() + timedelta(days=14)
    page.fill(f"#id_{p}-deadline", over_twee_weken.isoformat())
    page.select_option(f"#id_{p}-organisatie", label=POLITIE)
    _rust(page)
    page.select_option(f"#id_{p}-verantwoordelijke", label="Erik Nijhof")
    _checked(page, "acties-03-actie-politie-formulier")
    blok.get_by_role("button", name=nl("Record action")).click()
    _rust(page)
    expect(blok.locator(".verslag-actie")).to_have_count(1)
    expect(blok.get_by_role("link", name=nl("Add an action"))).to_be_focused()
    politie_actie = Actie.objects.get(omschrijving=ACTIE_POLITIE)
    assert politie_actie.organisatie.naam == POLITIE and politie_actie.deadline == over_twee_weken
    assert politie_actie.casus_id == casus.pk and politie_actie.agendapunt_id == punt.pk
    assert politie_actie.status == ActieStatus.OPEN

    # 4. A second action, for the labour inspectorate without a named person: it will stay open.
    blok.get_by_role("link", name=nl("Add an action")).click()
    expect(page.locator(f"#id_{p}-omschrijving")).to_be_focused()
    page.keyboard.type(ACTIE_NLA)
    page.select_option(f"#id_{p}-soort", "arbeidsrechtelijk")
    page.fill(f"#id_{p}-deadline", (timezone.localdate() + timedelta(days=21)).isoformat())
    page.select_option(f"#id_{p}-organisatie", label=NLA)
    _rust(page)
    blok.get_by_role("button", name=nl("Record action")).click()
    _rust(page)
    acties = blok.locator(".verslag-actie")
    expect(acties).to_have_count(2)
    nla_actie = Actie.objects.get(omschrijving=ACTIE_NLA)
    assert nla_actie.organisatie.naam == NLA and nla_actie.verantwoordelijke_id is None
    politie_blok, nla_blok = blok.locator(f"#actie-{politie_actie.pk}"), blok.locator(f"#actie-{nla_actie.pk}")
    expect(politie_blok.locator(".verslag-actie__wat")).to_have_text(ACTIE_POLITIE)
    expect(politie_blok).to_contain_text(f"{POLITIE} (Erik Nijhof)")
    expect(politie_blok).to_contain_text(_datum(over_twee_weken))
    expect(politie_blok.locator(".verslag-status")).to_have_text(nl("open"))
    expect(nla_blok.locator(".verslag-actie__wat")).to_have_text(ACTIE_NLA)
    expect(nla_blok).to_contain_text(NLA)

    # Both still there after a reload (not only in the swapped fragment).
    page.reload()
    blok.scroll_into_view_if_needed()
    expect(blok.locator(".verslag-besluit__tekst")).to_have_text(BESLUIT)
    expect(blok.locator(".verslag-actie")).to_have_count(2)
    _checked(page, "acties-04-besluit-en-twee-acties")

    # 5. The police officer finds the action under "Mijn acties", opens it, reports back and marks it done.
    politie = _nieuw_venster(browser)
    try:
        login(politie, live_server, "politie@oost-nederland.example")
        _checked(politie, "acties-05-start-politie")
        politie.get_by_role("navigation", name=nl("Main menu")).get_by_role("link", name=nl("My actions")).click()
        expect(politie.locator("h1")).to_have_text(nl("My actions"))
        rij = politie.locator(f"tr[data-actie='{politie_actie.pk}']")
        expect(rij).to_contain_text(ACTIE_POLITIE)
        expect(rij).to_contain_text(nl("Assigned to you"))
        expect(rij.locator(".acties-table__casus")).to_have_text(
            casus.code if vergadering["politie_ziet_casus"] else "—")
        expect(politie.locator(f"tr[data-actie='{nla_actie.pk}']")).to_have_count(0)  # not the police's action
        _checked(politie, "acties-06-mijn-acties-politie")
        rij.get_by_role("link", name=ACTIE_POLITIE).click()
        expect(politie.locator("h1")).to_have_text(nl("Action"))
        expect(politie.locator(".actie-wat")).to_contain_text(ACTIE_POLITIE)
        _checked(politie, "acties-07-actie-politie")
        paneel = politie.locator("#terugkoppelen")
        paneel.get_by_label(nl("Feedback"), exact=True).fill(TERUGKOPPELING)
        paneel.get_by_label(nl("Mark the action as done")).check()
        _checked(politie, "acties-08-terugkoppeling-ingevuld")
        paneel.get_by_role("button", name=nl("Save feedback")).click()
        expect(politie.locator(".messages")).to_contain_text(
            nl("Your feedback has been saved and the action is marked as done."))
        expect(politie.locator(".actie-badges [data-status]")).to_have_attribute("data-status", ActieStatus.GEREED)
        expect(politie.locator(".actie-terugkoppeling")).to_contain_text(TERUGKOPPELING)
        _checked(politie, "acties-09-actie-gereed")
        politie_actie.refresh_from_db()
        assert politie_actie.status == ActieStatus.GEREED and politie_actie.terugkoppeling == TERUGKOPPELING

        # Done actions leave the default (open) list of Mijn acties.
        politie.get_by_role("navigation", name=nl("Main menu")).get_by_role("link", name=nl("My actions")).click()
        expect(politie.locator(f"tr[data-actie='{politie_actie.pk}']")).to_have_count(0)
        _checked(politie, "acties-10-mijn-acties-na-gereed")
    finally:
        politie.context.close()

    # 6. The ketenregisseur sees it done in Actiebewaking, and the other action still open.
    nav.get_by_role("link", name=nl("Action follow-up")).click()
    expect(page.locator("h1")).to_have_text(nl("Action follow-up"))
    politie_rij = page.locator(f"tr[data-actie='{politie_actie.pk}']")
    nla_rij = page.locator(f"tr[data-actie='{nla_actie.pk}']")
    expect(politie_rij.locator(".actie-status")).to_have_text(nl("done"))
    expect(nla_rij.locator(".actie-status")).to_have_text(nl("open"))
    expect(politie_rij.locator(".acties-table__casus")).to_have_text(casus.code)
    _checked(page, "acties-11-actiebewaking")
    page.get_by_label(nl("Term")).select_option("gereed")
    page.get_by_role("button", name=nl("Apply filter")).click()
    expect(page).to_have_url(re.compile(r"termijn=gereed"))
    expect(politie_rij).to_be_visible()
    expect(nla_rij).to_have_count(0)
    _checked(page, "acties-12-actiebewaking-gereed")
    page.get_by_label(nl("Term")).select_option("open")
    page.get_by_role("button", name=nl("Apply filter")).click()
    expect(page).to_have_url(re.compile(r"termijn=open"))
    expect(nla_rij).to_be_visible()
    expect(politie_rij).to_have_count(0)
    _checked(page, "acties-13-actiebewaking-open")

    # 7. The next meeting of the table, four weeks ahead: its proposals show the case with its open action.
    nav.get_by_role("link", name=nl("Meetings")).click()
    page.get_by_role("link", name=nl("Schedule a meeting")).click()
    page.get_by_label(nl("Table")).select_option(label=TWENTE)
    page.get_by_role("button", name=nl("Next")).click()
    expect(page.locator("h1")).to_have_text(nl("Schedule a meeting"))
    datum = timezone.localdate() + timedelta(days=28)
    page.get_by_label(nl("Date"), exact=True).fill(datum.isoformat())
    page.get_by_label(re.compile(rf"^{re.escape(nl('Place'))}\b")).fill(PLAATS)
    _checked(page, "acties-14-volgend-overleg-plannen")
    page.get_by_role("button", name=nl("Schedule meeting")).click()
    expect(page).to_have_url(re.compile(r"/overleggen/\d+/$"))
    volgend = Overleg.objects.exclude(pk=overleg.pk).get(tafel__naam=TWENTE)
    assert timezone.localtime(volgend.begint).date() == datum
    expect(page).to_have_url(re.compile(rf"/overleggen/{volgend.pk}/$"))
    voorstel = page.locator(f"[data-voorstel='{casus.pk}']")
    expect(page.get_by_role("heading", name=nl("Proposed for the agenda"))).to_be_visible()
    expect(voorstel).to_contain_text(casus.code)
    expect(voorstel.locator(".agenda-reden--acties")).to_be_visible()
    expect(voorstel.locator(".agenda-actie")).to_have_count(1)
    expect(voorstel.locator(".agenda-actie")).to_contain_text(ACTIE_NLA)
    expect(voorstel.locator(".agenda-actie")).to_contain_text(NLA)
    expect(voorstel).not_to_contain_text(ACTIE_POLITIE)  # done: no longer carried over
    voorstel.scroll_into_view_if_needed()
    _checked(page, "acties-15-volgend-overleg-voorstel")
