"""The pages of the basisniveau monitor (issue 9): the measurements a user sees, one measurement's regional page
(like the seed-002 dashboard), and one gemeente's answers to fill in.

Every view starts from a selector (``metingen_visible_for``, ``meting_gemeenten_visible_for``): what the user may not
see answers 404; who sees a measurement but may not manage it (the portefeuillehouder, a coordinator) gets 403 on
closing and re-opening. What every gemeente answered is shown to the ketenregisseur only
(``ziet_antwoorden_per_gemeente``); the others see the regional figures. Write paths and rules are ``basisniveau``'s
(which audits them); reads and lists are audited here.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.rollen import Rol

from .. import basisniveau, selectors
from ..forms_basisniveau import AntwoordenForm, NieuweMetingForm
from ..models import BasisniveauAntwoord, BasisniveauItem, Meting
from ..suppressie import percentage
from . import alleen_voor

PER_PAGINA = 20
ROLLEN = (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER, Rol.COORDINATOR)


def _meting_or_404(request, pk):
    return get_object_or_404(selectors.metingen_visible_for(request.user), pk=pk)


def _detail_url(meting, anker=""):
    return reverse("basisniveau:meting", kwargs={"pk": meting.pk}) + (f"#{anker}" if anker else "")


def _omschrijving(meting):
    return f"basisniveau-meting {meting.datum:%Y-%m-%d}"


def _met_respons(metingen):
    for meting in metingen:
        meting.respons = percentage(meting.aantal_deelgenomen, meting.aantal_gemeenten)
    return metingen


# --- the list ----------------------------------------------------------------------------------------------------


def _lijst_context(request, form=None):
    user = request.user
    rows = basisniveau.met_respons(selectors.metingen_visible_for(user)).order_by("-datum", "-pk")
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    metingen = _met_respons(list(page.object_list))
    # A coordinator: their own gemeente in each measurement (the link to fill it in), one query.
    eigen = {}
    if user.rol == Rol.COORDINATOR:
        eigen = {mg.meting_id: mg for mg in selectors.meting_gemeenten_visible_for(user).filter(
            meting__in=[m.pk for m in metingen])}
    for meting in metingen:
        meting.eigen_gemeente = eigen.get(meting.pk)
    beheert = selectors.may_manage_metingen(user)
    if beheert and form is None:
        form = NieuweMetingForm(prefix="nieuw")
    return {
        "metingen": metingen,
        "page_obj": page,
        "paginator": paginator,
        "beheert": beheert,
        "form": form if beheert else None,
        "fouten": form.foutoverzicht() if beheert and form.is_bound else [],
        "werkgebied": user.werkgebied,
        "coordinator": user.rol == Rol.COORDINATOR,
        "eigen_gemeente": user.organisatie.gemeente if user.rol == Rol.COORDINATOR and user.organisatie_id else None,
    }


@require_safe
@alleen_voor(ROLLEN)
def meting_list(request):
    """The measurements the user sees, newest first, with their response."""
    context = _lijst_context(request)
    audit.log(request.user, AuditActie.LIST, Meting, filters=request.GET)
    return render(request, "basisniveau/meting_list.html", context)


@require_http_methods(["GET", "POST"])
@alleen_voor(ROLLEN, beheer=selectors.may_manage_metingen)
def meting_nieuw(request):
    """A new measurement of the ketenregisseur's werkgebied (the form is on the list page)."""
    user = request.user
    if request.method == "GET":
        return redirect(reverse("basisniveau:metingen") + "#nieuwe-meting")
    form = NieuweMetingForm(request.POST, prefix="nieuw")
    if form.is_valid():
        try:
            meting = basisniveau.nieuwe_meting(user.werkgebied, form.cleaned_data["datum"], user)
        except ValidationError as error:
            form.add_error("datum", error)
        else:
            messages.success(request, _(
                "The measurement has been made with the %(aantal)s municipalities of %(werkgebied)s. It is open: "
                "the coordinators can fill in their answers now.") % {
                "aantal": meting.gemeenten.count(), "werkgebied": meting.werkgebied})
            return redirect(_detail_url(meting))
    context = _lijst_context(request, form)
    return render(request, "basisniveau/meting_list.html", context)


