"""During the meeting: per agenda item the minutes, the decisions and the actions the managing ketenregisseur types
live — inline on the meeting page (htmx) and on full pages without JavaScript.

- ``verslag_context`` is called by ``views.agenda.agenda_context``: it loads the decisions and actions of all the
  items the reader sees in a fixed number of queries and says what the reader may do. Decisions and actions are
  shown to whoever sees their item; the minutes only to the ketenregisseurs who manage the table.
- Every other view is for the managing ketenregisseur only: an item, decision or action the user may not see answers
  404; one the user sees but may not record answers 403 (``selectors.may_manage_overleg``). Changes go through
  ``services.verslag`` (which audits them); the forms that show an item's text are audited here.

Each view answers an htmx request (header ``HX-Request``) with the fragment of the block it changes: the form, or
after saving the read view (focus back on its "Change" link, and a short confirmation in the item's status line).
Without htmx the same URL is a full page that redirects back to the meeting at the item's anchor after saving.
When someone else saved in the meantime (``services.versie.Conflict``) the form comes back with both versions: the
saved one, read-only, and the user's text with the new version number, so that saving again overwrites on purpose.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from .. import selectors
from ..forms.verslag import ActieForm, BesluitForm, NotitiesForm
from ..models import Actie, ActieSoort, ActieStatus, Besluit, OverlegStatus
from ..services import verslag as services
from ..services.versie import Conflict

# The meeting states in which the item's decisions and actions are shown on the meeting page.
TONEN = (OverlegStatus.AGENDA_DEFINITIEF, OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD)


# --- the meeting page -------------------------------------------------------------------------------------------


def verslag_context(request, overleg, punten, *, beheert):
    """For ``casusoverleg/_punt_verslag.html`` on the meeting page: gives every item in ``punten`` (the items the
    reader sees) ``verslag_besluiten`` and ``verslag_acties``; returns what the reader may do. Three queries at most,
    whatever the number of items. The actions agreed under an item are listed there, so the item's list of the
    case's open actions keeps those of earlier meetings only."""
    user = request.user
    verslag = {
        "toon": overleg.status in TONEN,
        "beheert": beheert,
        "bewerkbaar": beheert and services.is_bewerkbaar(overleg),
        "zichtbare_acties": set(),
    }
    for punt in punten:
        punt.verslag_besluiten, punt.verslag_acties = [], []
    if not verslag["toon"] or not punten:
        return verslag
    per_punt = {punt.pk: punt for punt in punten}
    for besluit in Besluit.objects.filter(agendapunt_id__in=per_punt).order_by("vastgelegd_op", "pk"):
        per_punt[besluit.agendapunt_id].verslag_besluiten.append(besluit)
    acties = list(Actie.objects.filter(agendapunt_id__in=per_punt).select_related("organisatie", "verantwoordelijke")
                  .order_by("aangemaakt", "pk"))
    for actie in acties:
        per_punt[actie.agendapunt_id].verslag_acties.append(actie)
    if acties:
        # Link to an action's own page only for who may open it there.
        verslag["zichtbare_acties"] = set(
            selectors.acties_visible_for(user, binnen=[a.pk for a in acties]).values_list("pk", flat=True))
    for punt in punten:
        if hasattr(punt, "open_acties"):
            punt.open_acties = [a for a in punt.open_acties if a.agendapunt_id != punt.pk]
            punt.verlopen_acties = [a for a in punt.open_acties if a.is_verlopen]
    return verslag


# --- lookups ------------------------------------------------------------------------------------------------------


def _punt_or_404(request, pk):
    queryset = selectors.agendapunten_visible_for(request.user).select_related("overleg__tafel", "casus")
    punt = get_object_or_404(queryset, pk=pk)
    if not selectors.may_manage_overleg(request.user, punt.overleg):
        raise PermissionDenied
    return punt


