"""The pages of a barrier: add one to a case, read one (with its actions), change one.

Every view starts from the case or barrier selectors: a case or barrier the user may not see answers 404; who sees it
but does not manage the case (a partner at the table) reads, and gets 403 on the changes. Reads and changes are
audited (the changes by ``services``)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from casusoverleg import selectors as casus_selectors
from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from . import selectors, services
from .forms import BarriereForm


def casus_url(casus):
    return reverse("casusoverleg:casus", kwargs={"pk": casus.pk}) + "#barrieres"


def _velden(data):
    return {k: data[k] for k in services.VELDEN}


def _fout_naar_form(form, error):
    if hasattr(error, "error_dict"):
        for veld, fouten in error.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def barriere_nieuw(request, casus_pk):
    casus = get_object_or_404(casus_selectors.casus_detail_for(request.user), pk=casus_pk)
    if not selectors.may_manage(request.user, casus):
        raise PermissionDenied
    form = BarriereForm(request.POST or None, user=request.user, casus=casus)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_barriere(casus, request.user, acties=list(form.cleaned_data["acties"]),
                                  **_velden(form.cleaned_data))
        except ValidationError as error:
            _fout_naar_form(form, error)
        else:
            messages.success(request, _("The barrier has been added to case %(code)s.") % {"code": casus.code})
            return redirect(casus_url(casus))
    return render(request, "barrieres/barriere_form.html", {
        "casus": casus, "form": form, "fouten": form.foutoverzicht() if form.is_bound else [], "barriere": None})


@require_safe
def barriere_detail(request, pk):
    barriere = get_object_or_404(selectors.barrieres_visible_for(request.user).select_related(
        "casus", "domein", "organisatie", "aangemaakt_door"), pk=pk)
    audit.log(request.user, AuditActie.VIEW, barriere)
    return render(request, "barrieres/barriere_detail.html", {
        "barriere": barriere,
        "casus": barriere.casus,
        "acties": selectors.acties_per_barriere(request.user, [barriere])[barriere.pk],
        "beheer": selectors.may_manage(request.user, barriere.casus),
    })


@require_http_methods(["GET", "POST"])
def barriere_wijzigen(request, pk):
    barriere = get_object_or_404(selectors.barrieres_visible_for(request.user).select_related(
        "casus", "domein"), pk=pk)
    casus = barriere.casus
    if not selectors.may_manage(request.user, casus):
        raise PermissionDenied
    form = BarriereForm(request.POST or None, user=request.user, casus=casus, barriere=barriere)
    if request.method == "POST" and form.is_valid():
        try:
            _barriere, gewijzigd = services.change_barriere(
                barriere, request.user, acties=list(form.cleaned_data["acties"]), **_velden(form.cleaned_data))
        except ValidationError as error:
            _fout_naar_form(form, error)
        else:
            if gewijzigd:
                messages.success(request, _("The barrier has been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(casus_url(casus))
    else:
        audit.log(request.user, AuditActie.VIEW, barriere, omschrijving="wijzigen")
    return render(request, "barrieres/barriere_form.html", {
        "casus": casus, "form": form, "fouten": form.foutoverzicht() if form.is_bound else [], "barriere": barriere})
