"""The report's background jobs: ``rapportage.rapport`` counts the figures in one run and makes the PDF in the next
(progress the page can show), and makes one report however often it runs; ``rapportage.kwartaalconcepten`` makes one
concept per werkgebied with a ketenregisseur after each quarter, and nothing on a second run; the beat schedule.

``test_a_real_worker_makes_the_report`` runs the job in a real Celery worker over Redis on PostgreSQL, and
``test_two_runs_at_once_make_one_pdf`` runs it twice at the same moment on PostgreSQL (both skipped here without them,
failed in CI); the others run the handlers in-process on whatever database is configured.
"""
import hashlib
import subprocess
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import translation

from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.registry import handler_for
from mensenhandel.jobs.services import execute
from rapportage import pdf, services
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tests.factories import DistrictFactory
from tests.i18n import nl
from tests.jobs.conftest import celery_conf, job_queue, published_jobs, start_worker, wait_until  # noqa: F401

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
K3 = Kwartaal(2026, 3)
# The first week after the third quarter of 2026.
OKTOBER = datetime(2026, 10, 2, 6, 30, tzinfo=AMS)
WORKER_SECONDS = 120


@pytest.fixture
def district():
    return DistrictFactory(naam="Testdistrict Noord", code="TN")


def bestanden(root):
    map_ = root / "rapporten"
    return sorted(p.name for p in map_.iterdir()) if map_.exists() else []


def nieuw_job(rapport):
    return Job.objects.create(naam=services.JOB_RAPPORT, args=[rapport.pk])