def _besluit_or_404(request, pk):
    queryset = selectors.besluiten_visible_for(request.user).select_related(
        "agendapunt__overleg__tafel", "agendapunt__casus")
    besluit = get_object_or_404(queryset, pk=pk)
    if not selectors.may_manage_overleg(request.user, besluit.agendapunt.overleg):
        raise PermissionDenied
    return besluit


def _actie_or_404(request, pk):
    """An action the user sees (``acties_visible_for``) — or, for the ketenregisseur who manages the table, one agreed
    in a meeting of that table, also on a general item (no case) — that was agreed under an agenda item."""
    user = request.user
    queryset = Actie.objects.filter(
        Q(pk__in=selectors.acties_visible_for(user).values("pk"))
        | Q(agendapunt__overleg__tafel__in=selectors.beheerde_tafels(user))
    ).select_related("agendapunt__overleg__tafel", "agendapunt__casus", "casus", "organisatie", "verantwoordelijke")
    actie = get_object_or_404(queryset, pk=pk)
    if actie.agendapunt_id is None:
        raise Http404
    if not selectors.may_manage_overleg(user, actie.agendapunt.overleg):
        raise PermissionDenied
    return actie


# --- shared -------------------------------------------------------------------------------------------------------


def _htmx(request):
    return bool(getattr(request, "htmx", False))


def _overleg_url(punt):
    return reverse("casusoverleg:overleg", kwargs={"pk": punt.overleg_id}) + f"#punt-{punt.pk}"


def _terug(request, punt, melding):
    """Back to the meeting with ``melding`` (the meeting's state changed, or the row is gone); htmx reloads the page."""
    messages.error(request, melding)
    if _htmx(request):
        return HttpResponseClientRedirect(_overleg_url(punt))
    return redirect(_overleg_url(punt))


def _niet_bewerkbaar(request, punt):
    if services.is_bewerkbaar(punt.overleg):
        return None
    if punt.overleg.status == OverlegStatus.GEPLAND:
        return _terug(request, punt, _("Minutes, decisions and actions are recorded once the agenda is final."))
    return _terug(request, punt, _("This meeting can no longer be changed: it has been cancelled or its decision list "
                                   "has been adopted."))


def _fout_van_service(request, punt, error, form):
    """A ValidationError of a service: the meeting's state or a removed row goes back to the meeting; anything else is
    shown in the form (per field where the service names the field)."""
    if getattr(error, "code", None) in ("overleg_status", "verwijderd"):
        return _terug(request, punt, " ".join(error.messages))
    if hasattr(error, "error_dict"):
        for veld, fouten in error.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, error)
    return None


def _verslag(request=None, acties=()):
    """What the managing ketenregisseur may do in an item's blocks (edit), and which of ``acties`` it may open on the
    action's own page."""
    zichtbaar = set()
    if request is not None and acties:
        zichtbaar = set(selectors.acties_visible_for(request.user, binnen=[a.pk for a in acties])
                        .values_list("pk", flat=True))
    return {"toon": True, "beheert": True, "bewerkbaar": True, "zichtbare_acties": zichtbaar}


def _antwoord(request, template, context, *, status=200, melding=""):
    """Render ``template``; for htmx with ``melding``, the item's status line is updated as well (out of band)."""
    response = render(request, template, context, status=status)
    if melding and _htmx(request):
        response.content += render_to_string("casusoverleg/verslag_deel_melding.html",
                                             {"punt": context["punt"], "melding": melding}, request=request).encode()
    patch_vary_headers(response, ("HX-Request",))
    return response


def _gelukt(request, template, context, melding):
    """After a save: the block's read view (htmx), or back to the meeting at the item (a full page)."""
    if _htmx(request):
        return _antwoord(request, template, {**context, "na_opslaan": True}, melding=melding)
    messages.success(request, melding)
    return redirect(_overleg_url(context["punt"]))


def _tijd():
    return timezone.localtime().strftime("%H:%M")


