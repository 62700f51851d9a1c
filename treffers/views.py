"""/treffers/: the ketenregisseur's treffers (open first), one treffer's page with its status and sharing.

Every view starts from ``selectors.treffers_visible_for``: anyone but a ketenregisseur of one of the two sides gets
404 (coordinators, partners, portefeuillehouders, the beheerder: on every URL). Of the other side's record a page
shows only the kind(s) of identifier that matched and the other werkgebied's RIEC with its functional mailbox.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from . import selectors, services
from .forms import DelenForm, StatusForm
from .models import Status, Treffer

PER_PAGINA = 25
FILTERS = {"open": Status.OPEN, "alle": None}


def _treffers(user):
    return selectors.treffers_visible_for(user).select_related(
        "signaal_a", "signaal_b", "gemeente_a__regio", "gemeente_b__regio", "aanleiding_door__organisatie")


def lijst(request):
    user = request.user
    if not selectors.may_see_treffers(user):
        raise Http404
    filter_ = request.GET.get("toon", "open")
    if filter_ not in FILTERS:
        filter_ = "open"
    treffers = _treffers(user)
    if FILTERS[filter_]:
        treffers = treffers.filter(status=FILTERS[filter_])
    pagina = Paginator(treffers.order_by("-aangemaakt", "-pk"), PER_PAGINA).get_page(request.GET.get("pagina"))
    gemeenten = selectors.eigen_gemeenten(user)
    mailboxen = selectors.riec_mailboxen()
    kanten = [selectors.kant_voor(user, treffer, gemeenten, mailboxen) for treffer in pagina]
    audit.log(user, AuditActie.LIST, Treffer, filters={"toon": filter_})
    return render(request, "treffers/lijst.html", {
        "kanten": kanten,
        "pagina": pagina,
        "toon": filter_,
        "aantal_open": selectors.open_aantal(user),
        "opvallend": selectors.opvallende_melders(user),
        "drempel": selectors.drempel(),
    })


def _treffer_or_404(request, pk):
    if not selectors.may_see_treffers(request.user):
        raise Http404
    return get_object_or_404(_treffers(request.user), pk=pk)


def _render_detail(request, treffer, *, status_form=None, delen_form=None, status=200):
    user = request.user
    kant = selectors.kant_voor(user, treffer)
    historie = list(selectors.historie_van([treffer.pk]))
    audit.log(user, AuditActie.VIEW, treffer)
    return render(request, "treffers/detail.html", {
        "kant": kant,
        "treffer": treffer,
        "historie": [(rij, kant.leest(rij.kant)) for rij in historie],
        "status_form": status_form or StatusForm(dubbel=kant.dubbel),
        "delen_form": None if kant.dubbel else (delen_form or DelenForm()),
        "ontvanger": None if kant.dubbel else services.ontvanger_riec(treffer, user),
    }, status=status)


def detail(request, pk):
    return _render_detail(request, _treffer_or_404(request, pk))


@require_POST
def status(request, pk):
    treffer = _treffer_or_404(request, pk)
    kant = selectors.kant_voor(request.user, treffer)
    form = StatusForm(request.POST, dubbel=kant.dubbel)
    if form.is_valid():
        try:
            treffer = services.change_status(treffer, request.user, form.cleaned_data["status"],
                                             form.cleaned_data["reden"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The hit is now '%(status)s'. The other side sees this status.") % {
                "status": treffer.get_status_display()})
            return redirect("treffers:detail", pk=treffer.pk)
    return _render_detail(request, treffer, status_form=form)


@require_POST
def delen(request, pk):
    treffer = _treffer_or_404(request, pk)
    if selectors.kant_voor(request.user, treffer).dubbel:
        raise Http404
    form = DelenForm(request.POST)
    if form.is_valid():
        try:
            treffer = services.share(treffer, request.user, form.cleaned_data["grondslag"],
                                     form.cleaned_data["toelichting"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your signal has been shared with %(riec)s; the hit is now 'shared'.") % {
                "riec": selectors.kant_voor(request.user, treffer).riec})
            return redirect("treffers:detail", pk=treffer.pk)
    return _render_detail(request, treffer, delen_form=form)
