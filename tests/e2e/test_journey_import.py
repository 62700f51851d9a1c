"""Issue 20 end to end in Chromium: the Twente ketenregisseur downloads the template, fills it in with one bad row,
uploads it and reads in the preview why that row cannot be imported (nothing is imported), fixes the row, uploads
the file again and imports it; the signals appear in Signalen. axe-core on every import page."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RIJEN = [
    ["MELD-2025-101", "Gemeente Enschede", "03-02-2025", "Enschede", "Arbeidsuitbuiting", "Land- en tuinbouw",
     "Toezicht en handhaving (BOA)", "Zes arbeidsmigranten zonder contract bij een kwekerij.", "", "", "",
     "doorgezet", "10-02-2025", "NLA"],
    ["MELD-2025-102", "Politie Oost-Nederland", "17-03-2025", "GM0164", "seksueel", "", "Melding van een burger",
     "<b>Wisselende bewoners</b> in een bovenwoning.", "", "", "", "in behandeling", "18-03-2025", ""],
    ["MELD-2025-103", "Gemeente Hengelo", "02-04-2025", "Utrecht", "crimineel", "", "", "", "", "", "", "", "", ""],
]


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def _vul(sjabloon, doel, rijen):
    from openpyxl import load_workbook

    workbook = load_workbook(sjabloon)
    blad = workbook["Signalen"]
    for rij in rijen:
        blad.append(rij)
    workbook.save(doel)


def test_journey_import_from_template_to_signalen(seeded, live_server, page, tmp_path):
    from signalen.models import Signaal

    login(page, live_server, "regisseur@twente.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("Import")).click()
    expect(page).to_have_url(re.compile(r"/import/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Import signals, cases and actions"))
    _checked(page, "import-1-start")

    # 1. The template: one workbook with a sheet per kind and Dutch column names.
    with page.expect_download() as download:
        page.get_by_role("link", name=nl("Template as Excel workbook (sjabloon.xlsx), a sheet per kind")).click()
    assert download.value.suggested_filename == "sjabloon.xlsx"
    sjabloon = tmp_path / "sjabloon.xlsx"
    download.value.save_as(sjabloon)

    # 2. Filled in with one bad row (a gemeente outside Twente): the preview says why, and nothing is imported.
    bestand = tmp_path / "signalen-2025.xlsx"
    _vul(sjabloon, bestand, RIJEN)
    page.get_by_role("radio", name=nl("Signals")).check()
    page.get_by_label(nl("File"), exact=True).set_input_files(str(bestand))
    page.get_by_role("button", name=nl("Check file")).click()
    expect(page).to_have_url(re.compile(r"/import/\d+/$"))
    expect(page.locator("#fouten")).to_contain_text("1 rij kan niet worden geïmporteerd")
    expect(page.locator('[data-rij="4"]')).to_contain_text("Gemeente ‘Utrecht’ hoort niet bij Twente.")
    expect(page.get_by_role("button", name=re.compile("signalen? importeren"))).to_have_count(0)
    assert not Signaal.objects.filter(extern_kenmerk__startswith="MELD-2025-").exists()
    _checked(page, "import-2-voorbeeld-met-fout")
    page.get_by_role("link", name=nl("Show all rows")).click()
    expect(page.locator('[data-rij="2"]')).to_contain_text(nl("Valid: new"))
    expect(page.locator('[data-rij="3"]')).to_contain_text(nl("Valid: new"))

    # 3. The row fixed, the file uploaded again: every row valid, then imported in one go.
    RIJEN[2][3] = "Hengelo (O.)"
    _vul(sjabloon, bestand, RIJEN)
    page.get_by_label(nl("File"), exact=True).set_input_files(str(bestand))
    page.get_by_role("button", name=nl("Check file")).click()
    expect(page.locator("[data-telling=nieuw]")).to_have_text("3")
    expect(page.locator("[data-telling=fout]")).to_have_text("0")
    _checked(page, "import-3-voorbeeld-in-orde")
    page.get_by_role("button", name="3 signalen importeren").click()
    expect(page.get_by_role("status")).to_contain_text("3 signalen geïmporteerd.")
    _checked(page, "import-4-geimporteerd")
    assert Signaal.objects.filter(extern_kenmerk__startswith="MELD-2025-").count() == 3

    # 4. The signals are in Signalen, like any other; the HTML in a cell is shown as text.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("Signals")).click()
    for signaal in Signaal.objects.filter(extern_kenmerk__startswith="MELD-2025-"):
        expect(page.get_by_role("link", name=signaal.referentie)).to_be_visible()
    tweede = Signaal.objects.get(extern_kenmerk="MELD-2025-102")
    page.get_by_role("link", name=tweede.referentie).click()
    expect(page.locator("body")).to_contain_text("<b>Wisselende bewoners</b> in een bovenwoning.")
    expect(page.locator("body")).to_contain_text("Geïmporteerd op")
    _checked(page, "import-5-signaal")

    # 5. The import page lists the import under "Eerdere imports" (file name, counts, who).
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=nl("Import")).click()
    expect(page.locator("[data-import]")).to_contain_text("signalen-2025.xlsx")
    page.get_by_text("Tabblad “Signalen”").click()
    _checked(page, "import-6-start-na-import")
