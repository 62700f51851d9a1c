"""During the meeting: the minutes, decisions and actions per agenda item, typed live by the managing ketenregisseur.

The Twente casusoverleg has a final agenda with a case item (the Hengelo case) and its general items; its standing
members (RIEC, OM, police, NLA, ...) see the case item, the chair (burgemeester@twente) sees the items but not the
case as such, Gemeente Enschede is no member and sees nothing of it. Changes go through ``services.verslag``; the
views answer htmx with a fragment and work as full pages without JavaScript.
"""
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Agendapunt,
    AgendapuntSoort,
    Besluit,
    CasusGebeurtenis,
    CasusHistorie,
    Overleg,
    OverlegStatus,
)
from casusoverleg.services import verslag as services
from casusoverleg.services.versie import Conflict
from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Organisatie
from tests.access import assert_has_access, assert_no_access
from tests.casusoverleg.test_access import TWENTE
from tests.casusoverleg.test_agenda import plan, twente_casus
from tests.i18n import nl

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
REGISSEUR = "regisseur@twente.example"
BURGEMEESTER = "burgemeester@twente.example"
POLITIE = "politie@oost-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
REGISSEUR_MN = "regisseur@midden-nederland.example"


def over(dagen):
    return timezone.localdate() + timedelta(days=dagen)


@pytest.fixture
def regisseur(demo):
    return demo[REGISSEUR]


@pytest.fixture
def politie():
    return Organisatie.objects.get(naam="Politie Oost-Nederland")


@pytest.fixture
def overleg(regisseur):
    return plan(TWENTE, regisseur, status=OverlegStatus.AGENDA_DEFINITIEF)


@pytest.fixture
def casus(regisseur):
    return twente_casus("TW-2026-021", "Hengelo", regisseur)


@pytest.fixture
def punt(overleg, casus):
    return Agendapunt.objects.create(overleg=overleg, volgorde=4, soort=AgendapuntSoort.CASUS, casus=casus)


@pytest.fixture
def besluit(punt, regisseur):
    return services.add_besluit(punt, regisseur, tekst="De politie start een onderzoek naar het uitzendbureau.")


@pytest.fixture
def actie(punt, regisseur, politie, demo):
    return services.add_actie(punt, regisseur, omschrijving="Controle op het adres van het uitzendbureau.",
                              soort=ActieSoort.STRAFRECHTELIJK, organisatie=politie,
                              verantwoordelijke=demo[POLITIE], deadline=over(14))


def audit_rows(obj, actie):
    return AuditEntry.objects.filter(object_type=f"casusoverleg.{type(obj).__name__.lower()}", object_id=str(obj.pk),
                                     actie=actie)


def overleg_url(overleg):
    return reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})


# --- the services -------------------------------------------------------------------------------------------------


def test_the_manager_records_minutes_a_decision_and_an_action_with_history_and_audit(
        regisseur, punt, casus, politie, demo):
    punt = services.save_notities(punt, regisseur, notities="Besproken: de signalen uit Hengelo.", versie=1)
    assert punt.notities == "Besproken: de signalen uit Hengelo." and punt.versie == 2
    assert audit_rows(punt, AuditActie.CHANGE).exists()

    besluit = services.add_besluit(punt, regisseur, tekst="  Het RIEC maakt een integraal beeld.  ")
    assert besluit.tekst == "Het RIEC maakt een integraal beeld." and besluit.versie == 1
    rij = casus.historie.get(soort=CasusGebeurtenis.BESLUIT)
    assert rij.tekst == besluit.tekst and rij.overleg_id == punt.overleg_id and rij.door == regisseur
    assert audit_rows(besluit, AuditActie.CREATE).exists()

    actie = services.add_actie(punt, regisseur, omschrijving="Bestuurlijke controle.", soort=ActieSoort.BESTUURLIJK,
                               organisatie=politie, verantwoordelijke=demo[POLITIE], deadline=over(14))
    assert actie.casus == casus and actie.agendapunt == punt and actie.status == ActieStatus.OPEN
    assert casus.historie.filter(soort=CasusGebeurtenis.ACTIE, actie=actie).count() == 1
    assert audit_rows(actie, AuditActie.CREATE).exists()
    # No free text in the audit log.
    assert not AuditEntry.objects.filter(omschrijving__icontains="Bestuurlijke").exists()


