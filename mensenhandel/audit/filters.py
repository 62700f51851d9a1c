"""The filter of the audit-log page and its CSV export.

The user and organisation lists offer the users and organisations of the viewer's area (all of them to the
beheerder), never anyone outside it; they are built from those tables, not from the log, so that the size of the
log never reaches the page. The object types are every kind of object the log can name.
"""
import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Tekstfilter
from mensenhandel.core.tijd import begin_van_dag

from .models import AuditActie, AuditEntry
from .selectors import actors_in_area, auditentries_visible_for, object_types, organisaties_in_area


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


def _date():
    return forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}, format="%Y-%m-%d")


def _visible(request):
    return auditentries_visible_for(getattr(request, "user", None))


def _actors(request):
    return actors_in_area(getattr(request, "user", None)).order_by("naam", "pk")


def _organisaties(request):
    return organisaties_in_area(getattr(request, "user", None)).order_by("naam")


class AuditEntryFilter(django_filters.FilterSet):
    van = django_filters.DateFilter(label=_("From date"), method="filter_van", widget=_date())
    tot = django_filters.DateFilter(label=_("Until date (inclusive)"), method="filter_tot", widget=_date())
    actor = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=_actors, empty_label=_("All users"), widget=_select()
    )
    organisatie = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=_organisaties, empty_label=_("All organisations"), widget=_select()
    )
    actie = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditActie.choices, empty_label=_("All actions"), widget=_select()
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), choices=(), empty_label=_("All object types"), widget=_select()
    )
    object_id = Tekstfilter(
        label=_("Object id"),
        lookup_expr="exact",
        max_length=64,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "spellcheck": "false"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["van", "tot", "actor", "organisatie", "actie", "object_type", "object_id"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if queryset is None:
            queryset = _visible(request)
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["object_type"].extra["choices"] = object_types()

    def filter_van(self, queryset, name, value):
        return queryset.filter(tijdstip__gte=begin_van_dag(value))

    def filter_tot(self, queryset, name, value):
        return queryset.filter(tijdstip__lt=begin_van_dag(value + datetime.timedelta(days=1)))
