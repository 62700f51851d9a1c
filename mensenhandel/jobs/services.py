"""Queue, hand over and run background jobs (the transactional outbox)."""
import logging
import threading
import time
from collections import deque
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from .models import Job, JobStatus
from .registry import handler_for, retry_delays

logger = logging.getLogger(__name__)

# The lease of a running job is the row lock its worker holds for the whole run (``execute``): PostgreSQL drops it the
# moment the worker's connection dies (a killed worker), and nobody else may run the job while it is held. So a job
# that is "sent" but not locked is not running: after this long the relay hands it over again (a job lost in Redis,
# or one whose worker was killed). Redis' own visibility timeout (CELERY_BROKER_TRANSPORT_OPTIONS) brings the
# unacknowledged message back a little later; whichever arrives second finds the job done or locked and does nothing.
RESEND_SENT_AFTER = timedelta(seconds=settings.JOBS_RESEND_SENT_AFTER_SECONDS)
# A worker that dies during the same job this many times (out of memory on it, say) does not get it again: it fails.
MAX_POGINGEN = 3


def is_overdue(job, now=None):
    """Not finished long after it should have been (``JOBS_OVERDUE_AFTER_SECONDS``): the page offers to try again."""
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return False
    now = now or timezone.now()
    return (job.verzonden or job.aangemaakt) <= now - timedelta(seconds=settings.JOBS_OVERDUE_AFTER_SECONDS)


def enqueue(naam, *args, **kwargs):
    """Record a job in the current transaction; it is handed to Celery after the commit.

    Arguments must be JSON values (ids, dates as strings), never model instances.
    """
    handler_for(naam)  # fail now, in the caller, on a name nobody handles
    job = Job.objects.create(naam=naam, args=list(args), kwargs=kwargs)
    # robust: the change is committed either way; a failed hand-over is retried by the relay.
    transaction.on_commit(lambda: dispatch(job.pk), robust=True)
    return job


def enqueue_later(seconden, naam, *args, **kwargs):
    """Record a job that waits ``seconden`` before the relay hands it over (a retry after a failure outside this
    machine, such as the mail server). Arguments as ``enqueue``."""
    handler_for(naam)
    return Job.objects.create(naam=naam, args=list(args), kwargs=kwargs,
                              niet_voor=timezone.now() + timedelta(seconds=seconden))


def dispatch(job_id):
    """Hand a committed job to a worker, or run it here when jobs are eager (no Redis): right away, or with
    ``JOBS_IN_THREAD`` in a thread of its own after the response (see "In-process jobs in a thread" below)."""
    if getattr(_lokaal, "achterhouden", 0):
        return False  # held_back(): it stays queued for the relay or the development server's start
    if settings.JOBS_EAGER:
        if (rij := getattr(_lokaal, "thread_rij", None)) is not None:
            rij.append(job_id)  # queued by a job that runs in a thread: next in the same thread
            return True
        if (na_antwoord := getattr(_lokaal, "na_antwoord", None)) is not None:
            na_antwoord.append(job_id)  # queued during a request: in a thread once the response is sent
            return True
        execute(job_id)
        return True
    from mensenhandel.celery import app

    from .tasks import run_job

    # Marked as sent before it is published: a worker that receives it at once must not find its row locked by this
    # UPDATE (it would take the job for one running elsewhere and leave it to the relay, minutes later).
    gemarkeerd = Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.SENT]).update(
        status=JobStatus.SENT, verzonden=timezone.now()
    )
    try:
        with app.connection_for_write() as connection:
            run_job.apply_async(args=[str(job_id)], task_id=str(job_id), connection=connection, retry=False)
    except (BrokerUnavailable, OSError) as exc:
        if gemarkeerd:
            Job.objects.filter(pk=job_id, status=JobStatus.SENT).update(status=JobStatus.QUEUED, verzonden=None)
        logger.warning("Job %s not handed over, the relay will retry: %s", job_id, exc)
        return False
    return True


