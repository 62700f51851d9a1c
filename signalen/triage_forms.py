"""Forms of the detail page: the ketenregisseur's decision, the submitter's answer and sharing.

The forms only check what the user typed; who may decide and the rules on the signal itself (which status
may follow which, a reason when closing, a destination when passing on, a legal basis valid today) are
checked again by ``signalen.services``, whoever calls them.
"""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Tekstveld
from partners.models import Organisatie, OrganisatieSoort
from tafels.selectors import tafels_visible_for

from . import selectors
from .models import BESLUITEN, Bestemming, Standaardtekst, Status
from .services import TRANSITIONS

MAX_TEKST = 5000


def _select(**attrs):
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select", **attrs})


def _textarea(rows=4, **attrs):
    return forms.Textarea(attrs={"class": "utrecht-textarea", "rows": rows, **attrs})


def _described(field_name, *ids):
    """aria-describedby for a field: its help text (and error, when shown) in the markup of includes/field.html."""
    return {"aria-describedby": " ".join(f"id_{field_name}_{suffix}" for suffix in ids)}


def besluit_keuzes(status):
    """The decisions a ketenregisseur can take from ``status``, in the order of the triage."""
    volgorde = [Status.IN_BEHANDELING, Status.INFORMATIE_OPGEVRAAGD, *BESLUITEN]
    mogelijk = TRANSITIONS.get(status, set())
    keuzes = []
    for naar in volgorde:
        if naar not in mogelijk:
            continue
        label = naar.label
        if naar == Status.IN_BEHANDELING and status in BESLUITEN:
            label = _("re-open: being assessed")
        keuzes.append((naar.value, label))
    return keuzes


def standaardtekst_keuzes():
    """The standard texts grouped by the decision they belong to."""
    groepen = {}
    for tekst in Standaardtekst.objects.all():
        groepen.setdefault(tekst.status, []).append((str(tekst.pk), tekst.titel))
    keuzes = [("", _("— choose a standard text —"))]
    for status in Status:
        if status in groepen:
            keuzes.append((status.label, groepen[status]))
    return keuzes


class BesluitForm(forms.Form):
    """A decision on a signal. ``verwacht`` is the status the decider saw when the page was shown."""

    verwacht = Tekstveld(widget=forms.HiddenInput)
    naar = forms.ChoiceField(label=_("Decision"), widget=_select())
    doorgezet_naar = forms.ChoiceField(
        label=_("Passed on to"),
        required=False,
        choices=[("", _("— choose a destination —")), *Bestemming.choices],
        help_text=_("Only for 'passed on': the partner that takes the signal further."),
        widget=_select(**_described("doorgezet_naar", "help")),
    )
    reden = Tekstveld(
        label=_("Reason, note or question"),
        required=False,
        max_length=MAX_TEKST,
        help_text=_(
            "For 'information requested': the question the submitter reads and answers. For every other decision: "
            "an internal note that only chain directors see; required for 'closed without follow-up'."
        ),
        widget=_textarea(**_described("reden", "help")),
    )
    standaardtekst = forms.ChoiceField(
        label=_("Standard text"),
        required=False,
        help_text=_("Choose a text and press 'Insert text'; you can then adjust it."),
        widget=_select(**_described("standaardtekst", "help")),
    )
    terugkoppeling = Tekstveld(
        label=_("Text for the submitter"),
        required=False,
        max_length=MAX_TEKST,
        help_text=_("The submitter reads this text. Required for a final decision."),
        # Also described by the warning above it in the template (#terugkoppeling-waarschuwing).
        widget=_textarea(rows=6, **{"aria-describedby": "terugkoppeling-waarschuwing id_terugkoppeling_help"}),
    )

    def __init__(self, *args, signaal, **kwargs):
        super().__init__(*args, **kwargs)
        self.signaal = signaal
        if not self.is_bound:
            self.initial.setdefault("verwacht", signaal.status)
        # The choices follow the status the decider saw: if someone else decided in the meantime, the
        # service answers with StaleStatus (a clear message) instead of the form saying "not a valid choice".
        gezien = (self.data if self.is_bound else self.initial).get("verwacht")
        basis = gezien if gezien in Status.values else signaal.status
        self.fields["naar"].choices = [("", _("— choose a decision —")), *besluit_keuzes(basis)]
        self.fields["standaardtekst"].choices = standaardtekst_keuzes()

    def clean_verwacht(self):
        verwacht = self.cleaned_data["verwacht"]
        if verwacht not in Status.values:
            raise forms.ValidationError(_("Reload the page and decide again."))
        return verwacht

    def clean(self):
        cleaned = super().clean()
        naar = cleaned.get("naar")
        reden = (cleaned.get("reden") or "").strip()
        if naar == Status.INFORMATIE_OPGEVRAAGD and not reden:
            self.add_error("reden", _("Type the question the submitter should answer."))
        if naar == Status.AFGESLOTEN and not reden:
            self.add_error("reden", _("Give the reason for closing without follow-up."))
        if naar == Status.DOORGEZET and not cleaned.get("doorgezet_naar"):
            self.add_error("doorgezet_naar", _("Choose where the signal is passed on to."))
        if naar in BESLUITEN and not (cleaned.get("terugkoppeling") or "").strip():
            self.add_error(
                "terugkoppeling",
                _("Give feedback to the submitter: choose a standard text, insert it and adjust it where needed."),
            )
        return cleaned

    @staticmethod
    def standaardtekst_voor(data):
        """The standard text chosen in ``data``; else the first one for the chosen decision; else None."""
        gekozen = (data.get("standaardtekst") or "").strip()
        if gekozen.isdigit():
            tekst = Standaardtekst.objects.filter(pk=int(gekozen)).first()
            if tekst is not None:
                return tekst
        naar = data.get("naar") or ""
        if naar in Status.values:
            return Standaardtekst.objects.filter(status=naar).order_by("titel", "pk").first()
        return None


