"""Forms of the meeting pages: the list filter, scheduling and changing a meeting, the year planning,
cancelling and the presentielijst.

The forms only check what the user typed; the rules of a meeting (who may chair, a place or a link, the end after the
start, the status) are enforced by ``casusoverleg.services.overleggen``, under a row lock: the services enforce the
rules, a form only helps the user meet them.
"""
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld, URLveld

from .. import selectors

MAX_TEKST = 5000

STANDAARD_DOEL = _(
    "The information shared in this meeting may only be used to assess the cases of human trafficking on the agenda "
    "and to agree on and follow up interventions (criminal, administrative, tax, labour law and care), each "
    "organisation within its own legal task. It is not passed on to others without a legal basis."
)

WANNEER_KOMEND, WANNEER_GEWEEST, WANNEER_ALLE = "komend", "geweest", "alle"


def _select(**attrs):
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select", **attrs})


def _textbox(**attrs):
    return forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", **attrs})


def _textarea(rows=4, **attrs):
    return forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": rows, **attrs})


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"})


def _datum():
    return forms.DateInput(format="%Y-%m-%d",
                           attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input overleg-datum"})


def _tijd():
    return forms.TimeInput(format="%H:%M",
                           attrs={"type": "time", "class": "utrecht-textbox utrecht-textbox--html-input overleg-tijd"})


def moment(dag, tijd):
    """A date and a time as an aware datetime in Europe/Amsterdam."""
    return timezone.make_aware(datetime.combine(dag, tijd), timezone.get_default_timezone())


class VoorzitterField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.organisatie.naam})"


class LedenField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        wie = obj.deelnemer.naam if obj.deelnemer_id else obj.mailbox
        return f"{obj.organisatie.naam} — {wie}"


# --- the list ---------------------------------------------------------------------------------------------


class OverlegFilterForm(forms.Form):
    wanneer = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(WANNEER_KOMEND, _("upcoming")), (WANNEER_GEWEEST, _("past")), (WANNEER_ALLE, _("all"))],
        widget=_select(),
    )
    tafel = forms.ModelChoiceField(label=_("Table"), required=False, queryset=None, empty_label=_("all tables"),
                                   widget=_select())

    def __init__(self, *args, tafels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tafel"].queryset = tafels


# --- choosing the table first (the forms below depend on it) ---------------------------------------------


class TafelKeuzeForm(forms.Form):
    tafel = forms.ModelChoiceField(label=_("Table"), queryset=None, empty_label=_("— choose a table —"),
                                   widget=_select())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tafel"].queryset = selectors.beheerde_tafels(user)


# --- one meeting --------------------------------------------------------------------------------------------


class OverlegForm(Foutoverzicht, forms.Form):
    """Schedule (``nieuw=True``, with the participants) or change one meeting of ``tafel``."""

    datum = forms.DateField(label=_("Date"), widget=_datum())
    begintijd = forms.TimeField(label=_("Start time"), widget=_tijd())
    eindtijd = forms.TimeField(label=_("End time"), widget=_tijd())
    locatie = Tekstveld(label=_("Place"), required=False, max_length=200,
                              help_text=_("Building and room. Give a place, an online link, or both."),
                              widget=_textbox(autocomplete="off"))
    online_link = URLveld(label=_("Online link"), required=False, max_length=500, assume_scheme="https",
                                 help_text=_("The link to the video meeting, if there is one."),
                                 widget=forms.URLInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input",
                                                              "autocomplete": "off"}))
    voorzitter = VoorzitterField(label=_("Chair"), queryset=None, empty_label=_("— choose the chair —"),
                                 widget=_select())
    doel = Tekstveld(
        label=_("Purpose (doelbinding)"),
        max_length=MAX_TEKST,
        help_text=_("What the information shared in this meeting may be used for. Participants read it on the "
                    "meeting page and in the agenda."),
        widget=_textarea(rows=5),
    )
    deelnemers = LedenField(
        label=_("Standing participants"),
        queryset=None,
        help_text=_("The member organisations of the table that take part, and who receives the invitation for each."),
        widget=_checkboxes(),
        error_messages={"required": _("Choose one or more member organisations of this table.")},
    )

    def __init__(self, *args, tafel, nieuw, **kwargs):
        super().__init__(*args, **kwargs)
        self.tafel = tafel
        self.nieuw = nieuw
        self.fields["voorzitter"].queryset = selectors.mogelijke_voorzitters(tafel)
        if nieuw:
            self.fields["deelnemers"].queryset = tafel.leden.select_related("organisatie", "deelnemer").order_by(
                "organisatie__naam")
        else:
            del self.fields["deelnemers"]

    def clean(self):
        cleaned = super().clean()
        dag, begin, eind = cleaned.get("datum"), cleaned.get("begintijd"), cleaned.get("eindtijd")
        if dag and begin and eind:
            cleaned["begint"], cleaned["eindigt"] = moment(dag, begin), moment(dag, eind)
            if eind <= begin:
                self.add_error("eindtijd", _("The meeting must end after it starts."))
            elif self.nieuw and cleaned["begint"] < timezone.now():
                self.add_error("datum", _("A new meeting cannot start in the past."))
        if not (cleaned.get("locatie") or "").strip() and not cleaned.get("online_link") and "online_link" not in (
            self.errors
        ):
            self.add_error("locatie", _("Give a place, an online link, or both."))
        return cleaned


