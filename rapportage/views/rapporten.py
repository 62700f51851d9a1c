"""The pages of the quarterly report: the archive of the werkgebied, one report as a page (with the progress of its
job, the toelichting and finalising for the ketenregisseur), and its PDF, CSV and chart downloads.

Every view starts from ``selectors.rapporten_visible_for``: a report the user may not see answers 404 on every URL;
who sees it but may not change it (the portefeuillehouder) gets 403 on the changes. The write paths and their
rules are ``services``'; what the page shows of the figures is ``presentatie.opbouw`` (already suppressed), the same
structure the PDF and the CSV export render. Reads, downloads and exports are audited here.
"""
import logging
from dataclasses import dataclass

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.beschermd import download
from mensenhandel.core.csv_export import CsvExport
from mensenhandel.core.rollen import Rol

from .. import dvo, grafieken, pdf, presentatie, selectors, services
from ..forms import NieuwConceptForm, ToelichtingForm
from ..models import Rapport
from ..perioden import Kwartaal
from . import alleen_voor

logger = logging.getLogger(__name__)

PER_PAGINA = 20
ROLLEN = (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER)


# --- lookups -----------------------------------------------------------------------------------------------------


def _rapport_or_404(request, pk):
    rapporten = selectors.rapporten_visible_for(request.user).select_related("job", "aangemaakt_door", "gebaseerd_op",
                                                                             "dvo_pdf")
    return get_object_or_404(rapporten, pk=pk)


def _beheerd_or_403(request, pk):
    rapport = _rapport_or_404(request, pk)
    if not selectors.may_manage_rapporten(request.user):
        raise PermissionDenied
    return rapport


def _detail_url(rapport, anker=""):
    return reverse("rapportage:rapport", kwargs={"pk": rapport.pk}) + (f"#{anker}" if anker else "")


def _met_periode(rapporten):
    for rapport in rapporten:
        rapport.periode = Kwartaal(rapport.jaar, rapport.kwartaal)
    return rapporten


def _overleg(rapport):
    """The board the report is for, as its werkgebied names it ("districtelijk veiligheidsoverleg (DVO)")."""
    return rapport.werkgebied.bestuurlijk_overleg


def _omschrijving(rapport, wat="rapport"):
    return f"{wat} K{rapport.kwartaal} {rapport.jaar} versie {rapport.versie}"


# --- progress of the job -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voortgang:
    """How far the job of a report is: the figures counted, the PDF made, or failed."""

    geteld: bool
    pdf: bool
    mislukt: bool
    te_laat: bool = False

    @property
    def gereed(self):
        return self.geteld and self.pdf

    @property
    def bezig(self):
        return not self.gereed and not self.mislukt

    @property
    def klaar(self):
        return int(self.geteld) + int(self.pdf)

    @property
    def cijfers_stap(self):
        return "klaar" if self.geteld else ("mislukt" if self.mislukt else "bezig")

    @property
    def pdf_stap(self):
        if self.pdf:
            return "klaar"
        if self.mislukt:
            return "mislukt" if self.geteld else "wacht"
        return "bezig" if self.geteld else "wacht"


def voortgang(rapport):
    return Voortgang(rapport.gegevens is not None, rapport.heeft_pdf,
                     mislukt=selectors.job_gestopt_zonder_pdf(rapport), te_laat=selectors.job_te_laat(rapport))


def _voortgang_context(request, rapport, beheert):
    return {
        "rapport": rapport,
        "beheert": beheert,
        "voortgang": voortgang(rapport),
        "voortgang_url": reverse("rapportage:rapport_voortgang", kwargs={"pk": rapport.pk}),
        "vernieuw_url": _detail_url(rapport),
    }


# --- the archive -------------------------------------------------------------------------------------------------


def _lijst_context(request, form=None):
    user = request.user
    rows = selectors.rapporten_visible_for(user).select_related("aangemaakt_door", "job")
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    page.object_list = _met_periode(list(page.object_list))
    for rapport in page.object_list:
        rapport.voortgang = voortgang(rapport)
    beheert = selectors.may_manage_rapporten(user)
    if beheert and form is None:
        form = NieuwConceptForm(prefix="nieuw")
    return {
        "rapporten": page.object_list,
        "page_obj": page,
        "paginator": paginator,
        "beheert": beheert,
        "form": form if beheert else None,
        "fouten": form.foutoverzicht() if beheert and form.is_bound else [],
        "werkgebied": user.werkgebied,
        "overleg": user.werkgebied.bestuurlijk_overleg if user.werkgebied else "",
    }


@require_safe
@alleen_voor(ROLLEN)
def rapport_list(request):
    """The reports of the user's werkgebied, per quarter its versions, newest first."""
    context = _lijst_context(request)
    audit.log(request.user, AuditActie.LIST, Rapport, filters=request.GET)
    return render(request, "rapportage/rapport_list.html", context)


