"""In-process jobs in a thread (``JOBS_IN_THREAD``, `make run`): a job queued during a request runs after the response,
in a thread of its own that closes its database connection; what it queues runs after it in the same thread; jobs
left queued run when the development server starts. Without the setting (the tests) a job runs in the request.

These tests commit for real (the thread has its own connection): ``transaction=True``.
"""
import threading
import time

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.urls import path

from mensenhandel.jobs import enqueue
from mensenhandel.jobs import services as jobs
from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.registry import job

from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

# How long the test job takes: the response must be back well before it is done.
JOB_SECONDS = 2.0


@job("tests.jobs.thread.traag")
def traag(job_row):
    """Takes ``seconden`` (JOB_SECONDS), then says in which thread it ran; with ``nog`` it queues itself again that many
    times."""
    kwargs = job_row.kwargs or {}
    time.sleep(kwargs.get("seconden", JOB_SECONDS))
    nog = kwargs.get("nog", 0)
    volgende = enqueue("tests.jobs.thread.traag", nog=nog - 1, seconden=kwargs.get("seconden")) if nog else None
    return {"thread": threading.current_thread().name, "klaar": time.time(),
            "volgende": str(volgende.pk) if volgende else None}


@login_not_required
def _zet_klaar(request):
    """A page that queues a job, as "Agenda definitief maken" or "Nieuw concept" do."""
    queued = enqueue("tests.jobs.thread.traag", nog=int(request.GET.get("nog", 0)),
                     seconden=float(request.GET.get("seconden", JOB_SECONDS)))
    return JsonResponse({"job": str(queued.pk)})


urlpatterns = [path("test-taak/", _zet_klaar)]


@pytest.fixture
def in_thread(settings):
    settings.ROOT_URLCONF = __name__
    settings.JOBS_EAGER = True
    settings.JOBS_IN_THREAD = True
    yield settings
    assert jobs.join_threads(timeout=60), "a job thread is still running"


def _connections():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def test_a_job_queued_in_a_request_runs_after_the_response_in_a_thread(client, in_thread):
    postgres = connection.vendor == "postgresql"
    before = _connections() if postgres else None
    started = time.monotonic()
    response = client.post("/test-taak/")
    answered, seconds = time.time(), time.monotonic() - started
    assert response.status_code == 200
    assert seconds < JOB_SECONDS, f"the response waited for the job ({seconds:.1f} s)"
    row = Job.objects.get(pk=response.json()["job"])
    assert row.status != JobStatus.DONE, "the job ran in the request"

    assert jobs.join_threads(timeout=30)
    row.refresh_from_db()
    assert row.status == JobStatus.DONE, row.fout
    assert row.resultaat["thread"].startswith(jobs.THREAD_PREFIX)
    assert row.resultaat["thread"] != threading.current_thread().name
    assert row.resultaat["klaar"] > answered, "the job finished after the response was there"
    if postgres:
        assert wait_until(lambda: _connections() == before, timeout=5), "the job thread left its connection open"


def test_what_a_job_queues_runs_after_it_in_the_same_thread(client, in_thread):
    response = client.post("/test-taak/?nog=2&seconden=0.2")
    assert jobs.join_threads(timeout=30)
    first = Job.objects.get(pk=response.json()["job"])
    second = Job.objects.get(pk=first.resultaat["volgende"])
    third = Job.objects.get(pk=second.resultaat["volgende"])
    assert [j.status for j in (first, second, third)] == [JobStatus.DONE] * 3
    assert first.resultaat["thread"] == second.resultaat["thread"] == third.resultaat["thread"]
    assert third.resultaat["volgende"] is None
    assert first.afgerond <= second.gestart and second.afgerond <= third.gestart, "one after the other"


def test_without_the_setting_a_job_runs_in_the_request(client, settings):
    """The tests' default (and JOBS_IN_THREAD=false): the job is done when the response is there."""
    settings.ROOT_URLCONF = __name__
    settings.JOBS_IN_THREAD = False
    response = client.post("/test-taak/?seconden=0.2")
    row = Job.objects.get(pk=response.json()["job"])
    assert row.status == JobStatus.DONE
    assert row.resultaat["thread"] == threading.current_thread().name


def test_held_back_jobs_wait_for_the_server_start(in_thread):
    """seed_demo's report PDFs under `make run`: queued, not run, until the development server starts."""
    with jobs.held_back():
        queued = enqueue("tests.jobs.thread.traag", seconden=0.2)
    time.sleep(0.2)
    queued.refresh_from_db()
    assert queued.status == JobStatus.QUEUED and queued.pogingen == 0

    jobs.server_started()  # what autoreload_started calls in the development server
    assert jobs.join_threads(timeout=30)
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE, queued.fout
    assert queued.resultaat["thread"].startswith(f"{jobs.THREAD_PREFIX}-relay")


def test_outside_a_request_a_job_still_runs_right_away(in_thread):
    """A management command (seed_demo) or a shell: the job is done when the command goes on."""
    queued = enqueue("tests.jobs.thread.traag", seconden=0.2)  # autocommit: on_commit runs at once
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE
    assert queued.resultaat["thread"] == threading.current_thread().name