def overleg_initial(overleg):
    begint, eindigt = timezone.localtime(overleg.begint), timezone.localtime(overleg.eindigt)
    return {
        "datum": begint.date(),
        "begintijd": begint.time().replace(second=0, microsecond=0),
        "eindtijd": eindigt.time().replace(second=0, microsecond=0),
        "locatie": overleg.locatie,
        "online_link": overleg.online_link,
        "voorzitter": overleg.voorzitter_id,
        "doel": overleg.doel,
    }


def nieuw_initial(tafel, doel):
    """A sensible start: a week from today at 10:00 until 12:00, the table's chair, all members."""
    return {
        "datum": timezone.localdate() + timedelta(days=7),
        "begintijd": time(10, 0),
        "eindtijd": time(12, 0),
        "voorzitter": tafel.voorzitter_id,
        "doel": doel,
        "deelnemers": [lid.pk for lid in tafel.leden.all()],
    }


# --- the year planning ---------------------------------------------------------------------------------------


class JaarplanningForm(Foutoverzicht, forms.Form):
    jaar = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input "
                                                              "overleg-jaar", "inputmode": "numeric"}))
    eerste = forms.DateField(label=_("Date of the first meeting"),
                             help_text=_("The next meetings follow on the same day of the month, in the rhythm of the "
                                         "table; a date in a weekend moves to the Monday after."),
                             widget=_datum())
    begintijd = forms.TimeField(label=_("Start time"), widget=_tijd())
    duur_minuten = forms.IntegerField(label=_("Duration in minutes"), min_value=15, max_value=8 * 60,
                                      widget=forms.NumberInput(attrs={"class": "utrecht-textbox "
                                                                      "utrecht-textbox--html-input overleg-duur",
                                                                      "inputmode": "numeric"}))
    locatie = OverlegForm.base_fields["locatie"]
    online_link = OverlegForm.base_fields["online_link"]
    doel = OverlegForm.base_fields["doel"]

    def clean(self):
        cleaned = super().clean()
        jaar, eerste = cleaned.get("jaar"), cleaned.get("eerste")
        if jaar and eerste and eerste.year != jaar:
            self.add_error("eerste", _("The first meeting must fall in %(jaar)s.") % {"jaar": jaar})
        elif eerste and eerste < timezone.localdate():
            self.add_error("eerste", _("The first meeting cannot be in the past."))
        if not (cleaned.get("locatie") or "").strip() and not cleaned.get("online_link") and "online_link" not in (
            self.errors
        ):
            self.add_error("locatie", _("Give a place, an online link, or both."))
        return cleaned


def jaarplanning_initial(doel):
    vandaag = timezone.localdate()
    jaar = vandaag.year + 1 if vandaag.month >= 10 else vandaag.year
    eerste = date(jaar, 1, 15) if jaar > vandaag.year else vandaag + timedelta(days=14)
    return {"jaar": jaar, "eerste": eerste, "begintijd": time(10, 0), "duur_minuten": 120, "doel": doel}


# --- cancelling and the presentielijst ----------------------------------------------------------------------


class AnnulerenForm(Foutoverzicht, forms.Form):
    reden = Tekstveld(
        label=_("Reason for cancelling"),
        max_length=MAX_TEKST,
        help_text=_("Shown on the meeting page to those who see the meeting; it is not in the cancellation e-mail."),
        widget=_textarea(rows=4),
        error_messages={"required": _("Give the reason for cancelling.")},
    )


class PresentieForm(Foutoverzicht, forms.Form):
    deelnemers = forms.MultipleChoiceField(label=_("Standing participants present"), required=False,
                                           widget=_checkboxes())
    uitgenodigd = forms.MultipleChoiceField(label=_("Invited organisations present"), required=False,
                                            widget=_checkboxes())

    def __init__(self, *args, deelnemers, uitgenodigd, **kwargs):
        """``deelnemers``: the meeting's OverlegDeelnemer rows; ``uitgenodigd``: [(organisation, [Uitnodiging])]."""
        super().__init__(*args, **kwargs)
        self.fields["deelnemers"].choices = [(str(d.pk), d.organisatie.naam) for d in deelnemers]
        self.fields["uitgenodigd"].choices = [(str(org.pk), org.naam) for org, _rows in uitgenodigd]
        if not uitgenodigd:
            del self.fields["uitgenodigd"]
