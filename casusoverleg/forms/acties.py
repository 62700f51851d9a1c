"""Forms of the action pages: the feedback of the responsible organisation, the status, and the filter of Mijn acties.

The forms only check what the user typed and offer what the user may choose; the rules on the action itself (who
may do what, the version the user saw) are checked again by ``casusoverleg.services.acties`` under a row lock.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld
from mensenhandel.core.uploads import ALLOWED_ACCEPT

from ..models import ActieStatus
from ..services.acties import REDEN_MAX, TERUGKOPPELING_MAX

VERSIE_FOUTEN = {
    "required": _("Reload the page and try again."),
    "invalid": _("Reload the page and try again."),
    "min_value": _("Reload the page and try again."),
}


def _versie_veld():
    return forms.IntegerField(min_value=1, error_messages=VERSIE_FOUTEN, widget=forms.HiddenInput)


def _textarea(rows=5):
    return forms.Textarea(attrs={"class": "utrecht-textarea", "rows": rows})


class TerugkoppelForm(Foutoverzicht, forms.Form):
    """Report back on an action: what was done (required), an optional file, and whether it is done now."""

    use_required_attribute = False

    versie = _versie_veld()
    terugkoppeling = Tekstveld(
        label=_("Feedback"),
        max_length=TERUGKOPPELING_MAX,
        help_text=_("What has been done and what came of it. Everyone who sees the case reads this: leave out names "
                    "of persons where they are not needed. Your text replaces the earlier feedback."),
        error_messages={"required": _("Write your feedback.")},
        widget=_textarea(),
    )
    bijlage = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, JPEG, PNG, DOCX or ODT; at most 10 MB, and 5 files per action. Photos are stored without "
                    "their location data."),
        widget=forms.FileInput(attrs={"accept": ALLOWED_ACCEPT, "class": "actie-bestand"}),
    )
    gereed = forms.BooleanField(
        label=_("Mark the action as done"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    def __init__(self, *args, actie, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("versie", actie.versie)
            self.initial.setdefault("terugkoppeling", actie.terugkoppeling)
        if actie.status == ActieStatus.GEREED:
            del self.fields["gereed"]


class ActieStatusForm(Foutoverzicht, forms.Form):
    """A status change. The choices are what the user may do from the status shown; a posted value is checked again
    by the service against the status as it is now."""

    use_required_attribute = False

    versie = _versie_veld()
    naar = forms.ChoiceField(
        label=_("New status"),
        error_messages={"required": _("Choose the new status."), "invalid_choice": _("Choose a status from the list.")},
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    reden = Tekstveld(
        label=_("Reason for dropping"),
        required=False,
        max_length=REDEN_MAX,
        help_text=_("Only when you drop the action, and then required."),
        widget=_textarea(rows=3),
    )

    def __init__(self, *args, actie, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("versie", actie.versie)
        opties = []
        for status in keuzes:
            label = ActieStatus(status).label
            if status == ActieStatus.OPEN and actie.status in (ActieStatus.GEREED, ActieStatus.VERVALLEN):
                label = _("re-open")
            opties.append((status, label))
        if self.is_bound:
            # Someone may have changed the status since the page was shown: the service decides, with a clear message.
            gekozen = {value for value, _label in opties}
            opties += [(value, label) for value, label in ActieStatus.choices if value not in gekozen]
        self.fields["naar"].choices = [("", _("— choose a status —")), *opties]
        if ActieStatus.VERVALLEN not in keuzes and not self.is_bound:
            del self.fields["reden"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("naar") == ActieStatus.VERVALLEN and not (cleaned.get("reden") or "").strip():
            self.add_error("reden", _("Give the reason for dropping the action."))
        return cleaned


class MijnActiesForm(forms.Form):
    """The filter of Mijn acties: open (the default), done or dropped, or all."""

    OPEN, AFGEROND, ALLE = "open", "afgerond", "alle"

    status = forms.ChoiceField(
        label=_("Which actions"),
        required=False,
        choices=[(OPEN, _("Open actions")), (AFGEROND, _("Done or dropped")), (ALLE, _("All actions"))],
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
    )

    def keuze(self):
        if self.is_valid() and self.cleaned_data.get("status"):
            return self.cleaned_data["status"]
        return self.OPEN
