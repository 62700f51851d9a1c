"""Who finds which basisniveau measurement, which gemeente's answers and which awareness session (issue 9 "Tests":
"coordinators fill only their own gemeente; 404 for other werkgebieden"). Written before the views; the objects are
built straight in the database.

Scenario: a Midden-Nederland measurement (Utrecht and Amersfoort among its gemeenten) and a Twente measurement
(Enschede, Hengelo); an awareness session in Twente (Enschede) and one in Midden-Nederland (Utrecht).
"""
from datetime import date

import pytest

from partners.models import Organisatie, OrganisatieSoort, Rol
from rapportage import selectors
from rapportage.models import (
    Afdeling,
    BasisniveauItem,
    Bewustwordingsbijeenkomst,
    Meting,
    MetingAntwoord,
    MetingGemeente,
)
from tafels.models import District, Gemeente, Regio
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def maak_meting(werkgebied, gemeenten, datum):
    velden = {"district": werkgebied} if isinstance(werkgebied, District) else {"regio": werkgebied}
    meting = Meting.objects.create(**velden, datum=datum)
    for naam in gemeenten:
        gemeente = Gemeente.objects.get(naam=naam)
        mg = MetingGemeente.objects.create(meting=meting, gemeente=gemeente, cbs_code=gemeente.cbs_code,
                                           naam=gemeente.naam)
        for item in BasisniveauItem.values:
            MetingAntwoord.objects.create(meting_gemeente=mg, item=item)
    return meting


def maak_bijeenkomst(werkgebied, gemeenten, organisator, door):
    velden = {"district": werkgebied} if isinstance(werkgebied, District) else {"regio": werkgebied}
    bijeenkomst = Bewustwordingsbijeenkomst.objects.create(
        **velden, datum=date(2026, 9, 15), organisator=organisator, afdelingen=[Afdeling.PUBLIEKSBALIE],
        deelnemers=24, aangemaakt_door=door)
    bijeenkomst.gemeenten.set(Gemeente.objects.filter(naam__in=gemeenten))
    return bijeenkomst


@pytest.fixture
def scenario(demo):
    twente = District.objects.get(code="TW")
    midden = Regio.objects.get(naam="Midden-Nederland")
    midden_meting = maak_meting(midden, ["Utrecht", "Amersfoort", "Zeist"], date(2022, 2, 15))
    twente_meting = maak_meting(twente, ["Enschede", "Hengelo", "Almelo"], date(2026, 3, 1))
    riec_oost = Organisatie.objects.get(naam="RIEC Oost-Nederland")
    riec_midden = Organisatie.objects.get(naam="RIEC Midden-Nederland")
    return {
        "midden_meting": midden_meting,
        "twente_meting": twente_meting,
        "utrecht": midden_meting.gemeenten.get(naam="Utrecht"),
        "amersfoort": midden_meting.gemeenten.get(naam="Amersfoort"),
        "enschede": twente_meting.gemeenten.get(naam="Enschede"),
        "hengelo": twente_meting.gemeenten.get(naam="Hengelo"),
        "sessie_twente": maak_bijeenkomst(twente, ["Enschede"], riec_oost, demo["regisseur@twente.example"]),
        "sessie_midden": maak_bijeenkomst(midden, ["Utrecht"], riec_midden,
                                          demo["regisseur@midden-nederland.example"]),
    }


def test_ketenregisseur_sees_own_werkgebied(client, demo, scenario):
    regisseur = demo["regisseur@midden-nederland.example"]
    assert_has_access(client, regisseur, scenario["midden_meting"])
    assert_has_access(client, regisseur, scenario["utrecht"])
    assert_has_access(client, regisseur, scenario["amersfoort"])
    assert_has_access(client, regisseur, scenario["sessie_midden"])
    for obj in ("twente_meting", "enschede", "hengelo", "sessie_twente"):
        assert_no_access(client, regisseur, scenario[obj])


def test_portefeuillehouder_sees_regional_figures_not_per_gemeente_answers(client, demo, scenario):
    burgemeester = demo["burgemeester@midden-nederland.example"]
    assert_has_access(client, burgemeester, scenario["midden_meting"])
    assert_has_access(client, burgemeester, scenario["sessie_midden"])
    assert_no_access(client, burgemeester, scenario["utrecht"])
    assert not selectors.ziet_antwoorden_per_gemeente(burgemeester, scenario["midden_meting"])
    assert selectors.ziet_antwoorden_per_gemeente(demo["regisseur@midden-nederland.example"],
                                                  scenario["midden_meting"])
    for obj in ("twente_meting", "enschede", "sessie_twente"):
        assert_no_access(client, burgemeester, scenario[obj])


def test_coordinator_fills_only_own_gemeente(client, demo, scenario):
    utrecht = demo["coordinator@utrecht.example"]
    assert_has_access(client, utrecht, scenario["midden_meting"])
    assert_has_access(client, utrecht, scenario["utrecht"])
    assert_has_access(client, utrecht, scenario["sessie_midden"])
    for obj in ("amersfoort", "twente_meting", "enschede", "hengelo", "sessie_twente"):
        assert_no_access(client, utrecht, scenario[obj])
    enschede = demo["coordinator@enschede.example"]
    assert_has_access(client, enschede, scenario["enschede"])
    for obj in ("hengelo", "midden_meting", "utrecht", "sessie_midden"):
        assert_no_access(client, enschede, scenario[obj])


@pytest.mark.parametrize("email", ["politie@oost-nederland.example", "inspectie@nla.example",
                                   "beheer@ketenregie.example"])
def test_partners_and_beheerder_find_nothing(client, demo, scenario, email):
    for obj in scenario.values():
        assert_no_access(client, demo[email], obj)


def test_coordinator_of_a_gemeente_outside_the_population_finds_nothing(client, demo, scenario):
    houten = Organisatie.objects.create(naam="Gemeente Houten", soort=OrganisatieSoort.GEMEENTE,
                                        gemeente=Gemeente.objects.get(naam="Houten"))
    coordinator = UserFactory(rol=Rol.COORDINATOR, organisatie=houten)
    for obj in ("midden_meting", "utrecht", "sessie_midden"):
        assert_no_access(client, coordinator, scenario[obj])


def test_twente_ketenregisseur_sees_a_regional_session_that_reached_enschede(demo, scenario):
    """A session registered for the region Oost-Nederland that reached Enschede counts for Twente too."""
    oost = Regio.objects.get(naam="Oost-Nederland")
    sessie = maak_bijeenkomst(oost, ["Enschede"], Organisatie.objects.get(naam="RIEC Oost-Nederland"),
                              demo["regisseur@twente.example"])
    regisseur = demo["regisseur@twente.example"]
    assert selectors.bijeenkomsten_visible_for(regisseur).filter(pk=sessie.pk).exists()
    assert not selectors.may_manage_bijeenkomst(regisseur, sessie)  # registered for the region, not for Twente
    assert selectors.may_manage_bijeenkomst(regisseur, scenario["sessie_twente"])
