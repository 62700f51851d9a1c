"""The agenda of a meeting: items and their order, proposals (MARAC practice), invitations per case item with the
automatic proposal, the confidentiality declaration before anything of the case opens, and making the agenda final.

The meeting is built straight in the database as ``services.overleggen.schedule`` leaves it (standing participants
from the table, opening / besluitenlijst / rondvraag); every agenda change goes through ``services.agenda``.
"""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    CasusGebeurtenis,
    CasusStatus,
    Geheimhoudingsverklaring,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from casusoverleg.services import agenda as services
from casusoverleg.views.agenda import agenda_context
from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.jobs.models import Job
from partners.models import Organisatie, Rol
from tafels.models import District, Regio, Tafel
from tests.casusoverleg.test_access import MIDDEN, TWENTE, maak_casus
from tests.factories import UserFactory
from tests.i18n import nl

pytestmark = pytest.mark.django_db


def plan(tafel_naam, door, *, dagen=14, status=OverlegStatus.GEPLAND):
    """A meeting as scheduling leaves it: the table's members take part; opening, besluitenlijst, rondvraag."""
    tafel = Tafel.objects.get(naam=tafel_naam)
    begint = timezone.now() + timedelta(days=dagen)
    overleg = Overleg.objects.create(
        tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2), locatie="Stadhuis, zaal 3",
        voorzitter=tafel.voorzitter, doel="Gezamenlijke aanpak van de casussen op de agenda.", aangemaakt_door=door,
        status=status,
    )
    for lid in tafel.leden.all():
        OverlegDeelnemer.objects.create(overleg=overleg, organisatie=lid.organisatie, deelnemer=lid.deelnemer,
                                        mailbox=lid.mailbox)
    for volgorde, soort in enumerate((AgendapuntSoort.OPENING, AgendapuntSoort.BESLUITENLIJST,
                                      AgendapuntSoort.RONDVRAAG), start=1):
        Agendapunt.objects.create(overleg=overleg, volgorde=volgorde, soort=soort)
    return overleg


def twente_casus(code, gemeente, regisseur, **velden):
    casus = maak_casus(code, gemeente, regisseur, district=District.objects.get(code="TW"))
    if velden:
        Casus.objects.filter(pk=casus.pk).update(**velden)
        casus.refresh_from_db()
    return casus


def soorten(overleg):
    return [(p.volgorde, p.soort, p.casus.code if p.casus_id else p.titel)
            for p in overleg.agendapunten.select_related("casus").order_by("volgorde")]


def actie(casus, door, *, organisatie, dagen, status=ActieStatus.OPEN, agendapunt=None):
    return Actie.objects.create(
        casus=casus, agendapunt=agendapunt, omschrijving="Controle van de huisvesting op het adres.",
        soort=ActieSoort.BESTUURLIJK, organisatie=organisatie, deadline=timezone.localdate() + timedelta(days=dagen),
        status=status, aangemaakt_door=door,
    )


@pytest.fixture
def regisseur(demo):
    return demo["regisseur@twente.example"]


@pytest.fixture
def overleg(regisseur):
    return plan(TWENTE, regisseur)


@pytest.fixture
def hengelo_casus(regisseur):
    return twente_casus("TW-2026-011", "Hengelo", regisseur)


@pytest.fixture
def enschede_casus(regisseur):
    return twente_casus("TW-2026-012", "Enschede", regisseur)


# --- items and their order ---------------------------------------------------------------------------------


def test_new_items_go_before_the_rondvraag_and_the_order_stays_consecutive(regisseur, overleg, hengelo_casus):
    onderwerp = services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Jaarplan 2027")
    punt = services.add_casus(overleg, regisseur, hengelo_casus)

    assert soorten(overleg) == [
        (1, "opening", ""), (2, "besluitenlijst", ""), (3, "onderwerp", "Jaarplan 2027"), (4, "casus", "TW-2026-011"),
        (5, "rondvraag", ""),
    ]
    assert onderwerp.volgorde == 3 and punt.volgorde == 4
    rij = hengelo_casus.historie.get(soort=CasusGebeurtenis.AGENDA)
    assert rij.overleg == overleg and rij.door == regisseur
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="casusoverleg.agendapunt",
                                     object_id=str(punt.pk)).exists()


