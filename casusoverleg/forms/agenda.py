"""Forms of the agenda: a general item, a case, invitations for a case item, the confidentiality declaration.

The forms only check what the user typed; the rules (who may change the agenda, only while the meeting is planned,
each of opening/besluitenlijst/rondvraag once, a case once and not closed, no invitation of a standing participant)
are enforced by ``casusoverleg.services.agenda``, under a row lock: the services enforce the rules, a form only helps
the user meet them.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Emailveld, Foutoverzicht, Tekstveld

from .. import selectors
from ..models import Agendapunt, AgendapuntSoort
from ..services import agenda as services

MAX_TEKST = 2000


def _select(**attrs):
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select", **attrs})


def _textbox(**attrs):
    return forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", **attrs})


def _textarea(rows=3, **attrs):
    return forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": rows, **attrs})


class PuntForm(Foutoverzicht, forms.Form):
    """A general item: a topic with a title, or one of the fixed items that is not on the agenda."""

    soort = forms.ChoiceField(label=_("Kind of item"), widget=_select())
    titel = Tekstveld(label=_("Title"), required=False, max_length=Agendapunt._meta.get_field("titel").max_length,
                            help_text=_("Required for a topic. No names of persons or businesses."),
                            widget=_textbox())
    toelichting = Tekstveld(label=_("Note"), required=False, max_length=MAX_TEKST, widget=_textarea())

    def __init__(self, *args, overleg, aanwezig=None, **kwargs):
        """``aanwezig``: the kinds of item on the agenda, when the caller has read the items already."""
        super().__init__(*args, **kwargs)
        if aanwezig is None:
            aanwezig = set(overleg.agendapunten.values_list("soort", flat=True))
        keuzes = [(AgendapuntSoort.ONDERWERP.value, AgendapuntSoort.ONDERWERP.label)]
        keuzes += [(soort.value, soort.label) for soort in services.EENMALIG if soort not in aanwezig]
        self.fields["soort"].choices = keuzes
        self.fields["soort"].initial = AgendapuntSoort.ONDERWERP
        self.fields["titel"].widget.attrs["aria-describedby"] = f"{self['titel'].auto_id}_helptext"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("soort") == AgendapuntSoort.ONDERWERP and not (cleaned.get("titel") or "").strip():
            self.add_error("titel", _("Give the topic a title."))
        return cleaned


def casus_label(casus):
    gemeenten = ", ".join(g.naam for g in casus.gemeenten.all())
    return f"{casus.code} — {gemeenten}" if gemeenten else casus.code


class CasusForm(Foutoverzicht, forms.Form):
    """Put a case on the agenda: one of the ketenregisseur's open cases of the table's werkgebied not on it yet.

    ``kandidaten``: those cases, when the caller has read them already (the meeting page reads them once for the
    proposals and this list: ``services.voorstel_kandidaten``)."""

    casus = forms.TypedChoiceField(label=_("Case"), coerce=int, empty_value=None, widget=_select(),
                                   error_messages={"invalid_choice": _("Choose a case that can be put on this "
                                                                       "agenda.")})

    def __init__(self, *args, user, overleg, kandidaten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kandidaten is None:
            kandidaten = list(services.voorstel_kandidaten(overleg).filter(
                pk__in=selectors.beheerde_casussen(user).values("pk")).prefetch_related("gemeenten"))
        self.kandidaten = {casus.pk: casus for casus in kandidaten}
        self.fields["casus"].choices = [("", _("— choose a case —"))] + [
            (casus.pk, casus_label(casus)) for casus in kandidaten]

    @property
    def heeft_keuzes(self):
        return bool(self.kandidaten)

    def clean_casus(self):
        return self.kandidaten[self.cleaned_data["casus"]]


class VoorstelField(forms.ModelMultipleChoiceField):
    """The proposed organisations, labelled with who would be invited."""

    def __init__(self, *args, voorstellen, **kwargs):
        self.contacten = {v.organisatie.pk: v for v in voorstellen}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        voorstel = self.contacten.get(obj.pk)
        if voorstel is None:
            return obj.naam
        if voorstel.deelnemer:
            return f"{obj.naam} — {voorstel.deelnemer.naam} ({voorstel.deelnemer.email})"
        if voorstel.mailbox:
            return f"{obj.naam} — {voorstel.mailbox}"
        return str(_("%(organisatie)s — no known contact") % {"organisatie": obj.naam})


class UitnodigenForm(Foutoverzicht, forms.Form):
    """Invite proposed organisations (each an explicit choice) and/or one other organisation for one item."""

    voorgesteld = forms.ModelMultipleChoiceField(
        label=_("Proposed: the municipalities where the case plays"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    organisatie = forms.ModelChoiceField(
        label=_("Another organisation"), required=False, queryset=None, empty_label=_("— none —"), widget=_select(),
    )
    mailbox = Emailveld(
        label=_("E-mail address for the other organisation"), required=False,
        help_text=_("Leave empty to invite its only coordinator or member, or else its general e-mail address."),
        widget=forms.EmailInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input",
                                       "aria-describedby": "id_mailbox_helptext", "autocomplete": "off"}),
    )

    vertrouwelijk = forms.BooleanField(
        label=_("Guests accept the confidentiality declaration before they see this item"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    def __init__(self, *args, punt, **kwargs):
        self.voorstellen = services.uitnodigingsvoorstellen(punt)
        super().__init__(*args, **kwargs)
        if punt.soort == AgendapuntSoort.ONDERWERP:
            self.fields["vertrouwelijk"].initial = punt.vertrouwelijk
            self.fields["organisatie"].label = _("Guest organisation")
            self.fields["mailbox"].label = _("E-mail address of the guest")
        else:
            del self.fields["vertrouwelijk"]  # a case item always needs the declaration
        veld = VoorstelField(
            label=self.fields["voorgesteld"].label, required=False, voorstellen=self.voorstellen,
            queryset=services.uit_te_nodigen(punt).filter(pk__in=[v.organisatie.pk for v in self.voorstellen]),
            widget=self.fields["voorgesteld"].widget,
        )
        self.fields["voorgesteld"] = veld
        self.fields["organisatie"].queryset = services.uit_te_nodigen(punt).exclude(
            pk__in=[v.organisatie.pk for v in self.voorstellen])
        # Nothing is ticked in advance (issue 18): sharing a case item with an organisation is an explicit choice.

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("voorgesteld") and not cleaned.get("organisatie") and not self.errors:
            raise forms.ValidationError(_("Choose at least one organisation to invite."))
        if cleaned.get("mailbox") and not cleaned.get("organisatie"):
            self.add_error("organisatie", _("Choose the organisation this e-mail address belongs to."))
        return cleaned

    def uitnodigingen(self):
        """[(organisation, person or None, mailbox), ...] to invite."""
        result = []
        for organisatie in self.cleaned_data.get("voorgesteld") or []:
            voorstel = self.fields["voorgesteld"].contacten.get(organisatie.pk)
            result.append((organisatie, voorstel.deelnemer if voorstel else None, voorstel.mailbox if voorstel else ""))
        if self.cleaned_data.get("organisatie"):
            result.append((self.cleaned_data["organisatie"], None, self.cleaned_data.get("mailbox") or ""))
        return result


class VerklaringForm(Foutoverzicht, forms.Form):
    kenmerk = Tekstveld(widget=forms.HiddenInput)
    akkoord = forms.BooleanField(
        label=_("I have read this declaration and I accept it."),
        error_messages={"required": _("Tick the box to accept the declaration.")},
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
