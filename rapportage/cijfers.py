"""Count the figures of a quarterly report: ``bereken(werkgebied, kwartaal)`` returns a JSON-able dict (kept in
``Rapport.gegevens``). Raw counts only: what may be shown is decided later (``presentatie`` with ``suppressie``).

Every figure is counted for three periods, in this order: the quarter, the quarter before, the same quarter a year
earlier (``perioden``). Lists of three numbers below are in that order. Quarters are Europe/Amsterdam calendar
quarters (``perioden.Kwartaal``: ``begin`` <= moment < ``einde``).

What belongs to the werkgebied (a District or a Regio):
- a signal: submitted (``ingediend_op`` set), its gemeente in the werkgebied (``gemeenten_in_werkgebied``);
- a case: a District's cases have ``district`` = it; a Regio's are all cases with ``regio`` = it;
- a meeting: of a table of the werkgebied (a District: ``tafel.district``; a Regio: ``tafel.regio`` or the
  table's district in it);
- an action: its case belongs to the werkgebied, or (no case) its agenda item's meeting does.

What is counted (per period):
- signals ``ontvangen``: submitted in the period. ``uitkomst`` is each such signal's status when the figures are
  counted: taken up in a case, passed on (one entry per ``Bestemming``), closed without follow-up, and everything
  else (submitted, being assessed, information requested) as ``in_behandeling``; the entries add up to ``ontvangen``.
  ``per_gemeente``, ``per_sector`` and ``per_bron`` add up to it too (``label`` None: not filled in); ``per_vorm``
  does not (a signal names any number of forms; ``zonder_vorm``: none). A reference list shows every item in use,
  and an item no longer in use only where it has a count, in the list's order.
- ``beslisduur``: of the signals received in the period that have a triage decision, the days (fractional) from
  submission to the first history row changing the status to a decision (``BESLUITEN``); the median rounded to one
  decimal (None without decisions) and their number.
- cases ``geopend`` / ``afgesloten``: opened / closed in the period; ``lopend``: opened before its end and not closed
  before it; ``comensha`` / ``zorgcoordinator``: the date reported to CoMensha / the care coordinator involved is one
  of its days. Per form as signals (a case has any number of forms).
- meetings ``gehouden``: held (or its decision list adopted), starting in the period. Attendance: over those
  meetings, each (meeting, organisation) pair among the standing participants and the invitations (a withdrawn
  invitation is deleted) is expected once, and present when present is recorded on either row; per organisation
  type, only types expected somewhere.
- actions ``afgesproken``: made in the period (any status); ``gereed``: done, with ``gereed_op`` in the period;
  ``verlopen``: at the end of the period, made before it, due on or before its last day, not dropped and not done
  before its end; for a quarter still running: now, due before today (as Actiebewaking counts overdue actions).
  Per ``ActieSoort`` (all) and per type of the responsible organisation (those with a count).
  ``doorlooptijd``: of the actions done in the period, the days from made to done (median, one decimal).

The schema (``SCHEMA`` = 1)::

    {
      "schema": 1,
      "werkgebied": {"soort": "district" | "regio", "naam": "Twente"},
      "kwartaal": [2026, 3],
      "perioden": [[2026, 3], [2026, 2], [2025, 3]],
      "reeks": [{"kwartaal": [2025, 3], "signalen": 31}, ...],  # five quarters, oldest first, ending with it
      "signalen": {
        "ontvangen": [n, n, n],
        "per_gemeente": [{"label": "Almelo", "waarden": [n, n, n]}, ...],  # every gemeente, by name
        "per_vorm": [{"label": "Arbeidsuitbuiting", "waarden": [...]}, ...],  # forms in use or counted
        "zonder_vorm": [n, n, n],
        "per_sector": [{"label": "Horeca", "waarden": [...]}, ..., {"label": None, "waarden": [...]}],  # None: not
        "per_bron": [... same ...],                                                                # filled in
        "uitkomst": [{"sleutel": "opgepakt_in_casus", "waarden": [...]},
                     {"sleutel": "doorgezet", "bestemming": "politie_om", "waarden": [...]}, ...,  # per Bestemming
                     {"sleutel": "afgesloten_zonder_vervolg", "waarden": [...]},
                     {"sleutel": "in_behandeling", "waarden": [...]}],  # no decision (yet) when counted
        "beslisduur": {"mediaan_dagen": [4.5 | None, ...], "aantal": [n, n, n]}
      },
      "casussen": {
        "geopend": [...], "lopend": [...], "afgesloten": [...], "comensha": [...], "zorgcoordinator": [...],
        "geopend_per_vorm": [{"label": ..., "waarden": [...]}], "lopend_per_vorm": [...], "afgesloten_per_vorm": [...]
      },
      "overleggen": {
        "gehouden": [...],
        "per_organisatiesoort": [{"sleutel": "politie", "aanwezig": [...], "verwacht": [...]}, ...]
      },
      "acties": {
        "afgesproken": [...], "gereed": [...], "verlopen": [...],
        "per_soort": [{"sleutel": "strafrechtelijk", "afgesproken": [...], "gereed": [...], "verlopen": [...]}],
        "per_organisatiesoort": [{"sleutel": "gemeente", "afgesproken": [...], "gereed": [...], "verlopen": [...]}],
        "doorlooptijd": {"mediaan_dagen": [...], "aantal": [...]}
      },
      "basisniveau": None | basisniveau.cijfers_voor_rapport(...),   # issue 9; absent in reports made before it
      "bewustwording": bewustwording.cijfers_voor_rapport(...),       # issue 9; absent in reports made before it
      "barrieres": cijfers_barrieres.cijfers_voor_rapport(...),        # issue 21; absent in reports made before it
      "landelijk": landelijk.cijfers_voor_rapport(),                   # issue 21: NRM figures, not counted here
      "zorg": cijfers_zorg.cijfers_voor_rapport(...)                   # issue 21: care tracks; absent before it
    }
"""
import statistics
from datetime import timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from . import basisniveau, bewustwording, cijfers_barrieres, cijfers_zorg, landelijk

