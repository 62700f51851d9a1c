"""Invitation, update and cancellation e-mails of a meeting, each with an iCalendar (``.ics``) file.

What goes out (DESIGN.md §3): the table's name, the date and time, the place and/or online link, and a link into
the application. Never a case code, an agenda item, a decision or the name of a participant: whoever reads the
mailbox learns only that there is a meeting, and finds the rest after logging in.

Each message goes to the person or the functional mailbox that takes part for an organisation (``.contact`` of an
``OverlegDeelnemer`` or an ``Uitnodiging``), never to every user of an organisation. ``verstuur(overleg)`` queues
the job; the job sends every current recipient the version of the meeting as it is now (its ``ics_volgnummer``),
and records an ``OverlegBericht`` before each message, so that running it twice sends nothing twice and a
recipient added later (an organisation invited for one agenda item) gets the current version on the next run.
"""
import logging
from datetime import UTC
from email import encoders
from email.mime.base import MIMEBase
from email.utils import parseaddr
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from mensenhandel.core.forms import strip_control_chars
from mensenhandel.core.mail import Zending, opnieuw_als_mislukt, send_once
from mensenhandel.jobs import enqueue
from mensenhandel.jobs.registry import job

from .models import Overleg, OverlegBericht, OverlegDeelnemer, OverlegStatus, Uitnodiging

logger = logging.getLogger(__name__)

JOB = "casusoverleg.berichten"

UITNODIGING = "uitnodiging"
UPDATE = "update"
ANNULERING = "annulering"

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"
METHODES = (REQUEST, CANCEL, PUBLISH)

PRODID = "-//Ketenregie Mensenhandel//Casusoverleg//NL"


# --- iCalendar ------------------------------------------------------------------------------------------
#
# Written with the ``icalendar`` library (RFC 5545): it escapes every TEXT value and folds every line at 75 octets
# with CRLF line ends. The free text that goes out (the table's name, the place, the link) is one line without
# control characters: the forms strip them on input (``mensenhandel.core.forms``), and ``regel`` does it again here
# for what was stored before.


def regel(value):
    """``value`` as one line without control characters (for the .ics and the e-mail)."""
    return strip_control_chars(value or "").strip()


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(overleg):
    """The iCalendar UID: the same for the invitation, every update and the cancellation of one meeting."""
    return f"{overleg.uid}@{_host()}"


def overleg_url(overleg):
    return settings.SITE_URL + reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})


def plaats(overleg):
    """Place and/or online link, as LOCATION and the e-mails show it."""
    return " / ".join(part for part in (regel(overleg.locatie), regel(overleg.online_link)) if part)


def _organizer():
    naam, adres = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{regel(adres)}")
    naam = regel(naam.replace('"', ""))
    if naam:
        organizer.params["CN"] = naam
    return organizer


def _attendee(ontvanger):
    # A CAL-ADDRESS is a URI, never escaped: icalendar refuses a line break in it, so none may be left.
    attendee = vCalAddress(f"mailto:{regel(ontvanger)}")
    attendee.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
    return attendee


def ics(overleg, *, methode, ontvanger=None):
    """The meeting as an RFC 5545 VCALENDAR (bytes, CRLF line ends, folded lines).

    ``methode`` is REQUEST (invitation or update), CANCEL (cancellation) or PUBLISH (a download). SEQUENCE is the
    meeting's ``ics_volgnummer``, so a calendar replaces its earlier version of the same UID. ``ontvanger`` adds
    one ATTENDEE line with that address only (the recipient's own, without a name)."""
    if methode not in METHODES:
        raise ValueError(f"Unknown iCalendar method {methode!r}")
    geannuleerd = methode == CANCEL or overleg.status == OverlegStatus.GEANNULEERD
    link = overleg_url(overleg)
    with translation.override(settings.LANGUAGE_CODE):
        if geannuleerd:
            tekst = _("This meeting has been cancelled. More information in Ketenregie Mensenhandel, after logging in:")
        else:
            tekst = _("The agenda and the documents of this meeting are in Ketenregie Mensenhandel, after logging in:")

    event = Event()
    event.add("uid", uid(overleg))
    event.add("sequence", overleg.ics_volgnummer)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", overleg.begint.astimezone(UTC))
    event.add("dtend", overleg.eindigt.astimezone(UTC))
    event.add("summary", regel(overleg.tafel.naam))
    if plaats(overleg):
        event.add("location", plaats(overleg))
    event.add("description", f"{tekst}\n{link}")
    event.add("url", link)
    event.add("organizer", _organizer())
    if ontvanger:
        event.add("attendee", _attendee(ontvanger))
    event.add("status", "CANCELLED" if geannuleerd else "CONFIRMED")
    event.add("transp", "OPAQUE")

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", methode)
    calendar.add_component(event)
    return calendar.to_ical()


def ics_bestandsnaam(overleg):
    return f"overleg-{timezone.localtime(overleg.begint):%Y-%m-%d}.ics"


# --- the e-mails ----------------------------------------------------------------------------------------