def test_two_runs_count_then_make_the_pdf_and_more_runs_change_nothing(district, opslag, pdftotext,
                                                                       django_capture_on_commit_callbacks):
    with time_machine.travel(OKTOBER, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            rapport = services.maak_concept(district, K3)
        assert rapport.gegevens is None and not rapport.heeft_pdf
        assert rapport.job.naam == services.JOB_RAPPORT and rapport.job.args == [rapport.pk]

        # Run 1: the figures are counted and committed; the PDF is the next run's.
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            eerste = execute(rapport.job_id)
        rapport.refresh_from_db()
        assert eerste.status == JobStatus.DONE and eerste.resultaat["stap"] == "geteld"
        assert rapport.gegevens["werkgebied"] == {"soort": "district", "naam": "Testdistrict Noord"}
        assert rapport.gegevens["kwartaal"] == [2026, 3]
        assert rapport.geteld_op is not None and not rapport.heeft_pdf
        assert rapport.job_id != eerste.pk and rapport.job.status == JobStatus.QUEUED
        assert eerste.resultaat["volgende"] == str(rapport.job_id)
        assert len(callbacks) == 1  # the next run is handed over after the commit
        assert bestanden(opslag) == []

        # Run 2: the PDF.
        tweede = execute(rapport.job_id)
        rapport.refresh_from_db()
        assert tweede.status == JobStatus.DONE and tweede.resultaat["stap"] == "pdf"
        assert rapport.heeft_pdf and bestanden(opslag) == [rapport.opslagnaam]
        data = pdf.pad(rapport).read_bytes()
        assert rapport.sha256 == hashlib.sha256(data).hexdigest() == tweede.resultaat["sha256"]
        tekst = subprocess.run(["pdftotext", str(pdf.pad(rapport)), "-"], capture_output=True, check=True).stdout
        assert "Testdistrict Noord" in tekst.decode()

        # The same job delivered again, and a new job for the same version: nothing new.
        gegevens, geteld_op = rapport.gegevens, rapport.geteld_op
        Job.objects.filter(pk=tweede.pk).update(status=JobStatus.SENT)
        for job_row in (execute(tweede.pk), execute(nieuw_job(rapport).pk)):
            assert job_row.status == JobStatus.DONE and job_row.resultaat == {"stap": "klaar",
                                                                              "sha256": rapport.sha256}
        rapport.refresh_from_db()
        assert bestanden(opslag) == [rapport.opslagnaam]
        assert pdf.pad(rapport).read_bytes() == data
        assert (rapport.gegevens, rapport.geteld_op) == (gegevens, geteld_op)


def test_running_the_handler_twice_makes_one_report(district, opslag):
    """The handler itself, twice on a counted report: one file, the same hash."""
    rapport = Rapport.objects.create(district=district, jaar=2026, kwartaal=3, versie=1)
    handler = handler_for(services.JOB_RAPPORT)
    with time_machine.travel(OKTOBER, tick=False):
        assert handler(nieuw_job(rapport))["stap"] == "geteld"
        eerste = handler(nieuw_job(rapport))
        tweede = handler(nieuw_job(rapport))
    rapport.refresh_from_db()
    assert eerste["stap"] == "pdf" and tweede == {"stap": "klaar", "sha256": eerste["sha256"]}
    assert rapport.sha256 == eerste["sha256"]
    assert bestanden(opslag) == [rapport.opslagnaam]


def test_a_final_version_made_from_a_concept_keeps_its_figures(district, opslag):
    """Finalising copies the concept's figures: the job makes only the PDF (one run), with the toelichting."""
    concept = Rapport.objects.create(district=district, jaar=2026, kwartaal=3, versie=1)
    handler = handler_for(services.JOB_RAPPORT)
    with time_machine.travel(OKTOBER, tick=False):
        handler(nieuw_job(concept))
        concept.refresh_from_db()
        gegevens = concept.gegevens
        definitief = Rapport.objects.create(district=district, jaar=2026, kwartaal=3, versie=2,
                                            status=RapportStatus.DEFINITIEF, gegevens=gegevens,
                                            geteld_op=concept.geteld_op, gebaseerd_op=concept,
                                            toelichting="Een rustig kwartaal.")
        assert handler(nieuw_job(definitief))["stap"] == "pdf"
    definitief.refresh_from_db()
    assert definitief.gegevens == gegevens and definitief.heeft_pdf
    tekst = subprocess.run(["pdftotext", str(pdf.pad(definitief)), "-"], capture_output=True, check=True).stdout
    assert "Een rustig kwartaal." in tekst.decode()


def test_a_report_that_is_gone_is_skipped(db):
    assert handler_for(services.JOB_RAPPORT)(Job(naam=services.JOB_RAPPORT, args=[987654])) == {
        "overgeslagen": "rapport bestaat niet"}


# --- the quarterly schedule ---------------------------------------------------------------------------------------


def test_kwartaalconcepten_one_concept_per_werkgebied_with_a_ketenregisseur_once(
        demo, django_capture_on_commit_callbacks):
    werkgebieden = services.werkgebieden_met_regisseur()
    assert len(werkgebieden) >= 2  # Twente (a district) and Midden-Nederland (a region) in the demo
    with time_machine.travel(OKTOBER, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            eerste = execute(Job.objects.create(naam=services.JOB_KWARTAAL).pk)
        assert eerste.status == JobStatus.DONE, eerste.fout
        concepten = Rapport.objects.filter(pk__in=eerste.resultaat["gemaakt"])
        assert sorted(r.werkgebied.naam for r in concepten) == sorted(w.naam for w in werkgebieden)
        for concept in concepten:
            assert (concept.jaar, concept.kwartaal, concept.versie) == (2026, 3, 1)
            assert concept.status == RapportStatus.CONCEPT and concept.aangemaakt_door is None
            assert concept.job.naam == services.JOB_RAPPORT and concept.job.args == [concept.pk]
        assert Rapport.objects.count() == len(werkgebieden)

        # A second run (the next morning of the same week): nothing new.
        with django_capture_on_commit_callbacks(execute=False):
            tweede = execute(Job.objects.create(naam=services.JOB_KWARTAAL).pk)
        assert tweede.status == JobStatus.DONE and tweede.resultaat == {"gemaakt": []}
        assert Rapport.objects.count() == len(werkgebieden)


def test_kwartaalconcepten_skips_a_werkgebied_that_has_a_report_of_the_quarter(demo,
                                                                               django_capture_on_commit_callbacks):
    from tafels.models import District

    twente = District.objects.get(code="TW")
    Rapport.objects.create(district=twente, jaar=2026, kwartaal=3, versie=1)
    with time_machine.travel(OKTOBER, tick=False), django_capture_on_commit_callbacks(execute=False):
        gemaakt = services.kwartaalconcepten()
    assert gemaakt and all(r.werkgebied != twente for r in gemaakt)
    assert Rapport.objects.filter(district=twente).count() == 1


def test_the_beat_task_only_queues_the_job(db):
    from rapportage import tasks

    job_id = tasks.kwartaalconcepten()
    job_row = Job.objects.get(pk=job_id)
    assert job_row.naam == services.JOB_KWARTAAL and job_row.status == JobStatus.QUEUED
    assert not Rapport.objects.exists()


def test_the_beat_schedule_runs_in_the_first_week_after_each_quarter():
    from celery.schedules import crontab

    from mensenhandel.celery import app

    entry = app.conf.beat_schedule["rapportage-kwartaalconcepten"]
    assert entry["task"] == "rapportage.kwartaalconcepten"
    schema = entry["schedule"]
    assert isinstance(schema, crontab)
    assert schema.hour == {6} and schema.minute == {30}
    assert schema.day_of_month == set(range(1, 8))
    assert schema.month_of_year == {1, 4, 7, 10}
    assert schema.day_of_week == set(range(7))
    assert app.conf.timezone == "Europe/Amsterdam"
    # The task is the one rapportage/tasks.py registers.
    from rapportage import tasks

    assert tasks.kwartaalconcepten.name == entry["task"]


def test_the_jobs_are_registered():
    from mensenhandel.jobs.registry import registered

    assert {services.JOB_RAPPORT, services.JOB_KWARTAAL} <= set(registered())


# --- PostgreSQL: two runs at once; a real worker ------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_pdf(require_postgres, district, settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    from django.utils import timezone

    from rapportage import cijfers

    rapport = Rapport.objects.create(district=district, jaar=2026, kwartaal=3, versie=1,
                                     gegevens=cijfers.bereken(district, K3), geteld_op=timezone.now())
    jobs = [nieuw_job(rapport) for _i in range(2)]
    start = threading.Barrier(2)
    uitkomsten, fouten = {}, []

    def draai(job_row):
        try:
            start.wait(timeout=10)
            uitkomsten[job_row.pk] = execute(job_row.pk)
        except Exception as exc:  # pragma: no cover - reported below
            fouten.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=draai, args=(j,)) for j in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not fouten, fouten
    stappen = sorted(u.resultaat["stap"] for u in uitkomsten.values())
    assert stappen == ["klaar", "pdf"], [u.resultaat for u in uitkomsten.values()]
    rapport.refresh_from_db()
    assert bestanden(settings.PROTECTED_FILES_ROOT) == [rapport.opslagnaam]


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_report(require_postgres, start_worker, published_jobs, settings, tmp_path,  # noqa: F811
                                        monkeypatch, pdftotext):
    opslag_map = tmp_path / "protected"
    settings.PROTECTED_FILES_ROOT = opslag_map
    monkeypatch.setenv("PROTECTED_FILES_ROOT", str(opslag_map))  # the worker stores where this test reads
    worker = start_worker(published_jobs)
    kwartaal = Kwartaal.laatst_afgesloten()  # the worker runs on today's clock

    with transaction.atomic():
        district = DistrictFactory(naam="Testdistrict Worker", code="TW9")
    with transaction.atomic():
        rapport = services.maak_concept(district, kwartaal)

    klaar = wait_until(
        lambda: Rapport.objects.filter(pk=rapport.pk).exclude(opslagnaam="").exists()
        or Job.objects.filter(naam=services.JOB_RAPPORT, status=JobStatus.FAILED).exists(),
        WORKER_SECONDS, interval=0.5,
    )
    jobs = list(Job.objects.filter(naam=services.JOB_RAPPORT).order_by("aangemaakt")
                .values("pk", "status", "pogingen", "fout", "resultaat"))
    rapport.refresh_from_db()
    assert klaar and rapport.heeft_pdf, f"{jobs}\n--- worker log ---\n{worker.log()}"
    # Two runs, each done once: counted, then the PDF.
    assert [j["resultaat"]["stap"] for j in jobs] == ["geteld", "pdf"], jobs
    assert all(j["status"] == JobStatus.DONE and j["pogingen"] == 1 for j in jobs), jobs
    # The first run was handed to the worker through Redis.
    assert f"Task jobs.run[{jobs[0]['pk']}] received" in worker.log(), worker.log()
    data = pdf.pad(rapport).read_bytes()
    assert pdf.pad(rapport).parent == opslag_map / "rapporten"
    assert rapport.sha256 == hashlib.sha256(data).hexdigest() and rapport.grootte == len(data)
    tekst = subprocess.run(["pdftotext", "-layout", str(pdf.pad(rapport)), "-"], capture_output=True,
                           check=True).stdout.decode()
    assert "Testdistrict Worker" in tekst
    with translation.override("nl"):
        assert kwartaal.label in tekst
    assert f"{nl('page')} 1 {nl('of')} " in tekst