SCHEMA = 1

DAG = 86400


def _perioden(kwartaal):
    return [kwartaal, kwartaal.vorige, kwartaal.jaar_eerder]


def _kw(kwartaal):
    return [kwartaal.jaar, kwartaal.kwartaal]


def _in(veld, kwartaal, prefix=""):
    """``veld`` (a datetime) falls in the quarter: begin <= veld < einde."""
    return Q(**{f"{prefix}{veld}__gte": kwartaal.begin, f"{prefix}{veld}__lt": kwartaal.einde})


def _dag_in(veld, kwartaal, prefix=""):
    """``veld`` (a date) is one of the quarter's days."""
    return Q(**{f"{prefix}{veld}__gte": kwartaal.eerste_dag, f"{prefix}{veld}__lte": kwartaal.laatste_dag})


def _mediaan(dagen):
    return round(statistics.median(dagen), 1) if dagen else None


def _drie(uitkomst, naam):
    return [uitkomst[f"{naam}_{i}"] for i in range(3)]


def _werkgebied(werkgebied):
    from tafels.models import District, Regio

    if isinstance(werkgebied, District):
        return "district"
    if isinstance(werkgebied, Regio):
        return "regio"
    raise ValueError(f"A report is for a District or a Regio, not {werkgebied!r}.")


def _scopes(werkgebied):
    """Q objects for the signals, cases, meetings and actions of the werkgebied."""
    from tafels.selectors import gemeenten_in_werkgebied

    gemeenten = gemeenten_in_werkgebied(werkgebied).values("pk")
    if _werkgebied(werkgebied) == "district":
        casus = Q(district_id=werkgebied.pk)
        overleg = Q(tafel__district_id=werkgebied.pk)
    else:
        casus = Q(regio_id=werkgebied.pk)
        overleg = Q(tafel__regio_id=werkgebied.pk) | Q(tafel__district__regio_id=werkgebied.pk)

    def met_prefix(q, prefix):
        # Re-root a Q on a relation: Q(district_id=1) -> Q(casus__district_id=1).
        nieuw = Q()
        nieuw.connector, nieuw.negated = q.connector, q.negated
        for kind in q.children:
            nieuw.children.append(met_prefix(kind, prefix) if isinstance(kind, Q) else (prefix + kind[0], kind[1]))
        return nieuw

    actie = met_prefix(casus, "casus__") | (Q(casus__isnull=True) & met_prefix(overleg, "agendapunt__overleg__"))
    return gemeenten, casus, overleg, actie


