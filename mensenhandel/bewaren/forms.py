from django import forms
from django.utils.translation import gettext as _

from mensenhandel.core.forms import Foutoverzicht

from .models import SOORTEN, Eenheid, termijn_tekst


class TermijnenForm(Foutoverzicht, forms.Form):
    """One number per kind of rule, in the kind's unit, within its bounds."""

    def __init__(self, *args, regels, **kwargs):
        super().__init__(*args, **kwargs)
        for rij in regels:
            spec = SOORTEN[rij.soort]
            grenzen = {"minimum": termijn_tekst(spec.minimum, spec.eenheid),
                       "maximum": termijn_tekst(spec.maximum, spec.eenheid)}
            bereik = _("Choose a term from %(minimum)s to %(maximum)s.") % grenzen
            self.fields[rij.soort] = forms.IntegerField(
                label=_("%(kind)s (in %(unit)s)") % {"kind": spec.label, "unit": Eenheid(spec.eenheid).label},
                initial=rij.termijn, min_value=spec.minimum, max_value=spec.maximum,
                help_text=_("%(explanation)s From %(minimum)s to %(maximum)s; the default is %(default)s.") % {
                    "explanation": spec.uitleg, "default": termijn_tekst(spec.standaard, spec.eenheid), **grenzen},
                error_messages={"min_value": bereik, "max_value": bereik, "invalid": bereik,
                                "required": _("Fill in a term, from %(minimum)s to %(maximum)s.") % grenzen},
                widget=forms.NumberInput(attrs={"class": "utrecht-textbox bewaren-termijn", "inputmode": "numeric"}),
            )
