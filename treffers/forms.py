"""The forms of a treffer's page: its status (contact made / no connection with a reason / open again) and sharing
the own record with the other side's RIEC with a legal basis. ``services`` checks everything again."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Tekstveld
from signalen.selectors import grondslagen_geldig

from .models import Status

MAX_TEKST = 2000


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


def _textarea():
    return forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3})


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(Status.CONTACT.value, Status.CONTACT.label), (Status.GEEN_VERBAND.value, Status.GEEN_VERBAND.label),
                 (Status.OPEN.value, Status.OPEN.label)],
        error_messages={"required": _("Choose a status."), "invalid_choice": _("Choose a status from the list.")},
        widget=_select(),
    )
    reden = Tekstveld(
        label=_("Reason"),
        required=False,
        max_length=MAX_TEKST,
        help_text=_("Required for “no connection”: why do the records not belong together?"),
        widget=_textarea(),
    )

    def __init__(self, *args, dubbel=False, **kwargs):
        super().__init__(*args, **kwargs)
        if dubbel:  # a possible duplicate of the own werkgebied: no contact to make
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != Status.CONTACT]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.GEEN_VERBAND and not (cleaned.get("reden") or "").strip():
            self.add_error("reden", _("Give the reason why there is no connection."))
        return cleaned


class DelenForm(forms.Form):
    grondslag = forms.ModelChoiceField(
        label=_("Legal basis"),
        queryset=None,
        empty_label=_("— choose a legal basis —"),
        help_text=_("Only legal bases that are valid today can be chosen."),
        error_messages={
            "required": _("Choose the legal basis for sharing."),
            "invalid_choice": _("This legal basis cannot be chosen: it is not valid today."),
        },
        widget=_select(),
    )
    toelichting = Tekstveld(
        label=_("Note"),
        max_length=MAX_TEKST,
        help_text=_("Why the signal is shared and what you ask of the recipient. Do not repeat the description."),
        error_messages={"required": _("Add a note: why is the signal shared?")},
        widget=_textarea(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grondslag"].queryset = grondslagen_geldig(timezone.localdate())
