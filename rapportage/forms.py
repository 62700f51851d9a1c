"""The forms of the report pages: choosing a quarter for a new concept, and the toelichting of a concept.

Only the input is checked here; whether the user may do it and the rules of a version are ``services``' (a
``ValidationError`` from there is added to the form by the view, so it shows in the error summary with what the
user typed).
"""
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld

from .dvo import MAX_BESLUITPUNTEN, splits_besluitpunten
from .models import Rapport
from .perioden import Kwartaal

AANTAL_KWARTALEN = 8


def kiesbare_kwartalen(vandaag=None):
    """The last eight quarters that have begun, newest first (the running quarter first: figures so far)."""
    huidig = Kwartaal.van_datum(vandaag or timezone.localdate())
    return [huidig.terug(i) for i in range(AANTAL_KWARTALEN)]


def _waarde(kwartaal):
    return f"{kwartaal.jaar}-{kwartaal.kwartaal}"


class NieuwConceptForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    kwartaal = forms.ChoiceField(
        label=_("Quarter"),
        error_messages={"required": _("Choose a quarter."), "invalid_choice": _("Choose a quarter from the list.")},
        help_text=_("The figures are counted for this quarter, with the quarter before and the same quarter a year "
                    "earlier beside them. A quarter that is still running gives the figures so far."),
    )

    def __init__(self, *args, vandaag=None, **kwargs):
        super().__init__(*args, **kwargs)
        vandaag = vandaag or timezone.localdate()
        lopend = Kwartaal.van_datum(vandaag)
        keuzes = []
        for kwartaal in kiesbare_kwartalen(vandaag):
            label = kwartaal.label
            if kwartaal == lopend:
                label = _("%(kwartaal)s (running, figures so far)") % {"kwartaal": label}
            keuzes.append((_waarde(kwartaal), label))
        self.fields["kwartaal"].choices = keuzes
        self.fields["kwartaal"].initial = _waarde(Kwartaal.laatst_afgesloten(vandaag))
        self.fields["kwartaal"].widget.attrs.update({"class": "utrecht-select utrecht-select--html-select"})

    def clean_kwartaal(self):
        jaar, kwartaal = self.cleaned_data["kwartaal"].split("-")
        return Kwartaal(int(jaar), int(kwartaal))


class ToelichtingForm(Foutoverzicht, forms.Form):
    """The toelichting of a concept; its label names the board of the report's werkgebied (``overleg``)."""

    use_required_attribute = False

    toelichting = Tekstveld(
        label=_("Explanation"),
        help_text=_("What the figures show and why: trends, what the chain did, what needs attention. This text goes "
                    "into the report as it is. No names, no case codes, nothing that identifies a person."),
        required=False,
        max_length=Rapport._meta.get_field("toelichting").max_length,
        widget=forms.Textarea(attrs={"rows": 10, "class": "utrecht-textarea"}),
    )

    # Issue 21: the proposal to the board made next to the report.
    dvo_besluitpunten = Tekstveld(
        label=_("Decision points"), required=False,
        max_length=Rapport._meta.get_field("dvo_besluitpunten").max_length,
        widget=forms.Textarea(attrs={"rows": 5, "class": "utrecht-textarea"}),
    )
    dvo_agendapunt = Tekstveld(
        label=_("Agenda item"), required=False, max_length=Rapport._meta.get_field("dvo_agendapunt").max_length,
        help_text=_("As the secretariat numbers it, for example C2a."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "size": 10}),
    )
    dvo_registratienummer = Tekstveld(
        label=_("Registration number"), required=False,
        max_length=Rapport._meta.get_field("dvo_registratienummer").max_length,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "size": 20}),
    )

    def __init__(self, *args, overleg, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["toelichting"].label = _("Explanation for the %(overleg)s") % {"overleg": overleg}
        kort = re.search(r"\(([^)]+)\)\s*$", overleg or "")
        kort = kort.group(1) if kort else overleg
        self.fields["dvo_besluitpunten"].help_text = _(
            "What the ketenregisseur asks the %(overleg)s to decide, one point per paragraph, for example: “The "
            "%(kort)s decides to …”. They go into the proposal made next to the report. No names, no case codes."
        ) % {"overleg": overleg, "kort": kort}

    def clean_dvo_besluitpunten(self):
        tekst = self.cleaned_data["dvo_besluitpunten"]
        if len(splits_besluitpunten(tekst)) > MAX_BESLUITPUNTEN:
            raise forms.ValidationError(
                _("Give at most %(max)s decision points, so that the proposal stays within two pages.")
                % {"max": MAX_BESLUITPUNTEN})
        return tekst

    def dvo(self):
        """The proposal's fields as cleaned (for ``services``)."""
        return {veld: self.cleaned_data.get(veld, "") for veld in ("dvo_besluitpunten", "dvo_agendapunt",
                                                                    "dvo_registratienummer")}

    def voeg_fout_toe(self, error, *, over_tekst=False):
        """A ``ValidationError`` of ``services``: on the field (so the summary links to it) when it is about the
        text (``over_tekst``, or a field error of the model), else for the form as a whole."""
        if hasattr(error, "error_dict"):
            for veld, fouten in error.error_dict.items():
                self.add_error(veld if veld in self.fields else None, fouten)
            return
        self.add_error("toelichting" if over_tekst else None, error)
