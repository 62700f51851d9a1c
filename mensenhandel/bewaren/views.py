"""Beheer: the retention rules, the last and next run, and what each run removed (issue 17)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from . import selectors, services
from .forms import TermijnenForm
from .models import Bewaartermijn

RUNS_PER_PAGINA = 20


@login_required
def bewaartermijnen(request):
    user = request.user
    if not services.may_manage(user):
        raise Http404
    regels = selectors.regels()
    form = TermijnenForm(request.POST or None, regels=regels)
    if request.method == "POST" and form.is_valid():
        try:
            gewijzigd = [services.wijzig_termijn(rij.soort, form.cleaned_data[rij.soort], user)
                         for rij in regels if form.cleaned_data[rij.soort] != rij.termijn]
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            if gewijzigd:
                messages.success(request, _("The retention periods are saved. They apply from the next run."))
            else:
                messages.info(request, _("Nothing changed: every period already had this value."))
            # To the top of the content, where the confirmation is (not to a field an error link pointed at before).
            return redirect(reverse("bewaren:termijnen") + "#inhoud")
    pagina = Paginator(selectors.runs(), RUNS_PER_PAGINA).get_page(request.GET.get("pagina"))
    audit.log(user, AuditActie.LIST, Bewaartermijn, omschrijving="bewaartermijnen en runs")
    return render(request, "bewaren/bewaartermijnen.html", {
        "form": form, "regels": regels, "page_obj": pagina, "runs": pagina.object_list,
        "laatste": selectors.laatste_run(), "volgende": selectors.volgende_run(),
    })
