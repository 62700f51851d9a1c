"""The journey of issue 6 end to end in Chromium: the Twente ketenregisseur opens a case from a Hengelo signal,
schedules a meeting of the Twente casusoverleg, puts that case and an Enschede case on the agenda, moves one up,
invites Gemeente Hengelo for the Hengelo item, makes the agenda final, watches the progress of the PDFs and downloads
the full agenda; the Hengelo coordinator accepts the confidentiality declaration and then sees (and downloads) only
the Hengelo item; the chair sees the whole agenda but no case page. axe-core on every page.

The PDFs are made by a real Celery worker over Redis when PostgreSQL and Redis are there (always in CI); elsewhere
the job runs in-process (eager) and the PDFs are ready at once.
"""
import os
import re
import subprocess
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext, override
from playwright.sync_api import expect

from tests.conftest import IN_CI, require
from tests.e2e.conftest import axe_violations, login, screenshot
from tests.i18n import nl
from tests.jobs.conftest import celery_conf, job_queue, published_jobs, start_worker  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWENTE = "Casusoverleg Mensenhandel Twente"
PLAATS = "Stadhuis Enschede, zaal 2.14"
SAMENVATTING_HENGELO = "Werknemers van een uitzendbureau wonen met te veel mensen in een loods bij het bedrijf."
SAMENVATTING_ENSCHEDE = "Medewerkers van een nagelstudio werken lange dagen en slapen boven de zaak."
WORKER_SECONDS = 120
CODE = re.compile(r"TW-\d{4}-\d{3}")


def _checked(page, name):
    screenshot(page, name)
    assert axe_violations(page) == [], name


def _htmx_pauzeren(page, pauze):
    """Hold back (or let go) htmx's polling requests, so axe checks a page that does not change under it."""
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


def _nieuw_venster(browser):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _pdf_tekst(pad):
    return subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, check=True).stdout.decode()


def _download(page, link, pad):
    with page.expect_download() as info:
        link.click()
    info.value.save_as(pad)
    assert pad.read_bytes().startswith(b"%PDF"), pad
    return _pdf_tekst(pad)


def _redis_bereikbaar():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def pdf_worker(request, seeded, settings, monkeypatch):
    """A real Celery worker that makes the agenda PDFs, on PostgreSQL with Redis; None (eager, in-process jobs)
    where they are not available — but in CI they must be."""
    if connection.vendor != "postgresql" or not _redis_bereikbaar():
        if IN_CI:
            require(False, "PostgreSQL and Redis (DATABASE_URL, REDIS_URL) for the agenda PDF worker")
        return None
    queue = request.getfixturevalue("published_jobs")
    monkeypatch.setenv("PROTECTED_FILES_ROOT", str(settings.PROTECTED_FILES_ROOT))  # the worker stores where we read
    return request.getfixturevalue("start_worker")(queue)


