"""The report pages for each role: the archive, making a concept and following its job, the toelichting and
finalising, the downloads (PDF, CSV, charts), the audit rows and the number of queries.

Jobs run eagerly (``JOBS_EAGER`` in the test settings) once the test runs the on-commit callbacks. Reports whose
figures matter are built straight in the database from ``cijfers.bereken`` with known counts put in, so the
suppression on the page and in the CSV can be checked against numbers the test chose.
"""
import csv
import io
import re

import pytest
from django.utils import formats, timezone

from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.jobs.models import Job, JobStatus
from rapportage import cijfers
from rapportage.forms import NieuwConceptForm
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District, Regio
from tests.i18n import nl

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
BURGEMEESTER = "burgemeester@twente.example"
ANDERE_REGISSEUR = "regisseur@midden-nederland.example"
KWARTAAL = Kwartaal(2026, 2)


def _gegevens(werkgebied, kwartaal=KWARTAAL, per_gemeente=None):
    """Counted figures for ``werkgebied`` (the real schema), with ``per_gemeente`` {name: count in the quarter}
    put in: the signals received per municipality and their total."""
    gegevens = cijfers.bereken(werkgebied, kwartaal)
    if per_gemeente:
        signalen = gegevens["signalen"]
        for rij in signalen["per_gemeente"]:
            rij["waarden"] = [per_gemeente.get(rij["label"], 0), 0, 0]
        signalen["ontvangen"] = [sum(per_gemeente.values()), 0, 0]
    return gegevens


def maak_rapport(werkgebied, status=RapportStatus.DEFINITIEF, versie=1, kwartaal=KWARTAAL, pdf=True,
                 per_gemeente=None, toelichting="Het aantal signalen steeg door de campagne in de horeca."):
    velden = {"district": werkgebied, "regio": None} if isinstance(werkgebied, District) else {
        "district": None, "regio": werkgebied}
    rapport = Rapport.objects.create(
        **velden, jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, versie=versie, status=status,
        gegevens=_gegevens(werkgebied, kwartaal, per_gemeente), geteld_op=timezone.now(), toelichting=toelichting,
    )
    if pdf == "nep":
        # Only the row says there is a PDF (for pages that link to it; no file, so no download).
        Rapport.objects.filter(pk=rapport.pk).update(opslagnaam="0" * 48 + ".pdf", grootte=54321, sha256="0" * 64,
                                                     gemaakt_op=timezone.now())
        rapport.refresh_from_db()
    elif pdf:
        from rapportage import pdf as rapport_pdf

        rapport_pdf.maak(rapport)
        rapport.refresh_from_db()
    return rapport


@pytest.fixture
def twente(db):
    return District.objects.get(code="TW")


@pytest.fixture
def midden(db):
    return Regio.objects.get(naam="Midden-Nederland")


@pytest.fixture(autouse=True)
def _beschermd(settings, tmp_path, pdf_eenmaal):
    settings.PROTECTED_FILES_ROOT = tmp_path


@pytest.fixture
def als(client, demo):
    def inloggen(email):
        client.force_login(demo[email])
        return demo[email]
    return inloggen


def _audit(actie, rapport):
    return AuditEntry.objects.filter(actie=actie, object_type="rapportage.rapport", object_id=str(rapport.pk))


def _tekst(response):
    return response.content.decode()


# --- the archive -------------------------------------------------------------------------------------------------


def test_the_ketenregisseur_sees_every_version_with_its_status_and_maker(client, als, twente, midden):
    regisseur = als(REGISSEUR)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, versie=1, pdf=False)
    concept.aangemaakt_door = None
    concept.save()
    definitief = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2, pdf=False)
    definitief.aangemaakt_door = regisseur
    definitief.save()
    ander = maak_rapport(midden, pdf=False)

    response = client.get("/rapporten/")
    assert response.status_code == 200
    html = _tekst(response)
    assert f'data-rapport="{concept.pk}"' in html and f'data-rapport="{definitief.pk}"' in html
    assert f'data-rapport="{ander.pk}"' not in html
    assert html.index(f'data-rapport="{definitief.pk}"') < html.index(f'data-rapport="{concept.pk}"'), "newest first"
    assert nl("Draft") in html and nl("Final") in html
    assert nl("automatically (quarterly schedule)") in html and regisseur.naam in html
    assert KWARTAAL.label in html
    # The ketenregisseur may make a concept: the form with the last eight quarters.
    assert 'action="/rapporten/nieuw/"' in html and 'name="nieuw-kwartaal"' in html
    assert AuditEntry.objects.filter(actie=AuditActie.LIST, object_type="rapportage.rapport", actor=regisseur).exists()