def _lijsten(model, relatie, filters, tabellen=1):
    """Rows ``{"label": naam, "waarden": [n, n, n]}`` of a reference list (Vorm, Sector, Bron), for ``tabellen``
    tables at once, in one query: ``filters`` holds three Qs (one per period, on the related rows through
    ``relatie``) per table. Every item in use, plus an item no longer in use where it has a count; the list's order."""
    annotaties = {f"n_{i}": Count(relatie, filter=q) for i, q in enumerate(filters)}
    uitkomst = [[] for _t in range(tabellen)]
    for item in model.objects.annotate(**annotaties).order_by(*model._meta.ordering, "pk"):
        for t in range(tabellen):
            waarden = [getattr(item, f"n_{3 * t + i}") for i in range(3)]
            if item.actief or any(waarden):
                uitkomst[t].append({"label": item.naam, "waarden": waarden})
    return uitkomst


def _grenzen(kwartalen):
    """The first moment of the earliest and the end of the latest of ``kwartalen``: what a count needs to read."""
    return min(k.begin for k in kwartalen), max(k.einde for k in kwartalen)


def _signalen(gemeenten, perioden, reeks):
    from signalen.models import BESLUITEN, Bestemming, Bron, Gebeurtenis, Sector, Signaal, SignaalHistorie, Status, Vorm
    from tafels.models import Gemeente

    # Only the signals submitted in the quarters counted: never the werkgebied's whole history.
    vanaf, tot = _grenzen([*perioden, *reeks])
    signalen = Signaal.objects.filter(
        ingediend_op__gte=vanaf, ingediend_op__lt=tot, gemeente_id__in=gemeenten).annotate(
        heeft_vorm=Exists(Signaal.vormen.through.objects.filter(signaal_id=OuterRef("pk"))),
    )
    tellingen = {}
    for i, kwartaal in enumerate(perioden):
        periode = _in("ingediend_op", kwartaal)
        tellingen[f"ontvangen_{i}"] = Count("pk", filter=periode)
        tellingen[f"zonder_vorm_{i}"] = Count("pk", filter=periode & Q(heeft_vorm=False))
        tellingen[f"sector_leeg_{i}"] = Count("pk", filter=periode & Q(sector__isnull=True))
        tellingen[f"bron_leeg_{i}"] = Count("pk", filter=periode & Q(bron__isnull=True))
        tellingen[f"opgepakt_{i}"] = Count("pk", filter=periode & Q(status=Status.OPGEPAKT_IN_CASUS))
        tellingen[f"afgesloten_{i}"] = Count("pk", filter=periode & Q(status=Status.AFGESLOTEN))
        tellingen[f"open_{i}"] = Count("pk", filter=periode & ~Q(status__in=BESLUITEN))
        for bestemming in Bestemming:
            tellingen[f"doorgezet_{bestemming.value}_{i}"] = Count(
                "pk", filter=periode & Q(status=Status.DOORGEZET, doorgezet_naar=bestemming))
    for i, kwartaal in enumerate(reeks):
        tellingen[f"reeks_{i}"] = Count("pk", filter=_in("ingediend_op", kwartaal))
    uitkomst = signalen.aggregate(**tellingen)

    # The days from submission to the first triage decision, of the signals received in each period.
    eerste_besluit = SignaalHistorie.objects.filter(
        signaal_id=OuterRef("pk"), soort=Gebeurtenis.STATUS, naar_status__in=BESLUITEN,
    ).order_by("tijdstip", "pk").values("tijdstip")[:1]
    duur = [[] for _p in perioden]
    rijen = signalen.filter(reduce(or_, (_in("ingediend_op", k) for k in perioden))).annotate(
        besluit_op=Subquery(eerste_besluit)).filter(besluit_op__isnull=False).values_list("ingediend_op", "besluit_op")
    for ingediend_op, besluit_op in rijen:
        for i, kwartaal in enumerate(perioden):
            if kwartaal.bevat(ingediend_op):
                duur[i].append((besluit_op - ingediend_op).total_seconds() / DAG)

    def via_signalen(prefix):
        return [Q(**{f"{prefix}ingediend_op__isnull": False, f"{prefix}gemeente_id__in": gemeenten})
                & _in("ingediend_op", k, prefix) for k in perioden]

    per_gemeente = [
        {"label": g.naam, "waarden": [g.n_0, g.n_1, g.n_2]}
        for g in Gemeente.objects.filter(pk__in=gemeenten).annotate(
            **{f"n_{i}": Count("signalen", filter=q) for i, q in enumerate(via_signalen("signalen__"))}
        ).order_by("naam", "cbs_code")
    ]
    return {
        "ontvangen": _drie(uitkomst, "ontvangen"),
        "per_gemeente": per_gemeente,
        "per_vorm": _lijsten(Vorm, "signalen", via_signalen("signalen__"))[0],
        "zonder_vorm": _drie(uitkomst, "zonder_vorm"),
        "per_sector": _lijsten(Sector, "signaal", via_signalen("signaal__"))[0]
        + [{"label": None, "waarden": _drie(uitkomst, "sector_leeg")}],
        "per_bron": _lijsten(Bron, "signaal", via_signalen("signaal__"))[0]
        + [{"label": None, "waarden": _drie(uitkomst, "bron_leeg")}],
        "uitkomst": [
            {"sleutel": "opgepakt_in_casus", "waarden": _drie(uitkomst, "opgepakt")},
            *({"sleutel": "doorgezet", "bestemming": b.value, "waarden": _drie(uitkomst, f"doorgezet_{b.value}")}
              for b in Bestemming),
            {"sleutel": "afgesloten_zonder_vervolg", "waarden": _drie(uitkomst, "afgesloten")},
            {"sleutel": "in_behandeling", "waarden": _drie(uitkomst, "open")},
        ],
        "beslisduur": {"mediaan_dagen": [_mediaan(d) for d in duur], "aantal": [len(d) for d in duur]},
    }, [uitkomst[f"reeks_{i}"] for i in range(len(reeks))]