# --- one measurement ---------------------------------------------------------------------------------------------


@require_safe
def meting_detail(request, pk):
    """The regional page: response, per item the share that answered *ja* with its trend; for the ketenregisseur
    also what every gemeente answered."""
    user = request.user
    meting = _meting_or_404(request, pk)
    figuren = basisniveau.cijfers_met_trend(meting)
    per_gemeente = selectors.ziet_antwoorden_per_gemeente(user, meting)
    eigen = None
    if user.rol == Rol.COORDINATOR:
        eigen = selectors.meting_gemeenten_visible_for(user).filter(meting=meting).first()
    audit.log(user, AuditActie.VIEW, meting, omschrijving=_omschrijving(meting))
    return render(request, "basisniveau/meting_detail.html", {
        "meting": meting,
        "cijfers": figuren,
        "beheert": per_gemeente,
        "rijen": basisniveau.rijen_per_gemeente(meting) if per_gemeente else None,
        "items": [(BasisniveauItem(item).label, basisniveau.KORT[item]) for item in basisniveau.ITEMS],
        "eigen": eigen,
        "kort_ontwikkeling": basisniveau.KORT_ANTWOORD[BasisniveauAntwoord.IN_ONTWIKKELING],
    })


@require_POST
def meting_sluiten(request, pk):
    """Close the measurement (``open=0``) or re-open it (``open=1``): the ketenregisseur."""
    meting = _meting_or_404(request, pk)
    if not selectors.may_manage_metingen(request.user):
        raise PermissionDenied
    open_ = request.POST.get("open") == "1"
    meting = basisniveau.zet_open(meting, request.user, open_)
    if open_:
        messages.success(request, _("The measurement is open again: the coordinators can change their answers."))
    else:
        messages.success(request, _("The measurement has been closed: the answers can no longer be changed."))
    return redirect(_detail_url(meting))


# --- one gemeente's answers --------------------------------------------------------------------------------------


def _render_invullen(request, mg, form):
    return render(request, "basisniveau/gemeente_invullen.html", {
        "mg": mg,
        "meting": mg.meting,
        "form": form,
        "fouten": form.foutoverzicht() if form is not None and form.is_bound else [],
        "antwoorden": basisniveau.antwoorden_van(mg).values(),
    })


@require_http_methods(["GET", "POST"])
def gemeente_invullen(request, pk):
    """One gemeente's answers: a form while the measurement is open, the answers read-only when it is closed."""
    user = request.user
    mg = get_object_or_404(selectors.meting_gemeenten_visible_for(user).select_related(
        "meting__district", "meting__regio", "ingevuld_door"), pk=pk)
    meting = mg.meting
    if request.method == "POST":
        if not meting.open:
            messages.error(request, _("This measurement has been closed: answers can no longer be changed. Your "
                                      "answers have not been saved."))
            return redirect(reverse("basisniveau:gemeente_invullen", kwargs={"pk": mg.pk}))
        form = AntwoordenForm(request.POST, antwoorden=basisniveau.antwoorden_van(mg))
        if form.is_valid():
            try:
                basisniveau.antwoorden_opslaan(mg, user, form.antwoorden())
            except ValidationError as error:
                messages.error(request, " ".join(error.messages) + " " + _("Your answers have not been saved."))
                return redirect(reverse("basisniveau:gemeente_invullen", kwargs={"pk": mg.pk}))
            messages.success(request, _("The answers of %(gemeente)s have been saved.") % {"gemeente": mg.naam})
            return redirect(_detail_url(meting, f"gemeente-{mg.pk}" if selectors.ziet_antwoorden_per_gemeente(
                user, meting) else ""))
        return _render_invullen(request, mg, form)
    audit.log(user, AuditActie.VIEW, mg, omschrijving=f"antwoorden {_omschrijving(meting)}")
    form = AntwoordenForm(antwoorden=basisniveau.antwoorden_van(mg)) if meting.open else None
    return _render_invullen(request, mg, form)