def test_the_portefeuillehouder_sees_final_versions_only_and_no_form(client, als, twente):
    als(BURGEMEESTER)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, versie=1, pdf=False)
    definitief = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2, pdf="nep")
    html = _tekst(client.get("/rapporten/"))
    assert f'data-rapport="{definitief.pk}"' in html
    assert f'data-rapport="{concept.pk}"' not in html
    assert nl("Draft") not in html
    assert "nieuw-kwartaal" not in html
    assert f'href="/rapporten/{definitief.pk}/pdf/"' in html
    assert client.get("/rapporten/nieuw/").status_code == 403
    assert client.post("/rapporten/nieuw/", {"nieuw-kwartaal": "2026-1"}).status_code == 403
    assert not Rapport.objects.filter(jaar=2026, kwartaal=1).exists()


def test_an_empty_archive_says_what_will_appear(client, als):
    als(BURGEMEESTER)
    html = _tekst(client.get("/rapporten/"))
    assert "empty-state" in html and "data-rapport=" not in html
    als(REGISSEUR)
    html = _tekst(client.get("/rapporten/"))
    assert "empty-state" in html and 'name="nieuw-kwartaal"' in html


@pytest.mark.parametrize("email", ["coordinator@enschede.example", "politie@oost-nederland.example",
                                   "beheer@ketenregie.example"])
def test_roles_without_reports_have_no_archive(client, als, email):
    als(email)
    assert client.get("/rapporten/").status_code == 404
    assert client.get("/rapporten/nieuw/").status_code == 404
    assert client.post("/rapporten/nieuw/", {"nieuw-kwartaal": "2026-1"}).status_code == 404


def test_the_archive_is_paginated(client, als, twente):
    als(REGISSEUR)
    for versie in range(1, 23):
        maak_rapport(twente, RapportStatus.CONCEPT, versie=versie, pdf=False)
    eerste = _tekst(client.get("/rapporten/"))
    tweede = _tekst(client.get("/rapporten/?pagina=2"))
    assert eerste.count("data-rapport=") == 20 and tweede.count("data-rapport=") == 2
    assert 'rel="next"' in eerste


def test_the_menu_has_reports_for_the_ketenregisseur_and_the_portefeuillehouder(client, als):
    for email, heeft in ((REGISSEUR, True), (BURGEMEESTER, True), ("coordinator@enschede.example", False)):
        als(email)
        html = _tekst(client.get("/"))
        assert ('class="utrecht-nav-list__link site-nav__link" href="/rapporten/"' in html) is heeft, email
    als(REGISSEUR)
    assert 'href="/rapporten/" aria-current="page"' in _tekst(client.get("/rapporten/"))


# --- making a concept and following its job ------------------------------------------------------------------------


def test_the_quarter_choice_is_the_last_eight_begun_quarters_with_the_last_completed_one_chosen():
    from datetime import date

    form = NieuwConceptForm(vandaag=date(2026, 11, 25))
    waarden = [waarde for waarde, _label in form.fields["kwartaal"].choices]
    assert waarden == ["2026-4", "2026-3", "2026-2", "2026-1", "2025-4", "2025-3", "2025-2", "2025-1"]
    assert form.fields["kwartaal"].initial == "2026-3"
    assert not NieuwConceptForm({"kwartaal": "2027-1"}, vandaag=date(2026, 11, 25)).is_valid()
    assert NieuwConceptForm({"kwartaal": "2026-3"}, vandaag=date(2026, 11, 25)).is_valid()


