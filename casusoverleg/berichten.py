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
# The cancellation of one recipient's entry: its invitation was withdrawn, the meeting itself goes on.
INGETROKKEN = "ingetrokken"
AFGEMELD = (ANNULERING, INGETROKKEN)
# No message for this version: the SEQUENCE was raised only to cancel the entry of one recipient who no longer takes
# part (an invitation withdrawn); the others' calendars need no change (``_verhoog_zonder_bericht``).
STIL = "stil"

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


def ics(overleg, *, methode, ontvanger=None, ingetrokken=False):
    """The meeting as an RFC 5545 VCALENDAR (bytes, CRLF line ends, folded lines).

    ``methode`` is REQUEST (invitation or update), CANCEL (cancellation) or PUBLISH (a download). SEQUENCE is the
    meeting's ``ics_volgnummer``, so a calendar replaces its earlier version of the same UID. ``ontvanger`` adds
    one ATTENDEE line with that address only (the recipient's own, without a name). ``ingetrokken``: a CANCEL for
    one recipient whose invitation was withdrawn (the meeting itself goes on)."""
    if methode not in METHODES:
        raise ValueError(f"Unknown iCalendar method {methode!r}")
    geannuleerd = methode == CANCEL or overleg.status == OverlegStatus.GEANNULEERD
    link = overleg_url(overleg)
    with translation.override(settings.LANGUAGE_CODE):
        if ingetrokken:
            tekst = _("Your organisation's invitation for this meeting has been withdrawn. For questions, contact the "
                      "chain director who invited you.")
        elif geannuleerd:
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
    # A withdrawn invitee no longer gets the online link: it no longer takes part.
    locatie = regel(overleg.locatie) if ingetrokken else plaats(overleg)
    if locatie:
        event.add("location", locatie)
    if ingetrokken:
        event.add("description", tekst)  # the meeting page is closed to it now: no link that answers 404
    else:
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
    """Where this meeting's messages go: everyone who takes part, once each: the chair, the contact of each standing
    participant and of each invitee.

    A person who is no longer active gets nothing; there is no fallback to other users of the organisation."""
    rijen = [
        *OverlegDeelnemer.objects.filter(overleg=overleg).select_related("deelnemer").order_by("pk"),
        *Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("deelnemer").order_by("pk"),
    ]
    adressen = []
    voorzitter = overleg.voorzitter if overleg.voorzitter_id else None
    if voorzitter is not None and voorzitter.is_active and voorzitter.email:
        adressen.append(voorzitter.email.strip().lower())
    for rij in rijen:
        if rij.deelnemer_id and not rij.deelnemer.is_active:
            continue
        adres = (rij.contact or "").strip().lower()
        if adres and adres not in adressen:
            adressen.append(adres)
    return adressen


def _verhoog_zonder_bericht(overleg):
    """Raise the meeting's SEQUENCE for one recipient's sake (the cancellation of a withdrawn invitation, or a new
    invitation after such a cancellation): every other recipient who has the version before is recorded as needing no
    message for the new one, so only the one it concerns hears of it."""
    vorige = overleg.ics_volgnummer
    overleg.ics_volgnummer = vorige + 1
    overleg.save(update_fields=["ics_volgnummer"])
    gehad = set(OverlegBericht.objects.filter(overleg=overleg, volgnummer=vorige, soort__in=(UITNODIGING, UPDATE, STIL))
                .values_list("ontvanger", flat=True))
    OverlegBericht.objects.bulk_create([
        OverlegBericht(overleg=overleg, soort=STIL, volgnummer=overleg.ics_volgnummer, ontvanger=adres)
        for adres in _ontvangers(overleg) if adres in gehad
    ], ignore_conflicts=True)


def na_intrekking(overleg, *adressen):
    """Invitations were withdrawn: each contact that no longer takes part in any other way and had been told of the
    meeting gets its calendar entry cancelled (same UID, a higher SEQUENCE: raised once); the others hear nothing.
    Call inside the transaction, then ``verstuur``. Returns whether anyone is to be told."""
    ontvangers = _ontvangers(overleg)
    weg = {(adres or "").strip().lower() for adres in adressen} - set(ontvangers) - {""}
    if not weg or not OverlegBericht.objects.filter(overleg=overleg, ontvanger__in=weg,
                                                    soort__in=(UITNODIGING, UPDATE)).exists():
        return False
    _verhoog_zonder_bericht(overleg)
    return True


