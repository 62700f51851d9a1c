from mensenhandel.access.registry import listing_path, object_path

from . import views
from .models import Treffer

app_name = "treffers"

urlpatterns = [
    listing_path("", views.lijst, name="lijst", model=Treffer, reveals=lambda t: f'data-treffer="{t.pk}"',
                 query={"toon": "alle"}),
    object_path("<int:pk>/", views.detail, name="detail", model=Treffer),
    object_path("<int:pk>/status/", views.status, name="status", model=Treffer, methods=("POST",)),
    object_path("<int:pk>/delen/", views.delen, name="delen", model=Treffer, methods=("POST",)),
]
