"""The proposal to the board made next to the quarterly report (issue 21), read back with pdftotext: the header of
seed 001 (onderwerp, agendapunt, registratienummer), the headings Besluit, Voorstel and Samenvatting, the quarter in
five figures exactly as the report shows them (suppressed alike), the ketenregisseur's decision points, the reference
to the full report, at most two pages, tagged and in Dutch; made once, by the report's job, next to the report's PDF.

The report is counted from the known world of ``tests/rapportage/wereld.py``; the expected figures come from its
independent computation (``verwacht``), with the "< 5" rule applied here.
"""
import re
import shutil
import subprocess

import pytest
from django.utils import timezone, translation

from rapportage import cijfers, dvo
from rapportage.models import DvoVoorstel, Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tests.casusoverleg.test_agenda_pdf import pdf_objecten
from tests.conftest import require
from tests.rapportage.wereld import bouw, verwacht

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)
PUNTEN = ("Het DVO stemt in met een gezamenlijke controle van de huisvesting van arbeidsmigranten.\n\n"
          "Het DVO vraagt de gemeenten een aandachtsfunctionaris mensenhandel aan te wijzen.")


def toon(n):
    return "< 5" if 1 <= n <= 4 else str(n)


@pytest.fixture
def rapport(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path
    wereld = bouw()
    r = Rapport.objects.create(
        district=wereld.district, jaar=K3.jaar, kwartaal=K3.kwartaal, versie=3, status=RapportStatus.DEFINITIEF,
        toelichting="Het aantal signalen steeg door de campagne in de horeca. Verder bleef het rustig.",
        gegevens=cijfers.bereken(wereld.district, K3), geteld_op=timezone.now(),
        dvo_besluitpunten=PUNTEN, dvo_agendapunt="C2a", dvo_registratienummer="DVO-2026-117",
    )
    return wereld, r


def test_the_proposal_reads_back_with_its_headings_five_exact_figures_and_the_decision_points(rapport):
    require(shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils (pdftotext, pdfinfo)")
    wereld, r = rapport
    assert dvo.maak(r) is True
    assert dvo.maak(r) is False  # made once: a second run (or a second job) keeps the file
    voorstel = DvoVoorstel.objects.get(rapport=r)
    pad = dvo.MAP.pad(voorstel.opslagnaam)
    data = pad.read_bytes()
    assert len(data) == voorstel.grootte

    info = subprocess.run(["pdfinfo", str(pad)], capture_output=True, check=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
    tekst = subprocess.run(["pdftotext", "-raw", str(pad), "-"], capture_output=True, check=True).stdout.decode()
    regels = [" ".join(regel.split()) for regel in tekst.splitlines()]

    # The header of seed 001 and the board as the werkgebied names it.
    assert "VOORSTEL" in regels
    assert f"Districtelijk veiligheidsoverleg (DVO) {wereld.district.naam}" in regels
    with translation.override("nl"):
        label = K3.label  # "3e kwartaal 2026"
    assert f"ONDERWERP Ketenaanpak mensenhandel: voortgangsrapportage {label}" in regels
    assert "AGENDAPUNT C2a" in regels and "REGISTRATIENUMMER DVO-2026-117" in regels
    assert "BEHANDELD DOOR" not in " ".join(regels)  # made without a user: no organisation to name
    # The three headings, in the order of the format.
    assert regels.index("Besluit") < regels.index("Voorstel") < regels.index("Samenvatting")
    platte = " ".join(regels)
    besluit = regels[regels.index("Besluit") + 1:regels.index("Voorstel")]
    assert besluit == ["Het DVO stemt in met een gezamenlijke controle van de huisvesting van arbeidsmigranten.",
                       "Het DVO vraagt de gemeenten een aandachtsfunctionaris mensenhandel aan te wijzen."]
    assert "en instemmen met de 2 besluitpunten hierboven." in platte

    # The quarter in five figures, each beside the quarter before and a year earlier, as the world says.
    v = verwacht(wereld, "district")
    verwachte = [
        ("Ontvangen signalen", v["signalen"]["ontvangen"]),
        ("Geopende casussen", v["casussen"]["geopend"]),
        ("Gehouden overleggen", v["overleggen"]["gehouden"]),
        ("Afgeronde acties", v["acties"]["gereed"]),
        ("Verlopen acties aan het eind van het kwartaal", v["acties"]["verlopen"]),
    ]
    assert f"Het kwartaal in vijf cijfers: {label}" in platte
    for label, waarden in verwachte:
        rij = next((regel for regel in regels if regel.startswith(label)), None)
        assert rij is not None, label
        assert rij == " ".join([label, *(toon(w) for w in waarden)]), (rij, waarden)
    assert v["signalen"]["ontvangen"][0] == 22  # the worked example: 12 + 3 + 7
    # The toelichting's first sentence and the reference to the full report (its file).
    assert "Het aantal signalen steeg door de campagne in de horeca." in platte
    assert "Verder bleef het rustig." not in platte
    assert f"kwartaalrapport-{wereld.district.naam.lower().replace(' ', '-')}-2026-K3-v3.pdf" in platte
    # Nothing of a case: no case code.
    assert not re.search(r"\b[A-Z]{2}-20\d\d-\d{3}\b", platte)

    # Tagged PDF/UA-1 in Dutch, as the report's PDF.
    objecten = pdf_objecten(data)
    assert b"/Lang (nl)" in objecten or b"/Lang (nl-NL)" in objecten
    assert b"/StructTreeRoot" in objecten and b"pdfuaid" in objecten


def test_the_report_job_makes_the_proposal_next_to_the_report(rapport, monkeypatch):
    """The job's PDF step makes both files; a report made before issue 21 gets its proposal on the next run."""
    from mensenhandel.jobs.models import Job
    from rapportage import jobs, pdf

    _wereld, r = rapport
    monkeypatch.setattr(pdf, "render", lambda rapport, **kw: b"%PDF-1.7 rapport")
    monkeypatch.setattr(dvo, "render", lambda rapport, **kw: b"%PDF-1.7 voorstel")
    jobs.rapport(Job(args=[r.pk]))
    r.refresh_from_db()
    assert r.heeft_pdf and r.heeft_dvo_pdf
    assert dvo.MAP.pad(r.dvo_voorstel.opslagnaam).read_bytes() == b"%PDF-1.7 voorstel"
    # A report that has its PDF but no proposal (made before issue 21): the next run adds only the proposal.
    DvoVoorstel.objects.filter(rapport=r).delete()
    assert jobs.rapport(Job(args=[r.pk])) == {"stap": "dvo-voorstel"}
    assert jobs.rapport(Job(args=[r.pk]))["stap"] == "klaar"