def test_a_quarter_not_offered_is_refused_with_the_error_summary(client, als):
    als(REGISSEUR)
    pagina = _tekst(client.get("/rapporten/nieuw/"))  # the form as a page of its own
    assert pagina.count("<option") == 8 and 'name="nieuw-kwartaal"' in pagina
    response = client.post("/rapporten/nieuw/", {"nieuw-kwartaal": "2099-1"})
    assert response.status_code == 200
    html = _tekst(response)
    assert 'id="foutoverzicht"' in html and 'href="#id_nieuw-kwartaal"' in html
    assert not Rapport.objects.exists()


def test_the_ketenregisseur_makes_a_concept_follows_its_progress_and_sees_the_figures(
    client, als, twente, django_capture_on_commit_callbacks
):
    regisseur = als(REGISSEUR)
    kwartaal = Kwartaal.laatst_afgesloten()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/rapporten/nieuw/", {"nieuw-kwartaal": f"{kwartaal.jaar}-{kwartaal.kwartaal}"})
    rapport = Rapport.objects.get()
    assert (rapport.district, rapport.jaar, rapport.kwartaal, rapport.versie) == (twente, kwartaal.jaar,
                                                                                   kwartaal.kwartaal, 1)
    assert rapport.status == RapportStatus.CONCEPT and rapport.aangemaakt_door == regisseur
    assert response.status_code == 302 and response["Location"] == f"/rapporten/{rapport.pk}/"
    assert _audit(AuditActie.CREATE, rapport).exists()

    # The job has not run yet: the page shows the steps and polls the progress fragment.
    page = client.get(response["Location"], follow=False)
    html = _tekst(page)
    assert nl("Counting the figures") in html and nl("Making the PDF") in html
    assert f'hx-get="/rapporten/{rapport.pk}/voortgang/?geteld=0"' in html and 'hx-trigger="every 2s"' in html
    assert '<meta http-equiv="refresh" content="5">' in html  # without JavaScript (inside <noscript>)
    assert f'href="/rapporten/{rapport.pk}/"' in html  # the refresh link
    assert "rapport-kengetal" not in html
    fragment = client.get(f"/rapporten/{rapport.pk}/voortgang/?geteld=0", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Refresh" not in fragment
    assert "<html" not in _tekst(fragment) and 'data-klaar="nee"' in _tekst(fragment)
    # Without htmx the progress is a page of its own.
    assert "<html" in _tekst(client.get(f"/rapporten/{rapport.pk}/voortgang/"))

    with django_capture_on_commit_callbacks(execute=False) as volgende:
        for callback in callbacks:  # the job's first run (eagerly): the figures are counted
            callback()
    rapport.refresh_from_db()
    assert rapport.gegevens is not None and not rapport.heeft_pdf

    # The fragment the page polled now makes htmx reload the page, which shows the figures; the PDF is still made.
    fragment = client.get(f"/rapporten/{rapport.pk}/voortgang/?geteld=0", headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true" and 'data-klaar="nee"' in _tekst(fragment)
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert 'class="rapport-kengetal"' in html
    assert f'hx-get="/rapporten/{rapport.pk}/voortgang/?geteld=1"' in html
    assert re.search(r'rapport-stap--klaar">.*?' + re.escape(nl("Counting the figures")), html)
    assert re.search(r'rapport-stap--bezig">.*?' + re.escape(nl("Making the PDF")), html)
    assert f'href="/rapporten/{rapport.pk}/cijfers.csv"' in html and "/pdf/" not in html
    fragment = client.get(f"/rapporten/{rapport.pk}/voortgang/?geteld=1", headers={"HX-Request": "true"})
    assert "HX-Refresh" not in fragment

    for callback in volgende:  # the second run: the PDF
        callback()
    rapport.refresh_from_db()
    assert rapport.heeft_pdf
    fragment = client.get(f"/rapporten/{rapport.pk}/voortgang/?geteld=1", headers={"HX-Request": "true"})
    assert 'data-klaar="ja"' in _tekst(fragment) and f'href="/rapporten/{rapport.pk}/pdf/"' in _tekst(fragment)
    assert "hx-get" not in _tekst(fragment)  # polling stops
    # ... and it updates "PDF made on" and this version's row of the versions table out of band (no reload).
    assert '<dd id="rapport-pdf-gemaakt" hx-swap-oob="true"><time' in _tekst(fragment)
    assert re.search(rf'<td [^>]*id="versie-pdf-{rapport.pk}" hx-swap-oob="true"><a class="utrecht-link" '
                     rf'href="/rapporten/{rapport.pk}/pdf/"', _tekst(fragment))
    # While the PDF is still made, the fragment swaps nothing else.
    assert "hx-swap-oob" not in _tekst(client.get(f"/rapporten/{rapport.pk}/voortgang/?geteld=1"))
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert "hx-get" not in html and "http-equiv" not in html
    assert 'class="rapport-kengetal"' in html and 'id="tabel-signalen-per-gemeente"' in html
    assert f'href="/rapporten/{rapport.pk}/pdf/"' in html and f'href="/rapporten/{rapport.pk}/cijfers.csv"' in html
    assert f'src="/rapporten/{rapport.pk}/grafiek/signalen-per-kwartaal.svg"' in html
    for sleutel in ("signalen", "casussen", "overleggen", "acties", "toelichting", "verantwoording"):
        assert f'id="{sleutel}"' in html
    assert 'name="toelichting"' in html and f'formaction="/rapporten/{rapport.pk}/definitief/"' in html


def test_a_failed_job_is_shown_as_failed_and_stops_polling(client, als, twente):
    als(REGISSEUR)
    rapport = maak_rapport(twente, RapportStatus.CONCEPT, pdf=False)
    rapport.gegevens = None
    rapport.job = Job.objects.create(naam="rapportage.rapport", args=[rapport.pk], status=JobStatus.FAILED)
    rapport.save()
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert nl("Counting the figures of this report failed.") in html
    assert "hx-get" not in html and 'role="alert"' in html


def test_the_ketenregisseur_runs_a_failed_job_again_for_the_same_version(
    client, als, twente, django_capture_on_commit_callbacks
):
    als(REGISSEUR)
    rapport = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2, pdf=False)
    mislukt = Job.objects.create(naam="rapportage.rapport", args=[rapport.pk], status=JobStatus.FAILED)
    Rapport.objects.filter(pk=rapport.pk).update(job=mislukt)
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert nl("Making the PDF of this report failed.") in html
    assert f'action="/rapporten/{rapport.pk}/opnieuw/"' in html and nl("Try again") in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rapporten/{rapport.pk}/opnieuw/")
    assert response.status_code == 302 and response["Location"] == f"/rapporten/{rapport.pk}/"
    rapport.refresh_from_db()
    assert rapport.job_id != mislukt.pk and rapport.heeft_pdf, "the job ran again (eagerly here) and made the PDF"
    assert Rapport.objects.filter(district=twente).count() == 1, "the same version, no new one"
    assert _audit(AuditActie.CHANGE, rapport).filter(omschrijving__startswith="opnieuw maken").exists()
    html = _tekst(client.get(response["Location"]))
    assert nl("The report is being made again. This page shows the progress.") in html
    assert f'action="/rapporten/{rapport.pk}/opnieuw/"' not in html
    # A report that is ready is not made again.
    response = client.post(f"/rapporten/{rapport.pk}/opnieuw/", follow=True)
    assert nl("This report is not stuck: it is being made or it is ready.") in _tekst(response)
    assert Job.objects.filter(naam="rapportage.rapport").count() == 2


def test_a_job_that_stays_sent_long_after_it_should_have_finished_offers_try_again(client, als, twente):
    """Issue 16 §3: a worker killed during the report's PDF leaves its job "sent"; while it may still come back the
    page shows progress, once it is overdue (JOBS_OVERDUE_AFTER_SECONDS) it offers "Opnieuw proberen"."""
    from datetime import timedelta

    from django.utils import timezone

    als(REGISSEUR)
    rapport = maak_rapport(twente, RapportStatus.CONCEPT, pdf=False)
    job = Job.objects.create(naam="rapportage.rapport", args=[rapport.pk], status=JobStatus.SENT,
                             verzonden=timezone.now() - timedelta(minutes=3))
    Rapport.objects.filter(pk=rapport.pk).update(job=job)
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert "hx-get" in html and "/opnieuw/" not in html  # it may still come back: the relay hands it over
    Job.objects.filter(pk=job.pk).update(verzonden=timezone.now() - timedelta(minutes=11))
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert nl("Making this report is taking much longer than it should: the background job has probably stopped.") \
        in html
    assert f'action="/rapporten/{rapport.pk}/opnieuw/"' in html and "hx-get" not in html
    response = client.post(f"/rapporten/{rapport.pk}/opnieuw/")
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.job_id != job.pk


def test_the_portefeuillehouder_sees_a_failed_report_without_the_retry_button(client, als, twente):
    rapport = maak_rapport(twente, RapportStatus.DEFINITIEF, pdf=False)
    Rapport.objects.filter(pk=rapport.pk).update(
        job=Job.objects.create(naam="rapportage.rapport", args=[rapport.pk], status=JobStatus.FAILED))
    als(BURGEMEESTER)
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert nl("Making the PDF of this report failed.") in html
    assert nl("Ask the ketenregisseur of your work area to make it again.") in html
    assert "/opnieuw/" not in html
    assert client.post(f"/rapporten/{rapport.pk}/opnieuw/").status_code == 403


def test_a_concept_of_the_running_quarter_offers_no_make_final(client, als, twente):
    als(REGISSEUR)
    lopend = Kwartaal.van_datum(timezone.localdate())
    concept = maak_rapport(twente, RapportStatus.CONCEPT, kwartaal=lopend, pdf="nep", toelichting="")
    html = _tekst(client.get(f"/rapporten/{concept.pk}/"))
    assert 'name="toelichting"' in html and nl("Save the explanation") in html, "the explanation can be prepared"
    assert "/definitief/" not in html
    einde = formats.date_format(lopend.laatste_dag, "j F Y")
    assert nl("It shows the figures so far: the quarter runs until %(einde)s.") % {"einde": einde} in html
    assert (nl("The figures of this concept were counted while the quarter was still running, so it cannot be made "
               "final. After %(einde)s, make a new concept of this quarter: that one has the whole quarter and can be "
               "made final. A new concept takes over the explanation you save here.") % {"einde": einde}) in html


# --- the toelichting and finalising ------------------------------------------------------------------------------


def test_the_ketenregisseur_saves_the_toelichting(client, als, twente):
    als(REGISSEUR)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, pdf=False, toelichting="")
    response = client.post(f"/rapporten/{concept.pk}/toelichting/", {"toelichting": "  Meer signalen uit de horeca.  "})
    assert response.status_code == 302 and response["Location"] == f"/rapporten/{concept.pk}/#toelichting"
    concept.refresh_from_db()
    assert concept.toelichting == "Meer signalen uit de horeca." and concept.status == RapportStatus.CONCEPT
    assert _audit(AuditActie.CHANGE, concept).exists()
    html = _tekst(client.get(response["Location"]))
    assert "Meer signalen uit de horeca." in html  # in the textarea
    assert nl("The explanation has been saved. It is in the report once you make it final.") in html


