"""Who sees which case, meeting, agenda item and agenda PDF (DESIGN.md §3, issue 6 "Access").

Written before the views: the objects are built straight in the database, so these tests state the rule
independently of the services. ``assert_no_access`` proves: not in the selector, 404 on every registered URL of the
object (GET and POST), absent from every list; ``assert_has_access`` the mirror image.

The scenario: the Twente casusoverleg meets; on its agenda are an Enschede case and a Hengelo case; Gemeente
Hengelo is invited for the Hengelo item only. Midden-Nederland has a case of its own on the agenda of its meeting,
which the Midden-Nederland ketenregisseur chairs.
"""
from datetime import timedelta

import pytest
from django.utils import timezone

from casusoverleg import selectors
from casusoverleg.models import (
    AgendaDocument,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    Geheimhoudingsverklaring,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from partners.models import Organisatie
from tafels.models import District, Gemeente, Regio, Tafel
from tests.access import assert_has_access, assert_no_access

pytestmark = pytest.mark.django_db

TWENTE = "Casusoverleg Mensenhandel Twente"
MIDDEN = "Casusoverleg Mensenhandel Midden-Nederland"


def maak_casus(code, gemeente, eigenaar, *, district=None, regio=None):
    gemeente = Gemeente.objects.get(naam=gemeente)
    casus = Casus.objects.create(
        code=code, district=district, regio=regio or district.regio, eigenaar=eigenaar,
        samenvatting="Vermoedelijke arbeidsuitbuiting in een distributiecentrum.",
    )
    casus.gemeenten.set([gemeente])
    return casus


def maak_overleg(tafel_naam, door, *, dagen=14):
    tafel = Tafel.objects.get(naam=tafel_naam)
    begint = timezone.now() + timedelta(days=dagen)
    overleg = Overleg.objects.create(
        tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2), locatie="Stadhuis, zaal 3",
        voorzitter=tafel.voorzitter, doel="Gezamenlijke aanpak van de besproken casussen.", aangemaakt_door=door,
    )
    for lid in tafel.leden.all():
        OverlegDeelnemer.objects.create(overleg=overleg, organisatie=lid.organisatie, deelnemer=lid.deelnemer,
                                        mailbox=lid.mailbox)
    Agendapunt.objects.create(overleg=overleg, volgorde=1, soort=AgendapuntSoort.OPENING)
    return overleg


def punt(overleg, casus, volgorde):
    return Agendapunt.objects.create(overleg=overleg, volgorde=volgorde, soort=AgendapuntSoort.CASUS, casus=casus)


@pytest.fixture
def wereld(demo):
    regisseur = demo["regisseur@twente.example"]
    regisseur_mn = demo["regisseur@midden-nederland.example"]
    twente = District.objects.get(code="TW")
    enschede = maak_casus("TW-2026-001", "Enschede", regisseur, district=twente)
    hengelo = maak_casus("TW-2026-002", "Hengelo", regisseur, district=twente)
    niet_geagendeerd = maak_casus("TW-2026-003", "Almelo", regisseur, district=twente)
    utrecht = maak_casus("MN-2026-001", "Utrecht", regisseur_mn, regio=Regio.objects.get(naam="Midden-Nederland"))
    overleg = maak_overleg(TWENTE, regisseur)
    punt_enschede = punt(overleg, enschede, 2)
    punt_hengelo = punt(overleg, hengelo, 3)
    algemeen = Agendapunt.objects.create(overleg=overleg, volgorde=4, soort=AgendapuntSoort.ONDERWERP,
                                         titel="Jaarplan 2027")
    uitnodiging = Uitnodiging.objects.create(
        agendapunt=punt_hengelo, organisatie=Organisatie.objects.get(naam="Gemeente Hengelo"),
        deelnemer=demo["coordinator@hengelo.example"], uitgenodigd_door=regisseur,
    )
    overleg_mn = maak_overleg(MIDDEN, regisseur_mn)
    punt_utrecht = punt(overleg_mn, utrecht, 2)
    return {
        "enschede": enschede, "hengelo": hengelo, "almelo": niet_geagendeerd, "utrecht": utrecht,
        "overleg": overleg, "overleg_mn": overleg_mn, "punt_enschede": punt_enschede, "punt_hengelo": punt_hengelo,
        "algemeen": algemeen, "punt_utrecht": punt_utrecht, "uitnodiging": uitnodiging,
    }


