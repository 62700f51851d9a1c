"""The basisniveau monitor (``/basisniveau/``) and the awareness sessions (``/bewustwording/``), issue 9."""
from django.urls import path

from mensenhandel.access.registry import listing_path, object_path

from .models import Bewustwordingsbijeenkomst, Meting, MetingGemeente
from .views import basisniveau, bewustwording

app_name = "basisniveau"


def _nooit(obj):
    """For changes only the managing ketenregisseur makes: who merely sees the object gets 403, not the page."""
    return False


urlpatterns = [
    listing_path("basisniveau/", basisniveau.meting_list, name="metingen", model=Meting,
                 reveals=lambda m: f'data-meting="{m.pk}"'),
    path("basisniveau/nieuw/", basisniveau.meting_nieuw, name="meting_nieuw"),
    object_path("basisniveau/<int:pk>/", basisniveau.meting_detail, name="meting", model=Meting),
    object_path("basisniveau/<int:pk>/sluiten/", basisniveau.meting_sluiten, name="meting_sluiten", model=Meting,
                methods=("POST",), applies_to=_nooit),
    object_path("basisniveau/gemeente/<int:pk>/", basisniveau.gemeente_invullen, name="gemeente_invullen",
                model=MetingGemeente, methods=("GET", "POST"), applies_to=lambda mg: mg.meting.open),
    listing_path("bewustwording/", bewustwording.overzicht, name="bijeenkomsten", model=Bewustwordingsbijeenkomst,
                 reveals=lambda b: f'data-bijeenkomst="{b.pk}"'),
    path("bewustwording/nieuw/", bewustwording.bijeenkomst_nieuw, name="bijeenkomst_nieuw"),
    object_path("bewustwording/<int:pk>/", bewustwording.bijeenkomst_detail, name="bijeenkomst",
                model=Bewustwordingsbijeenkomst),
    object_path("bewustwording/<int:pk>/bewerken/", bewustwording.bijeenkomst_bewerken, name="bijeenkomst_bewerken",
                model=Bewustwordingsbijeenkomst, methods=("GET", "POST"), applies_to=_nooit),
]