def test_finalising_without_a_toelichting_shows_the_dutch_error_and_changes_nothing(client, als, twente):
    als(REGISSEUR)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, pdf=False, toelichting="Eerdere tekst")
    response = client.post(f"/rapporten/{concept.pk}/definitief/", {"toelichting": "   "})
    assert response.status_code == 200
    html = _tekst(response)
    # Both name the board of the werkgebied (issue 18): Twente's DVO.
    overleg = {"overleg": "districtelijk veiligheidsoverleg (DVO)"}
    fout = nl("Write an explanation for the %(overleg)s before you make the report final.") % overleg
    assert 'id="foutoverzicht"' in html and fout in html
    assert f'href="#id_toelichting">{nl("Explanation for the %(overleg)s") % overleg}: {fout}' in html
    assert 'aria-invalid="true"' in html
    assert Rapport.objects.count() == 1
    concept.refresh_from_db()
    assert concept.toelichting == "Eerdere tekst" and concept.status == RapportStatus.CONCEPT


def test_finalising_while_the_figures_are_counted_keeps_the_typed_text(client, als, twente):
    als(REGISSEUR)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, pdf=False, toelichting="")
    Rapport.objects.filter(pk=concept.pk).update(gegevens=None, geteld_op=None)
    tekst = "Dit heb ik net getypt & wil ik niet kwijt."
    response = client.post(f"/rapporten/{concept.pk}/definitief/", {"toelichting": tekst})
    assert response.status_code == 200
    html = _tekst(response)
    assert nl("The figures of this concept are still being counted. Try again in a moment.") in html
    assert "Dit heb ik net getypt &amp; wil ik niet kwijt." in html
    assert Rapport.objects.count() == 1


