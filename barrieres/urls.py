from casusoverleg.models import Casus
from mensenhandel.access.registry import object_path

from . import views
from .models import Barriere

app_name = "barrieres"


def _nooit(obj):
    """Changes only the case's ketenregisseur makes: who merely sees the case gets 403, not the page."""
    return False


def _casus_kwargs(casus):
    return {"casus_pk": casus.pk}


urlpatterns = [
    object_path("casus/<int:casus_pk>/nieuw/", views.barriere_nieuw, name="nieuw", model=Casus,
                kwargs_for=_casus_kwargs, methods=("GET", "POST"), applies_to=_nooit),
    object_path("<int:pk>/", views.barriere_detail, name="barriere", model=Barriere),
    object_path("<int:pk>/wijzigen/", views.barriere_wijzigen, name="wijzigen", model=Barriere,
                methods=("GET", "POST"), applies_to=_nooit),
]
