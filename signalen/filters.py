"""The filter of the ketenregisseur's signal list (and its CSV export), with facet counts.

Every choice and every count comes from the rows the requesting user may see
(``selectors.signalen_visible_for``): a count is the number of *visible* rows that match all the
other active filters, so no filter, count or choice reveals a signal outside the user's view. The
municipality list only names municipalities that occur in those rows.

Search (``q``) looks in the reference, the name of the location or business, the KvK number and —
for the ketenregisseur, the only role with this list — the description: the ketenregisseur reads
the descriptions of these signals anyway, and finding "the nail studio on the station square"
again is what the search is for. The search term is recorded with the list request in the audit
log, like every other filter.
"""
import datetime

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import FacetFilterMixin, Tekstfilter
from mensenhandel.core.tijd import begin_van_dag
from tafels.models import Gemeente

from .models import Bron, Sector, Signaal, Status, Urgentie, Vorm
from .selectors import urgentie_rang

# The statuses a submitted signal can have (a draft never shows up in this list).
INGEDIEND_STATUSSEN = [(value, label) for value, label in Status.choices if value != Status.CONCEPT]

# The order of the workflow, for sorting (the stored values sort alphabetically otherwise).
STATUS_VOLGORDE = [s for s, _label in INGEDIEND_STATUSSEN]

# The only sort keys a request may ask for ("-key" for descending); anything else falls back to the default.
SORTERINGEN = {
    "referentie": "referentie",
    "ingediend": "ingediend_op",
    "status": "status_rang",
    "urgentie": "urgentie_rang",
}
STANDAARD_SORTERING = "-ingediend"

# Filters whose choices carry a count, and the field each counts by.
FACETTEN = {
    "status": "status",
    "gemeente": "gemeente",
    "vorm": "vormen",
    "sector": "sector",
    "bron": "bron",
    "urgentie": "urgentie",
}

ZOEK_MAX = 100


def _rang(field, volgorde):
    return Case(*[When(**{field: value}, then=Value(i)) for i, value in enumerate(volgorde)],
                default=Value(len(volgorde)), output_field=IntegerField())


def sorteer(queryset, sortering):
    """Order by a whitelisted key; returns (queryset, the key actually used)."""
    sortering = sortering if isinstance(sortering, str) else ""
    key = sortering.removeprefix("-")
    if key not in SORTERINGEN:
        sortering = STANDAARD_SORTERING
        key = sortering.removeprefix("-")
    veld = SORTERINGEN[key]
    if veld == "status_rang":
        queryset = queryset.annotate(status_rang=_rang("status", STATUS_VOLGORDE))
    elif veld == "urgentie_rang":
        # As the start page ranks them (issue 18): a signal with priority (a minor may be involved) counts as very
        # high whatever urgency was chosen; with the same urgency the oldest waits longest and comes first.
        # (``selectors.urgentie_rang`` counts 0 for the most urgent; here the most urgent sorts last, so "-urgentie" puts
        # it first.)
        queryset = queryset.annotate(urgentie_rang=Value(2) - urgentie_rang())
    richting = "-" if sortering.startswith("-") else ""
    # Ties are broken by the submission moment and the id, so pages never overlap.
    if veld == "urgentie_rang":
        tiebreak = ["ingediend_op", "pk"]
    else:
        tiebreak = ["-ingediend_op", "-pk"] if veld != "ingediend_op" else [f"{richting}pk"]
    return queryset.order_by(f"{richting}{veld}", *tiebreak), sortering


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


def _date():
    return forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
                           format="%Y-%m-%d")


class SignaalFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("The end date lies before the start date."))
        return cleaned


class SignaalFilter(FacetFilterMixin, django_filters.FilterSet):
    facetten = FACETTEN

    q = Tekstfilter(
        label=_("Search"), method="filter_q", max_length=ZOEK_MAX,
        help_text=_("Reference, name of the location or business, KvK number or a word from the description."),
        widget=forms.TextInput(attrs={"type": "search", "class": "utrecht-textbox utrecht-textbox--html-input",
                                      "spellcheck": "false"}),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=INGEDIEND_STATUSSEN,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Gemeente.objects.none(), empty_label=_("All municipalities"), widget=_select()
    )
    vorm = django_filters.ModelChoiceFilter(
        label=_("Form of exploitation"), field_name="vormen", queryset=Vorm.objects.all(), empty_label=_("All forms"),
        widget=_select(),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("All sectors"), widget=_select()
    )
    bron = django_filters.ModelChoiceFilter(
        label=_("Signal source"), queryset=Bron.objects.all(), empty_label=_("All sources"), widget=_select()
    )
    urgentie = django_filters.ChoiceFilter(
        label=_("Urgency"), choices=Urgentie.choices, empty_label=_("All urgencies"), widget=_select()
    )
    van = django_filters.DateFilter(label=_("Submitted from"), method="filter_van", widget=_date())
    tot = django_filters.DateFilter(label=_("Submitted until (inclusive)"), method="filter_tot", widget=_date())

    class Meta:
        model = Signaal
        fields = ["q", "status", "gemeente", "vorm", "sector", "bron", "urgentie", "van", "tot"]
        form = SignaalFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if queryset is None:  # never fall back to all signals: the caller passes what the user may see
            queryset = Signaal.objects.none()
        super().__init__(data, queryset, request=request, **kwargs)
        # Only the municipalities of the rows this user may see (the filters are copied per instance). Their ids are
        # fetched first, in one pass over the visible rows: as a semi-join inside the municipality query the planner
        # scans the signals once per municipality of the country.
        gemeente_ids = self.queryset.order_by().values_list("gemeente_id", flat=True).distinct()
        self.filters["gemeente"].queryset = Gemeente.objects.filter(pk__in_ids=gemeente_ids).order_by("naam")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(referentie__icontains=value)
            | Q(locatie_naam__icontains=value)
            | Q(kvk_nummer__icontains=value)
            | Q(omschrijving__icontains=value)
        )

    def filter_van(self, queryset, name, value):
        return queryset.filter(ingediend_op__gte=begin_van_dag(value))

    def filter_tot(self, queryset, name, value):
        return queryset.filter(ingediend_op__lt=begin_van_dag(value + datetime.timedelta(days=1)))

    # --- the filter as asked, and the counts -----------------------------------------------------

    def label_counts(self, counts):
        """Put the counts in the labels of the choices: "In behandeling (3)"."""
        fields = self.form.fields
        for name in ("status", "urgentie"):
            per_value = counts[name]
            # The field adds its own empty choice ("All urgencies") when it renders.
            fields[name].choices = [
                (value, f"{label} ({per_value.get(value, 0)})") for value, label in fields[name].choices if value
            ]
        for name in ("gemeente", "vorm", "sector", "bron"):
            per_pk = counts[name]
            fields[name].label_from_instance = lambda obj, per_pk=per_pk: f"{obj} ({per_pk.get(obj.pk, 0)})"