def test_changes_append_history_and_raise_the_version(regisseur, punt, casus, besluit, actie):
    besluit = services.update_besluit(besluit, regisseur, tekst="Het onderzoek wordt uitgebreid.", versie=1)
    assert besluit.versie == 2
    assert casus.historie.filter(soort=CasusGebeurtenis.BESLUIT).count() == 2
    assert "Het onderzoek wordt uitgebreid." in casus.historie.filter(soort=CasusGebeurtenis.BESLUIT).last().tekst

    # Saving the same text again changes nothing.
    assert services.update_besluit(besluit, regisseur, tekst="Het onderzoek wordt uitgebreid.", versie=2).versie == 2

    actie = services.update_actie(actie, regisseur, versie=1, omschrijving=actie.omschrijving, soort=actie.soort,
                                  organisatie=actie.organisatie, verantwoordelijke=None, deadline=over(21))
    assert actie.versie == 2 and actie.deadline == over(21) and actie.verantwoordelijke is None
    assert casus.historie.filter(soort=CasusGebeurtenis.ACTIE, actie=actie).count() == 2
    assert audit_rows(actie, AuditActie.CHANGE).get().omschrijving.endswith("verantwoordelijke,deadline")

    services.delete_besluit(besluit, regisseur, versie=2)
    assert not Besluit.objects.filter(pk=besluit.pk).exists()
    assert casus.historie.filter(soort=CasusGebeurtenis.BESLUIT).count() == 3  # history stays: it is append-only
    assert audit_rows(besluit, AuditActie.DELETE).exists()


def test_a_general_item_gets_decisions_and_actions_without_case_history(regisseur, overleg, politie):
    rondvraag = overleg.agendapunten.get(soort=AgendapuntSoort.RONDVRAAG)
    services.add_besluit(rondvraag, regisseur, tekst="Volgende keer een themabespreking.")
    actie = services.add_actie(rondvraag, regisseur, omschrijving="Thema voorbereiden.", soort=ActieSoort.ZORG,
                               organisatie=politie, deadline=over(30))
    assert actie.casus is None and actie.agendapunt == rondvraag
    assert not CasusHistorie.objects.exists()


def test_only_the_managing_director_records(demo, punt, besluit, actie):
    for email in (BURGEMEESTER, POLITIE, ENSCHEDE, REGISSEUR_MN):
        user = demo[email]
        with pytest.raises(PermissionDenied):
            services.add_besluit(punt, user, tekst="Mag niet.")
        with pytest.raises(PermissionDenied):
            services.save_notities(punt, user, notities="Mag niet.", versie=1)
        with pytest.raises(PermissionDenied):
            services.update_actie(actie, user, versie=1, omschrijving="x", soort=ActieSoort.ZORG,
                                  organisatie=actie.organisatie, verantwoordelijke=None, deadline=over(3))
        with pytest.raises(PermissionDenied):
            services.delete_besluit(besluit, user)
    assert Besluit.objects.count() == 1


@pytest.mark.parametrize("status,mag", [
    (OverlegStatus.GEPLAND, False),
    (OverlegStatus.AGENDA_DEFINITIEF, True),
    (OverlegStatus.GEHOUDEN, True),
    (OverlegStatus.BESLUITENLIJST_VASTGESTELD, False),
    (OverlegStatus.GEANNULEERD, False),
])
def test_recording_only_while_the_agenda_is_final_or_the_meeting_held(regisseur, overleg, punt, politie, status, mag):
    Overleg.objects.filter(pk=overleg.pk).update(status=status)
    if mag:
        services.add_besluit(punt, regisseur, tekst="Besluit.")
        services.add_actie(punt, regisseur, omschrijving="Actie.", soort=ActieSoort.FISCAAL, organisatie=politie,
                           deadline=over(1))
        return
    with pytest.raises(ValidationError) as info:
        services.add_besluit(punt, regisseur, tekst="Besluit.")
    assert info.value.code == "overleg_status"
    with pytest.raises(ValidationError):
        services.save_notities(punt, regisseur, notities="x", versie=1)
    assert not Besluit.objects.exists()


def test_nothing_changes_once_the_next_meeting_adopted_the_decision_list(regisseur, overleg, punt, besluit):
    volgend = plan(TWENTE, regisseur, dagen=100)
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEHOUDEN, besluitenlijst_vastgesteld_in=volgend)
    with pytest.raises(ValidationError):
        services.update_besluit(besluit, regisseur, tekst="Later gewijzigd.", versie=1)