def _lopend(kwartaal, prefix=""):
    """Open at the end of the quarter: opened before its end and not closed before it."""
    return (Q(**{f"{prefix}geopend_op__lt": kwartaal.einde})
            & (Q(**{f"{prefix}afgesloten_op__isnull": True}) | Q(**{f"{prefix}afgesloten_op__gte": kwartaal.einde})))


def _casussen(scope, perioden):
    from casusoverleg.models import Casus
    from signalen.models import Vorm

    tellingen = {}
    for i, k in enumerate(perioden):
        tellingen[f"geopend_{i}"] = Count("pk", filter=_in("geopend_op", k))
        tellingen[f"lopend_{i}"] = Count("pk", filter=_lopend(k))
        tellingen[f"afgesloten_{i}"] = Count("pk", filter=_in("afgesloten_op", k))
        tellingen[f"comensha_{i}"] = Count("pk", filter=_dag_in("comensha_aangemeld_op", k))
        tellingen[f"zorgcoordinator_{i}"] = Count("pk", filter=_dag_in("zorgcoordinator_betrokken_op", k))
    # A case closed before the earliest period counts in none of them (unless a date of its victim track does).
    vanaf, _tot = _grenzen(perioden)
    dag = timezone.localdate(vanaf)
    relevant = (Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gte=vanaf) | Q(geopend_op__gte=vanaf)
                | Q(comensha_aangemeld_op__gte=dag) | Q(zorgcoordinator_betrokken_op__gte=dag))
    uitkomst = Casus.objects.filter(scope).filter(relevant).aggregate(**tellingen)

    # One query for the three per-form tables: annotate each form with nine counts, then split.
    scope_via = Q(casussen__in=Casus.objects.filter(scope).filter(relevant).values("pk"))
    filters = []
    for k in perioden:
        filters.append(scope_via & _in("geopend_op", k, "casussen__"))
    for k in perioden:
        filters.append(scope_via & _lopend(k, "casussen__"))
    for k in perioden:
        filters.append(scope_via & _in("afgesloten_op", k, "casussen__"))
    rijen = _lijsten(Vorm, "casussen", filters, tabellen=3)
    return {
        **{naam: _drie(uitkomst, naam) for naam in ("geopend", "lopend", "afgesloten", "comensha", "zorgcoordinator")},
        "geopend_per_vorm": rijen[0],
        "lopend_per_vorm": rijen[1],
        "afgesloten_per_vorm": rijen[2],
    }