def _ontvangers(overleg):
    """Where this meeting's messages go: the contact of each standing participant and of each invitee, once each.

    A person who is no longer active gets nothing; there is no fallback to other users of the organisation."""
    rijen = [
        *OverlegDeelnemer.objects.filter(overleg=overleg).select_related("deelnemer").order_by("pk"),
        *Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("deelnemer").order_by("pk"),
    ]
    adressen = []
    for rij in rijen:
        if rij.deelnemer_id and not rij.deelnemer.is_active:
            continue
        adres = (rij.contact or "").strip().lower()
        if adres and adres not in adressen:
            adressen.append(adres)
    return adressen


def _onderwerp(overleg, soort, datum):
    context = {"tafel": regel(overleg.tafel.naam), "datum": datum}
    if soort == ANNULERING:
        return _("Cancelled: %(tafel)s, %(datum)s") % context
    if soort == UPDATE:
        return _("Changed: %(tafel)s, %(datum)s") % context
    return _("Invitation: %(tafel)s, %(datum)s") % context


def bericht(overleg, soort, ontvanger):
    """The e-mail of one kind (uitnodiging, update, annulering) to one address, with the .ics attached."""
    methode = CANCEL if soort == ANNULERING else REQUEST
    begint, eindigt = timezone.localtime(overleg.begint), timezone.localtime(overleg.eindigt)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "tafel": regel(overleg.tafel.naam),
            "datum": formats.date_format(begint, "l j F Y"),
            "begintijd": formats.time_format(begint, "H:i"),
            "eindtijd": formats.time_format(eindigt, "H:i"),
            "locatie": regel(overleg.locatie),
            "online_link": regel(overleg.online_link),
            "link": overleg_url(overleg),
        }
        onderwerp = _onderwerp(overleg, soort, formats.date_format(begint, "j F Y"))
        tekst = render_to_string(f"casusoverleg/email/{soort}.txt", context)
    message = EmailMessage(onderwerp, tekst, None, [ontvanger])
    bijlage = MIMEBase("text", "calendar")
    bijlage.replace_header("Content-Type", f"text/calendar; method={methode}; charset=utf-8")
    bijlage.set_payload(ics(overleg, methode=methode, ontvanger=ontvanger))
    encoders.encode_base64(bijlage)
    bijlage.add_header("Content-Disposition", "attachment",
                       filename="annulering.ics" if soort == ANNULERING else "uitnodiging.ics")
    message.attach(bijlage)
    return message


def _te_versturen(overleg):
    """[(address, kind), ...] still to send for the meeting's current version."""
    volgnummer = overleg.ics_volgnummer
    eerder = {}
    for ontvanger, soort, nummer in OverlegBericht.objects.filter(overleg=overleg).values_list(
        "ontvanger", "soort", "volgnummer"
    ):
        eerder.setdefault(ontvanger, set()).add((soort, nummer))
    result = []
    for ontvanger in _ontvangers(overleg):
        gehad = eerder.get(ontvanger, set())
        if overleg.status == OverlegStatus.GEANNULEERD:
            # Only who knew of the meeting hears it is off, once.
            if gehad and (ANNULERING, volgnummer) not in gehad:
                result.append((ontvanger, ANNULERING))
        elif (UITNODIGING, volgnummer) not in gehad and (UPDATE, volgnummer) not in gehad:
            # Someone who never heard of the meeting gets an invitation, whatever the version.
            result.append((ontvanger, UPDATE if gehad else UITNODIGING))
    return result


@transaction.atomic
def verstuur_berichten(overleg_id):
    """Send every current recipient the message for the meeting's current state, once. Returns the counts."""
    overleg = Overleg.objects.select_for_update(of=("self",)).select_related("tafel").filter(pk=overleg_id).first()
    if overleg is None:
        return {"verzonden": 0, "mislukt": 0}
    if overleg.status in (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD):
        return {"verzonden": 0, "mislukt": 0}
    if overleg.status != OverlegStatus.GEANNULEERD and overleg.eindigt < timezone.now():
        return {"verzonden": 0, "mislukt": 0}  # nobody is invited to a meeting that is over
    # Each recorded as it is sent: a second run (or a parallel one) finds it and sends nothing again; a message the
    # mail server refused is rolled back and sent by the next run.
    zendingen = (
        Zending(
            bericht(overleg, soort, ontvanger),
            partial(OverlegBericht.objects.create, overleg=overleg, soort=soort, volgnummer=overleg.ics_volgnummer,
                    ontvanger=ontvanger),
            ("Meeting %s: the %s message could not be sent", overleg.pk, soort),
        )
        for ontvanger, soort in _te_versturen(overleg)
    )
    return send_once(zendingen, logger=logger)


@job(JOB)
def berichten_job(job_row):
    (overleg_id,) = job_row.args
    return opnieuw_als_mislukt(verstuur_berichten(overleg_id), job_row)


def verstuur(overleg):
    """Queue the e-mails of ``overleg`` (run after the current transaction commits). Call it after every change
    participants must hear of: scheduling, a new time or place, cancelling, inviting an organisation."""
    return enqueue(JOB, overleg.pk)
