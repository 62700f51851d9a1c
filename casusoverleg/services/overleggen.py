"""The write paths of meetings (Overleg): schedule one, plan a table's year, change, cancel, record who was present.

Each function locks what it changes, checks the rule, changes, appends case history where a case is involved and
writes the audit log. Participants hear of a meeting through ``berichten.verstuur`` (an e-mail with an iCalendar
file), queued in the same transaction: it goes out only once the change is committed.
"""
import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from .. import berichten, historie, selectors
from ..models import (
    Agendapunt,
    AgendapuntSoort,
    CasusGebeurtenis,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)

# The items every agenda starts with; the agenda helper inserts the others before the rondvraag.
STANDAARD_PUNTEN = (AgendapuntSoort.OPENING, AgendapuntSoort.BESLUITENLIJST, AgendapuntSoort.RONDVRAAG)

# Which status may follow which. A planned meeting's agenda is made final (``agenda.finalise``) and re-opened to
# change it (``agenda.reopen``); before it is held it can be cancelled (``cancel``); recording the attendance makes it
# held (``record_attendance``); the next meeting adopts its decision list (``besluitenlijst.adopt``). A cancelled
# meeting, or one whose decision list has been adopted, changes no more. Every change of ``Overleg.status`` goes
# through ``set_status``.
TRANSITIONS = {
    OverlegStatus.GEPLAND: {OverlegStatus.AGENDA_DEFINITIEF, OverlegStatus.GEHOUDEN, OverlegStatus.GEANNULEERD},
    OverlegStatus.AGENDA_DEFINITIEF: {OverlegStatus.GEPLAND, OverlegStatus.GEHOUDEN, OverlegStatus.GEANNULEERD},
    OverlegStatus.GEHOUDEN: {OverlegStatus.BESLUITENLIJST_VASTGESTELD},
    OverlegStatus.BESLUITENLIJST_VASTGESTELD: set(),
    OverlegStatus.GEANNULEERD: set(),
}


def kan_naar(overleg, naar):
    """Whether ``overleg`` may go from its status to ``naar`` (``TRANSITIONS``)."""
    return naar in TRANSITIONS.get(overleg.status, set())


def _van(naar):
    """The statuses a meeting can go to ``naar`` from, in the order of the workflow."""
    return tuple(status for status in OverlegStatus if naar in TRANSITIONS[status])


def set_status(overleg, naar):
    """Give the (locked) meeting the status ``naar``; the caller saves it. A change the table does not allow is refused
    (ValidationError) and nothing changes."""
    if not kan_naar(overleg, naar):
        raise ValidationError(
            _("This meeting cannot go from '%(from)s' to '%(to)s'.") % {
                "from": overleg.get_status_display(),
                "to": OverlegStatus(naar).label if naar in OverlegStatus.values else naar},
            code="status",
        )
    overleg.status = naar
    return overleg


# A meeting in one of these states is no longer changed: it took place, or it was called off.
AFGEROND = (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD, OverlegStatus.GEANNULEERD)
TE_ANNULEREN = _van(OverlegStatus.GEANNULEERD)
# Attendance is recorded in the states from which a meeting becomes held, and corrected once it is held.
PRESENTIE_VANAF = (*_van(OverlegStatus.GEHOUDEN), OverlegStatus.GEHOUDEN)

# Fields of ``update``; a change of one of TIJD_EN_PLAATS tells the participants (a new iCalendar SEQUENCE).
WIJZIGBAAR = ("begint", "eindigt", "locatie", "online_link", "voorzitter", "doel")
TIJD_EN_PLAATS = ("begint", "eindigt", "locatie", "online_link")


def _tafel_locked(tafel, door):
    from tafels.models import Tafel

    if not selectors.beheerde_tafels(door).filter(pk=tafel.pk).exists():
        raise PermissionDenied
    return Tafel.objects.select_for_update().get(pk=tafel.pk)


def _overleg_locked(overleg, door):
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    if not selectors.may_manage_overleg(door, overleg):
        raise PermissionDenied
    return overleg


def _check(tafel, *, begint, eindigt, locatie, online_link, voorzitter, doel):
    """The rules every meeting keeps, as one ValidationError with a message per field."""
    fouten = {}
    if begint is None or eindigt is None:
        fouten["begint"] = _("Give the start and the end of the meeting.")
    elif eindigt <= begint:
        fouten["eindigt"] = _("The meeting must end after it starts.")
    if not (locatie or "").strip() and not (online_link or "").strip():
        fouten["locatie"] = _("Give a place, an online link, or both.")
    if not (doel or "").strip():
        fouten["doel"] = _("Describe the purpose (doelbinding): what the information shared may be used for.")
    if voorzitter is not None and not selectors.mogelijke_voorzitters(tafel).filter(pk=voorzitter.pk).exists():
        fouten["voorzitter"] = _(
            "The chair must be the table's chair, a chain director of its work area, or the person who takes part "
            "for one of its member organisations."
        )
    if fouten:
        raise ValidationError(fouten)


def _standaard_voorzitter(tafel):
    voorzitter = tafel.voorzitter
    return voorzitter if voorzitter is not None and voorzitter.is_active else None