def test_finalising_makes_a_new_final_version_and_the_concept_stays(
    client, als, twente, django_capture_on_commit_callbacks
):
    regisseur = als(REGISSEUR)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, versie=1, pdf=False, toelichting="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rapporten/{concept.pk}/definitief/", {"toelichting": "Toelichting voor het DVO."})
    definitief = Rapport.objects.get(status=RapportStatus.DEFINITIEF)
    assert response.status_code == 302 and response["Location"] == f"/rapporten/{definitief.pk}/"
    assert definitief.versie == 2 and definitief.gebaseerd_op == concept and definitief.aangemaakt_door == regisseur
    assert definitief.toelichting == "Toelichting voor het DVO." and definitief.gegevens == concept.gegevens
    assert definitief.heeft_pdf
    concept.refresh_from_db()
    assert concept.status == RapportStatus.CONCEPT and concept.toelichting == "Toelichting voor het DVO."

    html = _tekst(client.get(response["Location"]))
    melding = nl("Version %(versie)s is final. The PDF is being made; once it is ready the portefeuillehouder can "
                 "download it. Concept version %(concept)s stays in the archive.") % {"versie": 2, "concept": 1}
    assert melding in html
    assert 'name="toelichting"' not in html  # a final report has no form
    assert "Toelichting voor het DVO." in html
    # The archive of the quarter on the page: both versions.
    assert f'data-rapport="{concept.pk}"' in html and f'data-rapport="{definitief.pk}"' in html
    # A final report cannot be changed: a message, nothing changed.
    response = client.post(f"/rapporten/{definitief.pk}/toelichting/", {"toelichting": "Anders"}, follow=True)
    assert nl("A final report cannot be changed; make a new concept instead.") in _tekst(response)
    definitief.refresh_from_db()
    assert definitief.toelichting == "Toelichting voor het DVO."