def test_opening_besluitenlijst_and_rondvraag_appear_once_and_return_in_their_place(regisseur, overleg):
    with pytest.raises(ValidationError):
        services.add_punt(overleg, regisseur, soort=AgendapuntSoort.RONDVRAAG)
    with pytest.raises(ValidationError):
        services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="  ")  # a topic needs a title
    services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Signalen uit de wijk")
    services.remove(overleg.agendapunten.get(soort=AgendapuntSoort.OPENING), regisseur)
    services.remove(overleg.agendapunten.get(soort=AgendapuntSoort.BESLUITENLIJST), regisseur)
    assert [s for _v, s, _t in soorten(overleg)] == ["onderwerp", "rondvraag"]

    services.add_punt(overleg, regisseur, soort=AgendapuntSoort.BESLUITENLIJST)
    services.add_punt(overleg, regisseur, soort=AgendapuntSoort.OPENING)
    assert [(v, s) for v, s, _t in soorten(overleg)] == [
        (1, "opening"), (2, "besluitenlijst"), (3, "onderwerp"), (4, "rondvraag")]


def test_up_and_down_swap_with_the_neighbour_and_stop_at_the_ends(regisseur, overleg, hengelo_casus, enschede_casus):
    hengelo = services.add_casus(overleg, regisseur, hengelo_casus)
    enschede = services.add_casus(overleg, regisseur, enschede_casus)
    assert [t for _v, _s, t in soorten(overleg)][2:4] == ["TW-2026-011", "TW-2026-012"]

    assert services.move(enschede, regisseur, services.OMHOOG) is True
    assert [t for _v, _s, t in soorten(overleg)][2:4] == ["TW-2026-012", "TW-2026-011"]
    assert services.move(hengelo, regisseur, services.OMLAAG) is True  # past the rondvraag: allowed
    assert soorten(overleg)[-1] == (5, "casus", "TW-2026-011")
    assert services.move(hengelo, regisseur, services.OMLAAG) is False  # already last
    assert services.move(overleg.agendapunten.get(soort="opening"), regisseur, services.OMHOOG) is False
    assert [v for v, _s, _t in soorten(overleg)] == [1, 2, 3, 4, 5]


def test_removing_a_case_item_takes_its_invitations_and_numbers_the_rest_again(
        regisseur, overleg, hengelo_casus, enschede_casus):
    hengelo = services.add_casus(overleg, regisseur, hengelo_casus)
    services.add_casus(overleg, regisseur, enschede_casus)
    uitnodiging = services.invite(hengelo, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))

    services.remove(hengelo, regisseur)

    assert not Uitnodiging.objects.filter(pk=uitnodiging.pk).exists()
    assert soorten(overleg) == [(1, "opening", ""), (2, "besluitenlijst", ""), (3, "casus", "TW-2026-012"),
                                (4, "rondvraag", "")]
    assert AuditEntry.objects.filter(actie=AuditActie.DELETE, object_type="casusoverleg.uitnodiging",
                                     object_id=str(uitnodiging.pk)).exists()


def test_a_case_goes_on_an_agenda_once_open_and_only_from_the_directors_own_werkgebied(
        demo, regisseur, overleg, hengelo_casus):
    services.add_casus(overleg, regisseur, hengelo_casus)
    with pytest.raises(ValidationError):
        services.add_casus(overleg, regisseur, hengelo_casus)
    gesloten = twente_casus("TW-2026-013", "Almelo", regisseur, status=CasusStatus.AFGESLOTEN)
    with pytest.raises(ValidationError):
        services.add_casus(overleg, regisseur, gesloten)
    utrecht = maak_casus("MN-2026-001", "Utrecht", demo["regisseur@midden-nederland.example"],
                         regio=Regio.objects.get(naam="Midden-Nederland"))
    with pytest.raises(PermissionDenied):
        services.add_casus(overleg, regisseur, utrecht)


