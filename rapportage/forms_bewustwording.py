"""The form of an awareness session (register and change). It checks what was typed and gives the messages; the
rules are checked again by ``bewustwording.registreer`` / ``wijzig``, the one write path."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld
from partners.models import Organisatie

from . import bewustwording
from .models import Afdeling


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"})


def organisator_keuzes():
    """The organiser select in two groups: the RIECs, then the other organisations."""
    riecs, anderen = bewustwording.organisatoren()
    return [
        ("", _("— choose the organiser —")),
        (_("RIEC"), [(o.pk, o.naam) for o in riecs]),
        (_("Other organisations"), [(o.pk, o.naam) for o in anderen]),
    ]


class BijeenkomstForm(Foutoverzicht, forms.Form):
    datum = forms.DateField(
        label=_("Date of the session"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"required": _("Give the date of the session."),
                        "invalid": _("Give the date as day-month-year, for example 15-03-2026.")},
        widget=forms.DateInput(format="%Y-%m-%d", attrs={
            "type": "date", "class": "utrecht-textbox utrecht-textbox--html-input bewustwording-datum"}),
    )
    organisator = forms.ModelChoiceField(
        label=_("Organiser"),
        queryset=Organisatie.objects.all(),
        help_text=_("Usually the RIEC. Another organisation that organised the session is in the list below it."),
        error_messages={"required": _("Choose the organisation that organised the session."),
                        "invalid_choice": _("Choose the organiser from the list.")},
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Municipalities reached"),
        queryset=None,
        error_messages={"required": _("Choose at least one municipality the session reached."),
                        "invalid_choice": _("Choose only municipalities of your work area."),
                        "invalid_pk_value": _("Choose only municipalities of your work area.")},
        widget=_checkboxes(),
    )
    afdelingen = forms.MultipleChoiceField(
        label=_("Departments reached"),
        choices=Afdeling.choices,
        error_messages={"required": _("Choose at least one department the session reached."),
                        "invalid_choice": _("Choose departments from the list.")},
        widget=_checkboxes(),
    )
    afdeling_overig = Tekstveld(
        label=_("Name of the other department"),
        required=False,
        max_length=150,
        help_text=_("Required with “other”: for example Leerplicht or Schuldhulpverlening."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}),
    )
    deelnemers = forms.IntegerField(
        label=_("Number of participants"),
        min_value=1,
        max_value=bewustwording.MAX_DEELNEMERS,
        error_messages={"required": _("Give the number of participants."),
                        "invalid": _("Give the number of participants as a whole number."),
                        "min_value": _("A session has at least one participant."),
                        "max_value": _("Give the number of participants (at most %(limit_value)s).")},
        widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input bewustwording-aantal",
                                        "inputmode": "numeric", "min": 1}),
    )

    def __init__(self, *args, werkgebied, **kwargs):
        super().__init__(*args, **kwargs)
        self.werkgebied = werkgebied
        self.fields["organisator"].choices = organisator_keuzes()
        self.fields["gemeenten"].queryset = bewustwording.gemeenten_keuze(werkgebied)
        self.fields["gemeenten"].help_text = _("The municipalities of %(werkgebied)s whose staff took part.") % {
            "werkgebied": werkgebied}
        self.fields["datum"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                _("The date cannot be in the future: register a session once it has taken place."))
        return datum

    def clean(self):
        data = super().clean()
        afdelingen = list(data.get("afdelingen") or [])
        overig = (data.get("afdeling_overig") or "").strip()
        if overig and "afdelingen" in data and Afdeling.OVERIG not in afdelingen:
            # A name typed for "other" means "other": tick it rather than lose the name.
            afdelingen.append(Afdeling.OVERIG)
            data["afdelingen"] = afdelingen
        if Afdeling.OVERIG in afdelingen and not overig:
            self.add_error("afdeling_overig", _("Give the name of the other department."))
        return data

    def waarden(self):
        """The cleaned data as ``bewustwording.registreer`` / ``wijzig`` take it."""
        data = self.cleaned_data
        return {"datum": data["datum"], "organisator": data["organisator"], "gemeenten": list(data["gemeenten"]),
                "afdelingen": list(data["afdelingen"]), "afdeling_overig": data.get("afdeling_overig", ""),
                "deelnemers": data["deelnemers"]}


def initial_van(bijeenkomst):
    return {"datum": bijeenkomst.datum, "organisator": bijeenkomst.organisator_id,
            "gemeenten": list(bijeenkomst.gemeenten.values_list("pk", flat=True)),
            "afdelingen": list(bijeenkomst.afdelingen), "afdeling_overig": bijeenkomst.afdeling_overig,
            "deelnemers": bijeenkomst.deelnemers}
