"""During the meeting, in Chromium: on a final agenda of the Twente casusoverleg the ketenregisseur records a decision
and an action for Politie Oost-Nederland due in two weeks, inline (htmx, the keyboard focus following the forms),
changes the decision, and meets a colleague's save in between (both versions shown, nothing lost). The chair sees
the decisions and actions read-only. Without JavaScript the same links open full-page forms. axe-core on every state.
"""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWENTE = "Casusoverleg Mensenhandel Twente"
BESLUIT = "De politie start een strafrechtelijk onderzoek naar het uitzendbureau."
ACTIE = "Verhoor van de uitzendkrachten in de loods aan de Industrieweg."


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def _focus(page):
    return page.evaluate("() => document.activeElement && (document.activeElement.id || document.activeElement.className)")


def _rust(page):
    """Wait until htmx has swapped and settled."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


@pytest.fixture
def vergadering(seeded):
    from django.contrib.auth import get_user_model

    from casusoverleg.models import Agendapunt, AgendapuntSoort, OverlegStatus
    from casusoverleg.services import verslag as services
    from tests.casusoverleg.test_agenda import plan, twente_casus

    regisseur = get_user_model().objects.get(email="regisseur@twente.example")
    overleg = plan(TWENTE, regisseur, dagen=0, status=OverlegStatus.AGENDA_DEFINITIEF)
    casus = twente_casus("TW-2026-041", "Hengelo", regisseur)
    punt = Agendapunt.objects.create(overleg=overleg, volgorde=3, soort=AgendapuntSoort.CASUS, casus=casus)
    Agendapunt.objects.filter(overleg=overleg, soort=AgendapuntSoort.RONDVRAAG).update(volgorde=4)
    opening = overleg.agendapunten.get(soort=AgendapuntSoort.OPENING)
    services.save_notities(opening, regisseur, notities="Iedereen welkom; de politie schuift later aan.", versie=1)
    return {"overleg": overleg, "punt": punt, "regisseur": regisseur, "casus": casus}


def test_recording_a_decision_and_an_action_inline_and_without_javascript(vergadering, live_server, page, browser):
    from casusoverleg.models import Actie, ActieStatus, Besluit
    from casusoverleg.services import verslag as services

    overleg, punt = vergadering["overleg"], vergadering["punt"]
    url = f"{live_server.url}{reverse('casusoverleg:overleg', kwargs={'pk': overleg.pk})}"
    meldingen = []  # htmx reports misconfigured attributes as console warnings
    page.on("console", lambda bericht: meldingen.append(bericht.text) if bericht.type in ("error", "warning") else None)
    login(page, live_server, "regisseur@twente.example")
    page.goto(f"{url}#punt-{punt.pk}")
    blok = page.locator(f"#verslag-{punt.pk}")
    expect(blok).to_be_visible()
    _checked(page, "verslag-01-agenda-definitief")

    # A decision: the link opens the form in place, the focus goes into it, saving brings the list back.
    blok.get_by_role("link", name=nl("Add a decision")).click()
    tekstvak = page.locator(f"#id_nieuw-besluit-{punt.pk}-tekst")
    expect(tekstvak).to_be_focused()
    _checked(page, "verslag-02-besluit-formulier")
    page.keyboard.type(BESLUIT)
    blok.get_by_role("button", name=nl("Record decision")).click()
    _rust(page)
    expect(blok.locator(".verslag-besluit")).to_have_count(1)
    expect(blok.locator(".verslag-besluit__tekst")).to_have_text(BESLUIT)
    expect(blok.get_by_role("link", name=nl("Add a decision"))).to_be_focused()
    expect(page.locator(f"#verslag-melding-{punt.pk}")).to_contain_text(nl("Decision recorded at %(tijd)s.")[:8])
    assert Besluit.objects.get().tekst == BESLUIT

    # An action for Politie Oost-Nederland, due in two weeks; choosing the organisation narrows the people.
    blok.get_by_role("link", name=nl("Add an action")).click()
    p = f"nieuw-actie-{punt.pk}"
    expect(page.locator(f"#id_{p}-omschrijving")).to_be_focused()
    page.keyboard.type(ACTIE)
    page.select_option(f"#id_{p}-soort", "strafrechtelijk")
    deadline = timezone.localdate() + timedelta(days=14)
    page.fill(f"#id_{p}-deadline", deadline.isoformat())
    page.select_option(f"#id_{p}-organisatie", label="Politie Oost-Nederland")
    _rust(page)
    expect(page.locator(f"#id_{p}-verantwoordelijke option", has_text="Linda Kamphuis")).to_have_count(0)
    page.select_option(f"#id_{p}-verantwoordelijke", label="Erik Nijhof")
    _checked(page, "verslag-03-actie-formulier")
    blok.get_by_role("button", name=nl("Record action")).click()
    _rust(page)
    expect(blok.locator(".verslag-actie")).to_have_count(1)
    expect(blok.locator(".verslag-actie__wat")).to_have_text(ACTIE)
    expect(blok.get_by_role("link", name=nl("Add an action"))).to_be_focused()
    actie = Actie.objects.get()
    assert actie.organisatie.naam == "Politie Oost-Nederland" and actie.deadline == deadline
    assert actie.verantwoordelijke.email == "politie@oost-nederland.example" and actie.status == ActieStatus.OPEN
    _checked(page, "verslag-04-besluit-en-actie")

    # A refused save keeps the text and shows the summary, with the focus on it.
    blok.get_by_role("link", name=nl("Add a decision")).click()
    blok.get_by_role("button", name=nl("Record decision")).click()
    _rust(page)
    expect(page.locator(f"#nieuw-besluit-{punt.pk}-fouten")).to_be_focused()
    blok.locator(f"#nieuw-besluit-nieuw-{punt.pk}, .verslag-nieuw").get_by_role("link", name=nl("Cancel")).first.click()
    _rust(page)
    expect(blok.get_by_role("link", name=nl("Add a decision"))).to_be_focused()

    # Change the decision; meanwhile a colleague saves it: both versions, the own text kept, the new version.
    besluit = Besluit.objects.get()
    blok.locator(f"#besluit-{besluit.pk}").get_by_role("link", name=nl("Change")).click()
    veld = page.locator(f"#id_besluit-{besluit.pk}-tekst")
    expect(veld).to_be_focused()
    services.update_besluit(besluit, vergadering["regisseur"], versie=1,
                            tekst="De politie start een onderzoek; het RIEC levert informatie aan.")
    veld.fill("De politie en de inspectie starten samen een onderzoek.")
    blok.get_by_role("button", name=nl("Save decision")).click()
    _rust(page)
    conflict = page.locator(f"#besluit-{besluit.pk}-conflict")
    expect(conflict).to_be_focused()
    expect(blok.locator(".verslag-versie--opgeslagen")).to_contain_text("het RIEC levert informatie aan")
    expect(veld).to_have_value("De politie en de inspectie starten samen een onderzoek.")
    _checked(page, "verslag-05-conflict")
    blok.get_by_role("button", name=nl("Save decision")).click()  # deliberately over the colleague's version
    _rust(page)
    expect(blok.locator(".verslag-besluit__tekst")).to_have_text("De politie en de inspectie starten samen een onderzoek.")
    besluit.refresh_from_db()
    assert besluit.versie == 3
    expect(blok.locator(f"#besluit-{besluit.pk}").get_by_role("link", name=nl("Change"))).to_be_focused()

    # Minutes of the item.
    blok.get_by_role("link", name=nl("Write minutes")).click()
    expect(page.locator(f"#id_notities-{punt.pk}-notities")).to_be_focused()
    page.keyboard.type("Politie en NLA zien samenhang met een eerder signaal uit Enschede.")
    blok.get_by_role("button", name=nl("Save minutes")).click()
    _rust(page)
    expect(blok.locator(".verslag-notities__tekst")).to_contain_text("samenhang met een eerder signaal")

    # The action's form, status included; "Cancel" brings the read view back with the focus on "Change".
    wijzig = blok.locator(f"#actie-{actie.pk}").get_by_role("link", name=nl("Change"))
    wijzig.click()
    expect(page.locator(f"#id_actie-{actie.pk}-omschrijving")).to_be_focused()
    expect(page.locator(f"#id_actie-{actie.pk}-status option")).to_have_count(4)  # open, and where it may go
    _checked(page, "verslag-06-actie-wijzigen")
    blok.locator(f"#actie-{actie.pk}").get_by_role("link", name=nl("Cancel")).click()
    _rust(page)
    expect(blok.locator(f"#actie-{actie.pk}").get_by_role("link", name=nl("Change"))).to_be_focused()

    page.reload()
    page.locator(f"#punt-{punt.pk}").scroll_into_view_if_needed()
    _checked(page, "verslag-07-na-herladen")

    assert meldingen == []

    # The full-page form on its own (what a browser without JavaScript gets), checked by axe.
    page.goto(f"{live_server.url}{reverse('casusoverleg:actie_toevoegen', kwargs={'pk': punt.pk})}")
    _checked(page, "verslag-08-actie-volledige-pagina")

    # The chair sees the decisions and actions, without anything to change and without the minutes.
    voorzitter = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    chair = voorzitter.new_page()
    login(chair, live_server, "burgemeester@twente.example")
    chair.goto(f"{url}#punt-{punt.pk}")
    chair_blok = chair.locator(f"#verslag-{punt.pk}")
    expect(chair_blok.locator(".verslag-besluit")).to_have_count(1)
    expect(chair_blok.locator(".verslag-actie")).to_have_count(1)
    expect(chair_blok.get_by_role("link", name=nl("Change"))).to_have_count(0)
    expect(chair.locator(".verslag-notities")).to_have_count(0)
    _checked(chair, "verslag-09-voorzitter")
    voorzitter.close()

    # Without JavaScript: the links are real links to full pages that redirect back to the item.
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport={"width": 1280, "height": 900})
    zonder = context.new_page()
    zonder.set_default_timeout(15000)
    login(zonder, live_server, "regisseur@twente.example")
    zonder.goto(f"{url}#punt-{punt.pk}")
    zonder.locator(f"#verslag-{punt.pk}").get_by_role("link", name=nl("Add a decision")).click()
    expect(zonder.get_by_role("heading", level=1)).to_have_text(nl("Add a decision"))
    zonder.locator(f"#id_nieuw-besluit-{punt.pk}-tekst").fill("Zonder JavaScript vastgelegd.")
    zonder.get_by_role("button", name=nl("Record decision")).click()
    zonder.wait_for_load_state()
    assert zonder.url.endswith(f"#punt-{punt.pk}")
    expect(zonder.locator(".messages")).to_contain_text(nl("Decision recorded at %(tijd)s.")[:8])
    expect(zonder.locator(f"#verslag-{punt.pk} .verslag-besluit")).to_have_count(2)
    screenshot(zonder, "verslag-10-zonder-javascript")
    context.close()
    assert Besluit.objects.count() == 2
