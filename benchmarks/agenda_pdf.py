"""How long it takes to render the agenda PDF of a meeting with 30 items (the full agenda), and how many pages it has.

    DJANGO_SETTINGS_MODULE=mensenhandel.settings.test .venv/bin/python benchmarks/agenda_pdf.py [--keer 10]
        [--punten 30] [--pdf agenda.pdf] [--ontvanger "Gemeente Hengelo"] [--alle] [--codes TW-9999] [--json]

Without DATABASE_URL it uses a throw-away SQLite database (migrated first, which takes a little while); with it, an
existing migrated database. The data (the demo organisations, accounts and tables, cases, actions and one meeting)
is built in a transaction that is rolled back at the end: nothing stays behind. ``--pdf`` writes the last rendered
PDF (of ``--ontvanger``'s organisation, or the full agenda) to look at.

``--alle`` times the whole set instead: the recipients worked out and one PDF rendered for each of them (the full
agenda, every standing participant, every invitee), as the agenda job makes them (without storing the files).
``--codes`` is the prefix of the benchmark's case codes (default ``TW-2026``); on a database that already holds
demo cases use one that cannot clash, e.g. ``TW-9999``. ``--json`` adds one line ``JSON {...}`` with the figures
(``benchmarks/bench.py`` reads it).

Prints the median and the slowest render time in seconds and the page count.
"""
import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMENVATTINGEN = [
    "Meerdere arbeidsmigranten wonen op één adres; huisvesting en vervoer lopen via de werkgever. Signalen van "
    "inhouding van loon en ingenomen identiteitsbewijzen.",
    "Vermoedelijke seksuele uitbuiting in een woning die via een verhuurplatform wordt aangeboden; wisselende "
    "bewoners, bezoek 's nachts.",
    "Minderjarige die betrokken lijkt bij het vervoeren van drugs; signalen van school en wijkteam over schulden "
    "bij een derde.",
    "Nagelstudio met personeel dat lange dagen werkt zonder contract; eigenaar is onbereikbaar voor de gemeente.",
    "Uitkeringsfraude onder dwang vermoed: meerdere inschrijvingen op één adres, aanvragen door dezelfde persoon.",
]
ACTIES = [
    ("Controle huisvesting en inschrijvingen BRP op het adres.", "Gemeente Hengelo"),
    ("Gesprek met de vermoedelijke slachtoffers via het zorgspoor.", "Zorgcoördinator Twente"),
    ("Inspectie arbeidsomstandigheden bij het bedrijf.", "Nederlandse Arbeidsinspectie"),
    ("Verkenning strafrechtelijk onderzoek en informatie uit de systemen.", "Politie Oost-Nederland"),
    ("Fiscale toets van de onderneming en de betalingen.", "Belastingdienst"),
]


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings.test")
    os.environ.setdefault("DEMO_MODE", "1")
    verse_database = not os.environ.get("DATABASE_URL")
    if verse_database:
        map_ = tempfile.mkdtemp(prefix="agenda-benchmark-")
        os.environ["DATABASE_URL"] = f"sqlite:///{map_}/benchmark.sqlite3"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if verse_database:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def bouw_agenda(aantal_punten=30, codes="TW-2026"):
    """A meeting of the Twente casusoverleg with ``aantal_punten`` items: opening, decision list, a general topic,
    cases (each with two or three open actions, some overdue) and the rondvraag; Gemeente Hengelo invited for the
    first Hengelo case."""
    from django.core.management import call_command
    from django.utils import timezone

    from casusoverleg.models import (
        Actie,
        ActieSoort,
        Agendapunt,
        AgendapuntSoort,
        Casus,
        Overleg,
        OverlegDeelnemer,
        OverlegStatus,
        Uitnodiging,
    )
    from partners.models import Organisatie
    from signalen.models import Vorm
    from tafels.models import District, Tafel

    call_command("seed_demo", "--zonder-signalen", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    gebruikers = {u.email: u for u in get_user_model().objects.all()}
    regisseur = gebruikers["regisseur@twente.example"]
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    twente = District.objects.get(code="TW")
    gemeenten = list(twente.gemeenten.order_by("naam"))
    hengelo = next(g for g in gemeenten if g.naam == "Hengelo")
    vormen = list(Vorm.objects.all())
    organisaties = {o.naam: o for o in Organisatie.objects.all()}
    begint = timezone.now().replace(hour=13, minute=30, second=0, microsecond=0) + timedelta(days=21)
    overleg = Overleg.objects.create(
        tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2, minutes=30),
        locatie="Stadhuis Enschede, Langestraat 24, zaal De Raad", online_link="https://vergader.example/twente-co",
        voorzitter=tafel.voorzitter, aangemaakt_door=regisseur, status=OverlegStatus.AGENDA_DEFINITIEF, agenda_versie=1,
        doel="De informatie die in dit overleg wordt gedeeld mag alleen worden gebruikt om de casussen mensenhandel op "
             "de agenda te beoordelen en interventies (strafrechtelijk, bestuurlijk, fiscaal, arbeidsrechtelijk en "
             "zorg) af te spreken en te volgen, door elke organisatie binnen haar eigen wettelijke taak.",
    )
    for lid in tafel.leden.all():
        OverlegDeelnemer.objects.create(overleg=overleg, organisatie=lid.organisatie, deelnemer=lid.deelnemer,
                                        mailbox=lid.mailbox)
    punten = [Agendapunt(overleg=overleg, soort=AgendapuntSoort.OPENING),
              Agendapunt(overleg=overleg, soort=AgendapuntSoort.BESLUITENLIJST, titel="Overleg van 10 september"),
              Agendapunt(overleg=overleg, soort=AgendapuntSoort.ONDERWERP, titel="Jaarplan aanpak mensenhandel 2027",
                         toelichting="Bespreking van het concept; reacties graag vooraf aan de ketenregisseur.")]
    vandaag = timezone.localdate()
    aantal_casussen = max(aantal_punten - 4, 0)
    eerste_hengelo = None
    for n in range(aantal_casussen):
        gemeente = hengelo if n % 5 == 0 else gemeenten[n % len(gemeenten)]
        casus = Casus.objects.create(code=f"{codes}-{n + 1:03d}", district=twente, regio=twente.regio,
                                     eigenaar=regisseur, samenvatting=SAMENVATTINGEN[n % len(SAMENVATTINGEN)])
        casus.gemeenten.set([gemeente])
        casus.vormen.set([vormen[n % len(vormen)]])
        for i in range(2 + n % 2):
            omschrijving, organisatie = ACTIES[(n + i) % len(ACTIES)]
            Actie.objects.create(
                casus=casus, omschrijving=omschrijving, soort=ActieSoort.BESTUURLIJK,
                organisatie=organisaties[organisatie], deadline=vandaag + timedelta(days=(-10 if i == 0 and n % 3 == 0
                                                                                       else 14 + 7 * i)),
                aangemaakt_door=regisseur,
            )
        punten.append(Agendapunt(overleg=overleg, soort=AgendapuntSoort.CASUS, casus=casus))
        if gemeente == hengelo and eerste_hengelo is None:
            eerste_hengelo = len(punten) - 1
    punten.append(Agendapunt(overleg=overleg, soort=AgendapuntSoort.RONDVRAAG))
    for volgorde, punt in enumerate(punten, start=1):
        punt.volgorde = volgorde
    Agendapunt.objects.bulk_create(punten)
    if eerste_hengelo is not None:
        punt = Agendapunt.objects.get(overleg=overleg, volgorde=eerste_hengelo + 1)
        Uitnodiging.objects.create(agendapunt=punt, organisatie=organisaties["Gemeente Hengelo"],
                                   deelnemer=gebruikers["coordinator@hengelo.example"], uitgenodigd_door=regisseur)
    return overleg