@require_http_methods(["GET", "POST"])
@alleen_voor(ROLLEN, beheer=selectors.may_manage_rapporten)
def rapport_nieuw(request):
    """A new concept for a quarter (the ketenregisseur): the job counts the figures and makes the PDF."""
    user = request.user
    form = NieuwConceptForm(request.POST or None, prefix="nieuw")
    if request.method == "POST" and form.is_valid():
        kwartaal = form.cleaned_data["kwartaal"]
        try:
            rapport = services.maak_concept(user.werkgebied, kwartaal, door=user)
        except ValidationError as error:
            form.add_error("kwartaal", error)
        else:
            messages.success(request, _(
                "Version %(versie)s of %(kwartaal)s is being made as a concept. The figures are counted first, then "
                "the PDF is made; this page shows how far it is.") % {
                "versie": rapport.versie, "kwartaal": kwartaal.label})
            return redirect(_detail_url(rapport))
    if request.method == "POST":
        return render(request, "rapportage/rapport_list.html", _lijst_context(request, form))
    return render(request, "rapportage/rapport_nieuw.html", {"form": form, "fouten": []})


# --- one report --------------------------------------------------------------------------------------------------


def _render_detail(request, rapport, *, form=None):
    user = request.user
    beheert = selectors.may_manage_rapporten(user)
    versies = _met_periode(list(selectors.versies(user, rapport).select_related("aangemaakt_door", "job")))
    bewerkbaar = beheert and not rapport.definitief
    if bewerkbaar and form is None:
        form = ToelichtingForm(initial={"toelichting": rapport.toelichting,
                                        **{veld: getattr(rapport, veld) for veld in services.DVO_VELDEN}},
                               overleg=_overleg(rapport))
    weergave = presentatie.opbouw(rapport) if rapport.gegevens is not None else None
    nieuwer = next((v for v in versies if v.definitief and v.versie > rapport.versie), None)
    for versie in versies:
        versie.voortgang = voortgang(versie)
    context = {
        **_voortgang_context(request, rapport, beheert),
        "periode": Kwartaal(rapport.jaar, rapport.kwartaal),
        "weergave": weergave,
        "versies": versies,
        "nieuwere_definitieve": nieuwer,
        "bewerkbaar": bewerkbaar,
        "form": form if bewerkbaar else None,
        "fouten": form.foutoverzicht() if bewerkbaar and form.is_bound else [],
    }
    return render(request, "rapportage/rapport_detail.html", context)


@require_safe
def rapport_detail(request, pk):
    rapport = _rapport_or_404(request, pk)
    audit.log(request.user, AuditActie.VIEW, rapport, omschrijving=_omschrijving(rapport))
    return _render_detail(request, rapport)


@require_safe
def rapport_voortgang(request, pk):
    """The progress of the job: the fragment htmx polls every 2 s, or a page of its own without it.

    The page asks with ``?geteld=0`` while it shows no figures yet: once they are counted, htmx reloads the whole
    page (``HX-Refresh``) so they appear."""
    rapport = _rapport_or_404(request, pk)
    context = _voortgang_context(request, rapport, selectors.may_manage_rapporten(request.user))
    if request.htmx:
        if context["voortgang"].gereed:
            # The PDF is ready: also update "PDF made on" and this version's row in the versions table (out of band;
            # no reload, which would wipe an explanation being typed).
            rapport.periode = Kwartaal(rapport.jaar, rapport.kwartaal)
            context["oob"] = True
        response = render(request, "rapportage/_voortgang.html", context)
        if request.GET.get("geteld") == "0" and rapport.gegevens is not None:
            response["HX-Refresh"] = "true"
        return response
    context.update(vernieuw_url=context["voortgang_url"], periode=Kwartaal(rapport.jaar, rapport.kwartaal))
    return render(request, "rapportage/rapport_voortgang.html", context)


@require_POST
def rapport_toelichting(request, pk):
    rapport = _beheerd_or_403(request, pk)
    form = ToelichtingForm(request.POST, overleg=_overleg(rapport))
    if form.is_valid():
        try:
            services.toelichting_opslaan(rapport, request.user, form.cleaned_data["toelichting"], dvo=form.dvo())
        except ValidationError as error:
            if rapport.definitief:
                messages.error(request, " ".join(error.messages))
                return redirect(_detail_url(rapport))
            form.voeg_fout_toe(error)
        else:
            messages.success(request, _("The explanation has been saved. It is in the report once you make it "
                                        "final."))
            return redirect(_detail_url(rapport, "toelichting"))
    return _render_detail(request, rapport, form=form)


