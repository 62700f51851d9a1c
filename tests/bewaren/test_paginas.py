"""Issue 17, retention pages: the beheerder's rules and runs, the privacy statement that reads the rules, and the
ketenregisseur's list of signals waiting more than 24 months for a decision."""
from datetime import timedelta

import pytest
from django.utils import timezone

from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.bewaren import services
from mensenhandel.bewaren.models import BewaarRun, Bewaartermijn, RunStatus
from signalen.models import Signaal, Status
from tests.signalen.test_access import maak_signaal

pytestmark = pytest.mark.django_db

URL = "/beheer/bewaartermijnen/"
BEHEER = "beheer@ketenregie.example"
REGISSEUR = "regisseur@twente.example"
ANDEREN = ["regisseur@twente.example", "coordinator@enschede.example", "politie@oost-nederland.example",
           "burgemeester@twente.example"]


def form(**waarden):
    return {"signaal": 12, "casus": 5, "concept": 30, "audit": 5, **waarden}


@pytest.mark.parametrize("email", ANDEREN)
def test_only_the_beheerder_opens_the_retention_page(client, demo, email):
    client.force_login(demo[email])
    assert client.get(URL).status_code == 404
    assert client.post(URL, form(signaal=6)).status_code == 404
    assert not Bewaartermijn.objects.exists()


def test_the_beheerder_sees_the_rules_the_runs_and_the_next_run(client, demo):
    BewaarRun.objects.create(status=RunStatus.KLAAR, klaar_op=timezone.now(),
                             aantallen={"signalen": 3, "casussen": 1, "bijlagen": 2, "concepten": 0})
    client.force_login(demo[BEHEER])
    html = client.get(URL).content.decode()
    assert "Bewaartermijnen" in html and "Signaal dat niet tot een casus leidde (in maanden)" in html
    assert 'value="12"' in html and 'value="5"' in html and 'value="30"' in html
    assert "Van 6 maanden tot en met 12 maanden; standaard 12 maanden." in html
    assert "Volgende run" in html and "03:15" in html
    assert "signalen: 3" in html and "casussen: 1" in html and "bijlagen: 2" in html and "concepten" not in html
    assert "de nachtelijke run" in html
    assert AuditEntry.objects.filter(actor=demo[BEHEER], actie=AuditActie.LIST,
                                     omschrijving="bewaartermijnen en runs").exists()


def test_a_term_is_changed_within_its_bounds_audited_and_read_by_the_privacy_statement(client, demo):
    privacy = client.get("/privacy/").content.decode()
    assert "<strong>12 maanden</strong>" in privacy and "<strong>5 jaar</strong>" in privacy
    assert "<strong>30 dagen</strong>" in privacy

    client.force_login(demo[BEHEER])
    response = client.post(URL, form(signaal=6), follow=True)
    assert "De bewaartermijnen zijn opgeslagen. Ze gelden vanaf de volgende run." in response.content.decode()
    regel = Bewaartermijn.objects.get(soort="signaal")
    assert regel.termijn == 6 and regel.gewijzigd_door == demo[BEHEER]
    entry = AuditEntry.objects.get(actie=AuditActie.CHANGE, object_type="bewaren.bewaartermijn")
    assert entry.omschrijving == "bewaartermijn signaal: 12 maanden -> 6 maanden"
    client.logout()
    assert "<strong>6 maanden</strong>" in client.get("/privacy/").content.decode()


@pytest.mark.parametrize("veld, waarde", [("signaal", 5), ("signaal", 13), ("casus", 6), ("audit", 4),
                                          ("concept", 0), ("casus", "")])
def test_a_term_outside_its_bounds_is_refused_in_dutch_and_nothing_is_lost(client, demo, veld, waarde):
    client.force_login(demo[BEHEER])
    html = client.post(URL, form(**{"concept": 20, veld: waarde})).content.decode()
    assert "Nog niet alles is goed ingevuld" in html and "utrecht-form-field--invalid" in html
    assert "Kies een termijn van" in html or "Vul een termijn in, van" in html
    if veld != "concept":
        assert 'value="20"' in html  # what was typed stays
    assert not Bewaartermijn.objects.exists()


def test_the_service_refuses_anyone_but_a_beheerder_and_a_term_out_of_bounds(demo):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.wijzig_termijn("audit", 10, demo[REGISSEUR])
    with pytest.raises(ValidationError, match="5 jaar"):
        services.wijzig_termijn("audit", 1, demo[BEHEER])  # nobody shortens the audit log to wipe traces
    assert services.wijzig_termijn("audit", 7, demo[BEHEER]).tekst == "7 jaar"


# --- the ketenregisseur's signals without a decision ---------------------------------------------------------------


def test_the_director_sees_its_werkgebieds_signals_waiting_more_than_24_months(client, demo):
    oud = maak_signaal(demo["coordinator@enschede.example"])
    jong = maak_signaal(demo["coordinator@enschede.example"])
    besloten = maak_signaal(demo["coordinator@enschede.example"])
    utrecht = maak_signaal(demo["coordinator@utrecht.example"])
    lang_geleden = timezone.now() - timedelta(days=25 * 31)
    Signaal.objects.filter(pk__in=[oud.pk, besloten.pk, utrecht.pk]).update(ingediend_op=lang_geleden)
    Signaal.objects.filter(pk=besloten.pk).update(status=Status.AFGESLOTEN)
    client.force_login(demo[REGISSEUR])
    html = client.get("/signalen/zonder-besluit/").content.decode()
    assert f'data-signaal="{oud.pk}"' in html
    for ander in (jong, besloten, utrecht):
        assert f'data-signaal="{ander.pk}"' not in html
    assert "1 signaal" in html
    assert "/signalen/zonder-besluit/" in client.get("/signalen/").content.decode()
    assert AuditEntry.objects.filter(actor=demo[REGISSEUR], omschrijving="zonder besluit na 24 maanden").exists()


def test_the_list_without_a_decision_has_an_empty_state(client, demo):
    client.force_login(demo["regisseur@midden-nederland.example"])
    html = client.get("/signalen/zonder-besluit/").content.decode()
    assert "Geen signaal van uw werkgebied wacht langer dan 24 maanden op een besluit." in html


@pytest.mark.parametrize("email", [BEHEER, "coordinator@enschede.example", "politie@oost-nederland.example",
                                   "burgemeester@twente.example"])
def test_everyone_but_the_director_gets_404_on_the_list_without_a_decision(client, demo, email):
    client.force_login(demo[email])
    assert client.get("/signalen/zonder-besluit/").status_code == 404


def test_the_admin_index_links_the_privacy_pages(client, demo):
    client.force_login(demo[BEHEER])
    html = client.get("/beheer/").content.decode()
    assert URL in html and "/audit/ongebruikelijk/" in html
