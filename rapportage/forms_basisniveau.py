"""The forms of the basisniveau monitor: the date of a new measurement, and one gemeente's answers to the seven
items. Only the input is checked here; who may do it and the rules (not in the future, one per date, only while
open) are ``basisniveau``'s, whose ``ValidationError`` the view adds to the form."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld

from .basisniveau import ITEMS
from .models import BasisniveauAntwoord, BasisniveauItem, MetingAntwoord

TOELICHTING_MAX = MetingAntwoord._meta.get_field("toelichting").max_length


class NieuweMetingForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    datum = forms.DateField(
        label=_("Date of the measurement"),
        help_text=_("The municipalities of your work area as they are today are asked; each coordinator can fill in "
                    "the answers of their municipality while the measurement is open."),
        error_messages={"required": _("Fill in the date of the measurement."),
                        "invalid": _("Fill in a valid date, for example 15-03-2026.")},
        widget=forms.DateInput(format="%Y-%m-%d",
                               attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate()


def toelichting_veld(item):
    return f"{item}_toelichting"


class AntwoordenForm(Foutoverzicht, forms.Form):
    """Per item a choice of ja / nee / in ontwikkeling / niet beantwoord (``<item>``) and an optional explanation
    (``<item>_toelichting``)."""

    use_required_attribute = False

    def __init__(self, *args, antwoorden=None, **kwargs):
        """``antwoorden``: the current ``{item: MetingAntwoord}`` (``basisniveau.antwoorden_van``), the initial
        values."""
        super().__init__(*args, **kwargs)
        antwoorden = antwoorden or {}
        for nummer, item in enumerate(ITEMS, start=1):
            huidig = antwoorden.get(item)
            label = BasisniveauItem(item).label
            self.fields[item] = forms.ChoiceField(
                label=label,
                choices=BasisniveauAntwoord.choices,
                initial=huidig.antwoord if huidig else BasisniveauAntwoord.NIET_BEANTWOORD,
                widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
                error_messages={"required": _("Choose an answer, or “not answered”."),
                                "invalid_choice": _("Choose one of the answers in the list.")},
            )
            self.fields[toelichting_veld(item)] = Tekstveld(
                label=_("Explanation on “%(item)s”") % {"item": label},
                required=False,
                max_length=TOELICHTING_MAX,
                initial=huidig.toelichting if huidig else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea utrecht-textarea--html-textarea"}),
            )
            self.fields[item].nummer = nummer

    def items(self):
        """Per item (answer field, explanation field), in the dashboard's order, for the template."""
        return [(self[item], self[toelichting_veld(item)]) for item in ITEMS]

    def antwoorden(self):
        """``{item: (antwoord, toelichting)}`` from the cleaned data."""
        return {item: (self.cleaned_data[item], self.cleaned_data[toelichting_veld(item)]) for item in ITEMS}
