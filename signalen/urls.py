from django.urls import path

from mensenhandel.access.registry import listing_path, object_path

from .models import Bijlage, Signaal, SignaalDeling, Status
from .views import bijlagen, detail, formulier, lijsten

app_name = "signalen"


def _is_concept(signaal):
    return signaal.status == Status.CONCEPT


def _is_ingediend(signaal):
    return signaal.status != Status.CONCEPT


def _deling_kwargs(deling):
    return {"pk": deling.signaal_id, "deling_pk": deling.pk}


urlpatterns = [
    # Lists (ketenregisseur: the signals of the werkgebied; submitters: their organisation's signals).
    listing_path("", lijsten.signaal_list, name="lijst", model=Signaal, reveals=lambda s: f'data-signaal="{s.pk}"'),
    listing_path("mijn/", lijsten.mijn_signalen, name="mijn", model=Signaal, reveals=lambda s: f'data-signaal="{s.pk}"'),
    # Retention (issue 17): the werkgebied's signals waiting more than 24 months for a decision.
    listing_path("zonder-besluit/", lijsten.zonder_besluit, name="zonder_besluit", model=Signaal,
                 reveals=lambda s: f'data-signaal="{s.pk}"'),
    listing_path("export.csv", lijsten.export_csv, name="export", model=Signaal,
                 reveals=lambda s: s.referentie or f"concept-{s.pk}"),
    # The form: a new signal starts as a draft that saves itself.
    path("nieuw/", formulier.nieuw, name="nieuw"),
    object_path("concept/<int:pk>/", formulier.bewerken, name="bewerken", model=Signaal, methods=("GET", "POST"),
                applies_to=_is_concept),
    object_path("concept/<int:pk>/opslaan/", formulier.autosave, name="autosave", model=Signaal, methods=("POST",),
                applies_to=_is_concept),
    object_path("<int:pk>/ontvangen/", formulier.ontvangen, name="ontvangen", model=Signaal, applies_to=_is_ingediend),
    # One signal: detail with timeline, the ketenregisseur's decisions, questions and answers, sharing.
    object_path("<int:pk>/", detail.signaal_detail, name="detail", model=Signaal, applies_to=_is_ingediend),
    object_path("<int:pk>/besluit/", detail.besluit, name="besluit", model=Signaal, methods=("POST",)),
    object_path("<int:pk>/antwoord/", detail.antwoord, name="antwoord", model=Signaal, methods=("POST",)),
    object_path("<int:pk>/delen/", detail.delen, name="delen", model=Signaal, methods=("GET", "POST"),
                applies_to=lambda s: False),
    object_path("<int:pk>/delen/<int:deling_pk>/intrekken/", detail.intrekken, name="intrekken", model=SignaalDeling,
                kwargs_for=_deling_kwargs, methods=("POST",)),
    # Attachments are only served through this view, after the access check.
    object_path("bijlagen/<int:pk>/", bijlagen.download, name="bijlage", model=Bijlage),
]