def test_the_person_must_be_an_active_member_of_the_organisation(regisseur, punt, politie, demo):
    for persoon in (demo[ENSCHEDE], demo[BURGEMEESTER]):
        with pytest.raises(ValidationError) as info:
            services.add_actie(punt, regisseur, omschrijving="Actie.", soort=ActieSoort.ZORG, organisatie=politie,
                               verantwoordelijke=persoon, deadline=over(7))
        assert "verantwoordelijke" in info.value.message_dict
    agent = demo[POLITIE]
    agent.is_active = False
    agent.save()
    with pytest.raises(ValidationError):
        services.add_actie(punt, regisseur, omschrijving="Actie.", soort=ActieSoort.ZORG, organisatie=politie,
                           verantwoordelijke=agent, deadline=over(7))
    # Any organisation may be responsible, also one that is not at the table.
    ggd = Organisatie.objects.get(naam="GGD Twente")
    assert services.add_actie(punt, regisseur, omschrijving="Zorg regelen.", soort=ActieSoort.ZORG, organisatie=ggd,
                              deadline=over(7)).organisatie == ggd


def test_a_new_due_date_may_not_lie_in_the_past_an_old_one_may_stay(regisseur, punt, politie, actie):
    with pytest.raises(ValidationError) as info:
        services.add_actie(punt, regisseur, omschrijving="Actie.", soort=ActieSoort.ZORG, organisatie=politie,
                           deadline=over(-1))
    assert set(info.value.message_dict) == {"deadline"}
    assert services.add_actie(punt, regisseur, omschrijving="Vandaag.", soort=ActieSoort.ZORG, organisatie=politie,
                              deadline=over(0)).deadline == over(0)

    Actie.objects.filter(pk=actie.pk).update(deadline=over(-5))  # it has become overdue since
    actie.refresh_from_db()
    actie = services.update_actie(actie, regisseur, versie=1, omschrijving="Nieuwe tekst.", soort=actie.soort,
                                  organisatie=actie.organisatie, verantwoordelijke=actie.verantwoordelijke,
                                  deadline=actie.deadline)
    assert actie.omschrijving == "Nieuwe tekst." and actie.deadline == over(-5)
    with pytest.raises(ValidationError):
        services.update_actie(actie, regisseur, versie=2, omschrijving="Nieuwe tekst.", soort=actie.soort,
                              organisatie=actie.organisatie, verantwoordelijke=None, deadline=over(-2))


def test_a_stale_version_is_refused_with_the_saved_row(regisseur, punt, besluit, actie):
    services.update_besluit(besluit, regisseur, tekst="Eerste versie.", versie=1)
    with pytest.raises(Conflict) as info:
        services.update_besluit(besluit, regisseur, tekst="Tweede versie.", versie=1)
    assert info.value.huidig.tekst == "Eerste versie." and info.value.huidig.versie == 2
    with pytest.raises(Conflict):
        services.delete_besluit(besluit, regisseur, versie=1)
    services.save_notities(punt, regisseur, notities="A", versie=1)
    with pytest.raises(Conflict):
        services.save_notities(punt, regisseur, notities="B", versie=1)
    Besluit.objects.get(pk=besluit.pk)  # still there


# --- who may open the pages ---------------------------------------------------------------------------------------


