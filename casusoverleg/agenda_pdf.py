"""The agenda PDFs of a meeting: one per recipient organisation, holding only the items it may see.

For one agenda version the recipients are (``ontvangers``):

- the full agenda (``organisatie`` empty), for the managing ketenregisseur and the chair;
- each standing participant (``OverlegDeelnemer``): the general items and every case item;
- each organisation invited for a case item (``Uitnodiging``): the general items and only its own case items.

The job ``casusoverleg.agenda_pdfs`` (args: meeting id, version) makes the documents that do not exist yet, one per
run, and queues itself again for the next one, so every document is committed (and counted by the progress on the
meeting page) as soon as it is made. A version that is no longer current is skipped; a document that exists is not
made again. When the last one exists, each participant's and invitee's contact (and the chair) gets one e-mail
(``OverlegBericht`` soort "agenda", volgnummer = version) that the agenda is ready, with a link to the meeting page:
no case codes, nothing of the items.

Rendering is WeasyPrint, tagged PDF/UA-1 (structure tree, /Lang nl, the title, MarkInfo), A4, with the Noto Sans
fonts of ``static/vendor/noto-sans`` and the print style sheet ``static/css/pdf.css`` (``html_to_pdf`` is meant to
be reused for the decision list and the quarterly report). Files go to ``PROTECTED_FILES_ROOT / "agenda"`` under a
random name and are served only by ``views.agenda.document`` after the access check.
"""
import hashlib
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel.core import beschermd
from mensenhandel.jobs import enqueue
from mensenhandel.jobs.models import JobStatus
from mensenhandel.jobs.registry import job

