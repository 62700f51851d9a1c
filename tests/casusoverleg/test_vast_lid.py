"""A standing member for the general items only (issue 21; seed 001): the chair of the regiegroep prostitutie sits in
the Twente casusoverleg on behalf of the Twente gemeenten. It is a standing participant of every meeting (calendar
invitation, attendance) and sees the agenda's general and theme items, the confidential ones too; a case item only
when its organisation is invited for that item and the person accepted the meeting's confidentiality declaration, as
any invitee. Anything else of a case answers 404 and appears in no list, agenda PDF or count.

The demo has it: Gemeente Oldenzaal at the Twente casusoverleg (``TafelLidSoort.ALLEEN_UITGENODIGD``), represented
by ``regiegroep@oldenzaal.example`` (``tafels.demo.seed_vast_lid``, a step of ``seed_demo`` after the demo basis).
The scenario: a meeting planned through the service (so the table's members are its participants) with an Oldenzaal
case and an Enschede case, a general item and a confidential theme item; Oldenzaal is invited for the Oldenzaal case
only.
"""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casusoverleg import agenda_pdf, selectors
from casusoverleg.models import (
    Actie,
    ActieSoort,
    AgendaDocument,
    AgendapuntSoort,
    Besluit,
    Casus,
    Geheimhoudingsverklaring,
    OverlegDeelnemer,
)
from casusoverleg.services import agenda, overleggen
from partners.models import Organisatie
from tafels.models import District, Gemeente, Tafel, TafelLid, TafelLidSoort
from tests.access import assert_has_access, assert_no_access
from tests.tafels.regio21 import regio_wereld

pytestmark = pytest.mark.django_db

TWENTE = "Casusoverleg Mensenhandel Twente"
LID = "regiegroep@oldenzaal.example"


def _casus(code, gemeente, eigenaar):
    district = District.objects.get(code="TW")
    casus = Casus.objects.create(code=code, district=district, regio=district.regio, eigenaar=eigenaar,
                                 samenvatting="Vermoedelijke seksuele uitbuiting in een woning.")
    casus.gemeenten.set([Gemeente.objects.get(naam=gemeente)])
    return casus


def vast_lid(demo):
    regio_wereld(demo)


@pytest.fixture
def wereld(demo):
    vast_lid(demo)
    regisseur = demo["regisseur@twente.example"]
    tafel = Tafel.objects.get(naam=TWENTE)
    begint = timezone.now() + timedelta(days=12)
    overleg = overleggen.schedule(tafel, regisseur, begint=begint, eindigt=begint + timedelta(hours=2),
                                  locatie="Stadhuis Enschede", doel="Gezamenlijke aanpak van de casussen.")
    oldenzaal = _casus("TW-2026-101", "Oldenzaal", regisseur)
    enschede = _casus("TW-2026-102", "Enschede", regisseur)
    punt_oldenzaal = agenda.add_casus(overleg, regisseur, oldenzaal)
    punt_enschede = agenda.add_casus(overleg, regisseur, enschede)
    algemeen = agenda.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Jaarplan regiegroep 2027")
    thema = agenda.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Thema: vergunningen")
    agenda.set_vertrouwelijk(thema, regisseur, True)
    gemeente = Organisatie.objects.get(naam="Gemeente Oldenzaal")
    uitnodiging = agenda.invite(punt_oldenzaal, regisseur, gemeente, deelnemer=demo[LID])
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    actie = Actie.objects.create(casus=enschede, agendapunt=punt_enschede, omschrijving="Controle op het adres.",
                                 soort=ActieSoort.STRAFRECHTELIJK, organisatie=politie,
                                 deadline=timezone.localdate() + timedelta(days=14), aangemaakt_door=regisseur)
    besluit = Besluit.objects.create(agendapunt=punt_enschede, tekst="De politie controleert.",
                                     vastgelegd_door=regisseur)
    return {
        "overleg": overleg, "oldenzaal": oldenzaal, "enschede": enschede, "punt_oldenzaal": punt_oldenzaal,
        "punt_enschede": punt_enschede, "algemeen": algemeen, "thema": thema, "uitnodiging": uitnodiging,
        "actie": actie, "besluit": besluit, "gemeente": gemeente, "regisseur": regisseur,
    }


def verklaar(user, overleg):
    return Geheimhoudingsverklaring.objects.create(overleg=overleg, gebruiker=user, organisatie=user.organisatie,
                                                   tekst="Ik verklaar geheimhouding.")


