"""Issue 17: the processing overview (verwerkingsoverzicht) on a signal's and a case's page: the ketenregisseur of the
werkgebied sees who read, changed, shared, exported or downloaded the record, newest first; nobody else sees it."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie, AuditEntry
from tests.casusoverleg.test_access import wereld  # noqa: F401  (fixture)
from tests.signalen.test_access import maak_signaal

pytestmark = pytest.mark.django_db

KOP = 'id="verwerkingsoverzicht-kop"'
REGISSEUR, ENSCHEDE, POLITIE = "regisseur@twente.example", "coordinator@enschede.example", "politie@oost-nederland.example"


def _sectie(html):
    match = re.search(r'<section class="verwerkingsoverzicht".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_director_sees_who_read_the_signal_and_the_submitter_does_not(client, demo):
    coordinator, regisseur = demo[ENSCHEDE], demo[REGISSEUR]
    signaal = maak_signaal(coordinator)
    client.force_login(coordinator)
    assert client.get(f"/signalen/{signaal.pk}/").status_code == 200  # the submitter reads it: one audit row
    html = client.get(f"/signalen/{signaal.pk}/").content.decode()
    assert KOP not in html, "only the ketenregisseur of the werkgebied sees the overview"

    client.force_login(regisseur)
    sectie = _sectie(client.get(f"/signalen/{signaal.pk}/").content.decode())
    assert "Verwerkingsoverzicht" in sectie
    assert coordinator.naam in sectie and coordinator.organisatie.naam in sectie and "Bekeken" in sectie
    rijen = re.findall(r'data-audit="(\d+)"', sectie)
    assert rijen == sorted(rijen, key=int, reverse=True), "newest first"
    assert regisseur.naam in re.findall(r"<tr.*?</tr>", sectie, re.S)[1], "the director's own read is the newest"


@pytest.mark.parametrize("email", ["regisseur@midden-nederland.example", POLITIE, "burgemeester@twente.example"])
def test_nobody_else_sees_the_overview_of_a_signal(client, demo, email):
    signaal = maak_signaal(demo[ENSCHEDE])
    client.force_login(demo[email])
    response = client.get(f"/signalen/{signaal.pk}/")
    assert response.status_code in (200, 404)
    assert KOP not in response.content.decode()


def test_the_case_page_shows_it_to_the_director_of_the_werkgebied_only(client, demo, wereld):  # noqa: F811
    casus = wereld["enschede"]
    client.force_login(demo[POLITIE])  # a standing participant of the meeting with this case
    html = client.get(f"/casussen/{casus.pk}/").content.decode()
    assert KOP not in html
    client.force_login(demo[REGISSEUR])
    sectie = _sectie(client.get(f"/casussen/{casus.pk}/").content.decode())
    assert demo[POLITIE].naam in sectie and "Politie Oost-Nederland" in sectie


def test_the_overview_is_bounded_costs_the_same_queries_and_links_to_the_audit_log(client, demo):
    signaal = maak_signaal(demo[ENSCHEDE])
    regisseur = demo[REGISSEUR]
    client.force_login(regisseur)
    url = f"/signalen/{signaal.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as voor:
        client.get(url)
    for _ in range(30):
        audit.log(demo[ENSCHEDE], AuditActie.VIEW, signaal)
    with CaptureQueriesContext(connection) as na:
        html = client.get(url).content.decode()
    assert len(na) == len(voor) + 1  # only the count of all rows, once there are more than the page shows
    sectie = _sectie(html)
    assert len(re.findall(r'data-audit="\d+"', sectie)) == 25
    totaal = AuditEntry.objects.filter(object_type="signalen.signaal", object_id=str(signaal.pk)).count()
    assert totaal > 30 and f"De nieuwste 25 van {totaal}." in sectie
    assert f"/audit/?object_type=signalen.signaal&amp;object_id={signaal.pk}" in sectie


def test_a_download_of_the_signals_attachment_is_in_its_overview(client, demo):
    from signalen.models import Bijlage

    coordinator = demo[ENSCHEDE]
    signaal = maak_signaal(coordinator)
    bijlage = Bijlage.objects.create(signaal=signaal, bestandsnaam="verslag.pdf", opslagnaam="a" * 48 + ".pdf",
                                     content_type="application/pdf", grootte=10, sha256="0" * 64,
                                     geupload_door=coordinator)
    audit.log(demo[REGISSEUR], AuditActie.DOWNLOAD, bijlage)
    client.force_login(demo[REGISSEUR])
    sectie = _sectie(client.get(f"/signalen/{signaal.pk}/").content.decode())
    rij = next(r for r in re.findall(r"<tr.*?</tr>", sectie, re.S) if "Gedownload" in r)
    assert "Bijlage" in rij and demo[REGISSEUR].naam in rij
