"""Which gemeenten of a werkgebied have a gemeentelijk coördinator (issue 21; seed 001: "Aanwijzen van een
gemeentelijk coördinator mensenhandel binnen elke Twentse gemeente").

The ketenregisseur sees its own werkgebied, the beheerder chooses one; every other role gets 404. A gemeente "has a
coordinator" when an active user with the coordinator role belongs to an organisation that acts for it. The page names
those people, so each read is in the audit log. Its queries do not grow with the werkgebied.
"""
import pytest
from django.urls import reverse

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Organisatie, OrganisatieSoort, Rol
from tafels import selectors
from tafels.models import District, Gemeente, Regio
from tests.factories import OrganisatieFactory, UserFactory
from tests.tafels.regio21 import regio_wereld

pytestmark = pytest.mark.django_db

URL = reverse("tafels:coordinatoren")
TWENTE = "regisseur@twente.example"
OOST = "regisseur@oost-nederland.example"
# The demo's Twente coordinators: Enschede, Hengelo and (the regiegroep's chair) Oldenzaal.
MET_COORDINATOR = {"Enschede", "Hengelo", "Oldenzaal"}


@pytest.fixture(autouse=True)
def _regio(demo):
    """The full demo's accounts: the region's ketenregisseur and Oldenzaal's coordinator."""
    return regio_wereld(demo)


def rijen(response):
    return {g.naam: g for g in response.context["gemeenten"]}


def test_the_twente_ketenregisseur_sees_which_of_its_14_gemeenten_have_a_coordinator(client, demo):
    client.force_login(demo[TWENTE])
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["telling"] == {"totaal": 14, "met": 3, "zonder": 11}
    gemeenten = rijen(response)
    assert len(gemeenten) == 14
    assert {naam for naam, g in gemeenten.items() if g.aantal_coordinatoren} == MET_COORDINATOR
    html = response.content.decode()
    assert "Joris Brinkhuis" in html and "coordinator@enschede.example" in html  # names the people: audited
    assert "Almelo" in html and "Noor Bakker" not in html  # Utrecht's coordinator is not of this werkgebied
    assert AuditEntry.objects.filter(actor=demo[TWENTE], actie=AuditActie.LIST, object_type="partners.user",
                                     omschrijving__contains="coördinatoren per gemeente").exists()


def test_the_filter_shows_the_gemeenten_without_or_with_a_coordinator(client, demo):
    client.force_login(demo[TWENTE])
    zonder = rijen(client.get(URL, {"toon": "zonder"}))
    assert len(zonder) == 11 and not MET_COORDINATOR & set(zonder)
    assert set(rijen(client.get(URL, {"toon": "met"}))) == MET_COORDINATOR
    # An unknown value shows them all.
    assert len(rijen(client.get(URL, {"toon": "iets"}))) == 14


def test_only_active_coordinator_accounts_count(client, demo):
    almelo = Organisatie.objects.get(naam="Gemeente Almelo")
    UserFactory(email="oud@almelo.example", organisatie=almelo, rol=Rol.COORDINATOR, is_active=False)
    UserFactory(email="partner@almelo.example", organisatie=almelo, rol=Rol.PARTNER)
    client.force_login(demo[TWENTE])
    assert rijen(client.get(URL))["Almelo"].aantal_coordinatoren == 0
    UserFactory(email="nieuw@almelo.example", naam="Nieuwe Coördinator", organisatie=almelo, rol=Rol.COORDINATOR)
    response = client.get(URL)
    assert rijen(response)["Almelo"].aantal_coordinatoren == 1
    assert response.context["telling"]["met"] == 4
    # Two organisations of one gemeente (e.g. a second department): both count for it.
    tweede = OrganisatieFactory(naam="Gemeente Almelo, Veiligheid", soort=OrganisatieSoort.GEMEENTE,
                                gemeente=Gemeente.objects.get(naam="Almelo"))
    UserFactory(email="veiligheid@almelo.example", organisatie=tweede, rol=Rol.COORDINATOR)
    response = client.get(URL)
    assert rijen(response)["Almelo"].aantal_coordinatoren == 2
    assert response.context["telling"]["met"] == 4