def zichtbare_punten(user, overleg):
    return set(selectors.agendapunten_visible_for(user).filter(overleg=overleg).values_list("pk", flat=True))


def test_the_demo_has_the_standing_member_for_the_twente_gemeenten(demo):
    assert not TafelLid.objects.filter(tafel__naam=TWENTE, organisatie__naam="Gemeente Oldenzaal").exists(), (
        "not in the demo basis the other tests build on")
    vast_lid(demo)
    lid = TafelLid.objects.get(tafel__naam=TWENTE, organisatie__naam="Gemeente Oldenzaal")
    assert lid.soort == TafelLidSoort.ALLEEN_UITGENODIGD and lid.deelnemer == demo[LID]
    # The chair of the regiegroep prostitutie (seed 001).
    assert Tafel.objects.get(naam="Regiegroep Prostitutie Twente").voorzitter == demo[LID]
    # Every other member of the Twente casusoverleg is a full standing member.
    assert set(Tafel.objects.get(naam=TWENTE).leden.exclude(pk=lid.pk).values_list("soort", flat=True)) == {
        TafelLidSoort.VOLLEDIG}


def test_it_is_a_standing_participant_and_sees_the_meeting_and_every_general_and_theme_item(client, demo, wereld):
    lid = demo[LID]
    overleg = wereld["overleg"]
    assert OverlegDeelnemer.objects.filter(overleg=overleg, organisatie=wereld["gemeente"], deelnemer=lid).exists()
    assert_has_access(client, lid, overleg)
    algemene = set(overleg.agendapunten.exclude(soort=AgendapuntSoort.CASUS).values_list("pk", flat=True))
    assert wereld["thema"].pk in algemene  # the confidential theme item too: it is a standing member
    assert zichtbare_punten(lid, overleg) == algemene


def test_it_sees_no_case_item_before_the_declaration(client, demo, wereld):
    lid = demo[LID]
    for naam in ("oldenzaal", "enschede", "punt_oldenzaal", "punt_enschede"):
        assert_no_access(client, lid, wereld[naam])
    # The meeting page shows a closed placeholder for the item it is invited for, with the way to the declaration.
    client.force_login(lid)
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": wereld["overleg"].pk})).content.decode()
    assert reverse("casusoverleg:verklaring", kwargs={"pk": wereld["overleg"].pk}) in html
    assert "Jaarplan regiegroep 2027" in html and "Thema: vergunningen" in html
    for code in ("TW-2026-101", "TW-2026-102"):
        assert code not in html


def test_after_the_declaration_it_sees_the_invited_case_item_and_only_that(client, demo, wereld):
    lid = demo[LID]
    verklaar(lid, wereld["overleg"])
    assert_has_access(client, lid, wereld["oldenzaal"])
    assert_has_access(client, lid, wereld["punt_oldenzaal"])
    for naam in ("enschede", "punt_enschede", "actie"):
        assert_no_access(client, lid, wereld[naam])
    assert not selectors.besluiten_visible_for(lid).filter(pk=wereld["besluit"].pk).exists()
    client.force_login(lid)
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": wereld["overleg"].pk})).content.decode()
    assert "TW-2026-101" in html and "TW-2026-102" not in html


def test_the_kind_of_membership_is_what_decides(client, demo, wereld):
    """The same seat as a full standing member sees every case item (as the police does here)."""
    lid = demo[LID]
    politie = demo["politie@oost-nederland.example"]
    for user in (politie,):
        assert_has_access(client, user, wereld["enschede"])
        assert_has_access(client, user, wereld["oldenzaal"])
    TafelLid.objects.filter(tafel__naam=TWENTE, organisatie=wereld["gemeente"]).update(soort=TafelLidSoort.VOLLEDIG)
    assert_has_access(client, lid, wereld["enschede"])
    assert wereld["punt_enschede"].pk in zichtbare_punten(lid, wereld["overleg"])


def test_another_coordinator_of_the_gemeente_follows_the_same_rule(client, demo, wereld):
    """Access is per organisation, the declaration per person: a colleague at Oldenzaal sees the general items and,
    after its own declaration, the invited item; never the other case."""
    from tests.factories import UserFactory

    collega = UserFactory(email="collega@oldenzaal.example", organisatie=wereld["gemeente"], rol="coordinator")
    verklaar(demo[LID], wereld["overleg"])
    assert zichtbare_punten(collega, wereld["overleg"]) == set(
        wereld["overleg"].agendapunten.exclude(soort=AgendapuntSoort.CASUS).values_list("pk", flat=True))
    assert_no_access(client, collega, wereld["oldenzaal"])
    verklaar(collega, wereld["overleg"])
    assert_has_access(client, collega, wereld["oldenzaal"])
    assert_no_access(client, collega, wereld["enschede"])