def _overleggen(scope, perioden):
    from casusoverleg.models import Overleg, OverlegDeelnemer, OverlegStatus, Uitnodiging
    from partners.models import OrganisatieSoort

    gehouden = Overleg.objects.filter(
        scope, status__in=(OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD),
    ).filter(reduce(or_, (_in("begint", k) for k in perioden)))
    periode_van = {pk: next(i for i, k in enumerate(perioden) if k.bevat(begint))
                   for pk, begint in gehouden.values_list("pk", "begint")}
    gehouden_per_periode = [sum(1 for i in periode_van.values() if i == p) for p in range(3)]

    # Expected: each (meeting, organisation) pair among its participants and invitations; present: on either row.
    # Bounded by meetings x organisations, not by the number of signals or cases.
    rijen = [
        *OverlegDeelnemer.objects.filter(overleg_id__in=list(periode_van)).values_list(
            "overleg_id", "organisatie_id", "organisatie__soort", "aanwezig"),
        *Uitnodiging.objects.filter(agendapunt__overleg_id__in=list(periode_van)).values_list(
            "agendapunt__overleg_id", "organisatie_id", "organisatie__soort", "aanwezig").distinct(),
    ]
    paren = {}
    for overleg_id, organisatie_id, soort, aanwezig in rijen:
        eerder = paren.get((overleg_id, organisatie_id), (soort, False))[1]
        paren[(overleg_id, organisatie_id)] = (soort, eerder or aanwezig is True)
    verwacht = {s: [0, 0, 0] for s in OrganisatieSoort.values}
    aanwezig = {s: [0, 0, 0] for s in OrganisatieSoort.values}
    for (overleg_id, _organisatie_id), (soort, was_er) in paren.items():
        verwacht[soort][periode_van[overleg_id]] += 1
        aanwezig[soort][periode_van[overleg_id]] += was_er
    return {
        "gehouden": gehouden_per_periode,
        "per_organisatiesoort": [
            {"sleutel": soort, "aanwezig": aanwezig[soort], "verwacht": verwacht[soort]}
            for soort in OrganisatieSoort.values if any(verwacht[soort])
        ],
    }


