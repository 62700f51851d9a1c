"""Celery beat entry point of retention: it only queues the job (the work is in jobs.py)."""
from celery import shared_task
from django.db import transaction

from mensenhandel.jobs import enqueue

from .jobs import JOB_TOEPASSEN


@shared_task(name="bewaren.toepassen", ignore_result=True)
def toepassen():
    with transaction.atomic():
        return str(enqueue(JOB_TOEPASSEN).pk)