def _conflict(error, jouw):
    return {"melding": " ".join(error.messages), "huidig": error.huidig, "jouw": jouw}


def _pagina(request, punt, template, context, *, conflict=None):
    return _antwoord(request, template, {
        "punt": punt, "overleg": punt.overleg, "terug_url": _overleg_url(punt), "conflict": conflict, **context,
    }, status=409 if conflict else 200)


# --- the minutes --------------------------------------------------------------------------------------------------


def _toon_notities(request, punt, form, *, conflict=None):
    form.focus()
    if _htmx(request):
        return _antwoord(request, "casusoverleg/verslag_deel_notities.html", {
            "punt": punt, "verslag": _verslag(), "notities_form": form, "conflict": conflict})
    return _pagina(request, punt, "casusoverleg/verslag_notities.html", {"form": form}, conflict=conflict)


@require_http_methods(["GET", "POST"])
def notities(request, pk):
    punt = _punt_or_404(request, pk)
    if (terug := _niet_bewerkbaar(request, punt)) is not None:
        return terug
    prefix = f"notities-{punt.pk}"
    if request.method == "GET":
        if _htmx(request) and "annuleren" in request.GET:
            return _antwoord(request, "casusoverleg/verslag_deel_notities.html",
                             {"punt": punt, "verslag": _verslag(), "na_opslaan": True})
        audit.log(request.user, AuditActie.VIEW, punt, omschrijving=f"aantekeningen agendapunt {punt.pk}")
        return _toon_notities(request, punt, NotitiesForm(punt=punt, prefix=prefix))
    form = NotitiesForm(request.POST, punt=punt, prefix=prefix)
    conflict = None
    if form.is_valid():
        tekst = form.cleaned_data["notities"]
        try:
            punt = services.save_notities(punt, request.user, notities=tekst, versie=form.cleaned_data["versie"])
        except Conflict as error:
            punt = error.huidig
            conflict = _conflict(error, {"notities": tekst})
            form = NotitiesForm(punt=punt, prefix=prefix, initial={"versie": punt.versie, "notities": tekst})
        except ValidationError as error:
            if (terug := _fout_van_service(request, punt, error, form)) is not None:
                return terug
        else:
            return _gelukt(request, "casusoverleg/verslag_deel_notities.html", {"punt": punt, "verslag": _verslag()},
                           _("Minutes saved at %(tijd)s.") % {"tijd": _tijd()})
    return _toon_notities(request, punt, form, conflict=conflict)


# --- decisions ----------------------------------------------------------------------------------------------------


def _met_besluiten(punt):
    punt.verslag_besluiten = list(Besluit.objects.filter(agendapunt=punt).order_by("vastgelegd_op", "pk"))
    return punt


@require_http_methods(["GET", "POST"])
def besluit_toevoegen(request, pk):
    punt = _punt_or_404(request, pk)
    if (terug := _niet_bewerkbaar(request, punt)) is not None:
        return terug
    prefix = f"nieuw-besluit-{punt.pk}"
    if request.method == "GET":
        if _htmx(request) and "annuleren" in request.GET:
            return _antwoord(request, "casusoverleg/verslag_deel_besluit_nieuw.html",
                             {"punt": punt, "verslag": _verslag(), "na_opslaan": True})
        audit.log(request.user, AuditActie.VIEW, punt, omschrijving=f"besluit toevoegen agendapunt {punt.pk}")
        form = BesluitForm(prefix=prefix).focus()
        if _htmx(request):
            return _antwoord(request, "casusoverleg/verslag_deel_besluit_nieuw.html",
                             {"punt": punt, "verslag": _verslag(), "nieuw_form": form})
        return _pagina(request, punt, "casusoverleg/verslag_besluit.html", {"form": form})
    form = BesluitForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.add_besluit(punt, request.user, tekst=form.cleaned_data["tekst"])
        except ValidationError as error:
            if (terug := _fout_van_service(request, punt, error, form)) is not None:
                return terug
        else:
            return _gelukt(request, "casusoverleg/verslag_deel_besluiten.html",
                           {"punt": _met_besluiten(punt), "verslag": _verslag()},
                           _("Decision recorded at %(tijd)s.") % {"tijd": _tijd()})
    if _htmx(request):
        return _antwoord(request, "casusoverleg/verslag_deel_besluiten.html",
                         {"punt": _met_besluiten(punt), "verslag": _verslag(), "nieuw_form": form})
    return _pagina(request, punt, "casusoverleg/verslag_besluit.html", {"form": form})


