"""How long it takes to count the figures of a quarterly report and render its PDF, on a realistic volume for one
district (default: 300 signals, 40 cases, 12 meetings, 100 actions, spread over the five quarters the report looks
at), and how many pages and bytes the PDF has.

    DJANGO_SETTINGS_MODULE=mensenhandel.settings.test .venv/bin/python benchmarks/rapport_pdf.py [--keer 5]
        [--signalen 300] [--casussen 40] [--overleggen 12] [--acties 100] [--pdf rapport.pdf]
    DATABASE_URL=... .venv/bin/python benchmarks/rapport_pdf.py --werkgebied regio:Midden-Nederland
        [--kwartaal 2026-1] [--keer 3] [--json]

Without DATABASE_URL it uses a throw-away SQLite database (migrated first, which takes a little while); with it, an
existing migrated database. The data (the demo organisations, accounts and tables, then the signals, cases,
meetings and actions of Twente) is built in a transaction that is rolled back at the end: nothing stays behind.
``--pdf`` writes the last rendered PDF to look at.

``--werkgebied regio:<name>`` or ``district:<code>`` builds nothing: it counts and renders the report of that
werkgebied from the data already in the database (``DATABASE_URL``, e.g. after ``seed_demo`` and
``generate_volume``), for ``--kwartaal`` (default: the last quarter that has ended), as the report job does (the
figures through JSON, as they are stored). The report row it needs is rolled back too. ``--json`` adds one line
``JSON {...}`` with the figures (``benchmarks/bench.py`` reads it).

Prints, for counting (``cijfers.bereken``), rendering (``pdf.render``: the Weergave, the charts, WeasyPrint) and the
two together, the median and the slowest time in seconds, and the page count and size of the PDF.
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.agenda_pdf import _setup, pagina_aantal  # noqa: E402


def _moment(rng, kwartaal):
    """A random moment (Europe/Amsterdam) in the quarter."""
    from django.utils import timezone

    begin = kwartaal.begin
    seconden = int((kwartaal.einde - begin).total_seconds())
    return timezone.localtime(begin + timedelta(seconds=rng.randrange(seconden)))


def bouw(kwartaal, signalen=300, casussen=40, overleggen=12, acties=100, seed=8):
    """The Twente data of the five quarters up to ``kwartaal``: signals with their triage decisions, cases, meetings
    with attendance, actions (done, overdue, open). Returns the district."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from casusoverleg.models import (
        Actie,
        ActieSoort,
        ActieStatus,
        Casus,
        Overleg,
        OverlegDeelnemer,
        OverlegStatus,
    )
    from signalen.models import Bestemming, Bron, Gebeurtenis, Sector, Signaal, SignaalHistorie, Status, Vorm
    from tafels.models import District, Tafel

    rng = random.Random(seed)
    call_command("seed_demo", "--zonder-signalen", stdout=open(os.devnull, "w"))  # noqa: SIM115
    gebruikers = {u.email: u for u in get_user_model().objects.select_related("organisatie")}
    regisseur = gebruikers["regisseur@twente.example"]
    melders = [u for u in gebruikers.values() if u.organisatie_id and u.is_active][:6]
    twente = District.objects.get(code="TW")
    gemeenten = list(twente.gemeenten.order_by("naam"))
    vormen, sectoren, bronnen = list(Vorm.objects.all()), list(Sector.objects.all()), list(Bron.objects.all())
    kwartalen = [kwartaal.terug(n) for n in range(4, -1, -1)]
    # More in the recent quarters, as a growing approach would have.
    gewichten = [1, 1, 1.2, 1.4, 1.6]

    uitkomsten = ([Status.OPGEPAKT_IN_CASUS] * 3 + [Status.DOORGEZET] * 4 + [Status.AFGESLOTEN] * 2
                  + [Status.IN_BEHANDELING, Status.INGEDIEND])
    for n in range(signalen):
        kw = rng.choices(kwartalen, gewichten)[0]
        ingediend = _moment(rng, kw)
        door = melders[n % len(melders)]
        status = rng.choice(uitkomsten)
        signaal = Signaal.objects.create(
            referentie=f"SIG-BENCH-{n:05d}", status=status, ingediend_door=door, organisatie=door.organisatie,
            gemeente=rng.choice(gemeenten), ingediend_op=ingediend, aangemaakt=ingediend - timedelta(hours=2),
            sector=rng.choice(sectoren + [None]), bron=rng.choice(bronnen + [None]),
            doorgezet_naar=rng.choice(Bestemming.values) if status == Status.DOORGEZET else "",
            omschrijving="Signaal voor de benchmark.",
        )
        signaal.vormen.set(rng.sample(vormen, rng.choice([0, 1, 1, 1, 2])))
        if status in (Status.OPGEPAKT_IN_CASUS, Status.DOORGEZET, Status.AFGESLOTEN):
            SignaalHistorie.objects.create(
                signaal=signaal, tijdstip=ingediend + timedelta(days=rng.uniform(0.2, 20)), door=regisseur,
                soort=Gebeurtenis.STATUS, van_status=Status.IN_BEHANDELING, naar_status=status)

    alle_casussen = []
    for n in range(casussen):
        kw = rng.choices(kwartalen, gewichten)[0]
        geopend = _moment(rng, kw)
        afgesloten = geopend + timedelta(days=rng.randint(30, 300)) if rng.random() < 0.45 else None
        casus = Casus.objects.create(
            code=f"TW-BENCH-{n:03d}", district=twente, regio=twente.regio, eigenaar=regisseur,
            samenvatting="Casus voor de benchmark.", geopend_op=geopend, status_gewijzigd_op=geopend,
            afgesloten_op=afgesloten, status="afgesloten" if afgesloten else "open",
            comensha_aangemeld_op=(geopend + timedelta(days=5)).date() if rng.random() < 0.4 else None,
            zorgcoordinator_betrokken_op=(geopend + timedelta(days=3)).date() if rng.random() < 0.5 else None,
        )
        casus.vormen.set(rng.sample(vormen, rng.choice([1, 1, 2])))
        alle_casussen.append(casus)

    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    leden = list(tafel.leden.select_related("organisatie"))
    for n in range(overleggen):
        kw = kwartalen[-1 - (n % 3)] if n < 9 else kwartalen[n % 2]
        begint = _moment(rng, kw).replace(hour=13, minute=30, second=0, microsecond=0)
        overleg = Overleg.objects.create(
            tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2), doel="Benchmark.",
            status=OverlegStatus.BESLUITENLIJST_VASTGESTELD if n % 6 else OverlegStatus.GEHOUDEN,
            aangemaakt_door=regisseur,
        )
        for lid in leden:
            OverlegDeelnemer.objects.create(overleg=overleg, organisatie=lid.organisatie, deelnemer=lid.deelnemer,
                                            mailbox=lid.mailbox, aanwezig=rng.random() < 0.85)

    organisaties = [lid.organisatie for lid in leden]
    for _n in range(acties):
        casus = rng.choice(alle_casussen)
        aangemaakt = casus.geopend_op + timedelta(days=rng.randint(1, 60))
        deadline = (aangemaakt + timedelta(days=rng.randint(7, 45))).date()
        gereed = aangemaakt + timedelta(days=rng.randint(3, 50)) if rng.random() < 0.6 else None
        Actie.objects.create(
            casus=casus, omschrijving="Actie voor de benchmark.", soort=rng.choice(ActieSoort.values),
            organisatie=rng.choice(organisaties), deadline=deadline,
            status=ActieStatus.GEREED if gereed else rng.choice([ActieStatus.OPEN, ActieStatus.IN_UITVOERING]),
            gereed_op=gereed, aangemaakt_door=regisseur, aangemaakt=aangemaakt,
        )
    return twente


