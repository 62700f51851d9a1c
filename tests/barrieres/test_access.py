"""Who sees and who changes a barrier (issue 21). Written before the views; the objects are built straight in the
database, so the rule is stated independently of the services.

- A barrier follows its case: whoever sees the case sees its barriers (read); nobody else finds it (404 on every URL,
  in no list).
- Only the ketenregisseur of the case's werkgebied adds and changes barriers; who merely sees the case gets 403 on
  those pages (the gemeente reports back on the tied action instead).

The world is the one of ``tests/casusoverleg/test_access.py``: the Twente casusoverleg has an Enschede and a Hengelo
case on its agenda, Gemeente Hengelo is invited for the Hengelo item only; an Almelo case is on no agenda; a
Midden-Nederland case is on the agenda of its own meeting.
"""
from datetime import date

import pytest
from django.urls import reverse

from barrieres import selectors
from barrieres.models import Barriere, Domein, Instrument
from partners.models import Organisatie, Rol
from tests.access import assert_has_access, assert_no_access
from tests.casusoverleg.test_access import verklaar
from tests.casusoverleg.test_access import wereld as wereld  # noqa: F401,PLC0414  (the fixture)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def barriere(casus, organisatie="Gemeente Enschede"):
    return Barriere.objects.create(
        casus=casus, domein=Domein.objects.get(code="huisvesting"), instrument=Instrument.CONTROLE,
        organisatie=Organisatie.objects.get(naam=organisatie), gestart_op=date(2026, 3, 2),
        toelichting="Controle op overbewoning.", aangemaakt_door=casus.eigenaar,
    )


@pytest.fixture
def barrieres(wereld):  # noqa: F811
    return {naam: barriere(wereld[naam]) for naam in ("enschede", "hengelo", "almelo", "utrecht")}


def test_the_ketenregisseur_sees_the_barriers_of_the_werkgebied_cases_only(client, demo, barrieres):
    regisseur = demo["regisseur@twente.example"]
    for naam in ("enschede", "hengelo", "almelo"):
        assert_has_access(client, regisseur, barrieres[naam])
    assert_no_access(client, regisseur, barrieres["utrecht"])
    assert_has_access(client, demo["regisseur@midden-nederland.example"], barrieres["utrecht"])
    assert_no_access(client, demo["regisseur@midden-nederland.example"], barrieres["enschede"])


def test_a_standing_participant_reads_the_barriers_of_the_agenda_cases(client, demo, barrieres):
    politie = demo["politie@oost-nederland.example"]
    assert_has_access(client, politie, barrieres["enschede"])
    assert_has_access(client, politie, barrieres["hengelo"])
    assert_no_access(client, politie, barrieres["almelo"])
    assert_no_access(client, politie, barrieres["utrecht"])


def test_an_invitee_sees_the_barriers_only_after_the_declaration_and_only_of_that_case(client, demo, wereld, barrieres):  # noqa: F811
    hengelo = demo["coordinator@hengelo.example"]
    for naam in ("enschede", "hengelo", "almelo", "utrecht"):
        assert_no_access(client, hengelo, barrieres[naam])
    verklaar(hengelo, wereld["overleg"])
    assert_has_access(client, hengelo, barrieres["hengelo"])
    assert_no_access(client, hengelo, barrieres["enschede"])


def test_portefeuillehouder_beheerder_and_others_see_no_barrier(client, demo, barrieres):
    buiten = UserFactory(rol=Rol.PARTNER)  # an organisation at no table
    gebruikers = [demo[email] for email in ("burgemeester@twente.example", "beheer@ketenregie.example",
                                            "burgemeester@midden-nederland.example")] + [buiten]
    for gebruiker in gebruikers:
        for gezien in barrieres.values():
            assert_no_access(client, gebruiker, gezien)
    # A gemeente's coordinator at the Midden-Nederland table sees its case's barrier, none of Twente's.
    assert_has_access(client, demo["coordinator@utrecht.example"], barrieres["utrecht"])
    assert_no_access(client, demo["coordinator@utrecht.example"], barrieres["enschede"])


def test_only_the_werkgebied_ketenregisseur_adds_and_changes_barriers(client, demo, wereld, barrieres):  # noqa: F811
    regisseur, politie = demo["regisseur@twente.example"], demo["politie@oost-nederland.example"]
    nieuw = reverse("barrieres:nieuw", kwargs={"casus_pk": wereld["enschede"].pk})
    wijzigen = reverse("barrieres:wijzigen", kwargs={"pk": barrieres["enschede"].pk})
    client.force_login(regisseur)
    assert client.get(nieuw).status_code == 200
    assert client.get(wijzigen).status_code == 200
    client.force_login(politie)
    assert client.get(nieuw).status_code == 403
    assert client.post(nieuw, {}).status_code == 403
    assert client.get(wijzigen).status_code == 403
    assert client.post(wijzigen, {}).status_code == 403
    assert not selectors.may_manage(politie, wereld["enschede"])
    # The Midden-Nederland ketenregisseur does not see the Twente case: 404, not 403.
    client.force_login(demo["regisseur@midden-nederland.example"])
    assert client.get(nieuw).status_code == 404
    assert client.get(wijzigen).status_code == 404
