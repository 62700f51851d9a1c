"""Who sees and keeps a case's care track (issue 21): fewer than who see the case.

Written before the views: the objects are built straight in the database. The rule:

- the ketenregisseur of the case's werkgebied reads and keeps everything, and names the zorgcoordinator organisation;
- the members of that organisation read and keep the care track, also of a case they do not see (and still do not
  see that case);
- who sees the case otherwise sees on its page only that a care track exists; the police also whether a report
  (aangifte) was made, per victim;
- everyone else: 404 on every URL of the care track and of its victims, and nothing in any list.

The scenario: a Twente case on the agenda of the Twente casusoverleg (standing members: RIEC, OM, police, tax office,
labour inspectorate and the Zorgcoördinator Twente) with two victims, and a Twente case on no agenda with one victim.
"""
from datetime import date

import pytest
from django.urls import reverse

from casusoverleg import selectors
from casusoverleg.models import Casus, Slachtoffer, ZorgStap, ZorgStapSoort, ZorgStapStatus, Zorgtraject
from mensenhandel.audit.models import AuditEntry
from partners.models import Organisatie
from tafels.models import District, Regio
from tests.access import assert_has_access, assert_no_access
from tests.casusoverleg.test_access import MIDDEN, TWENTE, maak_casus, maak_overleg, punt

pytestmark = pytest.mark.django_db

ZORG = "Zorgcoördinator Twente"


def maak_slachtoffer(casus, nummer, door, **stappen):
    slachtoffer = Slachtoffer.objects.create(casus=casus, nummer=nummer, aangemaakt_door=door, leeftijdsgroep="18-22",
                                             geslacht="vrouw", nationaliteitsgroep="derde_land")
    for soort in ZorgStapSoort.values:
        status, afgerond = stappen.get(soort, (ZorgStapStatus.NOG_NIET, None))
        ZorgStap.objects.create(slachtoffer=slachtoffer, soort=soort, status=status, afgerond_op=afgerond)
    return slachtoffer


@pytest.fixture
def zorg(demo):
    regisseur = demo["regisseur@twente.example"]
    twente = District.objects.get(code="TW")
    zorgcoordinator = Organisatie.objects.get(naam=ZORG)
    geagendeerd = maak_casus("TW-2026-101", "Enschede", regisseur, district=twente)
    los = maak_casus("TW-2026-102", "Almelo", regisseur, district=twente)
    Casus.objects.filter(pk__in=[geagendeerd.pk, los.pk]).update(zorgcoordinator=zorgcoordinator)
    overleg = maak_overleg(TWENTE, regisseur)
    punt(overleg, geagendeerd, 2)
    utrecht = maak_casus("MN-2026-101", "Utrecht", demo["regisseur@midden-nederland.example"],
                         regio=Regio.objects.get(naam="Midden-Nederland"))
    punt(maak_overleg(MIDDEN, demo["regisseur@midden-nederland.example"]), utrecht, 2)
    een = maak_slachtoffer(geagendeerd, 1, regisseur)
    twee = maak_slachtoffer(geagendeerd, 2, regisseur, comensha=(ZorgStapStatus.GEREGELD, date(2026, 11, 2)),
                            opvang=(ZorgStapStatus.GEREGELD, date(2026, 11, 3)),
                            aangifte=(ZorgStapStatus.GEREGELD, date(2026, 11, 20)))
    derde = maak_slachtoffer(los, 1, regisseur)
    return {
        "geagendeerd": geagendeerd, "los": los, "utrecht": utrecht, "een": een, "twee": twee, "derde": derde,
        "traject": Zorgtraject.objects.get(pk=geagendeerd.pk), "los_traject": Zorgtraject.objects.get(pk=los.pk),
    }


def test_the_ketenregisseur_of_the_werkgebied_reads_every_care_track_and_victim(client, demo, zorg):
    regisseur = demo["regisseur@twente.example"]
    assert_has_access(client, regisseur, zorg["traject"])
    assert_has_access(client, regisseur, zorg["een"])  # not yet registered with CoMensha: in the overview
    assert_has_access(client, regisseur, zorg["derde"])
    client.force_login(regisseur)
    assert client.get(reverse("casusoverleg:slachtoffer", kwargs={"pk": zorg["twee"].pk})).status_code == 200


def test_the_zorgcoordinator_organisation_keeps_the_care_track_of_a_case_it_does_not_see(client, demo, zorg):
    medewerker = demo["zorg@twente.example"]
    los = zorg["los"]
    # The case itself stays out of reach: every URL of the case answers 404, no list shows it.
    assert_no_access(client, medewerker, los)
    assert selectors.zorgtrajecten_visible_for(medewerker).filter(pk=los.pk).exists()
    assert_has_access(client, medewerker, zorg["derde"])
    client.force_login(medewerker)
    pagina = client.get(reverse("casusoverleg:zorgtraject", kwargs={"pk": los.pk}))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "TW-2026-102" in html and f'data-slachtoffer="{zorg["derde"].pk}"' in html
    assert f'href="{reverse("casusoverleg:casus", kwargs={"pk": los.pk})}"' not in html  # no link to the case
    lijst = client.get(reverse("casusoverleg:zorgtrajecten")).content.decode()
    assert f'data-zorgtraject="{los.pk}"' in lijst and f'data-zorgtraject="{zorg["utrecht"].pk}"' not in lijst


