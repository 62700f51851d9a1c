"""The job outbox in-process: enqueue after commit, run once, failures, the relay, an unreachable broker."""
import json
import os
import socket
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from mensenhandel.jobs import enqueue
from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.registry import job
from mensenhandel.jobs.services import RESEND_SENT_AFTER, dispatch, execute, relay_pending

# How long publishing to a broker that does not answer may take before it counts as hanging.
UNREACHABLE_BROKER_MAX_SECONDS = 5

# Every test here uses the database; the two that need a real commit/rollback ask for transaction=True.
pytestmark = pytest.mark.django_db

CALLS = Counter()


@job("tests.jobs.outbox.teller")
def teller(job_row):
    """Counts how often it ran per job."""
    CALLS[str(job_row.pk)] += 1
    return {"aanroepen": CALLS[str(job_row.pk)]}


@job("tests.jobs.outbox.kapot")
def kapot(job_row):
    """Writes a row, then fails: the write must be undone, the failure recorded."""
    Job.objects.create(naam="tests.jobs.outbox.teller")
    raise RuntimeError("kapot met opzet")


class Boom(Exception):
    pass


def free_port():
    """A local TCP port nothing listens on (bound once by us, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- eager mode (the default in tests) -------------------------------------------------------


def test_enqueue_runs_the_job_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = enqueue("jobs.controle")
        # Not before the commit.
        assert Job.objects.get(pk=queued.pk).status == JobStatus.QUEUED

    assert len(callbacks) == 1
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE, queued.fout
    assert queued.resultaat["database"] == connection.vendor
    assert queued.resultaat["pid"] == os.getpid()  # eager: run in this process
    assert queued.pogingen == 1
    assert queued.gestart and queued.afgerond and queued.fout == ""


@pytest.mark.django_db(transaction=True)
def test_enqueue_runs_the_job_after_a_real_commit():
    with transaction.atomic():
        queued = enqueue("tests.jobs.outbox.teller")
        assert CALLS[str(queued.pk)] == 0

    assert CALLS[str(queued.pk)] == 1
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE
    assert queued.resultaat == {"aanroepen": 1}


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_leaves_no_job_and_runs_nothing():
    before = sum(CALLS.values())
    with pytest.raises(Boom), transaction.atomic():
        enqueue("tests.jobs.outbox.teller")
        raise Boom

    assert not Job.objects.exists()
    assert sum(CALLS.values()) == before


def test_rolled_back_savepoint_runs_nothing_when_the_outer_transaction_commits(django_capture_on_commit_callbacks):
    before = sum(CALLS.values())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            enqueue("tests.jobs.outbox.teller")
            raise Boom

    assert callbacks == []
    assert not Job.objects.exists()
    assert sum(CALLS.values()) == before


def test_enqueue_of_an_unregistered_name_fails_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(LookupError, match="bestaat.niet"):
            enqueue("bestaat.niet", 1)

    assert callbacks == []
    assert not Job.objects.exists()


def test_execute_twice_runs_the_handler_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue("tests.jobs.outbox.teller")
    assert CALLS[str(queued.pk)] == 1

    again = execute(queued.pk)

    assert again.status == JobStatus.DONE
    assert CALLS[str(queued.pk)] == 1
    queued.refresh_from_db()
    assert queued.pogingen == 1
    assert queued.resultaat == {"aanroepen": 1}


def test_failing_handler_marks_the_job_failed_and_does_not_raise(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue("tests.jobs.outbox.kapot")

    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED
    assert queued.fout == "RuntimeError: kapot met opzet"
    assert queued.resultaat is None
    assert queued.pogingen == 1 and queued.afgerond is not None
    # What the handler wrote before it failed was rolled back with it.
    assert list(Job.objects.values_list("pk", flat=True)) == [queued.pk]

    # Run directly, too: the exception does not escape execute().
    assert execute(queued.pk).status == JobStatus.FAILED
    queued.refresh_from_db()
    assert queued.pogingen == 2


def test_execute_of_a_missing_job_returns_none():
    assert execute("00000000-0000-0000-0000-000000000000") is None


# --- an unreachable broker (needs no Redis) --------------------------------------------------


def test_unreachable_broker_leaves_the_job_queued_without_hanging(
    settings, celery_conf, django_capture_on_commit_callbacks
):
    settings.JOBS_EAGER = False
    celery_conf(broker_url=f"redis://127.0.0.1:{free_port()}/0", task_default_queue="test-jobs-nobody")

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = enqueue("jobs.controle")
    on_commit_seconds = time.monotonic() - started
    assert len(callbacks) == 1
    assert on_commit_seconds < UNREACHABLE_BROKER_MAX_SECONDS

    started = time.monotonic()
    assert dispatch(queued.pk) is False
    assert time.monotonic() - started < UNREACHABLE_BROKER_MAX_SECONDS
    assert relay_pending(older_than=timedelta(0)) == 0

    queued.refresh_from_db()
    assert queued.status == JobStatus.QUEUED
    assert queued.verzonden is None and queued.pogingen == 0


# --- the relay -------------------------------------------------------------------------------


def test_relay_leaves_a_young_queued_job_alone(settings):
    settings.JOBS_RELAY_AFTER_SECONDS = 60
    young = Job.objects.create(naam="tests.jobs.outbox.teller")

    assert relay_pending() == 0
    young.refresh_from_db()
    assert young.status == JobStatus.QUEUED
    assert CALLS[str(young.pk)] == 0

    # Once it is older than JOBS_RELAY_AFTER_SECONDS it is handed over (eager: run here).
    Job.objects.filter(pk=young.pk).update(aangemaakt=timezone.now() - timedelta(seconds=61))
    assert relay_pending() == 1
    young.refresh_from_db()
    assert young.status == JobStatus.DONE
    assert CALLS[str(young.pk)] == 1


def test_relay_resends_a_sent_job_that_is_not_running_after_two_minutes():
    now = timezone.now()
    lost = Job.objects.create(naam="tests.jobs.outbox.teller", status=JobStatus.SENT)
    recent = Job.objects.create(naam="tests.jobs.outbox.teller", status=JobStatus.SENT)
    Job.objects.filter(pk=lost.pk).update(verzonden=now - RESEND_SENT_AFTER - timedelta(minutes=1))
    Job.objects.filter(pk=recent.pk).update(verzonden=now - RESEND_SENT_AFTER + timedelta(minutes=5))
    # Old jobs in other states are never relayed.
    for status in (JobStatus.RUNNING, JobStatus.DONE, JobStatus.FAILED):
        other = Job.objects.create(naam="tests.jobs.outbox.teller", status=status)
        Job.objects.filter(pk=other.pk).update(
            aangemaakt=now - timedelta(days=1), verzonden=now - timedelta(days=1)
        )

    assert relay_pending() == 1

    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.status == JobStatus.DONE and CALLS[str(lost.pk)] == 1
    assert recent.status == JobStatus.SENT and CALLS[str(recent.pk)] == 0
    assert Job.objects.filter(status=JobStatus.RUNNING).count() == 1


@pytest.mark.redis
def test_relay_publishes_a_lost_job_to_redis_again(published_jobs, redis_url):
    """Not eager: the job goes to Redis once more (task id = job id) and is marked sent again."""
    import redis

    lost = Job.objects.create(naam="jobs.controle", status=JobStatus.SENT)
    long_ago = timezone.now() - RESEND_SENT_AFTER - timedelta(minutes=1)
    Job.objects.filter(pk=lost.pk).update(verzonden=long_ago)

    assert relay_pending() == 1

    lost.refresh_from_db()
    assert lost.status == JobStatus.SENT
    assert lost.verzonden > long_ago + timedelta(minutes=2)
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    try:
        messages = [json.loads(raw) for raw in client.lrange(published_jobs, 0, -1)]
    finally:
        client.close()
    assert [m["headers"]["id"] for m in messages] == [str(lost.pk)]
    assert messages[0]["headers"]["task"] == "jobs.run"


# --- a worker that dies (issue 16 §3) --------------------------------------------------------------------------


def test_the_relay_hands_over_within_minutes_and_a_job_is_overdue_after_ten():
    """Aligned: the relay (every minute) resends a sent job that is not running after 2 minutes, Redis returns an
    unacknowledged one after 4; the page offers to try again after 10."""
    from django.conf import settings

    from mensenhandel.jobs.services import is_overdue

    assert RESEND_SENT_AFTER <= timedelta(minutes=2)
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 5 * 60
    job = Job.objects.create(naam="jobs.controle", status=JobStatus.SENT, verzonden=timezone.now())
    assert not is_overdue(job)
    assert is_overdue(job, now=timezone.now() + timedelta(minutes=11))
    job.status = JobStatus.DONE
    assert not is_overdue(job, now=timezone.now() + timedelta(days=1))


def test_a_job_whose_worker_died_three_times_fails_instead_of_coming_back_forever():
    job = Job.objects.create(naam="tests.jobs.outbox.teller", status=JobStatus.SENT, pogingen=3)
    done = execute(job.pk)
    assert done.status == JobStatus.FAILED and "3 times" in done.fout
    assert CALLS[str(job.pk)] == 0