def _toon_besluit(request, besluit, form, *, conflict=None):
    form.focus()
    punt = besluit.agendapunt
    if _htmx(request):
        return _antwoord(request, "casusoverleg/verslag_deel_besluit.html", {
            "punt": punt, "verslag": _verslag(), "besluit": besluit, "besluit_form": form, "conflict": conflict})
    return _pagina(request, punt, "casusoverleg/verslag_besluit.html", {"form": form, "besluit": besluit},
                   conflict=conflict)


@require_http_methods(["GET", "POST"])
def besluit_bewerken(request, pk):
    besluit = _besluit_or_404(request, pk)
    punt = besluit.agendapunt
    if (terug := _niet_bewerkbaar(request, punt)) is not None:
        return terug
    prefix = f"besluit-{besluit.pk}"
    if request.method == "GET":
        if _htmx(request) and "annuleren" in request.GET:
            return _antwoord(request, "casusoverleg/verslag_deel_besluit.html",
                             {"punt": punt, "verslag": _verslag(), "besluit": besluit, "na_opslaan": True})
        audit.log(request.user, AuditActie.VIEW, besluit, omschrijving=f"besluit {besluit.pk} wijzigen")
        return _toon_besluit(request, besluit, BesluitForm(besluit=besluit, prefix=prefix))
    form = BesluitForm(request.POST, besluit=besluit, prefix=prefix)
    conflict = None
    if form.is_valid():
        tekst = form.cleaned_data["tekst"]
        try:
            besluit = services.update_besluit(besluit, request.user, tekst=tekst, versie=form.cleaned_data["versie"])
        except Conflict as error:
            besluit = error.huidig
            conflict = _conflict(error, {"tekst": tekst})
            form = BesluitForm(besluit=besluit, prefix=prefix, initial={"versie": besluit.versie, "tekst": tekst})
        except ValidationError as error:
            if (terug := _fout_van_service(request, punt, error, form)) is not None:
                return terug
        else:
            return _gelukt(request, "casusoverleg/verslag_deel_besluit.html",
                           {"punt": punt, "verslag": _verslag(), "besluit": besluit},
                           _("Decision saved at %(tijd)s.") % {"tijd": _tijd()})
    return _toon_besluit(request, besluit, form, conflict=conflict)


@require_POST
def besluit_verwijderen(request, pk):
    """Remove a decision. The button sits in the decision's form, so the version (and the text, kept should the
    removal be refused) come along."""
    besluit = _besluit_or_404(request, pk)
    punt = besluit.agendapunt
    if (terug := _niet_bewerkbaar(request, punt)) is not None:
        return terug
    prefix = f"besluit-{besluit.pk}"
    try:
        versie = int(request.POST.get(f"{prefix}-versie", ""))
    except ValueError:
        versie = None
    try:
        services.delete_besluit(besluit, request.user, versie=versie)
    except Conflict as error:
        besluit = error.huidig
        tekst = request.POST.get(f"{prefix}-tekst", "").strip() or besluit.tekst
        form = BesluitForm(besluit=besluit, prefix=prefix, initial={"versie": besluit.versie, "tekst": tekst})
        return _toon_besluit(request, besluit, form, conflict=_conflict(error, {"tekst": tekst, "verwijderen": True}))
    except ValidationError as error:
        return _terug(request, punt, " ".join(error.messages))
    return _gelukt(request, "casusoverleg/verslag_deel_besluiten.html",
                   {"punt": _met_besluiten(punt), "verslag": _verslag()},
                   _("Decision removed at %(tijd)s.") % {"tijd": _tijd()})


