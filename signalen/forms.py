"""The signal form.

One form, two ways of checking it:

- as a *draft* (``indienen=False``): every field may stay empty; a value that does not pass is left
  out (the draft keeps what it had) and everything that passes is saved — a draft may be incomplete;
- for *submitting* (``indienen=True``): the fields in ``VERPLICHT_BIJ_INDIENEN`` must be filled in too.

Both run the same field checks, so whatever a submission accepts, a draft has already stored.
"""
import re

from django import forms
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Tekstveld
from tafels.models import Gemeente

from . import selectors
from .models import Antwoord, Bron, Indicator, Sector, Urgentie, Vorm

# What a signal needs before it can be submitted; a draft may leave these empty.
VERPLICHT_BIJ_INDIENEN = ("gemeente", "waargenomen_van", "vormen", "bron", "omschrijving", "urgentie")

# Plain model fields of Signaal the form writes (the forms of exploitation and the indicators apart).
CONCEPT_VELDEN = (
    "gemeente", "waargenomen_van", "waargenomen_tot", "sector", "bron", "omschrijving", "locatie_naam",
    "locatie_adres", "locatie_postcode", "locatie_huisnummer", "kvk_nummer", "aantal_slachtoffers", "minderjarige",
    "urgentie",
)

MAX_OMSCHRIJVING = 10_000
MAX_AANTAL = 999
KVK = re.compile(r"[0-9]{8}")
# A Dutch postcode (1234 AB; stored so, with one space) and a house number with an optional addition (12, 12A, 12-2,
# 12 bis): matched by the hit/no-hit index (issue 19).
POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
HUISNUMMER = re.compile(r"[0-9]{1,5}(?:[ -]?[A-Z0-9]{1,4})?")
# Primary keys as they come from the form: a few ASCII digits (anything else is not one of the choices,
# and never reaches the database as an out-of-range or odd value).
PK = re.compile(r"[0-9]{1,9}")
INDICATOR_PREFIX = "indicator_"


def _klasse(widget_class, css, **attrs):
    return widget_class(attrs={"class": css, **attrs})


def _textbox(**attrs):
    return _klasse(forms.TextInput, "utrecht-textbox utrecht-textbox--html-input", **attrs)


class _VeiligePkMixin:
    """Refuse anything that is not a plain, short number before the queryset sees it."""

    def _is_pk(self, value):
        if isinstance(value, Model | int):
            return True
        return isinstance(value, str) and PK.fullmatch(value) is not None


