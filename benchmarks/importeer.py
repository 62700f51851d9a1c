"""How long the import of a 20,000-row signal file takes and how much memory it needs (issue 20): the file checked
for the preview (a dry run) and imported for real, streamed with openpyxl's read-only mode.

    DJANGO_SETTINGS_MODULE=mensenhandel.settings.test .venv/bin/python benchmarks/importeer.py [--rijen 20000]
        [--csv] [--json]

Without DATABASE_URL it uses a throw-away SQLite database (migrated first, which takes a little while); with it, an
existing migrated database. The demo organisations, accounts and district Twente are seeded (``seed_demo
--zonder-signalen``) and the import runs for district Twente on behalf of regisseur@twente.example, all in a
transaction that is rolled back at the end: nothing stays behind. The file (fictional rows over the 14 gemeenten of
Twente, with forms, sectors, sources, statuses and descriptions) is written to a temporary folder and removed.
``--csv`` times a CSV file instead of an XLSX workbook. ``--json`` adds one line ``JSON {...}`` with the figures
(``benchmarks/bench.py`` can read it).

Prints the seconds of writing the file, the check (the preview) and the import (check again + creating the
records), and the peak RSS of the process in MB (and before the check, to show what the import itself adds).
"""
import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OMSCHRIJVINGEN = [
    "Bij een controle werken meerdere arbeidsmigranten zonder contract; ze wonen op het terrein van de werkgever.",
    "Buren melden wisselende bewoners en bezoek 's nachts in een bovenwoning; ramen afgeplakt.",
    "Jongere lijkt drugs te vervoeren voor een derde; school en wijkteam noemen schulden.",
    "Nagelstudio met personeel dat lange dagen werkt; eigenaar onbereikbaar voor de gemeente.",
    "Veel inschrijvingen op één adres; aanvragen voor uitkeringen door dezelfde persoon.",
]
STATUSSEN = [("ingediend", ""), ("in behandeling", ""), ("doorgezet", "NLA"), ("doorgezet", "politie / OM"),
             ("afgesloten zonder vervolg", ""), ("opgepakt in casus", "")]


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings.test")
    os.environ.setdefault("DEMO_MODE", "1")
    verse_database = not os.environ.get("DATABASE_URL")
    if verse_database:
        map_ = tempfile.mkdtemp(prefix="import-benchmark-")
        os.environ["DATABASE_URL"] = f"sqlite:///{map_}/benchmark.sqlite3"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if verse_database:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def rijen(aantal, gemeenten, vormen, sectoren, bronnen, prefix):
    """``aantal`` fictional signal rows (as the template's columns) over three years before today."""
    import datetime

    vandaag = datetime.date.today()
    for n in range(aantal):
        datum = vandaag - datetime.timedelta(days=30 + (n * 7919) % 1000)
        status, bestemming = STATUSSEN[n % len(STATUSSEN)]
        yield [
            f"{prefix}-{n:06d}", "Gemeente Enschede" if n % 3 else "Politie Oost-Nederland",
            datum.strftime("%d-%m-%Y"), gemeenten[n % len(gemeenten)], vormen[n % len(vormen)],
            sectoren[n % len(sectoren)] if n % 4 else "", bronnen[n % len(bronnen)], OMSCHRIJVINGEN[n % 5],
            f"Voorbeeldbedrijf {n % 500}" if n % 5 == 0 else "", "", f"{10000000 + n % 90000000:08d}" if n % 7 == 0
            else "", status, (datum + datetime.timedelta(days=n % 20)).strftime("%d-%m-%Y"), bestemming,
        ]


