from django.urls import path

from mensenhandel.access.registry import listing_path, object_path

from .models import Rapport
from .views import rapporten

app_name = "rapportage"


def _nooit(obj):
    """For changes only the managing ketenregisseur makes: who merely sees the report gets 403, not the page."""
    return False


def _grafiek_kwargs(rapport):
    return {"pk": rapport.pk, "naam": "signalen-per-kwartaal"}


urlpatterns = [
    listing_path("", rapporten.rapport_list, name="rapporten", model=Rapport,
                 reveals=lambda r: f'data-rapport="{r.pk}"'),
    path("nieuw/", rapporten.rapport_nieuw, name="rapport_nieuw"),
    object_path("<int:pk>/", rapporten.rapport_detail, name="rapport", model=Rapport),
    object_path("<int:pk>/pdf/", rapporten.rapport_pdf, name="rapport_pdf", model=Rapport,
                applies_to=lambda r: r.heeft_pdf),
    object_path("<int:pk>/dvo-voorstel/", rapporten.rapport_dvo, name="rapport_dvo", model=Rapport,
                applies_to=lambda r: r.heeft_dvo_pdf),
    object_path("<int:pk>/cijfers.csv", rapporten.rapport_csv, name="rapport_csv", model=Rapport,
                applies_to=lambda r: r.gegevens is not None),
    object_path("<int:pk>/grafiek/<slug:naam>.svg", rapporten.rapport_grafiek, name="rapport_grafiek",
                model=Rapport, kwargs_for=_grafiek_kwargs, applies_to=lambda r: r.gegevens is not None),
    object_path("<int:pk>/voortgang/", rapporten.rapport_voortgang, name="rapport_voortgang", model=Rapport),
    object_path("<int:pk>/toelichting/", rapporten.rapport_toelichting, name="rapport_toelichting", model=Rapport,
                methods=("POST",), applies_to=_nooit),
    object_path("<int:pk>/opnieuw/", rapporten.rapport_opnieuw, name="rapport_opnieuw", model=Rapport,
                methods=("POST",), applies_to=_nooit),
    object_path("<int:pk>/definitief/", rapporten.rapport_definitief, name="rapport_definitief", model=Rapport,
                methods=("POST",), applies_to=_nooit),
]
