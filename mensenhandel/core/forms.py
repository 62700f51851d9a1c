"""Form and filter parts every app uses: text fields without control characters, the error summary at the top
of a page and facet counts on lists."""
import re

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

# --- text without control characters ------------------------------------------------------------------
#
# What a user types must not carry a line break or another control character into a place that is one line: an
# e-mail subject or header, an iCalendar property, a CSV cell, a log line. Every text field of the project is one
# of the fields below (``tests/core/test_schone_tekst.py`` walks every form, filter and admin form to keep it so):
#
# - a single-line field (any widget but a Textarea): every control character (Unicode categories Cc, Zl and Zp:
#   C0, DEL, C1 with NEL, U+2028, U+2029) and the bidirectional embeddings, overrides and isolates are removed; a
#   run of the whitespace ones (TAB, LF, VT, FF, CR, the separators FS/GS/RS/US, NEL, U+2028, U+2029) becomes one
#   space, which the field's strip then trims at the ends;
# - a multi-line field (a Textarea): the same, except that every line break (CRLF, CR, VT, FF, FS, GS, RS, NEL,
#   U+2028, U+2029) becomes LF, and TAB stays.
#
# The null character is the exception: it is left for ``ProhibitNullCharactersValidator``, which refuses the value
# with a message (it is never silently changed into something else). A password is never changed (PasswordInput).

# The whitespace controls: TAB, LF, VT, FF, CR, FS, GS, RS, US, NEL, U+2028, U+2029 (and so the line breaks).
_WHITESPACE_CONTROL = r"\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029"
# The other Cc characters but the null character, and the bidi embeddings and overrides (U+202A-U+202E) and isolates
# (U+2066-U+2069), which can make a name or a place read differently from what it is.
_REMOVED = re.compile(r"[\x01-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_SINGLE_LINE_BREAKS = re.compile(rf" *[{_WHITESPACE_CONTROL}][ {_WHITESPACE_CONTROL}]*")
_MULTI_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def strip_control_chars(value, *, multiline=False):
    """``value`` without control characters: one line (a run of line breaks and other whitespace controls becomes
    one space), or with ``multiline`` its lines joined by LF (TAB kept). The null character stays (see above)."""
    if not value:
        return value
    value = _REMOVED.sub("", str(value))
    if multiline:
        return _MULTI_LINE_BREAKS.sub("\n", value).replace("\x1f", " ")
    return _SINGLE_LINE_BREAKS.sub(" ", value)


class SchoneTekst:
    """Mix into a CharField (or EmailField, URLField): ``to_python`` first removes the control characters, for one
    line or — with a Textarea — for several. Whatever is left over is checked by the field as usual: a space in an
    e-mail address or a link makes it invalid."""

    def to_python(self, value):
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = strip_control_chars(value, multiline=isinstance(self.widget, forms.Textarea))
        return super().to_python(value)


TEKST_FOUTEN = {
    "max_length": _("Use at most %(limit_value)d characters (you used %(show_value)d)."),
    "null_characters_not_allowed": _(
        "The text contains a character that cannot be stored (a null character). Remove it and try again."
    ),
}


class Tekstveld(SchoneTekst, forms.CharField):
    """A text field without control characters, whose length and null-character messages are ours (clearer than
    the generic ones)."""

    def __init__(self, *args, **kwargs):
        error_messages = {**TEKST_FOUTEN, **kwargs.pop("error_messages", {})}
        super().__init__(*args, error_messages=error_messages, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(ProhibitNullCharactersValidator(message=TEKST_FOUTEN["null_characters_not_allowed"]))


class Emailveld(SchoneTekst, forms.EmailField):
    """An e-mail address: a line break (or another whitespace control) becomes a space, which the address check
    refuses; any other control character is dropped."""


class URLveld(SchoneTekst, forms.URLField):
    """A link: a line break (or another whitespace control) becomes a space, which the link check refuses; any other
    control character is dropped."""


class Slugveld(SchoneTekst, forms.SlugField):
    """A code of letters, digits, hyphens and underscores: a control character in between makes it invalid."""


class Tekstfilter(django_filters.CharFilter):
    """A django-filter text filter (a search box) with a ``Tekstveld``."""

    field_class = Tekstveld


# The form field a model field makes by itself -> the one of ours that replaces it.
SCHONE_VELDEN = {forms.CharField: Tekstveld, forms.EmailField: Emailveld, forms.URLField: URLveld,
                 forms.SlugField: Slugveld}


def schone_formfield(maak, **kwargs):
    """``maak(**kwargs)``, the form field of a model field; a plain CharField, EmailField, URLField or SlugField is made
    again as the field of ours above (same arguments, so the same widget, length, label and help text)."""
    formfield = maak(**kwargs)
    schoon = SCHONE_VELDEN.get(type(formfield))
    if schoon is None or "form_class" in kwargs:
        return formfield
    return maak(**kwargs, form_class=schoon)


def formfield_callback(db_field, **kwargs):
    """A ModelForm's ``formfield_callback``: the model's text fields as ``Tekstveld``, ``Emailveld``, ``URLveld``,
    ``Slugveld``."""
    return schone_formfield(db_field.formfield, **kwargs)


class SchoneModelForm(forms.ModelForm):
    """The base of the project's ModelForms: the generated text fields strip control characters. A subclass's
    ``Meta`` inherits from ``SchoneModelForm.Meta`` (that is where Django reads the callback from).

    In the admin the ``ModelAdmin`` decides instead (``BeheerderOnlyAdmin.formfield_for_dbfield`` does the same)."""

    class Meta:
        formfield_callback = staticmethod(formfield_callback)


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
        return self._gefilterd(set(self.actieve_waarden()) - {uitgezonderd})

    def _gefilterd(self, namen):
        queryset = self.queryset
        for name, value in self.actieve_waarden().items():
            if name in namen:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _is_kolom(self, field):
        """Whether ``field`` is a plain column of the row (not a many-to-many or a relation path)."""
        if "__" in field:
            return False
        try:
            veld = self.queryset.model._meta.get_field(field)
        except Exception:  # a reverse relation or an unknown name: counted on its own
            return False
        return getattr(veld, "concrete", False) and not veld.many_to_many

    def facet_counts(self):
        """{filter name: {value: number of visible rows under the other active filters}}.

        Facets that are plain columns and see the same other filters (all of them, when no filter is active) are
        counted in one pass over the visible rows (PostgreSQL's GROUPING SETS); a many-to-many facet in a query of
        its own."""
        actief = set(self.actieve_waarden())
        groepen, counts = {}, {}
        for name, field in self.facetten.items():
            if self._is_kolom(field):
                groepen.setdefault(frozenset(actief - {name}), []).append((name, field))
            else:
                counts[name] = _tel(self.gefilterd_zonder(name), field)
        for filters, facetten in groepen.items():
            counts.update(_tel_per_kolom(self._gefilterd(filters), facetten))
        return counts


def _tel(queryset, field):
    veld = _veld(queryset.model, field)
    if veld is not None and veld.many_to_many and not veld.auto_created and veld.remote_field.through._meta.auto_created:
        # A plain many-to-many (one link row per pair): its link rows of the visible rows, counted per value. Joining
        # the rows to their links and counting distinct rows sorted every link of the visible rows (issue 14).
        through = veld.remote_field.through
        bron, doel = veld.m2m_field_name(), veld.m2m_reverse_field_name()
        links = through.objects.filter(**{f"{bron}_id__in": queryset.order_by().values("pk")})
        return dict(links.order_by().values_list(f"{doel}_id").annotate(n=Count("pk")))
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))