def test_only_the_managing_director_changes_the_agenda_and_only_while_planned(demo, regisseur, overleg):
    for email in ("politie@oost-nederland.example", "burgemeester@twente.example", "regisseur@midden-nederland.example"):
        with pytest.raises(PermissionDenied):
            services.add_punt(overleg, demo[email], soort=AgendapuntSoort.ONDERWERP, titel="Iets")
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.AGENDA_DEFINITIEF)
    with pytest.raises(ValidationError):
        services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Te laat")


# --- the views: buttons without JavaScript, 403 and 404 ----------------------------------------------------


def test_the_up_button_works_without_javascript_and_answers_403_or_404_to_others(
        client, demo, regisseur, overleg, hengelo_casus):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    url = reverse("casusoverleg:punt_omhoog", kwargs={"pk": punt.pk})

    client.force_login(demo["politie@oost-nederland.example"])  # a participant: sees the item, may not move it
    assert client.post(url).status_code == 403
    client.force_login(demo["regisseur@midden-nederland.example"])  # another werkgebied: does not see it
    assert client.post(url).status_code == 404
    client.force_login(regisseur)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#punt-{punt.pk}")
    punt.refresh_from_db()
    assert punt.volgorde == 2


def test_a_general_item_with_an_error_is_shown_again_with_what_was_typed(client, regisseur, overleg):
    client.force_login(regisseur)
    url = reverse("casusoverleg:punt_toevoegen", kwargs={"pk": overleg.pk})
    response = client.post(url, {"punt-soort": "onderwerp", "punt-titel": "", "punt-toelichting": "Mijn toelichting"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn toelichting" in html and 'id="foutoverzicht"' in html
    response = client.post(url, {"punt-soort": "onderwerp", "punt-titel": "Jaarplan", "punt-toelichting": ""})
    assert response.status_code == 302
    assert overleg.agendapunten.filter(titel="Jaarplan", volgorde=3).exists()


def test_the_meeting_page_shows_the_items_with_their_open_actions_and_the_controls(
        client, regisseur, overleg, hengelo_casus, django_assert_max_num_queries):
    services.add_casus(overleg, regisseur, hengelo_casus)
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    actie(hengelo_casus, regisseur, organisatie=politie, dagen=-3)
    client.force_login(regisseur)
    with django_assert_max_num_queries(80):
        response = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}))
    html = response.content.decode()
    assert "TW-2026-011" in html
    assert "Controle van de huisvesting op het adres." in html and nl("overdue") in html
    assert reverse("casusoverleg:punt_omhoog", kwargs={"pk": overleg.agendapunten.get(casus=hengelo_casus).pk}) in html
    assert reverse("casusoverleg:definitief", kwargs={"pk": overleg.pk}) in html
    assert "<script>" not in html


def test_a_portfolio_holder_who_does_not_chair_sees_only_general_items(client, demo, regisseur, overleg, hengelo_casus):
    services.add_casus(overleg, regisseur, hengelo_casus)
    services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Jaarplan 2027")
    Overleg.objects.filter(pk=overleg.pk).update(voorzitter=regisseur)  # the burgemeester does not chair it now
    client.force_login(demo["burgemeester@twente.example"])
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
    assert "Jaarplan 2027" in html
    assert "TW-2026-011" not in html


# --- proposals ---------------------------------------------------------------------------------------------