class KeuzeUitLijst(_VeiligePkMixin, forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not self._is_pk(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class GemeenteKeuze(KeuzeUitLijst):
    def label_from_instance(self, obj):
        return obj.naam


class MeerdereUitLijst(_VeiligePkMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if any(not self._is_pk(v) for v in value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values(value)


class SignaalForm(forms.Form):
    # No HTML `required`: the browser would mark an untouched draft as invalid; aria-required says it instead.
    use_required_attribute = False

    gemeente = GemeenteKeuze(
        label=_("Municipality"),
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label=_("Choose a municipality"),
        help_text=_("Where the situation plays. You can choose any municipality of your district."),
        error_messages={
            "required": _("Choose the municipality where the situation plays."),
            "invalid_choice": _("Choose a municipality from the list."),
        },
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    waargenomen_van = forms.DateField(
        label=_("Observed on or from"),
        required=False,
        help_text=_("The day you observed it, or the first day of a period. For example 15-03-2026."),
        error_messages={
            "required": _("Fill in the day you observed it."),
            "invalid": _("Fill in a valid date, for example 15-03-2026."),
        },
        widget=forms.DateInput(
            format="%Y-%m-%d",
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input signaal-datum"},
        ),
    )
    waargenomen_tot = forms.DateField(
        label=_("Observed until"),
        required=False,
        help_text=_("Only for a period: the last day."),
        error_messages={"invalid": _("Fill in a valid date, for example 15-03-2026.")},
        widget=forms.DateInput(
            format="%Y-%m-%d",
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input signaal-datum"},
        ),
    )
    vormen = MeerdereUitLijst(
        label=_("Suspected form(s) of exploitation"),
        queryset=Vorm.objects.none(),
        required=False,
        help_text=_("Choose one or more. Not sure yet? Choose 'unknown'."),
        error_messages={
            "required": _("Choose at least one form of exploitation."),
            "invalid_choice": _("Choose the forms of exploitation from the list."),
            "invalid_pk_value": _("Choose the forms of exploitation from the list."),
            "invalid_list": _("Choose the forms of exploitation from the list."),
        },
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    sector = KeuzeUitLijst(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("Not known or not applicable"),
        error_messages={"invalid_choice": _("Choose a sector from the list.")},
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    bron = KeuzeUitLijst(
        label=_("Source of the signal"),
        queryset=Bron.objects.none(),
        required=False,
        empty_label=_("Choose a source"),
        help_text=_("How the signal came to you."),
        error_messages={
            "required": _("Choose how the signal came to you."),
            "invalid_choice": _("Choose a source from the list."),
        },
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    omschrijving = Tekstveld(
        label=_("Description"),
        required=False,
        max_length=MAX_OMSCHRIJVING,
        help_text=_(
            "What did you see or hear, where and when? Names of persons belong only here or in an attachment, "
            "never in the other fields."
        ),
        error_messages={"required": _("Describe what you observed.")},
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 8}),
    )
    locatie_naam = Tekstveld(
        label=_("Name of the location or business"),
        required=False,
        max_length=200,
        widget=_textbox(autocomplete="off"),
    )
    locatie_adres = Tekstveld(
        label=_("Address"),
        required=False,
        max_length=250,
        widget=_textbox(autocomplete="off"),
    )
    locatie_postcode = Tekstveld(
        label=_("Postcode"),
        required=False,
        max_length=7,
        help_text=_("For example 1234 AB."),
        error_messages={"max_length": _("Fill in a postcode like 1234 AB.")},
        widget=_textbox(autocomplete="off", spellcheck="false", size="8"),
    )
    locatie_huisnummer = Tekstveld(
        label=_("House number"),
        required=False,
        max_length=10,
        help_text=_("With an addition if there is one, for example 12A or 12-2."),
        error_messages={"max_length": _("Fill in a house number like 12 or 12A.")},
        widget=_textbox(autocomplete="off", spellcheck="false", size="8"),
    )
    kvk_nummer = Tekstveld(
        label=_("KvK number"),
        required=False,
        help_text=_("The 8 digits of the Chamber of Commerce (KvK) registration."),
        widget=_textbox(inputmode="numeric", autocomplete="off", spellcheck="false"),
    )
    aantal_slachtoffers = forms.IntegerField(
        label=_("Number of possible victims"),
        required=False,
        min_value=0,
        max_value=MAX_AANTAL,
        help_text=_("An estimate is fine."),
        error_messages={
            "invalid": _("Fill in a whole number, for example 3."),
            "min_value": _("The number cannot be below 0."),
            "max_value": _("Fill in a number of at most %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input signaal-aantal",
                                        "inputmode": "numeric"}),
    )
    minderjarige = forms.BooleanField(
        label=_("A minor may be involved"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input",
                                          "aria-describedby": "minderjarige-hulp"}),
    )
    urgentie = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgentie.choices,
        required=False,
        error_messages={
            "required": _("Choose the urgency."),
            "invalid_choice": _("Choose an urgency from the list."),
        },
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
    )

    def __init__(self, data=None, *, user, signaal, indienen=False, **kwargs):
        self.user = user
        self.signaal = signaal
        self.indienen = indienen
        # Read once: the active indicators and the draft's forms serve both the initial values and the fields.
        self._indicatoren = list(Indicator.objects.filter(actief=True).select_related("cluster"))
        huidige_vormen = list(signaal.vormen.values_list("pk", flat=True)) if signaal.pk else []
        kwargs.setdefault("initial", self._initial(signaal, self._indicatoren, huidige_vormen))
        super().__init__(data, **kwargs)
        self.fields["gemeente"].queryset = selectors.gemeenten_for_submitter(user).order_by("naam")
        if user.organisatie.gemeente_id is None:
            self.fields["gemeente"].help_text = _("Where the situation plays.")
        self.fields["vormen"].queryset = Vorm.objects.filter(Q(actief=True) | Q(pk__in=huidige_vormen))
        self.fields["sector"].queryset = Sector.objects.filter(Q(actief=True) | Q(pk=signaal.sector_id))
        self.fields["bron"].queryset = Bron.objects.filter(Q(actief=True) | Q(pk=signaal.bron_id))
        for indicator in self._indicatoren:
            self.fields[f"{INDICATOR_PREFIX}{indicator.pk}"] = forms.ChoiceField(
                label=indicator.tekst,
                choices=Antwoord.choices,
                required=False,
                error_messages={"invalid_choice": _("Choose observed, not observed or unknown.")},
                widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
            )
        # Shown as required (the fields a submission needs); only checked as such when submitting.
        for name in VERPLICHT_BIJ_INDIENEN:
            self.fields[name].required = True
            if not isinstance(self.fields[name].widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                self.fields[name].widget.attrs["aria-required"] = "true"

    @staticmethod
    def _initial(signaal, indicatoren, vormen):
        initial = {name: getattr(signaal, name) for name in CONCEPT_VELDEN}
        initial["gemeente"] = signaal.gemeente_id
        initial["sector"] = signaal.sector_id
        initial["bron"] = signaal.bron_id
        initial["urgentie"] = signaal.urgentie or Urgentie.NORMAAL
        if signaal.pk:
            initial["vormen"] = list(vormen)
            antwoorden = dict(signaal.indicatoren.values_list("indicator_id", "antwoord"))
        else:
            antwoorden = {}
        for indicator in indicatoren:
            initial[f"{INDICATOR_PREFIX}{indicator.pk}"] = antwoorden.get(indicator.pk, Antwoord.ONBEKEND)
        return initial

    def full_clean(self):
        if self.indienen:
            return super().full_clean()
        # A draft: nothing is required (the fields are shown as required again afterwards).
        for name in VERPLICHT_BIJ_INDIENEN:
            self.fields[name].required = False
        try:
            return super().full_clean()
        finally:
            for name in VERPLICHT_BIJ_INDIENEN:
                self.fields[name].required = True

    def clean_omschrijving(self):
        omschrijving = self.cleaned_data["omschrijving"]
        if self.indienen and not omschrijving.strip():
            raise forms.ValidationError(self.fields["omschrijving"].error_messages["required"], code="required")
        return omschrijving

    def clean_kvk_nummer(self):
        kvk = "".join(self.cleaned_data["kvk_nummer"].split()).replace(".", "")
        if kvk and not KVK.fullmatch(kvk):
            raise forms.ValidationError(_("A KvK number has exactly 8 digits."), code="invalid")
        return kvk

    def clean_locatie_postcode(self):
        postcode = " ".join(self.cleaned_data["locatie_postcode"].split()).upper()
        if not postcode:
            return ""
        match = POSTCODE.fullmatch(postcode)
        if not match:
            raise forms.ValidationError(_("Fill in a postcode like 1234 AB: four digits and two letters."),
                                        code="invalid")
        return f"{match[1]} {match[2]}"

    def clean_locatie_huisnummer(self):
        huisnummer = " ".join(self.cleaned_data["locatie_huisnummer"].split()).upper()
        if huisnummer and not HUISNUMMER.fullmatch(huisnummer):
            raise forms.ValidationError(_("Fill in a house number like 12, 12A or 12-2."), code="invalid")
        return huisnummer

    def _clean_datum(self, name):
        datum = self.cleaned_data[name]
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return datum

    def clean_waargenomen_van(self):
        return self._clean_datum("waargenomen_van")

    def clean_waargenomen_tot(self):
        return self._clean_datum("waargenomen_tot")

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("waargenomen_van"), cleaned.get("waargenomen_tot")
        if van and tot and tot < van:
            self.add_error("waargenomen_tot", forms.ValidationError(
                _("The last day cannot be before the first day."), code="before_start"))
        elif tot and not van and "waargenomen_van" not in self.errors and self.indienen:
            self.add_error("waargenomen_van", forms.ValidationError(
                _("Fill in the first day of the period too."), code="required"))
        if self.indienen:
            postcode, huisnummer = cleaned.get("locatie_postcode"), cleaned.get("locatie_huisnummer")
            if postcode and not huisnummer and "locatie_huisnummer" not in self.errors:
                self.add_error("locatie_huisnummer", forms.ValidationError(
                    _("Fill in the house number with the postcode."), code="required"))
            elif huisnummer and not postcode and "locatie_postcode" not in self.errors:
                self.add_error("locatie_postcode", forms.ValidationError(
                    _("Fill in the postcode with the house number."), code="required"))
        return cleaned

    # --- what the template and the save need -------------------------------------------------------

    def indicator_groepen(self):
        """[(cluster, [bound field, ...]), ...] in the clusters' order."""
        groepen = []
        for indicator in self._indicatoren:
            veld = self[f"{INDICATOR_PREFIX}{indicator.pk}"]
            if not groepen or groepen[-1][0].pk != indicator.cluster_id:
                groepen.append((indicator.cluster, []))
            groepen[-1][1].append(veld)
        return groepen

    def foutoverzicht(self):
        """[(anchor id, label, message), ...] for the error summary at the top, in the order of the form."""
        fouten = []
        for veld in self:
            for fout in veld.errors:
                meerdere = isinstance(veld.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
                anker = f"{veld.auto_id}_0" if meerdere else veld.id_for_label
                fouten.append((anker, veld.label, fout))
        for fout in self.non_field_errors():
            fouten.append(("", "", fout))
        return fouten

    def concept_waarden(self):
        """What passed the checks: (plain field values, forms of exploitation or None, indicator answers)."""
        cleaned = getattr(self, "cleaned_data", {})
        waarden = {name: cleaned[name] for name in CONCEPT_VELDEN if name in cleaned}
        if not waarden.get("urgentie", True):
            del waarden["urgentie"]  # a draft without an urgency keeps the one it has
        vormen = list(cleaned["vormen"]) if "vormen" in cleaned else None
        antwoorden = {}
        for indicator in self._indicatoren:
            name = f"{INDICATOR_PREFIX}{indicator.pk}"
            if name in cleaned:
                antwoorden[indicator.pk] = cleaned[name] or Antwoord.ONBEKEND
        return waarden, vormen, antwoorden