def test_pages_answer_403_to_who_sees_the_item_and_404_to_everyone_else(client, demo, punt, besluit, actie):
    urls = {
        "notities": reverse("casusoverleg:notities", kwargs={"pk": punt.pk}),
        "besluit_toevoegen": reverse("casusoverleg:besluit_toevoegen", kwargs={"pk": punt.pk}),
        "besluit_bewerken": reverse("casusoverleg:besluit_bewerken", kwargs={"pk": besluit.pk}),
        "besluit_verwijderen": reverse("casusoverleg:besluit_verwijderen", kwargs={"pk": besluit.pk}),
        "actie_toevoegen": reverse("casusoverleg:actie_toevoegen", kwargs={"pk": punt.pk}),
        "actie_bewerken": reverse("casusoverleg:actie_bewerken", kwargs={"pk": actie.pk}),
    }
    verwacht = {
        # The chair sees the item, its decisions and its actions (issue 16 §5), and may change none of them.
        BURGEMEESTER: dict.fromkeys(urls, 403),
        # A standing participant sees the case item, its decisions and its actions.
        POLITIE: dict.fromkeys(urls, 403),
        ENSCHEDE: dict.fromkeys(urls, 404),
        REGISSEUR_MN: dict.fromkeys(urls, 404),
    }
    for email, codes in verwacht.items():
        client.force_login(demo[email])
        for naam, url in urls.items():
            if naam != "besluit_verwijderen":
                assert client.get(url).status_code == codes[naam], (email, naam)
            assert client.post(url, {}).status_code == codes[naam], (email, naam, "POST")
    assert Besluit.objects.filter(pk=besluit.pk).exists()
    client.force_login(demo[REGISSEUR])
    for naam, url in urls.items():
        if naam != "besluit_verwijderen":
            assert client.get(url).status_code == 200, naam


def test_the_access_helper_finds_no_way_in_for_who_may_not_see_the_item(client, demo, besluit, punt):
    for email in (ENSCHEDE, REGISSEUR_MN):
        assert_no_access(client, demo[email], besluit)
        assert_no_access(client, demo[email], punt)
    assert_has_access(client, demo[POLITIE], besluit)
    assert_has_access(client, demo[BURGEMEESTER], besluit)


def test_a_form_of_a_planned_meeting_sends_the_director_back_with_a_message(client, regisseur, overleg, punt):
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEPLAND)
    client.force_login(regisseur)
    url = reverse("casusoverleg:besluit_toevoegen", kwargs={"pk": punt.pk})
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == overleg_url(overleg) + f"#punt-{punt.pk}"
    html = response.content.decode()
    assert escape(nl("Minutes, decisions and actions are recorded once the agenda is final.")) in html
    # htmx: the page reloads (a client redirect), not a page inside the block.
    response = client.post(url, {f"nieuw-besluit-{punt.pk}-tekst": "x"}, headers=HX)
    assert response.status_code == 200 and response["HX-Redirect"].endswith(f"#punt-{punt.pk}")
    assert not Besluit.objects.exists()


# --- inline (htmx) and the full-page fallback ---------------------------------------------------------------------


def test_a_decision_is_added_inline_and_the_block_comes_back_with_it(client, regisseur, punt):
    client.force_login(regisseur)
    url = reverse("casusoverleg:besluit_toevoegen", kwargs={"pk": punt.pk})
    fragment = client.get(url, headers=HX)
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html and "HX-Request" in fragment["Vary"]
    assert f'id="besluit-nieuw-{punt.pk}"' in html and f'hx-post="{url}"' in html and "autofocus" in html
    assert f'name="nieuw-besluit-{punt.pk}-tekst"' in html

    response = client.post(url, {f"nieuw-besluit-{punt.pk}-tekst": "De gemeente legt een last onder dwangsom op."},
                           headers=HX)
    html = response.content.decode()
    besluit = Besluit.objects.get()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith(f'<div class="verslag-blok verslag-besluiten" id="besluiten-{punt.pk}">')
    assert "De gemeente legt een last onder dwangsom op." in html
    assert reverse("casusoverleg:besluit_bewerken", kwargs={"pk": besluit.pk}) in html
    # The status line of the item is updated out of band; the focus goes back to "add a decision".
    assert f'id="verslag-melding-{punt.pk}" hx-swap-oob="innerHTML"' in html
    assert re.search(r'class="[^"]*verslag-toevoegen"[^>]*autofocus', html)


