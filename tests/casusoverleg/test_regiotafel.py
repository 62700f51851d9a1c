"""The regional table in use (issue 21): the Regionale Tafel Mensenhandel Oost-Nederland, chaired by the regional
portefeuillehouder and planned by the ketenregisseur whose werkgebied is the region.

Decision (DESIGN.md §3, stated here and in the README): a werkgebied that is a region holds every gemeente of that
region, its districts' gemeenten included. So the region's ketenregisseur sees the signals and cases of the whole
region, as the design gives them to "the ketenregisseurs whose werkgebied holds its gemeente" and as the existing
code already did (``signalen.selectors.ketenregisseurs_van`` names a region's ketenregisseur for a Twente signal). It
does not see more than its werkgebied: nothing of another region, nothing through its organisation's seats at tables
elsewhere. A district ketenregisseur sees the regional table's meetings, their general items and the case items of
its own district, not another district's case items. The chair sees the items of the meetings it chairs, no case as
such and no signal.

The scenario: a second district in Oost-Nederland, IJsselland, with a ketenregisseur of its own; a meeting of the
regional table planned by the region's ketenregisseur, with a Twente case, an IJsselland case and a theme item.
"""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casusoverleg import selectors
from casusoverleg.models import AgendapuntSoort, Casus
from casusoverleg.services import agenda, overleggen
from partners.models import Organisatie, Rol
from tafels.models import District, Gemeente, Regio, Tafel
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory
from tests.signalen.test_access import maak_signaal
from tests.tafels.regio21 import regio_wereld

pytestmark = pytest.mark.django_db

REGIO_TAFEL = "Regionale Tafel Mensenhandel Oost-Nederland"
OOST = "regisseur@oost-nederland.example"
VOORZITTER = "burgemeester@oost-nederland.example"
TWENTE = "regisseur@twente.example"


def _casus(code, district, gemeente, eigenaar):
    casus = Casus.objects.create(code=code, district=district, regio=district.regio, eigenaar=eigenaar,
                                 samenvatting="Vermoedelijke arbeidsuitbuiting in de logistiek.")
    casus.gemeenten.set([Gemeente.objects.get(naam=gemeente)])
    return casus


@pytest.fixture(autouse=True)
def _regio(demo):
    """The regional table's chair and ketenregisseur: a step of ``seed_demo`` after the demo basis."""
    return regio_wereld(demo)


@pytest.fixture
def wereld(demo):
    oost = Regio.objects.get(naam="Oost-Nederland")
    ijsselland = District.objects.create(naam="IJsselland", code="IJ", regio=oost)
    ijsselland.gemeenten.set(Gemeente.objects.filter(naam__in=["Zwolle", "Deventer"]))
    regisseur_ij = UserFactory(email="regisseur@ijsselland.example", rol=Rol.KETENREGISSEUR,
                               organisatie=Organisatie.objects.get(naam="RIEC Oost-Nederland"),
                               werkgebied_district=ijsselland)
    regio = demo[OOST]
    tafel = Tafel.objects.get(naam=REGIO_TAFEL)
    begint = timezone.now() + timedelta(days=21)
    overleg = overleggen.schedule(tafel, regio, begint=begint, eindigt=begint + timedelta(hours=2),
                                  locatie="Provinciehuis, Arnhem", doel="Regionaal beeld en afstemming.")
    twente_casus = _casus("TW-2026-201", District.objects.get(code="TW"), "Hengelo", demo[TWENTE])
    ij_casus = _casus("IJ-2026-001", ijsselland, "Zwolle", regisseur_ij)
    return {
        "tafel": tafel, "overleg": overleg, "twente_casus": twente_casus, "ij_casus": ij_casus,
        "regisseur_ij": regisseur_ij, "regio": regio,
        "punt_twente": agenda.add_casus(overleg, regio, twente_casus),
        "punt_ij": agenda.add_casus(overleg, regio, ij_casus),
        "thema": agenda.add_punt(overleg, regio, soort=AgendapuntSoort.ONDERWERP, titel="Regionaal beeld logistiek"),
    }


def test_the_demo_gives_the_regional_table_a_chair_and_a_regional_ketenregisseur(demo):
    tafel = Tafel.objects.get(naam=REGIO_TAFEL)
    assert tafel.voorzitter == demo[VOORZITTER]
    assert demo[VOORZITTER].rol == Rol.PORTEFEUILLEHOUDER and demo[VOORZITTER].werkgebied == tafel.regio
    regisseur = demo[OOST]
    assert regisseur.rol == Rol.KETENREGISSEUR and regisseur.werkgebied == tafel.regio
    assert tafel.leden.get(organisatie__naam="RIEC Oost-Nederland").deelnemer == regisseur
    assert tafel in selectors.beheerde_tafels(regisseur)
    # The district's ketenregisseur does not plan the region's table.
    assert tafel not in selectors.beheerde_tafels(demo[TWENTE])