def _acties(scope, perioden):
    from casusoverleg.models import Actie, ActieSoort, ActieStatus
    from partners.models import OrganisatieSoort

    tellingen = {}
    nu = timezone.now()
    for i, k in enumerate(perioden):
        tellingen[f"afgesproken_{i}"] = Count("pk", filter=_in("aangemaakt", k))
        tellingen[f"gereed_{i}"] = Count("pk", filter=Q(status=ActieStatus.GEREED) & _in("gereed_op", k))
        # Overdue at the end of the period; for the quarter still running: now, due before today, as Actiebewaking
        # counts them (issue 18: the running quarter's concept counted actions due later this quarter too).
        peil, peildag = k.einde, k.laatste_dag
        if peil > nu:
            peil, peildag = nu, timezone.localdate(nu) - timedelta(days=1)
        tellingen[f"verlopen_{i}"] = Count("pk", filter=(
            Q(aangemaakt__lt=peil, deadline__lte=peildag) & ~Q(status=ActieStatus.VERVALLEN)
            & (Q(gereed_op__isnull=True) | Q(gereed_op__gte=peil))))
    # An action made and done before the earliest period counts in none of them; one never done may still be overdue.
    vanaf, _tot = _grenzen(perioden)
    acties = Actie.objects.filter(scope).filter(
        Q(aangemaakt__gte=vanaf) | Q(gereed_op__gte=vanaf) | Q(gereed_op__isnull=True))
    namen = ("afgesproken", "gereed", "verlopen")

    def per(veld):
        return {
            rij[veld]: {naam: _drie(rij, naam) for naam in namen}
            for rij in acties.order_by().values(veld).annotate(**tellingen)
        }

    per_soort = per("soort")
    per_organisatiesoort = per("organisatie__soort")
    leeg = {naam: [0, 0, 0] for naam in namen}
    totalen = {naam: [sum(rij[naam][i] for rij in per_soort.values()) for i in range(3)] for naam in namen}

    duur = [[] for _p in perioden]
    for aangemaakt, gereed_op in acties.filter(status=ActieStatus.GEREED).filter(
            reduce(or_, (_in("gereed_op", k) for k in perioden))).values_list("aangemaakt", "gereed_op"):
        for i, k in enumerate(perioden):
            if k.bevat(gereed_op):
                duur[i].append((gereed_op - aangemaakt).total_seconds() / DAG)
    return {
        **totalen,
        "per_soort": [{"sleutel": soort, **per_soort.get(soort, leeg)} for soort in ActieSoort.values],
        "per_organisatiesoort": [
            {"sleutel": soort, **per_organisatiesoort[soort]}
            for soort in OrganisatieSoort.values
            if soort in per_organisatiesoort and any(any(w) for w in per_organisatiesoort[soort].values())
        ],
        "doorlooptijd": {"mediaan_dagen": [_mediaan(d) for d in duur], "aantal": [len(d) for d in duur]},
    }


def bereken(werkgebied, kwartaal):
    """The figures of ``werkgebied`` (a District or Regio) for ``kwartaal`` (a ``perioden.Kwartaal``), as the schema
    above. A fixed, small number of queries, whatever the number of signals."""
    soort = _werkgebied(werkgebied)
    perioden = _perioden(kwartaal)
    reeks = [kwartaal.terug(n) for n in range(4, -1, -1)]
    gemeenten, casus, overleg, actie = _scopes(werkgebied)
    signalen, reeks_tellingen = _signalen(gemeenten, perioden, reeks)
    return {
        "schema": SCHEMA,
        "werkgebied": {"soort": soort, "naam": werkgebied.naam},
        "kwartaal": _kw(kwartaal),
        "perioden": [_kw(k) for k in perioden],
        "reeks": [{"kwartaal": _kw(k), "signalen": n} for k, n in zip(reeks, reeks_tellingen, strict=True)],
        "signalen": signalen,
        "casussen": _casussen(casus, perioden),
        "overleggen": _overleggen(overleg, perioden),
        "acties": _acties(actie, perioden),
        # Issue 9: the latest basisniveau measurement on or before the quarter's last day (None: there is none),
        # and the awareness sessions in the twelve months up to that day.
        "basisniveau": basisniveau.cijfers_voor_rapport(werkgebied, kwartaal.laatste_dag),
        "bewustwording": bewustwording.cijfers_voor_rapport(werkgebied, kwartaal.laatste_dag),
        # Issue 21: the barriers of the bestuurlijke aanpak, and the national context (NRM), apart from the own figures.
        "barrieres": cijfers_barrieres.cijfers_voor_rapport(werkgebied, perioden),
        "landelijk": landelijk.cijfers_voor_rapport(),
        # Issue 21: the victims' care tracks (victims, registrations with CoMensha, steps arranged per kind).
        "zorg": cijfers_zorg.cijfers_voor_rapport(werkgebied, perioden),
    }