@pytest.fixture
def geschiedenis(demo, regisseur):
    """Two held meetings of the Twente table and a set of cases, each with its own story."""
    lang_geleden = timezone.now() - timedelta(days=120)
    ouder = plan(TWENTE, regisseur, dagen=-60, status=OverlegStatus.BESLUITENLIJST_VASTGESTELD)
    vorige = plan(TWENTE, regisseur, dagen=-30, status=OverlegStatus.GEHOUDEN)
    oud = {"geopend_op": lang_geleden, "status_gewijzigd_op": lang_geleden}
    acties = twente_casus("TW-2026-001", "Enschede", regisseur, **oud)
    status = twente_casus("TW-2026-002", "Hengelo", regisseur, status=CasusStatus.IN_ONDERZOEK,
                          geopend_op=lang_geleden, status_gewijzigd_op=timezone.now() - timedelta(days=5))
    rustig = twente_casus("TW-2026-003", "Almelo", regisseur, **oud)
    nieuw = twente_casus("TW-2026-004", "Borne", regisseur)
    gesloten = twente_casus("TW-2026-005", "Oldenzaal", regisseur, status=CasusStatus.AFGESLOTEN,
                            status_gewijzigd_op=timezone.now() - timedelta(days=2))
    utrecht = maak_casus("MN-2026-001", "Utrecht", demo["regisseur@midden-nederland.example"],
                         regio=Regio.objects.get(naam="Midden-Nederland"))
    # The actions case was agreed on two meetings ago and discussed again last time; its action is still open.
    punt_ouder = Agendapunt.objects.create(overleg=ouder, volgorde=4, soort="casus", casus=acties)
    Agendapunt.objects.create(overleg=vorige, volgorde=4, soort="casus", casus=acties)
    for casus in (status, rustig):
        Agendapunt.objects.create(overleg=vorige, volgorde=5 + casus.pk, soort="casus", casus=casus)
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    verlopen = actie(acties, regisseur, organisatie=politie, dagen=-7, agendapunt=punt_ouder)
    actie(rustig, regisseur, organisatie=politie, dagen=10, status=ActieStatus.GEREED, agendapunt=punt_ouder)
    komend = plan(TWENTE, regisseur, dagen=14)
    return {"overleg": komend, "acties": acties, "status": status, "rustig": rustig, "nieuw": nieuw,
            "gesloten": gesloten, "utrecht": utrecht, "verlopen": verlopen, "vorige": vorige}


def test_proposals_give_each_reason_and_leave_out_what_does_not_qualify(regisseur, geschiedenis):
    voorstellen = {v.casus.code: v for v in services.voorstellen(geschiedenis["overleg"])}

    assert set(voorstellen) == {"TW-2026-001", "TW-2026-002", "TW-2026-004"}
    assert voorstellen["TW-2026-001"].redenen == [services.ACTIES]
    assert voorstellen["TW-2026-001"].verlopen == [geschiedenis["verlopen"]]
    assert voorstellen["TW-2026-002"].redenen == [services.STATUS]
    assert voorstellen["TW-2026-004"].redenen == [services.NIEUW]
    # Overdue actions first.
    assert next(iter(services.voorstellen(geschiedenis["overleg"]))).casus.code == "TW-2026-001"


def test_a_case_with_open_actions_stays_proposed_until_they_are_done(regisseur, geschiedenis):
    overleg = geschiedenis["overleg"]
    verlopen = geschiedenis["verlopen"]
    Actie.objects.filter(pk=verlopen.pk).update(status=ActieStatus.IN_UITVOERING)
    assert "TW-2026-001" in {v.casus.code for v in services.voorstellen(overleg)}
    Actie.objects.filter(pk=verlopen.pk).update(status=ActieStatus.GEREED, gereed_op=timezone.now())
    assert "TW-2026-001" not in {v.casus.code for v in services.voorstellen(overleg)}


def test_a_case_already_on_this_agenda_is_no_longer_proposed(regisseur, geschiedenis):
    overleg = geschiedenis["overleg"]
    services.add_casus(overleg, regisseur, geschiedenis["nieuw"])
    assert "TW-2026-004" not in {v.casus.code for v in services.voorstellen(overleg)}
    # A new case that was on any (not cancelled) agenda before is not new.
    assert "TW-2026-004" not in {v.casus.code for v in services.voorstellen(plan(TWENTE, regisseur, dagen=40))}


def test_proposals_take_a_fixed_number_of_queries(regisseur, geschiedenis, django_assert_num_queries):
    overleg = geschiedenis["overleg"]
    with django_assert_num_queries(5) as weinig:
        services.voorstellen(overleg)
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    for n in range(6):
        casus = twente_casus(f"TW-2026-1{n:02d}", "Hengelo", regisseur)
        actie(casus, regisseur, organisatie=politie, dagen=-n)
    with django_assert_num_queries(len(weinig.captured_queries)):
        assert len(services.voorstellen(overleg)) == 9


