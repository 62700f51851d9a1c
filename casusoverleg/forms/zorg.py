"""Forms of the care track (issue 21): the zorgcoordinator organisation, a new possible victim, and a victim's groups
with the status and dates of each step. The rules are enforced by ``services.zorg`` under a row lock; these forms
check what was typed and say what is wrong next to the field, keeping everything the user filled in."""
from django import forms
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht
from signalen.forms import KeuzeUitLijst

from ..models import Geslacht, Leeftijdsgroep, Nationaliteitsgroep, ZorgStapSoort, ZorgStapStatus
from ..services.zorg import check_stap, zorgcoordinator_keuzes

DATUM_FOUT = _("Fill in a valid date, for example 15-03-2026.")

# What "arranged" means per step, shown under its name in the form and on the care page.
UITLEG = {
    ZorgStapSoort.COMENSHA: _("Arranged: CoMensha registered the victim. Print the summary for CoMensha below."),
    ZorgStapSoort.BEDENKTIJD: _("Arranged: the reflection period of up to three months was granted."),
    ZorgStapSoort.OPVANG: _("Arranged: the victim has a place in a shelter."),
    ZorgStapSoort.BRP: _("Arranged: the victim is registered in the BRP of a municipality."),
    ZorgStapSoort.ZORGVERZEKERING: _("Arranged: the victim has health insurance."),
    ZorgStapSoort.UITKERING: _("Arranged: a benefit (or allowance) was granted."),
    ZorgStapSoort.VERBLIJFSVERGUNNING: _("Arranged: the IND granted the residence permit for victims of human "
                                         "trafficking (B8/3). Not needed for Dutch and EU citizens."),
    ZorgStapSoort.AANGIFTE: _("Arranged: the victim reported to the police (aangifte gedaan)."),
}


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


def _date():
    return forms.DateInput(format="%Y-%m-%d",
                           attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"})


class ZorgcoordinatorForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    zorgcoordinator = KeuzeUitLijst(
        label=_("Care coordinator organisation"), queryset=None, required=False, empty_label=_("none yet"),
        help_text=_("Its members see and keep the care track of this case; they do not see the rest of the case."),
        error_messages={"invalid_choice": _("Choose a care coordinator organisation from the list.")},
        widget=_select(),
    )

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zorgcoordinator"].queryset = zorgcoordinator_keuzes()
        if not self.is_bound:
            self.initial["zorgcoordinator"] = casus.zorgcoordinator_id


def _gegevens_velden():
    return {
        "leeftijdsgroep": forms.ChoiceField(label=_("Age group"), choices=Leeftijdsgroep.choices,
                                            initial=Leeftijdsgroep.ONBEKEND, widget=_select(),
                                            error_messages={"invalid_choice": _("Choose an age group from the list.")}),
        "geslacht": forms.ChoiceField(label=_("Gender"), choices=Geslacht.choices, initial=Geslacht.ONBEKEND,
                                      widget=_select(),
                                      error_messages={"invalid_choice": _("Choose a gender from the list.")}),
        "nationaliteitsgroep": forms.ChoiceField(
            label=_("Nationality"), choices=Nationaliteitsgroep.choices, initial=Nationaliteitsgroep.ONBEKEND,
            widget=_select(), error_messages={"invalid_choice": _("Choose a nationality group from the list.")}),
    }


class SlachtofferNieuwForm(Foutoverzicht, forms.Form):
    """A new possible victim: no name, only the groups (unknown is fine: they can be filled in later)."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_gegevens_velden())


class SlachtofferForm(Foutoverzicht, forms.Form):
    """A victim's groups and, per step, its status, the date it was requested and the date it was arranged or
    refused. Field names per step: ``<soort>-status``, ``<soort>-aangevraagd_op``, ``<soort>-afgerond_op``."""

    use_required_attribute = False
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, slachtoffer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_gegevens_velden())
        for soort in ZorgStapSoort:
            self.fields[f"{soort.value}-status"] = forms.ChoiceField(
                label=_("Status"), choices=ZorgStapStatus.choices, widget=_select(),
                error_messages={"invalid_choice": _("Choose a status from the list.")})
            self.fields[f"{soort.value}-aangevraagd_op"] = forms.DateField(
                label=_("Requested on"), required=False, widget=_date(), error_messages={"invalid": DATUM_FOUT})
            self.fields[f"{soort.value}-afgerond_op"] = forms.DateField(
                label=_("Arranged or refused on"), required=False, widget=_date(),
                error_messages={"invalid": DATUM_FOUT})
        if not self.is_bound:
            self.initial["versie"] = slachtoffer.versie
            for veld in ("leeftijdsgroep", "geslacht", "nationaliteitsgroep"):
                self.initial[veld] = getattr(slachtoffer, veld)
            for stap in slachtoffer.stappen_lijst:
                self.initial[f"{stap.soort}-status"] = stap.status
                self.initial[f"{stap.soort}-aangevraagd_op"] = stap.aangevraagd_op
                self.initial[f"{stap.soort}-afgerond_op"] = stap.afgerond_op

    def clean(self):
        cleaned = super().clean()
        for soort in ZorgStapSoort.values:
            status = cleaned.get(f"{soort}-status")
            if status is None or f"{soort}-aangevraagd_op" in self.errors or f"{soort}-afgerond_op" in self.errors:
                continue
            fouten = check_stap(status, cleaned.get(f"{soort}-aangevraagd_op"), cleaned.get(f"{soort}-afgerond_op"))
            for veld, fout in fouten.items():
                self.add_error(f"{soort}-{veld}", fout)
        return cleaned

    def foutoverzicht(self):
        """As ``Foutoverzicht``, with the step named before the field ("Opvang: Aangevraagd op: …")."""
        fouten = []
        for anker, label, fout in super().foutoverzicht():
            soort = anker.removeprefix("id_").split("-", 1)[0] if "-" in anker else ""
            if soort in ZorgStapSoort.values:
                label = f"{ZorgStapSoort(soort).label.capitalize()} – {label}"
            fouten.append((anker, label, fout))
        return fouten

    def stappen(self):
        """Per step, for the template: (soort, label, uitleg, status field, requested field, outcome field)."""
        return [
            {"soort": soort.value, "label": soort.label, "uitleg": UITLEG[soort],
             "status": self[f"{soort.value}-status"], "aangevraagd_op": self[f"{soort.value}-aangevraagd_op"],
             "afgerond_op": self[f"{soort.value}-afgerond_op"]}
            for soort in ZorgStapSoort
        ]

    def gegevens(self):
        return {veld: self.cleaned_data[veld] for veld in ("leeftijdsgroep", "geslacht", "nationaliteitsgroep")}

    def stap_waarden(self):
        return {
            soort: (self.cleaned_data[f"{soort}-status"], self.cleaned_data.get(f"{soort}-aangevraagd_op"),
                    self.cleaned_data.get(f"{soort}-afgerond_op"))
            for soort in ZorgStapSoort.values
        }
