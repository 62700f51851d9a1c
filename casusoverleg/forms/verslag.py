"""Forms of what is recorded during a meeting: an agenda item's minutes, a decision, an action.

The forms only check what the user typed and offer what fits (the organisations at the table first, the people of
the organisations); the rules themselves (who may record, the meeting's state, the version the user loaded, whether
the responsible person belongs to the organisation, a due date not in the past) are checked again by
``casusoverleg.services.verslag`` under a row lock.
"""
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Foutoverzicht, Tekstveld
from partners.models import Organisatie, OrganisatieSoort

from ..models import ActieSoort, ActieStatus, OverlegDeelnemer, Uitnodiging
from ..services.verslag import BESLUIT_MAX, NOTITIES_MAX, OMSCHRIJVING_MAX, VERANTWOORDELIJKE_ROLLEN

REDEN_MAX = 2000

VERSIE_FOUTEN = {
    "required": _("Reload the page and try again."),
    "invalid": _("Reload the page and try again."),
    "min_value": _("Reload the page and try again."),
}


def _versie_veld():
    return forms.IntegerField(min_value=1, error_messages=VERSIE_FOUTEN, widget=forms.HiddenInput)


def _textarea(rows):
    return forms.Textarea(attrs={"class": "utrecht-textarea verslag-tekstvak", "rows": rows})


def _select():
    return forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})


class _Versie:
    """``versie`` only when editing an existing row; its initial value is the version loaded. ``focus()`` puts the
    keyboard focus in the first field when the form opens (not when it comes back with errors: then the error
    summary takes it)."""

    def focus(self):
        if not self.errors:
            for veld in self.visible_fields():
                veld.field.widget.attrs["autofocus"] = True
                break
        return self

    def _versie(self, obj):
        if obj is None:
            del self.fields["versie"]
        elif not self.is_bound:
            self.initial.setdefault("versie", obj.versie)