def verklaar(user, overleg):
    return Geheimhoudingsverklaring.objects.create(overleg=overleg, gebruiker=user, organisatie=user.organisatie,
                                                   tekst="Ik verklaar ...")


# --- Casus -------------------------------------------------------------------------------------------------


def test_the_twente_director_sees_every_twente_case_and_no_midden_nederland_case(client, demo, wereld):
    regisseur = demo["regisseur@twente.example"]
    for naam in ("enschede", "hengelo", "almelo"):
        assert_has_access(client, regisseur, wereld[naam])
    assert_no_access(client, regisseur, wereld["utrecht"])


def test_the_midden_nederland_director_sees_only_their_own_case(client, demo, wereld):
    regisseur = demo["regisseur@midden-nederland.example"]
    assert_has_access(client, regisseur, wereld["utrecht"])
    for naam in ("enschede", "hengelo", "almelo"):
        assert_no_access(client, regisseur, wereld[naam])


def test_a_standing_participant_sees_the_cases_on_the_agenda_and_nothing_else(client, demo, wereld):
    politie = demo["politie@oost-nederland.example"]
    assert_has_access(client, politie, wereld["enschede"])
    assert_has_access(client, politie, wereld["hengelo"])
    assert_no_access(client, politie, wereld["almelo"])  # not on any agenda
    assert_no_access(client, politie, wereld["utrecht"])


def test_the_inspectorate_sits_at_both_tables_and_sees_each_tables_agenda_cases(client, demo, wereld):
    nla = demo["inspectie@nla.example"]
    assert set(selectors.casussen_visible_for(nla)) == {wereld["enschede"], wereld["hengelo"], wereld["utrecht"]}


def test_an_invitee_sees_nothing_of_the_case_until_the_declaration_then_only_that_case(client, demo, wereld):
    hengelo = demo["coordinator@hengelo.example"]
    for naam in ("enschede", "hengelo", "almelo", "utrecht"):
        assert_no_access(client, hengelo, wereld[naam])
    # The meeting itself (date, general items) is visible: that is where the declaration is accepted.
    assert_has_access(client, hengelo, wereld["overleg"])
    assert set(selectors.agendapunten_visible_for(hengelo)) == {
        wereld["overleg"].agendapunten.get(soort=AgendapuntSoort.OPENING), wereld["algemeen"]}
    assert list(selectors.uitnodigingen_zonder_verklaring(hengelo, wereld["overleg"])) == [wereld["uitnodiging"]]

    verklaar(hengelo, wereld["overleg"])
    assert_has_access(client, hengelo, wereld["hengelo"])
    assert_no_access(client, hengelo, wereld["enschede"])
    assert_no_access(client, hengelo, wereld["punt_enschede"])
    assert wereld["punt_hengelo"] in selectors.agendapunten_visible_for(hengelo)
    assert not selectors.uitnodigingen_zonder_verklaring(hengelo, wereld["overleg"]).exists()


def test_the_declaration_is_personal_a_colleague_must_accept_it_too(client, demo, wereld):
    from tests.factories import UserFactory

    hengelo = demo["coordinator@hengelo.example"]
    collega = UserFactory(organisatie=hengelo.organisatie, rol=hengelo.rol)
    verklaar(hengelo, wereld["overleg"])
    assert_no_access(client, collega, wereld["hengelo"])