def voor_uitnodiging(overleg, adres):
    """A new invitation: when its contact's last message of this meeting was a cancellation of the current version,
    the SEQUENCE is raised first, or its calendar could ignore the new invitation."""
    adres = (adres or "").strip().lower()
    if OverlegBericht.objects.filter(overleg=overleg, ontvanger=adres, soort__in=AFGEMELD,
                                     volgnummer__gte=overleg.ics_volgnummer).exists():
        _verhoog_zonder_bericht(overleg)


def _onderwerp(overleg, soort, datum):
    context = {"tafel": regel(overleg.tafel.naam), "datum": datum}
    if soort == INGETROKKEN:
        return _("Invitation withdrawn: %(tafel)s, %(datum)s") % context
    if soort == ANNULERING:
        return _("Cancelled: %(tafel)s, %(datum)s") % context
    if soort == UPDATE:
        return _("Changed: %(tafel)s, %(datum)s") % context
    return _("Invitation: %(tafel)s, %(datum)s") % context


def bericht(overleg, soort, ontvanger):
    """The e-mail of one kind (uitnodiging, update, annulering, ingetrokken) to one address, with the .ics attached."""
    methode = CANCEL if soort in AFGEMELD else REQUEST
    begint, eindigt = timezone.localtime(overleg.begint), timezone.localtime(overleg.eindigt)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "tafel": regel(overleg.tafel.naam),
            "datum": formats.date_format(begint, "l j F Y"),
            "begintijd": formats.time_format(begint, "H:i"),
            "eindtijd": formats.time_format(eindigt, "H:i"),
            "locatie": regel(overleg.locatie),
            "online_link": "" if soort == INGETROKKEN else regel(overleg.online_link),
            "link": overleg_url(overleg),
        }
        onderwerp = _onderwerp(overleg, soort, formats.date_format(begint, "j F Y"))
        tekst = render_to_string(f"casusoverleg/email/{soort}.txt", context)
    message = EmailMessage(onderwerp, tekst, None, [ontvanger])
    bijlage = MIMEBase("text", "calendar")
    bijlage.replace_header("Content-Type", f"text/calendar; method={methode}; charset=utf-8")
    bijlage.set_payload(ics(overleg, methode=methode, ontvanger=ontvanger, ingetrokken=soort == INGETROKKEN))
    encoders.encode_base64(bijlage)
    bijlage.add_header("Content-Disposition", "attachment",
                       filename="annulering.ics" if soort in AFGEMELD else "uitnodiging.ics")
    message.attach(bijlage)
    return message


def _te_versturen(overleg):
    """[(address, kind), ...] still to send for the meeting's current version."""
    volgnummer = overleg.ics_volgnummer
    eerder = {}
    for ontvanger, soort, nummer in OverlegBericht.objects.filter(
        overleg=overleg, soort__in=(UITNODIGING, UPDATE, STIL, *AFGEMELD)
    ).order_by("verzonden_op", "pk").values_list("ontvanger", "soort", "volgnummer"):
        eerder.setdefault(ontvanger, []).append((nummer, soort))  # in the order they were sent
    result = []
    ontvangers = _ontvangers(overleg)
    for ontvanger in ontvangers:
        gehad = set(eerder.get(ontvanger, []))
        verteld = {nummer_soort for nummer_soort in gehad if nummer_soort[1] != STIL}
        if overleg.status == OverlegStatus.GEANNULEERD:
            # Only who knew of the meeting hears it is off, once.
            if verteld and (volgnummer, ANNULERING) not in gehad:
                result.append((ontvanger, ANNULERING))
        elif not gehad & {(volgnummer, UITNODIGING), (volgnummer, UPDATE), (volgnummer, STIL)}:
            # Someone who never heard of the meeting gets an invitation, whatever the version.
            result.append((ontvanger, UPDATE if verteld else UITNODIGING))
    if overleg.status != OverlegStatus.GEANNULEERD:
        # Who was told of the meeting but no longer takes part (an invitation withdrawn): its entry is cancelled, once.
        for ontvanger, berichten_ in eerder.items():
            if ontvanger in ontvangers:
                continue
            verteld = [soort for _nummer, soort in berichten_ if soort != STIL]
            if verteld and verteld[-1] not in AFGEMELD:
                result.append((ontvanger, INGETROKKEN))
    return result


@transaction.atomic
def verstuur_berichten(overleg_id):
    """Send every current recipient the message for the meeting's current state, once. Returns the counts."""
    overleg = Overleg.objects.select_for_update(of=("self",)).select_related("tafel", "voorzitter").filter(
        pk=overleg_id).first()
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
