"""The nightly retention run (beat ``bewaren.toepassen``)."""
from mensenhandel.jobs.registry import job

from . import services

JOB_TOEPASSEN = "bewaren.toepassen"


@job(JOB_TOEPASSEN)
def toepassen(job_row):
    run = services.toepassen()
    return {"run": run.pk, **run.aantallen}
