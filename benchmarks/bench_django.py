"""The in-process side of ``benchmarks/bench.py`` (Django set up on the same database as gunicorn): which pages are
measured, the query count per page, the ``EXPLAIN ANALYZE`` of the lists with and without the access filter, and the
drafts and form data of the submission run.
"""
import json
import re
import statistics
from datetime import timedelta

WACHTWOORD = "welkom-demo-2026"
REGISSEUR = "regisseur@twente.example"
COORDINATOR = "coordinator@enschede.example"
PARTNER = "politie@oost-nederland.example"
# Four clients submit signals at the same time, each as its own account (with its own session).
INDIENERS = [
    "coordinator@enschede.example",
    "coordinator@hengelo.example",
    "coordinator@utrecht.example",
    "politie@oost-nederland.example",
]
ROLNAMEN = {REGISSEUR: "ketenregisseur", COORDINATOR: "coordinator", PARTNER: "partner"}
# Transaction control that Django's debug cursor also records (BEGIN/COMMIT of ATOMIC_REQUESTS and the session save):
# counted apart from the queries.
TRANSACTIE = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE\s+SAVEPOINT)\b", re.I)


def gebruikers(*emails):
    from django.contrib.auth import get_user_model

    gevonden = {u.email: u for u in get_user_model().objects.filter(email__in=emails).select_related("organisatie")}
    ontbreekt = [e for e in emails if e not in gevonden]
    if ontbreekt:
        raise SystemExit(f"The database has no demo account {', '.join(ontbreekt)}: run manage.py seed_demo first.")
    return gevonden


def vloer_pad():
    from django.urls import reverse

    return reverse("privacy")


def paginas():
    """The measured pages: [{key, naam, email, pad}], each as the user who uses it. The case is the one with the
    most actions the ketenregisseur sees, the meeting the one with the most agenda items."""
    from django.db.models import Count
    from django.urls import reverse

    from casusoverleg.selectors import casussen_visible_for, overleggen_visible_for

    users = gebruikers(REGISSEUR, COORDINATOR, PARTNER)
    regisseur = users[REGISSEUR]
    casus = (casussen_visible_for(regisseur).annotate(n=Count("acties", distinct=True))
             .order_by("-n", "-pk").first())
    overleg = (overleggen_visible_for(regisseur).annotate(n=Count("agendapunten", distinct=True))
               .order_by("-n", "-begint", "-pk").first())
    lijst = [
        ("start-regisseur", "Startpagina", REGISSEUR, reverse("start")),
        ("start-coordinator", "Startpagina", COORDINATOR, reverse("start")),
        ("start-partner", "Startpagina", PARTNER, reverse("start")),
        ("signalen", "Signalen", REGISSEUR, reverse("signalen:lijst")),
        ("mijn-signalen", "Mijn signalen", COORDINATOR, reverse("signalen:mijn")),
        ("casussen", "Casussen", REGISSEUR, reverse("casusoverleg:casussen")),
    ]
    if casus is not None:
        lijst.append(("casus", f"Casus {casus.code} ({casus.n} acties)", REGISSEUR,
                      reverse("casusoverleg:casus", kwargs={"pk": casus.pk})))
    if overleg is not None:
        lijst.append(("overleg", f"Overleg {overleg.begint:%Y-%m-%d} ({overleg.n} agendapunten)", REGISSEUR,
                      reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})))
    lijst += [
        ("overleggen", "Overleggen", REGISSEUR, reverse("casusoverleg:overleggen")),
        ("mijn-acties", "Mijn acties", PARTNER, reverse("casusoverleg:mijn_acties")),
        ("actiebewaking", "Actiebewaking", REGISSEUR, reverse("casusoverleg:actiebewaking")),
        ("audit", "Auditlog", REGISSEUR, reverse("audit:lijst")),
        ("rapporten", "Rapportages (archief)", REGISSEUR, reverse("rapportage:rapporten")),
        ("signalen-csv", "Signalen CSV-export", REGISSEUR, reverse("signalen:export")),
    ]
    return [{"key": key, "naam": naam, "email": email, "rol": ROLNAMEN[email], "pad": pad}
            for key, naam, email, pad in lijst]


def volume():
    """How much the database holds (for the report's heading)."""
    from casusoverleg.models import Actie, Agendapunt, Casus, Overleg
    from mensenhandel.audit.models import AuditEntry
    from signalen.models import Signaal, Status

    return {
        "signalen": Signaal.objects.exclude(status=Status.CONCEPT).count(),
        "casussen": Casus.objects.count(),
        "overleggen": Overleg.objects.count(),
        "agendapunten": Agendapunt.objects.count(),
        "acties": Actie.objects.count(),
        "auditregels": AuditEntry.objects.count(),
    }


