from django.urls import path

from mensenhandel.access.registry import object_path

from . import views
from .models import Importbestand, ImportStatus

app_name = "importeren"


def _wacht(importbestand):
    return importbestand.status == ImportStatus.GECONTROLEERD


urlpatterns = [
    path("", views.start, name="start"),
    path("sjabloon.xlsx", views.sjabloon_xlsx, name="sjabloon_xlsx"),
    path("sjabloon-signalen.csv", views.sjabloon_signalen, name="sjabloon_signalen"),
    path("sjabloon-casussen.csv", views.sjabloon_casussen, name="sjabloon_casussen"),
    path("sjabloon-acties.csv", views.sjabloon_acties, name="sjabloon_acties"),
    object_path("<int:pk>/", views.voorbeeld, name="voorbeeld", model=Importbestand),
    object_path("<int:pk>/importeren/", views.importeren, name="importeren", model=Importbestand, methods=("POST",),
                applies_to=_wacht),
    object_path("<int:pk>/weggooien/", views.weggooien, name="weggooien", model=Importbestand, methods=("POST",),
                applies_to=_wacht),
]