def test_the_region_ketenregisseur_sees_the_whole_region_with_the_district_per_gemeente(client, demo):
    client.force_login(demo[OOST])
    response = client.get(URL)
    oost = Regio.objects.get(naam="Oost-Nederland")
    totaal = Gemeente.objects.filter(regio=oost).count()
    assert totaal > 50
    assert response.context["telling"] == {"totaal": totaal, "met": 3, "zonder": totaal - 3}
    gemeenten = rijen(response)
    assert len(gemeenten) == 50  # one page
    assert response.context["page_obj"].paginator.num_pages == 2
    tweede = rijen(client.get(URL, {"pagina": 2}))
    assert len(gemeenten) + len(tweede) == totaal and not set(gemeenten) & set(tweede)
    alle = {**gemeenten, **tweede}
    assert alle["Enschede"].district_namen == ["Twente"]
    assert alle["Arnhem"].district_namen == [] and alle["Arnhem"].aantal_coordinatoren == 0


def test_the_beheerder_chooses_a_werkgebied(client, demo):
    client.force_login(demo["beheer@ketenregie.example"])
    response = client.get(URL)
    assert response.status_code == 200 and response.context["werkgebied"] is None
    assert "gemeenten" not in response.context
    twente = District.objects.get(code="TW")
    response = client.get(URL, {"werkgebied": f"d{twente.pk}"})
    assert response.context["werkgebied"] == twente and response.context["telling"]["met"] == 3
    midden = Regio.objects.get(naam="Midden-Nederland")
    response = client.get(URL, {"werkgebied": f"r{midden.pk}"})
    assert response.context["werkgebied"] == midden and "Utrecht" in rijen(response)
    for onzin in ("x1", "d999999", "r", "d1; drop"):
        assert client.get(URL, {"werkgebied": onzin}).context["werkgebied"] is None


def test_a_ketenregisseur_cannot_choose_another_werkgebied(client, demo):
    client.force_login(demo["regisseur@midden-nederland.example"])
    twente = District.objects.get(code="TW")
    response = client.get(URL, {"werkgebied": f"d{twente.pk}"})
    assert response.context["werkgebied"] == Regio.objects.get(naam="Midden-Nederland")
    assert "Enschede" not in rijen(response) and "Joris Brinkhuis" not in response.content.decode()


@pytest.mark.parametrize("email", ["coordinator@enschede.example", "politie@oost-nederland.example",
                                   "burgemeester@twente.example", "regiegroep@oldenzaal.example"])
def test_other_roles_get_404_and_no_audit_row(client, demo, email):
    client.force_login(demo[email])
    assert client.get(URL).status_code == 404
    assert not AuditEntry.objects.filter(actor=demo[email], omschrijving__contains="coördinatoren").exists()


def test_the_link_is_on_the_tables_page_for_who_may_open_it(client, demo):
    for email, zichtbaar in ((TWENTE, True), ("beheer@ketenregie.example", True), ("coordinator@enschede.example",
                                                                                     False)):
        client.force_login(demo[email])
        assert (URL in client.get(reverse("tafels:lijst")).content.decode()) is zichtbaar, email


def test_the_queries_do_not_grow_with_the_werkgebied(client, demo):
    """Midden-Nederland (a region of 26 gemeenten) and Oost-Nederland (more than 50, two pages) cost the same number
    of queries; a district one fewer (no district column)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    aantallen = []
    for email in ("regisseur@midden-nederland.example", OOST):
        client.force_login(demo[email])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        aantallen.append(len(queries))
    assert aantallen[0] == aantallen[1], aantallen
    assert selectors.coordinatoren_telling(District.objects.get(code="TW"))["totaal"] == 14
