"""The PDF of the quarterly report (``rapportage.pdf``), read back with pdftotext and checked in its own objects:
the Dutch cover with the quarter in brief (issue 18: headline figures suppressed as everywhere, the first sentence of
the toelichting), the board named as the werkgebied names it, the table of contents with the right page numbers,
"pagina X van Y", the running header with the concept marking, the suppressed counts, the charts with their text
alternative, the tagging (PDF/UA-1, /Lang nl), and nothing of a signal's or a case's own text. Stored once in the
protected store.

The report is counted from the known world of ``tests/rapportage/wereld.py`` (Hengelo has 3 signals in the quarter:
shown as "< 5"; its case codes, references and free texts must never appear).
"""
import hashlib
import re
import shutil
import subprocess

import pytest
from django.utils import timezone, translation

from rapportage import cijfers, pdf, presentatie
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import DISTRICT_OVERLEG as DVO
from tests.casusoverleg.test_agenda_pdf import pdf_objecten
from tests.conftest import require
from tests.i18n import nl
from tests.rapportage.wereld import bouw

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)
TOELICHTING = ("Het aantal signalen steeg door de campagne in de horeca.\n\n"
               "De samenwerking met de Arbeidsinspectie is dit kwartaal versterkt.")


@pytest.fixture
def wereld():
    return bouw()


def rapport(wereld, status=RapportStatus.CONCEPT, toelichting="", versie=2):
    return Rapport.objects.create(
        district=wereld.district, jaar=K3.jaar, kwartaal=K3.kwartaal, versie=versie, status=status,
        toelichting=toelichting, gegevens=cijfers.bereken(wereld.district, K3), geteld_op=timezone.now(),
    )


def paginas(r, modus="-layout"):
    """The pages of the stored PDF as pdftotext reads them: ``-layout`` keeps the layout; ``-raw`` keeps the reading
    order of a table row on one line (with ``-layout`` a right-aligned "< 5" in a small font may lose its space)."""
    uit = subprocess.run(["pdftotext", modus, str(pdf.pad(r)), "-"], capture_output=True, check=True).stdout
    return [p for p in uit.decode().split("\f") if p.strip()]


def gemaakt(r):
    assert pdf.maak(r) is True
    r.refresh_from_db()
    return r


def alt_teksten(objecten):
    """Every /Alt string of the structure tree, decoded (WeasyPrint writes them as UTF-16 hex strings)."""
    teksten = []
    for match in re.finditer(rb"/Alt\s*(<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))", objecten):
        waarde = match.group(1)
        if waarde.startswith(b"<"):
            ruw = bytes.fromhex(waarde[1:-1].decode())
        else:
            ruw = re.sub(rb"\\(.)", rb"\1", waarde[1:-1])
        teksten.append(ruw[2:].decode("utf-16-be") if ruw.startswith(b"\xfe\xff") else ruw.decode("latin-1"))
    return teksten


def weergave(r):
    with translation.override("nl"):
        return presentatie.opbouw(r)


# --- what it says ---------------------------------------------------------------------------------------------


def test_the_concept_pdf(wereld, opslag, pdftotext):
    """One concept rendered once (a render takes seconds), checked for each of the things below."""
    r = gemaakt(rapport(wereld))
    leest_als_nederlands_rapport(r)
    inhoudsopgave_wijst_naar_de_goede_paginas(r)
    alleen_onderdrukte_cijfers_en_niets_persoonlijks(r, wereld)
    getagd_nederlands_a4_met_grafieken_en_alt_tekst(r)


