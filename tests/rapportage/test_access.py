"""Who finds which quarterly report (DESIGN.md §3, issue 8 "Who sees what"). Written before the views.

The reports are built straight in the database so that the rule is stated independently of the services and the
job: a finalised and a concept report of Twente (a district) and a finalised one of Midden-Nederland (a region).

- ketenregisseur of the werkgebied: finalised and concept;
- portefeuillehouder of the werkgebied: finalised only; the concept answers 404 on every URL;
- everyone else (coordinators, partners, the beheerder, the other werkgebied's ketenregisseur and
  portefeuillehouder, a ketenregisseur of a district inside a region, a deactivated ketenregisseur): nothing.
"""
import pytest
from django.utils import timezone

from partners.models import Rol
from rapportage import selectors
from rapportage.models import Rapport, RapportStatus
from tafels.models import District, Regio
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A minimal counted report (the shape of ``cijfers.bereken``): every count zero.
LEEG = None


def _gegevens(werkgebied, jaar, kwartaal):
    from rapportage import cijfers
    from rapportage.perioden import Kwartaal

    return cijfers.bereken(werkgebied, Kwartaal(jaar, kwartaal))


def maak(werkgebied, status, versie=1, jaar=2026, kwartaal=2, pdf=True):
    velden = {"district": werkgebied, "regio": None} if isinstance(werkgebied, District) else {
        "district": None, "regio": werkgebied}
    rapport = Rapport.objects.create(
        **velden, jaar=jaar, kwartaal=kwartaal, versie=versie, status=status,
        gegevens=_gegevens(werkgebied, jaar, kwartaal), geteld_op=timezone.now(),
        toelichting="Het aantal signalen steeg door de campagne in de horeca.",
    )
    if pdf:
        from rapportage import pdf as rapport_pdf

        rapport_pdf.maak(rapport)
        rapport.refresh_from_db()
    return rapport


@pytest.fixture
def rapporten(demo, settings, tmp_path, pdf_eenmaal):
    settings.PROTECTED_FILES_ROOT = tmp_path
    twente = District.objects.get(code="TW")
    midden = Regio.objects.get(naam="Midden-Nederland")
    return {
        "twente": maak(twente, RapportStatus.DEFINITIEF, versie=2),
        "twente_concept": maak(twente, RapportStatus.CONCEPT, versie=1),
        "midden": maak(midden, RapportStatus.DEFINITIEF, versie=1),
    }


def test_ketenregisseur_sees_final_and_concept_of_own_werkgebied(client, demo, rapporten):
    regisseur = demo["regisseur@twente.example"]
    assert_has_access(client, regisseur, rapporten["twente"])
    assert_has_access(client, regisseur, rapporten["twente_concept"])
    assert_no_access(client, regisseur, rapporten["midden"])


def test_portefeuillehouder_sees_final_only(client, demo, rapporten):
    burgemeester = demo["burgemeester@twente.example"]
    assert_has_access(client, burgemeester, rapporten["twente"])
    assert_no_access(client, burgemeester, rapporten["twente_concept"])
    assert_no_access(client, burgemeester, rapporten["midden"])


def test_midden_nederland_sees_only_its_own(client, demo, rapporten):
    assert_has_access(client, demo["regisseur@midden-nederland.example"], rapporten["midden"])
    assert_has_access(client, demo["burgemeester@midden-nederland.example"], rapporten["midden"])
    for rapport in (rapporten["twente"], rapporten["twente_concept"]):
        assert_no_access(client, demo["regisseur@midden-nederland.example"], rapport)
        assert_no_access(client, demo["burgemeester@midden-nederland.example"], rapport)


@pytest.mark.parametrize("email", [
    "coordinator@enschede.example", "coordinator@hengelo.example", "coordinator@utrecht.example",
    "politie@oost-nederland.example", "inspectie@nla.example", "beheer@ketenregie.example",
])
def test_other_roles_find_no_report(client, demo, rapporten, email):
    for rapport in rapporten.values():
        assert_no_access(client, demo[email], rapport)


def test_district_ketenregisseur_does_not_see_the_regions_report(client, demo, rapporten):
    """A report is the werkgebied's own: Utrecht's district inside Midden-Nederland does not see the region's."""
    midden = Regio.objects.get(naam="Midden-Nederland")
    district = District.objects.create(naam="District Utrecht-Stad", code="US", regio=midden)
    regisseur = UserFactory(rol=Rol.KETENREGISSEUR, werkgebied_district=district,
                            organisatie=demo["regisseur@midden-nederland.example"].organisatie)
    assert_no_access(client, regisseur, rapporten["midden"])


def test_deactivated_ketenregisseur_finds_nothing(client, demo, rapporten):
    regisseur = demo["regisseur@twente.example"]
    assert selectors.rapporten_visible_for(regisseur).count() == 2
    regisseur.is_active = False
    regisseur.save()
    assert not selectors.rapporten_visible_for(regisseur).exists()


def test_only_the_ketenregisseur_manages(demo, rapporten):
    concept = rapporten["twente_concept"]
    assert selectors.may_manage(demo["regisseur@twente.example"], concept)
    assert not selectors.may_manage(demo["burgemeester@twente.example"], concept)
    assert not selectors.may_manage(demo["regisseur@midden-nederland.example"], concept)


def test_portefeuillehouder_gets_403_on_changes_of_a_final_report(client, demo, rapporten):
    """Sees it, may not change it: 403 (not 404, the report is known to them)."""
    client.force_login(demo["burgemeester@twente.example"])
    for naam in ("rapport_toelichting", "rapport_definitief", "rapport_opnieuw"):
        response = client.post(f"/rapporten/{rapporten['twente'].pk}/{naam.removeprefix('rapport_')}/",
                               {"toelichting": "x"})
        assert response.status_code == 403


def test_latest_final_report_for_the_start_page(demo, rapporten):
    assert selectors.laatste_definitief(demo["burgemeester@twente.example"]) == rapporten["twente"]
    assert selectors.laatste_definitief(demo["burgemeester@midden-nederland.example"]) == rapporten["midden"]
    assert selectors.laatste_definitief(demo["coordinator@enschede.example"]) is None


def test_archive_of_a_quarter_holds_what_the_reader_sees(demo, rapporten):
    regisseur, burgemeester = demo["regisseur@twente.example"], demo["burgemeester@twente.example"]
    assert list(selectors.versies(regisseur, rapporten["twente"])) == [rapporten["twente"], rapporten["twente_concept"]]
    assert list(selectors.versies(burgemeester, rapporten["twente"])) == [rapporten["twente"]]