class NotitiesForm(_Versie, Foutoverzicht, forms.Form):
    use_required_attribute = False

    versie = _versie_veld()
    notities = Tekstveld(
        label=_("Minutes"),
        required=False,
        max_length=NOTITIES_MAX,
        help_text=_("Notes of the discussion of this item. Only the chain directors of this table see them; they are "
                    "not in the decision list. Leave out names where they are not needed."),
        error_messages={"max_length": _("The minutes are too long.")},
        widget=_textarea(8),
    )

    def __init__(self, *args, punt, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("versie", punt.versie)
            self.initial.setdefault("notities", punt.notities)


class BesluitForm(_Versie, Foutoverzicht, forms.Form):
    use_required_attribute = False

    versie = _versie_veld()
    tekst = Tekstveld(
        label=_("Decision"),
        max_length=BESLUIT_MAX,
        help_text=_("As it goes into the decision list. Everyone who sees this agenda item reads it."),
        error_messages={"required": _("Write the decision."), "max_length": _("The decision is too long.")},
        widget=_textarea(3),
    )

    def __init__(self, *args, besluit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._versie(besluit)
        if besluit is not None and not self.is_bound:
            self.initial.setdefault("tekst", besluit.tekst)


class _Keuze(forms.TypedChoiceField):
    """A choice by id from a list built once per form (no query per rendering)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)


def aan_tafel(overleg):
    """The ids of the organisations at the table: the meeting's standing participants and its invitees."""
    deelnemers = OverlegDeelnemer.objects.filter(overleg=overleg).values("organisatie_id")
    uitgenodigd = Uitnodiging.objects.filter(agendapunt__overleg=overleg).values("organisatie_id")
    return set(
        Organisatie.objects.filter(Q(pk__in=deelnemers) | Q(pk__in=uitgenodigd)).values_list("pk", flat=True))


def personen(organisatie_ids):
    """The people who can be responsible for an action, of the given organisations (active, and in a role that
    sees "Mijn acties")."""
    return (
        get_user_model().objects.filter(organisatie_id__in=organisatie_ids, is_active=True,
                                        rol__in=VERANTWOORDELIJKE_ROLLEN)
        .select_related("organisatie").order_by("organisatie__naam", "naam", "pk")
    )


class ActieForm(_Versie, Foutoverzicht, forms.Form):
    """A new action, or a change of one. When editing, the status can change too (as the action page allows the
    managing ketenregisseur)."""

    use_required_attribute = False

    versie = _versie_veld()
    omschrijving = Tekstveld(
        label=_("What"),
        max_length=OMSCHRIJVING_MAX,
        help_text=_("What is to be done, in one or two sentences. The responsible organisation reads it, also when it "
                    "cannot see the case."),
        error_messages={"required": _("Describe the action."), "max_length": _("The description is too long.")},
        widget=_textarea(2),
    )
    soort = forms.ChoiceField(
        label=_("Type of intervention"),
        choices=[("", _("— choose —")), *((waarde, capfirst(label)) for waarde, label in ActieSoort.choices)],
        error_messages={"required": _("Choose the type of intervention."),
                        "invalid_choice": _("Choose the type of intervention from the list.")},
        widget=_select(),
    )
    organisatie = _Keuze(
        label=_("Responsible organisation"),
        error_messages={"required": _("Choose the responsible organisation."),
                        "invalid_choice": _("Choose an organisation from the list.")},
        widget=_select(),
    )
    verantwoordelijke = _Keuze(
        label=_("Responsible person"),
        required=False,
        help_text=_("Someone of the responsible organisation. Without a person, reminders go to the organisation's "
                    "contact at the table."),
        error_messages={"invalid_choice": _("Choose a person from the list, or no one.")},
        widget=_select(),
    )
    deadline = forms.DateField(
        label=_("Due date"),
        error_messages={"required": _("Give the due date."), "invalid": _("Give the due date as a date, like 31-12-2026.")},
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date",
                                                        "class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        error_messages={"required": _("Choose the status."), "invalid_choice": _("Choose a status from the list.")},
        widget=_select(),
    )
    reden = Tekstveld(
        label=_("Reason for dropping"),
        required=False,
        max_length=REDEN_MAX,
        help_text=_("Only when the action is dropped, and then required."),
        error_messages={"max_length": _("The reason is too long.")},
        widget=_textarea(2),
    )

    def __init__(self, *args, overleg, actie=None, statussen=(), alleen_organisatie=None, **kwargs):
        """``statussen``: the statuses the user may give ``actie`` now (without its current one);
        ``alleen_organisatie``: list only that organisation's people (the refresh after choosing an organisation)."""
        super().__init__(*args, **kwargs)
        self._versie(actie)
        if actie is None:
            del self.fields["status"]
            del self.fields["reden"]
        else:
            if not self.is_bound:
                for veld in ("omschrijving", "soort", "deadline"):
                    self.initial.setdefault(veld, getattr(actie, veld))
                self.initial.setdefault("organisatie", actie.organisatie_id)
                self.initial.setdefault("verantwoordelijke", actie.verantwoordelijke_id)
                self.initial.setdefault("status", actie.status)
            self.fields["status"].choices = [(actie.status, capfirst(ActieStatus(actie.status).label))] + [
                (status, capfirst(ActieStatus(status).label)) for status in statussen if status != actie.status]
        self.actie = actie
        organisaties = list(Organisatie.objects.exclude(soort=OrganisatieSoort.FUNCTIONEEL_BEHEER).order_by("naam"))
        self._organisaties = {o.pk: o for o in organisaties}
        tafel = aan_tafel(overleg)
        aan = [(o.pk, o.naam) for o in organisaties if o.pk in tafel]
        overig = [(o.pk, o.naam) for o in organisaties if o.pk not in tafel]
        keuzes = [("", _("— choose —"))]
        if aan:
            keuzes.append((_("At the table"), aan))
        if overig:
            keuzes.append((_("Other organisations") if aan else _("Organisations"), overig))
        self.fields["organisatie"].choices = keuzes
        gekozen = self._gekozen_organisatie()
        if alleen_organisatie in self._organisaties:
            ids = {alleen_organisatie}
        else:
            ids = tafel | ({gekozen} if gekozen else set())
        mensen = list(personen(ids))
        self._personen = {p.pk: p for p in mensen}
        groepen = {}
        for persoon in mensen:
            groepen.setdefault(persoon.organisatie.naam, []).append((persoon.pk, persoon.naam))
        self.fields["verantwoordelijke"].choices = [("", _("— no one in particular —")), *groepen.items()]

    def _gekozen_organisatie(self):
        waarde = self.data.get(self.add_prefix("organisatie")) if self.is_bound else self.initial.get("organisatie")
        try:
            waarde = int(waarde)
        except (TypeError, ValueError):
            return None
        return waarde if waarde in self._organisaties else None

    def clean_organisatie(self):
        pk = self.cleaned_data.get("organisatie")
        return self._organisaties.get(pk) if pk is not None else None

    def clean_verantwoordelijke(self):
        pk = self.cleaned_data.get("verantwoordelijke")
        return self._personen.get(pk) if pk is not None else None

    def clean(self):
        data = super().clean()
        if "status" in self.fields and data.get("status") == ActieStatus.VERVALLEN and not data.get("reden") \
                and self.actie is not None and self.actie.status != ActieStatus.VERVALLEN:
            self.add_error("reden", _("Give the reason for dropping the action."))
        return data

    def velden(self):
        """The arguments of ``services.verslag.add_actie`` / ``update_actie``."""
        return {veld: self.cleaned_data[veld] for veld in
                ("omschrijving", "soort", "organisatie", "verantwoordelijke", "deadline")}
