"""The filter of Actiebewaking (and its CSV export), with facet counts.

Every choice and every count comes from the actions the ketenregisseur may see (``selectors.bewaakte_acties``,
within ``acties_visible_for``): a count is the number of *visible* actions under all the other active filters. The
case filter offers only cases the user may see, by code; an action whose case the user may not see is never counted
under a case.
"""
import django_filters
from django import forms
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import FacetFilterMixin
from partners.models import Organisatie

from . import selectors
from .models import Actie, ActieSoort, ActieStatus, Casus


class Termijn(models.TextChoices):
    OPEN = "open", _("open")
    BINNENKORT = "binnenkort", _("due within 14 days")
    VERLOPEN = "verlopen", _("overdue")
    GEREED = "gereed", _("done")
    VERVALLEN = "vervallen", _("dropped")


def termijn_q(termijn, vandaag):
    if termijn == Termijn.OPEN:
        return selectors.actie_open_q()
    if termijn == Termijn.BINNENKORT:
        return selectors.actie_binnenkort_q(vandaag)
    if termijn == Termijn.VERLOPEN:
        return selectors.actie_verlopen_q(vandaag)
    if termijn == Termijn.GEREED:
        return Q(status=ActieStatus.GEREED)
    if termijn == Termijn.VERVALLEN:
        return Q(status=ActieStatus.VERVALLEN)
    return Q()


def termijn_aantallen(vandaag):
    """Aggregate expressions counting each bucket (for ``.aggregate(**termijn_aantallen(...))``)."""
    return {termijn.value: Count("pk", filter=termijn_q(termijn, vandaag)) for termijn in Termijn}


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


class ActieFilter(FacetFilterMixin, django_filters.FilterSet):
    facetten = {"organisatie": "organisatie", "casus": "casus", "soort": "soort"}

    termijn = django_filters.ChoiceFilter(
        label=_("Term"), choices=Termijn.choices, empty_label=_("All actions"), method="filter_termijn",
        widget=_select(),
    )
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisatie.objects.none(), empty_label=_("All organisations"),
        widget=_select(),
    )
    casus = django_filters.ModelChoiceFilter(
        label=_("Case"), queryset=Casus.objects.none(), empty_label=_("All cases"), widget=_select(),
    )
    soort = django_filters.ChoiceFilter(
        label=_("Type of intervention"), choices=ActieSoort.choices, empty_label=_("All types"), widget=_select(),
    )

    class Meta:
        model = Actie
        fields = ["termijn", "organisatie", "casus", "soort"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if queryset is None:  # never fall back to all actions: the caller passes what the user may see
            queryset = Actie.objects.none()
        super().__init__(data, queryset, request=request, **kwargs)
        self.vandaag = timezone.localdate()
        user = getattr(request, "user", None)
        # The choices' ids first, in one pass over the visible actions (as a semi-join the planner would scan the
        # actions once per organisation or case of the country).
        self.filters["organisatie"].queryset = Organisatie.objects.filter(
            pk__in_ids=self.queryset.order_by().values_list("organisatie_id", flat=True).distinct()
        ).order_by("naam")
        # Only cases the user may see, of the visible actions.
        self.filters["casus"].queryset = selectors.casussen_visible_for(user).filter(
            pk__in_ids=self.queryset.order_by().values_list("casus_id", flat=True).distinct()
        ).order_by("code") if user is not None else Casus.objects.none()

    def filter_termijn(self, queryset, name, value):
        return queryset.filter(termijn_q(value, self.vandaag)) if value else queryset

    def facet_counts(self):
        counts = super().facet_counts()
        counts["termijn"] = self.gefilterd_zonder("termijn").aggregate(**termijn_aantallen(self.vandaag))
        return counts

    def label_counts(self, counts):
        """Put the counts in the labels of the choices: "Verlopen (3)"."""
        fields = self.form.fields
        for name in ("termijn", "soort"):
            per_value = counts[name]
            # The field adds its own empty choice ("All types") when it renders.
            fields[name].choices = [
                (value, f"{capfirst(label)} ({per_value.get(value, 0)})") for value, label in fields[name].choices if value
            ]
        fields["organisatie"].label_from_instance = lambda obj: f"{obj.naam} ({counts['organisatie'].get(obj.pk, 0)})"
        fields["casus"].label_from_instance = lambda obj: f"{obj.code} ({counts['casus'].get(obj.pk, 0)})"
