"""Form and filter parts every app uses: the error summary at the top of a page and facet counts on lists."""
from django import forms
from django.db.models import Count


class Foutoverzicht:
    """The error summary at the top of a page (``templates/includes/foutoverzicht.html``):
    ``form.foutoverzicht()`` is [(anchor id, label, message), ...] in the order of the form; errors of hidden
    fields and of the form as a whole come without an anchor."""

    def foutoverzicht(self):
        fouten = []
        for veld in self:
            if veld.is_hidden:
                continue
            for fout in veld.errors:
                meerdere = isinstance(veld.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
                anker = f"{veld.auto_id}_0" if meerdere else veld.id_for_label
                fouten.append((anker, veld.label, fout))
        fouten.extend(("", "", fout) for fout in self.non_field_errors())
        for veld in self:
            if veld.is_hidden:
                fouten.extend(("", "", fout) for fout in veld.errors)
        return fouten


class FacetFilterMixin:
    """For a django-filter FilterSet: counts per choice over the visible rows under the *other* active filters.

    ``facetten`` maps a filter name to the field its values are counted on (``{"gemeente": "gemeenten"}``).
    """

    facetten: dict = {}

    def actieve_waarden(self):
        """The valid, non-empty filter values (an invalid field is left out)."""
        cleaned = getattr(self.form, "cleaned_data", {}) or {}
        return {name: value for name, value in cleaned.items() if value not in (None, "", [], ())}

    def gefilterd_zonder(self, uitgezonderd=None):
        """The visible rows under every active filter except ``uitgezonderd``."""
        queryset = self.queryset
        for name, value in self.actieve_waarden().items():
            if name != uitgezonderd:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self):
        """{filter name: {value: number of visible rows under the other active filters}} — one query per facet."""
        counts = {}
        for name, field in self.facetten.items():
            rows = self.gefilterd_zonder(name).order_by().values_list(field).annotate(n=Count("pk", distinct=True))
            counts[name] = {value: n for value, n in rows}
        return counts