def tel_queries(pagina_lijst, herhalen=2):
    """{key: {"sql": queries, "transactie": transaction statements}} of one request with Django's test Client on this
    database, after one warm-up request per page (the largest of ``herhalen`` requests), and the same for the floor
    page under ``"vloer:<e-mail>"``."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = gebruikers(*{p["email"] for p in pagina_lijst})
    clients = {}
    uitkomst = {}

    def meet(client, pad):
        client.get(pad)  # warm-up (first request of the session, caches)
        tellingen = []
        for _ in range(herhalen):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(pad)
                if response.streaming:
                    b"".join(response.streaming_content)
            if response.status_code != 200:
                raise RuntimeError(f"{pad}: status {response.status_code} in the test client")
            transactie = sum(1 for q in ctx.captured_queries if TRANSACTIE.match(q["sql"]))
            tellingen.append((len(ctx.captured_queries) - transactie, transactie))
        sql, transactie = max(tellingen)
        return {"sql": sql, "transactie": transactie}

    for pagina in pagina_lijst:
        client = clients.get(pagina["email"])
        if client is None:
            client = clients[pagina["email"]] = Client()
            client.force_login(users[pagina["email"]])
            uitkomst[f"vloer:{pagina['email']}"] = meet(client, vloer_pad())
        uitkomst[pagina["key"]] = meet(client, pagina["pad"])
    return uitkomst


# --- EXPLAIN ANALYZE: the first page of a list with and without the access filter ------------------------------------


def _lijsten(regisseur, partner):
    """[(label, user, Model, build)]: ``build(base)`` is the list's first page (its filter that is not about access,
    its order, its select_related and its slice) over ``base``: the selector of the user, or all rows."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    from casusoverleg import selectors as cs
    from casusoverleg.models import Actie, Casus
    from casusoverleg.views import acties as actie_views
    from casusoverleg.views import casussen as casus_views
    from signalen.models import Signaal, Status
    from signalen.views import lijsten as signaal_views

    signaal_per_pagina = signaal_views.PER_PAGINA
    casus_per_pagina = casus_views.PER_PAGINA
    actie_per_pagina = actie_views.PER_PAGINA

    def signalen_regisseur(base):  # Signalen: newest submission first
        rows = signaal_views._rijen(base.exclude(status=Status.CONCEPT))
        return rows.order_by("-ingediend_op", "-pk")[:signaal_per_pagina]

    def signalen_partner(base):  # Mijn signalen: newest submission first, with the last feedback
        rows = signaal_views._rijen(base.exclude(status=Status.CONCEPT))
        rows = rows.annotate(laatste_terugkoppeling=signaal_views._laatste_terugkoppeling())
        return rows.order_by("-ingediend_op", "-pk")[:signaal_per_pagina]

    def casussen(base):  # Casussen: newest first, with the number of open actions
        rows = base.select_related("district", "regio").annotate(aantal_open_acties=cs._aantal_open_acties())
        return rows.order_by("-geopend_op", "-pk")[:casus_per_pagina]

    def acties_regisseur(base):  # Actiebewaking: overdue first, then by due date
        return cs.verlopen_eerst(base).select_related("organisatie", "verantwoordelijke")[:actie_per_pagina]

    def acties_partner(base):  # Mijn acties: the organisation's, personal first, then overdue, then by due date
        rows = base.filter(organisatie_id=partner.organisatie_id).annotate(
            persoonlijk=Case(When(verantwoordelijke_id=partner.pk, then=Value(0)), default=Value(1),
                             output_field=IntegerField()),
            verlopen_rang=cs._verlopen_rang(timezone.localdate()),
        )
        rows = rows.order_by("persoonlijk", "verlopen_rang", "deadline", "pk")
        return rows.select_related("organisatie", "verantwoordelijke")[:actie_per_pagina]

    from signalen.selectors import signalen_visible_for

    return [
        ("Signalen", "ketenregisseur", regisseur, Signaal, signalen_visible_for, signalen_regisseur),
        ("Signalen (Mijn signalen)", "partner", partner, Signaal, signalen_visible_for, signalen_partner),
        ("Casussen", "ketenregisseur", regisseur, Casus, cs.casussen_visible_for, casussen),
        ("Casussen", "partner", partner, Casus, cs.casussen_visible_for, casussen),
        ("Acties (Actiebewaking)", "ketenregisseur", regisseur, Actie, cs.acties_visible_for, acties_regisseur),
        ("Acties (Mijn acties)", "partner", partner, Actie, cs.acties_visible_for, acties_partner),
    ]