def schrijf_bestand(pad, aantal, csv_bestand, prefix):
    """Write the file (streaming: openpyxl's write-only mode, or the csv module)."""
    from importeren.kolommen import BLADEN, KOLOMMEN
    from signalen.models import Bron, Sector, Vorm
    from tafels.models import District

    twente = District.objects.get(code="TW")
    gemeenten = [g.cbs_code if i % 2 else g.naam for i, g in enumerate(twente.gemeenten.order_by("naam"))]
    vormen = [v.code for v in Vorm.objects.all()]
    sectoren = [s.naam for s in Sector.objects.all()]
    bronnen = [b.naam for b in Bron.objects.all()]
    koppen = [k.kop for k in KOLOMMEN["signalen"]]
    data = rijen(aantal, gemeenten, vormen, sectoren, bronnen, prefix)
    if csv_bestand:
        import csv

        with open(pad, "w", newline="", encoding="utf-8-sig") as uit:
            schrijver = csv.writer(uit, delimiter=";")
            schrijver.writerow(koppen)
            schrijver.writerows(data)
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    blad = workbook.create_sheet(BLADEN["signalen"])
    blad.append(koppen)
    for rij in data:
        blad.append([waarde if waarde != "" else None for waarde in rij])
    workbook.save(pad)


def piek_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rijen", type=int, default=20_000, help="rows in the file (default 20,000)")
    parser.add_argument("--csv", action="store_true", help="a CSV file instead of an XLSX workbook")
    parser.add_argument("--json", action="store_true", help="also print the figures as one line 'JSON {...}'")
    args = parser.parse_args(argv)
    _setup()

    import secrets

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from importeren import services
    from signalen.models import Signaal

    class Terugdraaien(Exception):
        pass

    figuren = {}
    map_ = Path(tempfile.mkdtemp(prefix="import-bestand-"))
    pad = map_ / ("signalen.csv" if args.csv else "signalen.xlsx")
    try:
        with transaction.atomic():
            call_command("seed_demo", "--zonder-signalen", "--zonder-rapporten", stdout=open(os.devnull, "w"))  # noqa: SIM115
            regisseur = get_user_model().objects.get(email="regisseur@twente.example")
            werkgebied = regisseur.werkgebied
            start = time.perf_counter()
            schrijf_bestand(pad, args.rijen, args.csv, f"BENCH-{secrets.token_hex(3)}")
            figuren["bestand_seconden"] = time.perf_counter() - start
            figuren["bestand_mb"] = pad.stat().st_size / 1e6
            figuren["rss_voor_mb"] = piek_mb()
            extensie = ".csv" if args.csv else ".xlsx"

            start = time.perf_counter()
            uitkomst = services.controleer_pad("signalen", werkgebied, pad, extensie)
            figuren["controle_seconden"] = time.perf_counter() - start
            if not uitkomst.is_geldig or uitkomst.aantal_nieuw != args.rijen:
                raise SystemExit(f"The benchmark file did not check out: {uitkomst.bestandsfouten or uitkomst.rijen[:3]}")
            figuren["rss_na_controle_mb"] = piek_mb()

            voor = Signaal.objects.count()
            start = time.perf_counter()
            uitkomst = services.importeer_pad("signalen", werkgebied, pad, regisseur, bestandsnaam=pad.name)
            figuren["import_seconden"] = time.perf_counter() - start
            figuren["geimporteerd"] = Signaal.objects.count() - voor
            figuren["rss_piek_mb"] = piek_mb()
            raise Terugdraaien
    except Terugdraaien:
        pass
    finally:
        pad.unlink(missing_ok=True)
        map_.rmdir()
    soort = "CSV" if args.csv else "XLSX"
    print(f"import of {args.rijen} signals from {soort} ({figuren['bestand_mb']:.1f} MB, written in "
          f"{figuren['bestand_seconden']:.1f} s)")
    print(f"check (preview): {figuren['controle_seconden']:.2f} s   import: {figuren['import_seconden']:.2f} s   "
          f"imported: {figuren['geimporteerd']}")
    print(f"peak RSS: {figuren['rss_piek_mb']:.0f} MB (before the check: {figuren['rss_voor_mb']:.0f} MB, after it: "
          f"{figuren['rss_na_controle_mb']:.0f} MB)")
    if args.json:
        print("JSON " + json.dumps({"rijen": args.rijen, "soort": soort.lower(), **figuren}))


if __name__ == "__main__":
    main()
