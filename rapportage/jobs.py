"""Background jobs of the quarterly report (registered with ``@job``; ``RapportageConfig.ready()`` imports this
module).

``rapportage.rapport`` (arg: the report's id) works in two runs, each committed on its own, so the report's page can
show the progress ("figures counted", then "PDF made"):

1. the figures are not counted yet: count them (``cijfers.bereken``), keep them with ``geteld_op``, and queue the
   job again;
2. the figures are there but the PDF is not: make it (``pdf.maak``);
   and, next to it, the proposal to the board (``dvo.maak``, issue 21);
3. the PDF is there: the proposal when it is missing, else nothing (a second delivery of the job, or a second job for
   the same version, makes no second file).

The report's row is locked for the whole run, so two runs for the same version wait for each other and the second
finds the work done.

``rapportage.kwartaalconcepten``: the quarterly schedule (``tasks.kwartaalconcepten``, beat in
``mensenhandel/celery.py``): a concept of the quarter that ended for every werkgebied with a ketenregisseur, once.
"""
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from mensenhandel.jobs import enqueue
from mensenhandel.jobs.registry import job

from . import cijfers, dvo, pdf, services
from .models import Rapport
from .perioden import Kwartaal


def _json(gegevens):
    """The figures as they are stored and read back (JSON): lists, not tuples; plain strings, not lazy ones."""
    return json.loads(json.dumps(gegevens, cls=DjangoJSONEncoder))


@job(services.JOB_RAPPORT)
def rapport(job_row):
    (rapport_id,) = job_row.args
    rij = (Rapport.objects.select_for_update(of=("self",)).select_related("district__regio", "regio")
           .filter(pk=rapport_id).first())
    if rij is None:
        return {"overgeslagen": "rapport bestaat niet"}
    if rij.gegevens is None:
        rij.gegevens = _json(cijfers.bereken(rij.werkgebied, Kwartaal(rij.jaar, rij.kwartaal)))
        rij.geteld_op = timezone.now()
        # The PDF in a run of its own, after this one is committed.
        rij.job = enqueue(services.JOB_RAPPORT, rij.pk)
        rij.save(update_fields=["gegevens", "geteld_op", "job"])
        return {"stap": "geteld", "volgende": str(rij.job_id)}
    if rij.heeft_pdf:
        # Issue 21: the proposal to the board next to the report (made here for a report made before it, or after a
        # run that failed between the two files).
        if dvo.maak(rij):
            return {"stap": "dvo-voorstel"}
        return {"stap": "klaar", "sha256": rij.sha256}
    pdf.maak(rij)
    dvo.maak(rij)
    return {"stap": "pdf", "grootte": rij.grootte, "sha256": rij.sha256}


@job(services.JOB_KWARTAAL)
def kwartaalconcepten(job_row):
    gemaakt = services.kwartaalconcepten()
    return {"gemaakt": [r.pk for r in gemaakt]}