def leest_als_nederlands_rapport(r):
    tekst = paginas(r)
    alles = "\n".join(tekst)
    with translation.override("nl"):
        kwartaal = K3.label
    omslag = tekst[0]
    # The cover: what, for whom, which werkgebied and quarter, concept, version, dates.
    for stuk in ("Testdistrict Twente", kwartaal, nl("for the %(overleg)s") % {"overleg": DVO},
                 nl("Draft").upper(), nl("version %(versie)s") % {"versie": 2}, "1 juli 2026", "30 september 2026"):
        assert stuk in omslag, stuk
    assert " ".join(nl("Progress report on the chain approach to human trafficking").split()) in " ".join(
        omslag.split())
    assert timezone.localtime(r.gemaakt_op).strftime("%Y") in omslag
    # Page X of Y on every page; the running header (werkgebied, quarter, CONCEPT) and the footer (for which board,
    # which version) on every page after the cover.
    aantal = len(tekst)
    assert aantal >= 6
    voet = nl("For the %(overleg)s · version %(versie)s · made on %(datum)s") % {
        "overleg": DVO, "versie": 2, "datum": ""}
    for nummer, pagina in enumerate(tekst, start=1):
        assert f"{nl('page')} {nummer} {nl('of')} {aantal}" in pagina
        if nummer > 1:
            kop = pagina.strip().splitlines()[0]
            assert "Testdistrict Twente" in kop and kwartaal in kop and nl("Draft").upper() in kop, kop
            assert voet.strip() in " ".join(pagina.split()), nummer
    # The board is named one way: the werkgebied's (the cover, "About this report", the footer).
    assert "district veiligheidsoverleg" not in " ".join(alles.split())
    assert " ".join(alles.split()).lower().count(f"voor het {DVO}".lower()) == 2 + (aantal - 1)
    conceptnoot = nl("Draft for the ketenregisseur: the figures may still be explained and the report is not yet "
                     "final. Do not pass it on to the %(overleg)s.") % {"overleg": DVO}
    assert conceptnoot in " ".join(omslag.split())
    # The worked example of the suppression and the real small count: Hengelo's 3 signals are "< 5".
    assert "< 5" in alles and "•" in alles
    # No concept explanation yet: said so, clearly.
    assert nl("No explanation yet: the ketenregisseur adds it before the report is made final.") in " ".join(
        alles.split())


def inhoudsopgave_wijst_naar_de_goede_paginas(r):
    tekst = paginas(r)
    inhoud = tekst[1]
    assert nl("Contents") in inhoud
    for nummer, hoofdstuk in enumerate(weergave(r).hoofdstukken, start=1):
        regel = re.search(rf"^\s*{nummer}\s+{re.escape(hoofdstuk.titel)}\s*\.{{3,}}\s*(\d+)\s*$", inhoud, re.M)
        assert regel, (hoofdstuk.titel, inhoud)
        pagina = int(regel.group(1))
        # The chapter starts on that page: its numbered title is the first thing under the running header.
        regels = [r.strip() for r in tekst[pagina - 1].strip().splitlines() if r.strip()]
        assert re.sub(r"\s+", " ", regels[1]) == f"{nummer} {hoofdstuk.titel}", (hoofdstuk.titel, regels[:3])


def test_a_final_report_has_the_explanation_and_no_concept_marking(wereld, opslag, pdftotext):
    r = gemaakt(rapport(wereld, status=RapportStatus.DEFINITIEF, toelichting=TOELICHTING, versie=3))
    omslag_met_het_kwartaal_in_het_kort(r)
    tekst = paginas(r)
    alles = " ".join("\n".join(tekst).split())
    assert nl("Final").upper() in " ".join(tekst[0].split())
    assert nl("Draft").upper() not in alles
    assert "Het aantal signalen steeg door de campagne in de horeca." in alles
    assert "De samenwerking met de Arbeidsinspectie is dit kwartaal versterkt." in alles
    assert nl("No explanation yet: the ketenregisseur adds it before the report is made final.") not in alles


