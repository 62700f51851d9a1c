"""Journey 3 end to end in Chromium (issue 8): the Twente portefeuillehouder logs in, finds the latest final quarterly
report of Twente on the start page and downloads its PDF (which names Twente and the quarter), and finds nothing
that is not hers: a signal, a case that is not on an agenda she chairs and a report of Midden-Nederland all answer
404. The Twente ketenregisseur then makes a new concept of the running quarter from the archive, watches its progress
until the figures are there, writes the explanation for the board, makes it final and sees the final version beside
the concept, which stays in the archive. axe-core on every page visited (not on the 404 pages).

The signal, the case and the reports of the setup are made through the services, their jobs in-process (eager). In
the ketenregisseur's part the test is the worker: the jobs the pages queue wait until the test runs them one by one,
so the progress is seen step by step (the figures counted, then the PDF made). The report job on a real Celery
worker over Redis is tested in ``tests/rapportage``.
"""
import re
import subprocess
from datetime import datetime, time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMENVATTING = "Medewerkers van een nagelstudio werken lange dagen en slapen boven de zaak."
TOELICHTING_TWENTE = "Het aantal signalen bleef gelijk; de keten pakte de meeste signalen binnen een week op."
TOELICHTING_MIDDEN = "In Utrecht kwamen minder signalen binnen dan een jaar eerder."
TOELICHTING_NIEUW = (
    "Het aantal signalen nam toe, vooral uit de horeca na de voorlichtingscampagne in Enschede en Hengelo.\n\n"
    "Aandachtspunt voor het DVO: de doorlooptijd van acties bij de zorgpartners."
)


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def _stil(page):
    """Wait until the page has loaded everything (the chart images too): on SQLite the live server shares the test's
    database connection, so the test reads the database only while no request is running."""
    page.wait_for_load_state("networkidle")


def _grafieken_geladen(page):
    """Every chart on the page is an SVG that loaded (its <img> has a size): none shows its text alternative."""
    beelden = page.locator("img.rapport-grafiek__beeld")
    expect(beelden.first).to_be_visible()
    page.wait_for_function("""() => [...document.querySelectorAll('img.rapport-grafiek__beeld')]
        .every(img => img.complete)""")
    if connection.vendor == "sqlite":
        # The live server's threads share the test's in-memory SQLite connection, so requests at the same moment (the
        # charts of a page) can fail there ("no such savepoint"), never on PostgreSQL: load such a chart once more, on
        # its own.
        for index in range(beelden.count()):
            beelden.nth(index).evaluate("""img => img.naturalWidth > 0 || new Promise(klaar => {
                img.addEventListener("load", klaar, {once: true});
                img.addEventListener("error", klaar, {once: true});
                img.src = img.getAttribute("src").split("?")[0] + "?opnieuw=1";
            })""")
    breedtes = beelden.evaluate_all("imgs => imgs.map(img => [img.getAttribute('src'), img.naturalWidth])")
    assert breedtes and all(breedte > 0 for _src, breedte in breedtes), breedtes


def _htmx_pauzeren(page, pauze):
    """Hold back (or let go) htmx's polling of the progress, so axe checks, and the test's worker runs, while no
    request is on its way."""
    page.evaluate("""pauze => {
        if (!window.__journeyPauze) {
            window.__journeyPauze = {aan: false};
            document.body.addEventListener("htmx:beforeRequest", e => {
                if (window.__journeyPauze.aan) e.preventDefault();
            });
        }
        window.__journeyPauze.aan = pauze;
    }""", pauze)
    if pauze:  # a request on its way when the pause began is swapped in first
        expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)
        _stil(page)


def _draai_job(page, wachtrij):
    """The worker: run the oldest queued job to the end while the page does not poll, then let the page poll again."""
    from mensenhandel.jobs.models import JobStatus
    from mensenhandel.jobs.services import execute

    _htmx_pauzeren(page, True)
    job = execute(wachtrij.pop(0))
    assert job.status == JobStatus.DONE, job.fout
    _htmx_pauzeren(page, False)