def test_an_inline_error_keeps_the_text_and_shows_a_summary(client, regisseur, punt, politie):
    client.force_login(regisseur)
    url = reverse("casusoverleg:actie_toevoegen", kwargs={"pk": punt.pk})
    p = f"nieuw-actie-{punt.pk}"
    response = client.post(url, {f"{p}-omschrijving": "Controle in de nacht.", f"{p}-soort": ActieSoort.BESTUURLIJK,
                                 f"{p}-organisatie": politie.pk, f"{p}-deadline": over(-3).isoformat()}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="{p}-fouten"' in html and "Controle in de nacht." in html
    assert escape(nl("The due date lies in the past. Choose today or a later date.")) in html
    assert not Actie.objects.exists()


def test_without_javascript_the_full_page_form_records_and_redirects_to_the_item(client, regisseur, punt, politie,
                                                                                  demo):
    client.force_login(regisseur)
    url = reverse("casusoverleg:actie_toevoegen", kwargs={"pk": punt.pk})
    page = client.get(url).content.decode()
    assert "<h1" in page and nl("Add an action") in page and "hx-post" not in page.split('<form method="post" action="'
                                                                                             + url)[1].split(">")[0]
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_id=str(punt.pk)).exists()
    p = f"nieuw-actie-{punt.pk}"
    data = {f"{p}-omschrijving": "Verhoor van de werkgever.", f"{p}-soort": ActieSoort.STRAFRECHTELIJK,
            f"{p}-organisatie": politie.pk, f"{p}-verantwoordelijke": demo[ENSCHEDE].pk,
            f"{p}-deadline": over(14).isoformat()}
    refused = client.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 200 and 'id="foutoverzicht"' in html and "Verhoor van de werkgever." in html
    assert not Actie.objects.exists()

    data[f"{p}-verantwoordelijke"] = demo[POLITIE].pk
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[0][0] == overleg_url(punt.overleg) + f"#punt-{punt.pk}"
    actie = Actie.objects.get()
    assert actie.verantwoordelijke == demo[POLITIE] and actie.deadline == over(14)
    assert "Verhoor van de werkgever." in response.content.decode()


def test_the_person_list_follows_the_organisation_chosen(client, regisseur, punt, demo):
    client.force_login(regisseur)
    ggd = Organisatie.objects.get(naam="GGD Twente")
    url = reverse("casusoverleg:actie_toevoegen", kwargs={"pk": punt.pk})
    html = client.get(url, headers=HX).content.decode()
    assert demo[POLITIE].naam in html  # the people of the organisations at the table
    nla = Organisatie.objects.get(naam="Nederlandse Arbeidsinspectie")
    fragment = client.get(url, {"personen": 1, f"nieuw-actie-{punt.pk}-organisatie": nla.pk}, headers=HX)
    html = fragment.content.decode()
    assert demo["inspectie@nla.example"].naam in html and demo[POLITIE].naam not in html
    assert f'name="nieuw-actie-{punt.pk}-verantwoordelijke"' in html
    assert demo[POLITIE].naam not in client.get(url, {"personen": 1, f"nieuw-actie-{punt.pk}-organisatie": ggd.pk},
                                                headers=HX).content.decode()


def test_an_action_is_changed_inline_status_included(client, regisseur, punt, actie):
    client.force_login(regisseur)
    url = reverse("casusoverleg:actie_bewerken", kwargs={"pk": actie.pk})
    html = client.get(url, headers=HX).content.decode()
    assert html.startswith('<li class="verslag-actie') and f'hx-post="{url}"' in html
    p = f"actie-{actie.pk}"
    data = {f"{p}-versie": 1, f"{p}-omschrijving": actie.omschrijving, f"{p}-soort": actie.soort,
            f"{p}-organisatie": actie.organisatie_id, f"{p}-verantwoordelijke": actie.verantwoordelijke_id,
            f"{p}-deadline": actie.deadline.isoformat(), f"{p}-status": ActieStatus.VERVALLEN, f"{p}-reden": ""}
    refused = client.post(url, data, headers=HX).content.decode()
    assert escape(nl("Give the reason for dropping the action.")) in refused
    assert Actie.objects.get(pk=actie.pk).status == ActieStatus.OPEN

    data[f"{p}-reden"] = "Het bedrijf is failliet."
    html = client.post(url, data, headers=HX).content.decode()
    actie.refresh_from_db()
    assert actie.status == ActieStatus.VERVALLEN and actie.reden_vervallen == "Het bedrijf is failliet."
    assert f'id="actie-{actie.pk}"' in html and "autofocus" in html and f'hx-get="{url}"' in html
    assert actie.casus.historie.filter(soort=CasusGebeurtenis.ACTIE_STATUS, actie=actie).exists()


def test_cancel_swaps_the_read_view_back(client, regisseur, punt, besluit):
    client.force_login(regisseur)
    url = reverse("casusoverleg:besluit_bewerken", kwargs={"pk": besluit.pk})
    html = client.get(url, {"annuleren": 1}, headers=HX).content.decode()
    assert html.startswith(f'<li class="verslag-besluit" id="besluit-{besluit.pk}"') and "autofocus" in html
    assert "<form" not in html


