"""The kind of a table membership (issue 21): the beheerder sets it in Beheer → Tafels; the table's page says what
each member sees; a member without a kind chosen is a full standing member."""
import pytest
from django.urls import reverse

from partners.models import Organisatie
from tafels.models import Regio, Tafel, TafelLidSoort
from tests.i18n import nl

pytestmark = pytest.mark.django_db


def _data(leden):
    data = {
        "naam": "Casusoverleg Mensenhandel Achterhoek", "soort": "casusoverleg_mensenhandel",
        "regio": Regio.objects.get(naam="Oost-Nederland").pk, "district": "", "voorzitter": "",
        "vergaderingen_per_jaar": 4, "leden-TOTAL_FORMS": str(len(leden)), "leden-INITIAL_FORMS": "0",
        "leden-MIN_NUM_FORMS": "0", "leden-MAX_NUM_FORMS": "1000", "_save": "Opslaan",
    }
    for i, (organisatie, mailbox, soort) in enumerate(leden):
        data.update({f"leden-{i}-organisatie": organisatie.pk, f"leden-{i}-deelnemer": "",
                     f"leden-{i}-mailbox": mailbox, f"leden-{i}-soort": soort})
    return data


def test_the_beheerder_sets_the_kind_and_the_tables_page_says_what_each_member_sees(client, demo):
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    almelo = Organisatie.objects.get(naam="Gemeente Almelo")
    client.force_login(demo["beheer@ketenregie.example"])
    response = client.post("/beheer/tafels/tafel/add/", _data([
        (politie, "achterhoek@politie.example", ""),  # no kind chosen: a full standing member
        (almelo, "regiegroep@almelo.example", TafelLidSoort.ALLEEN_UITGENODIGD),
    ]))
    assert response.status_code == 302
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Achterhoek")
    assert dict(tafel.leden.values_list("organisatie__naam", "soort")) == {
        "Politie Oost-Nederland": TafelLidSoort.VOLLEDIG, "Gemeente Almelo": TafelLidSoort.ALLEEN_UITGENODIGD}

    client.force_login(demo["regisseur@twente.example"])  # the region's table: in its district's region
    html = client.get(reverse("tafels:detail", kwargs={"pk": tafel.pk})).content.decode()
    assert nl("General and theme items; a case item only when invited for it") in html
    assert nl("Every item") in html
