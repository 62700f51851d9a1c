"""The proposal to the board (DVO) made next to the quarterly report (issue 21): at most two A4 pages in the format
the board decides on (seed 001): a header with onderwerp, agendapunt, datum, registratienummer and who prepared it,
then "Besluit" (the decision points the ketenregisseur proposes, ``Rapport.dvo_besluitpunten``), "Voorstel" (take
note of the report and agree to the decision points) and "Samenvatting" (the quarter in five figures, beside the
quarter before and the same quarter a year earlier, the first sentence of the toelichting, and a reference to the
full report, whose file it names).

The figures are the report's ``presentatie.Weergave`` (already suppressed, the same as the page, the report's PDF
and the CSV); the rendering is the platform's ``html_to_pdf`` (tagged PDF/UA-1, A4, Dutch), as the report's PDF.
The file goes to the protected store (``PROTECTED_FILES_ROOT / "voorstellen"``, its row a ``DvoVoorstel``) under
a random name, written once; it is served only by ``views.rapporten.rapport_dvo`` after the access check, audited.
"""
import hashlib
import re

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from mensenhandel.core import beschermd
from mensenhandel.core.pdf import css_string, html_to_pdf

from . import pdf, presentatie
from .models import DvoVoorstel, Rapport
from .perioden import Kwartaal

# The quarter in five figures (keys of the chapters' ``Kengetal``).
VIJF_CIJFERS = ("signalen-ontvangen", "casussen-geopend", "overleggen-gehouden", "acties-gereed", "acties-verlopen")

# The proposal's own layout, beside pdf.css: compact, so that it fits on two pages.
DVO_CSS = """
body { font-size: 9.5pt; line-height: 1.4; }
.dvo__afzender { font-size: 8pt; color: #5a5a5a; margin: 0; }
.dvo__titel { font-size: 18pt; margin: 0 0 1mm; letter-spacing: 0.08em; }
.dvo__overleg { font-size: 11pt; margin: 0 0 5mm; }
.dvo__kop { width: 100%; border-collapse: collapse; margin-block-end: 6mm; font-size: 8.5pt; }
.dvo__kop th { text-align: start; font-weight: 700; padding: 1.2mm 3mm 1.2mm 0; width: 24%; vertical-align: top;
  text-transform: uppercase; letter-spacing: 0.04em; font-size: 7.5pt; color: #3d3d3d; }
.dvo__kop td { padding: 1.2mm 3mm 1.2mm 0; border-block-end: 0.3pt solid #c5c5c5; vertical-align: top; }
.dvo h2 { font-size: 12pt; margin: 5mm 0 2mm; border-block-end: 0.6pt solid #00568b; padding-block-end: 1mm; }
.dvo__punten { margin: 0; padding-inline-start: 6mm; }
.dvo__punten li { margin-block-end: 1.5mm; }
.dvo__leeg { font-style: italic; color: #3d3d3d; }
.dvo__cijfers { width: 100%; border-collapse: collapse; margin-block: 2mm 2mm; font-size: 9pt; }
.dvo__cijfers caption { text-align: start; font-weight: 700; margin-block-end: 1.5mm; }
.dvo__cijfers th, .dvo__cijfers td { padding: 1.2mm 2mm; border-block-end: 0.3pt solid #c5c5c5; }
.dvo__cijfers thead th { text-align: end; font-size: 8pt; color: #3d3d3d; }
.dvo__cijfers thead th:first-child, .dvo__cijfers tbody th { text-align: start; font-weight: 400; }
.dvo__cijfers td { text-align: end; font-variant-numeric: tabular-nums; }
.dvo__cijfers td.dvo__nu { font-weight: 700; }
.dvo__legenda, .dvo__noot { font-size: 8pt; color: #3d3d3d; }
.dvo__citaat { margin: 2mm 0; padding-inline-start: 3mm; border-inline-start: 1.5pt solid #00568b; font-style: italic; }
.dvo__bijlage { margin-block-start: 4mm; }
"""


def bestandsnaam(rapport):
    """``dvo-voorstel-twente-2026-K3-v2.pdf``."""
    return f"dvo-voorstel-{slugify(rapport.werkgebied.naam)}-{rapport.jaar}-K{rapport.kwartaal}-v{rapport.versie}.pdf"


# At most this many decision points, so that the proposal keeps to two pages (the form refuses more).
MAX_BESLUITPUNTEN = 10


def besluitpunten(rapport):
    """The decision points of the report: one per paragraph (a blank line between them) or per line."""
    return splits_besluitpunten(rapport.dvo_besluitpunten)


def splits_besluitpunten(tekst):
    tekst = (tekst or "").replace("\r\n", "\n").strip()
    if not tekst:
        return []
    delen = re.split(r"\n\s*\n", tekst) if re.search(r"\n\s*\n", tekst) else tekst.split("\n")
    return [" ".join(deel.split()) for deel in delen if deel.strip()]