def test_a_coordinator_of_another_gemeente_sees_neither_the_meeting_nor_its_cases(client, demo, wereld):
    enschede = demo["coordinator@enschede.example"]
    assert_no_access(client, enschede, wereld["overleg"])
    for naam in ("enschede", "hengelo"):
        assert_no_access(client, enschede, wereld[naam])


def test_the_chair_sees_the_agenda_items_of_her_meeting_but_no_case_as_such(client, demo, wereld):
    voorzitter = demo["burgemeester@twente.example"]
    assert wereld["overleg"].voorzitter == voorzitter
    assert_has_access(client, voorzitter, wereld["overleg"])
    punten = set(selectors.agendapunten_visible_for(voorzitter))
    assert {wereld["punt_enschede"], wereld["punt_hengelo"], wereld["algemeen"]} <= punten
    for naam in ("enschede", "hengelo", "almelo", "utrecht"):
        assert_no_access(client, voorzitter, wereld[naam])


def test_a_portfolio_holder_who_does_not_chair_sees_dates_and_general_items_only(client, demo, wereld):
    burgemeester = demo["burgemeester@midden-nederland.example"]
    overleg = wereld["overleg_mn"]
    assert overleg.voorzitter == demo["regisseur@midden-nederland.example"]
    assert_has_access(client, burgemeester, overleg)
    assert set(selectors.agendapunten_visible_for(burgemeester)) == {overleg.agendapunten.get(soort="opening")}
    assert_no_access(client, burgemeester, wereld["punt_utrecht"])
    assert_no_access(client, burgemeester, wereld["utrecht"])
    assert_no_access(client, burgemeester, wereld["overleg"])  # another werkgebied


def test_the_administrator_sees_no_case_and_no_meeting(client, demo, wereld):
    beheer = demo["beheer@ketenregie.example"]
    assert_no_access(client, beheer, wereld["enschede"])
    assert_no_access(client, beheer, wereld["overleg"])


def test_a_cancelled_meeting_no_longer_opens_its_cases_to_participants(client, demo, wereld):
    politie = demo["politie@oost-nederland.example"]
    Overleg.objects.filter(pk=wereld["overleg"].pk).update(status=OverlegStatus.GEANNULEERD)
    assert_no_access(client, politie, wereld["enschede"])


def test_an_inactive_user_sees_nothing(demo, wereld):
    regisseur = demo["regisseur@twente.example"]
    regisseur.is_active = False
    for selector in (selectors.casussen_visible_for, selectors.overleggen_visible_for,
                     selectors.agendapunten_visible_for, selectors.agendadocumenten_visible_for,
                     selectors.acties_visible_for):
        assert not selector(regisseur).exists()


# --- Agenda items ------------------------------------------------------------------------------------------


def test_agenda_items_of_another_werkgebied_answer_404(client, demo, wereld):
    assert_no_access(client, demo["regisseur@twente.example"], wereld["punt_utrecht"])
    assert_no_access(client, demo["regisseur@midden-nederland.example"], wereld["punt_enschede"])
    assert_no_access(client, demo["coordinator@utrecht.example"], wereld["punt_enschede"])


# --- Agenda PDFs -------------------------------------------------------------------------------------------


def document(overleg, organisatie, punten):
    doc = AgendaDocument.objects.create(overleg=overleg, versie=1, organisatie=organisatie,
                                        opslagnaam=f"test-{overleg.pk}-{getattr(organisatie, 'pk', 'vol')}",
                                        grootte=1, sha256="0" * 64)
    doc.punten.set(punten)
    doc.casussen.set([p.casus_id for p in doc.punten.all() if p.casus_id])
    return doc


