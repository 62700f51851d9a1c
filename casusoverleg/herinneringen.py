"""Reminders of open actions: the daily job ``casusoverleg.herinneringen`` (queued by Celery beat at 07:00
Europe/Amsterdam, see ``casusoverleg.tasks`` and ``mensenhandel/celery.py``).

For every open action (open or in progress):

- one reminder when it is due within 3 days (0 <= due date - today <= 3): ``Herinnering`` soort "binnenkort", periode
  the due date (ISO); a due date moved later gives a new reminder for the new date;
- one reminder per ISO week while it is overdue: soort "verlopen", periode "<ISO year>-W<week>".

"Today" is ``timezone.localdate()`` (Europe/Amsterdam). The recipient is one address, never every user of an
organisation: the responsible person (``Actie.verantwoordelijke``) when set, active and still of the responsible
organisation; else the contact of that organisation at the meeting where the action was agreed (the person or the
functional mailbox of its ``OverlegDeelnemer``, else of its ``Uitnodiging``); else nobody (a warning with ids only).

The ``Herinnering`` row (unique per action, soort and periode) is written in one savepoint with the message: running
the job twice sends nothing twice, and a message the mail server refused is rolled back and tried again by a later
run. The e-mail says only that an action of the organisation is open with its due date, and links to the action in
the application: no case code, no text of the action (which could identify a case).
"""
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel.core.mail import Zending, send_once
from mensenhandel.jobs.registry import job

from .models import OPEN_ACTIESTATUSSEN, Actie, Herinnering, HerinneringSoort, OverlegDeelnemer, Uitnodiging

logger = logging.getLogger(__name__)

JOB = "casusoverleg.herinneringen"
# Due within this many days (today included) gives the "due soon" reminder.
BINNENKORT_DAGEN = 3


def periode_verlopen(dag):
    jaar, week, _dag = dag.isocalendar()
    return f"{jaar}-W{week:02d}"


def herinnering_voor(actie, vandaag):
    """(soort, periode) of the reminder an open action is due today, or None."""
    dagen = (actie.deadline - vandaag).days
    if 0 <= dagen <= BINNENKORT_DAGEN:
        return HerinneringSoort.BINNENKORT, actie.deadline.isoformat()
    if dagen < 0:
        return HerinneringSoort.VERLOPEN, periode_verlopen(vandaag)
    return None


def _adres(persoon, mailbox):
    if persoon is not None and persoon.is_active and persoon.email:
        return persoon.email
    return (mailbox or "").strip()


def ontvanger(actie):
    """The one address a reminder of ``actie`` goes to, or "" when there is nobody to send it to."""
    persoon = actie.verantwoordelijke
    if persoon is not None and persoon.is_active and persoon.email and persoon.organisatie_id == actie.organisatie_id:
        return persoon.email.strip().lower()
    if actie.agendapunt_id is None:
        return ""
    overleg_id = actie.agendapunt.overleg_id
    deelnemer = (OverlegDeelnemer.objects.filter(overleg_id=overleg_id, organisatie_id=actie.organisatie_id)
                 .select_related("deelnemer").first())
    if deelnemer is not None:
        adres = _adres(deelnemer.deelnemer, deelnemer.mailbox)
        if adres:
            return adres.lower()
    # Invited for an item of that meeting: the invitation of the action's own item first.
    uitnodigingen = (Uitnodiging.objects.filter(agendapunt__overleg_id=overleg_id, organisatie_id=actie.organisatie_id)
                     .select_related("deelnemer").order_by("pk"))
    for uitnodiging in sorted(uitnodigingen, key=lambda u: u.agendapunt_id != actie.agendapunt_id):
        adres = _adres(uitnodiging.deelnemer, uitnodiging.mailbox)
        if adres:
            return adres.lower()
    return ""


def _bericht(actie, soort):
    with translation.override(settings.LANGUAGE_CODE):
        datum = formats.date_format(actie.deadline, "j F Y")
        context = {
            "datum": datum,
            "organisatie": actie.organisatie.naam,
            "link": settings.SITE_URL + reverse("casusoverleg:actie", kwargs={"pk": actie.pk}),
        }
        if soort == HerinneringSoort.BINNENKORT:
            onderwerp = _("Reminder: an action is due on %(datum)s") % {"datum": datum}
            tekst = render_to_string("casusoverleg/email/herinnering_binnenkort.txt", context)
        else:
            onderwerp = _("Reminder: an action was due on %(datum)s") % {"datum": datum}
            tekst = render_to_string("casusoverleg/email/herinnering_verlopen.txt", context)
    return onderwerp, tekst


@job(JOB)
def herinneringen(job_row):
    """Send the reminders that are due today and were not sent yet. Safe to run twice."""
    vandaag = timezone.localdate()
    acties = list(
        Actie.objects.filter(status__in=OPEN_ACTIESTATUSSEN, deadline__lte=vandaag + timedelta(days=BINNENKORT_DAGEN))
        .select_related("organisatie", "verantwoordelijke", "agendapunt")
        .order_by("deadline", "pk")
    )
    verstuurd = set(Herinnering.objects.filter(actie__in=[a.pk for a in acties])
                    .values_list("actie_id", "soort", "periode"))
    resultaat = {"verzonden": 0, "mislukt": 0, "zonder_ontvanger": 0}

    def zendingen():
        for actie in acties:
            wat = herinnering_voor(actie, vandaag)
            if wat is None or (actie.pk, *wat) in verstuurd:
                continue
            soort, periode = wat
            adres = ontvanger(actie)
            if not adres:
                logger.warning("Action %s (organisation %s): no recipient for the %s reminder", actie.pk,
                               actie.organisatie_id, soort)
                resultaat["zonder_ontvanger"] += 1
                continue
            onderwerp, tekst = _bericht(actie, soort)
            yield Zending(
                EmailMessage(onderwerp, tekst, None, [adres]),
                partial(Herinnering.objects.create, actie=actie, soort=soort, periode=periode, ontvanger=adres),
                ("Action %s: the %s reminder could not be sent", actie.pk, soort),
            )

    resultaat.update(send_once(zendingen(), logger=logger))
    return resultaat
