"""Issue 18: the report names the board it is for as its werkgebied does (``bestuurlijk_overleg``, set by the
beheerder): Twente's "districtelijk veiligheidsoverleg (DVO)", Midden-Nederland's (a region) "regionaal bestuurlijk
overleg (RBO)", never a DVO, and the same name everywhere: the archive's introduction, the report page, the label
and error of the toelichting, the PDF's cover, description, introduction and footer, the portefeuillehouder's start
page.
"""
import importlib
import re

import pytest
from django.apps import apps

from rapportage import pdf
from rapportage.models import RapportStatus
from tafels.models import DISTRICT_OVERLEG, REGIO_OVERLEG, District, Regio
from tests.i18n import nl
from tests.rapportage.test_views import maak_rapport

pytestmark = pytest.mark.django_db

DVO = "districtelijk veiligheidsoverleg (DVO)"
RBO = "regionaal bestuurlijk overleg (RBO)"


@pytest.fixture(autouse=True)
def _beschermd(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path


def _html(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _geen_ander_overleg(html, overleg):
    """Nothing names another board, nor the old "district veiligheidsoverleg" or a bare DVO."""
    assert "district veiligheidsoverleg" not in html
    if overleg != DVO:
        assert "DVO" not in html and DVO not in html


def test_a_district_reports_to_its_dvo_and_a_region_to_its_rbo():
    assert DISTRICT_OVERLEG == DVO and REGIO_OVERLEG == RBO
    assert District.objects.get(code="TW").bestuurlijk_overleg == DVO
    assert set(Regio.objects.values_list("bestuurlijk_overleg", flat=True)) == {RBO}
    nieuw = District.objects.create(naam="Achterhoek", code="AH", regio=Regio.objects.get(naam="Oost-Nederland"))
    assert nieuw.bestuurlijk_overleg == DVO


def test_the_data_migration_fills_the_districts_and_regions_that_exist():
    migratie = importlib.import_module("tafels.migrations.0002_bestuurlijk_overleg")
    District.objects.update(bestuurlijk_overleg="")
    Regio.objects.update(bestuurlijk_overleg="")
    Regio.objects.filter(naam="Limburg").update(bestuurlijk_overleg="al een naam")
    migratie.vul(apps, None)
    assert set(District.objects.values_list("bestuurlijk_overleg", flat=True)) == {DVO}
    assert Regio.objects.get(naam="Limburg").bestuurlijk_overleg == "al een naam"
    assert set(Regio.objects.exclude(naam="Limburg").values_list("bestuurlijk_overleg", flat=True)) == {RBO}


@pytest.mark.parametrize(("regisseur", "overleg"), [
    ("regisseur@twente.example", DVO), ("regisseur@midden-nederland.example", RBO)])
def test_the_archive_and_a_concept_name_the_board_of_the_werkgebied(client, demo, regisseur, overleg):
    user = demo[regisseur]
    client.force_login(user)
    html = _html(client.get("/rapporten/"))
    intro = nl("The quarterly progress reports of %(werkgebied)s for the %(overleg)s. A concept is made for every "
               "quarter in the first week after it ends; you add the explanation and make it final. Only a final "
               "version is visible to the portefeuillehouder. Earlier versions stay here.")
    assert intro % {"werkgebied": user.werkgebied, "overleg": overleg} in html
    _geen_ander_overleg(html, overleg)

    concept = maak_rapport(user.werkgebied, RapportStatus.CONCEPT, pdf="nep", toelichting="")
    html = _html(client.get(f"/rapporten/{concept.pk}/"))
    label = nl("Explanation for the %(overleg)s") % {"overleg": overleg}
    assert f'<label class="utrecht-form-label" for="id_toelichting">{label}</label>' in html
    assert f"voor het {overleg}. " in html  # the report's introduction
    _geen_ander_overleg(html, overleg)
    # Finalising without an explanation: the error names it too.
    html = _html(client.post(f"/rapporten/{concept.pk}/definitief/", {"toelichting": " "}))
    fout = nl("Write an explanation for the %(overleg)s before you make the report final.") % {"overleg": overleg}
    assert fout in html
    _geen_ander_overleg(html, overleg)


def test_the_portefeuillehouder_without_a_report_reads_the_name_of_the_board(client, demo):
    client.force_login(demo["burgemeester@midden-nederland.example"])
    html = _html(client.get("/"))
    blok = re.search(r'<section class="start-block start-block--laatste_rapport".*?</section>', html).group(0)
    verwacht = nl("No report has been made yet. The latest quarterly progress report of your work area for the "
                  "%(overleg)s appears here, to download as a PDF.") % {"overleg": RBO}
    assert verwacht in blok
    _geen_ander_overleg(blok, RBO)


def test_a_name_the_beheerder_sets_is_the_name_everywhere(client, demo, monkeypatch):
    midden = Regio.objects.get(naam="Midden-Nederland")
    midden.bestuurlijk_overleg = "regionaal veiligheidsoverleg Midden-Nederland (RVO)"
    midden.save()
    rapport = maak_rapport(midden, RapportStatus.DEFINITIEF, pdf="nep")
    client.force_login(demo["burgemeester@midden-nederland.example"])
    assert "voor het regionaal veiligheidsoverleg Midden-Nederland (RVO). " in _html(
        client.get(f"/rapporten/{rapport.pk}/"))

    # The PDF (its HTML and its running footer, captured before WeasyPrint renders them).
    gezien = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: gezien.append((html, kwargs)) or b"%PDF-")
    pdf.render(rapport)
    html, kwargs = gezien[0]
    html = " ".join(html.split())
    naam = "regionaal veiligheidsoverleg Midden-Nederland (RVO)"
    assert f'<meta name="description" content="Voortgangsrapportage voor het {naam}">' in html
    assert f'<p class="omslag__voor">voor het {naam}</p>' in html
    assert f"voor het {naam}. " in html  # "About this report"
    assert f"Voor het {naam} · versie 1 · gemaakt op " in kwargs["extra_css"]  # the footer
    _geen_ander_overleg(html + kwargs["extra_css"], naam)