@transaction.atomic
def schedule(tafel, door, *, begint, eindigt, locatie="", online_link="", voorzitter=None, doel, deelnemers=None):
    """Schedule one meeting of ``tafel``: its standing participants are the table's members (or the subset
    ``deelnemers`` of its ``TafelLid`` rows), its agenda starts with opening, besluitenlijst and rondvraag.
    The participants get an invitation by e-mail once this is committed."""
    tafel = _tafel_locked(tafel, door)
    if voorzitter is None:
        voorzitter = _standaard_voorzitter(tafel)
    locatie, online_link, doel = (locatie or "").strip(), (online_link or "").strip(), (doel or "").strip()
    _check(tafel, begint=begint, eindigt=eindigt, locatie=locatie, online_link=online_link, voorzitter=voorzitter,
           doel=doel)
    leden = tafel.leden.select_related("deelnemer")
    if deelnemers is not None:
        ids = {getattr(lid, "pk", lid) for lid in deelnemers}
        if not ids or leden.filter(pk__in=ids).count() != len(ids):
            raise ValidationError({"deelnemers": _("Choose one or more member organisations of this table.")})
        leden = leden.filter(pk__in=ids)
    overleg = Overleg.objects.create(
        tafel=tafel, begint=begint, eindigt=eindigt, locatie=locatie, online_link=online_link, voorzitter=voorzitter,
        doel=doel, aangemaakt_door=door,
    )
    OverlegDeelnemer.objects.bulk_create(
        OverlegDeelnemer(overleg=overleg, organisatie_id=lid.organisatie_id, deelnemer=lid.deelnemer,
                         mailbox="" if lid.deelnemer_id else lid.mailbox)
        for lid in leden
    )
    Agendapunt.objects.bulk_create(
        Agendapunt(overleg=overleg, soort=soort, volgorde=volgorde) for volgorde, soort in enumerate(STANDAARD_PUNTEN, 1)
    )
    audit.log(door, AuditActie.CREATE, overleg, omschrijving=f"overleg van tafel {tafel.pk}")
    berichten.verstuur(overleg)
    return overleg


# --- the year planning ----------------------------------------------------------------------------------


def _plus_maanden(begin, maanden):
    """``begin`` plus whole months, on the same day of the month, or the month's last day when it is shorter."""
    jaar, maand = divmod(begin.month - 1 + maanden, 12)
    jaar, maand = begin.year + jaar, maand + 1
    return date(jaar, maand, min(begin.day, calendar.monthrange(jaar, maand)[1]))


def _werkdag(dag):
    """The day itself on Monday to Friday; the Monday after on a Saturday or Sunday."""
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return dag


