"""A ketenregisseur sees its werkgebied, not its organisation's seats elsewhere (issue 16 §4; DESIGN.md §3: role first).

The scenario: Oost-Nederland has a second district, IJsselland, with a casusoverleg of its own. RIEC Oost-Nederland
and Politie Oost-Nederland sit at it as standing participants (as a RIEC sits at every district casusoverleg of its
region). On its agenda is a Zwolle case with an action for the police.

- The Twente ketenregisseur (RIEC Oost-Nederland) sees nothing of it: not the case, the meeting, the item or the action.
- The police's partner-role user and a partner-role user of RIEC Oost-Nederland see it through their seats.
- A ketenregisseur of IJsselland sees it through its werkgebied.
- The Twente ketenregisseur invited by name for the Zwolle item sees that case and item once it accepted the
  meeting's declaration, not before; still not the meeting's other case.
"""
from datetime import timedelta

import pytest
from django.utils import timezone

from casusoverleg import selectors
from casusoverleg.models import (
    Actie,
    ActieSoort,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    Geheimhoudingsverklaring,
    Overleg,
    OverlegDeelnemer,
    Uitnodiging,
)
from partners.models import Organisatie, Rol
from tafels.models import District, Gemeente, Regio, Tafel, TafelLid, TafelSoort
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ijsselland(demo):
    oost = Regio.objects.get(naam="Oost-Nederland")
    district = District.objects.create(naam="IJsselland", code="IJ", regio=oost)
    district.gemeenten.set(Gemeente.objects.filter(naam__in=["Zwolle", "Deventer", "Kampen"]))
    riec = Organisatie.objects.get(naam="RIEC Oost-Nederland")
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    regisseur_ij = UserFactory(email="regisseur@ijsselland.example", organisatie=riec, rol=Rol.KETENREGISSEUR,
                               werkgebied_district=district)
    riec_partner = UserFactory(email="analist@riec-oost.example", organisatie=riec, rol=Rol.PARTNER)
    tafel = Tafel.objects.create(naam="Casusoverleg Mensenhandel IJsselland",
                                 soort=TafelSoort.CASUSOVERLEG_MENSENHANDEL, district=district, voorzitter=regisseur_ij)
    for organisatie in (riec, politie):
        TafelLid.objects.create(tafel=tafel, organisatie=organisatie, mailbox=f"overleg@{organisatie.pk}.example")
    begint = timezone.now() + timedelta(days=10)
    overleg = Overleg.objects.create(
        tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2), locatie="Provinciehuis, Zwolle",
        voorzitter=regisseur_ij, doel="Gezamenlijke aanpak van de besproken casussen.", aangemaakt_door=regisseur_ij)
    for organisatie in (riec, politie):
        OverlegDeelnemer.objects.create(overleg=overleg, organisatie=organisatie, mailbox="overleg@example.example")
    casussen, punten = [], []
    for volgorde, (code, gemeente) in enumerate((("IJ-2026-001", "Zwolle"), ("IJ-2026-002", "Deventer")), start=2):
        casus = Casus.objects.create(code=code, district=district, regio=oost, eigenaar=regisseur_ij,
                                     samenvatting="Vermoedelijke arbeidsuitbuiting in de logistiek.")
        casus.gemeenten.set([Gemeente.objects.get(naam=gemeente)])
        casussen.append(casus)
        punten.append(Agendapunt.objects.create(overleg=overleg, volgorde=volgorde, soort=AgendapuntSoort.CASUS,
                                                casus=casus))
    actie = Actie.objects.create(
        casus=casussen[0], agendapunt=punten[0], omschrijving="Controle van de huisvesting op het adres.",
        soort=ActieSoort.STRAFRECHTELIJK, organisatie=politie, deadline=timezone.localdate() + timedelta(days=14),
        aangemaakt_door=regisseur_ij,
    )
    return {
        "overleg": overleg, "zwolle": casussen[0], "deventer": casussen[1], "punt_zwolle": punten[0],
        "punt_deventer": punten[1], "actie": actie, "regisseur_ij": regisseur_ij, "riec_partner": riec_partner,
        "riec": riec,
    }


def test_the_twente_ketenregisseur_sees_nothing_of_ijsselland_through_its_organisations_seat(
        client, demo, ijsselland):
    twente = demo["regisseur@twente.example"]
    for obj in (ijsselland["zwolle"], ijsselland["deventer"], ijsselland["overleg"], ijsselland["punt_zwolle"],
                ijsselland["actie"]):
        assert_no_access(client, twente, obj)
    assert not selectors.agendadocumenten_visible_for(twente).filter(overleg=ijsselland["overleg"]).exists()
    assert not selectors.besluiten_visible_for(twente).filter(agendapunt__overleg=ijsselland["overleg"]).exists()


def test_partner_role_users_see_it_through_their_organisations_seat(client, demo, ijsselland):
    politie = demo["politie@oost-nederland.example"]
    for user in (politie, ijsselland["riec_partner"]):
        for obj in (ijsselland["zwolle"], ijsselland["overleg"], ijsselland["punt_zwolle"]):
            assert_has_access(client, user, obj)
        assert selectors.acties_visible_for(user).filter(pk=ijsselland["actie"].pk).exists()
    assert_has_access(client, politie, ijsselland["actie"])  # its own action: on its "Mijn acties"


def test_the_ijsselland_ketenregisseur_sees_its_werkgebied(client, ijsselland):
    for obj in (ijsselland["zwolle"], ijsselland["deventer"], ijsselland["overleg"], ijsselland["punt_zwolle"],
                ijsselland["actie"]):
        assert_has_access(client, ijsselland["regisseur_ij"], obj)


def test_invited_by_name_the_twente_ketenregisseur_sees_that_item_after_the_declaration(client, demo, ijsselland):
    twente = demo["regisseur@twente.example"]
    Uitnodiging.objects.create(agendapunt=ijsselland["punt_zwolle"], organisatie=ijsselland["riec"], deelnemer=twente,
                               uitgenodigd_door=ijsselland["regisseur_ij"])
    assert_no_access(client, twente, ijsselland["zwolle"])
    Geheimhoudingsverklaring.objects.create(overleg=ijsselland["overleg"], gebruiker=twente,
                                            organisatie=ijsselland["riec"], tekst="Ik verklaar geheimhouding.")
    assert_has_access(client, twente, ijsselland["zwolle"])
    assert selectors.agendapunten_visible_for(twente).filter(pk=ijsselland["punt_zwolle"].pk).exists()
    assert selectors.acties_visible_for(twente).filter(pk=ijsselland["actie"].pk).exists()
    # Not the meeting's other case, nor its item.
    assert_no_access(client, twente, ijsselland["deventer"])
    assert not selectors.agendapunten_visible_for(twente).filter(pk=ijsselland["punt_deventer"].pk).exists()


def test_an_action_of_its_own_organisation_stays_visible_to_a_ketenregisseur(demo, ijsselland):
    """The responsible organisation always sees its actions: an IJsselland action for RIEC Oost-Nederland is on the
    Twente ketenregisseur's "Mijn acties" (its organisation must act), without revealing the case."""
    twente = demo["regisseur@twente.example"]
    Actie.objects.filter(pk=ijsselland["actie"].pk).update(organisatie=ijsselland["riec"])
    assert selectors.acties_visible_for(twente).filter(pk=ijsselland["actie"].pk).exists()
    assert not selectors.casussen_visible_for(twente).filter(pk=ijsselland["zwolle"].pk).exists()