def test_journey_case_meeting_agenda_and_pdfs(seeded, pdf_worker, pdftotext, live_server, page, browser, tmp_path):
    from casusoverleg import agenda_pdf
    from casusoverleg.models import Agendapunt, Casus, Overleg
    from casusoverleg.services.casussen import open_casus
    from mensenhandel.jobs.models import Job, JobStatus
    from partners.models import User
    from signalen.models import Vorm
    from tafels.models import Gemeente
    from tests.signalen.test_access import maak_signaal

    # 0. A submitted Hengelo signal, and an Enschede case the ketenregisseur opened earlier.
    regisseur = User.objects.get(email="regisseur@twente.example")
    signaal = maak_signaal(User.objects.get(email="coordinator@hengelo.example"))
    enschede = open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Enschede")],
                          vormen=[Vorm.objects.get(code="arbeid")], samenvatting=SAMENVATTING_ENSCHEDE)
    nav = page.get_by_role("navigation", name=nl("Main menu"))

    # 1. The ketenregisseur opens a case from the Hengelo signal.
    login(page, live_server, "regisseur@twente.example")
    _checked(page, "casus-01-start-regisseur")
    nav.get_by_role("link", name=nl("Signals")).click()
    _checked(page, "casus-02-signalen")
    page.get_by_role("link", name=signaal.referentie).click()
    expect(page.locator("h1")).to_contain_text(signaal.referentie)
    _checked(page, "casus-03-signaal")
    page.get_by_role("link", name=nl("New case with this signal")).click()
    expect(page.get_by_label("Hengelo", exact=True)).to_be_checked()
    expect(page.get_by_label(re.compile(re.escape(signaal.referentie)))).to_be_checked()
    _checked(page, "casus-04-nieuwe-casus")
    page.get_by_label(nl("Summary")).fill(SAMENVATTING_HENGELO)
    page.get_by_role("button", name=nl("Open case")).click()
    expect(page.locator("h1")).to_have_text(CODE)
    hengelo = Casus.objects.get(koppelingen__signaal=signaal)
    assert CODE.fullmatch(hengelo.code) and hengelo.code != enschede.code
    expect(page.locator("h1")).to_have_text(nl("Case %(code)s") % {"code": hengelo.code})
    expect(page.locator(".messages")).to_contain_text(nl("Case %(code)s has been opened.") % {"code": hengelo.code})
    _checked(page, "casus-05-casus-geopend")

    # 2. Schedules a meeting of the Twente casusoverleg, three weeks ahead.
    nav.get_by_role("link", name=nl("Meetings")).click()
    _checked(page, "casus-06-overleggen")
    page.get_by_role("link", name=nl("Schedule a meeting")).click()
    _checked(page, "casus-07-tafel-kiezen")
    page.get_by_label(nl("Table")).select_option(label=TWENTE)
    page.get_by_role("button", name=nl("Next")).click()
    expect(page.locator("h1")).to_have_text(nl("Schedule a meeting"))
    expect(page.locator(".facts")).to_contain_text(TWENTE)
    _checked(page, "casus-08-overleg-plannen")
    datum = timezone.localdate() + timedelta(days=21)
    page.get_by_label(nl("Date"), exact=True).fill(datum.isoformat())
    page.get_by_label(re.compile(rf"^{re.escape(nl('Place'))}\b")).fill(PLAATS)  # "(optional)" follows
    page.get_by_role("button", name=nl("Schedule meeting")).click()
    expect(page).to_have_url(re.compile(r"/overleggen/\d+/$"))
    overleg = Overleg.objects.get(tafel__naam=TWENTE)
    assert timezone.localtime(overleg.begint).date() == datum and overleg.locatie == PLAATS
    _checked(page, "casus-09-overleg-gepland")

    # 3. Puts both cases on the agenda (one from the proposals, one with the form) and moves the Hengelo case up.
    page.locator(f"[data-voorstel='{enschede.pk}']").get_by_role("button", name=nl("Put on the agenda")).click()
    punt_enschede = Agendapunt.objects.get(overleg=overleg, casus=enschede)
    expect(page.locator(f"#punt-{punt_enschede.pk}")).to_contain_text(enschede.code)
    page.locator("#agenda").get_by_label(nl("Case"), exact=True).select_option(str(hengelo.pk))
    page.get_by_role("button", name=nl("Put this case on the agenda")).click()
    punt_hengelo = Agendapunt.objects.get(overleg=overleg, casus=hengelo)
    casuspunten = page.locator(".agenda-punten > li.agenda-punt--casus")
    expect(casuspunten).to_have_count(2)
    expect(casuspunten.nth(1)).to_have_attribute("data-agendapunt", str(punt_hengelo.pk))
    _checked(page, "casus-10-agenda-twee-casussen")
    page.locator(f"#punt-{punt_hengelo.pk}").get_by_role("button", name=re.compile(f"^{nl('Up')}")).click()
    expect(casuspunten.nth(0)).to_have_attribute("data-agendapunt", str(punt_hengelo.pk))
    expect(casuspunten.nth(1)).to_have_attribute("data-agendapunt", str(punt_enschede.pk))
    punt_hengelo.refresh_from_db()
    punt_enschede.refresh_from_db()
    assert punt_hengelo.volgorde + 1 == punt_enschede.volgorde
    expect(page.locator(".messages")).to_contain_text(
        nl("The item is now number %(nummer)s.") % {"nummer": punt_hengelo.volgorde})

    # 4. Invites Gemeente Hengelo for the Hengelo item: the municipality where the case plays is proposed, not ticked
    #    in advance (issue 18); the page names who will see the item before the invitation is confirmed.
    page.locator(f"#punt-{punt_hengelo.pk}").get_by_role(
        "link", name=re.compile(re.escape(nl("Invite an organisation for this item")))).click()
    voorgesteld = page.get_by_role("group", name=nl("Proposed: the municipalities where the case plays"))
    vinkje = voorgesteld.get_by_label(re.compile("Gemeente Hengelo"))
    expect(vinkje).not_to_be_checked()
    vinkje.check()
    _checked(page, "casus-11-uitnodigen")
    page.get_by_role("button", name=nl("Invite"), exact=True).click()
    expect(page.get_by_role("heading", name=nl("These organisations will see this case item:"))).to_be_visible()
    page.get_by_role("button", name=nl("Confirm and invite")).click()
    expect(page.locator(f"#punt-{punt_hengelo.pk} .agenda-uitnodigingen__lijst")).to_contain_text("Gemeente Hengelo")
    expect(page.locator(f"#punt-{punt_enschede.pk}")).not_to_contain_text("Gemeente Hengelo")
    _checked(page, "casus-12-uitgenodigd")

    # 5. Makes the agenda final, watches the progress of the PDFs and downloads the full agenda.
    page.get_by_role("button", name=nl("Make the agenda final")).click()
    voortgang = page.locator("#agenda-voortgang")
    expect(voortgang).to_be_visible()
    bezig = re.compile(re.escape(nl("The agenda PDFs are being made: %(klaar)s of %(totaal)s ready.")).replace(
        re.escape("%(klaar)s"), r"\d+").replace(re.escape("%(totaal)s"), r"\d+"))
    klaar_bij_laden = voortgang.get_attribute("data-klaar") == "ja"
    bezig_gezien = bool(bezig.search(voortgang.inner_text()))
    if pdf_worker is not None:
        assert bezig_gezien or klaar_bij_laden, voortgang.inner_text()
        _htmx_pauzeren(page, True)
        _checked(page, "casus-13-voortgang")
        _htmx_pauzeren(page, False)
    expect(voortgang).to_have_attribute("data-klaar", "ja", timeout=WORKER_SECONDS * 1000)
    if pdf_worker is not None:
        jobs = list(Job.objects.filter(naam=agenda_pdf.JOB).values_list("pk", "status"))
        assert jobs and all(status == JobStatus.DONE for _pk, status in jobs), f"{jobs}\n{pdf_worker.log()}"
        eerste = Job.objects.filter(naam=agenda_pdf.JOB).order_by("aangemaakt").first()
        assert f"Task jobs.run[{eerste.pk}] received" in pdf_worker.log(), pdf_worker.log()  # made by the worker
    with override("nl"):
        alle_klaar = ngettext("The agenda PDF of version %(versie)s is ready.",
                              "All %(totaal)s agenda PDFs of version %(versie)s are ready.", 8) % {
            "totaal": 8, "versie": 1}
    expect(voortgang).to_contain_text(alle_klaar)
    _checked(page, "casus-14-agenda-definitief")
    volledig = _download(
        page, voortgang.get_by_role("link", name=nl("Full agenda (version %(versie)s, PDF)") % {"versie": 1}),
        tmp_path / "volledig.pdf")
    assert hengelo.code in volledig and enschede.code in volledig
    assert volledig.index(hengelo.code) < volledig.index(enschede.code)  # the order of the agenda
    assert f"{nl('page')} 1 {nl('of')} " in volledig

    # 6. The Hengelo coordinator is invited for one item: a placeholder until the declaration is accepted.
    coordinator = _nieuw_venster(browser)
    try:
        login(coordinator, live_server, "coordinator@hengelo.example")
        rij = coordinator.locator(f".start-block--uitnodigingen_overleg [data-overleg='{overleg.pk}']")
        expect(rij).to_contain_text(nl("Invited for an agenda item: accept the confidentiality declaration to see it."))
        _checked(coordinator, "casus-15-start-coordinator")
        rij.get_by_role("link").click()
        expect(coordinator.locator(".agenda-punt--gesloten")).to_have_count(1)
        expect(coordinator.locator(".agenda-punt--gesloten")).to_contain_text(nl("Case item for your organisation"))
        expect(coordinator.locator("main")).not_to_contain_text(hengelo.code)
        expect(coordinator.locator("main")).not_to_contain_text(enschede.code)
        assert enschede.code not in coordinator.content()
        _checked(coordinator, "casus-16-overleg-voor-verklaring")
        coordinator.get_by_role("link", name=nl("Read and accept the confidentiality declaration")).click()
        expect(coordinator.locator("h1")).to_have_text(nl("Confidentiality declaration"))
        _checked(coordinator, "casus-17-verklaring")
        coordinator.get_by_label(nl("I have read this declaration and I accept it.")).check()
        coordinator.get_by_role("button", name=nl("Accept the declaration")).click()
        expect(coordinator).to_have_url(re.compile(rf"/overleggen/{overleg.pk}/(#agenda)?$"))
        expect(coordinator.locator(f"#punt-{punt_hengelo.pk}")).to_contain_text(hengelo.code)
        expect(coordinator.locator(".agenda-punt--gesloten")).to_have_count(0)
        expect(coordinator.locator(".agenda-punt--casus")).to_have_count(1)
        expect(coordinator.locator("main")).not_to_contain_text(enschede.code)
        assert enschede.code not in coordinator.content()
        documenten = coordinator.locator("#agenda-voortgang")
        expect(documenten.get_by_role("link")).to_have_count(1)  # its own agenda, not the full one
        _checked(coordinator, "casus-18-overleg-na-verklaring")
        eigen = _download(coordinator, documenten.get_by_role("link", name=nl(
            "Agenda for %(organisatie)s (version %(versie)s, PDF)") % {"organisatie": "Gemeente Hengelo", "versie": 1}),
            tmp_path / "hengelo.pdf")
        assert hengelo.code in eigen and enschede.code not in eigen
        assert SAMENVATTING_ENSCHEDE not in eigen
    finally:
        coordinator.context.close()

    # 7. The chair sees the whole agenda, but no case as such.
    voorzitter = _nieuw_venster(browser)
    try:
        login(voorzitter, live_server, "burgemeester@twente.example")
        blok = voorzitter.locator(f".start-overleg[data-overleg='{overleg.pk}']")
        expect(blok).to_contain_text(TWENTE)
        _checked(voorzitter, "casus-19-start-voorzitter")
        blok.get_by_role("link", name=TWENTE).click()
        expect(voorzitter.locator(".agenda-punt--casus")).to_have_count(2)
        expect(voorzitter.locator(f"#punt-{punt_hengelo.pk}")).to_contain_text(hengelo.code)
        expect(voorzitter.locator(f"#punt-{punt_enschede.pk}")).to_contain_text(enschede.code)
        expect(voorzitter.locator(".agenda-punten").get_by_role("link", name=enschede.code)).to_have_count(0)
        _checked(voorzitter, "casus-20-overleg-voorzitter")
        antwoord = voorzitter.goto(live_server.url + reverse("casusoverleg:casus", kwargs={"pk": enschede.pk}))
        assert antwoord.status == 404
        expect(voorzitter.locator("main")).not_to_contain_text(SAMENVATTING_ENSCHEDE)
        _checked(voorzitter, "casus-21-casus-404-voorzitter")
    finally:
        voorzitter.context.close()
