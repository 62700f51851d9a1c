"""Only the ketenregisseur imports: every import page answers 404 to every other role (the beheerder too), and an
upload is seen only by who uploaded it."""
import pytest
from django.urls import reverse

from importeren import services
from importeren.models import Importbestand

from ..access import assert_has_access, assert_no_access
from .bestanden import signaal, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

PAGINAS = ["importeren:start", "importeren:sjabloon_xlsx", "importeren:sjabloon_signalen",
           "importeren:sjabloon_casussen", "importeren:sjabloon_acties"]


@pytest.mark.parametrize("email", ["beheer@ketenregie.example", "coordinator@enschede.example",
                                   "politie@oost-nederland.example", "burgemeester@twente.example"])
def test_every_other_role_gets_404(demo, client, email):
    client.force_login(demo[email])
    for naam in PAGINAS:
        assert client.get(reverse(naam)).status_code == 404, naam
    assert client.post(reverse("importeren:start"), {"soort": "signalen",
                                                     "bestand": upload("s.xlsx", b"x")}).status_code == 404
    assert "/import/" not in client.get("/").content.decode()


def test_the_ketenregisseur_sees_the_pages_and_the_menu_item(demo, client):
    client.force_login(demo["regisseur@twente.example"])
    for naam in PAGINAS:
        assert client.get(reverse(naam)).status_code == 200, naam
    assert 'href="/import/"' in client.get("/").content.decode()


def test_an_upload_is_only_for_who_uploaded_it(demo, client, opslag):
    twente = demo["regisseur@twente.example"]
    importbestand = services.upload(twente, upload("s.xlsx", xlsx_bytes("signalen", [signaal()])), "signalen")
    assert_has_access(client, twente, importbestand)
    for email in ("regisseur@midden-nederland.example", "beheer@ketenregie.example", "coordinator@enschede.example",
                  "burgemeester@twente.example"):
        assert_no_access(client, demo[email], importbestand)
    assert Importbestand.objects.filter(pk=importbestand.pk, status="gecontroleerd").exists()


def test_the_services_refuse_who_may_not_import(demo, opslag):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.upload(demo["beheer@ketenregie.example"], upload("s.xlsx", xlsx_bytes("signalen", [signaal()])),
                        "signalen")
    importbestand = services.upload(demo["regisseur@twente.example"],
                                    upload("s.xlsx", xlsx_bytes("signalen", [signaal()])), "signalen")
    with pytest.raises(PermissionDenied):
        services.importeer(importbestand, demo["regisseur@midden-nederland.example"])


def test_only_gemeenten_of_the_werkgebied(demo, opslag):
    midden = demo["regisseur@midden-nederland.example"]
    importbestand = services.upload(midden, upload("s.xlsx", xlsx_bytes("signalen", [
        signaal(gemeente="Enschede", organisatie="Gemeente Utrecht"), signaal(kenmerk="M2", gemeente="Utrecht",
                                                                              organisatie="Gemeente Utrecht")])),
        "signalen")
    assert importbestand.aantal_fout == 1 and importbestand.aantal_nieuw == 1
    assert "hoort niet bij Midden-Nederland" in " ".join(importbestand.rijen["rijen"][0][3])