def test_each_organisation_gets_only_its_own_agenda_pdf(client, demo, wereld):
    overleg = wereld["overleg"]
    opening = overleg.agendapunten.get(soort="opening")
    volledig = document(overleg, None, overleg.agendapunten.all())
    politie_doc = document(overleg, Organisatie.objects.get(naam="Politie Oost-Nederland"), overleg.agendapunten.all())
    hengelo_doc = document(overleg, Organisatie.objects.get(naam="Gemeente Hengelo"),
                           [opening, wereld["punt_hengelo"], wereld["algemeen"]])

    politie = demo["politie@oost-nederland.example"]
    assert set(selectors.agendadocumenten_visible_for(politie)) == {politie_doc}
    regisseur = demo["regisseur@twente.example"]
    assert volledig in selectors.agendadocumenten_visible_for(regisseur)
    voorzitter = demo["burgemeester@twente.example"]
    assert set(selectors.agendadocumenten_visible_for(voorzitter)) == {volledig}

    hengelo = demo["coordinator@hengelo.example"]
    assert_no_access(client, hengelo, hengelo_doc)  # the declaration first
    assert_no_access(client, hengelo, politie_doc)
    verklaar(hengelo, overleg)
    assert set(selectors.agendadocumenten_visible_for(hengelo)) == {hengelo_doc}
    assert_no_access(client, hengelo, volledig)
    assert_no_access(client, demo["coordinator@enschede.example"], hengelo_doc)
    assert_no_access(client, demo["regisseur@midden-nederland.example"], volledig)


def test_a_pdf_holding_a_case_taken_off_the_agenda_is_no_longer_served_to_an_invitee(client, demo, wereld):
    """Hengelo is invited for two items; after one is removed, the old PDF with that case stays closed to it."""
    overleg = wereld["overleg"]
    hengelo = demo["coordinator@hengelo.example"]
    gemeente = hengelo.organisatie
    Uitnodiging.objects.create(agendapunt=wereld["punt_enschede"], organisatie=gemeente, deelnemer=hengelo,
                               uitgenodigd_door=demo["regisseur@twente.example"])
    verklaar(hengelo, overleg)
    doc = document(overleg, gemeente, [wereld["punt_enschede"], wereld["punt_hengelo"]])
    assert doc in selectors.agendadocumenten_visible_for(hengelo)
    wereld["punt_enschede"].delete()
    assert_no_access(client, hengelo, doc)


def test_a_cancelled_meeting_shows_its_chair_and_participants_no_case_item_and_no_pdf(client, demo, wereld):
    overleg = wereld["overleg"]
    politie_doc = document(overleg, Organisatie.objects.get(naam="Politie Oost-Nederland"), overleg.agendapunten.all())
    volledig = document(overleg, None, overleg.agendapunten.all())
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEANNULEERD)
    assert_no_access(client, demo["politie@oost-nederland.example"], politie_doc)
    assert_no_access(client, demo["politie@oost-nederland.example"], wereld["punt_enschede"])
    assert_no_access(client, demo["burgemeester@twente.example"], volledig)
    assert_no_access(client, demo["burgemeester@twente.example"], wereld["punt_hengelo"])
    # The ketenregisseur keeps the record of the meeting.
    assert volledig in selectors.agendadocumenten_visible_for(demo["regisseur@twente.example"])