def test_the_meeting_page_offers_the_proposals_with_a_button(client, regisseur, geschiedenis):
    client.force_login(regisseur)
    overleg = geschiedenis["overleg"]
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
    assert f'data-voorstel="{geschiedenis["nieuw"].pk}"' in html
    response = client.post(reverse("casusoverleg:casus_toevoegen", kwargs={"pk": overleg.pk}),
                           {"casus-casus": geschiedenis["nieuw"].pk})
    assert response.status_code == 302
    assert overleg.agendapunten.filter(casus=geschiedenis["nieuw"]).exists()


# --- invitations per case item -----------------------------------------------------------------------------


def test_the_coordinator_organisation_of_the_cases_gemeente_is_proposed_with_its_only_coordinator(
        demo, regisseur, overleg, hengelo_casus):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    [voorstel] = services.uitnodigingsvoorstellen(punt)
    assert voorstel.organisatie.naam == "Gemeente Hengelo"
    assert voorstel.deelnemer == demo["coordinator@hengelo.example"]

    hengelo = voorstel.organisatie
    UserFactory(organisatie=hengelo, rol=Rol.COORDINATOR)  # two coordinators: the general mailbox instead
    [voorstel] = services.uitnodigingsvoorstellen(punt)
    assert voorstel.deelnemer is None and voorstel.mailbox == hengelo.email


def test_inviting_through_the_page_is_an_explicit_choice_confirmed_before_saving(
        client, demo, regisseur, overleg, hengelo_casus, monkeypatch):
    from casusoverleg import berichten

    verstuurd = []
    monkeypatch.setattr(berichten, "verstuur", lambda o: verstuurd.append(o.pk), raising=False)
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")
    url = reverse("casusoverleg:uitnodigen", kwargs={"pk": punt.pk})
    client.force_login(regisseur)
    html = client.get(url).content.decode()
    assert f'value="{hengelo.pk}"' in html and "checked" not in html  # issue 18: nothing ticked in advance

    # The first "Invite" names who will see the case item and saves nothing.
    html = client.post(url, {"voorgesteld": [hengelo.pk]}).content.decode()
    assert nl("These organisations will see this case item:") in html and "Gemeente Hengelo" in html
    assert "Politie Oost-Nederland" in html  # a standing participant, who sees it already
    assert not Uitnodiging.objects.filter(agendapunt=punt).exists() and verstuurd == []
    # "Change the choice" goes back to the form with the choice kept.
    html = client.post(url, {"voorgesteld": [hengelo.pk], "bevestigd": "1", "wijzigen": "1"}).content.decode()
    assert "checked" in html and not Uitnodiging.objects.filter(agendapunt=punt).exists()

    response = client.post(url, {"voorgesteld": [hengelo.pk], "bevestigd": "1"})
    assert response.status_code == 302
    uitnodiging = Uitnodiging.objects.get(agendapunt=punt)
    assert uitnodiging.organisatie == hengelo and uitnodiging.deelnemer == demo["coordinator@hengelo.example"]
    assert verstuurd == [overleg.pk]  # the invitee gets its calendar invitation
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="casusoverleg.uitnodiging").exists()

    client.force_login(demo["politie@oost-nederland.example"])  # sees the item, may not invite
    assert client.get(url).status_code == 403


def test_a_standing_participant_cannot_be_invited_and_an_invitation_can_be_withdrawn(
        client, demo, regisseur, overleg, hengelo_casus):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    with pytest.raises(ValidationError):
        services.invite(punt, regisseur, Organisatie.objects.get(naam="Politie Oost-Nederland"))
    with pytest.raises(ValidationError):
        services.invite(overleg.agendapunten.get(soort="opening"), regisseur,
                        Organisatie.objects.get(naam="Gemeente Hengelo"))
    uitnodiging = services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Almelo"),
                                  mailbox="casus@almelo.example")
    assert uitnodiging.contact == "casus@almelo.example"

    url = reverse("casusoverleg:uitnodiging_intrekken", kwargs={"pk": uitnodiging.pk})
    client.force_login(demo["coordinator@hengelo.example"])
    assert client.post(url).status_code == 404
    client.force_login(regisseur)
    assert client.post(url).status_code == 302
    assert not Uitnodiging.objects.filter(pk=uitnodiging.pk).exists()


