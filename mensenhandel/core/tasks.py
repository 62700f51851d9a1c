"""Celery beat entry points of the platform: they only queue a job (the work is in jobs.py)."""
from celery import shared_task
from django.db import transaction

from mensenhandel.jobs import enqueue

from .jobs import JOB_OPRUIMEN


@shared_task(name=JOB_OPRUIMEN, ignore_result=True)
def bestanden_opruimen():
    with transaction.atomic():
        return str(enqueue(JOB_OPRUIMEN).pk)
