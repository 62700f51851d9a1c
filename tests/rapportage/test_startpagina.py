"""The portefeuillehouder's start page: the latest final report of their werkgebied with a download button and the
archive, or the empty state. Never a concept, never another werkgebied's report.

The ketenregisseur's start page: how far the report of the last quarter that ended is."""
import re
from datetime import timedelta

import pytest

from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District, Regio
from tests.i18n import nl
from tests.rapportage.test_views import maak_rapport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _beschermd(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path


def _blok(client, user, sleutel="laatste_rapport"):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    match = re.search(rf'<section class="start-block start-block--{sleutel}".*?</section>',
                      response.content.decode(), re.S)
    assert match, f"no {sleutel} block"
    return match.group(0)


def test_the_latest_final_report_with_its_download_and_the_archive(client, demo):
    twente = District.objects.get(code="TW")
    oud = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=1, kwartaal=Kwartaal(2026, 1), pdf="nep")
    laatste = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2, kwartaal=Kwartaal(2026, 2), pdf="nep")
    concept = maak_rapport(twente, RapportStatus.CONCEPT, versie=3, kwartaal=Kwartaal(2026, 2), pdf="nep")
    andere = maak_rapport(Regio.objects.get(naam="Midden-Nederland"), kwartaal=Kwartaal(2026, 3), pdf="nep")

    blok = _blok(client, demo["burgemeester@twente.example"])
    assert f'data-rapport="{laatste.pk}"' in blok
    assert Kwartaal(2026, 2).label in blok
    assert f'href="/rapporten/{laatste.pk}/pdf/"' in blok and nl("Download the PDF") in blok
    assert f'href="/rapporten/{laatste.pk}/"' in blok
    assert 'href="/rapporten/"' in blok and nl("All reports (archive)") in blok
    for ander in (oud, concept, andere):
        assert f"/rapporten/{ander.pk}/" not in blok
    assert "empty-state" not in blok


def test_without_a_final_report_the_empty_state_stays(client, demo):
    twente = District.objects.get(code="TW")
    maak_rapport(twente, RapportStatus.CONCEPT, pdf="nep")
    blok = _blok(client, demo["burgemeester@twente.example"])
    assert 'class="utrecht-paragraph empty-state"' in blok and "data-rapport" not in blok
    assert 'href="/rapporten/"' in blok


def test_a_final_report_without_its_pdf_yet_is_not_offered(client, demo):
    """The start page offers a download: a final version whose PDF is still being made waits (the previous one shows)."""
    twente = District.objects.get(code="TW")
    vorige = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=1, pdf="nep")
    maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2, pdf=False)
    blok = _blok(client, demo["burgemeester@twente.example"])
    assert f'data-rapport="{vorige.pk}"' in blok


def test_midden_nederland_sees_its_own(client, demo):
    maak_rapport(District.objects.get(code="TW"), pdf="nep")
    eigen = maak_rapport(Regio.objects.get(naam="Midden-Nederland"), pdf="nep")
    blok = _blok(client, demo["burgemeester@midden-nederland.example"])
    assert f'data-rapport="{eigen.pk}"' in blok and "Midden-Nederland" in blok


def test_the_block_costs_one_query(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    burgemeester = demo["burgemeester@twente.example"]
    client.force_login(burgemeester)
    client.get("/")  # the first request of a session does a little more (second factor, session)
    with CaptureQueriesContext(connection) as zonder:
        client.get("/")
    maak_rapport(District.objects.get(code="TW"), pdf="nep")
    with CaptureQueriesContext(connection) as met:
        client.get("/")
    assert len(met.captured_queries) == len(zonder.captured_queries)
    assert sum("rapportage_rapport" in q["sql"] for q in met.captured_queries) == 1


# --- the ketenregisseur ------------------------------------------------------------------------------------------


def _regisseur_blok(client, demo, email="regisseur@twente.example"):
    return _blok(client, demo[email], "kwartaalrapport")


def test_the_ketenregisseur_is_asked_to_make_a_report_of_the_last_quarter(client, demo):
    twente = District.objects.get(code="TW")
    afgelopen = Kwartaal.laatst_afgesloten()
    # A concept counted while the quarter ran is not complete; another werkgebied's report does not count.
    vroeg = maak_rapport(twente, RapportStatus.CONCEPT, kwartaal=afgelopen, pdf="nep")
    Rapport.objects.filter(pk=vroeg.pk).update(geteld_op=afgelopen.einde - timedelta(minutes=1))
    maak_rapport(Regio.objects.get(naam="Midden-Nederland"), kwartaal=afgelopen, pdf="nep")
    blok = _regisseur_blok(client, demo)
    assert 'class="utrecht-paragraph empty-state"' in blok and "data-rapport" not in blok
    assert afgelopen.label in blok
    assert 'href="/rapporten/nieuw/"' in blok and nl("Make a new concept") in blok
    assert 'href="/rapporten/"' in blok


def test_a_complete_concept_waits_for_the_explanation(client, demo):
    twente = District.objects.get(code="TW")
    afgelopen = Kwartaal.laatst_afgesloten()
    definitief = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=1, kwartaal=afgelopen, pdf="nep")
    concept = maak_rapport(twente, RapportStatus.CONCEPT, versie=2, kwartaal=afgelopen, pdf="nep")
    blok = _regisseur_blok(client, demo)
    assert f'data-rapport="{concept.pk}"' in blok and f'href="/rapporten/{concept.pk}/#toelichting"' in blok
    assert nl("Write the explanation for %(periode)s") % {"periode": afgelopen.label} in blok
    assert f"/rapporten/{definitief.pk}/" not in blok
    # Once it is final, the block says so and links to the final version.
    nieuwste = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=3, kwartaal=afgelopen, pdf=False)
    blok = _regisseur_blok(client, demo)
    assert f'data-rapport="{nieuwste.pk}"' in blok and f'href="/rapporten/{nieuwste.pk}/"' in blok
    assert f"/rapporten/{concept.pk}/" not in blok and "empty-state" not in blok


def test_the_ketenregisseur_block_shows_only_their_own_werkgebied(client, demo):
    afgelopen = Kwartaal.laatst_afgesloten()
    twente = maak_rapport(District.objects.get(code="TW"), RapportStatus.CONCEPT, kwartaal=afgelopen, pdf="nep")
    blok = _regisseur_blok(client, demo, "regisseur@midden-nederland.example")
    assert f"/rapporten/{twente.pk}/" not in blok and "data-rapport" not in blok


def test_the_ketenregisseur_block_costs_one_query(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    regisseur = demo["regisseur@twente.example"]
    client.force_login(regisseur)
    client.get("/")
    with CaptureQueriesContext(connection) as zonder:
        client.get("/")
    twente = District.objects.get(code="TW")
    for versie in (1, 2, 3):
        maak_rapport(twente, RapportStatus.CONCEPT, versie=versie, kwartaal=Kwartaal.laatst_afgesloten(), pdf="nep")
    with CaptureQueriesContext(connection) as met:
        client.get("/")
    assert len(met.captured_queries) == len(zonder.captured_queries)
    assert sum("rapportage_rapport" in q["sql"] for q in met.captured_queries) == 1