def pagina_aantal(pdf):
    """Pages of a PDF: the /Count of its page tree root (WeasyPrint writes one /Pages root)."""
    tellingen = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    tellingen += [int(m) for m in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    if tellingen:
        return max(tellingen)
    import subprocess

    try:
        uit = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        return int(re.search(r"^Pages:\s+(\d+)", uit, re.M).group(1))
    except (OSError, subprocess.CalledProcessError, AttributeError):
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keer", type=int, default=10, help="how many times to render (default 10)")
    parser.add_argument("--punten", type=int, default=30, help="agenda items (default 30)")
    parser.add_argument("--pdf", help="write the last PDF to this file")
    parser.add_argument("--ontvanger", help="render the PDF of this organisation instead of the full agenda")
    parser.add_argument("--alle", action="store_true",
                        help="time the whole set: the PDFs of all recipients of the agenda, one after the other")
    parser.add_argument("--codes", default="TW-2026", help="prefix of the benchmark's case codes (default TW-2026)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one line 'JSON {...}'")
    args = parser.parse_args(argv)
    _setup()

    from django.db import transaction

    from casusoverleg import agenda_pdf

    class Terugdraaien(Exception):
        pass

    tijden = []
    pdf = b""
    pagina_totaal = 0
    try:
        with transaction.atomic():
            overleg = bouw_agenda(args.punten, args.codes)
            staand = agenda_pdf.deelnemers(overleg)
            ontvangers = agenda_pdf.ontvangers(overleg, staand=staand)
            if args.alle:
                agenda_pdf.render(overleg, ontvangers[0], staand=staand)  # warm-up: templates, fonts, imports
                for _ in range(args.keer):
                    start = time.perf_counter()
                    staand = agenda_pdf.deelnemers(overleg)
                    alle = agenda_pdf.ontvangers(overleg, staand=staand)
                    pdfs = [agenda_pdf.render(overleg, ontvanger, staand=staand) for ontvanger in alle]
                    tijden.append(time.perf_counter() - start)
                pdf = pdfs[0]
                pagina_totaal = sum(pagina_aantal(data) or 0 for data in pdfs)
                aantal = len(ontvangers[0].punten)
                raise Terugdraaien
            if args.ontvanger:
                ontvanger = next(o for o in ontvangers if o.organisatie and o.organisatie.naam == args.ontvanger)
            else:
                ontvanger = ontvangers[0]
            agenda_pdf.render(overleg, ontvanger, staand=staand)  # warm-up: templates, fonts, imports
            for _ in range(args.keer):
                start = time.perf_counter()
                pdf = agenda_pdf.render(overleg, ontvanger, staand=staand)
                tijden.append(time.perf_counter() - start)
            aantal = len(ontvanger.punten)
            raise Terugdraaien
    except Terugdraaien:
        pass
    if args.pdf:
        Path(args.pdf).write_bytes(pdf)
    if args.alle:
        print(f"agenda PDFs, {aantal} items, the whole set of {len(ontvangers)} recipients, {args.keer} runs")
        print(f"median: {statistics.median(tijden):.3f} s   max: {max(tijden):.3f} s   pages in the set: {pagina_totaal}")
        if args.json:
            print("JSON " + json.dumps({"punten": aantal, "ontvangers": len(ontvangers), "keer": args.keer,
                                        "mediaan": statistics.median(tijden), "max": max(tijden),
                                        "paginas": pagina_totaal}))
        return
    print(f"agenda PDF, {aantal} items ({'full agenda' if not args.ontvanger else args.ontvanger}), "
          f"{args.keer} renders")
    print(f"median: {statistics.median(tijden):.3f} s   max: {max(tijden):.3f} s   pages: {pagina_aantal(pdf)}   "
          f"size: {len(pdf) / 1024:.0f} KiB")
    if args.json:
        print("JSON " + json.dumps({"punten": aantal, "ontvanger": args.ontvanger or "", "keer": args.keer,
                                    "mediaan": statistics.median(tijden), "max": max(tijden),
                                    "paginas": pagina_aantal(pdf), "bytes": len(pdf)}))


if __name__ == "__main__":
    main()
