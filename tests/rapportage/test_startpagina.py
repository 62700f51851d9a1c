"""The portefeuillehouder's start page: the latest final report of their werkgebied with a download button and the
archive, or the empty state. Never a concept, never another werkgebied's report."""
import re

import pytest

from rapportage.models import RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District, Regio
from tests.i18n import nl
from tests.rapportage.test_views import maak_rapport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _beschermd(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path


def _blok(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    match = re.search(r'<section class="start-block start-block--laatste_rapport".*?</section>',
                      response.content.decode(), re.S)
    assert match, "no latest-report block"
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