# --- the confidentiality declaration -----------------------------------------------------------------------


def test_an_invitee_sees_a_placeholder_until_the_declaration_then_the_item(
        client, demo, regisseur, overleg, hengelo_casus, enschede_casus):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    services.add_casus(overleg, regisseur, enschede_casus)
    services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    hengelo = demo["coordinator@hengelo.example"]
    pagina = reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})
    verklaring = reverse("casusoverleg:verklaring", kwargs={"pk": overleg.pk})

    client.force_login(hengelo)
    html = client.get(pagina).content.decode()
    assert "TW-2026-011" not in html and "TW-2026-012" not in html
    assert nl("Case item for your organisation") in html and verklaring in html
    assert client.get(reverse("casusoverleg:uitnodigen", kwargs={"pk": punt.pk})).status_code == 404

    html = client.get(verklaring).content.decode()
    assert overleg.doel in html
    kenmerk = services.verklaring_kenmerk(services.verklaring_tekst(overleg))
    response = client.post(verklaring, {"kenmerk": kenmerk})  # not ticked
    assert response.status_code == 200 and not Geheimhoudingsverklaring.objects.exists()
    response = client.post(verklaring, {"kenmerk": kenmerk, "akkoord": "on"})
    assert response.status_code == 302 and response["Location"].startswith(pagina)

    rij = Geheimhoudingsverklaring.objects.get(overleg=overleg, gebruiker=hengelo)
    assert overleg.doel in rij.tekst and rij.organisatie == hengelo.organisatie
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="casusoverleg.overleg",
                                     omschrijving="geheimhoudingsverklaring geaccepteerd").count() == 1
    html = client.get(pagina).content.decode()
    assert "TW-2026-011" in html
    assert "TW-2026-012" not in html  # the Enschede case stays closed to Hengelo
    assert nl("Case item for your organisation") not in html


def test_accepting_twice_changes_nothing_and_others_get_403_or_404(client, demo, regisseur, overleg, hengelo_casus):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    hengelo = demo["coordinator@hengelo.example"]
    eerste = services.accept_declaration(overleg, hengelo)
    assert services.accept_declaration(overleg, hengelo) == eerste
    assert Geheimhoudingsverklaring.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.accept_declaration(overleg, demo["politie@oost-nederland.example"])  # a standing participant

    url = reverse("casusoverleg:verklaring", kwargs={"pk": overleg.pk})
    client.force_login(demo["politie@oost-nederland.example"])
    assert client.get(url).status_code == 403
    client.force_login(demo["coordinator@enschede.example"])
    assert client.get(url).status_code == 404


def test_a_changed_text_is_not_accepted_unseen(regisseur, demo, overleg, hengelo_casus):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    gezien = services.verklaring_kenmerk(services.verklaring_tekst(overleg))
    Overleg.objects.filter(pk=overleg.pk).update(doel="Een ander doel.")
    with pytest.raises(ValidationError):
        services.accept_declaration(overleg, demo["coordinator@hengelo.example"], kenmerk=gezien)


# --- making the agenda final -------------------------------------------------------------------------------


