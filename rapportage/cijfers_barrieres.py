"""Count the barriers of the bestuurlijke aanpak for the quarterly report (issue 21; ``barrieres`` app).

Per period (the quarter, the quarter before, the same quarter a year earlier), of the barriers of the werkgebied's
cases (a District's: ``casus.district`` = it; a Regio's: ``casus.regio`` = it, as the report counts cases):

- ``ingezet``: barriers started (``gestart_op``) in the period; per domain (every domain in use, and one no longer in
  use where it has a count, in the list's order) and per instrument (every instrument); both add up to ``ingezet``;
- ``opgeworpen``: barriers completed (``afgerond_op``) in the period with the result "barrier raised".

Schema::

    "barrieres": {
        "ingezet": [n, n, n], "opgeworpen": [n, n, n],
        "per_domein": [{"label": "Huisvesting", "waarden": [n, n, n]}, ...],
        "per_instrument": [{"sleutel": "bibob", "waarden": [n, n, n]}, ...]
    }
"""
from django.db.models import Count, Q


def _dag_in(veld, kwartaal, prefix=""):
    return Q(**{f"{prefix}{veld}__gte": kwartaal.eerste_dag, f"{prefix}{veld}__lte": kwartaal.laatste_dag})


def cijfers_voor_rapport(werkgebied, perioden):
    from barrieres.models import Barriere, Domein, Instrument, Resultaat
    from tafels.models import District

    if isinstance(werkgebied, District):
        scope = Q(casus__district_id=werkgebied.pk)
    else:
        scope = Q(casus__regio_id=werkgebied.pk)
    barrieres = Barriere.objects.filter(scope)
    tellingen = {}
    for i, k in enumerate(perioden):
        tellingen[f"ingezet_{i}"] = Count("pk", filter=_dag_in("gestart_op", k))
        tellingen[f"opgeworpen_{i}"] = Count("pk", filter=_dag_in("afgerond_op", k) & Q(
            resultaat=Resultaat.OPGEWORPEN))
        for instrument in Instrument.values:
            tellingen[f"{instrument}_{i}"] = Count("pk", filter=_dag_in("gestart_op", k) & Q(instrument=instrument))
    # Two queries in all: the totals and the instruments in one, the domains (with the list) in the other.
    totaal = barrieres.aggregate(**tellingen)
    scope_via = Q(barrieres__in=barrieres.values("pk"))
    per_domein = []
    for domein in Domein.objects.annotate(**{
            f"n_{i}": Count("barrieres", filter=scope_via & _dag_in("gestart_op", k, "barrieres__"))
            for i, k in enumerate(perioden)}).order_by("volgorde", "naam", "pk"):
        waarden = [getattr(domein, f"n_{i}") for i in range(len(perioden))]
        if domein.actief or any(waarden):
            per_domein.append({"label": domein.naam, "waarden": waarden})
    return {
        "ingezet": [totaal[f"ingezet_{i}"] for i in range(len(perioden))],
        "opgeworpen": [totaal[f"opgeworpen_{i}"] for i in range(len(perioden))],
        "per_domein": per_domein,
        "per_instrument": [
            {"sleutel": instrument, "waarden": [totaal[f"{instrument}_{i}"] for i in range(len(perioden))]}
            for instrument in Instrument.values
        ],
    }