def omslag_met_het_kwartaal_in_het_kort(r):
    """Page 1 is the cover with the quarter in brief: six headline figures as the chapters show them (a count of 1
    to 4 is "< 5"), what "< 5" means, and the first sentence of the toelichting with where the rest is."""
    tekst = paginas(r, "-raw")
    omslag = " ".join(tekst[0].split())
    w = weergave(r)
    kort = w.in_het_kort
    assert [k.sleutel for k in kort] == ["signalen-ontvangen", "casussen-geopend", "casussen-afgesloten",
                                         "overleggen-gehouden", "acties-gereed", "acties-verlopen"]
    assert nl("The quarter in brief") in omslag
    vorige, jaar_eerder = (p.kort for p in w.perioden[1:])
    for kengetal in kort:
        # The quarter's value, its label, then the quarter before and a year earlier.
        nu, toen, jaar = kengetal.waarden
        regel = f"{nu} {kengetal.label} {vorige}: {toen} · {jaar_eerder}: {jaar}"
        assert regel in omslag, regel
    # Counted independently: 22 signals in the quarter (12 + 3 + 7); and no count of 1 to 4 shows as itself.
    assert f"22 {nl('Signals received')} " in omslag
    ruw = {"signalen-ontvangen": r.gegevens["signalen"]["ontvangen"],
           "casussen-geopend": r.gegevens["casussen"]["geopend"],
           "casussen-afgesloten": r.gegevens["casussen"]["afgesloten"],
           "overleggen-gehouden": r.gegevens["overleggen"]["gehouden"],
           "acties-gereed": r.gegevens["acties"]["gereed"], "acties-verlopen": r.gegevens["acties"]["verlopen"]}
    klein = 0
    for kengetal in kort:
        for waarde, getoond in zip(ruw[kengetal.sleutel], kengetal.waarden, strict=True):
            if 1 <= waarde <= 4:
                klein += 1
                assert getoond == "< 5", (kengetal.sleutel, waarde, getoond)
            elif getoond not in ("< 5", "•"):
                assert getoond == str(waarde), (kengetal.sleutel, waarde, getoond)
    assert klein > 0  # the world has small counts: the rule is really exercised here
    assert nl("“< 5”: a count of 1 to 4. “•”: hidden so that a small count cannot be worked out.") in omslag
    # The first sentence of the toelichting, not the rest, and the way to the chapter (its page).
    assert "“Het aantal signalen steeg door de campagne in de horeca.”" in omslag
    assert "Arbeidsinspectie" not in omslag
    verwijzing = re.search(rf"{re.escape(nl('From the explanation by the ketenregisseur'))} "
                           rf"\({re.escape(nl('chapter %(nummer)s') % {'nummer': 1})}, {nl('page')} (\d+)\)", omslag)
    assert verwijzing, omslag
    hoofdstuk = " ".join(tekst[int(verwijzing.group(1)) - 1].split())
    assert f"1 {nl('Explanation by the ketenregisseur')} Het aantal signalen steeg" in hoofdstuk
    # The cover's facts are still there, on the same page.
    for stuk in (nl("Period"), nl("Compared with"), nl("Figures counted on"), nl("Made on"), f"voor het {DVO}"):
        assert stuk in omslag, stuk


def alleen_onderdrukte_cijfers_en_niets_persoonlijks(r, wereld):
    alles = "\n".join(paginas(r, "-raw"))
    plat = " ".join(alles.split())
    # Nothing of the signals' and cases' own records: codes, references, free text.
    assert wereld.geheimen
    for geheim in wereld.geheimen:
        assert geheim not in plat, geheim
    assert "Jansen" not in plat and "SIG-2090" not in plat and "TT-2026" not in plat
    # The municipality table as the page shows it: Hengelo's 3 is "< 5", the same total everywhere.
    tabel = next(t for _h, t in weergave(r).tabellen() if t.sleutel == "signalen-per-gemeente")
    rijen = {rij.label: [str(c) for c in rij.cellen] for rij in tabel.rijen}
    assert rijen["Hengelo"][0] == "< 5"
    for label, cellen in rijen.items():
        assert re.search(rf"^{re.escape(label)} " + " ".join(re.escape(c) for c in cellen) + "$", alles, re.M), label
    assert re.search(rf"^{re.escape(nl('Total'))} " + " ".join(re.escape(str(c)) for c in tabel.totaal.cellen), alles,
                     re.M)
    totaal = [str(c) for c in tabel.totaal.cellen]
    assert totaal[0] == "22"
    # No "3" standing alone for Hengelo anywhere.
    assert not re.search(r"Hengelo\s+3\b", alles)


