"""Queue, hand over and run background jobs (the transactional outbox)."""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from .models import Job, JobStatus
from .registry import handler_for

logger = logging.getLogger(__name__)

# A job handed to Celery that has not started after this long is handed over again: Redis here
# keeps nothing on disk, so a restart loses what was queued in it.
RESEND_SENT_AFTER = timedelta(hours=1)


def enqueue(naam, *args, **kwargs):
    """Record a job in the current transaction; it is handed to Celery after the commit.

    Arguments must be JSON values (ids, dates as strings), never model instances.
    """
    handler_for(naam)  # fail now, in the caller, on a name nobody handles
    job = Job.objects.create(naam=naam, args=list(args), kwargs=kwargs)
    # robust: the change is committed either way; a failed hand-over is retried by the relay.
    transaction.on_commit(lambda: dispatch(job.pk), robust=True)
    return job


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
    """Hand over jobs that were not handed over (or got lost in Redis). Returns how many were sent."""
    older_than = timedelta(seconds=settings.JOBS_RELAY_AFTER_SECONDS) if older_than is None else older_than
    now = timezone.now()
    queued = Job.objects.filter(status=JobStatus.QUEUED, aangemaakt__lte=now - older_than)
    lost = Job.objects.filter(status=JobStatus.SENT, verzonden__lte=now - RESEND_SENT_AFTER)
    sent = 0
    for job_id in list(queued.values_list("pk", flat=True)) + list(lost.values_list("pk", flat=True)):
        sent += bool(dispatch(job_id))
    return sent


def execute(job_id):
    """Run a job once to completion. Safe when Celery delivers it twice (acks_late, relay)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("Job %s does not exist (its transaction was rolled back?)", job_id)
            return None
        if job.status == JobStatus.DONE:
            return job
        job.status = JobStatus.RUNNING
        job.gestart = timezone.now()
        job.pogingen += 1
        job.save(update_fields=["status", "gestart", "pogingen"])
        try:
            with transaction.atomic():
                resultaat = handler_for(job.naam)(job)
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job.pk, job.naam)
            job.status = JobStatus.FAILED
            job.fout = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            job.status = JobStatus.DONE
            job.resultaat = resultaat
            job.fout = ""
        job.afgerond = timezone.now()
        job.save(update_fields=["status", "resultaat", "fout", "afgerond"])
    return job
