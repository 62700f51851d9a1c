"""The write paths of an action after it was agreed: its status, the feedback of the responsible organisation and
the attachments to that feedback.

Who may do what (issue 7):
- the managing ketenregisseur (``selectors.may_manage_actie``: of the action's case, or of the table of the meeting
  where it was agreed) changes the status freely along ``TRANSITIONS``: drops an action (``vervallen``, with a
  reason) and re-opens a done or dropped one;
- the members of the responsible organisation (``selectors.is_verantwoordelijk``) report back (feedback text and an
  optional attachment) and mark the action in progress or done (``VERANTWOORDELIJK_MAG``).

One function per change: each locks the action's row, checks the version the user saw (``services.versie``), changes
it, appends the case's timeline (when the action has a case) and writes the audit log. The audit description names
objects by type and id and holds no free text.
"""
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core import beschermd, uploads

from .. import historie, selectors
from ..models import Actie, ActieBijlage, ActieStatus, CasusGebeurtenis
from . import versie as versies

S = ActieStatus

# Which status may follow which.
TRANSITIONS = {
    S.OPEN: (S.IN_UITVOERING, S.GEREED, S.VERVALLEN),
    S.IN_UITVOERING: (S.GEREED, S.OPEN, S.VERVALLEN),
    S.GEREED: (S.OPEN,),
    S.VERVALLEN: (S.OPEN,),
}
# What the responsible organisation may do itself; everything else in TRANSITIONS is for the manager.
VERANTWOORDELIJK_MAG = {(S.OPEN, S.IN_UITVOERING), (S.OPEN, S.GEREED), (S.IN_UITVOERING, S.GEREED)}

MAX_BIJLAGEN = 5
TERUGKOPPELING_MAX = 5000
REDEN_MAX = 2000


# --- who may do what ------------------------------------------------------------------------------------------


def mogelijke_statussen(user, actie):
    """The statuses ``user`` may give ``actie`` now, in the order of ``TRANSITIONS``."""
    beheer = selectors.may_manage_actie(user, actie)
    verantwoordelijk = selectors.is_verantwoordelijk(user, actie)
    return [
        naar for naar in TRANSITIONS.get(actie.status, ())
        if beheer or (verantwoordelijk and (actie.status, naar) in VERANTWOORDELIJK_MAG)
    ]


def _lock(actie):
    return Actie.objects.select_for_update().get(pk=actie.pk)


def _statuslabel(status):
    with translation.override(settings.LANGUAGE_CODE):
        return str(S(status).label)


# --- status -----------------------------------------------------------------------------------------------------


def _zet_status(actie, door, naar, reden=""):
    """Change the status of the locked ``actie`` (rules checked by the caller); history and audit."""
    van = actie.status
    actie.status = naar
    if naar == S.GEREED:
        actie.gereed_op = timezone.now()
    else:
        actie.gereed_op = None
    actie.reden_vervallen = reden if naar == S.VERVALLEN else ""
    tekst = f"{_statuslabel(van)} → {_statuslabel(naar)}"
    if reden:
        tekst += f"\n{reden}"
    if actie.casus_id:
        historie.add(actie.casus, door, CasusGebeurtenis.ACTIE_STATUS, van_status=van, naar_status=naar, tekst=tekst,
                     actie=actie)
    audit.log(door, AuditActie.CHANGE, actie, omschrijving=f"actie {actie.pk} status {van} -> {naar}")


def _check_transitie(actie, door, naar):
    if naar not in S.values:
        raise ValidationError(_("Choose a status from the list."), code="status")
    if naar == actie.status:
        raise ValidationError(_("The action is already '%(status)s'.") % {"status": S(naar).label}, code="status")
    if naar not in TRANSITIONS[actie.status]:
        raise ValidationError(
            _("An action that is '%(van)s' cannot become '%(naar)s'.") % {"van": S(actie.status).label,
                                                                           "naar": S(naar).label},
            code="status",
        )
    if naar not in mogelijke_statussen(door, actie):
        raise PermissionDenied


@transaction.atomic
def change_status(actie, door, naar, *, reden="", terugkoppeling="", versie=None):
    """Give the action a new status. ``reden`` is required for ``vervallen`` (manager only); ``terugkoppeling``, when
    given, replaces the feedback text at the same time. ``versie`` is the version the user saw (``Conflict`` when
    someone else saved the action in the meantime). Returns the saved action."""
    actie = _lock(actie)
    if not selectors.may_report_back(door, actie):
        raise PermissionDenied
    versies.check(actie, versie)
    _check_transitie(actie, door, naar)
    reden = (reden or "").strip()
    if naar == S.VERVALLEN:
        if not reden:
            raise ValidationError(_("Give the reason for dropping the action."), code="reden")
        if len(reden) > REDEN_MAX:
            raise ValidationError(_("The reason is too long."), code="reden")
    else:
        reden = ""
    terugkoppeling = (terugkoppeling or "").strip()
    if terugkoppeling:
        _zet_terugkoppeling(actie, door, terugkoppeling)
    _zet_status(actie, door, naar, reden)
    versies.bump(actie)
    actie.save()
    return actie


