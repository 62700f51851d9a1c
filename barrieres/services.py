"""The write paths of barriers: add one to a case, change it (and the actions tied to it). Each checks that the user
manages the case (``selectors.may_manage``), locks the row it changes, validates, and writes the audit log."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from . import selectors
from .models import Barriere, BarriereActie

VELDEN = ("domein", "instrument", "organisatie", "gestart_op", "afgerond_op", "resultaat", "toelichting")


def _controleer(barriere, acties, user):
    vandaag = timezone.localdate()
    fouten = {}
    if barriere.gestart_op and barriere.gestart_op > vandaag:
        fouten["gestart_op"] = _("This date lies in the future.")
    if barriere.afgerond_op:
        if barriere.afgerond_op > vandaag:
            fouten["afgerond_op"] = _("This date lies in the future.")
        elif barriere.gestart_op and barriere.afgerond_op < barriere.gestart_op:
            fouten["afgerond_op"] = _("The barrier cannot be completed before it started.")
    if fouten:
        raise ValidationError(fouten)
    barriere.full_clean(exclude=["casus", "aangemaakt_door"])
    toegestaan = set(selectors.koppelbare_acties(user, barriere.casus).values_list("pk", flat=True))
    if any(actie.pk not in toegestaan for actie in acties):
        raise ValidationError({"acties": _("Choose actions of type administrative of this case.")})


def _koppel(barriere, acties):
    nu = {actie.pk for actie in acties}
    BarriereActie.objects.filter(barriere=barriere).exclude(actie_id__in=nu).delete()
    bestaand = selectors.gekoppelde_actie_ids(barriere)
    BarriereActie.objects.bulk_create([BarriereActie(barriere=barriere, actie_id=pk) for pk in nu - bestaand])


def add_barriere(casus, user, *, acties=(), **velden):
    """A new barrier of ``casus`` with ``velden`` (see ``VELDEN``) and the actions (type bestuurlijk) tied to it."""
    if not selectors.may_manage(user, casus):
        raise PermissionDenied
    with transaction.atomic():
        barriere = Barriere(casus=casus, aangemaakt_door=user, **{k: velden.get(k) for k in VELDEN if k in velden})
        if barriere.toelichting is None:
            barriere.toelichting = ""
        _controleer(barriere, acties, user)
        barriere.save()
        _koppel(barriere, acties)
        audit.log(user, AuditActie.CREATE, barriere, omschrijving=f"barrière bij casus {casus.pk}")
    return barriere


def change_barriere(barriere, user, *, acties=(), **velden):
    """Change a barrier; returns (barrier, changed: bool)."""
    with transaction.atomic():
        barriere = Barriere.objects.select_for_update().select_related("casus").get(pk=barriere.pk)
        if not selectors.may_manage(user, barriere.casus):
            raise PermissionDenied
        gewijzigd = [k for k in VELDEN if k in velden and getattr(barriere, k) != (velden[k] if velden[k] is not None
                                                                                    or k != "toelichting" else "")]
        for k in gewijzigd:
            setattr(barriere, k, velden[k] if velden[k] is not None or k != "toelichting" else "")
        _controleer(barriere, acties, user)
        acties_gewijzigd = {a.pk for a in acties} != selectors.gekoppelde_actie_ids(barriere)
        if not gewijzigd and not acties_gewijzigd:
            return barriere, False
        barriere.save()
        _koppel(barriere, acties)
        audit.log(user, AuditActie.CHANGE, barriere,
                  omschrijving=", ".join(gewijzigd + (["acties"] if acties_gewijzigd else [])))
    return barriere, True
