"""Forms of the case pages: open a case, change its details, its status and its victim track, link signals.

The forms only check what the user typed and offer only what the user may choose (gemeenten of the werkgebied,
signals the user may take up, cases the user manages); the rules on the case itself are enforced by
``casusoverleg.services.casussen``, under a row lock: the services enforce the rules, a form only helps the user meet
them.
"""
import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import FacetFilterMixin, Foutoverzicht, Tekstfilter, Tekstveld
from partners.models import Organisatie
from signalen import selectors as signaal_selectors
from signalen.forms import KeuzeUitLijst, MeerdereUitLijst
from signalen.models import Signaal, Status, Vorm
from tafels.models import Gemeente
from tafels.selectors import gemeenten_in_werkgebied

from .. import selectors
from ..models import Casus, CasusStatus
from ..services.casussen import NOTITIE_MAX, mogelijke_statussen

SAMENVATTING_MAX = Casus._meta.get_field("samenvatting").max_length
REDEN_MAX = 2000
ZOEK_MAX = 40


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"})


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


def _textarea(rows=4):
    return forms.Textarea(attrs={"class": "utrecht-textarea", "rows": rows})


def _date():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"})


class GemeentenKeuze(MeerdereUitLijst):
    def label_from_instance(self, obj):
        return obj.naam


class SignalenKeuze(MeerdereUitLijst):
    """Signals by reference, municipality and date of submission — never their description."""

    def label_from_instance(self, obj):
        datum = date_format(timezone.localtime(obj.ingediend_op), "j F Y") if obj.ingediend_op else ""
        return f"{obj.referentie} — {obj.gemeente.naam} — {datum}"


def _gemeenten_veld(help_text):
    return GemeentenKeuze(
        label=_("Municipalities"),
        queryset=Gemeente.objects.none(),
        help_text=help_text,
        error_messages={"required": _("Choose at least one municipality."),
                        "invalid_choice": _("Choose municipalities from the list.")},
        widget=_checkboxes(),
    )


def _vormen_veld():
    return MeerdereUitLijst(
        label=_("Forms of exploitation"),
        queryset=Vorm.objects.filter(actief=True),
        required=False,
        error_messages={"invalid_choice": _("Choose forms of exploitation from the list.")},
        widget=_checkboxes(),
    )


def _samenvatting_veld():
    return Tekstveld(
        label=_("Summary"),
        max_length=SAMENVATTING_MAX,
        help_text=_("A few sentences on what the case is about. No names of persons or businesses, no addresses: "
                    "everyone who sees the case on an agenda reads this."),
        error_messages={"required": _("Give a short summary of the case, without names.")},
        widget=_textarea(rows=5),
    )


def _notitie_veld():
    """The ketenregisseur's personal note to the submitters of the signals taken up now (``services.link_signaal``)."""
    return Tekstveld(
        label=_("Personal note to the submitter"),
        required=False,
        max_length=NOTITIE_MAX,
        help_text=_("Added below the standard feedback that the submitter of each signal taken up now reads on its "
                    "signal page. No case code, no names and nothing the submitter may not know."),
        widget=_textarea(rows=3),
    )


class CasusNieuwForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    gemeenten = _gemeenten_veld(_("Where the case plays: municipalities of your work area."))
    vormen = _vormen_veld()
    samenvatting = _samenvatting_veld()
    signalen = SignalenKeuze(
        label=_("Signals to link"),
        queryset=Signaal.objects.none(),  # replaced in __init__
        required=False,
        help_text=_("Signals of your work area that are not yet decided on. Their submitters hear that the signal "
                    "has been taken up in a case, not which case."),
        error_messages={"invalid_choice": _("Choose signals from the list.")},
        widget=_checkboxes(),
    )
    notitie = _notitie_veld()
    melder = KeuzeUitLijst(
        label=_("Reported by partner"),
        queryset=Organisatie.objects.order_by("naam"),
        required=False,
        empty_label=_("— no partner: the case comes from signals —"),
        help_text=_("For a case that comes from a partner's report rather than from signals."),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
        widget=_select(),
    )

    def __init__(self, *args, user, signaal=None, **kwargs):
        """``signaal``: the signal the case is opened from; offered too when it is already taken up in another
        case (a signal can belong to more than one case)."""
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = gemeenten_in_werkgebied(user.werkgebied).order_by("naam")
        signalen = selectors.koppelbare_signalen(user)
        if signaal is not None and signaal.status == Status.OPGEPAKT_IN_CASUS:
            signalen = signaal_selectors.signalen_visible_for(user).filter(
                Q(pk__in=signalen.values("pk")) | Q(pk=signaal.pk)
            )
        self.fields["signalen"].queryset = signalen.select_related("gemeente").order_by("-ingediend_op", "-pk")


class CasusBewerkenForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    gemeenten = _gemeenten_veld(_("Where the case plays: municipalities of the case's work area."))
    vormen = _vormen_veld()
    samenvatting = _samenvatting_veld()
    eigenaar = KeuzeUitLijst(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),  # replaced in __init__
        empty_label=None,
        help_text=_("A chain director of the case's work area."),
        error_messages={"invalid_choice": _("Choose a chain director from the list.")},
        widget=_select(),
    )

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = gemeenten_in_werkgebied(casus.werkgebied).order_by("naam")
        self.fields["vormen"].queryset = Vorm.objects.filter(Q(actief=True) | Q(pk__in=casus.vormen.values("pk")))
        self.fields["eigenaar"].queryset = selectors.eigenaar_keuzes(casus).select_related("organisatie")
        self.fields["eigenaar"].label_from_instance = lambda user: f"{user.naam} ({user.organisatie})"
        if not self.is_bound:
            self.initial.update({
                "gemeenten": list(casus.gemeenten.all()),
                "vormen": list(casus.vormen.all()),
                "samenvatting": casus.samenvatting,
                "eigenaar": casus.eigenaar_id,
            })


class CasusStatusForm(Foutoverzicht, forms.Form):
    """A status change. ``verwacht`` is the status the user saw when the page was shown."""

    use_required_attribute = False

    verwacht = Tekstveld(widget=forms.HiddenInput)
    naar = forms.ChoiceField(label=_("New status"), error_messages={"required": _("Choose the new status.")},
                             widget=_select())
    reden = Tekstveld(
        label=_("Reason for closing"),
        required=False,
        max_length=REDEN_MAX,
        help_text=_("Only when you close the case, and then required. No names."),
        widget=_textarea(rows=3),
    )

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("verwacht", casus.status)
        # The choices follow the status the user saw: if someone else changed it meanwhile, the service answers with
        # a clear message instead of the form saying "not a valid choice".
        gezien = (self.data if self.is_bound else self.initial).get("verwacht")
        basis = gezien if gezien in CasusStatus.values else casus.status
        keuzes = []
        for status in mogelijke_statussen(basis):
            label = status.label
            if basis == CasusStatus.AFGESLOTEN and status == CasusStatus.OPEN:
                label = _("re-open")
            keuzes.append((status.value, label))
        self.fields["naar"].choices = [("", _("— choose a status —")), *keuzes]
        if CasusStatus.AFGESLOTEN not in mogelijke_statussen(basis):
            del self.fields["reden"]  # a closed case can only be re-opened: no reason to give

    def clean_verwacht(self):
        verwacht = self.cleaned_data["verwacht"]
        if verwacht not in CasusStatus.values:
            raise forms.ValidationError(_("Reload the page and choose again."))
        return verwacht

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("naar") == CasusStatus.AFGESLOTEN and not (cleaned.get("reden") or "").strip():
            self.add_error("reden", _("Give the reason for closing the case."))
        return cleaned


class SlachtofferspoorForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    comensha_aangemeld_op = forms.DateField(
        label=_("Reported to CoMensha on"), required=False,
        help_text=_("Leave empty while the case has not been reported to CoMensha."),
        error_messages={"invalid": _("Fill in a valid date, for example 15-03-2026.")},
        widget=_date(),
    )
    zorgcoordinator_betrokken_op = forms.DateField(
        label=_("Care coordinator involved since"), required=False,
        help_text=_("Leave empty while no care coordinator is involved."),
        error_messages={"invalid": _("Fill in a valid date, for example 15-03-2026.")},
        widget=_date(),
    )

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update({"comensha_aangemeld_op": casus.comensha_aangemeld_op,
                                 "zorgcoordinator_betrokken_op": casus.zorgcoordinator_betrokken_op})

    def clean(self):
        cleaned = super().clean()
        vandaag = timezone.localdate()
        for veld in ("comensha_aangemeld_op", "zorgcoordinator_betrokken_op"):
            datum = cleaned.get(veld)
            if datum is not None and datum > vandaag:
                self.add_error(veld, _("This date lies in the future."))
        return cleaned