def _fout(antwoord):
    """An answer of the server that went wrong: an error status other than the 404s the test asks for, or (on
    PostgreSQL) a chart that did not load."""
    return antwoord.status >= 400 and not (antwoord.status == 404 and antwoord.request.is_navigation_request()) and not (
        connection.vendor == "sqlite" and "/grafiek/" in antwoord.url)


def _label(kwartaal):
    """The quarter as the Dutch pages and the PDF show it: "3e kwartaal 2026"."""
    with translation.override("nl"):
        return kwartaal.label


def _kort(kwartaal):
    with translation.override("nl"):
        return kwartaal.kort


def _pdf_tekst(pad):
    return subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, check=True).stdout.decode()


def _definitief(werkgebied, kwartaal, regisseur, toelichting):
    """A concept counted by the job (eager: at the commit), then final with a toelichting; both with their PDF."""
    from rapportage import services

    concept = services.maak_concept(werkgebied, kwartaal, door=regisseur)
    concept.refresh_from_db()
    assert concept.gegevens is not None and concept.heeft_pdf, concept.job.fout if concept.job else "no job"
    definitief = services.definitief_maken(concept, regisseur, toelichting)
    definitief.refresh_from_db()
    assert definitief.heeft_pdf, definitief.job.fout if definitief.job else "no job"
    return concept, definitief


@pytest.fixture
def rapporten(seeded):
    """A submitted Enschede signal, a Twente case on no agenda, and the final reports of the last completed quarter
    of Twente and of Midden-Nederland (committed for the live server)."""
    from casusoverleg.services.casussen import open_casus
    from partners.models import User
    from rapportage.perioden import Kwartaal
    from signalen.models import Vorm
    from tafels.models import Gemeente
    from tests.signalen.test_access import maak_signaal

    twente = User.objects.get(email="regisseur@twente.example")
    midden = User.objects.get(email="regisseur@midden-nederland.example")
    kwartaal = Kwartaal.laatst_afgesloten()
    signaal = maak_signaal(User.objects.get(email="coordinator@enschede.example"))
    casus = open_casus(twente, gemeenten=[Gemeente.objects.get(naam="Enschede")],
                       vormen=[Vorm.objects.get(code="arbeid")], samenvatting=SAMENVATTING)
    assert not casus.agendapunten.exists()
    # Both belong to the last completed quarter (its last afternoon), so its reports count them.
    moment = timezone.make_aware(datetime.combine(kwartaal.laatste_dag, time(15, 0)))
    type(signaal).objects.filter(pk=signaal.pk).update(ingediend_op=moment)
    type(casus).objects.filter(pk=casus.pk).update(geopend_op=moment)
    twente_concept, twente_definitief = _definitief(twente.werkgebied, kwartaal, twente, TOELICHTING_TWENTE)
    _midden_concept, midden_definitief = _definitief(midden.werkgebied, kwartaal, midden, TOELICHTING_MIDDEN)
    return {"kwartaal": kwartaal, "signaal": signaal, "casus": casus, "twente": twente_definitief,
            "twente_concept": twente_concept, "midden": midden_definitief, "werkgebied": str(twente.werkgebied)}


