"""The form of a barrier: domain (the beheerder's list), instrument, organisation, dates, result and the actions of
type bestuurlijk it is tied to. Only input is checked here; the rules (dates, which actions) are ``services``'."""
from django import forms
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld
from partners.models import Organisatie
from signalen.forms import KeuzeUitLijst, MeerdereUitLijst

from . import selectors
from .models import Barriere, Instrument, Resultaat

DATUM_FOUT = {"invalid": _("Fill in a valid date, for example 15-03-2026.")}


def _datum():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"})


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


class ActieKeuze(MeerdereUitLijst):
    def label_from_instance(self, obj):
        return f"{obj.omschrijving[:80]} ({obj.organisatie.naam}, {obj.get_status_display()})"


class BarriereForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    domein = KeuzeUitLijst(
        label=_("Domain"), queryset=None, widget=_select(),
        help_text=_("Where along the route of the exploitation the barrier is raised."),
        error_messages={"required": _("Choose a domain."), "invalid_choice": _("Choose a domain from the list.")})
    instrument = forms.ChoiceField(
        label=_("Instrument"), choices=[("", "---------"), *Instrument.choices], widget=_select(),
        error_messages={"required": _("Choose an instrument."),
                        "invalid_choice": _("Choose an instrument from the list.")})
    organisatie = KeuzeUitLijst(
        label=_("Organisation"), queryset=Organisatie.objects.order_by("naam"), widget=_select(),
        help_text=_("The organisation that raises the barrier (usually the gemeente)."),
        error_messages={"required": _("Choose an organisation."),
                        "invalid_choice": _("Choose an organisation from the list.")})
    gestart_op = forms.DateField(label=_("Started on"), widget=_datum(),
                                 error_messages={"required": _("Fill in the date the barrier was started."), **DATUM_FOUT})
    afgerond_op = forms.DateField(label=_("Completed on"), required=False, widget=_datum(), error_messages=DATUM_FOUT,
                                  help_text=_("Leave empty while it is still in progress."))
    resultaat = forms.ChoiceField(
        label=_("Result"), choices=Resultaat.choices, initial=Resultaat.LOPEND,
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
        error_messages={"required": _("Choose a result."), "invalid_choice": _("Choose a result from the list.")})
    toelichting = Tekstveld(
        label=_("Explanation of the result"), required=False,
        max_length=Barriere._meta.get_field("toelichting").max_length,
        help_text=Barriere._meta.get_field("toelichting").help_text,
        widget=forms.Textarea(attrs={"rows": 4, "class": "utrecht-textarea"}))
    acties = ActieKeuze(
        label=_("Actions of type administrative"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
        help_text=_("The actions agreed in the case meeting that work on this barrier."),
        error_messages={"invalid_choice": _("Choose actions from the list.")})

    def __init__(self, *args, user, casus, barriere=None, **kwargs):
        super().__init__(*args, **kwargs)
        domeinen = selectors.domeinen()
        if barriere is not None:
            # A domain switched off later stays selectable for the barriers that have it.
            domeinen = domeinen | type(barriere.domein).objects.filter(pk=barriere.domein_id)
        self.fields["domein"].queryset = domeinen.distinct().order_by("volgorde", "naam")
        self.fields["acties"].queryset = selectors.koppelbare_acties(user, casus)
        if barriere is not None and not self.is_bound:
            self.initial.update({veld: getattr(barriere, veld) for veld in (
                "instrument", "gestart_op", "afgerond_op", "resultaat", "toelichting")})
            self.initial.update({"domein": barriere.domein_id, "organisatie": barriere.organisatie_id,
                                 "acties": list(selectors.gekoppelde_actie_ids(barriere))})