def _kort_overleg(overleg):
    """"districtelijk veiligheidsoverleg (DVO)" -> "DVO"; the whole name when it has no abbreviation."""
    gevonden = re.search(r"\(([^)]+)\)\s*$", overleg or "")
    return gevonden.group(1) if gevonden else overleg


def _pagina_css(rapport, kwartaal, overleg):
    css = css_string
    kop = f"{rapport.werkgebied.naam} · {kwartaal.label}"
    rechts = _("Draft").upper() if not rapport.definitief else _("Proposal")
    voet = _("Proposal to the %(overleg)s · with the report, version %(versie)s") % {
        "overleg": overleg, "versie": rapport.versie}
    kleur = " color: #00568b;" if rapport.definitief else ""
    return (
        "@page {"
        f" @top-left {{ content: {css(kop)}; }}"
        f" @top-right {{ content: {css(rechts)};{kleur} }}"
        f" @bottom-left {{ content: {css(voet)}; }}"
        f" @bottom-right {{ content: {css(_('page'))} ' ' counter(page) ' ' {css(_('of'))} ' ' counter(pages); }}"
        " }"
    )


def context(rapport, *, gemaakt_op=None, weergave=None):
    """What the template shows (also for a test that reads it without rendering)."""
    kwartaal = Kwartaal(rapport.jaar, rapport.kwartaal)
    weergave = weergave or presentatie.opbouw(rapport)
    gemaakt_op = timezone.localtime(gemaakt_op or timezone.now())
    cijfers = [k for k in (weergave.kengetal(sleutel) for sleutel in VIJF_CIJFERS) if k is not None]
    overleg = weergave.overleg
    return {
        "rapport": rapport,
        "weergave": weergave,
        "kwartaal": kwartaal,
        "overleg": overleg,
        "overleg_titel": f"{capfirst(overleg)} {weergave.werkgebied}",
        "kort": _kort_overleg(overleg),
        "titel": _("Proposal to the %(overleg)s %(werkgebied)s: chain approach to human trafficking, %(kwartaal)s")
        % {"overleg": overleg, "werkgebied": weergave.werkgebied, "kwartaal": kwartaal.label},
        "onderwerp": _("Chain approach to human trafficking: progress report %(kwartaal)s")
        % {"kwartaal": kwartaal.label},
        "datum": formats.date_format(gemaakt_op, "j F Y"),
        "behandeld_door": (rapport.aangemaakt_door.organisatie.naam
                           if rapport.aangemaakt_door_id and rapport.aangemaakt_door.organisatie_id else ""),
        "cijfers": cijfers,
        "perioden": weergave.perioden,
        "besluitpunten": besluitpunten(rapport),
        "rapport_naam": pdf.bestandsnaam(rapport),
        "rapport_titel": pdf.titel(rapport),
    }


def render(rapport, *, gemaakt_op=None, weergave=None):
    """The proposal's PDF (bytes), in Dutch, of a counted report."""
    kwartaal = Kwartaal(rapport.jaar, rapport.kwartaal)
    with translation.override(settings.LANGUAGE_CODE):
        ctx = context(rapport, gemaakt_op=gemaakt_op, weergave=weergave)
        html = render_to_string("rapportage/pdf/dvo_voorstel.html", ctx)
        return html_to_pdf(html, extra_css=DVO_CSS + "\n" + _pagina_css(rapport, kwartaal, ctx["overleg"]))


MAP = beschermd.Map("voorstellen", r"[0-9a-f]{48}\.pdf", model="rapportage.DvoVoorstel")


def open(rapport):  # noqa: A001  (as pdf.open)
    """The stored proposal, opened for reading in binary mode (FileNotFoundError when it is gone)."""
    return MAP.open(rapport.dvo_voorstel.opslagnaam)


def maak(rapport):
    """Render and store the proposal of a counted report, once (a report that has it keeps it: returns False). Locks
    the report's row while it works, as ``pdf.maak``, so two runs make one file."""
    with transaction.atomic():
        rij = (Rapport.objects.select_for_update(of=("self",))
               .select_related("district__regio", "regio", "aangemaakt_door__organisatie").get(pk=rapport.pk))
        if DvoVoorstel.objects.filter(rapport=rij).exists():
            return False
        if rij.gegevens is None:
            raise ValueError(f"Report {rij.pk} has no figures yet; count them first.")
        gemaakt_op = timezone.now()
        data = render(rij, gemaakt_op=gemaakt_op)
        opslagnaam = MAP.nieuwe_naam(".pdf")
        MAP.schrijf(opslagnaam, data)
        try:
            DvoVoorstel.objects.create(rapport=rij, opslagnaam=opslagnaam, grootte=len(data),
                                       sha256=hashlib.sha256(data).hexdigest(), gemaakt_op=gemaakt_op)
        except BaseException:
            MAP.pad(opslagnaam).unlink(missing_ok=True)
            raise
    return True
