from django.urls import path

from mensenhandel.access.registry import listing_path, object_path

from . import views
from .models import Tafel

app_name = "tafels"

urlpatterns = [
    listing_path("", views.TafelListView.as_view(), name="lijst", model=Tafel, reveals=lambda tafel: tafel.naam),
    object_path("<int:pk>/", views.TafelDetailView.as_view(), name="detail", model=Tafel),
    path("coordinatoren/", views.coordinatoren, name="coordinatoren"),
]