def test_the_region_ketenregisseur_plans_the_meeting_through_the_pages(client, demo):
    tafel = Tafel.objects.get(naam=REGIO_TAFEL)
    client.force_login(demo[OOST])
    response = client.get(reverse("casusoverleg:overleg_nieuw"), {"tafel": tafel.pk})
    assert response.status_code == 200
    assert response.context["tafel"] == tafel
    assert str(response.context["form"]["voorzitter"].value()) == str(demo[VOORZITTER].pk)  # the table's chair
    client.force_login(demo[TWENTE])
    response = client.get(reverse("casusoverleg:overleg_nieuw"), {"tafel": tafel.pk})
    assert response.status_code == 404 or response.context.get("tafel") != tafel


def test_the_region_ketenregisseur_sees_and_manages_the_meeting_across_the_districts(client, wereld):
    regio = wereld["regio"]
    assert selectors.may_manage_overleg(regio, wereld["overleg"])
    for naam in ("overleg", "twente_casus", "ij_casus", "punt_twente", "punt_ij", "thema"):
        assert_has_access(client, regio, wereld[naam])
    # The agenda proposes the open cases of every district of the region.
    voorgesteld = {v.casus.code for v in agenda.voorstellen(wereld["overleg"])} | {"TW-2026-201", "IJ-2026-001"}
    assert {"TW-2026-201", "IJ-2026-001"} <= voorgesteld


def test_a_district_ketenregisseur_sees_the_meeting_and_its_own_districts_case_item_only(client, demo, wereld):
    twente = demo[TWENTE]
    assert not selectors.may_manage_overleg(twente, wereld["overleg"])
    for naam in ("overleg", "twente_casus", "punt_twente", "thema"):
        assert_has_access(client, twente, wereld[naam])
    for naam in ("ij_casus", "punt_ij"):
        assert_no_access(client, twente, wereld[naam])
    ij = wereld["regisseur_ij"]
    assert_has_access(client, ij, wereld["punt_ij"])
    for naam in ("twente_casus", "punt_twente"):
        assert_no_access(client, ij, wereld[naam])
    # Seeing the meeting is not changing its agenda.
    client.force_login(twente)
    url = reverse("casusoverleg:punt_toevoegen", kwargs={"pk": wereld["overleg"].pk})
    assert client.post(url, {"punt-soort": "onderwerp", "punt-titel": "Ander punt"}).status_code == 403


def test_the_chair_sees_the_items_of_the_meeting_and_no_case_as_such(client, demo, wereld):
    voorzitter = demo[VOORZITTER]
    assert wereld["overleg"].voorzitter == voorzitter
    for naam in ("overleg", "punt_twente", "punt_ij", "thema"):
        assert_has_access(client, voorzitter, wereld[naam])
    for naam in ("twente_casus", "ij_casus"):
        assert_no_access(client, voorzitter, wereld[naam])


def test_another_region_sees_nothing_of_it(client, demo, wereld):
    for email in ("regisseur@midden-nederland.example", "burgemeester@midden-nederland.example",
                  "coordinator@utrecht.example"):
        for naam in ("overleg", "twente_casus", "ij_casus", "punt_twente", "thema"):
            assert_no_access(client, demo[email], wereld[naam])


def test_the_region_ketenregisseur_sees_the_signals_of_its_region_as_the_design_says_and_no_others(client, demo,
                                                                                                  wereld):
    """DESIGN.md §3: a signal is seen by "the ketenregisseurs whose werkgebied holds its gemeente"; the region holds
    its districts' gemeenten. Nothing of Midden-Nederland; the portefeuillehouder never sees a signal."""
    twente = maak_signaal(demo["coordinator@enschede.example"])
    utrecht = maak_signaal(demo["coordinator@utrecht.example"])
    assert_has_access(client, demo[OOST], twente)
    assert_no_access(client, demo[OOST], utrecht)
    for email in (VOORZITTER, "regisseur@midden-nederland.example"):
        assert_no_access(client, demo[email], twente)
    # A district ketenregisseur does not see another district's signals.
    assert_no_access(client, wereld["regisseur_ij"], twente)


def test_its_organisations_seat_elsewhere_gives_the_region_ketenregisseur_nothing(client, demo):
    """A seat of RIEC Oost-Nederland at a table of another region opens that table's cases to the RIEC's partner-role
    users, never to its ketenregisseurs (issue 16 §4): the region's ketenregisseur sees its werkgebied only."""
    midden = Tafel.objects.get(naam="Casusoverleg Mensenhandel Midden-Nederland")
    regisseur_mn = demo["regisseur@midden-nederland.example"]
    midden.leden.create(organisatie=Organisatie.objects.get(naam="RIEC Oost-Nederland"),
                        mailbox="mensenhandel@riec-oost-nederland.example")
    begint = timezone.now() + timedelta(days=9)
    overleg = overleggen.schedule(midden, regisseur_mn, begint=begint, eindigt=begint + timedelta(hours=2),
                                  locatie="Utrecht", doel="Gezamenlijke aanpak.")
    casus = Casus.objects.create(code="MN-2026-201", regio=midden.regio, eigenaar=regisseur_mn,
                                 samenvatting="Vermoedelijke uitbuiting in de schoonmaak.")
    casus.gemeenten.set([Gemeente.objects.get(naam="Utrecht")])
    punt = agenda.add_casus(overleg, regisseur_mn, casus)
    for obj in (overleg, casus, punt):
        assert_no_access(client, demo[OOST], obj)