def test_a_decision_is_removed_from_its_form(client, regisseur, punt, besluit):
    client.force_login(regisseur)
    url = reverse("casusoverleg:besluit_verwijderen", kwargs={"pk": besluit.pk})
    html = client.post(url, {f"besluit-{besluit.pk}-versie": 1}, headers=HX).content.decode()
    assert not Besluit.objects.exists()
    assert f'id="besluiten-{punt.pk}"' in html and escape(nl("No decisions recorded yet.")) in html
    # Without JavaScript the button posts the same form and the page goes back to the item.
    tweede = services.add_besluit(punt, regisseur, tekst="Nog een besluit.")
    url = reverse("casusoverleg:besluit_verwijderen", kwargs={"pk": tweede.pk})
    response = client.post(url, {f"besluit-{tweede.pk}-versie": 1, f"besluit-{tweede.pk}-tekst": tweede.tekst})
    assert response.status_code == 302 and response["Location"].endswith(f"#punt-{punt.pk}")
    assert not Besluit.objects.exists()


def test_minutes_without_javascript(client, regisseur, punt):
    client.force_login(regisseur)
    url = reverse("casusoverleg:notities", kwargs={"pk": punt.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {f"notities-{punt.pk}-versie": 1, f"notities-{punt.pk}-notities": "Kort besproken."})
    assert response.status_code == 302 and response["Location"].endswith(f"#punt-{punt.pk}")
    assert Agendapunt.objects.get(pk=punt.pk).notities == "Kort besproken."


# --- optimistic locking in the UI ----------------------------------------------------------------------------------


def test_a_conflict_keeps_the_users_text_and_shows_both_versions(client, regisseur, punt, besluit):
    """Two windows load the decision (version 1); the first saves; the second gets both versions and its own text,
    with the new version number, so that saving again overwrites on purpose."""
    client.force_login(regisseur)
    url = reverse("casusoverleg:besluit_bewerken", kwargs={"pk": besluit.pk})
    p = f"besluit-{besluit.pk}"
    services.update_besluit(besluit, regisseur, tekst="De versie van de collega.", versie=1)

    for headers, status in ((HX, 200), ({}, 409)):
        response = client.post(url, {f"{p}-versie": 1, f"{p}-tekst": "Mijn eigen versie."}, headers=headers)
        html = response.content.decode()
        assert response.status_code == status
        assert escape(nl("Someone else has saved this in the meantime")) in html
        assert nl("Saved version") in html and nl("Your version") in html
        assert "De versie van de collega." in html and "Mijn eigen versie." in html
        assert re.search(rf'name="{p}-versie" value="2"', html)
    assert Besluit.objects.get(pk=besluit.pk).tekst == "De versie van de collega."

    # Saving again with the new version overwrites deliberately.
    client.post(url, {f"{p}-versie": 2, f"{p}-tekst": "Mijn eigen versie."}, headers=HX)
    besluit.refresh_from_db()
    assert besluit.tekst == "Mijn eigen versie." and besluit.versie == 3


def test_a_conflict_on_an_action_and_on_the_minutes(client, regisseur, punt, actie, politie):
    client.force_login(regisseur)
    services.update_actie(actie, regisseur, versie=1, omschrijving="Tekst van de collega.", soort=actie.soort,
                          organisatie=politie, verantwoordelijke=None, deadline=actie.deadline)
    url = reverse("casusoverleg:actie_bewerken", kwargs={"pk": actie.pk})
    p = f"actie-{actie.pk}"
    html = client.post(url, {f"{p}-versie": 1, f"{p}-omschrijving": "Mijn tekst.", f"{p}-soort": ActieSoort.FISCAAL,
                             f"{p}-organisatie": politie.pk, f"{p}-deadline": over(20).isoformat(),
                             f"{p}-status": ActieStatus.OPEN}, headers=HX).content.decode()
    assert "Tekst van de collega." in html and "Mijn tekst." in html and f'name="{p}-versie" value="2"' in html
    assert Actie.objects.get(pk=actie.pk).omschrijving == "Tekst van de collega."

    services.save_notities(punt, regisseur, notities="Aantekening van de collega.", versie=1)
    url = reverse("casusoverleg:notities", kwargs={"pk": punt.pk})
    response = client.post(url, {f"notities-{punt.pk}-versie": 1, f"notities-{punt.pk}-notities": "Mijn aantekening."})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Aantekening van de collega." in html and "Mijn aantekening." in html


# --- the meeting page ---------------------------------------------------------------------------------------------


def test_the_meeting_page_shows_decisions_and_actions_read_only_to_who_sees_the_item(
        client, demo, overleg, punt, besluit, actie):
    services.save_notities(punt, demo[REGISSEUR], notities="Alleen voor de ketenregisseur.", versie=1)
    client.force_login(demo[REGISSEUR])
    html = client.get(overleg_url(overleg)).content.decode()
    assert besluit.tekst in html and actie.omschrijving in html and "Alleen voor de ketenregisseur." in html
    assert reverse("casusoverleg:besluit_bewerken", kwargs={"pk": besluit.pk}) in html
    assert reverse("casusoverleg:besluit_toevoegen", kwargs={"pk": punt.pk}) in html
    assert reverse("casusoverleg:actie", kwargs={"pk": actie.pk}) in html
    assert "css/verslag.css" in html
    # The action agreed under this item is not listed a second time among the case's open actions.
    assert f'<span class="agenda-actie__wat">{actie.omschrijving}' not in html
    assert html.count(f'<p class="verslag-actie__wat">{actie.omschrijving}') == 1

    for email, ziet_actiepagina in ((BURGEMEESTER, True), (POLITIE, True)):  # the chair: issue 16 §5
        client.force_login(demo[email])
        html = client.get(overleg_url(overleg)).content.decode()
        assert besluit.tekst in html and actie.omschrijving in html, email
        assert "Alleen voor de ketenregisseur." not in html
        assert reverse("casusoverleg:besluit_bewerken", kwargs={"pk": besluit.pk}) not in html
        assert reverse("casusoverleg:besluit_toevoegen", kwargs={"pk": punt.pk}) not in html
        assert (reverse("casusoverleg:actie", kwargs={"pk": actie.pk}) in html) == ziet_actiepagina

    client.force_login(demo[ENSCHEDE])
    assert client.get(overleg_url(overleg)).status_code == 404


def test_a_planned_meeting_shows_no_recording_controls(client, regisseur, overleg, punt):
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEPLAND)
    client.force_login(regisseur)
    html = client.get(overleg_url(overleg)).content.decode()
    assert reverse("casusoverleg:besluit_toevoegen", kwargs={"pk": punt.pk}) not in html


