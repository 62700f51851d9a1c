"""The write paths of what is recorded *during* a meeting, per agenda item: the minutes (``Agendapunt.notities``), the
decisions (``Besluit``) and the actions (``Actie``) the ketenregisseur types live.

Rules (issue 7):
- only a ketenregisseur who manages the meeting's table (``selectors.may_manage_overleg``) records and edits them;
- only while the meeting is *agenda definitief* or *gehouden*: not while it is planned or cancelled, and no longer
  once its decision list has been adopted;
- optimistic locking (``services.versie``): an edit carries the version the user loaded; when someone else saved in
  the meantime ``Conflict`` is raised and nothing changes;
- an action's responsible person must be an active member of the responsible organisation (one who can see and
  report back on the action); any organisation may be responsible, also one that is not at the table; a new due
  date may not lie in the past.

One function per change: each locks the row it changes (``select_for_update(of=("self",))``: the joined meeting is
read fresh but not locked, so a PDF job holding the meeting row never keeps a typist waiting), checks, changes,
appends the case's timeline for a case item (``historie.add``) and writes the audit log. Audit descriptions name
objects by type and id only; history texts are written in the site's language.
"""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import Rol

from .. import historie, selectors
from ..models import Actie, ActieSoort, Agendapunt, Besluit, CasusGebeurtenis, OverlegStatus
from . import versie as versies

# While these hold, the managing ketenregisseur records minutes, decisions and actions.
BEWERKBAAR = (OverlegStatus.AGENDA_DEFINITIEF, OverlegStatus.GEHOUDEN)
# Who can be the responsible person of an action: the roles that see "Mijn acties" and report back.
VERANTWOORDELIJKE_ROLLEN = (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER)

NOTITIES_MAX = 20000
BESLUIT_MAX = 5000
OMSCHRIJVING_MAX = 2000

ACTIE_VELDEN = ("omschrijving", "soort", "organisatie", "verantwoordelijke", "deadline")


# --- checks ---------------------------------------------------------------------------------------------------


def is_bewerkbaar(overleg):
    """Whether the meeting is in the state where minutes, decisions and actions are recorded."""
    return overleg.status in BEWERKBAAR and not overleg.besluitenlijst_vastgesteld_in_id


def _check(door, overleg):
    if not selectors.may_manage_overleg(door, overleg):
        raise PermissionDenied
    if overleg.status == OverlegStatus.GEPLAND:
        raise ValidationError(
            _("Minutes, decisions and actions are recorded once the agenda is final."), code="overleg_status")
    if not is_bewerkbaar(overleg):
        raise ValidationError(
            _("This meeting can no longer be changed: it has been cancelled or its decision list has been adopted."),
            code="overleg_status")


def _weg(melding):
    raise ValidationError(melding, code="verwijderd")


def _lock_punt(punt):
    punt = (Agendapunt.objects.select_for_update(of=("self",)).select_related("overleg__tafel", "casus")
            .filter(pk=punt.pk).first())
    if punt is None:
        _weg(_("This agenda item has been removed in the meantime."))
    return punt


def _lock_besluit(besluit):
    besluit = (Besluit.objects.select_for_update(of=("self",))
               .select_related("agendapunt__overleg__tafel", "agendapunt__casus").filter(pk=besluit.pk).first())
    if besluit is None:
        _weg(_("This decision has been removed in the meantime."))
    return besluit


def _lock_actie(actie):
    actie = (Actie.objects.select_for_update(of=("self",))
             .select_related("agendapunt__overleg__tafel", "casus", "organisatie").filter(pk=actie.pk).first())
    if actie is None:
        _weg(_("This action has been removed in the meantime."))
    if actie.agendapunt_id is None:
        # Not agreed in a meeting: nothing of this module changes it.
        raise PermissionDenied
    return actie


def _in_taal(functie, *args):
    """A history text in the site's language (history rows are stored as text, not translated when shown)."""
    with translation.override(settings.LANGUAGE_CODE):
        return functie(*args)