from . import selectors
from .models import (
    AgendaDocument,
    Agendapunt,
    AgendapuntSoort,
    DocumentSoort,
    Overleg,
    OverlegBericht,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step at INFO; a worker's log needs only its warnings.

JOB = "casusoverleg.agenda_pdfs"
BERICHT_SOORT = "agenda"
# Documents made per job run before the job queues itself again (each run commits what it made).
PER_RUN = 1

PDF_CSS = "css/pdf.css"
FONT_CSS = "vendor/noto-sans/noto-sans.css"


# --- rendering --------------------------------------------------------------------------------------------


def _static_dir(relative):
    gevonden = finders.find(relative)
    if not gevonden:
        raise FileNotFoundError(f"Static file {relative} not found.")
    return Path(gevonden).resolve()


@cache
def _font_css():
    """The vendored @font-face rules with their URLs made absolute file URLs (found by the staticfiles finders)."""
    pad = _static_dir(FONT_CSS)
    tekst = pad.read_text(encoding="utf-8")
    tekst = re.sub(r"^\s*font-display:[^;]*;\s*$", "", tekst, flags=re.M)  # not a print property

    def absoluut(match):
        return f'url("{(pad.parent / match.group(1)).resolve().as_uri()}")'

    return re.sub(r'url\(\s*["\']?\./([^"\')]+)["\']?\s*\)', absoluut, tekst)


def _toegestane_mappen():
    return [_static_dir(PDF_CSS).parent.parent, _static_dir(FONT_CSS).parent]


@cache
def _ttf(pad, _mtime):
    """A WOFF2 font decompressed to TrueType, once per process (WeasyPrint would do it on every render)."""
    from io import BytesIO

    from fontTools.ttLib import woff2

    uit = BytesIO()
    woff2.decompress(BytesIO(pad.read_bytes()), uit)
    return uit.getvalue()


def _url_fetcher():
    """Only our own static files (fonts, style sheet) may be read while rendering: no network, no other files.
    Images may also be embedded in the document itself as ``data:image/...`` URLs (the report's charts)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    mappen = _toegestane_mappen()

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            delen = urlsplit(url)
            if delen.scheme == "data" and delen.path.startswith("image/"):
                return super().fetch(url, headers)
            if delen.scheme != "file":
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            pad = Path(unquote(delen.path)).resolve()
            if not any(pad.is_relative_to(map_) for map_ in mappen):
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            if pad.suffix == ".woff2":
                return URLFetcherResponse(url, _ttf(pad, pad.stat().st_mtime), {"Content-Type": "font/ttf"})
            return super().fetch(url, headers)

    return StaticFetcher(allowed_protocols=["file", "data"], fail_on_errors=True)


def css_string(tekst):
    """A CSS string literal of ``tekst`` (for generated content such as page headers)."""
    tekst = " ".join(str(tekst).split())
    return '"' + tekst.replace("\\", "\\\\").replace('"', '\\"') + '"'


def html_to_pdf(html, *, extra_css=""):
    """Render an HTML document to a tagged PDF (PDF/UA-1, A4 from pdf.css) with Noto Sans. ``extra_css`` holds the
    generated part of the print style (e.g. translated page headers and footers)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _url_fetcher()
    fonts = FontConfiguration()
    sheets = [
        CSS(string=_font_css(), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(_static_dir(PDF_CSS)), font_config=fonts, url_fetcher=fetcher),
    ]
    if extra_css:
        sheets.append(CSS(string=extra_css, font_config=fonts, url_fetcher=fetcher))
    base_url = _static_dir(PDF_CSS).parent.as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1")


def _pagina_css(overleg, gemaakt_op, kop=None):
    """Running header and footer of every page: the table and date, 'Vertrouwelijk', page X of Y, when made.
    ``kop`` replaces the header text (the decision list names itself there)."""
    begint = timezone.localtime(overleg.begint)
    if kop is None:
        kop = _("%(tafel)s · agenda of %(datum)s") % {"tafel": overleg.tafel.naam,
                                                      "datum": formats.date_format(begint, "j F Y")}
    gemaakt = timezone.localtime(gemaakt_op)
    voet = _("Made on %(datum)s at %(tijd)s") % {"datum": formats.date_format(gemaakt, "j F Y"),
                                                  "tijd": formats.time_format(gemaakt, "H:i")}
    vertrouwelijk = _("Confidential").upper()
    pagina = _("page")
    van = _("of")
    return (
        "@page {"
        f" @top-left {{ content: {css_string(kop)}; }}"
        f" @top-right {{ content: {css_string(vertrouwelijk)}; }}"
        f" @bottom-left {{ content: {css_string(voet)}; }}"
        f" @bottom-right {{ content: {css_string(pagina)} ' ' counter(page) ' ' {css_string(van)} ' ' counter(pages); }}"
        " }"
    )


@dataclass
class Ontvanger:
    """One recipient of an agenda version: an organisation (None: the full agenda) and the items in its PDF."""

    organisatie: object
    punten: list
    deelnemer: bool = False  # a standing participant


def agenda_punten(overleg):
    """All items of the meeting in order, made ready to show (case, open actions, invitations)."""
    punten = Agendapunt.objects.filter(overleg=overleg).select_related("casus").order_by("volgorde", "pk")
    return selectors.agendapunten_details(punten, met_uitnodigingen=True)


def deelnemers(overleg):
    return list(OverlegDeelnemer.objects.filter(overleg=overleg).select_related("organisatie", "deelnemer")
                .order_by("organisatie__naam"))


def ontvangers(overleg, punten=None, staand=None):
    """The recipients of the meeting's agenda, in a fixed order (full agenda, standing participants, invitees)."""
    punten = agenda_punten(overleg) if punten is None else punten
    staand = deelnemers(overleg) if staand is None else staand
    result = [Ontvanger(None, list(punten))]
    staande_ids = set()
    for deelnemer in staand:
        staande_ids.add(deelnemer.organisatie_id)
        result.append(Ontvanger(deelnemer.organisatie, list(punten), deelnemer=True))
    uitgenodigd = {}
    rijen = Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("organisatie")
    for uitnodiging in rijen.order_by("organisatie__naam", "pk"):
        if uitnodiging.organisatie_id in staande_ids:
            continue
        _organisatie, ids = uitgenodigd.setdefault(uitnodiging.organisatie_id, (uitnodiging.organisatie, set()))
        ids.add(uitnodiging.agendapunt_id)
    for organisatie, ids in uitgenodigd.values():
        eigen = [p for p in punten if p.soort != AgendapuntSoort.CASUS or p.pk in ids]
        result.append(Ontvanger(organisatie, eigen))
    return result


def aantal_ontvangers(overleg):
    """How many PDFs one version of the agenda has: the full one, one per standing participant and per invitee."""
    staand = set(OverlegDeelnemer.objects.filter(overleg=overleg).values_list("organisatie_id", flat=True))
    uitgenodigd = set(
        Uitnodiging.objects.filter(agendapunt__overleg=overleg).values_list("organisatie_id", flat=True)
    )
    return 1 + len(staand | uitgenodigd)


def render(overleg, ontvanger, *, staand=None, gemaakt_op=None):
    """The PDF (bytes) of the agenda for one recipient, in Dutch."""
    gemaakt_op = gemaakt_op or timezone.now()
    staand = deelnemers(overleg) if staand is None else staand
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "ontvanger": ontvanger,
            "punten": ontvanger.punten,
            "deelnemers": staand,
            "gemaakt_op": gemaakt_op,
            "vandaag": timezone.localdate(),
        }
        html = render_to_string("casusoverleg/pdf/agenda.html", context)
        return html_to_pdf(html, extra_css=_pagina_css(overleg, gemaakt_op))