def relay_pending(older_than=None):
    """Hand over jobs that were not handed over, got lost in Redis or whose worker died. Returns how many were sent."""
    older_than = timedelta(seconds=settings.JOBS_RELAY_AFTER_SECONDS) if older_than is None else older_than
    now = timezone.now()
    queued = Job.objects.filter(status=JobStatus.QUEUED, aangemaakt__lte=now - older_than).filter(
        Q(niet_voor__isnull=True) | Q(niet_voor__lte=now))
    with transaction.atomic():
        # A job whose row is locked is running right now (its worker holds the lease): not lost.
        lost = list(Job.objects.select_for_update(skip_locked=True)
                    .filter(status=JobStatus.SENT, verzonden__lte=now - RESEND_SENT_AFTER).values_list("pk", flat=True))
    sent = 0
    for job_id in list(queued.values_list("pk", flat=True)) + lost:
        sent += bool(dispatch(job_id))
    return sent


def _claim(job_id):
    """The job's row, locked for this worker (the lease); None when another worker runs it right now, when it does
    not exist, or when it waits for a retry that is not due yet (a stale delivery)."""
    job = Job.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
    if job is None:
        if Job.objects.filter(pk=job_id).exists():
            logger.info("Job %s is running in another worker; this delivery does nothing", job_id)
        else:
            logger.warning("Job %s does not exist (its transaction was rolled back?)", job_id)
        return None
    if job.status == JobStatus.QUEUED and job.niet_voor and job.niet_voor > timezone.now():
        logger.info("Job %s waits for its retry until %s; this delivery does nothing", job_id, job.niet_voor)
        return None
    return job


def execute(job_id):
    """Run a job once to completion. Safe when Celery delivers it twice (acks_late, relay, Redis' visibility timeout):
    a second delivery finds it done, or locked by the worker that runs it."""
    with transaction.atomic():
        job = _claim(job_id)
        if job is None or job.status == JobStatus.DONE:
            return job
        # Counted before the run, in its own commit: a worker killed during the job leaves the count behind.
        job.pogingen += 1
        job.gestart = timezone.now()
        if job.pogingen > MAX_POGINGEN + len(retry_delays(job.naam)):
            job.status = JobStatus.FAILED
            job.fout = f"Stopped: the worker stopped during this job {MAX_POGINGEN} times."
            job.afgerond = timezone.now()
            job.save(update_fields=["pogingen", "gestart", "status", "fout", "afgerond"])
            logger.error("Job %s (%s) failed: its worker stopped %s times", job.pk, job.naam, MAX_POGINGEN)
            return job
        job.save(update_fields=["pogingen", "gestart"])
    with transaction.atomic():
        job = _claim(job_id)
        if job is None or job.status == JobStatus.DONE:
            return job
        job.status = JobStatus.RUNNING
        job.save(update_fields=["status"])
        try:
            with transaction.atomic():
                resultaat = handler_for(job.naam)(job)
        except Exception as exc:
            job.fout = f"{type(exc).__name__}: {exc}"[:2000]
            wachttijden = retry_delays(job.naam)
            if job.pogingen <= len(wachttijden):
                # Back in the queue; the relay hands it over once the wait is over.
                logger.warning("Job %s (%s) failed (attempt %s), tried again later: %s", job.pk, job.naam,
                               job.pogingen, job.fout)
                job.status = JobStatus.QUEUED
                job.niet_voor = timezone.now() + timedelta(seconds=wachttijden[job.pogingen - 1])
                job.save(update_fields=["status", "niet_voor", "fout"])
                return job
            logger.exception("Job %s (%s) failed", job.pk, job.naam)
            job.status = JobStatus.FAILED
        else:
            job.status = JobStatus.DONE
            job.resultaat = resultaat
            job.fout = ""
        job.afgerond = timezone.now()
        job.save(update_fields=["status", "resultaat", "fout", "afgerond"])
    return job


