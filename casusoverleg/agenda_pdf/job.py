"""The job ``casusoverleg.agenda_pdfs`` (args: meeting id, version; kwargs: optionally ``gemaakt_op``, see
``gemaakt_op``): the next missing PDF of one agenda version per run, queued again while some are missing, the e-mail
when the last one exists."""
from django.utils.dateparse import parse_datetime

from mensenhandel.core.mail import opnieuw_als_mislukt
from mensenhandel.jobs import enqueue
from mensenhandel.jobs.registry import job

from ..models import AgendaDocument, DocumentSoort, Overleg, OverlegStatus
from .mail import mail_agenda_klaar
from .opslag import pad, store
from .rendering import render
from .verzendlijst import deelnemers, ontvangers

JOB = "casusoverleg.agenda_pdfs"
# Documents made per job run before the job queues itself again (each run commits what it made).
PER_RUN = 1


def gemaakt_op(job_row):
    """The moment the documents of this job say they were made: given to the job (``services.agenda.finalise(...,
    op=...)``: the demo dates its agendas in its story), or None for the moment each one is made."""
    waarde = (job_row.kwargs or {}).get("gemaakt_op")
    return parse_datetime(waarde) if waarde else None


@job(JOB)
def agenda_pdfs(job_row):
    """Make the next missing PDF of one agenda version; queue again while some are missing; e-mail when done."""
    overleg_id, versie = job_row.args
    overleg = (Overleg.objects.select_for_update(of=("self",)).select_related("tafel", "voorzitter")
               .filter(pk=overleg_id).first())
    if overleg is None:
        return {"overgeslagen": "overleg bestaat niet"}
    if overleg.agenda_versie != versie or overleg.status in (OverlegStatus.GEPLAND, OverlegStatus.GEANNULEERD):
        return {"overgeslagen": f"versie {versie} is niet (meer) de definitieve agenda"}
    staand = deelnemers(overleg)
    alle = ontvangers(overleg, staand=staand)
    bestaand = set(AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA, versie=versie)
                   .values_list("organisatie_id", flat=True))
    ontbreekt = [o for o in alle if (o.organisatie.pk if o.organisatie else None) not in bestaand]
    gemaakt = []
    moment = gemaakt_op(job_row)
    try:
        for ontvanger in ontbreekt[:PER_RUN]:
            data = render(overleg, ontvanger, staand=staand, gemaakt_op=moment)
            gemaakt.append(store(overleg, versie, ontvanger, data, gemaakt_op=moment))
        resultaat = {"versie": versie, "gemaakt": [d.pk for d in gemaakt],
                     "klaar": len(alle) - len(ontbreekt) + len(gemaakt), "totaal": len(alle)}
        if len(ontbreekt) > len(gemaakt):
            volgende = enqueue(JOB, overleg.pk, versie, **(job_row.kwargs or {}))
            Overleg.objects.filter(pk=overleg.pk).update(agenda_job=volgende)
            resultaat["volgende"] = str(volgende.pk)
            return resultaat
        resultaat["mails"] = opnieuw_als_mislukt(mail_agenda_klaar(overleg, versie), job_row)
    except BaseException:
        # The rows go with the rolled-back transaction; their files go here.
        for document in gemaakt:
            pad(document).unlink(missing_ok=True)
        raise
    return resultaat