def test_journey_the_portefeuillehouder_downloads_the_report_and_the_ketenregisseur_makes_one(
        rapporten, pdftotext, live_server, page, tmp_path, monkeypatch):
    from mensenhandel.audit.models import AuditActie, AuditEntry
    from mensenhandel.jobs import services as job_services
    from rapportage.models import Rapport, RapportStatus
    from rapportage.perioden import Kwartaal

    kwartaal, twente, werkgebied = rapporten["kwartaal"], rapporten["twente"], rapporten["werkgebied"]
    label = _label(kwartaal)
    nav = page.get_by_role("navigation", name=nl("Main menu"))
    fouten = []  # every answer of the server that went wrong (see _fout)
    page.on("response", lambda antwoord: fouten.append((antwoord.status, antwoord.url)) if _fout(antwoord) else None)

    # 1. The portefeuillehouder sees the latest final Twente report on her start page, with a download button.
    login(page, live_server, "burgemeester@twente.example")
    blok = page.locator(".start-block--laatste_rapport")
    expect(blok.get_by_role("heading")).to_have_text(nl("Latest report"))
    expect(blok.locator(f"[data-rapport='{twente.pk}']")).to_be_visible()
    expect(blok).to_contain_text(
        nl("Quarterly report %(werkgebied)s, %(periode)s") % {"werkgebied": werkgebied, "periode": label})
    expect(blok.locator(".facts")).to_contain_text(label)
    expect(blok.locator(".facts")).to_contain_text(nl("%(versie)s (final)") % {"versie": twente.versie})
    assert f"data-rapport=\"{rapporten['midden'].pk}\"" not in page.content()
    knop = blok.get_by_role("link", name=re.compile(re.escape(nl("Download the PDF"))))
    expect(knop).to_have_class(re.compile(r"\butrecht-button-link\b"))
    _checked(page, "rapport-01-start-portefeuillehouder")

    # 2. Downloads it: a PDF of Twente and the quarter, and the download is in the audit log.
    with page.expect_download() as info:
        knop.click()
    pad = tmp_path / "rapport.pdf"
    info.value.save_as(pad)
    assert pad.read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename.endswith(".pdf")
    tekst = _pdf_tekst(pad)
    assert "Twente" in tekst and label in tekst, tekst[:2000]
    assert TOELICHTING_TWENTE in " ".join(tekst.split())  # the final version, with its toelichting
    assert "Midden-Nederland" not in tekst and TOELICHTING_MIDDEN not in tekst
    assert AuditEntry.objects.filter(actor__email="burgemeester@twente.example", actie=AuditActie.DOWNLOAD,
                                     object_id=str(twente.pk)).count() == 1

    # 3. The archive holds the final version only (the concept is the ketenregisseur's).
    nav.get_by_role("link", name=nl("Reports")).click()
    expect(page.locator("h1")).to_have_text(nl("Reports"))
    expect(page.locator(f"[data-rapport='{twente.pk}']")).to_be_visible()
    expect(page.locator(f"[data-rapport='{rapporten['twente_concept'].pk}']")).to_have_count(0)
    expect(page.get_by_role("button", name=nl("Make a new concept"))).to_have_count(0)
    _checked(page, "rapport-02-archief-portefeuillehouder")

    # 4. Nothing that is not hers: a signal, a case on no agenda she chairs, a report of Midden-Nederland.
    for naam, url in [
        ("signal", reverse("signalen:detail", kwargs={"pk": rapporten["signaal"].pk})),
        ("case", reverse("casusoverleg:casus", kwargs={"pk": rapporten["casus"].pk})),
        ("report", reverse("rapportage:rapport", kwargs={"pk": rapporten["midden"].pk})),
        ("report PDF", reverse("rapportage:rapport_pdf", kwargs={"pk": rapporten["midden"].pk})),
    ]:
        antwoord = page.goto(live_server.url + url)
        assert antwoord.status == 404, (naam, url, antwoord.status)
        expect(page.locator("main")).not_to_contain_text(SAMENVATTING)
        expect(page.locator("main")).not_to_contain_text("Midden-Nederland")
    page.context.clear_cookies()

    # 5. The ketenregisseur opens the archive: both versions of the quarter, and the form for a new concept.
    login(page, live_server, "regisseur@twente.example")
    nav.get_by_role("link", name=nl("Reports")).click()
    expect(page.locator(f"[data-rapport='{twente.pk}']")).to_be_visible()
    expect(page.locator(f"[data-rapport='{rapporten['twente_concept'].pk}']")).to_be_visible()
    _checked(page, "rapport-03-archief-regisseur")

    # 6. Makes a new concept of the last completed quarter (the Enschede signal and the case are in it) through the
    #    form, and watches its progress: the figures are counted, the page shows them, the PDF is made.
    #    From here the test is the worker: a job the pages queue waits until the test runs it (see _draai_job).
    wachtrij = []
    monkeypatch.setattr(job_services, "dispatch", wachtrij.append)
    lopend = kwartaal  # (the name of the quarter the new concept is for)
    assert Kwartaal.laatst_afgesloten() == lopend
    page.get_by_label(nl("Quarter"), exact=True).select_option(label=_label(lopend))
    page.get_by_role("button", name=nl("Make a new concept")).click()
    expect(page).to_have_url(re.compile(r"/rapporten/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(
        nl("Version %(versie)s of %(kwartaal)s is being made as a concept. The figures are counted first, then the PDF "
           "is made; this page shows how far it is.") % {"versie": 3, "kwartaal": _label(lopend)})
    expect(page.locator("h1")).to_have_text(
        nl("Quarterly report %(werkgebied)s, %(periode)s") % {"werkgebied": werkgebied, "periode": _label(lopend)})
    _stil(page)
    concept = Rapport.objects.get(district=twente.district, jaar=lopend.jaar, kwartaal=lopend.kwartaal, versie=3)
    assert concept.status == RapportStatus.CONCEPT and concept.gegevens is None
    assert page.url.endswith(reverse("rapportage:rapport", kwargs={"pk": concept.pk}))
    assert wachtrij == [concept.job_id]
    voortgang = page.locator("#rapport-voortgang")
    expect(voortgang).to_have_attribute("data-klaar", "nee")
    expect(voortgang.get_by_role("heading")).to_have_text(nl("The report is being made"))
    expect(voortgang.locator("progress")).to_have_attribute("value", "0")
    expect(voortgang.locator(".rapport-stap--bezig")).to_contain_text(nl("Counting the figures"))
    expect(voortgang.locator(".rapport-stap--wacht")).to_contain_text(nl("waiting for the figures"))
    expect(page.locator("main")).to_contain_text(
        nl("The figures of this report are being counted. They appear here as soon as they are ready."))
    expect(page.get_by_role("button", name=nl("Make final"))).to_have_count(0)
    _htmx_pauzeren(page, True)
    _checked(page, "rapport-04-concept-tellen")
    _draai_job(page, wachtrij)  # counts the figures: the page reloads itself and shows them
    expect(page.locator("#signalen")).to_be_visible()
    voortgang = page.locator("#rapport-voortgang")
    expect(voortgang.locator("progress")).to_have_attribute("value", "1")
    expect(voortgang.locator(".rapport-stap--klaar")).to_contain_text(nl("Counting the figures"))
    expect(voortgang.locator(".rapport-stap--bezig")).to_contain_text(nl("Making the PDF"))
    expect(voortgang.get_by_role("link", name=nl("Figures (CSV)"))).to_be_visible()
    _grafieken_geladen(page)
    _htmx_pauzeren(page, True)
    _checked(page, "rapport-05-concept-pdf")
    _draai_job(page, wachtrij)  # makes the PDF: the progress becomes the downloads
    expect(voortgang).to_have_attribute("data-klaar", "ja")
    expect(voortgang.get_by_role("heading")).to_have_text(nl("Download"))
    expect(voortgang.get_by_role("link", name=re.compile(re.escape(nl("Download the PDF"))))).to_be_visible()
    expect(voortgang.get_by_role("link", name=nl("Figures (CSV)"))).to_be_visible()
    assert wachtrij == []
    for hoofdstuk in ("signalen", "casussen", "overleggen", "acties", "toelichting", "verantwoording"):
        expect(page.locator(f"section#{hoofdstuk}")).to_be_visible()
    # One signal and one case: counted, and shown as "< 5"; the quarter before had none.
    for sleutel in ("signalen-ontvangen", "casussen-geopend"):
        kengetal = page.locator(f"[data-kengetal='{sleutel}']")
        expect(kengetal.locator(".rapport-kengetal__waarde")).to_contain_text("< 5")
        expect(kengetal.locator(".rapport-kengetal__vergelijking")).to_contain_text(f"{_kort(kwartaal.vorige)}: 0")
    expect(page.locator(".rapport-kop__badges")).to_contain_text(nl("Draft"))
    _checked(page, "rapport-06-concept")

    # 7. Writes the explanation for the board (the label names Twente's, issue 18) and saves it.
    toelichting_label = nl("Explanation for the %(overleg)s") % {"overleg": "districtelijk veiligheidsoverleg (DVO)"}
    veld = page.get_by_label(toelichting_label)
    veld.fill(TOELICHTING_NIEUW)
    page.get_by_role("button", name=nl("Save the explanation")).click()
    expect(page.locator(".messages")).to_contain_text(
        nl("The explanation has been saved. It is in the report once you make it final."))
    expect(page.get_by_label(toelichting_label)).to_have_value(TOELICHTING_NIEUW)
    _stil(page)
    concept.refresh_from_db()
    assert concept.toelichting.replace("\r\n", "\n") == TOELICHTING_NIEUW  # the browser sends CRLF

    # 8. Makes it final: a new, final version with this explanation and the concept's figures; its PDF is made, the
    #    concept stays.
    page.get_by_role("button", name=nl("Make final")).click()
    expect(page.locator(".rapport-kop__badges")).to_contain_text(nl("Final"))
    _stil(page)
    definitief = Rapport.objects.get(gebaseerd_op=concept)
    assert definitief.status == RapportStatus.DEFINITIEF and definitief.versie == 4
    assert definitief.toelichting.replace("\r\n", "\n") == TOELICHTING_NIEUW
    assert definitief.gegevens == concept.gegevens
    assert wachtrij == [definitief.job_id]
    expect(page).to_have_url(re.compile(rf"/rapporten/{definitief.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(
        nl("Version %(versie)s is final. The PDF is being made; once it is ready the portefeuillehouder can download "
           "it. Concept version %(concept)s stays in the archive.") % {"versie": 4, "concept": 3})
    expect(page.locator(".rapport-kop__badges")).to_contain_text(nl("Version %(versie)s") % {"versie": 4})
    voortgang = page.locator("#rapport-voortgang")
    expect(voortgang.locator(".rapport-stap--bezig")).to_contain_text(nl("Making the PDF"))
    _draai_job(page, wachtrij)
    expect(voortgang).to_have_attribute("data-klaar", "ja")
    expect(voortgang.get_by_role("link", name=re.compile(re.escape(nl("Download the PDF"))))).to_be_visible()
    expect(page.locator("#toelichting .rapport-toelichting p")).to_have_count(2)  # the two paragraphs
    expect(page.locator("#toelichting .rapport-toelichting")).to_contain_text(TOELICHTING_NIEUW.split("\n\n")[0])
    expect(page.get_by_label(toelichting_label)).to_have_count(0)
    versies = page.locator("#versies")
    expect(versies.locator("tbody tr")).to_have_count(4)  # with the earlier concept and final version
    expect(versies.locator(f"[data-rapport='{concept.pk}']")).to_contain_text(nl("Draft"))
    expect(versies.locator(f"[data-rapport='{definitief.pk}']")).to_contain_text(nl("Final"))
    _grafieken_geladen(page)
    _checked(page, "rapport-07-definitief")

    # 9. Back in the archive: the quarter with its four versions, newest first.
    page.get_by_role("link", name=nl("Reports"), exact=True).first.click()
    kop = f"kwartaal-{lopend.jaar}-{lopend.kwartaal}"
    expect(page.locator(f"#{kop}")).to_have_text(_label(lopend))
    expect(page.locator(f"section[aria-labelledby='{kop}'] tbody tr")).to_have_count(4)
    expect(page.locator(".rapport-kwartaal").first).to_have_attribute("aria-labelledby", kop)  # newest first
    for rapport in (concept, definitief, twente, rapporten["twente_concept"]):
        expect(page.locator(f"[data-rapport='{rapport.pk}']")).to_be_visible()
    _stil(page)
    assert Rapport.objects.filter(district=twente.district).count() == 4
    _checked(page, "rapport-08-archief-na-definitief")
    assert fouten == []
    assert wachtrij == []  # nothing left for a worker


def test_the_ketenregisseur_is_led_from_the_start_page_and_makes_a_failed_report_again(seeded, live_server, page):
    """The start page says the last quarter has no complete report yet; a concept of the running quarter explains why
    it cannot be made final; a report whose PDF failed is made again with "Try again" (jobs run in-process here).
    axe-core on each of those states."""
    from mensenhandel.jobs.models import Job, JobStatus
    from partners.models import User
    from rapportage import services
    from rapportage.models import Rapport
    from rapportage.perioden import Kwartaal

    regisseur = User.objects.get(email="regisseur@twente.example")
    afgelopen, lopend = Kwartaal.laatst_afgesloten(), Kwartaal.van_datum(timezone.localdate())
    tussenstand = services.maak_concept(regisseur.werkgebied, lopend, door=regisseur)
    mislukt = services.maak_concept(regisseur.werkgebied, afgelopen, door=regisseur)
    mislukt.refresh_from_db()
    assert mislukt.heeft_pdf
    # The PDF step failed: no file, the job ended in failure.
    Rapport.objects.filter(pk=mislukt.pk).update(
        opslagnaam="", grootte=None, sha256="", gemaakt_op=None,
        job=Job.objects.create(naam=services.JOB_RAPPORT, args=[mislukt.pk], status=JobStatus.FAILED))

    login(page, live_server, "regisseur@twente.example")
    blok = page.locator(".start-block--kwartaalrapport")
    expect(blok).to_contain_text(nl("Write the explanation for %(periode)s") % {"periode": _label(afgelopen)})
    _checked(page, "rapport-10-start-regisseur")

    page.goto(f"{live_server.url}/rapporten/{tussenstand.pk}/")
    with translation.override("nl"):
        einde = formats.date_format(lopend.laatste_dag, "j F Y")
    expect(page.locator(".rapport-melding")).to_contain_text(
        nl("It shows the figures so far: the quarter runs until %(einde)s.") % {"einde": einde})
    expect(page.get_by_role("button", name=nl("Save the explanation"))).to_be_visible()
    expect(page.get_by_role("button", name=nl("Make final"))).to_have_count(0)
    _stil(page)
    _checked(page, "rapport-11-tussenstand")

    page.goto(f"{live_server.url}/rapporten/{mislukt.pk}/")
    voortgang = page.locator("#rapport-voortgang")
    expect(voortgang.get_by_role("heading")).to_have_text(nl("The report could not be made"))
    expect(voortgang.get_by_role("alert")).to_contain_text(nl("Making the PDF of this report failed."))
    _stil(page)
    _checked(page, "rapport-12-mislukt")
    voortgang.get_by_role("button", name=nl("Try again")).click()
    expect(page.locator(".messages")).to_contain_text(
        nl("The report is being made again. This page shows the progress."))
    voortgang = page.locator("#rapport-voortgang")
    expect(voortgang).to_have_attribute("data-klaar", "ja")
    expect(voortgang.get_by_role("link", name=re.compile(re.escape(nl("Download the PDF"))))).to_be_visible()
    _stil(page)
    _checked(page, "rapport-13-opnieuw-gemaakt")
    mislukt.refresh_from_db()
    assert mislukt.heeft_pdf and Rapport.objects.filter(district=regisseur.werkgebied).count() == 2