def test_an_older_final_version_points_to_the_newer_one(client, als, twente):
    als(BURGEMEESTER)
    oud = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=1, pdf=False)
    nieuw = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2, pdf=False)
    html = _tekst(client.get(f"/rapporten/{oud.pk}/"))
    assert f'href="/rapporten/{nieuw.pk}/"' in html and "utrecht-alert--warning" in html
    assert "utrecht-alert--warning" not in _tekst(client.get(f"/rapporten/{nieuw.pk}/"))


# --- the portefeuillehouder --------------------------------------------------------------------------------------


def test_the_portefeuillehouder_reads_and_downloads_the_final_report(client, als, twente):
    burgemeester = als(BURGEMEESTER)
    rapport = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2)
    concept = maak_rapport(twente, RapportStatus.CONCEPT, versie=1, pdf=False)

    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    assert "Het aantal signalen steeg door de campagne in de horeca." in html
    assert 'name="toelichting"' not in html and "formaction" not in html
    assert f'data-rapport="{concept.pk}"' not in html  # the archive holds what the reader sees
    assert _audit(AuditActie.VIEW, rapport).filter(actor=burgemeester).exists()

    response = client.get(f"/rapporten/{rapport.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="') and "twente" in \
        response["Content-Disposition"].lower()
    assert response["Cache-Control"] == "no-store, private"
    inhoud = b"".join(response.streaming_content)
    assert inhoud.startswith(b"%PDF") and len(inhoud) == rapport.grootte
    assert _audit(AuditActie.DOWNLOAD, rapport).filter(actor=burgemeester).count() == 1

    for naam in ("toelichting", "definitief"):
        assert client.post(f"/rapporten/{rapport.pk}/{naam}/", {"toelichting": "x"}).status_code == 403
    assert client.get(f"/rapporten/{concept.pk}/").status_code == 404
    rapport.refresh_from_db()
    assert rapport.toelichting == "Het aantal signalen steeg door de campagne in de horeca."


def test_no_pdf_yet_is_404_and_a_missing_file_too(client, als, twente):
    als(REGISSEUR)
    zonder = maak_rapport(twente, RapportStatus.CONCEPT, versie=1, pdf=False)
    assert client.get(f"/rapporten/{zonder.pk}/pdf/").status_code == 404
    met = maak_rapport(twente, RapportStatus.DEFINITIEF, versie=2)
    from rapportage import pdf as rapport_pdf

    rapport_pdf.pad(met).unlink()
    assert client.get(f"/rapporten/{met.pk}/pdf/").status_code == 404
    assert not AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD).exists()