def test_its_agenda_pdf_holds_the_general_items_and_its_invited_case_item_only(demo, wereld):
    overleg = wereld["overleg"]
    ontvangers = {o.organisatie.pk if o.organisatie else None: o for o in agenda_pdf.ontvangers(overleg)}
    eigen = ontvangers[wereld["gemeente"].pk]
    assert eigen.deelnemer  # it is a standing participant: one PDF, not one as participant and one as invitee
    ids = {p.pk for p in eigen.punten}
    assert wereld["punt_oldenzaal"].pk in ids and wereld["punt_enschede"].pk not in ids
    assert {wereld["algemeen"].pk, wereld["thema"].pk} <= ids
    politie = ontvangers[Organisatie.objects.get(naam="Politie Oost-Nederland").pk]
    assert {wereld["punt_oldenzaal"].pk, wereld["punt_enschede"].pk} <= {p.pk for p in politie.punten}
    assert agenda_pdf.aantal_ontvangers(overleg) == len(ontvangers)


def test_a_document_with_a_case_it_may_not_see_is_not_served_to_it(demo, wereld):
    lid = demo[LID]
    overleg = wereld["overleg"]
    verklaar(lid, overleg)
    eigen = AgendaDocument.objects.create(overleg=overleg, versie=1, organisatie=wereld["gemeente"],
                                          opslagnaam="vast-lid-eigen.pdf", grootte=1, sha256="0" * 64)
    eigen.casussen.set([wereld["oldenzaal"]])
    assert selectors.agendadocumenten_visible_for(lid).filter(pk=eigen.pk).exists()
    eigen.casussen.add(wereld["enschede"])  # a PDF made for a full participant would hold the other case
    assert not selectors.agendadocumenten_visible_for(lid).filter(pk=eigen.pk).exists()


def test_the_ketenregisseur_invites_it_for_a_case_item_but_not_as_a_guest_for_a_general_item(demo, wereld):
    overleg, regisseur, gemeente = wereld["overleg"], wereld["regisseur"], wereld["gemeente"]
    # The Enschede item: Oldenzaal is offered (it does not see that item yet), the police is not (it does).
    kunnen = set(agenda.uit_te_nodigen(wereld["punt_enschede"]).values_list("naam", flat=True))
    assert "Gemeente Oldenzaal" in kunnen and "Politie Oost-Nederland" not in kunnen
    with pytest.raises(ValidationError):  # a standing member sees the general items already
        agenda.invite(wereld["algemeen"], regisseur, gemeente)
    assert "Gemeente Oldenzaal" not in set(agenda.uit_te_nodigen(wereld["algemeen"]).values_list("naam", flat=True))
    with pytest.raises(ValidationError):  # a full standing participant sees every case item already
        agenda.invite(wereld["punt_enschede"], regisseur, Organisatie.objects.get(naam="Politie Oost-Nederland"))
    # An Oldenzaal case is proposed to Oldenzaal, as to any gemeente where a case plays.
    tweede = _casus("TW-2026-103", "Oldenzaal", regisseur)
    punt = agenda.add_casus(overleg, regisseur, tweede)
    assert [v.organisatie for v in agenda.uitnodigingsvoorstellen(punt)] == [gemeente]
    # The invitations page names only the participants that see the item anyway.
    from django.test import Client

    client = Client()
    client.force_login(regisseur)
    response = client.get(reverse("casusoverleg:uitnodigen", kwargs={"pk": punt.pk}))
    assert response.status_code == 200
    assert gemeente not in {d.organisatie for d in response.context["staand"]}


def test_withdrawing_its_invitation_closes_the_case_again(client, demo, wereld):
    lid = demo[LID]
    verklaar(lid, wereld["overleg"])
    assert_has_access(client, lid, wereld["oldenzaal"])
    agenda.revoke_invitation(wereld["uitnodiging"], wereld["regisseur"])
    assert_no_access(client, lid, wereld["oldenzaal"])
    # Still a standing participant: the meeting and its general items stay.
    assert_has_access(client, lid, wereld["overleg"])
    assert wereld["algemeen"].pk in zichtbare_punten(lid, wereld["overleg"])
