"""The filter of Actiebewaking (and its CSV export), with facet counts.

Every choice and every count comes from the actions the ketenregisseur may see (``selectors.bewaakte_acties``,
within ``acties_visible_for``): a count is the number of *visible* actions under all the other active filters. The
case filter takes a case code and accepts only cases the user may see; an action whose case the user may not see is
never counted under a case.

At ten years of volume a werkgebied holds tens of thousands of actions (issue 14): the page asks the database once
for the few columns of every visible action (``Overzicht``) and counts, filters and orders those in memory, instead
of rebuilding the access filter in eight queries. Only the 25 actions of the page are fetched whole.
"""
from collections import Counter
from datetime import timedelta

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import FacetFilterMixin
from partners.models import Organisatie

from . import selectors
from .models import OPEN_ACTIESTATUSSEN, Actie, ActieSoort, ActieStatus, Casus


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


def termijnen_van(status, deadline, vandaag):
    """The buckets one action is in (the same rules as ``termijn_q``): open ones may also be due soon or overdue."""
    return _termijn_regel(vandaag)(status, deadline)


def _termijn_regel(vandaag):
    """``termijnen_van`` for one day, with its constants computed once (it runs for every visible action)."""
    open_, verlopen, binnenkort = (Termijn.OPEN.value,), (Termijn.OPEN.value, Termijn.VERLOPEN.value), (
        Termijn.OPEN.value, Termijn.BINNENKORT.value)
    afgesloten = {ActieStatus.GEREED.value: (Termijn.GEREED.value,),
                  ActieStatus.VERVALLEN.value: (Termijn.VERVALLEN.value,)}
    open_statussen = frozenset(status.value for status in OPEN_ACTIESTATUSSEN)
    grens = vandaag + timedelta(days=selectors.BINNENKORT_DAGEN)

    def regel(status, deadline):
        if status in open_statussen:
            if deadline < vandaag:
                return verlopen
            return binnenkort if deadline <= grens else open_
        return afgesloten.get(status, ())

    return regel


# The columns of one row of ``Overzicht``: a tuple, as tens of thousands of them are counted per request.
PK, ORGANISATIE, CASUS, SOORT, TERMIJNEN, SLEUTEL = range(6)
_KOLOM = {"organisatie": ORGANISATIE, "casus": CASUS, "soort": SOORT}


class Overzicht:
    """The visible actions of Actiebewaking, read once (a handful of columns each), with everything the page counts:
    the facet counts under the other active filters, the overview per organisation, case and type, and the ids of
    the filtered actions in the list's order."""

    def __init__(self, filterset):
        regel, verlopen = _termijn_regel(filterset.vandaag), Termijn.VERLOPEN.value
        self.rijen = [
            # The list's order (``selectors.verlopen_eerst``): overdue first, then by due date.
            (pk, organisatie, casus, soort, termijnen, (0 if verlopen in termijnen else 1, deadline, pk))
            for pk, organisatie, casus, soort, status, deadline in filterset.queryset.order_by().values_list(
                "pk", "organisatie_id", "casus_id", "soort", "status", "deadline")
            for termijnen in (regel(status, deadline),)
        ]
        self.organisatie_ids = {rij[ORGANISATIE] for rij in self.rijen}

    def gefilterd(self, filters):
        rijen = self.rijen
        for naam, waarde in filters.items():
            if naam == "termijn":
                rijen = [rij for rij in rijen if waarde in rij[TERMIJNEN]]
            else:
                kolom, waarde = _KOLOM[naam], getattr(waarde, "pk", waarde)
                rijen = [rij for rij in rijen if rij[kolom] == waarde]
        return rijen

    def facet_counts(self, actief):
        """{filter name: {value: count}} as ``FacetFilterMixin.facet_counts``: each facet under the other filters."""
        counts = {}
        for naam in ("termijn", "organisatie", "casus", "soort"):
            rijen = self.gefilterd({k: v for k, v in actief.items() if k != naam})
            if naam == "termijn":
                counts[naam] = dict(Counter(t for rij in rijen for t in rij[TERMIJNEN]))
            else:
                kolom = _KOLOM[naam]
                counts[naam] = dict(Counter(rij[kolom] for rij in rijen))
        return counts

    @staticmethod
    def per(rijen, naam):
        """{value of the column ``naam``: {"totaal": n, bucket: n, ...}} over ``rijen``."""
        kolom = _KOLOM[naam]
        totalen = Counter(rij[kolom] for rij in rijen)
        per_termijn = Counter((rij[kolom], t) for rij in rijen for t in rij[TERMIJNEN])
        termijnen = [t.value for t in Termijn]
        return {waarde: {"totaal": totaal, **{t: per_termijn[waarde, t] for t in termijnen}}
                for waarde, totaal in totalen.items()}

    @staticmethod
    def volgorde(rijen):
        """The ids of ``rijen`` in the list's order."""
        return [rij[PK] for rij in sorted(rijen, key=lambda rij: rij[SLEUTEL])]


class _CasusCodeField(django_filters.fields.ModelChoiceField):
    """A case chosen by its code, typed (a list of every case of ten years would be thousands of options)."""

    def to_python(self, value):
        return super().to_python(self.prepare_value(value))

    def prepare_value(self, value):
        # As typed, the code is shown back tidied: "  tw-2026-001 " as "TW-2026-001".
        return value.strip().upper() if isinstance(value, str) else super().prepare_value(value)


class CasusCodeFilter(django_filters.ModelChoiceFilter):
    field_class = _CasusCodeField


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
    casus = CasusCodeFilter(
        label=_("Case (code)"), queryset=Casus.objects.none(), to_field_name="code",
        error_messages={"invalid_choice": _("You have no case with this code. Check the code, for example "
                                            "TW-2026-12.")},
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off",
                                      "spellcheck": "false", "size": 14}),
    )
    soort = django_filters.ChoiceFilter(
        label=_("Type of intervention"), choices=ActieSoort.choices, empty_label=_("All types"), widget=_select(),
    )

    class Meta:
        model = Actie
        fields = ["termijn", "organisatie", "casus", "soort"]

    def __init__(self, data=None, queryset=None, *, request=None, overzicht=False, **kwargs):
        """``overzicht``: the page (counts and list from one read of the visible actions); without it (the CSV
        export) nothing is read until the filtered rows are."""
        if queryset is None:  # never fall back to all actions: the caller passes what the user may see
            queryset = Actie.objects.none()
        super().__init__(data, queryset, request=request, **kwargs)
        self.vandaag = timezone.localdate()
        user = getattr(request, "user", None)
        self._overzicht = None
        # The organisations of the visible actions: from the page's one read, or (the export) as the ids first, in one
        # pass over the visible actions, asked only when an organisation is chosen.
        self.filters["organisatie"].queryset = (
            Organisatie.objects.filter(pk__in=sorted(self.overzicht.organisatie_ids)) if overzicht else
            Organisatie.objects.filter(
                pk__in_ids=self.queryset.order_by().values_list("organisatie_id", flat=True).distinct())
        ).order_by("naam")
        # Only cases the user may see: a code of any other case is refused like a code that does not exist.
        self.filters["casus"].queryset = (
            selectors.casussen_visible_for(user) if user is not None else Casus.objects.none())

    @property
    def overzicht(self):
        if self._overzicht is None:
            self._overzicht = Overzicht(self)
        return self._overzicht

    def filter_termijn(self, queryset, name, value):
        return queryset.filter(termijn_q(value, self.vandaag)) if value else queryset

    def facet_counts(self):
        return self.overzicht.facet_counts(self.actieve_waarden())

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