def _meet(rapport, tel, keer, tellen, renderen, samen):
    """Render once to warm up, then ``keer`` times: count with ``tel()``, render; the times go into the three lists.
    Returns the last PDF."""
    from django.utils import timezone

    from rapportage import pdf

    pdf.render(rapport)
    data = b""
    for _ in range(keer):
        start = time.perf_counter()
        rapport.gegevens = tel()
        rapport.geteld_op = timezone.now()
        geteld = time.perf_counter()
        data = pdf.render(rapport)
        klaar = time.perf_counter()
        tellen.append(geteld - start)
        renderen.append(klaar - geteld)
        samen.append(klaar - start)
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keer", type=int, default=5, help="how many times to count and render (default 5)")
    parser.add_argument("--signalen", type=int, default=300)
    parser.add_argument("--casussen", type=int, default=40)
    parser.add_argument("--overleggen", type=int, default=12)
    parser.add_argument("--acties", type=int, default=100)
    parser.add_argument("--pdf", help="write the last PDF to this file")
    parser.add_argument("--werkgebied", help="regio:<name> or district:<code>: the report of existing data")
    parser.add_argument("--kwartaal", help="YYYY-Q (with --werkgebied; default: the last quarter that has ended)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one line 'JSON {...}'")
    args = parser.parse_args(argv)
    _setup()
    if args.werkgebied:
        return bestaand(args)

    from django.db import transaction
    from django.utils import timezone

    from rapportage import cijfers
    from rapportage.models import Rapport, RapportStatus
    from rapportage.perioden import Kwartaal

    class Terugdraaien(Exception):
        pass

    tellen, renderen, samen = [], [], []
    data = b""
    kwartaal = Kwartaal(2026, 3)
    try:
        with transaction.atomic():
            twente = bouw(kwartaal, args.signalen, args.casussen, args.overleggen, args.acties)
            rapport = Rapport.objects.create(district=twente, jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, versie=1,
                                             status=RapportStatus.DEFINITIEF,
                                             toelichting="Een toelichting van de ketenregisseur.\n\nTweede alinea.")
            # Warm-up: templates, fonts, imports.
            rapport.gegevens = cijfers.bereken(twente, kwartaal)
            rapport.geteld_op = timezone.now()
            data = _meet(rapport, lambda: cijfers.bereken(twente, kwartaal), args.keer, tellen, renderen, samen)
            ontvangen = rapport.gegevens["signalen"]["ontvangen"][0]
            raise Terugdraaien
    except Terugdraaien:
        pass
    if args.pdf:
        Path(args.pdf).write_bytes(data)
    print(f"quarterly report PDF, Twente {kwartaal.jaar} Q{kwartaal.kwartaal}: {args.signalen} signals "
          f"({ontvangen} in the quarter), {args.casussen} cases, {args.overleggen} meetings, {args.acties} actions; "
          f"{args.keer} runs")
    for naam, tijden in (("count", tellen), ("render", renderen), ("count + render", samen)):
        print(f"{naam:>15}: median {statistics.median(tijden):.3f} s   max {max(tijden):.3f} s")
    print(f"pages: {pagina_aantal(data)}   size: {len(data) / 1024:.0f} KiB")