def test_seeing_a_case_through_one_meeting_does_not_reveal_another_meeting_it_is_on(client, demo, wereld):
    """Hengelo sees the Hengelo case through the first meeting. In a second meeting it is invited for another case
    only; that the Hengelo case is on that agenda too (and what was decided there) stays out of its case page."""
    from casusoverleg import historie
    from casusoverleg.models import Besluit, CasusGebeurtenis

    hengelo = demo["coordinator@hengelo.example"]
    regisseur = demo["regisseur@twente.example"]
    tweede = maak_overleg(TWENTE, regisseur, dagen=40)
    punt_hengelo = punt(tweede, wereld["hengelo"], 2)
    punt_almelo = punt(tweede, wereld["almelo"], 3)
    Uitnodiging.objects.create(agendapunt=punt_almelo, organisatie=hengelo.organisatie, deelnemer=hengelo,
                               uitgenodigd_door=regisseur)
    historie.add(wereld["hengelo"], regisseur, CasusGebeurtenis.AGENDA, overleg=tweede)
    Besluit.objects.create(agendapunt=punt_hengelo, tekst="Geheim besluit van het tweede overleg.",
                           vastgelegd_door=regisseur)
    historie.add(wereld["hengelo"], regisseur, CasusGebeurtenis.BESLUIT, overleg=tweede,
                 tekst="Geheim besluit van het tweede overleg.")
    verklaar(hengelo, wereld["overleg"])
    verklaar(hengelo, tweede)

    client.force_login(hengelo)
    pagina = client.get(f"/casussen/{wereld['hengelo'].pk}/").content.decode()
    assert f"/overleggen/{wereld['overleg'].pk}/" in pagina
    assert f"/overleggen/{tweede.pk}/" not in pagina
    assert "Geheim besluit" not in pagina
    lijst = client.get("/casussen/").content.decode()
    rij = lijst.split(f'data-casus="{wereld["hengelo"].pk}"')[1].split("</tr>")[0]
    assert f"/overleggen/{tweede.pk}/" not in rij  # (the Almelo case's row does name it: Hengelo sees that one)
    # The ketenregisseur of the werkgebied sees both.
    client.force_login(regisseur)
    pagina = client.get(f"/casussen/{wereld['hengelo'].pk}/").content.decode()
    assert f"/overleggen/{tweede.pk}/" in pagina and "Geheim besluit" in pagina


def test_asking_about_a_few_cases_gives_exactly_the_visible_ones_of_them(demo, wereld):
    """``casussen_visible_for(user, binnen=ids)`` (issue 14: bounded by the question) equals the full selector
    filtered to those ids, for every demo user, with invited and not-invited cases and one the user may not see."""
    verklaar(demo["coordinator@hengelo.example"], wereld["overleg"])
    ids = [wereld[naam].pk for naam in ("enschede", "hengelo", "almelo", "utrecht")]
    for user in demo.values():
        volledig = set(selectors.casussen_visible_for(user).filter(pk__in=ids).values_list("pk", flat=True))
        begrensd = set(selectors.casussen_visible_for(user, binnen=ids).values_list("pk", flat=True))
        assert begrensd == volledig, user.email
        assert set(selectors.zichtbare_casussen(user, ids)) == volledig, user.email


def test_asking_about_a_few_actions_gives_exactly_the_visible_ones_of_them(demo, wereld):
    """``acties_visible_for(user, binnen=ids)`` equals the full selector filtered to those ids, for every demo user."""
    from casusoverleg.models import Actie, ActieSoort

    verklaar(demo["coordinator@hengelo.example"], wereld["overleg"])
    regisseur = demo["regisseur@twente.example"]
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    nla = Organisatie.objects.get(naam="Nederlandse Arbeidsinspectie")
    acties = [
        Actie.objects.create(casus=wereld[casus], agendapunt=wereld.get(punt), organisatie=org, aangemaakt_door=regisseur,
                             omschrijving="Controle.", soort=ActieSoort.BESTUURLIJK, deadline=timezone.localdate())
        for casus, punt, org in (("enschede", "punt_enschede", politie), ("hengelo", "punt_hengelo", nla),
                                 ("almelo", None, politie), ("utrecht", "punt_utrecht", nla))
    ]
    acties.append(Actie.objects.create(agendapunt=wereld["algemeen"], organisatie=nla, aangemaakt_door=regisseur,
                                       omschrijving="Jaarplan.", soort=ActieSoort.BESTUURLIJK,
                                       deadline=timezone.localdate()))
    ids = [actie.pk for actie in acties]
    for user in demo.values():
        volledig = set(selectors.acties_visible_for(user).filter(pk__in=ids).values_list("pk", flat=True))
        assert set(selectors.acties_visible_for(user, binnen=ids).values_list("pk", flat=True)) == volledig, user.email
