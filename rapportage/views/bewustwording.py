"""The awareness sessions' pages (``/bewustwording/``, issue 9).

Every lookup starts from ``selectors.bijeenkomsten_visible_for``: a session the user may not see answers 404 on
every URL; who sees it but may not change it (a portefeuillehouder, a coordinator, a ketenregisseur of a district
looking at a session of the region) gets 403 on the change page. The overview belongs to the ketenregisseur and the
portefeuillehouder (their werkgebied's gemeenten) and to the coordinator (their own gemeente); other roles have no
such page (404). Lists and reads are written to the audit log; changes by ``bewustwording.registreer`` / ``wijzig``.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import OrganisatieSoort, Rol
from tafels.models import Gemeente

from .. import bewustwording, selectors
from ..forms_bewustwording import BijeenkomstForm, initial_van
from ..models import Bewustwordingsbijeenkomst

PER_PAGINA = 20
WERKGEBIED_ROLLEN = (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER)


def _eigen_gemeente(user):
    """The coordinator's own gemeente, else None."""
    if getattr(user, "rol", None) != Rol.COORDINATOR or not user.organisatie_id:
        return None
    return user.organisatie.gemeente


def _met_gemeenten(queryset):
    return queryset.prefetch_related(Prefetch("gemeenten", queryset=Gemeente.objects.order_by("naam")))


def _bijeenkomst_or_404(request, pk):
    return get_object_or_404(_met_gemeenten(selectors.bijeenkomsten_visible_for(request.user)), pk=pk)


def _service_fouten(form, error):
    if hasattr(error, "error_dict"):
        for veld, fouten in error.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, error)


@require_safe
def overzicht(request):
    user = request.user
    rol = getattr(user, "rol", None)
    peildatum = timezone.localdate()
    gemeente = None
    if rol in WERKGEBIED_ROLLEN and user.werkgebied is not None:
        stand = bewustwording.overzicht(user.werkgebied, peildatum)
    elif (gemeente := _eigen_gemeente(user)) is not None:
        stand = bewustwording.stand_van(gemeente, peildatum)
    else:
        raise Http404
    rows = _met_gemeenten(selectors.bijeenkomsten_visible_for(user)).order_by("-datum", "-pk")
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    audit.log(user, AuditActie.LIST, Bewustwordingsbijeenkomst, filters=request.GET)
    return render(request, "bewustwording/overzicht.html", {
        "overzicht": stand if gemeente is None else None,
        "eigen": stand if gemeente is not None else None,
        "peildatum": peildatum,
        "vanaf": bewustwording.begin_venster(peildatum),
        "bijeenkomsten": list(page.object_list),
        "page_obj": page,
        "paginator": paginator,
        "mag_registreren": bewustwording.may_register(user),
    })


def _formulier(request, *, form, bijeenkomst, werkgebied):
    return render(request, "bewustwording/formulier.html", {
        "form": form, "bijeenkomst": bijeenkomst, "werkgebied": werkgebied,
        "actie_url": (reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": bijeenkomst.pk}) if bijeenkomst
                      else reverse("basisniveau:bijeenkomst_nieuw")),
    })


@require_http_methods(["GET", "POST"])
def bijeenkomst_nieuw(request):
    user = request.user
    if not bewustwording.may_register(user):
        # Who has the overview sees the sessions but does not register them; other roles have no such page.
        if getattr(user, "rol", None) in WERKGEBIED_ROLLEN or _eigen_gemeente(user) is not None:
            raise PermissionDenied
        raise Http404
    werkgebied = user.werkgebied
    if request.method == "POST":
        form = BijeenkomstForm(request.POST, werkgebied=werkgebied)
        if form.is_valid():
            try:
                bijeenkomst = bewustwording.registreer(user, **form.waarden())
            except ValidationError as error:
                _service_fouten(form, error)
            else:
                messages.success(request, _("The awareness session has been registered."))
                return redirect("basisniveau:bijeenkomst", pk=bijeenkomst.pk)
    else:
        initial = {"organisator": user.organisatie_id} if user.organisatie.soort == OrganisatieSoort.RIEC else {}
        form = BijeenkomstForm(initial=initial, werkgebied=werkgebied)
    return _formulier(request, form=form, bijeenkomst=None, werkgebied=werkgebied)


@require_safe
def bijeenkomst_detail(request, pk):
    bijeenkomst = _bijeenkomst_or_404(request, pk)
    audit.log(request.user, AuditActie.VIEW, bijeenkomst)
    return render(request, "bewustwording/detail.html", {
        "bijeenkomst": bijeenkomst,
        "in_venster": bewustwording.telt_mee(bijeenkomst.datum, timezone.localdate()),
        "mag_wijzigen": selectors.may_manage_bijeenkomst(request.user, bijeenkomst),
    })


@require_http_methods(["GET", "POST"])
def bijeenkomst_bewerken(request, pk):
    bijeenkomst = _bijeenkomst_or_404(request, pk)
    if not selectors.may_manage_bijeenkomst(request.user, bijeenkomst):
        raise PermissionDenied
    werkgebied = bijeenkomst.werkgebied
    if request.method == "GET":
        audit.log(request.user, AuditActie.VIEW, bijeenkomst, omschrijving="bewerken")
    if request.method == "POST":
        form = BijeenkomstForm(request.POST, werkgebied=werkgebied)
        if form.is_valid():
            try:
                bewustwording.wijzig(request.user, bijeenkomst, **form.waarden())
            except ValidationError as error:
                _service_fouten(form, error)
            else:
                messages.success(request, _("The changes to the awareness session have been saved."))
                return redirect("basisniveau:bijeenkomst", pk=bijeenkomst.pk)
    else:
        form = BijeenkomstForm(initial=initial_van(bijeenkomst), werkgebied=werkgebied)
    return _formulier(request, form=form, bijeenkomst=bijeenkomst, werkgebied=werkgebied)
