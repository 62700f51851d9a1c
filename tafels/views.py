from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.audit.views import AuditedDetailMixin, AuditedListMixin
from mensenhandel.core.rollen import Rol

from . import selectors
from .models import Regio, Tafel


class TafelListView(AuditedListMixin, ListView):
    model = Tafel
    paginate_by = 25
    page_kwarg = "pagina"
    context_object_name = "tafels"
    template_name = "tafels/tafel_list.html"

    def get_queryset(self):
        return selectors.tafel_list_for(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(coordinatoren_link=selectors.mag_coordinatoren_zien(self.request.user),
                                        **kwargs)


class TafelDetailView(AuditedDetailMixin, DetailView):
    model = Tafel
    context_object_name = "tafel"
    template_name = "tafels/tafel_detail.html"

    def get_queryset(self):
        return selectors.tafel_detail_for(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(leden=selectors.leden_van(self.object), **kwargs)


# --- which gemeenten of a werkgebied have a coordinator (issue 21) ------------------------------------------------

COORDINATOREN_PER_PAGINA = 50


@require_safe
def coordinatoren(request):
    """Per gemeente of a werkgebied: its active coordinator accounts, or none. The ketenregisseur sees its own
    werkgebied, the beheerder chooses one; anyone else gets 404. The page names people (the coordinators), so every
    read is in the audit log."""
    user = request.user
    if not selectors.mag_coordinatoren_zien(user):
        raise Http404
    beheerder = user.rol == Rol.BEHEERDER
    werkgebied = selectors.werkgebied_uit(request.GET.get("werkgebied")) if beheerder else user.werkgebied
    toon = request.GET.get("toon", "")
    toon = toon if toon in (selectors.MET, selectors.ZONDER) else ""
    context = {"werkgebied": werkgebied, "beheerder": beheerder, "toon": toon, "MET": selectors.MET,
               "ZONDER": selectors.ZONDER}
    if beheerder:
        districten, regios = selectors.werkgebied_keuzes()
        context.update(districten=districten, regios=regios, gekozen=request.GET.get("werkgebied", ""))
    if werkgebied is not None:
        paginator = Paginator(selectors.coordinatoren_per_gemeente(werkgebied, toon), COORDINATOREN_PER_PAGINA)
        pagina = paginator.get_page(request.GET.get("pagina"))
        ids = [gemeente.pk for gemeente in pagina]
        per_gemeente = selectors.coordinatoren_van(ids)
        districten_per = selectors.districten_van(ids) if isinstance(werkgebied, Regio) else {}
        for gemeente in pagina:
            gemeente.coordinatoren = per_gemeente.get(gemeente.pk, [])
            gemeente.district_namen = districten_per.get(gemeente.pk, [])
        context.update(page_obj=pagina, gemeenten=list(pagina), telling=selectors.coordinatoren_telling(werkgebied),
                       is_regio=isinstance(werkgebied, Regio))
        soort = "regio" if isinstance(werkgebied, Regio) else "district"
        audit.log(user, AuditActie.LIST, get_user_model(), filters=request.GET,
                  omschrijving=f"coördinatoren per gemeente van {soort} {werkgebied.pk}")
    return render(request, "tafels/coordinatoren.html", context)
