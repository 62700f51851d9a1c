"""Background jobs of the signals app."""
import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core import mail
from mensenhandel.jobs.registry import job

from . import bijlagen, notifications
from .models import Bijlage, Signaal, Status

logger = logging.getLogger(__name__)

CONCEPT_BEWAARTERMIJN = timedelta(days=30)

JOB_OPRUIMEN = "signalen.opruimen_concepten"


@job(JOB_OPRUIMEN)
def opruimen_concepten(job_row):
    """Delete drafts nobody changed for 30 days, with their staged files (once the deletion is committed).
    The audit log keeps that it happened. Safe to run twice: a second run finds nothing left to do."""
    nu = timezone.now()
    grens = nu - CONCEPT_BEWAARTERMIJN
    verwijderd = 0
    bestanden = []
    kandidaten = list(Signaal.objects.filter(status=Status.CONCEPT, gewijzigd__lt=grens).values_list("pk", flat=True))
    for pk in kandidaten:
        try:
            with transaction.atomic():
                # Lock and look again: the author may be saving this draft right now.
                signaal = (Signaal.objects.select_for_update()
                           .filter(pk=pk, status=Status.CONCEPT, gewijzigd__lt=grens).first())
                if signaal is None:
                    continue
                namen = list(Bijlage.objects.filter(signaal=signaal).values_list("opslagnaam", flat=True))
                audit.log(None, AuditActie.DELETE, signaal, omschrijving="concept ouder dan 30 dagen")
                signaal.delete()
        except ProtectedError:
            logger.warning("Draft signal %s is still referenced and was not deleted", pk)
            continue
        verwijderd += 1
        bestanden.extend(namen)
    # (Files whose row never got committed are the daily sweep's: ``mensenhandel.core.jobs``.)
    transaction.on_commit(lambda: bijlagen.MAP.verwijder(bestanden))
    return {"concepten": verwijderd, "bestanden": len(bestanden)}


@job(notifications.JOB_NIEUWS, opnieuw=mail.OPNIEUW)
def nieuws(job_row):
    """The "there is news" mail to a signal's submitter (``notifications.send_news``)."""
    return {"verstuurd": notifications.send_news(*job_row.args)}
