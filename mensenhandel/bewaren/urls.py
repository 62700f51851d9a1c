from django.urls import path

from . import views

app_name = "bewaren"

urlpatterns = [
    # The beheerder's page (no object in the URL; 404 for every other role). Under /beheer/, before the admin.
    path("", views.bewaartermijnen, name="termijnen"),
]