def test_finalising_queues_the_pdf_job_once(regisseur, overleg, hengelo_casus, django_capture_on_commit_callbacks):
    services.add_casus(overleg, regisseur, hengelo_casus)
    with django_capture_on_commit_callbacks(execute=False):
        services.finalise(overleg, regisseur)
    overleg.refresh_from_db()
    job = Job.objects.get(naam="casusoverleg.agenda_pdfs")
    assert overleg.status == OverlegStatus.AGENDA_DEFINITIEF and overleg.agenda_versie == 1
    assert overleg.agenda_job == job and job.args == [overleg.pk, 1]
    with pytest.raises(ValidationError):
        services.finalise(overleg, regisseur)
    assert Job.objects.filter(naam="casusoverleg.agenda_pdfs").count() == 1
    with pytest.raises(ValidationError):
        services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Te laat")

    services.reopen(overleg, regisseur)
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEPLAND and overleg.agenda_versie == 1
    with django_capture_on_commit_callbacks(execute=False):
        services.finalise(overleg, regisseur)
    assert list(Job.objects.filter(naam="casusoverleg.agenda_pdfs").values_list("args", flat=True).order_by(
        "aangemaakt")) == [[overleg.pk, 1], [overleg.pk, 2]]


def test_the_progress_fragment_polls_with_htmx_and_the_page_refreshes_without_javascript(
        client, demo, regisseur, overleg, hengelo_casus, django_capture_on_commit_callbacks):
    services.add_casus(overleg, regisseur, hengelo_casus)
    with django_capture_on_commit_callbacks(execute=False):  # the job has not run yet
        services.finalise(overleg, regisseur)
    url = reverse("casusoverleg:voortgang", kwargs={"pk": overleg.pk})
    client.force_login(regisseur)

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert nl("The agenda PDFs are being made: %(klaar)s of %(totaal)s ready.") % {"klaar": 0, "totaal": 7} in fragment
    pagina = client.get(url).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in pagina and "<h1" in pagina

    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in html and url in html

    client.force_login(demo["politie@oost-nederland.example"])  # a participant sees the progress, not the count
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert nl("The agenda PDF is being made.") in fragment


def test_the_midden_nederland_director_proposes_only_cases_of_the_region(demo):
    regisseur = demo["regisseur@midden-nederland.example"]
    overleg = plan(MIDDEN, regisseur)
    utrecht = maak_casus("MN-2026-001", "Utrecht", regisseur, regio=Regio.objects.get(naam="Midden-Nederland"))
    twente_casus("TW-2026-001", "Hengelo", demo["regisseur@twente.example"])
    assert [v.casus for v in services.voorstellen(overleg)] == [utrecht]


def test_the_agenda_section_takes_the_same_number_of_queries_for_more_items(rf, regisseur, overleg):
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")

    def voeg_toe(n):
        casus = twente_casus(f"TW-2026-2{n:02d}", "Hengelo", regisseur)
        actie(casus, regisseur, organisatie=politie, dagen=n - 3)
        punt = services.add_casus(overleg, regisseur, casus)
        services.invite(punt, regisseur, hengelo)

    def tel():
        request = rf.get("/")
        request.user = regisseur
        with CaptureQueriesContext(connection) as queries:
            render_to_string("casusoverleg/_agenda.html", agenda_context(request, overleg), request=request)
        return len(queries.captured_queries)

    voeg_toe(1)
    tel()  # warms the caches (content types, permissions)
    een = tel()
    for n in range(2, 7):
        voeg_toe(n)
    assert tel() == een


@pytest.mark.parametrize("status", [s.value for s in OverlegStatus])
def test_the_meeting_page_renders_the_agenda_for_every_reader_in_every_status(
        client, demo, regisseur, overleg, hengelo_casus, status):
    punt = services.add_casus(overleg, regisseur, hengelo_casus)
    services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    Overleg.objects.filter(pk=overleg.pk).update(status=status, agenda_versie=1)
    # A cancelled meeting opens its cases to the managing director only.
    lopend = status != OverlegStatus.GEANNULEERD
    for email, ziet_casus in (("regisseur@twente.example", True), ("burgemeester@twente.example", lopend),
                              ("politie@oost-nederland.example", lopend),
                              ("coordinator@hengelo.example", False)):
        client.force_login(demo[email])
        for url in (reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}),
                    reverse("casusoverleg:voortgang", kwargs={"pk": overleg.pk})):
            response = client.get(url)
            assert response.status_code == 200, (email, url)
        assert ("TW-2026-011" in response.content.decode()) is False  # the progress page names no case
        html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
        assert ("TW-2026-011" in html) is ziet_casus, email
