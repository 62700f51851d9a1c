"""Who sees which table: role first, then work area, membership and explicit grants."""
import pytest

from mensenhandel.access import grants
from partners.models import Organisatie, Rol
from tafels.models import Tafel
from tafels.selectors import tafels_visible_for
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CT = "Casusoverleg Mensenhandel Twente"
RP = "Regiegroep Prostitutie Twente"
RT = "Regionale Tafel Mensenhandel Oost-Nederland"
CM = "Casusoverleg Mensenhandel Midden-Nederland"
ALL = {CT, RP, RT, CM}

EXPECTED = {
    "regisseur@twente.example": {CT, RP, RT},  # district Twente and its region's table
    "coordinator@enschede.example": {RP},  # member organisation (the chair's gemeente is no member of CT)
    "coordinator@hengelo.example": {RP},
    "politie@oost-nederland.example": {CT, RP, RT},
    "inspectie@nla.example": {CT, CM},
    "burgemeester@twente.example": {CT, RP, RT},  # chair of CT, work area Twente
    "regisseur@midden-nederland.example": {CM},
    "coordinator@utrecht.example": {CM},
    "burgemeester@midden-nederland.example": {CM},
    "beheer@ketenregie.example": ALL,
}


@pytest.mark.parametrize("email", EXPECTED)
def test_each_demo_user_sees_exactly_their_tables(demo, client, email):
    user = demo[email]
    assert set(tafels_visible_for(user).values_list("naam", flat=True)) == EXPECTED[email]
    for tafel in Tafel.objects.all():
        if tafel.naam in EXPECTED[email]:
            assert_has_access(client, user, tafel)
        else:
            assert_no_access(client, user, tafel)


def test_the_list_counts_only_visible_tables(demo, client):
    client.force_login(demo["coordinator@hengelo.example"])
    response = client.get("/tafels/")
    assert response.context["paginator"].count == 1
    assert "1 tafel" in response.content.decode()


def test_role_decides_before_organisation(demo):
    """Enschede's coordinator and portefeuillehouder share an organisation; only the role with a work
    area sees the regional table of Oost-Nederland."""
    coordinator, burgemeester = demo["coordinator@enschede.example"], demo["burgemeester@twente.example"]
    assert coordinator.organisatie_id == burgemeester.organisatie_id
    assert RT in set(tafels_visible_for(burgemeester).values_list("naam", flat=True))
    assert RT not in set(tafels_visible_for(coordinator).values_list("naam", flat=True))


def test_inactive_users_and_unknown_roles_see_nothing(demo):
    user = demo["beheer@ketenregie.example"]
    user.is_active = False
    assert not tafels_visible_for(user).exists()
    stray = UserFactory.build(rol="onbekend", organisatie=Organisatie.objects.get(naam="Functioneel beheer"))
    assert not tafels_visible_for(stray).exists()


def test_a_grant_to_an_organisation_opens_the_table_and_revoking_closes_it_at_once(demo, client):
    hengelo = demo["coordinator@hengelo.example"]
    tafel = Tafel.objects.get(naam=CM)
    assert_no_access(client, hengelo, tafel)

    grants.grant(hengelo.organisatie, tafel)
    assert_has_access(client, hengelo, tafel)
    # The grant is to the organisation's group: a colleague sees it too, another organisation does not.
    collega = UserFactory(organisatie=hengelo.organisatie, rol=Rol.COORDINATOR)
    assert tafels_visible_for(collega).filter(pk=tafel.pk).exists()
    assert not tafels_visible_for(demo["coordinator@enschede.example"]).filter(pk=tafel.pk).exists()

    grants.revoke(hengelo.organisatie, tafel)
    assert_no_access(client, hengelo, tafel)


def test_an_unknown_table_id_answers_404_like_a_hidden_one(demo, client):
    client.force_login(demo["beheer@ketenregie.example"])
    response = client.get("/tafels/999999/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(demo, client):
    tafel = Tafel.objects.get(naam=CT)
    for url in ("/", "/tafels/", f"/tafels/{tafel.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/inloggen/?next=")


def test_the_table_list_does_not_grow_queries_with_more_tables(demo, client, django_assert_max_num_queries):
    from tests.factories import TafelLidFactory

    beheerder = demo["beheer@ketenregie.example"]
    client.force_login(beheerder)
    with django_assert_max_num_queries(12):
        client.get("/tafels/")
    for _ in range(20):
        TafelLidFactory()
    with django_assert_max_num_queries(12):
        response = client.get("/tafels/")
    assert response.context["paginator"].count == 24