def bestaand(args):
    """Count and render the report of an existing werkgebied (``--werkgebied``) in the database as it is."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from rapportage import cijfers
    from rapportage.jobs import _json
    from rapportage.models import Rapport, RapportStatus
    from rapportage.perioden import Kwartaal
    from tafels.models import District, Regio

    soort, _dubbelepunt, naam = args.werkgebied.partition(":")
    if soort == "regio":
        werkgebied = Regio.objects.get(naam=naam)
        veld = {"regio": werkgebied}
    elif soort == "district":
        werkgebied = District.objects.get(code=naam)
        veld = {"district": werkgebied}
    else:
        raise SystemExit("--werkgebied is regio:<name> or district:<code>")
    if args.kwartaal:
        jaar, _streep, nummer = args.kwartaal.partition("-")
        kwartaal = Kwartaal(int(jaar), int(nummer))
    else:
        kwartaal = Kwartaal.laatst_afgesloten()

    class Terugdraaien(Exception):
        pass

    tellen, renderen, samen = [], [], []
    data = b""
    try:
        with transaction.atomic():
            versie = (Rapport.objects.filter(jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, **veld)
                      .aggregate(m=Max("versie"))["m"] or 0) + 1
            rapport = Rapport.objects.create(jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, versie=versie,
                                             status=RapportStatus.DEFINITIEF, **veld,
                                             toelichting="Een toelichting van de ketenregisseur.\n\nTweede alinea.")
            # Warm-up: templates, fonts, imports.
            rapport.gegevens = _json(cijfers.bereken(werkgebied, kwartaal))
            rapport.geteld_op = timezone.now()
            data = _meet(rapport, lambda: _json(cijfers.bereken(werkgebied, kwartaal)), args.keer, tellen, renderen,
                         samen)
            ontvangen = rapport.gegevens["signalen"]["ontvangen"][0]
            raise Terugdraaien
    except Terugdraaien:
        pass
    if args.pdf:
        Path(args.pdf).write_bytes(data)
    print(f"quarterly report PDF, {werkgebied.naam} {kwartaal.jaar} Q{kwartaal.kwartaal} from the database: "
          f"{ontvangen} signals in the quarter; {args.keer} runs")
    for naam_, tijden in (("count", tellen), ("render", renderen), ("count + render", samen)):
        print(f"{naam_:>15}: median {statistics.median(tijden):.3f} s   max {max(tijden):.3f} s")
    print(f"pages: {pagina_aantal(data)}   size: {len(data) / 1024:.0f} KiB")
    if args.json:
        print("JSON " + json.dumps({
            "werkgebied": werkgebied.naam, "kwartaal": f"{kwartaal.jaar}-Q{kwartaal.kwartaal}", "keer": args.keer,
            "signalen_in_kwartaal": ontvangen, "tellen": statistics.median(tellen),
            "renderen": statistics.median(renderen), "mediaan": statistics.median(samen), "max": max(samen),
            "paginas": pagina_aantal(data), "bytes": len(data)}))


if __name__ == "__main__":
    main()
