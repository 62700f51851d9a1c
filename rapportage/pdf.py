"""The PDF of a quarterly report: ``maak(rapport)`` renders and stores it, ``open(rapport)`` reads it back,
``bestandsnaam(rapport)`` names the download.

The PDF shows the report's ``presentatie.Weergave`` (the same structure as the page, every count already
suppressed): a cover (werkgebied, quarter, concept or final, version, the quarter in brief: a few headline figures
and the first sentence of the toelichting, dates), a table of contents with page numbers, the key figures,
one chapter per ``Hoofdstuk`` with its headline figures, charts (``grafieken``, embedded as SVG with their text
alternative and the table of their numbers) and tables, the ketenregisseur's toelichting and the verantwoording.

Rendering is the platform's ``mensenhandel.core.pdf.html_to_pdf`` (WeasyPrint, tagged PDF/UA-1, A4, Noto Sans,
``static/css/pdf.css``), with the report's own print style ``static/css/rapport-pdf.css`` and running header and
footer (werkgebied and quarter, "CONCEPT" on a concept, the board it is for, "pagina X van Y"). The file goes to
the protected store (``PROTECTED_FILES_ROOT / "rapporten"``) under a random name, written once; it is served only by
the report's download view after the access check and the audit log.
"""
import base64
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mensenhandel.core import beschermd
from mensenhandel.core.pdf import css_string, html_to_pdf, static_css

from . import grafieken, presentatie
from .models import Rapport
from .perioden import Kwartaal

EIGEN_CSS = "css/rapport-pdf.css"
MAP = beschermd.Map("rapporten", r"[0-9a-f]{48}\.pdf", model="rapportage.Rapport")


# --- what the template gets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tabel:
    """A table ready for the template: each row's cells paired with their share (None when the table has none)."""

    tabel: presentatie.TabelWeergave
    rijen: list  # (label, [(Cel, share text or None), ...])
    totaal: tuple | None
    per_periode: bool  # the columns are the three periods: the first, the report's quarter, is emphasised

    @classmethod
    def van(cls, tabel, weergave):
        def rij(r):
            aandelen = r.aandelen if r.aandelen is not None else [None] * len(r.cellen)
            return (r.label, list(zip(r.cellen, aandelen, strict=False)))

        per_periode = list(tabel.kolommen) == [p.kort for p in weergave.perioden]
        return cls(tabel, [rij(r) for r in tabel.rijen], rij(tabel.totaal) if tabel.totaal else None, per_periode)


@dataclass(frozen=True)
class Figuur:
    """A chart ready for the PDF: the chart, its SVG as a data: URL, and the table of its numbers."""

    grafiek: presentatie.Grafiek
    src: str
    tabel: Tabel


@dataclass(frozen=True)
class Hoofdstuk:
    """A chapter with its number, its anchor, its charts and tables made ready (a table shown beside a chart is not
    repeated among the tables)."""

    nummer: int
    anker: str
    hoofdstuk: presentatie.Hoofdstuk
    figuren: list
    tabellen: list
    kengetallen: list  # (Kengetal, [(period "K2 '26", value), ...]): the quarter's value and the comparisons

    @property
    def titel(self):
        return self.hoofdstuk.titel


def _data_url(svg_bytes):
    return "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode("ascii")


def hoofdstukken(weergave):
    result = []
    for nummer, hoofdstuk in enumerate(weergave.hoofdstukken, start=1):
        figuren = [Figuur(g, _data_url(grafieken.svg(g)), Tabel.van(g.tabel, weergave)) for g in hoofdstuk.grafieken]
        tabellen = [Tabel.van(t, weergave) for t in hoofdstuk.losse_tabellen]
        kengetallen = [(k, list(zip([p.kort for p in weergave.perioden[1:]], k.waarden[1:], strict=False)))
                       for k in hoofdstuk.kengetallen]
        result.append(Hoofdstuk(nummer, f"h-{hoofdstuk.sleutel}", hoofdstuk, figuren, tabellen, kengetallen))
    return result


def werkgebied_soort(rapport):
    return _("district") if rapport.district_id else _("region")


# --- names --------------------------------------------------------------------------------------------------


def bestandsnaam(rapport):
    """The download's name: ``kwartaalrapport-twente-2026-K3-v2.pdf``."""
    return f"kwartaalrapport-{slugify(rapport.werkgebied.naam)}-{rapport.jaar}-K{rapport.kwartaal}-v{rapport.versie}.pdf"


def titel(rapport):
    """The document title (PDF metadata, first line of the cover)."""
    kwartaal = Kwartaal(rapport.jaar, rapport.kwartaal)
    status = _("final") if rapport.definitief else _("draft")
    return _("Progress report on the chain approach to human trafficking, %(werkgebied)s, %(kwartaal)s "
             "(%(status)s, version %(versie)s)") % {
        "werkgebied": rapport.werkgebied.naam, "kwartaal": kwartaal.label, "status": status, "versie": rapport.versie}


# --- rendering ----------------------------------------------------------------------------------------------