def reopen(actie, door, *, versie=None):
    """Re-open a done or dropped action (the manager only)."""
    return change_status(actie, door, S.OPEN, versie=versie)


# --- feedback and attachments -----------------------------------------------------------------------------------


def _zet_terugkoppeling(actie, door, terugkoppeling):
    if len(terugkoppeling) > TERUGKOPPELING_MAX:
        raise ValidationError(_("The feedback is too long."), code="terugkoppeling")
    actie.terugkoppeling = terugkoppeling
    if actie.casus_id:
        # Whoever sees the case sees its actions and their feedback: the text belongs in the case's timeline.
        historie.add(actie.casus, door, CasusGebeurtenis.TERUGKOPPELING, tekst=terugkoppeling, actie=actie)
    audit.log(door, AuditActie.CHANGE, actie, omschrijving=f"terugkoppeling op actie {actie.pk}")


def _te_veel(naam):
    raise ValidationError(
        _("An action can have at most %(max)s attachments; “%(name)s” was not added.") % {
            "max": MAX_BIJLAGEN, "name": naam},
        code="bijlage",
    )


def report_back(actie, door, *, terugkoppeling, bijlage=None, gereed=False, versie=None):
    """The responsible organisation (or the manager) reports back: the feedback text (required) replaces the earlier
    one, an optional attachment is checked by its content (``mensenhandel.core.uploads``, as a signal's
    attachment) and stored in the protected store, and with ``gereed`` the action is marked done. All or nothing: a
    refused file saves no text either."""
    if not selectors.may_report_back(door, actie):
        raise PermissionDenied
    terugkoppeling = (terugkoppeling or "").strip()
    if not terugkoppeling:
        raise ValidationError(_("Write your feedback."), code="terugkoppeling")
    if len(terugkoppeling) > TERUGKOPPELING_MAX:
        raise ValidationError(_("The feedback is too long."), code="terugkoppeling")
    bestand = None
    if bijlage is not None:
        naam = uploads.naam_voor_melding(getattr(bijlage, "name", ""))
        if actie.bijlagen.count() >= MAX_BIJLAGEN:
            _te_veel(naam)
        bestand = uploads.controleer(bijlage)  # (display name, Soort, cleaned bytes) or ValidationError
    path = None
    try:
        with transaction.atomic():
            actie = _lock(actie)
            if not selectors.may_report_back(door, actie):
                raise PermissionDenied
            versies.check(actie, versie)
            if actie.status == S.VERVALLEN:
                raise ValidationError(
                    _("This action has been dropped. Ask the chain director to re-open it before you report back."),
                    code="vervallen")
            if bestand is not None:
                if actie.bijlagen.count() >= MAX_BIJLAGEN:
                    _te_veel(bestand[0])
                path = _bewaar(actie, door, *bestand)
            _zet_terugkoppeling(actie, door, terugkoppeling)
            if gereed and actie.status != S.GEREED:
                _check_transitie(actie, door, S.GEREED)
                _zet_status(actie, door, S.GEREED)
            versies.bump(actie)
            actie.save()
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return actie


# --- the protected file store of action attachments -----------------------------------------------------------

MAP = beschermd.Map("actiebijlagen", r"[0-9a-f]{48}\.[a-z]{3,4}", model="casusoverleg.ActieBijlage")


def pad(bijlage):
    """Where the file of an ActieBijlage is. The stored name is ours (random hex + extension), never the user's."""
    return MAP.pad(bijlage.opslagnaam)


def open(bijlage):  # noqa: A001  (as signalen.bijlagen.open)
    """The stored file, opened for reading in binary mode (FileNotFoundError when it is gone)."""
    return MAP.open(bijlage.opslagnaam)


def _bewaar(actie, door, weergavenaam, soort, data):
    """Write the file and its row (inside the caller's transaction); returns the path written."""
    opslagnaam = MAP.nieuwe_naam(soort.extensie)
    path = MAP.pad(opslagnaam)
    MAP.schrijf(opslagnaam, data)
    try:
        rij = ActieBijlage.objects.create(
            actie=actie, bestandsnaam=weergavenaam, opslagnaam=opslagnaam, content_type=soort.content_type,
            grootte=len(data), sha256=hashlib.sha256(data).hexdigest(), geupload_door=door,
        )
        audit.log(door, AuditActie.CREATE, rij, omschrijving=f"bijlage bij actie {actie.pk} ({soort.label})")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