# --- actions ------------------------------------------------------------------------------------------------------


def _met_acties(punt):
    punt.verslag_acties = list(Actie.objects.filter(agendapunt=punt).select_related("organisatie", "verantwoordelijke")
                               .order_by("aangemaakt", "pk"))
    return punt


def _prefix(punt, actie):
    return f"actie-{actie.pk}" if actie else f"nieuw-actie-{punt.pk}"


def _actie_form(request, punt, *, actie=None, data=None, initial=None, alleen_organisatie=None):
    statussen = ()
    if actie is not None:
        from ..services.acties import mogelijke_statussen

        statussen = mogelijke_statussen(request.user, actie)
    url = (reverse("casusoverleg:actie_bewerken", kwargs={"pk": actie.pk}) if actie
           else reverse("casusoverleg:actie_toevoegen", kwargs={"pk": punt.pk}))
    prefix = _prefix(punt, actie)
    form = ActieForm(data, overleg=punt.overleg, actie=actie, statussen=statussen, prefix=prefix, initial=initial,
                     alleen_organisatie=alleen_organisatie)
    # Choosing an organisation refreshes the list of its people (htmx); without JavaScript the list shows the people
    # of the organisations at the table and of the organisation chosen.
    form.fields["organisatie"].widget.attrs.update({
        "hx-get": f"{url}?personen=1", "hx-trigger": "change", "hx-target": f"#{prefix}-personen",
        "hx-swap": "innerHTML", "hx-sync": "this:replace",
    })
    return form


def _personen(request, punt, actie=None):
    """The person field of the action form, for the organisation just chosen (htmx)."""
    try:
        organisatie = int(request.GET.get(f"{_prefix(punt, actie)}-organisatie", ""))
    except ValueError:
        organisatie = None
    form = _actie_form(request, punt, actie=actie, initial={"organisatie": organisatie},
                       alleen_organisatie=organisatie)
    return _antwoord(request, "casusoverleg/verslag_deel_personen.html", {"form": form})


@require_http_methods(["GET", "POST"])
def actie_toevoegen(request, pk):
    punt = _punt_or_404(request, pk)
    if (terug := _niet_bewerkbaar(request, punt)) is not None:
        return terug
    if request.method == "GET":
        if _htmx(request) and "personen" in request.GET:
            return _personen(request, punt)
        if _htmx(request) and "annuleren" in request.GET:
            return _antwoord(request, "casusoverleg/verslag_deel_actie_nieuw.html",
                             {"punt": punt, "verslag": _verslag(), "na_opslaan": True})
        audit.log(request.user, AuditActie.VIEW, punt, omschrijving=f"actie toevoegen agendapunt {punt.pk}")
        form = _actie_form(request, punt).focus()
        if _htmx(request):
            return _antwoord(request, "casusoverleg/verslag_deel_actie_nieuw.html",
                             {"punt": punt, "verslag": _verslag(), "nieuw_form": form})
        return _pagina(request, punt, "casusoverleg/verslag_actie.html", {"form": form})
    form = _actie_form(request, punt, data=request.POST)
    if form.is_valid():
        try:
            services.add_actie(punt, request.user, **form.velden())
        except ValidationError as error:
            if (terug := _fout_van_service(request, punt, error, form)) is not None:
                return terug
        else:
            _met_acties(punt)
            return _gelukt(request, "casusoverleg/verslag_deel_acties.html",
                           {"punt": punt, "verslag": _verslag(request, punt.verslag_acties)},
                           _("Action recorded at %(tijd)s.") % {"tijd": _tijd()})
    if _htmx(request):
        _met_acties(punt)
        return _antwoord(request, "casusoverleg/verslag_deel_acties.html",
                         {"punt": punt, "verslag": _verslag(request, punt.verslag_acties), "nieuw_form": form})
    return _pagina(request, punt, "casusoverleg/verslag_actie.html", {"form": form})