class AntwoordForm(forms.Form):
    tekst = Tekstveld(
        label=_("Your answer"),
        max_length=MAX_TEKST,
        widget=_textarea(rows=5),
        error_messages={"required": _("Type your answer.")},
    )


class DelenForm(forms.Form):
    """Share with one organisation, or with the organisations that are members of a table right now."""

    organisatie = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisatie.objects.none(),
        empty_label=_("— choose an organisation —"),
        widget=_select(),
    )
    tafel = forms.ModelChoiceField(
        label=_("Or: the member organisations of a table"),
        required=False,
        queryset=None,
        empty_label=_("— choose a table —"),
        help_text=_("Every organisation that is a member of the table now gets access; later members do not."),
        widget=_select(**_described("tafel", "help")),
    )
    grondslag = forms.ModelChoiceField(
        label=_("Legal basis"),
        queryset=None,
        empty_label=_("— choose a legal basis —"),
        help_text=_("Only legal bases that are valid today can be chosen."),
        error_messages={
            "required": _("Choose the legal basis for sharing."),
            "invalid_choice": _("This legal basis cannot be chosen: it is not valid today."),
        },
        widget=_select(**_described("grondslag", "help")),
    )
    toelichting = Tekstveld(
        label=_("Note"),
        max_length=2000,
        help_text=_("Why the signal is shared and what you ask of the recipient. Do not repeat the description."),
        error_messages={"required": _("Add a note: why is the signal shared?")},
        widget=_textarea(**_described("toelichting", "help")),
    )

    def __init__(self, *args, signaal, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.signaal = signaal
        al_gedeeld = signaal.delingen.filter(ingetrokken_op__isnull=True).values("organisatie_id")
        self.fields["organisatie"].queryset = (
            Organisatie.objects.exclude(soort=OrganisatieSoort.FUNCTIONEEL_BEHEER)
            .exclude(pk=signaal.organisatie_id)
            .exclude(pk__in=al_gedeeld)
            .order_by("naam")
        )
        self.fields["tafel"].queryset = tafels_visible_for(user).order_by("naam")
        self.fields["grondslag"].queryset = selectors.grondslagen_geldig(timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        organisatie, tafel = cleaned.get("organisatie"), cleaned.get("tafel")
        if "organisatie" in cleaned and "tafel" in cleaned:
            if organisatie and tafel:
                raise forms.ValidationError(_("Choose an organisation or a table, not both."))
            if not organisatie and not tafel:
                raise forms.ValidationError(_("Choose the organisation or the table to share with."))
        return cleaned

    def ontvangers(self):
        """The organisations that get access: the one chosen, or the table's members at this moment."""
        if self.cleaned_data.get("organisatie"):
            return [self.cleaned_data["organisatie"]]
        tafel = self.cleaned_data["tafel"]
        return list(
            Organisatie.objects.filter(tafellidmaatschappen__tafel=tafel)
            .exclude(pk=self.signaal.organisatie_id)
            .distinct()
            .order_by("naam")
        )
