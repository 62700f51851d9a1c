"""Changing a rule, and the run that applies the rules (nightly job ``bewaren.toepassen``, and
``manage.py apply_retention``)."""
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.rollen import Rol

from . import registry
from .models import SOORTEN, BewaarRun, Bewaartermijn, RunStatus, termijn_tekst
from .selectors import grens, regel, regels

logger = logging.getLogger(__name__)


def may_manage(user):
    return getattr(user, "is_authenticated", False) and user.is_active and user.rol == Rol.BEHEERDER


@transaction.atomic
def wijzig_termijn(soort, termijn, door):
    """The beheerder sets a kind's term, within its bounds. Audited with the old and the new term; takes effect at
    the next run."""
    if not may_manage(door):
        raise PermissionDenied
    spec = SOORTEN[soort]
    if not spec.minimum <= termijn <= spec.maximum:
        raise ValidationError(_("Choose a term from %(minimum)s to %(maximum)s.") % {
            "minimum": termijn_tekst(spec.minimum, spec.eenheid), "maximum": termijn_tekst(spec.maximum, spec.eenheid)})
    rij = Bewaartermijn.objects.select_for_update().filter(soort=soort).first()
    oud = rij.vast if rij else regel(soort).vast
    if rij is None:
        rij = Bewaartermijn(soort=soort, termijn=termijn)
    elif rij.termijn == termijn:
        return rij
    rij.termijn, rij.gewijzigd_door, rij.gewijzigd_op = termijn, door, timezone.now()
    rij.save()
    audit.log(door, AuditActie.CHANGE, rij, omschrijving=f"bewaartermijn {soort}: {oud} -> {rij.vast}")
    return rij


def _grenzen(nu):
    return {rij.soort: (rij, grens(rij, nu)) for rij in regels()}


def vooruitblik(nu=None):
    """What a run would remove now, per step: ``[(opruimer, regel, ids or a count, lines)]``. Reads only."""
    grenzen = _grenzen(nu)
    uitkomst = []
    for opruimer in registry.opruimers():
        rij, moment = grenzen[opruimer.soort]
        if opruimer.verwijder_alles is not None:
            uitkomst.append((opruimer, rij, opruimer.kandidaten(moment).count(), []))
            continue
        ids = list(opruimer.kandidaten(moment))
        regels_ = opruimer.beschrijf(ids) if opruimer.beschrijf else [str(pk) for pk in ids]
        uitkomst.append((opruimer, rij, len(ids), regels_))
    return uitkomst


def toepassen(*, door=None, nu=None):
    """Remove what has passed its term, step by step, each record in a transaction of its own (inside a job: the job's
    transaction holds the whole run). Records a ``BewaarRun`` with the counts; a second run finds nothing."""
    grenzen = _grenzen(nu)
    run = BewaarRun.objects.create(door=door, termijnen={soort: rij.vast for soort, (rij, _m) in grenzen.items()})
    audit.log(door, AuditActie.CREATE, run, omschrijving="bewaartermijnen toegepast")
    aantallen = {opruimer.naam: 0 for opruimer in registry.opruimers()}
    try:
        for opruimer in registry.opruimers():
            rij, moment = grenzen[opruimer.soort]
            if opruimer.verwijder_alles is not None:
                aantallen[opruimer.naam] += opruimer.verwijder_alles(moment)
                continue
            for pk in list(opruimer.kandidaten(moment)):
                with transaction.atomic():
                    for naam, aantal in opruimer.verwijder(pk, moment, rij).items():
                        aantallen[naam] = aantallen.get(naam, 0) + aantal
    except Exception as exc:
        # The error's kind only: a message might quote a value.
        BewaarRun.objects.filter(pk=run.pk).update(status=RunStatus.MISLUKT, klaar_op=timezone.now(),
                                                   aantallen=aantallen, fout=type(exc).__name__)
        logger.exception("Retention run %s failed", run.pk)
        raise
    run.status, run.klaar_op, run.aantallen = RunStatus.KLAAR, timezone.now(), aantallen
    run.save(update_fields=["status", "klaar_op", "aantallen"])
    return run