def ritme(eerste, per_jaar):
    """The dates the rhythm gives from ``eerste``, before a weekend moves them: every 12/N months on the same day
    of the month (clamped to the month's end); only those in the year of ``eerste``.

    A rhythm that does not divide twelve months (5, 7, ... a year) is spread evenly by days instead."""
    dagen = []
    for i in range(max(per_jaar, 0)):
        if 12 % per_jaar == 0:
            dag = _plus_maanden(eerste, i * 12 // per_jaar)
        else:
            dag = eerste + timedelta(days=round(i * 365 / per_jaar))
        if dag.year != eerste.year:
            break
        dagen.append(dag)
    return dagen


def jaarplanning_data(eerste, per_jaar):
    """The dates of a year's meetings from ``eerste`` (``ritme``), each moved to the next working day when it falls
    in a weekend."""
    return [_werkdag(dag) for dag in ritme(eerste, per_jaar)]


def _moment(dag, tijd):
    return timezone.make_aware(datetime.combine(dag, tijd), timezone.get_default_timezone())


@transaction.atomic
def plan_year(tafel, door, *, jaar, eerste, tijd, duur_minuten, locatie, online_link, doel):
    """The table's meetings of ``jaar`` from ``eerste`` on, in its rhythm (``vergaderingen_per_jaar``), each
    scheduled through ``schedule``. Meetings that exist already are left alone (the form shows them first)."""
    if not selectors.beheerde_tafels(door).filter(pk=tafel.pk).exists():
        raise PermissionDenied
    if eerste.year != jaar:
        raise ValidationError({"eerste": _("The first meeting must fall in %(jaar)s.") % {"jaar": jaar}})
    if not duur_minuten or duur_minuten <= 0:
        raise ValidationError({"duur_minuten": _("Give how long a meeting lasts.")})
    overleggen = []
    for dag in jaarplanning_data(eerste, tafel.vergaderingen_per_jaar):
        begint = _moment(dag, tijd)
        overleggen.append(schedule(
            tafel, door, begint=begint, eindigt=begint + timedelta(minutes=duur_minuten), locatie=locatie,
            online_link=online_link, doel=doel,
        ))
    return overleggen


# --- changes of one meeting -----------------------------------------------------------------------------


@transaction.atomic
def update(overleg, door, **fields):
    """Change the time, place, chair or purpose of a meeting that has not been held or cancelled. A new time or
    place raises the iCalendar SEQUENCE and sends the participants an update (same UID)."""
    onbekend = set(fields) - set(WIJZIGBAAR)
    if onbekend:
        raise TypeError(f"update() got unexpected fields: {sorted(onbekend)}")
    overleg = _overleg_locked(overleg, door)
    if overleg.status in AFGEROND:
        raise ValidationError(_("A meeting that has been held or cancelled can no longer be changed."))
    for name in ("locatie", "online_link", "doel"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    nieuw = {name: fields.get(name, getattr(overleg, name)) for name in WIJZIGBAAR}
    gewijzigd = [name for name in WIJZIGBAAR if nieuw[name] != getattr(overleg, name)]
    # A chair chosen earlier stays allowed; a new one must be one of the table's possible chairs.
    _check(overleg.tafel, **{**nieuw, "voorzitter": nieuw["voorzitter"] if "voorzitter" in gewijzigd else None})
    if not gewijzigd:
        return overleg
    for name in gewijzigd:
        setattr(overleg, name, nieuw[name])
    update_fields = [*gewijzigd, "gewijzigd"]
    tijd_of_plaats = any(name in TIJD_EN_PLAATS for name in gewijzigd)
    if tijd_of_plaats:
        overleg.ics_volgnummer += 1
        update_fields.append("ics_volgnummer")
    overleg.save(update_fields=update_fields)
    audit.log(door, AuditActie.CHANGE, overleg, omschrijving="gewijzigd: " + ", ".join(gewijzigd))
    if tijd_of_plaats:
        berichten.verstuur(overleg)
    return overleg


@transaction.atomic
def cancel(overleg, door, reden):
    """Call a planned meeting off: the participants get a cancellation (iCalendar CANCEL, same UID)."""
    overleg = _overleg_locked(overleg, door)
    if not kan_naar(overleg, OverlegStatus.GEANNULEERD):
        raise ValidationError(_("Only a meeting that has not been held yet can be cancelled."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Give the reason for cancelling.")})
    set_status(overleg, OverlegStatus.GEANNULEERD)
    overleg.annuleringsreden = reden
    overleg.ics_volgnummer += 1
    overleg.save(update_fields=["status", "annuleringsreden", "ics_volgnummer", "gewijzigd"])
    audit.log(door, AuditActie.CHANGE, overleg, omschrijving="geannuleerd")
    berichten.verstuur(overleg)
    return overleg


def _historie_tekst(overleg):
    with translation.override(settings.LANGUAGE_CODE):
        datum = formats.date_format(timezone.localtime(overleg.begint), "j F Y")
    return f"{overleg.tafel.naam}, {datum}"


@transaction.atomic
def record_attendance(overleg, door, *, aanwezig_deelnemers, aanwezig_uitnodigingen):
    """The presentielijst: which standing participants (``OverlegDeelnemer`` ids) and invitees (``Uitnodiging``
    ids) were present; the others were not. From the day of the meeting on; the meeting is then *gehouden* and
    each case on its agenda gets 'discussed in a meeting' in its timeline. Recording again corrects the list."""
    overleg = _overleg_locked(overleg, door)
    if overleg.status not in PRESENTIE_VANAF:
        raise ValidationError(_("The attendance of a cancelled meeting, or one whose decision list has been adopted, "
                                "can no longer be recorded."))
    if timezone.localdate() < timezone.localdate(overleg.begint):
        raise ValidationError(_("Attendance can be recorded from the day of the meeting on."))
    aanwezig_d = {int(pk) for pk in aanwezig_deelnemers}
    aanwezig_u = {int(pk) for pk in aanwezig_uitnodigingen}
    deelnemers = OverlegDeelnemer.objects.filter(overleg=overleg)
    uitnodigingen = Uitnodiging.objects.filter(agendapunt__overleg=overleg)
    if not aanwezig_d <= set(deelnemers.values_list("pk", flat=True)) or not aanwezig_u <= set(
        uitnodigingen.values_list("pk", flat=True)
    ):
        raise ValidationError(_("Someone on the attendance list does not belong to this meeting."))
    deelnemers.filter(pk__in=aanwezig_d).update(aanwezig=True)
    deelnemers.exclude(pk__in=aanwezig_d).update(aanwezig=False)
    uitnodigingen.filter(pk__in=aanwezig_u).update(aanwezig=True)
    uitnodigingen.exclude(pk__in=aanwezig_u).update(aanwezig=False)
    eerste_keer = overleg.status != OverlegStatus.GEHOUDEN
    if eerste_keer:
        set_status(overleg, OverlegStatus.GEHOUDEN)
        overleg.save(update_fields=["status", "gewijzigd"])
        tekst = _historie_tekst(overleg)
        punten = Agendapunt.objects.filter(overleg=overleg, soort=AgendapuntSoort.CASUS).select_related("casus")
        for punt in punten.order_by("volgorde", "pk"):
            historie.add(punt.casus, door, CasusGebeurtenis.BESPROKEN, overleg=overleg, tekst=tekst)
    audit.log(door, AuditActie.CHANGE, overleg,
              omschrijving="presentie vastgelegd" + ("; gehouden" if eerste_keer else " (correctie)"))
    return overleg