def test_who_is_not_the_zorgcoordinator_any_more_loses_the_care_track_at_once(client, demo, zorg):
    Casus.objects.filter(pk=zorg["los"].pk).update(zorgcoordinator=Organisatie.objects.get(naam="GGD Twente"))
    assert_no_access(client, demo["zorg@twente.example"], zorg["los_traject"])
    assert_no_access(client, demo["zorg@twente.example"], zorg["derde"])


@pytest.mark.parametrize("email", ["inspectie@nla.example", "politie@oost-nederland.example"])
def test_who_sees_the_case_sees_only_that_a_care_track_exists(client, demo, zorg, email):
    user = demo[email]
    casus = zorg["geagendeerd"]
    assert selectors.casussen_visible_for(user).filter(pk=casus.pk).exists()
    assert not selectors.zorgtrajecten_visible_for(user).filter(pk=casus.pk).exists()
    client.force_login(user)
    for url in (reverse("casusoverleg:zorgtraject", kwargs={"pk": casus.pk}),
                reverse("casusoverleg:slachtoffer", kwargs={"pk": zorg["twee"].pk}),
                reverse("casusoverleg:slachtoffer_comensha", kwargs={"pk": zorg["twee"].pk})):
        assert client.get(url).status_code == 404, url
    for url in (reverse("casusoverleg:zorgcoordinator", kwargs={"pk": casus.pk}),
                reverse("casusoverleg:slachtoffer_nieuw", kwargs={"pk": casus.pk}),
                reverse("casusoverleg:slachtoffer", kwargs={"pk": zorg["twee"].pk})):
        assert client.post(url, {"geslacht": "man"}).status_code == 404, url
    assert client.get(reverse("casusoverleg:zorgtrajecten")).status_code == 404
    assert client.get(reverse("casusoverleg:zorg_niet_aangemeld")).status_code == 404
    html = client.get(reverse("casusoverleg:casus", kwargs={"pk": casus.pk})).content.decode()
    sectie = html.split('id="zorgtraject"', 1)[1].split("</section>", 1)[0]
    assert "Er is een zorgtraject" in sectie
    assert "Opvang" not in sectie and "CoMensha" not in sectie and 'data-slachtoffer="' not in sectie
    if email.startswith("politie"):
        # The police: per victim whether a report was made, nothing else.
        assert f'data-slachtoffer-aangifte="{zorg["twee"].pk}"' in sectie
        assert "aangifte gedaan op 20 november 2026" in sectie
        assert "(nog) geen aangifte" in sectie  # victim 1
    else:
        assert "aangifte" not in sectie.lower()


@pytest.mark.parametrize("email", ["regisseur@midden-nederland.example", "coordinator@utrecht.example",
                                   "coordinator@enschede.example", "burgemeester@twente.example",
                                   "beheer@ketenregie.example"])
def test_everyone_else_gets_404_and_sees_nothing_in_any_list(client, demo, zorg, email):
    user = demo[email]
    assert_no_access(client, user, zorg["traject"])
    assert_no_access(client, user, zorg["los_traject"])
    for slachtoffer in (zorg["een"], zorg["twee"], zorg["derde"]):
        assert_no_access(client, user, slachtoffer)


def test_the_zorgcoordinator_cannot_name_another_zorgcoordinator_and_a_participant_cannot_touch_the_track(
        client, demo, zorg):
    client.force_login(demo["zorg@twente.example"])
    url = reverse("casusoverleg:zorgcoordinator", kwargs={"pk": zorg["los"].pk})
    ggd = Organisatie.objects.get(naam="GGD Twente")
    assert client.post(url, {"zorgcoordinator": ggd.pk}).status_code == 403
    assert Casus.objects.get(pk=zorg["los"].pk).zorgcoordinator.naam == ZORG


def test_the_midden_nederland_ketenregisseur_does_not_read_twente_care_but_its_own(client, demo, zorg):
    regisseur_mn = demo["regisseur@midden-nederland.example"]
    slachtoffer = maak_slachtoffer(zorg["utrecht"], 1, regisseur_mn)
    assert_has_access(client, regisseur_mn, slachtoffer)
    assert_no_access(client, demo["regisseur@twente.example"], slachtoffer)


def test_reading_the_care_track_its_victim_and_the_summary_is_audited(client, demo, zorg):
    medewerker = demo["zorg@twente.example"]
    client.force_login(medewerker)
    voor = AuditEntry.objects.filter(actor=medewerker).count()
    client.get(reverse("casusoverleg:zorgtraject", kwargs={"pk": zorg["los"].pk}))
    client.get(reverse("casusoverleg:slachtoffer", kwargs={"pk": zorg["derde"].pk}))
    client.get(reverse("casusoverleg:slachtoffer_comensha", kwargs={"pk": zorg["derde"].pk}))
    client.get(reverse("casusoverleg:zorg_niet_aangemeld"))
    rijen = list(AuditEntry.objects.filter(actor=medewerker).order_by("pk")[voor:])
    assert [(r.actie, r.object_type, r.object_id) for r in rijen] == [
        ("view", "casusoverleg.casus", str(zorg["los"].pk)),
        ("view", "casusoverleg.slachtoffer", str(zorg["derde"].pk)),
        ("export", "casusoverleg.slachtoffer", str(zorg["derde"].pk)),
        ("list", "casusoverleg.slachtoffer", ""),
    ]
    assert all("Almelo" not in r.omschrijving for r in rijen)