def _vul(overleg, regisseur, politie, aantal, *, vanaf=0):
    """``aantal`` case items, each with two decisions and two actions."""
    for i in range(vanaf, vanaf + aantal):
        casus = twente_casus(f"TW-2026-{100 + i}", "Hengelo" if i % 2 else "Enschede", regisseur)
        punt = Agendapunt.objects.create(overleg=overleg, volgorde=10 + i, soort=AgendapuntSoort.CASUS, casus=casus)
        for j in range(2):
            services.add_besluit(punt, regisseur, tekst=f"Besluit {j} bij {casus.code}.")
            services.add_actie(punt, regisseur, omschrijving=f"Actie {j} bij {casus.code}.", soort=ActieSoort.ZORG,
                               organisatie=politie, deadline=over(7))


def test_the_meeting_page_loads_decisions_and_actions_in_a_fixed_number_of_queries(
        client, regisseur, overleg, politie, demo, django_assert_max_num_queries):
    _vul(overleg, regisseur, politie, 2)
    tellingen = {}
    for email in (REGISSEUR, POLITIE, BURGEMEESTER):
        client.force_login(demo[email])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(overleg_url(overleg)).status_code == 200
        tellingen[email] = len(ctx)
    _vul(overleg, regisseur, politie, 8, vanaf=2)  # now 10 case items
    assert Agendapunt.objects.filter(overleg=overleg, soort=AgendapuntSoort.CASUS).count() == 10
    for email in (REGISSEUR, POLITIE, BURGEMEESTER):
        client.force_login(demo[email])
        with django_assert_max_num_queries(tellingen[email]):
            html = client.get(overleg_url(overleg)).content.decode()
        assert html.count('class="verslag-besluit"') == 20
        assert html.count('<p class="verslag-actie__wat">Actie 1 bij TW-2026-') == 10
