"""Retention of barriers (issue 17's run; registered in ``BarrieresConfig.ready()``): when retention has removed a
closed case (``casusoverleg.bewaartermijn``: the case a tombstone, its summary and its actions' texts cleared), the
case's barriers lose their free text (the explanation of the result) too. What stays is what the reports count:
domain, instrument, organisation, dates and result. Nobody sees such a barrier any more (it follows its case)."""
from django.db import transaction
from django.utils import timezone

from mensenhandel.audit.services import log_verwijdering

from .models import Barriere


def _kandidaten_qs():
    return Barriere.objects.filter(casus__verwijderd_op__isnull=False).exclude(toelichting="")


def kandidaten(grens):
    return _kandidaten_qs().order_by("pk").values_list("pk", flat=True)


def beschrijf(ids):
    return [f"barrière {pk} bij casus {code} (verwijderd {timezone.localtime(weg):%d-%m-%Y})"
            for pk, code, weg in Barriere.objects.filter(pk__in=ids).order_by("pk").values_list(
                "pk", "casus__code", "casus__verwijderd_op")]


def verwijder(pk, grens, regel):
    with transaction.atomic():
        barriere = _kandidaten_qs().select_for_update(of=("self",)).filter(pk=pk).first()
        if barriere is None:
            return {}
        Barriere.objects.filter(pk=pk).update(toelichting="")
        log_verwijdering(barriere, regel, omschrijving=f"toelichting, met casus {barriere.casus_id}")
    return {"barrieres": 1}
