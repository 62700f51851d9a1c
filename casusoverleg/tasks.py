"""Celery beat entry points of cases and meetings: they only queue a job (the work is in the job handlers)."""
from celery import shared_task
from django.db import transaction

from mensenhandel.jobs import enqueue

from .herinneringen import JOB as JOB_HERINNERINGEN


@shared_task(name="casusoverleg.herinneringen", ignore_result=True)
def herinneringen():
    """Daily at 07:00 Europe/Amsterdam (mensenhandel/celery.py): the reminders of open actions."""
    with transaction.atomic():
        return str(enqueue(JOB_HERINNERINGEN).pk)
