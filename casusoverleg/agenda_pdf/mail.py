"""The e-mail that a meeting's documents are ready (the agenda here; the decision list reuses ``send_to``).

It goes to each standing participant's and invitee's contact and the chair (``contacten``), once per kind and version:
each message is recorded as an ``OverlegBericht`` (unique per meeting, kind, version and address) by the platform's
``send_once``, so a parallel run sends nothing twice and a message the mail server refused is tried again by a later
run. The e-mail holds a link to the meeting page only: no case codes, nothing of the items.
"""
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel.core.mail import Zending, send_once

from ..models import OverlegBericht, OverlegDeelnemer, Uitnodiging

logger = logging.getLogger(__name__)

BERICHT_SOORT = "agenda"


def contacten(overleg):
    """Where the 'agenda ready' e-mail goes: each standing participant's and invitee's contact, and the chair."""
    adressen = []
    for rij in OverlegDeelnemer.objects.filter(overleg=overleg).select_related("deelnemer"):
        adressen.append(rij.contact)
    for rij in Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("deelnemer"):
        adressen.append(rij.contact)
    if overleg.voorzitter_id and overleg.voorzitter.is_active:
        adressen.append(overleg.voorzitter.email)
    uniek = []
    for adres in adressen:
        adres = (adres or "").strip().lower()
        if adres and adres not in uniek:
            uniek.append(adres)
    return uniek


def contacten_zonder_bericht(overleg, soort, versie):
    """The contacts that did not get the e-mail of this kind and version yet."""
    al = set(OverlegBericht.objects.filter(overleg=overleg, soort=soort, volgnummer=versie)
             .values_list("ontvanger", flat=True))
    return [adres for adres in contacten(overleg) if adres not in al]


def mail_agenda_klaar(overleg, versie):
    """One e-mail per contact per version, never twice (a message that could not be sent is tried again by a later
    run). Returns the counts."""
    nieuw = contacten_zonder_bericht(overleg, BERICHT_SOORT, versie)
    if not nieuw:
        return {"verzonden": 0, "mislukt": 0}
    with translation.override(settings.LANGUAGE_CODE):
        begint = timezone.localtime(overleg.begint)
        context = {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "begint": begint,
            "eindigt": timezone.localtime(overleg.eindigt),
            "link": settings.SITE_URL + reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + "#agenda",
        }
        onderwerp = _("Agenda ready: %(tafel)s on %(datum)s") % {
            "tafel": overleg.tafel.naam, "datum": formats.date_format(begint, "j F Y")}
        tekst = render_to_string("casusoverleg/email/agenda_klaar.txt", context)
    return send_to(overleg, BERICHT_SOORT, versie, nieuw, onderwerp, tekst)


def send_to(overleg, soort, volgnummer, adressen, onderwerp, tekst):
    """Send one e-mail per address, each recorded as an ``OverlegBericht`` (unique per meeting, kind, version and
    address) in the same savepoint: a parallel run sends nothing twice, a failed send is rolled back and tried again
    by a later run. Returns the counts."""
    zendingen = (
        Zending(
            EmailMessage(onderwerp, tekst, None, [adres]),
            partial(OverlegBericht.objects.create, overleg=overleg, soort=soort, volgnummer=volgnummer, ontvanger=adres),
            ("Meeting %s: the %s message could not be sent", overleg.pk, soort),
        )
        for adres in adressen
    )
    return send_once(zendingen, logger=logger)