def _uitvoertijd(sql, params):
    """Execution Time (ms) of one EXPLAIN ANALYZE of the query, and the number of rows it returned."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    return plan[0]["Execution Time"], plan[0]["Plan"].get("Actual Rows")


def toegangsfilter(herhalen=11):
    """For each list and user: the median EXPLAIN ANALYZE execution time of its first page through the selector and
    of the same query over all rows (``Model.objects.all()``), run alternately ``herhalen`` times after one warm-up."""
    users = gebruikers(REGISSEUR, PARTNER)
    uitkomst = []
    for naam, rol, user, model, selector, bouw in _lijsten(users[REGISSEUR], users[PARTNER]):
        met = bouw(selector(user)).query.sql_with_params()
        zonder = bouw(model.objects.all()).query.sql_with_params()
        _uitvoertijd(*met)
        _uitvoertijd(*zonder)
        tijden_met, tijden_zonder = [], []
        for _ in range(herhalen):
            ms, rijen_met = _uitvoertijd(*met)
            tijden_met.append(ms)
            ms, rijen_zonder = _uitvoertijd(*zonder)
            tijden_zonder.append(ms)
        uitkomst.append({
            "lijst": naam, "rol": rol, "gebruiker": user.email,
            "met_ms": statistics.median(tijden_met), "zonder_ms": statistics.median(tijden_zonder),
            "rijen_met": rijen_met, "rijen_zonder": rijen_zonder,
        })
    return uitkomst


# --- the submission run ---------------------------------------------------------------------------------------------


def formulier(user):
    """The POST of a filled, valid signal form (as the browser sends it, without the CSRF field) for ``user``."""
    from django.utils import timezone

    from signalen import selectors
    from signalen.models import Antwoord, Bron, Indicator, Sector, Urgentie, Vorm

    keuze = selectors.gemeenten_for_submitter(user)
    gemeente = selectors.default_gemeente(user)
    if gemeente is None or not keuze.filter(pk=gemeente.pk).exists():
        gemeente = keuze.order_by("naam").first()

    def actief(model, code):
        return model.objects.filter(actief=True, code=code).first() or model.objects.filter(actief=True).order_by(
            "pk").first()

    data = {
        "gemeente": str(gemeente.pk),
        "waargenomen_van": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "waargenomen_tot": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "vormen": [str(actief(Vorm, "arbeid").pk)],
        "sector": str(actief(Sector, "champignonkwekerijen").pk),
        "bron": str(actief(Bron, "brp").pk),
        "omschrijving": "Twaalf mensen ingeschreven op één adres; een busje haalt ze elke ochtend om 5 uur op en "
                        "brengt ze na twaalf uur terug. Een buurman zegt dat hun paspoorten bij de uitzender liggen.",
        "locatie_naam": "Kwekerij De Voorbeeldhoeve",
        "locatie_adres": "Voorbeeldweg 1",
        "kvk_nummer": "12345678",
        "aantal_slachtoffers": "12",
        "urgentie": Urgentie.HOOG,
        "actie": "indienen",
    }
    for n, indicator in enumerate(Indicator.objects.filter(actief=True).order_by("pk")):
        antwoord = Antwoord.WAARGENOMEN if n < 3 else Antwoord.NIET_WAARGENOMEN if n < 5 else Antwoord.ONBEKEND
        data[f"indicator_{indicator.pk}"] = antwoord
    return data


def maak_concepten(user, aantal):
    """``aantal`` empty drafts of ``user`` (as "Nieuw signaal" makes them, without its audit row): the submission run
    POSTs the filled form to each, so making the draft is not part of what is timed. Returns their ids."""
    from signalen import selectors
    from signalen.models import Signaal, Status

    gemeente = selectors.default_gemeente(user)
    rijen = [Signaal(status=Status.CONCEPT, ingediend_door=user, organisatie=user.organisatie, gemeente=gemeente)
             for _ in range(aantal)]
    return [s.pk for s in Signaal.objects.bulk_create(rijen, batch_size=1000)]


def opruimen(ids):
    """Remove the benchmark's signals (submitted or still a draft) with what hangs under them. Their audit rows stay:
    the audit log is append-only."""
    from signalen.models import Signaal

    verwijderd = 0
    ids = list(ids)
    for start in range(0, len(ids), 1000):
        verwijderd += Signaal.objects.filter(pk__in=ids[start:start + 1000]).delete()[1].get("signalen.Signaal", 0)
    return verwijderd