def _tekst(waarde, *, maximum, verplicht, melding_leeg, melding_lang, veld):
    waarde = (waarde or "").strip()
    if verplicht and not waarde:
        raise ValidationError({veld: ValidationError(melding_leeg, code="required")})
    if len(waarde) > maximum:
        raise ValidationError({veld: ValidationError(melding_lang, code="max_length")})
    return waarde


# --- minutes --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_notities(punt, door, *, notities, versie):
    """Replace the item's minutes. ``versie`` is the item version the user loaded. Returns the saved item."""
    punt = _lock_punt(punt)
    _check(door, punt.overleg)
    versies.check(punt, versie)
    notities = _tekst(notities, maximum=NOTITIES_MAX, verplicht=False, melding_leeg="", veld="notities",
                      melding_lang=_("The minutes are too long."))
    if notities == punt.notities:
        return punt
    punt.notities = notities
    versies.bump(punt)
    punt.save(update_fields=["notities", "versie"])
    audit.log(door, AuditActie.CHANGE, punt, omschrijving=f"aantekeningen agendapunt {punt.pk} (overleg {punt.overleg_id})")
    return punt


# --- decisions ------------------------------------------------------------------------------------------------


def _besluit_tekst(tekst):
    return _tekst(tekst, maximum=BESLUIT_MAX, verplicht=True, veld="tekst",
                  melding_leeg=_("Write the decision."), melding_lang=_("The decision is too long."))


@transaction.atomic
def add_besluit(punt, door, *, tekst):
    punt = _lock_punt(punt)
    _check(door, punt.overleg)
    tekst = _besluit_tekst(tekst)
    besluit = Besluit.objects.create(agendapunt=punt, tekst=tekst, vastgelegd_door=door)
    if punt.casus_id:
        historie.add(punt.casus, door, CasusGebeurtenis.BESLUIT, tekst=tekst, overleg=punt.overleg)
    audit.log(door, AuditActie.CREATE, besluit, omschrijving=f"besluit bij agendapunt {punt.pk}")
    return besluit


@transaction.atomic
def update_besluit(besluit, door, *, tekst, versie):
    besluit = _lock_besluit(besluit)
    punt = besluit.agendapunt
    _check(door, punt.overleg)
    versies.check(besluit, versie)
    tekst = _besluit_tekst(tekst)
    if tekst == besluit.tekst:
        return besluit
    besluit.tekst = tekst
    versies.bump(besluit)
    besluit.save(update_fields=["tekst", "versie"])
    if punt.casus_id:
        historie.add(punt.casus, door, CasusGebeurtenis.BESLUIT, overleg=punt.overleg,
                     tekst=_in_taal(lambda: _("Changed: %(tekst)s") % {"tekst": tekst}))
    audit.log(door, AuditActie.CHANGE, besluit, omschrijving=f"besluit {besluit.pk} bij agendapunt {punt.pk}")
    return besluit


@transaction.atomic
def delete_besluit(besluit, door, *, versie=None):
    """Remove a decision (recorded by mistake). With ``versie``: refused when someone changed it in the meantime."""
    besluit = _lock_besluit(besluit)
    punt = besluit.agendapunt
    _check(door, punt.overleg)
    versies.check(besluit, versie)
    if punt.casus_id:
        historie.add(punt.casus, door, CasusGebeurtenis.BESLUIT, overleg=punt.overleg,
                     tekst=_in_taal(lambda: _("Withdrawn: %(tekst)s") % {"tekst": besluit.tekst}))
    audit.log(door, AuditActie.DELETE, besluit, omschrijving=f"besluit {besluit.pk} bij agendapunt {punt.pk}")
    besluit.delete()


# --- actions --------------------------------------------------------------------------------------------------


