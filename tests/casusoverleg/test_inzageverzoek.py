"""Issue 17: the ketenregisseur searches the signals and cases of its own werkgebied for a name or number to answer
an inzageverzoek; nobody else can (the beheerder neither: it never reads a signal); every search is audited."""
import pytest

from casusoverleg.models import Actie, ActieSoort
from mensenhandel.audit.models import AuditActie, AuditEntry
from tests.casusoverleg.test_access import wereld  # noqa: F401  (fixture)
from tests.signalen.test_access import maak_signaal

pytestmark = pytest.mark.django_db

URL = "/inzageverzoek/"
REGISSEUR = "regisseur@twente.example"


def test_the_director_finds_a_name_in_signals_and_cases_of_its_werkgebied_only(client, demo, wereld):  # noqa: F811
    from django.utils import timezone

    enschede = maak_signaal(demo["coordinator@enschede.example"], omschrijving="Jan Jansen werkt er zonder loon.")
    kvk = maak_signaal(demo["coordinator@enschede.example"], kvk_nummer="12345678")
    utrecht = maak_signaal(demo["coordinator@utrecht.example"], omschrijving="Ook Jan Jansen, in Utrecht.")
    Actie.objects.create(casus=wereld["hengelo"], organisatie=demo["politie@oost-nederland.example"].organisatie,
                         aangemaakt_door=demo[REGISSEUR], omschrijving="Gesprek met J. JANSEN plannen.",
                         soort=ActieSoort.STRAFRECHTELIJK, deadline=timezone.localdate())
    client.force_login(demo[REGISSEUR])
    html = client.get(URL, {"term": "jansen"}).content.decode()
    assert f"/signalen/{enschede.pk}/" in html and f"/signalen/{utrecht.pk}/" not in html
    assert f"/casussen/{wereld['hengelo'].pk}/" in html and f"/casussen/{wereld['enschede'].pk}/" not in html
    assert "1 signaal" in html and "1 casus" in html
    assert f"/signalen/{kvk.pk}/" in client.get(URL, {"term": "12345678"}).content.decode()
    entry = AuditEntry.objects.filter(actor=demo[REGISSEUR], actie=AuditActie.LIST,
                                      omschrijving="inzageverzoek: zoeken").latest("tijdstip")
    assert entry.filters == {"term": "12345678"}


@pytest.mark.parametrize("email", ["beheer@ketenregie.example", "coordinator@enschede.example",
                                   "politie@oost-nederland.example", "burgemeester@twente.example"])
def test_everyone_else_gets_404(client, demo, email):
    maak_signaal(demo["coordinator@enschede.example"], omschrijving="Jan Jansen werkt er zonder loon.")
    client.force_login(demo[email])
    assert client.get(URL, {"term": "jansen"}).status_code == 404
    assert not AuditEntry.objects.filter(omschrijving="inzageverzoek: zoeken").exists()


def test_a_short_term_is_refused_in_dutch_and_searches_nothing(client, demo):
    client.force_login(demo[REGISSEUR])
    html = client.get(URL, {"term": "ja"}).content.decode()
    assert "Gebruik minstens 3 tekens." in html and "utrecht-form-field--invalid" in html
    assert not AuditEntry.objects.filter(omschrijving="inzageverzoek: zoeken").exists()
    assert client.get(URL).status_code == 200  # the empty form