def _veld(model, field):
    if "__" in field:
        return None
    try:
        return model._meta.get_field(field)
    except Exception:  # a reverse relation or an unknown name
        return None


def _tel_per_kolom(queryset, facetten):
    """{name: {value: count}} for ``facetten`` ([(name, field)]) over ``queryset``, in one GROUPING SETS query."""
    if connection.vendor != "postgresql" or len(facetten) == 1:
        return {name: _tel(queryset, field) for name, field in facetten}
    aliassen = [f"f{i}" for i in range(len(facetten))]
    velden = {alias: F(field) for alias, (_name, field) in zip(aliassen, facetten, strict=True)}
    query = queryset.order_by().values(rij_id=F("pk"), **velden).query
    sql, params = query.sql_with_params()
    # Without a join (a many-to-many filter) every row is there once: a plain count, no sort per grouping set.
    telling = "COUNT(*)" if sum(1 for n in query.alias_refcount.values() if n) == 1 else "COUNT(DISTINCT rij_id)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(aliassen)}, {', '.join(f'GROUPING({a})' for a in aliassen)}, {telling} "
            f"FROM ({sql}) AS zichtbaar GROUP BY GROUPING SETS ({', '.join(f'({a})' for a in aliassen)})", params)
        rijen = cursor.fetchall()
    counts = {name: {} for name, _field in facetten}
    aantal = len(aliassen)
    for rij in rijen:
        waarden, groupings = rij[:aantal], rij[aantal:2 * aantal]
        i = groupings.index(0)  # the one set this row belongs to
        counts[facetten[i][0]][waarden[i]] = rij[-1]
    return counts