@require_POST
def rapport_definitief(request, pk):
    concept = _beheerd_or_403(request, pk)
    form = ToelichtingForm(request.POST, overleg=_overleg(concept))
    if form.is_valid():
        tekst = form.cleaned_data["toelichting"]
        try:
            definitief = services.definitief_maken(concept, request.user, tekst, dvo=form.dvo())
        except ValidationError as error:
            if concept.definitief:
                messages.error(request, " ".join(error.messages))
                return redirect(_detail_url(concept))
            form.voeg_fout_toe(error, over_tekst=concept.gegevens is not None and not tekst.strip())
        else:
            messages.success(request, _(
                "Version %(versie)s is final. The PDF is being made; once it is ready the portefeuillehouder can "
                "download it. Concept version %(concept)s stays in the archive.") % {
                "versie": definitief.versie, "concept": concept.versie})
            return redirect(_detail_url(definitief))
    return _render_detail(request, concept, form=form)


@require_POST
def rapport_opnieuw(request, pk):
    """Run the failed job of this version again (the managing ketenregisseur)."""
    rapport = _beheerd_or_403(request, pk)
    try:
        services.opnieuw_maken(rapport, request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is being made again. This page shows the progress."))
    return redirect(_detail_url(rapport))


# --- downloads ---------------------------------------------------------------------------------------------------


@require_safe
def rapport_pdf(request, pk):
    """The PDF: only through the selector, audited, never shown inline or cached."""
    rapport = _rapport_or_404(request, pk)
    if not rapport.heeft_pdf:
        raise Http404
    try:
        bestand = pdf.open(rapport)
    except (FileNotFoundError, ValueError):
        logger.error("The PDF of report %s is missing", rapport.pk)
        raise Http404 from None
    services.download_gelogd(rapport, request.user)
    return download(bestand, content_type="application/pdf", naam=pdf.bestandsnaam(rapport), grootte=rapport.grootte)


@require_safe
def rapport_dvo(request, pk):
    """The proposal to the board (issue 21): only through the selector, audited, as the report's PDF."""
    rapport = _rapport_or_404(request, pk)
    voorstel = rapport.dvo_voorstel
    if voorstel is None:
        raise Http404
    try:
        bestand = dvo.open(rapport)
    except (FileNotFoundError, ValueError):
        logger.error("The proposal of report %s is missing", rapport.pk)
        raise Http404 from None
    services.download_gelogd(rapport, request.user, wat="DVO-voorstel")
    return download(bestand, content_type="application/pdf", naam=dvo.bestandsnaam(rapport), grootte=voorstel.grootte)


def _weergave_or_404(rapport):
    if rapport.gegevens is None:
        raise Http404
    return presentatie.opbouw(rapport)


# "Table" and "Share" alone are taken (a meeting table; to share): these say what they are here.
CSV_KOPPEN = [
    gettext_lazy("Chapter"),
    gettext_lazy("Table of the report"),
    gettext_lazy("Row"),
    gettext_lazy("Column"),
    gettext_lazy("Value"),
    gettext_lazy("Share (percentage)"),
]


def csv_rijen(weergave):
    """The figures of the report as CSV rows: every headline figure and every table cell exactly as the page and the
    PDF show it (suppressed: "< 5", "•", "–"), never a raw count."""
    kengetallen = _("Headline figures")
    kolommen = [periode.kort for periode in weergave.perioden]
    for hoofdstuk in weergave.hoofdstukken:
        for kengetal in hoofdstuk.kengetallen:
            for kolom, waarde in zip(kolommen, kengetal.waarden, strict=False):
                yield hoofdstuk.titel, kengetallen, kengetal.label, kolom, waarde, ""
    for hoofdstuk, tabel in weergave.tabellen():
        for rij in [*tabel.rijen, *([tabel.totaal] if tabel.totaal else [])]:
            for index, (kolom, cel) in enumerate(zip(tabel.kolommen, rij.cellen, strict=False)):
                aandeel = rij.aandelen[index] if rij.aandelen else ""
                yield hoofdstuk.titel, tabel.titel, rij.label, kolom, cel.tekst, aandeel


@require_safe
def rapport_csv(request, pk):
    """The figures as CSV for Excel NL: the suppressed values of the report, nothing else."""
    rapport = _rapport_or_404(request, pk)
    weergave = _weergave_or_404(rapport)
    naam = slugify(f"rapport {weergave.werkgebied} {rapport.jaar} k{rapport.kwartaal} v{rapport.versie}")
    export = CsvExport(naam, CSV_KOPPEN)
    for rij in csv_rijen(weergave):
        export.row(rij)
    audit.log(request.user, AuditActie.EXPORT, rapport, omschrijving=_omschrijving(rapport, "cijfers-csv"))
    return export.response


# The chart is an SVG shown with <img>: its own policy allows the inline style pygal writes into it, and nothing
# else (no script, nothing fetched), also when it is opened on its own.
SVG_CSP = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "font-src": [NONE],
    "script-src": [NONE],
    "connect-src": [NONE],
    "form-action": [NONE],
}


@require_safe
@csp_replace(SVG_CSP)
def rapport_grafiek(request, pk, naam):
    rapport = _rapport_or_404(request, pk)
    grafiek = _weergave_or_404(rapport).grafiek(naam)
    if grafiek is None:
        raise Http404
    response = HttpResponse(grafieken.svg(grafiek), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