# --- the protected file store -----------------------------------------------------------------------------

MAP = beschermd.Map("agenda", r"[0-9a-f]{48}\.pdf", model="casusoverleg.AgendaDocument")


def pad(document):
    """Where the file of an AgendaDocument is. The stored name is ours (random hex), never derived from content."""
    return MAP.pad(document.opslagnaam)


def open(document):  # noqa: A001  (as signalen.bijlagen.open)
    """The stored PDF, opened for reading in binary mode (FileNotFoundError when it is gone)."""
    return MAP.open(document.opslagnaam)


def _bewaar(overleg, versie, ontvanger, data, soort=DocumentSoort.AGENDA):
    opslagnaam = MAP.nieuwe_naam(".pdf")
    path = MAP.pad(opslagnaam)
    MAP.schrijf(opslagnaam, data)
    try:
        document = AgendaDocument.objects.create(
            overleg=overleg, soort=soort, versie=versie, organisatie=ontvanger.organisatie, opslagnaam=opslagnaam,
            grootte=len(data), sha256=hashlib.sha256(data).hexdigest(),
        )
        document.punten.set([punt.pk for punt in ontvanger.punten])
        # The cases in it, kept even when an item is later removed from the agenda: access to the document
        # depends on seeing each of them through this meeting.
        document.casussen.set([punt.casus_id for punt in ontvanger.punten if punt.casus_id])
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return document


# --- progress ---------------------------------------------------------------------------------------------


@dataclass
class Voortgang:
    versie: int
    totaal: int
    klaar: int
    mislukt: bool

    @property
    def gereed(self):
        return self.klaar >= self.totaal

    @property
    def bezig(self):
        return not self.gereed and not self.mislukt


def voortgang(overleg):
    """How far the PDFs of the current agenda version are (None when the agenda was never made final)."""
    if not overleg.agenda_versie:
        return None
    klaar = AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA,
                                          versie=overleg.agenda_versie).count()
    totaal = aantal_ontvangers(overleg)
    job_row = overleg.agenda_job
    mislukt = job_row is not None and job_row.status == JobStatus.FAILED and klaar < totaal
    return Voortgang(overleg.agenda_versie, totaal, klaar, mislukt)


# --- the job ----------------------------------------------------------------------------------------------


def _contacten(overleg):
    """Where the 'agenda ready' e-mail goes: each standing participant's and invitee's contact, and the chair."""
    adressen = []
    for rij in OverlegDeelnemer.objects.filter(overleg=overleg).select_related("deelnemer"):
        adressen.append(rij.contact)
    for rij in Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("deelnemer"):
        adressen.append(rij.contact)
    if overleg.voorzitter_id and overleg.voorzitter.is_active:
        adressen.append(overleg.voorzitter.email)
    uniek = []
    for adres in adressen:
        adres = (adres or "").strip().lower()
        if adres and adres not in uniek:
            uniek.append(adres)
    return uniek


