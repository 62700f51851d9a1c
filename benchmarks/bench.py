"""``make bench``: how fast the pages, the signal form, the PDFs and the access filter are, on PostgreSQL with gunicorn
(2 sync workers, DEBUG off, DEMO_MODE on, no REDIS_URL: jobs in-process) on 127.0.0.1 and a free port. Prints a
table with the targets (met / not met) and writes it, with the machine and the date, to ``docs/benchmarks.md``.

    DATABASE_URL=postgres://... make bench                  # full run (~6 min at demo volume on 2 cores)
    DATABASE_URL=postgres://... make bench BENCH_QUICK=1    # CI: a few requests, 5 s of submissions, no checks
    DATABASE_URL=postgres://... BENCH_DEMO_DATABASE_URL=postgres://... make bench   # queries at both volumes

At demo volume (a database with the demo data only)::

    createdb -h 127.0.0.1 -U mensenhandel bench_demo
    export DATABASE_URL=postgres://mensenhandel:mensenhandel@127.0.0.1:5432/bench_demo DEMO_MODE=1
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_reference_data
    .venv/bin/python manage.py load_signaal_referentie
    .venv/bin/python manage.py seed_demo
    make bench

At full volume (what the targets are for), the same in a second database plus ten years of national volume::

    createdb -h 127.0.0.1 -U mensenhandel bench_vol
    export DATABASE_URL=postgres://mensenhandel:mensenhandel@127.0.0.1:5432/bench_vol DEMO_MODE=1
    (migrate, load_reference_data, load_signaal_referentie, seed_demo as above)
    .venv/bin/python manage.py generate_volume [--scale 1] [--seed N]
    BENCH_DEMO_DATABASE_URL=postgres://mensenhandel:mensenhandel@127.0.0.1:5432/bench_demo make bench

What it measures (each part says in the output what it did):

1. Query count per page, in-process with Django's test Client and ``CaptureQueriesContext`` on the same database
   (gunicorn runs with DEBUG off); with ``BENCH_DEMO_DATABASE_URL`` also on that database (a second column).
2. ``EXPLAIN ANALYZE`` execution time of the first page of the signal, case and action lists of a ketenregisseur and
   of a partner, through the selector (``signalen_visible_for``, ``casussen_visible_for``, ``acties_visible_for``) and
   the same query over ``Model.objects.all()``.
3. Pages over HTTP, each as the user who uses it: median, p90 and p95 of ``BENCH_REQUESTS`` requests (60; quick 5)
   after warm-up, each divided by the same figure of the floor (``/privacy/`` for the same logged-in user, which
   renders the base template), fetched alternately with the page in the same run.
4. Signal submissions per second: 4 clients (4 accounts) POST a filled, valid form for ``BENCH_SUBMIT_SECONDS`` (60;
   quick 5). The drafts they submit are made beforehand (not timed); afterwards the benchmark deletes the signals it
   made (their audit rows stay: the audit log is append-only; the reference counter has moved on).
5. The full agenda PDF of a 30-item meeting and the whole set for all its recipients (``benchmarks/agenda_pdf.py``,
   built and rolled back), and the quarterly report of region Midden-Nederland for the last quarter that ended,
   counting and PDF (``benchmarks/rapport_pdf.py --werkgebied``), each in its own process with its peak RSS.
   Quick mode skips the report.
6. The import of a 20,000-row signal file, XLSX and CSV (``benchmarks/importeer.py``, rolled back): the check for the
   preview and the import, each in its own process with its peak RSS (quick mode: 500 rows).

Every page read writes an audit row (part of the cost), so the audit log grows with each run.

Settings (environment, or the options of ``bench.py --help``): ``DATABASE_URL`` (PostgreSQL, required),
``BENCH_DEMO_DATABASE_URL``, ``BENCH_QUICK=1``, ``BENCH_REQUESTS``, ``BENCH_SUBMIT_SECONDS``, ``BENCH_OUTPUT`` (the
Markdown file; default ``docs/benchmarks.md``, in quick mode none). Exit status 1 when a request or a part failed; a
target that is not met does not change the exit status.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import bench_django as bd  # noqa: E402
from benchmarks.bench_http import Gunicorn, Klant  # noqa: E402

# The targets (issue): pages against the floor, queries, submissions, PDFs, access filter.
DOEL_MEDIAAN = 3.0
DOEL_P95 = 5.0
DOEL_QUERIES = 15
DOEL_INDIENEN = 30.0
DOEL_AGENDA = 2.0
DOEL_AGENDA_SET = 6.0
DOEL_RAPPORT = 10.0
DOEL_RAPPORT_RSS = 300.0
DOEL_FILTER = 2.0
DOEL_IMPORT_RSS = 300.0  # issue 20: a 20,000-row file, streamed
INDIEN_CLIENTS = 4
PDF_TIMEOUT = 3600


def _waar(waarde):
    return str(waarde or "").strip().lower() in ("1", "true", "yes", "ja", "on")


def _omgeving(database_url):
    """The environment of gunicorn and the helper processes: dev settings, DEBUG off, demo mode, no Redis."""
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "mensenhandel.settings.dev",
        "DEBUG": "0",
        "DEMO_MODE": "1",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def _django(database_url):
    omgeving = _omgeving(database_url)
    os.environ.pop("REDIS_URL", None)
    os.environ.update(omgeving)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        raise SystemExit(f"make bench needs PostgreSQL; DATABASE_URL is {connection.vendor}.")
    setup_test_environment()  # the test Client's host 'testserver', e-mail in memory; DEBUG stays off


def kwantiel(waarden, q):
    """The q-quantile with linear interpolation between the closest ranks."""
    rij = sorted(waarden)
    if not rij:
        return math.nan
    positie = (len(rij) - 1) * q
    onder = math.floor(positie)
    boven = min(onder + 1, len(rij) - 1)
    return rij[onder] + (rij[boven] - rij[onder]) * (positie - onder)


# --- the machine --------------------------------------------------------------------------------------------------


def machine():
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.lower().startswith("model name"):
                cpu = regel.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    geheugen = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        geheugen = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    import django

    try:
        belasting = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        belasting = ""
    return {
        "cpu": cpu, "kernen": os.cpu_count(), "geheugen": geheugen, "postgresql": pg.split(" (")[0],
        "os": platform.platform(terse=True), "python": platform.python_version(), "django": django.get_version(),
        "belasting": belasting,
    }


# --- pages over HTTP ----------------------------------------------------------------------------------------------


def meet_paginas(server, pagina_lijst, aantal, opwarmen, log):
    """Per page: a fresh log-in as its user, ``opwarmen`` rounds of page and floor, then ``aantal`` rounds of both,
    alternating which goes first. Returns {key: {...}}."""
    vloer = bd.vloer_pad()
    uitkomst = {}
    for pagina in pagina_lijst:
        klant = Klant("127.0.0.1", server.port).inloggen(pagina["email"], bd.WACHTWOORD)
        tijden = {"pagina": [], "vloer": []}
        fouten = []
        for ronde in range(opwarmen + aantal):
            volgorde = (("pagina", pagina["pad"]), ("vloer", vloer))
            for soort, pad in volgorde if ronde % 2 == 0 else reversed(volgorde):
                try:
                    antwoord = klant.get(pad)
                except OSError as exc:
                    fouten.append(f"{pad}: {exc}")
                    continue
                if antwoord.status != 200:
                    fouten.append(f"{pad}: status {antwoord.status} {antwoord.location}".strip())
                    continue
                if ronde >= opwarmen:
                    tijden[soort].append(antwoord.seconden)
        p, v = tijden["pagina"], tijden["vloer"]
        rij = {"n": len(p), "fouten": fouten}
        if p and v:
            for naam, q in (("mediaan", 0.5), ("p90", 0.9), ("p95", 0.95)):
                rij[naam] = kwantiel(p, q) * 1000
                rij[f"vloer_{naam}"] = kwantiel(v, q) * 1000
                rij[f"{naam}_x"] = kwantiel(p, q) / kwantiel(v, q)
        uitkomst[pagina["key"]] = rij
        log(f"  {pagina['naam']:<45} {pagina['rol']:<15} "
            + (f"median {rij['mediaan']:8.1f} ms ({rij['mediaan_x']:.2f}x floor {rij['vloer_mediaan']:.1f} ms)  "
               f"p95 {rij['p95']:8.1f} ms ({rij['p95_x']:.2f}x)" if "mediaan" in rij else "no figures")
            + (f"  {len(fouten)} errors, first: {fouten[0]}" if fouten else ""))
    return uitkomst


# --- signal submissions -------------------------------------------------------------------------------------------


def meet_indienen(server, seconden, log):
    """4 clients, each logged in as its own account, POST a filled valid form to drafts made beforehand, as fast as
    they can for ``seconden``. A submission counts when it answers with the redirect to the confirmation page."""
    from django.urls import reverse

    users = bd.gebruikers(*bd.INDIENERS)
    # Enough drafts for 30 submissions per second per client (the target is 30 for the four together).
    per_client = max(20, int(seconden * 30))
    alle_ids = []
    clients = []
    try:
        for email in bd.INDIENERS[:INDIEN_CLIENTS]:
            user = users[email]
            ids = bd.maak_concepten(user, per_client)
            alle_ids += ids
            klant = Klant("127.0.0.1", server.port).inloggen(email, bd.WACHTWOORD)
            data = bd.formulier(user)
            clients.append((email, klant, data, list(reversed(ids))))
        log(f"  {len(alle_ids)} drafts ready for {len(clients)} clients; submitting for {seconden} s")
        resultaten = [[] for _ in clients]
        op = {"uitgeput": 0}
        start_barriere = threading.Barrier(len(clients) + 1)
        venster = {}

        def werk(i):
            _email, klant, data, ids = clients[i]
            formdata = dict(data, csrfmiddlewaretoken=klant.csrf)
            start_barriere.wait()
            einde = venster["einde"]
            while time.perf_counter() < einde:
                if not ids:
                    op["uitgeput"] += 1
                    break
                pk = ids.pop()
                pad = reverse("signalen:bewerken", kwargs={"pk": pk})
                try:
                    antwoord = klant.post(pad, formdata)
                except OSError as exc:
                    resultaten[i].append((False, 0.0, time.perf_counter(), str(exc)))
                    continue
                goed = antwoord.status == 302 and "/ontvangen/" in antwoord.location
                reden = "" if goed else f"status {antwoord.status} {antwoord.location}".strip()
                if not goed and antwoord.status == 200:
                    fout = re.search(r'class="utrecht-form-field-error-message[^"]*"[^>]*>(.*?)<', antwoord.tekst(), re.S)
                    reden += f" (form error: {fout.group(1).strip() if fout else 'see the page'})"
                resultaten[i].append((goed, antwoord.seconden, time.perf_counter(), reden))

        draden = [threading.Thread(target=werk, args=(i,), daemon=True) for i in range(len(clients))]
        for draad in draden:
            draad.start()
        begin = time.perf_counter()
        venster["einde"] = begin + seconden
        start_barriere.wait()
        for draad in draden:
            draad.join()
        alles = [r for rij in resultaten for r in rij]
        eind = max((r[2] for r in alles), default=begin)
        duur = max(eind - begin, 1e-9)
        goed = [r for r in alles if r[0]]
        fout = [r for r in alles if not r[0]]
        latenties = [r[1] for r in goed]
        uitkomst = {
            "clients": len(clients), "seconden": seconden, "duur": duur, "ingediend": len(goed), "fouten": len(fout),
            "per_seconde": len(goed) / duur,
            "mediaan_ms": kwantiel(latenties, 0.5) * 1000 if latenties else math.nan,
            "p95_ms": kwantiel(latenties, 0.95) * 1000 if latenties else math.nan,
            "eerste_fout": fout[0][3] if fout else "", "uitgeput": op["uitgeput"],
        }
        log(f"  {len(goed)} submissions in {duur:.1f} s = {uitkomst['per_seconde']:.1f}/s, {len(fout)} errors"
            + (f" (first: {uitkomst['eerste_fout']})" if fout else ""))
        return uitkomst
    finally:
        verwijderd = bd.opruimen(alle_ids)
        log(f"  removed the {verwijderd} signals and drafts the run made")


# --- PDFs in their own processes ----------------------------------------------------------------------------------


def draai_proces(cmd, env, log):
    """Run ``cmd``; return its ``JSON {...}`` line as a dict with the peak RSS (MB) of that process (``wait4``)."""
    with tempfile.TemporaryFile() as uit:
        start = time.perf_counter()
        proces = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=uit, stderr=subprocess.STDOUT)
        try:
            _pid, status, gebruik = os.wait4(proces.pid, 0)
        except BaseException:
            proces.kill()
            proces.wait()
            raise
        proces.returncode = os.waitstatus_to_exitcode(status)
        duur = time.perf_counter() - start
        uit.seek(0)
        tekst = uit.read().decode("utf-8", errors="replace")
    regels = [r for r in tekst.splitlines() if r.startswith("JSON ")]
    if proces.returncode != 0 or not regels:
        staart = "\n".join(tekst.splitlines()[-25:])
        log(f"  FAILED (exit {proces.returncode}): {' '.join(cmd[1:])}\n{staart}")
        return {"fout": f"exit {proces.returncode}", "rss_mb": gebruik.ru_maxrss * 1024 / 1e6, "duur": duur}
    gegevens = json.loads(regels[-1][5:])
    gegevens["rss_mb"] = gebruik.ru_maxrss * 1024 / 1e6  # Linux: ru_maxrss in KiB
    gegevens["duur"] = duur
    return gegevens


def meet_import(env, rijen, log):
    """Issue 20: the check (preview) and the import of a ``rijen``-row signal file, XLSX and CSV, each in its own
    process (``benchmarks/importeer.py``, rolled back), with its peak RSS."""
    uitkomst = {}
    for soort, extra in (("xlsx", []), ("csv", ["--csv"])):
        log(f"  import of a {rijen}-row {soort.upper()} file ...")
        uitkomst[soort] = draai_proces([sys.executable, str(ROOT / "benchmarks" / "importeer.py"), "--rijen",
                                        str(rijen), "--json", *extra], env, log)
    return uitkomst


def meet_pdfs(env, keer, met_rapport, log):
    python = sys.executable
    agenda = [python, str(ROOT / "benchmarks" / "agenda_pdf.py"), "--punten", "30", "--keer", str(keer),
              "--codes", "TW-9999", "--json"]
    uitkomst = {}
    log("  full agenda PDF, 30 items ...")
    uitkomst["agenda"] = draai_proces(agenda, env, log)
    log("  the whole set of agenda PDFs for all recipients ...")
    uitkomst["agenda_set"] = draai_proces(agenda + ["--alle"], env, log)
    if met_rapport:
        log("  quarterly report of region Midden-Nederland (counting and PDF) ...")
        uitkomst["rapport"] = draai_proces(
            [python, str(ROOT / "benchmarks" / "rapport_pdf.py"), "--werkgebied", "regio:Midden-Nederland",
             "--keer", str(keer), "--json"], env, log)
    return uitkomst


# --- the report ---------------------------------------------------------------------------------------------------


def _x(waarde):
    return "–" if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) else f"{waarde:.2f}×"


def _ms(waarde):
    return "–" if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) else f"{waarde:.1f}"


def _oordeel(redenen):
    return "met" if not redenen else "**not met**: " + "; ".join(redenen)


def rapport(opzet, pagina_lijst, queries, queries_demo, http, indienen, pdfs, filter_, snel, duur, imports=None):
    """The Markdown report (also what is printed)."""
    m = opzet["machine"]
    vol = opzet["volume"]
    regels = [
        "# Benchmarks",
        "",
        f"Made by `make bench{' BENCH_QUICK=1' if snel else ''}` (`benchmarks/bench.py`) on "
        f"{opzet['datum']}{' — **quick mode: a few requests, targets not checked**' if snel else ''}.",
        "",
        f"- **Machine**: {m['cpu']}, {m['kernen']} logical CPUs, {m['geheugen']} memory; {m['os']}; "
        f"load average at the start {m['belasting']} (other work may have been running).",
        f"- **Software**: PostgreSQL {m['postgresql']} on 127.0.0.1, Python {m['python']}, Django {m['django']}, "
        "gunicorn with 2 sync workers on 127.0.0.1 (settings `mensenhandel.settings.dev`, `DEBUG=0`, `DEMO_MODE=1`, "
        "no `REDIS_URL`: jobs in-process, static files by WhiteNoise).",
        f"- **Database** ({opzet['database']}): {vol['signalen']} signals, {vol['casussen']} cases, "
        f"{vol['overleggen']} meetings with {vol['agendapunten']} agenda items, {vol['acties']} actions, "
        f"{vol['auditregels']} audit rows at the start."
        + (f" Demo-volume database for the second query column ({opzet['demo_database']}): "
           f"{queries_demo['volume']['signalen']} signals, {queries_demo['volume']['casussen']} cases, "
           f"{queries_demo['volume']['acties']} actions." if queries_demo else ""),
        "",
        "## Pages",
        "",
        f"Each page as the user who uses it, {opzet['aantal']} requests after {opzet['opwarmen']} warm-up rounds, "
        "one at a time, alternating with the floor: `/privacy/` fetched by the same logged-in user (the base "
        "template). Times are from sending the request to having read the whole response, over a new loopback "
        "connection each time; ×floor is the page's figure divided by the floor's same figure in the same run. "
        "Queries: the larger of two requests (after a warm-up request) in-process with Django's test Client and "
        "`CaptureQueriesContext` on the same database. "
        f"Target: median ≤ {DOEL_MEDIAAN:g}× floor, p95 ≤ {DOEL_P95:g}× floor, ≤ {DOEL_QUERIES} queries"
        + (", the same at demo and full volume." if queries_demo else
           " (one database given: the same-at-both-volumes part is not checked; set BENCH_DEMO_DATABASE_URL)."),
        "",
    ]
    kop_queries = "Queries (demo) | Queries (full)" if queries_demo else "Queries"
    regels += [
        f"| Page | User | Median ms | Floor median ms | Median ×floor | p90 ×floor | p95 ×floor | {kop_queries} | Target |",
        "|---|---|--:|--:|--:|--:|--:|" + ("--:|--:|" if queries_demo else "--:|") + "---|",
    ]
    gehaald = totaal = 0
    for pagina in pagina_lijst:
        rij = http.get(pagina["key"], {})
        q = queries.get(pagina["key"], {}).get("sql")
        qd = queries_demo["queries"].get(pagina["key"], {}).get("sql") if queries_demo else None
        redenen = []
        if rij.get("fouten"):
            redenen.append(f"{len(rij['fouten'])} errors ({rij['fouten'][0]})")
        if "mediaan_x" not in rij:
            redenen.append("no figures")
        else:
            if rij["mediaan_x"] > DOEL_MEDIAAN:
                redenen.append(f"median {rij['mediaan_x']:.2f}× > {DOEL_MEDIAAN:g}×")
            if rij["p95_x"] > DOEL_P95:
                redenen.append(f"p95 {rij['p95_x']:.2f}× > {DOEL_P95:g}×")
        if q is None or q > DOEL_QUERIES:
            redenen.append(f"{q} queries > {DOEL_QUERIES}")
        if queries_demo and qd != q:
            if qd is None or qd > DOEL_QUERIES:
                redenen.append(f"{qd} queries at demo volume > {DOEL_QUERIES}")
            redenen.append(f"queries differ: {qd} at demo, {q} at full volume")
        qkol = f"{qd if qd is not None else '–'} | {q if q is not None else '–'}" if queries_demo else \
            f"{q if q is not None else '–'}"
        totaal += 1
        gehaald += not redenen
        regels.append(
            f"| {pagina['naam']} | {pagina['rol']} | {_ms(rij.get('mediaan'))} | {_ms(rij.get('vloer_mediaan'))} | "
            f"{_x(rij.get('mediaan_x'))} | {_x(rij.get('p90_x'))} | {_x(rij.get('p95_x'))} | {qkol} | "
            f"{_oordeel(redenen)} |")
    vloer_q = sorted({v["sql"] for k, v in queries.items() if k.startswith("vloer:")})
    transactie = sorted({v["transactie"] for v in queries.values()})
    regels += ["", f"Queries are SQL statements; the transaction statements Django also records (BEGIN/COMMIT of the "
               f"request's transaction and of the session save, savepoints) are not counted: "
               f"{'–'.join(map(str, (transactie[0], transactie[-1]))) if len(transactie) > 1 else transactie[0]} "
               f"per request on top. The floor page itself takes {', '.join(map(str, vloer_q))} queries (session, "
               "user, the user's organisation and werkgebied, session save).", ""]

    regels += ["## Signal submissions", ""]
    if indienen:
        redenen = []
        if indienen["per_seconde"] < DOEL_INDIENEN:
            redenen.append(f"{indienen['per_seconde']:.1f}/s < {DOEL_INDIENEN:g}/s")
        if indienen["fouten"]:
            redenen.append(f"{indienen['fouten']} errors (first: {indienen['eerste_fout']})")
        totaal += 1
        gehaald += not redenen
        regels += [
            f"{indienen['clients']} concurrent clients, each logged in as its own account (coordinators of Enschede, "
            "Hengelo and Utrecht, the police of Oost-Nederland), POST the filled, valid signal form (12 fields, "
            f"every indicator answered) to a draft made beforehand, for {indienen['seconden']} s; one submission = "
            "that POST answered with the redirect to the confirmation page. Target: ≥ "
            f"{DOEL_INDIENEN:g} submissions/s with 0 errors.",
            "",
            "| Clients | Duration s | Submissions | Submissions/s | Errors | Median ms | p95 ms | Target |",
            "|--:|--:|--:|--:|--:|--:|--:|---|",
            f"| {indienen['clients']} | {indienen['duur']:.1f} | {indienen['ingediend']} | "
            f"{indienen['per_seconde']:.1f} | {indienen['fouten']} | {_ms(indienen['mediaan_ms'])} | "
            f"{_ms(indienen['p95_ms'])} | {_oordeel(redenen)} |",
            "",
        ]
    regels += ["## PDFs", "",
               "Each in its own process (`benchmarks/agenda_pdf.py`, `benchmarks/rapport_pdf.py`, settings as "
               "gunicorn's), median of the timed runs after one warm-up render; peak RSS is that process's maximum "
               "resident set (`wait4`), including Django, WeasyPrint and the data it built. The 30-item meeting is "
               "built in the database and rolled back.", "",
               "| What | Runs | Median s | Slowest s | Peak RSS MB | Target |", "|---|--:|--:|--:|--:|---|"]

    def pdf_rij(naam, gegevens, doel_s, doel_rss=None):
        nonlocal totaal, gehaald
        if gegevens is None:
            regels.append(f"| {naam} | – | – | – | – | skipped (quick mode) |")
            return
        redenen = []
        if "fout" in gegevens:
            redenen.append(f"failed ({gegevens['fout']})")
        else:
            if gegevens["mediaan"] > doel_s:
                redenen.append(f"{gegevens['mediaan']:.2f} s > {doel_s:g} s")
            if doel_rss and gegevens["rss_mb"] > doel_rss:
                redenen.append(f"peak RSS {gegevens['rss_mb']:.0f} MB > {doel_rss:g} MB")
        totaal += 1
        gehaald += not redenen
        regels.append(
            f"| {naam} | {gegevens.get('keer', '–')} | {gegevens.get('mediaan', math.nan):.2f} | "
            f"{gegevens.get('max', math.nan):.2f} | {gegevens['rss_mb']:.0f} | {_oordeel(redenen)} "
            f"(≤ {doel_s:g} s{f', ≤ {doel_rss:g} MB' if doel_rss else ''}) |")

    a = pdfs.get("agenda")
    pdf_rij("Agenda PDF, full agenda of a 30-item meeting" + (f" ({a['paginas']} pages)" if a and "paginas" in a else ""),
            a, DOEL_AGENDA)
    s = pdfs.get("agenda_set")
    pdf_rij("Agenda PDFs, the whole set"
            + (f" for all {s['ontvangers']} recipients ({s['paginas']} pages)" if s and "ontvangers" in s else ""),
            s, DOEL_AGENDA_SET)
    r = pdfs.get("rapport")
    pdf_rij("Quarterly report Midden-Nederland, counting + PDF"
            + (f" ({r['kwartaal']}, {r['signalen_in_kwartaal']} signals in the quarter; counting "
               f"{r['tellen']:.2f} s, PDF {r['renderen']:.2f} s, {r['paginas']} pages)" if r and "kwartaal" in r else ""),
            r, DOEL_RAPPORT, DOEL_RAPPORT_RSS)
    regels += ["", "## Import (issue 20)", "",
               "A signal file of fictional rows over the gemeenten of Twente imported for district Twente "
               "(`benchmarks/importeer.py`, in its own process, settings as gunicorn's, rolled back): the check that "
               "gives the preview, then the import (checked again, then the records made in one transaction, with "
               "their references, timelines and hit/no-hit index). Peak RSS as above. Target: peak RSS ≤ "
               f"{DOEL_IMPORT_RSS:g} MB (the time is reported, not targeted).", "",
               "| File | Rows | Check s | Import s | Peak RSS MB | Target |", "|---|--:|--:|--:|--:|---|"]
    for soort, gegevens in (imports or {}).items():
        redenen = []
        if "fout" in gegevens:
            redenen.append(f"failed ({gegevens['fout']})")
        elif gegevens["rss_mb"] > DOEL_IMPORT_RSS:
            redenen.append(f"peak RSS {gegevens['rss_mb']:.0f} MB > {DOEL_IMPORT_RSS:g} MB")
        totaal += 1
        gehaald += not redenen
        regels.append(f"| {soort.upper()} | {gegevens.get('geimporteerd', '–')} | "
                      f"{gegevens.get('controle_seconden', math.nan):.1f} | {gegevens.get('import_seconden', math.nan):.1f}"
                      f" | {gegevens['rss_mb']:.0f} | {_oordeel(redenen)} |")
    regels += ["", "## Access filter", "",
               "The first page of each list as its page orders it, through the selector of the user and over "
               "`Model.objects.all()` with the same order, joins and slice (and the list's own filter that is not "
               f"about access); median `EXPLAIN ANALYZE` execution time of {opzet['explain']} runs each, alternately. "
               f"Target: ≤ {DOEL_FILTER:g}× unfiltered.", "",
               "| List | User | With filter ms | Without ms | Rows | Ratio | Target |", "|---|---|--:|--:|--:|--:|---|"]
    for rij in filter_:
        ratio = rij["met_ms"] / rij["zonder_ms"] if rij["zonder_ms"] else math.nan
        redenen = [] if ratio <= DOEL_FILTER else [f"{ratio:.2f}× > {DOEL_FILTER:g}×"]
        totaal += 1
        gehaald += not redenen
        regels.append(f"| {rij['lijst']} | {rij['rol']} | {rij['met_ms']:.3f} | {rij['zonder_ms']:.3f} | "
                      f"{rij['rijen_met']} / {rij['rijen_zonder']} | {_x(ratio)} | {_oordeel(redenen)} |")
    regels += ["", f"**{gehaald} of {totaal} targets met.**" + (" (Quick mode: figures are not asserted.)" if snel
                                                                 else "") + f" The run took {duur / 60:.1f} min.", ""]
    return "\n".join(regels)


def _alleen_queries():
    """Subprocess mode (``--alleen-queries``): the query counts of this database as one JSON line."""
    _django(os.environ["DATABASE_URL"])
    import logging

    logging.getLogger("axes").setLevel(logging.WARNING)
    pagina_lijst = bd.paginas()
    print("JSON " + json.dumps({"queries": bd.tel_queries(pagina_lijst), "volume": bd.volume(),
                                "paginas": pagina_lijst}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", default=_waar(os.environ.get("BENCH_QUICK")),
                        help="CI mode: a few requests per page, 5 s of submissions, no report PDF, no checks")
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS") or 0),
                        help="measured requests per page (default 60, quick 5)")
    parser.add_argument("--submit-seconds", type=float, default=float(os.environ.get("BENCH_SUBMIT_SECONDS") or 0),
                        help="length of the submission run (default 60, quick 5)")
    parser.add_argument("--output", default=os.environ.get("BENCH_OUTPUT"),
                        help="Markdown file to write (default docs/benchmarks.md; in quick mode none)")
    parser.add_argument("--alleen-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.alleen_queries:
        return _alleen_queries()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise SystemExit("make bench needs DATABASE_URL=postgres://... (a database with seed_demo; for the targets "
                         "also generate_volume). See the docstring of benchmarks/bench.py.")
    demo_url = os.environ.get("BENCH_DEMO_DATABASE_URL", "")
    snel = args.quick
    aantal = args.requests or (5 if snel else 60)
    opwarmen = 1 if snel else 5
    seconden = args.submit_seconds or (5 if snel else 60)
    pdf_keer = 1 if snel else 3
    explain_keer = 3 if snel else 11
    output = args.output if args.output is not None else (None if snel else str(ROOT / "docs" / "benchmarks.md"))
    env = _omgeving(database_url)
    begonnen = time.monotonic()

    def log(tekst):
        print(f"[{time.monotonic() - begonnen:6.0f}s] {tekst}" if not tekst.startswith("  ") else tekst, flush=True)

    _django(database_url)
    import logging

    logging.getLogger("axes").setLevel(logging.WARNING)  # the in-process log-ins of the query count
    from django.core.management import call_command

    call_command("compile_translations", stdout=open(os.devnull, "w"))  # noqa: SIM115
    opzet = {
        "datum": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(), "volume": bd.volume(), "aantal": aantal, "opwarmen": opwarmen,
        "explain": explain_keer, "database": _naam(database_url), "demo_database": _naam(demo_url),
    }
    log(f"database {opzet['database']}: {opzet['volume']}")
    pagina_lijst = bd.paginas()
    mislukt = []

    log("query counts (in-process, test Client)")
    queries = bd.tel_queries(pagina_lijst)
    queries_demo = None
    if demo_url and demo_url != database_url:
        log(f"query counts on the demo-volume database {opzet['demo_database']}")
        uit = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--alleen-queries"], cwd=ROOT,
                             env=_omgeving(demo_url), capture_output=True, text=True)
        regels = [r for r in uit.stdout.splitlines() if r.startswith("JSON ")]
        if uit.returncode or not regels:
            mislukt.append("query counts on BENCH_DEMO_DATABASE_URL")
            log(f"  FAILED:\n{uit.stdout[-2000:]}{uit.stderr[-3000:]}")
        else:
            queries_demo = json.loads(regels[-1][5:])

    log("access filter (EXPLAIN ANALYZE)")
    filter_ = bd.toegangsfilter(explain_keer)

    from django.db import connection

    connection.close()  # idle while gunicorn works
    log_pad = Path(tempfile.gettempdir()) / f"bench-gunicorn-{os.getpid()}.log"
    http, indienen = {}, None
    with Gunicorn(env, log_pad) as server:
        log(f"gunicorn on 127.0.0.1:{server.port} (log {log_pad})")
        log(f"pages: {aantal} requests each after {opwarmen} warm-up rounds, alternating with the floor")
        http = meet_paginas(server, pagina_lijst, aantal, opwarmen, log)
        log(f"signal submissions: {INDIEN_CLIENTS} clients for {seconden:g} s")
        try:
            indienen = meet_indienen(server, seconden, log)
        except Exception as exc:  # noqa: BLE001  (reported, and the exit status says so)
            mislukt.append(f"submissions: {exc}")
            log(f"  FAILED: {exc}\n{server.staart()}")
    connection.close()
    if any(rij.get("fouten") for rij in http.values()) or (indienen and indienen["fouten"]) or not indienen:
        log(f"  errors: gunicorn's log (with the tracebacks) stays in {log_pad}")
    else:
        log_pad.unlink(missing_ok=True)

    log("PDFs (own processes)")
    pdfs = meet_pdfs(env, pdf_keer, not snel, log)
    mislukt += [f"PDF {naam}" for naam, g in pdfs.items() if "fout" in g]
    log("import (own processes)")
    imports = meet_import(env, 500 if snel else 20_000, log)
    mislukt += [f"import {naam}" for naam, g in imports.items() if "fout" in g]
    mislukt += [f"page {k}" for k, rij in http.items() if rij.get("fouten")]
    if indienen and indienen["fouten"] and snel:
        mislukt.append("submissions had errors")

    tekst = rapport(opzet, pagina_lijst, queries, queries_demo, http, indienen, pdfs, filter_, snel,
                    time.monotonic() - begonnen, imports)
    print()
    print(tekst)
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(tekst, encoding="utf-8")
        log(f"written to {output}")
    log(f"done in {time.monotonic() - begonnen:.0f} s")
    if mislukt:
        print(f"FAILED: {', '.join(mislukt)}", file=sys.stderr)
        return 1
    return 0


def _naam(url):
    """The database name of a URL, without user or password."""
    if not url:
        return ""
    return url.rsplit("/", 1)[-1].split("?", 1)[0] or url


if __name__ == "__main__":
    sys.exit(main())
