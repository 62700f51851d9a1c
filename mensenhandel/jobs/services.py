"""Queue, hand over and run background jobs (the transactional outbox)."""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
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
    """Hand a committed job to a worker, or run it here when jobs are eager (no Redis)."""
    if settings.JOBS_EAGER:
        execute(job_id)
        return True
    from mensenhandel.celery import app

    from .tasks import run_job

    try:
        with app.connection_for_write() as connection:
            run_job.apply_async(args=[str(job_id)], task_id=str(job_id), connection=connection, retry=False)
    except (BrokerUnavailable, OSError) as exc:
        logger.warning("Job %s not handed over, the relay will retry: %s", job_id, exc)
        return False
    Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.SENT]).update(
        status=JobStatus.SENT, verzonden=timezone.now()
    )
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