def _mail_agenda_klaar(overleg, versie):
    """One e-mail per contact per version, never twice: the OverlegBericht row is written with the message in one
    savepoint, so a message that could not be sent is tried again by a later run. Returns the counts."""
    al = set(OverlegBericht.objects.filter(overleg=overleg, soort=BERICHT_SOORT, volgnummer=versie)
             .values_list("ontvanger", flat=True))
    nieuw = [adres for adres in _contacten(overleg) if adres not in al]
    if not nieuw:
        return {"verzonden": 0, "mislukt": 0}
    with translation.override(settings.LANGUAGE_CODE):
        begint = timezone.localtime(overleg.begint)
        context = {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "begint": begint,
            "eindigt": timezone.localtime(overleg.eindigt),
            "link": settings.SITE_URL + reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + "#agenda",
        }
        onderwerp = _("Agenda ready: %(tafel)s on %(datum)s") % {
            "tafel": overleg.tafel.naam, "datum": formats.date_format(begint, "j F Y")}
        tekst = render_to_string("casusoverleg/email/agenda_klaar.txt", context)
    return stuur_eenmaal(overleg, BERICHT_SOORT, versie, nieuw, onderwerp, tekst)


def stuur_eenmaal(overleg, soort, volgnummer, adressen, onderwerp, tekst):
    """Send one e-mail per address, each recorded first as an ``OverlegBericht`` (unique per meeting, kind, version
    and address) in the same savepoint: a parallel run sends nothing twice, a failed send is rolled back and tried
    again by a later run."""
    verzonden = mislukt = 0
    connection = get_connection()
    for adres in adressen:
        try:
            with transaction.atomic():
                OverlegBericht.objects.create(overleg=overleg, soort=soort, volgnummer=volgnummer, ontvanger=adres)
                EmailMessage(onderwerp, tekst, None, [adres], connection=connection).send()
        except IntegrityError:
            continue  # sent by a parallel run
        except OSError:  # smtplib.SMTPException included: the row is rolled back, a later run tries again
            logger.exception("Meeting %s: the %s message could not be sent", overleg.pk, soort)
            mislukt += 1
            continue
        verzonden += 1
    return {"verzonden": verzonden, "mislukt": mislukt}


@job(JOB)
def agenda_pdfs(job_row):
    """Make the next missing PDF of one agenda version; queue again while some are missing; e-mail when done."""
    overleg_id, versie = job_row.args
    overleg = (Overleg.objects.select_for_update(of=("self",)).select_related("tafel", "voorzitter")
               .filter(pk=overleg_id).first())
    if overleg is None:
        return {"overgeslagen": "overleg bestaat niet"}
    if overleg.agenda_versie != versie or overleg.status in (OverlegStatus.GEPLAND, OverlegStatus.GEANNULEERD):
        return {"overgeslagen": f"versie {versie} is niet (meer) de definitieve agenda"}
    staand = deelnemers(overleg)
    alle = ontvangers(overleg, staand=staand)
    bestaand = set(AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA, versie=versie)
                   .values_list("organisatie_id", flat=True))
    ontbreekt = [o for o in alle if (o.organisatie.pk if o.organisatie else None) not in bestaand]
    gemaakt = []
    try:
        for ontvanger in ontbreekt[:PER_RUN]:
            data = render(overleg, ontvanger, staand=staand)
            gemaakt.append(_bewaar(overleg, versie, ontvanger, data))
        resultaat = {"versie": versie, "gemaakt": [d.pk for d in gemaakt],
                     "klaar": len(alle) - len(ontbreekt) + len(gemaakt), "totaal": len(alle)}
        if len(ontbreekt) > len(gemaakt):
            volgende = enqueue(JOB, overleg.pk, versie)
            Overleg.objects.filter(pk=overleg.pk).update(agenda_job=volgende)
            resultaat["volgende"] = str(volgende.pk)
            return resultaat
        resultaat["mails"] = _mail_agenda_klaar(overleg, versie)
    except BaseException:
        # The rows go with the rolled-back transaction; their files go here.
        for document in gemaakt:
            pad(document).unlink(missing_ok=True)
        raise
    return resultaat
