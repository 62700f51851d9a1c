"""Celery beat entry point of the quarterly report: it only queues the job (the work is in ``jobs.py``)."""
from celery import shared_task
from django.db import transaction

from mensenhandel.jobs import enqueue

from .services import JOB_KWARTAAL


@shared_task(name="rapportage.kwartaalconcepten", ignore_result=True)
def kwartaalconcepten():
    """At 06:30 Europe/Amsterdam on the first seven days of January, April, July and October
    (mensenhandel/celery.py): the concepts of the quarter that ended, for the ketenregisseurs."""
    with transaction.atomic():
        return str(enqueue(JOB_KWARTAAL).pk)