def _toon_actie(request, actie, form, *, conflict=None):
    form.focus()
    punt = actie.agendapunt
    if _htmx(request):
        return _antwoord(request, "casusoverleg/verslag_deel_actie.html", {
            "punt": punt, "verslag": _verslag(request, [actie]), "actie": actie, "actie_form": form,
            "conflict": conflict})
    return _pagina(request, punt, "casusoverleg/verslag_actie.html", {"form": form, "actie": actie},
                   conflict=conflict)


def _opnieuw_geladen(actie):
    return Actie.objects.select_related(
        "agendapunt__overleg__tafel", "agendapunt__casus", "casus", "organisatie", "verantwoordelijke").get(pk=actie.pk)


def _jouw_actie(form):
    """What the user typed, to show next to the saved version and to put back in the form."""
    data = form.cleaned_data
    return {
        "omschrijving": data["omschrijving"], "soort": data["soort"], "soort_label": ActieSoort(data["soort"]).label,
        "organisatie": data["organisatie"], "verantwoordelijke": data["verantwoordelijke"],
        "deadline": data["deadline"], "status": data["status"], "status_label": ActieStatus(data["status"]).label,
        "reden": data.get("reden", ""),
    }


@require_http_methods(["GET", "POST"])
def actie_bewerken(request, pk):
    actie = _actie_or_404(request, pk)
    punt = actie.agendapunt
    if (terug := _niet_bewerkbaar(request, punt)) is not None:
        return terug
    if request.method == "GET":
        if _htmx(request) and "personen" in request.GET:
            return _personen(request, punt, actie)
        if _htmx(request) and "annuleren" in request.GET:
            return _antwoord(request, "casusoverleg/verslag_deel_actie.html",
                             {"punt": punt, "verslag": _verslag(request, [actie]), "actie": actie, "na_opslaan": True})
        audit.log(request.user, AuditActie.VIEW, actie, omschrijving=f"actie {actie.pk} wijzigen")
        return _toon_actie(request, actie, _actie_form(request, punt, actie=actie))
    form = _actie_form(request, punt, actie=actie, data=request.POST)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                bijgewerkt = services.update_actie(actie, request.user, versie=data["versie"], **form.velden())
                if data["status"] != bijgewerkt.status:
                    from ..services.acties import change_status

                    # The version was checked under the row lock just taken; the status change raises it once more.
                    change_status(bijgewerkt, request.user, data["status"], reden=data.get("reden", ""))
        except Conflict as error:
            actie = _opnieuw_geladen(error.huidig)
            jouw = _jouw_actie(form)
            conflict = {**_conflict(error, jouw), "huidig": actie}
            form = _actie_form(request, punt, actie=actie, initial={
                "versie": actie.versie, "omschrijving": jouw["omschrijving"], "soort": jouw["soort"],
                "organisatie": jouw["organisatie"].pk, "deadline": jouw["deadline"], "reden": jouw["reden"],
                "verantwoordelijke": jouw["verantwoordelijke"].pk if jouw["verantwoordelijke"] else None,
                "status": jouw["status"],
            })
        except ValidationError as error:
            if getattr(error, "code", None) == "reden":
                form.add_error("reden", error)
            elif (terug := _fout_van_service(request, punt, error, form)) is not None:
                return terug
        else:
            actie = _opnieuw_geladen(actie)
            return _gelukt(request, "casusoverleg/verslag_deel_actie.html",
                           {"punt": punt, "verslag": _verslag(request, [actie]), "actie": actie},
                           _("Action saved at %(tijd)s.") % {"tijd": _tijd()})
    return _toon_actie(request, actie, form, conflict=conflict)