# --- In-process jobs in a thread (JOBS_IN_THREAD: development, `make run`) ----------------------------------------
#
# Without Redis a job runs in-process after the commit that queued it. Run in the request, it makes the browser wait
# for every PDF of an agenda and shows the progress page only when all are done. With JOBS_IN_THREAD a job queued
# during a request is collected (``dispatch``) and started in a thread of its own once the response has been sent
# (``request_finished``); a job that job queues (the next agenda PDF, the report's PDF after its figures) runs next in
# that same thread, so the jobs of one request never run side by side. Outside a request (a management command such
# as seed_demo, a shell) a job still runs right away, in the command: it must be done when the command ends.
# Jobs left queued (``held_back``, or cut off by a stop of the server) run when the development server starts
# (``autoreload_started``, connected in mensenhandel/jobs/__init__.py): the relay of production, once.
#
# SQLite (`make run`): a job holds the write lock while it runs (IMMEDIATE transactions) and a request waits for it
# (busy timeout 20 s). Before each job the thread pauses a moment, so that the browser's next request (the redirect
# to the progress page) and requests that wait for the lock go first; one job (one PDF) takes a few seconds at most.

_lokaal = threading.local()
THREAD_PREFIX = "jobs-in-process"
PAUZE_VOOR_JOB = 0.3


@contextmanager
def held_back():
    """Jobs queued in this block (in this thread) are not handed over after their commit: they stay queued until the
    relay hands them over (with Redis: beat, every minute; under `make run`: when the development server starts)."""
    _lokaal.achterhouden = getattr(_lokaal, "achterhouden", 0) + 1
    try:
        yield
    finally:
        _lokaal.achterhouden -= 1


def _in_thread():
    return settings.JOBS_EAGER and settings.JOBS_IN_THREAD


def request_started(**kwargs):
    """A request begins (``request_started``): jobs it queues wait for its response."""
    _start_collected()  # a request whose response was never closed: its jobs run now
    if _in_thread():
        _lokaal.na_antwoord = []


def request_finished(**kwargs):
    """The response has been sent (``request_finished``): the jobs the request queued start, a thread per job."""
    _start_collected()


def _start_collected():
    verzameld, _lokaal.na_antwoord = getattr(_lokaal, "na_antwoord", None), None
    for job_id in verzameld or ():
        start_thread([job_id])


def start_thread(job_ids=(), relay=False):
    """Run ``job_ids`` (and, with ``relay``, every job that waits in the queue) one after the other in a new thread,
    each with what it queues after it. Returns the thread."""
    thread = threading.Thread(target=_run_in_thread, args=(list(job_ids), relay), daemon=False,
                              name=f"{THREAD_PREFIX}-{job_ids[0] if job_ids else 'relay'}")
    thread.start()
    return thread


def server_started(**kwargs):
    """The development server started (``autoreload_started``): jobs left queued run in a thread."""
    if _in_thread():
        start_thread(relay=True)


def _run_in_thread(job_ids, relay):
    rij = _lokaal.thread_rij = deque(job_ids)
    try:
        if relay:
            try:
                relay_pending(older_than=timedelta(0))  # eager: dispatch() adds each to this thread's rij
            except Exception as exc:  # a database that is not migrated yet, say: nothing to pick up
                logger.warning("Queued jobs not picked up at the start of the server: %s", exc)
        while rij:
            time.sleep(PAUZE_VOOR_JOB)
            if not threading.main_thread().is_alive():
                # The server stops (Ctrl+C, a reload): the rest stays queued for its next start.
                logger.info("%s job(s) left queued for the next start of the server", len(rij))
                break
            job_id = rij.popleft()
            try:
                execute(job_id)
            except Exception:
                logger.exception("Job %s could not run in its thread; it waits for the next start", job_id)
    finally:
        _lokaal.thread_rij = None
        connection.close()


def join_threads(timeout=30):
    """Wait until the job threads of this process are done (tests). True when none is left."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.startswith(THREAD_PREFIX) and thread is not threading.current_thread():
            thread.join(max(deadline - time.monotonic(), 0))
    return not any(t.name.startswith(THREAD_PREFIX) and t.is_alive() for t in threading.enumerate())