class SignalenKoppelenForm(Foutoverzicht, forms.Form):
    use_required_attribute = False

    signalen = SignalenKeuze(
        label=_("Signals to link"),
        queryset=Signaal.objects.none(),  # replaced in __init__
        help_text=_("Signals of your work area that are not yet decided on. Their submitters hear that the signal "
                    "has been taken up in a case, not which case."),
        error_messages={"required": _("Choose at least one signal."),
                        "invalid_choice": _("Choose signals from the list.")},
        widget=_checkboxes(),
    )
    notitie = _notitie_veld()

    def __init__(self, *args, user, casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signalen"].queryset = (
            selectors.koppelbare_signalen(user).exclude(casuskoppelingen__casus=casus)
            .select_related("gemeente").order_by("-ingediend_op", "-pk")
        )


class SignaalKoppelForm(Foutoverzicht, forms.Form):
    """On a signal's page: link it to an open case the user manages."""

    use_required_attribute = False

    casus = KeuzeUitLijst(
        label=_("Existing case"),
        queryset=Casus.objects.none(),  # replaced in __init__
        empty_label=_("— choose a case —"),
        error_messages={"required": _("Choose the case to link this signal to."),
                        "invalid_choice": _("Choose an open case from the list.")},
        widget=_select(),
    )
    notitie = _notitie_veld()

    def __init__(self, *args, user, signaal, **kwargs):
        super().__init__(*args, **kwargs)
        if signaal.status == Status.OPGEPAKT_IN_CASUS:
            del self.fields["notitie"]  # taken up already: the submitter gets no new feedback, so no note either
        self.fields["casus"].queryset = (
            selectors.beheerde_casussen(user).exclude(status=CasusStatus.AFGESLOTEN)
            .exclude(koppelingen__signaal=signaal).order_by("-geopend_op", "-pk")
        )
        self.fields["casus"].label_from_instance = lambda casus: casus.code


# --- the filter of the list ---------------------------------------------------------------------------------

# Filters whose choices carry a count, and the field each counts by.
FACETTEN = {"status": "status", "gemeente": "gemeenten", "vorm": "vormen"}


class CasusFilter(FacetFilterMixin, django_filters.FilterSet):
    facetten = FACETTEN

    """Every choice and every count comes from the cases the user may see (passed in as ``queryset``)."""

    q = Tekstfilter(
        label=_("Search on code"), method="filter_q", max_length=ZOEK_MAX,
        help_text=_("The code of the case, or part of it, for example TW-2026-014."),
        widget=forms.TextInput(attrs={"type": "search", "class": "utrecht-textbox utrecht-textbox--html-input",
                                      "spellcheck": "false"}),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=CasusStatus.choices, widget=_checkboxes())
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Municipality"), field_name="gemeenten", queryset=Gemeente.objects.none(),
        empty_label=_("All municipalities"), widget=_select(), distinct=True,
    )
    vorm = django_filters.ModelChoiceFilter(
        label=_("Form of exploitation"), field_name="vormen", queryset=Vorm.objects.all(), empty_label=_("All forms"),
        widget=_select(), distinct=True,
    )

    class Meta:
        model = Casus
        fields = ["q", "status", "gemeente", "vorm"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if queryset is None:  # never fall back to all cases: the caller passes what the user may see
            queryset = Casus.objects.none()
        super().__init__(data, queryset, request=request, **kwargs)
        # The choices' ids first, in one pass over the visible rows (as a semi-join the planner would scan the rows
        # once per municipality of the country).
        self.filters["gemeente"].queryset = Gemeente.objects.filter(
            pk__in_ids=self.queryset.order_by().values_list("gemeenten", flat=True).distinct()
        ).order_by("naam")
        self.filters["vorm"].queryset = Vorm.objects.filter(
            pk__in_ids=self.queryset.order_by().values_list("vormen", flat=True).distinct()
        ).order_by("volgorde", "naam")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(code__icontains=value) if value else queryset

    def label_counts(self, counts):
        """Put the counts in the labels of the choices: "Open (3)"."""
        fields = self.form.fields
        per_status = counts["status"]
        fields["status"].choices = [(value, f"{label} ({per_status.get(value, 0)})") for value, label in
                                    CasusStatus.choices]
        for name in ("gemeente", "vorm"):
            per_pk = counts[name]
            fields[name].label_from_instance = lambda obj, per_pk=per_pk: f"{obj} ({per_pk.get(obj.pk, 0)})"


class InzageForm(forms.Form):
    """The search of an inzageverzoek: a name or number, at least three characters."""

    term = Tekstveld(
        label=_("Name, company, address or number"), min_length=3, max_length=100,
        help_text=_("At least 3 characters. Searches the texts and KvK numbers of the signals and cases of your "
                    "work area."),
        error_messages={"required": _("Fill in what to search for."),
                        "min_length": _("Use at least %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}),
    )