# --- CSV and charts ----------------------------------------------------------------------------------------------


def _csv(response):
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))


def test_the_csv_holds_only_the_suppressed_values(client, als, twente):
    burgemeester = als(BURGEMEESTER)
    rapport = maak_rapport(twente, pdf=False, per_gemeente={"Enschede": 12, "Hengelo": 3, "Almelo": 7})
    response = client.get(f"/rapporten/{rapport.pk}/cijfers.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rapport-twente-2026-k2-v1-')
    rijen = _csv(response)
    assert rijen[0] == [nl(k) for k in ("Chapter", "Table of the report", "Row", "Column", "Value", "Share (percentage)")]
    titel = nl("Signals received per municipality")
    per_gemeente = {(r[2], r[3]): r[4] for r in rijen if r[1] == titel}
    kwartaal = KWARTAAL.kort
    assert per_gemeente[("Enschede", kwartaal)] == "12"
    assert per_gemeente[("Hengelo", kwartaal)] == "< 5"
    assert per_gemeente[("Almelo", kwartaal)] == "•"
    assert per_gemeente[(nl("Total"), kwartaal)] == "22"
    # Never a count of 1-4 (nor the 7 that would give the 3 away) anywhere in the file, except in the invented
    # example of the verantwoording that explains the rule (12, 3, 7 counted; 12, < 5, • shown).
    voorbeeld = nl("Example: signals per municipality")
    assert [r[4] for r in rijen if r[1] == voorbeeld and r[3] == nl("Shown")] == ["12", "< 5", "•", "22"]
    waarden = [r[4] for r in rijen[1:] if r[1] != voorbeeld]
    assert not {"1", "2", "3", "4", "7"} & set(waarden)
    assert {"< 5", "•"} <= set(waarden)
    # The same as the page shows.
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    tabel = re.search(r'<table[^>]*id="tabel-signalen-per-gemeente".*?</table>', html, re.S).group(0)
    assert ">Hengelo</th>" in tabel and "&lt; 5</abbr>" in tabel and "•</abbr>" in tabel and ">22<" in tabel
    assert not re.search(r">\s*[1-4]\s*<", tabel) and not re.search(r">\s*7\s*<", tabel)
    assert _audit(AuditActie.EXPORT, rapport).filter(actor=burgemeester).count() == 1


def test_no_csv_or_chart_before_the_figures_are_counted(client, als, twente):
    als(REGISSEUR)
    rapport = maak_rapport(twente, RapportStatus.CONCEPT, pdf=False)
    Rapport.objects.filter(pk=rapport.pk).update(gegevens=None)
    assert client.get(f"/rapporten/{rapport.pk}/cijfers.csv").status_code == 404
    assert client.get(f"/rapporten/{rapport.pk}/grafiek/signalen-per-kwartaal.svg").status_code == 404


@pytest.mark.parametrize("naam", ["signalen-per-kwartaal", "signalen-per-vorm", "acties-per-soort"])
def test_a_chart_is_an_svg_with_its_own_policy_and_no_script(client, als, twente, naam):
    als(BURGEMEESTER)
    rapport = maak_rapport(twente, pdf=False, per_gemeente={"Enschede": 12, "Hengelo": 3, "Almelo": 7})
    response = client.get(f"/rapporten/{rapport.pk}/grafiek/{naam}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"].startswith("private")
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src 'none'" in policy and "default-src 'none'" in policy
    svg = response.content.decode()
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "<svg" in svg
    assert "<script" not in svg.lower() and "javascript:" not in svg.lower()


def test_an_unknown_chart_is_404_and_the_page_keeps_its_strict_policy(client, als, twente):
    als(BURGEMEESTER)
    rapport = maak_rapport(twente, pdf=False)
    assert client.get(f"/rapporten/{rapport.pk}/grafiek/bestaat-niet.svg").status_code == 404
    assert client.get(f"/rapporten/{rapport.pk}/grafiek/signalen-per-gemeente.svg").status_code == 404
    policy = client.get(f"/rapporten/{rapport.pk}/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy


def test_the_page_shows_each_chart_with_its_table_and_a_text_alternative(client, als, twente):
    als(BURGEMEESTER)
    rapport = maak_rapport(twente, pdf=False)
    html = _tekst(client.get(f"/rapporten/{rapport.pk}/"))
    for naam in ("signalen-per-kwartaal", "signalen-per-vorm", "acties-per-soort"):
        blok = re.search(rf'<div class="rapport-grafiek" id="grafiek-{naam}">.*?</table>', html, re.S).group(0)
        alt = re.search(r'<img[^>]*alt="([^"]+)"', blok).group(1)
        assert len(alt) > 40
        assert f'id="tabel-{naam}' in blok or "<table" in blok
    # A chart's table is shown beside it, not a second time below.
    assert html.count('id="tabel-signalen-per-kwartaal"') == 1
    # The legend of the signs, once.
    assert html.count('class="rapport-legenda"') == 1 and "&lt; 5" in html and "•" in html


# --- query counts ------------------------------------------------------------------------------------------------


def test_the_archive_does_not_grow_queries_with_more_reports(client, als, twente, django_assert_max_num_queries):
    als(REGISSEUR)
    for versie in (1, 2):
        maak_rapport(twente, RapportStatus.CONCEPT, versie=versie, pdf=False)
    client.get("/rapporten/")  # the first request of a session does a little more (second factor, session)
    with django_assert_max_num_queries(13) as weinig:
        assert client.get("/rapporten/").status_code == 200
    for versie in range(3, 19):
        maak_rapport(twente, RapportStatus.DEFINITIEF, versie=versie, pdf=False,
                     kwartaal=KWARTAAL if versie % 2 else KWARTAAL.vorige)
    with django_assert_max_num_queries(13) as veel:
        assert client.get("/rapporten/").status_code == 200
    assert len(veel.captured_queries) == len(weinig.captured_queries)


def test_the_report_page_does_not_grow_queries_with_more_versions(client, als, twente, django_assert_max_num_queries):
    als(REGISSEUR)
    rapport = maak_rapport(twente, RapportStatus.CONCEPT, versie=1, pdf=False)
    client.get(f"/rapporten/{rapport.pk}/")  # the first request of a session does a little more
    with django_assert_max_num_queries(12) as weinig:
        assert client.get(f"/rapporten/{rapport.pk}/").status_code == 200
    for versie in range(2, 12):
        maak_rapport(twente, RapportStatus.CONCEPT, versie=versie, pdf=False)
    with django_assert_max_num_queries(12) as veel:
        assert client.get(f"/rapporten/{rapport.pk}/").status_code == 200
    assert len(veel.captured_queries) == len(weinig.captured_queries)
