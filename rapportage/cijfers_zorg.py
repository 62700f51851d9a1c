"""Count the victims' care tracks for the quarterly report (issue 21; ``casusoverleg`` Slachtoffer and ZorgStap).

Per period (the quarter, the quarter before, the same quarter a year earlier), of the possible victims in the
werkgebied's cases (a District's: ``casus.district`` = it; a Regio's: ``casus.regio`` = it, as the report counts
cases):

- ``nieuw``: victims added to a care track in the period (``aangemaakt``);
- ``in_zorg``: victims with a care track at the end of the period: added before its end, their case not closed
  before it (as ``lopend`` counts cases);
- ``comensha``: registrations with CoMensha: the CoMensha step arranged, with its date in the period;
- ``geregeld_per_stap``: per step (every ``ZorgStapSoort``, in its order) the steps arranged with their date in the
  period. The rows do not add up to a number of victims (a victim has a row in each).

Schema::

    "zorg": {
        "nieuw": [n, n, n], "in_zorg": [n, n, n], "comensha": [n, n, n],
        "geregeld_per_stap": [{"sleutel": "comensha", "waarden": [n, n, n]}, ...]
    }
"""
from django.db.models import Count, Q


def _in(veld, kwartaal, prefix=""):
    return Q(**{f"{prefix}{veld}__gte": kwartaal.begin, f"{prefix}{veld}__lt": kwartaal.einde})


def _dag_in(veld, kwartaal, prefix=""):
    return Q(**{f"{prefix}{veld}__gte": kwartaal.eerste_dag, f"{prefix}{veld}__lte": kwartaal.laatste_dag})


def cijfers_voor_rapport(werkgebied, perioden):
    """One query: the victims of the werkgebied joined to their steps (a victim counts once: ``distinct``)."""
    from casusoverleg.models import Slachtoffer, ZorgStapSoort, ZorgStapStatus
    from tafels.models import District

    scope = Q(casus__district_id=werkgebied.pk) if isinstance(werkgebied, District) else Q(
        casus__regio_id=werkgebied.pk)
    tellingen = {}
    for i, k in enumerate(perioden):
        tellingen[f"nieuw_{i}"] = Count("pk", distinct=True, filter=_in("aangemaakt", k))
        tellingen[f"in_zorg_{i}"] = Count("pk", distinct=True, filter=Q(aangemaakt__lt=k.einde) & (
            Q(casus__afgesloten_op__isnull=True) | Q(casus__afgesloten_op__gte=k.einde)))
        for soort in ZorgStapSoort.values:
            tellingen[f"{soort}_{i}"] = Count("stappen", filter=Q(
                stappen__soort=soort, stappen__status=ZorgStapStatus.GEREGELD) & _dag_in("afgerond_op", k, "stappen__"))
    totaal = Slachtoffer.objects.filter(scope).aggregate(**tellingen)

    def drie(naam):
        return [totaal[f"{naam}_{i}"] for i in range(len(perioden))]

    return {
        "nieuw": drie("nieuw"),
        "in_zorg": drie("in_zorg"),
        "comensha": drie(ZorgStapSoort.COMENSHA),
        "geregeld_per_stap": [{"sleutel": soort, "waarden": drie(soort)} for soort in ZorgStapSoort.values],
    }