def _pagina_css(rapport, kwartaal, gemaakt_op, overleg):
    """Running header and footer: werkgebied and quarter, CONCEPT on a concept, for which board, when made, page X
    of Y."""
    css = css_string
    kop = f"{rapport.werkgebied.naam} · {kwartaal.label}"
    rechts = _("Draft").upper() if not rapport.definitief else _("Final version %(versie)s") % {
        "versie": rapport.versie}
    gemaakt = timezone.localtime(gemaakt_op)
    voet = _("For the %(overleg)s · version %(versie)s · made on %(datum)s") % {
        "overleg": overleg, "versie": rapport.versie, "datum": formats.date_format(gemaakt, "j F Y")}
    # pdf.css writes the top right in red ("VERTROUWELIJK", here "CONCEPT"); a final version's is the site's blue.
    kleur = " color: #00568b;" if rapport.definitief else ""
    pagina = _("page")
    van = _("of")
    return (
        "@page {"
        f" @top-left {{ content: {css(kop)}; }}"
        f" @top-right {{ content: {css(rechts)};{kleur} }}"
        f" @bottom-left {{ content: {css(voet)}; }}"
        f" @bottom-right {{ content: {css(pagina)} ' ' counter(page) ' ' {css(van)} ' ' counter(pages); }}"
        " }"
        # The cover carries all of this itself, larger: only the page number in its footer.
        " @page :first { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } }"
        # The cover's link to the toelichting: "(hoofdstuk 1, pagina 4)".
        f" .omslag__verwijzing::after {{ content: ', ' {css(pagina)} ' ' target-counter(attr(href), page); }}"
    )


def render(rapport, *, gemaakt_op=None, weergave=None):
    """The PDF (bytes) of a counted report, in Dutch. ``weergave`` (the report's ``presentatie.Weergave``) is built
    from the report when not given."""
    gemaakt_op = gemaakt_op or timezone.now()
    kwartaal = Kwartaal(rapport.jaar, rapport.kwartaal)
    with translation.override(settings.LANGUAGE_CODE):
        if weergave is None:
            weergave = presentatie.opbouw(rapport)
        genummerd = hoofdstukken(weergave)
        toelichting = next((h for h in genummerd if h.hoofdstuk.sleutel == "toelichting"), None)
        context = {
            "rapport": rapport,
            "weergave": weergave,
            "kwartaal": kwartaal,
            "titel": titel(rapport),
            "werkgebied_soort": werkgebied_soort(rapport),
            "hoofdstukken": genummerd,
            # The cover: the quarter in brief (its value, then the two comparisons) and where the toelichting is.
            "omslag_cijfers": [(k, list(zip([p.kort for p in weergave.perioden[1:]], k.waarden[1:], strict=False)))
                               for k in weergave.in_het_kort],
            "toelichting_anker": toelichting.anker if toelichting else "",
            "toelichting_nummer": toelichting.nummer if toelichting else "",
            "kort": [(h, h.kengetallen) for h in weergave.hoofdstukken if h.kengetallen],
            "gemaakt_op": timezone.localtime(gemaakt_op),
            "geteld_op": timezone.localtime(rapport.geteld_op) if rapport.geteld_op else None,
            "vergeleken": weergave.perioden[1:],
        }
        html = render_to_string("rapportage/pdf/rapport.html", context)
        css = static_css(EIGEN_CSS)
        return html_to_pdf(html, extra_css=css + "\n" + _pagina_css(rapport, kwartaal, gemaakt_op, weergave.overleg))


# --- the protected file store -------------------------------------------------------------------------------


def pad(rapport):
    return MAP.pad(rapport.opslagnaam)


def open(rapport):  # noqa: A001  (as casusoverleg.agenda_pdf.open)
    """The stored PDF, opened for reading in binary mode (FileNotFoundError when it is gone)."""
    return MAP.open(rapport.opslagnaam)


def maak(rapport):
    """Render and store the PDF of a counted report, once: a report that has a PDF keeps it (returns False). Locks
    the row while it works, so two runs make one file. Returns True when it made the PDF; ``rapport`` then has the
    stored name, size, hash and time. A failure while recording the file removes it again."""
    with transaction.atomic():
        rij = (Rapport.objects.select_for_update(of=("self",)).select_related("district__regio", "regio")
               .get(pk=rapport.pk))
        if rij.heeft_pdf:
            _kopieer(rij, rapport)
            return False
        if rij.gegevens is None:
            raise ValueError(f"Report {rij.pk} has no figures yet; count them first.")
        gemaakt_op = timezone.now()
        rij.gemaakt_op = gemaakt_op  # shown in the report (the Weergave reads it)
        data = render(rij, gemaakt_op=gemaakt_op)
        opslagnaam = MAP.nieuwe_naam(".pdf")
        MAP.schrijf(opslagnaam, data)
        try:
            rij.opslagnaam = opslagnaam
            rij.grootte = len(data)
            rij.sha256 = hashlib.sha256(data).hexdigest()
            rij.save(update_fields=["opslagnaam", "grootte", "sha256", "gemaakt_op"])
        except BaseException:
            MAP.pad(opslagnaam).unlink(missing_ok=True)
            raise
    _kopieer(rij, rapport)
    return True


def _kopieer(bron, doel):
    for veld in ("opslagnaam", "grootte", "sha256", "gemaakt_op"):
        setattr(doel, veld, getattr(bron, veld))
