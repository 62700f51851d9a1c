"""Issue 17: the beheerder's list of unusual reading: a day on which a user opened at least 20 records and more than 3
times their own median of the 30 days before, and signals read through a share; 404 for everyone else."""
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from mensenhandel.audit import selectors
from mensenhandel.audit.models import AuditActie, AuditEntry
from tests.signalen.test_access import grondslag, maak_signaal

pytestmark = pytest.mark.django_db
URL = "/audit/ongebruikelijk/"


def _lees(user, dag, aantal, begin=0):
    moment = timezone.make_aware(datetime.combine(dag, time(10)))
    AuditEntry.objects.bulk_create(
        AuditEntry(tijdstip=moment + timedelta(seconds=i), actor=user, organisatie=user.organisatie,
                   actie=AuditActie.VIEW, object_type="casusoverleg.casus", object_id=str(100000 + begin + i))
        for i in range(aantal)
    )


def test_far_more_than_ones_own_pattern_is_listed_and_a_steady_heavy_reader_is_not(client, demo):
    vandaag = timezone.localdate()
    politie, enschede, nla = demo["politie@oost-nederland.example"], demo["coordinator@enschede.example"], \
        demo["inspectie@nla.example"]
    for k in range(1, 31):
        _lees(politie, vandaag - timedelta(days=k), 2)
        _lees(enschede, vandaag - timedelta(days=k), 30)
    _lees(politie, vandaag, 25)
    _lees(enschede, vandaag, 35)  # 35 > 20 but not more than 3 x 30
    _lees(nla, vandaag, 19)  # below the minimum, whatever its pattern
    _lees(nla, vandaag, 19, begin=0)  # the same records again: distinct records count, still 19
    bevindingen = selectors.ongebruikelijk_lezen()
    gevonden = {(b["actor"].email, b["dag"], b["reden"]) for b in bevindingen}
    assert gevonden == {(politie.email, vandaag, selectors.VEEL)}
    assert bevindingen[0]["aantal"] == 25 and bevindingen[0]["mediaan"] == 2

    client.force_login(demo["beheer@ketenregie.example"])
    html = client.get(URL).content.decode()
    assert politie.naam in html and enschede.naam not in html and "veel meer dan gewoonlijk" in html
    assert f"/audit/?actor={politie.pk}&amp;van={vandaag.isoformat()}&amp;tot={vandaag.isoformat()}" in html
    assert AuditEntry.objects.filter(actor=demo["beheer@ketenregie.example"], actie=AuditActie.LIST,
                                     omschrijving="ongebruikelijk lezen").exists()


def test_a_signal_read_through_a_share_is_listed(client, demo):
    from signalen import services

    signaal = maak_signaal(demo["coordinator@enschede.example"])
    nla = demo["inspectie@nla.example"]
    services.share(signaal, demo["regisseur@twente.example"], nla.organisatie, grondslag(), "Ter info")
    client.force_login(nla)
    assert client.get(f"/signalen/{signaal.pk}/").status_code == 200
    client.get(f"/signalen/{signaal.pk}/")  # twice: one record
    bevindingen = [b for b in selectors.ongebruikelijk_lezen() if b["reden"] == selectors.GEDEELD]
    assert [(b["actor"].email, b["aantal"]) for b in bevindingen] == [(nla.email, 1)]
    client.force_login(demo["beheer@ketenregie.example"])
    assert "via een deling, buiten het eigen gebied" in client.get(URL).content.decode()


@pytest.mark.parametrize("email", ["regisseur@twente.example", "coordinator@enschede.example",
                                   "burgemeester@twente.example"])
def test_only_the_beheerder_has_the_page(client, demo, email):
    client.force_login(demo[email])
    assert client.get(URL).status_code == 404


def test_an_empty_fortnight(client, demo):
    client.force_login(demo["beheer@ketenregie.example"])
    html = client.get(URL).content.decode()
    assert "Geen ongebruikelijk lezen in de afgelopen twee weken." in html
    assert "/audit/ongebruikelijk/" in client.get("/audit/").content.decode()
