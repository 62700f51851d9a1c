"""The decision list (besluitenlijst) of a held meeting: making its PDFs, and adopting it at the next meeting.

- ``make(overleg, door)``: once the meeting is *gehouden*, the managing ketenregisseur has the decision list made: a
  new version (``Overleg.besluitenlijst_versie``), whose PDFs per recipient organisation the background job
  ``casusoverleg.besluitenlijst_pdfs`` makes (``casusoverleg/besluitenlijst_pdf.py``). Making it again (after a
  correction of a decision or an action) gives a new version; the earlier PDFs stay, marked superseded.
- ``adopt(volgend, door)``: at the next meeting of the same table (its agenda item "vaststellen besluitenlijst vorige
  vergadering"), once that meeting's agenda is final or it has been held, the managing ketenregisseur records that
  the decision list of the previous held meeting was adopted: that meeting becomes *besluitenlijst vastgesteld*.

Each change locks the meeting row(s), checks, changes and writes the audit log.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.jobs import enqueue

from .. import besluitenlijst_pdf, selectors
from ..models import Agendapunt, Overleg, OverlegStatus
from .agenda import vorig_overleg
from .overleggen import set_status

# The next meeting adopts the previous decision list from when its agenda is final.
VASTSTELLEN_IN = (OverlegStatus.AGENDA_DEFINITIEF, OverlegStatus.GEHOUDEN)


def _lock(overleg):
    return Overleg.objects.select_for_update(of=("self",)).select_related("tafel").get(pk=overleg.pk)


def _mag_beheren(door, overleg):
    if not selectors.may_manage_overleg(door, overleg):
        raise PermissionDenied


@transaction.atomic
def make(overleg, door):
    """A new version of the decision list of a held meeting; a background job makes its PDFs."""
    overleg = _lock(overleg)
    _mag_beheren(door, overleg)
    if overleg.status != OverlegStatus.GEHOUDEN:
        raise ValidationError(
            _("A decision list can be made once the meeting has been held, and no longer after it has been adopted."),
            code="niet_gehouden",
        )
    if not Agendapunt.objects.filter(overleg=overleg).exists():
        raise ValidationError(_("The meeting has no agenda items, so there is no decision list to make."), code="leeg")
    overleg.besluitenlijst_versie += 1
    overleg.besluitenlijst_job = enqueue(besluitenlijst_pdf.JOB, overleg.pk, overleg.besluitenlijst_versie)
    overleg.save(update_fields=["besluitenlijst_versie", "besluitenlijst_job", "gewijzigd"])
    audit.log(door, AuditActie.CHANGE, overleg,
              omschrijving=f"besluitenlijst gemaakt, versie {overleg.besluitenlijst_versie}")
    return overleg


@transaction.atomic
def adopt(volgend, door):
    """Record in ``volgend`` (the next meeting) that the decision list of the previous held meeting was adopted.
    Returns the previous meeting, now *besluitenlijst vastgesteld*."""
    volgend = _lock(volgend)
    _mag_beheren(door, volgend)
    if volgend.status not in VASTSTELLEN_IN:
        raise ValidationError(
            _("A decision list is adopted in the next meeting, once its agenda is final or it has been held."),
            code="niet_definitief",
        )
    vorige = vorig_overleg(volgend)
    if vorige is None:
        raise ValidationError(_("There is no earlier held meeting of this table whose decision list could be adopted."),
                              code="geen_vorige")
    vorige = _lock(vorige)
    if vorige.status == OverlegStatus.BESLUITENLIJST_VASTGESTELD:
        raise ValidationError(_("The decision list of the previous meeting has already been adopted."),
                              code="al_vastgesteld")
    if vorige.status != OverlegStatus.GEHOUDEN or not vorige.besluitenlijst_versie:
        raise ValidationError(_("The decision list of the previous meeting has not been made yet."), code="niet_gemaakt")
    stand = besluitenlijst_pdf.voortgang(vorige)
    if stand is None or not stand.gereed:
        raise ValidationError(_("The decision list PDFs of the previous meeting are not ready yet."), code="niet_klaar")
    set_status(vorige, OverlegStatus.BESLUITENLIJST_VASTGESTELD)
    vorige.besluitenlijst_vastgesteld_in = volgend
    vorige.save(update_fields=["status", "besluitenlijst_vastgesteld_in", "gewijzigd"])
    audit.log(door, AuditActie.CHANGE, vorige,
              omschrijving=f"besluitenlijst versie {vorige.besluitenlijst_versie} vastgesteld in overleg {volgend.pk}")
    audit.log(door, AuditActie.CHANGE, volgend, omschrijving=f"besluitenlijst van overleg {vorige.pk} vastgesteld")
    return vorige