def _check_actie(*, omschrijving, soort, organisatie, verantwoordelijke, deadline, oude_deadline=None):
    """Validate an action's fields; returns the cleaned description. Raises one ValidationError holding every
    problem per field (the form shows them next to the fields)."""
    fouten = {}
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = _("Describe the action.")
    elif len(omschrijving) > OMSCHRIJVING_MAX:
        fouten["omschrijving"] = _("The description is too long.")
    if soort not in ActieSoort.values:
        fouten["soort"] = _("Choose the type of intervention.")
    if organisatie is None:
        fouten["organisatie"] = _("Choose the responsible organisation.")
    if verantwoordelijke is not None and organisatie is not None and not (
        verantwoordelijke.is_active and verantwoordelijke.organisatie_id == organisatie.pk
        and verantwoordelijke.rol in VERANTWOORDELIJKE_ROLLEN
    ):
        fouten["verantwoordelijke"] = _("%(persoon)s is not an active member of %(organisatie)s. Choose someone of "
                                        "that organisation, or no one.") % {
            "persoon": verantwoordelijke.naam, "organisatie": organisatie.naam}
    if deadline is None:
        fouten["deadline"] = _("Give the due date.")
    elif deadline < timezone.localdate() and deadline != oude_deadline:
        fouten["deadline"] = _("The due date lies in the past. Choose today or a later date.")
    if fouten:
        raise ValidationError({veld: ValidationError(melding, code=veld) for veld, melding in fouten.items()})
    return omschrijving


@transaction.atomic
def add_actie(punt, door, *, omschrijving, soort, organisatie, verantwoordelijke=None, deadline):
    """An action agreed under ``punt``; for a case item it belongs to that case."""
    punt = _lock_punt(punt)
    _check(door, punt.overleg)
    omschrijving = _check_actie(omschrijving=omschrijving, soort=soort, organisatie=organisatie,
                                verantwoordelijke=verantwoordelijke, deadline=deadline)
    actie = Actie.objects.create(
        casus=punt.casus, agendapunt=punt, omschrijving=omschrijving, soort=soort, organisatie=organisatie,
        verantwoordelijke=verantwoordelijke, deadline=deadline, aangemaakt_door=door,
    )
    if punt.casus_id:
        historie.add(punt.casus, door, CasusGebeurtenis.ACTIE, actie=actie, overleg=punt.overleg)
    audit.log(door, AuditActie.CREATE, actie, omschrijving=f"actie bij agendapunt {punt.pk}")
    return actie


def _veldnamen(velden):
    return ", ".join(str(Actie._meta.get_field(veld).verbose_name) for veld in velden)


@transaction.atomic
def update_actie(actie, door, *, versie, omschrijving, soort, organisatie, verantwoordelijke, deadline):
    """Change what was agreed (its status goes through ``services.acties.change_status``). A due date that was
    already in the past may stay; a new one may not lie in the past."""
    actie = _lock_actie(actie)
    punt = actie.agendapunt
    _check(door, punt.overleg)
    versies.check(actie, versie)
    omschrijving = _check_actie(omschrijving=omschrijving, soort=soort, organisatie=organisatie,
                                verantwoordelijke=verantwoordelijke, deadline=deadline, oude_deadline=actie.deadline)
    nieuw = {"omschrijving": omschrijving, "soort": soort, "organisatie": organisatie,
             "verantwoordelijke": verantwoordelijke, "deadline": deadline}
    gewijzigd = [veld for veld in ACTIE_VELDEN if getattr(actie, veld) != nieuw[veld]]
    if not gewijzigd:
        return actie
    for veld in gewijzigd:
        setattr(actie, veld, nieuw[veld])
    versies.bump(actie)
    actie.save()
    if actie.casus_id:
        historie.add(actie.casus, door, CasusGebeurtenis.ACTIE, actie=actie, overleg=punt.overleg,
                     tekst=_in_taal(lambda: _("Changed: %(velden)s") % {"velden": _veldnamen(gewijzigd)}))
    audit.log(door, AuditActie.CHANGE, actie, omschrijving=f"actie {actie.pk} gewijzigd: {','.join(gewijzigd)}")
    return actie