def getagd_nederlands_a4_met_grafieken_en_alt_tekst(r):
    data = pdf.pad(r).read_bytes()
    assert data.startswith(b"%PDF-")
    objecten = pdf_objecten(data)
    assert b"/StructTreeRoot" in objecten
    assert re.search(rb"/Lang\s*\(nl\)", objecten)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objecten)
    assert b"pdfuaid" in objecten
    assert b"Noto" in objecten
    assert b"<script" not in objecten and b"/JavaScript" not in objecten and b"/JS " not in objecten
    w = weergave(r)
    grafieken = [g for h in w.hoofdstukken for g in h.grafieken]
    assert len(grafieken) >= 3
    # Each chart is in the PDF as a Figure whose /Alt is the chart's text alternative.
    assert re.search(rb"/S\s*/Figure", objecten)
    assert sorted(alt_teksten(objecten)) == sorted(g.alt for g in grafieken)

    pdfinfo = shutil.which("pdfinfo")
    require(pdfinfo, "pdfinfo (poppler-utils)")
    info = subprocess.run([pdfinfo, str(pdf.pad(r))], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+.*Testdistrict Twente", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)
    assert re.search(r"^JavaScript:\s+no", info, re.M)
    structuur = subprocess.run([pdfinfo, "-struct-text", str(pdf.pad(r))], capture_output=True,
                               check=True).stdout.decode()
    assert structuur.lstrip().startswith("Document")
    assert len(re.findall(r"^\s+Figure\b", structuur, re.M)) == len(grafieken)
    for tag in ("H1", "H2", "H3", "Table", "TH", "TD", "Caption", "L", "LI", "Link"):
        assert re.search(rf"^\s+{tag}\b", structuur, re.M), tag
    # The chart's own numbers are drawn as text (vector), readable like the rest.
    assert "22" in structuur


def test_stored_once_in_the_protected_store(wereld, opslag):
    r = rapport(wereld)
    assert pdf.maak(r) is True
    r.refresh_from_db()
    data = pdf.pad(r).read_bytes()
    assert pdf.pad(r).parent == opslag / "rapporten"
    assert re.fullmatch(r"[0-9a-f]{48}\.pdf", r.opslagnaam)
    assert r.grootte == len(data) and r.sha256 == hashlib.sha256(data).hexdigest()
    assert r.gemaakt_op is not None and r.heeft_pdf
    with pdf.open(r) as bestand:
        assert bestand.read() == data
    # A second call keeps the first file: no new file, the row unchanged.
    opnieuw = Rapport.objects.get(pk=r.pk)
    assert pdf.maak(opnieuw) is False
    assert opnieuw.opslagnaam == r.opslagnaam and opnieuw.sha256 == r.sha256
    assert [p.name for p in (opslag / "rapporten").iterdir()] == [r.opslagnaam]
    # Written read-only for the application.
    assert oct(pdf.pad(r).stat().st_mode & 0o777) == "0o600"


def test_an_uncounted_report_has_no_pdf(wereld, opslag):
    r = Rapport.objects.create(district=wereld.district, jaar=2026, kwartaal=3, versie=1)
    with pytest.raises(ValueError):
        pdf.maak(r)
    assert not (opslag / "rapporten").exists() or not list((opslag / "rapporten").iterdir())


def test_file_name(wereld):
    r = Rapport(district=wereld.district, jaar=2026, kwartaal=3, versie=2)
    assert pdf.bestandsnaam(r) == "kwartaalrapport-testdistrict-twente-2026-K3-v2.pdf"
    from tafels.models import Regio

    r = Rapport(regio=Regio.objects.get(naam="Midden-Nederland"), jaar=2025, kwartaal=4, versie=11)
    assert pdf.bestandsnaam(r) == "kwartaalrapport-midden-nederland-2025-K4-v11.pdf"


def test_the_renderer_embeds_images_only_from_the_document_itself():
    """The charts come in as data:image URLs; nothing else is fetched but our own static files."""
    import base64

    from weasyprint.urls import FatalURLFetchingError

    from mensenhandel.core.pdf import html_to_pdf

    def html(src):
        return f'<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body><img alt="x" src="{src}"></body></html>'

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    assert html_to_pdf(html("data:image/svg+xml;base64," + base64.b64encode(svg).decode())).startswith(b"%PDF-")
    for src in ("http://example.com/grafiek.svg", "data:text/html;base64,PGI+eDwvYj4=", "file:///etc/hostname"):
        with pytest.raises(FatalURLFetchingError):
            html_to_pdf(html(src))
