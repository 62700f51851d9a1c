from django.views.generic import DetailView, ListView

from mensenhandel.audit.views import AuditedDetailMixin, AuditedListMixin

from . import selectors
from .models import Tafel


class TafelListView(AuditedListMixin, ListView):
    model = Tafel
    paginate_by = 25
    page_kwarg = "pagina"
    context_object_name = "tafels"
    template_name = "tafels/tafel_list.html"

    def get_queryset(self):
        return selectors.tafel_list_for(self.request.user)


class TafelDetailView(AuditedDetailMixin, DetailView):
    model = Tafel
    context_object_name = "tafel"
    template_name = "tafels/tafel_detail.html"

    def get_queryset(self):
        return selectors.tafel_detail_for(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(leden=selectors.leden_van(self.object), **kwargs)
