"""The meetings of the tables: the list, scheduling one meeting or a year at once, the meeting page, changing,
cancelling, the presentielijst and the .ics download.

Every view starts from ``selectors.overleggen_visible_for``: a meeting the user may not see answers 404 on every URL;
who sees it but may not manage it (``may_manage_overleg``: the ketenregisseur of the table) gets 403 on the manage
pages. Reads, downloads and lists are written to the audit log; changes are audited by the services.

Who sees what on the meeting page (need to know):
- the managing ketenregisseur: everything, with the person or mailbox that takes part for each organisation;
- the chair and the standing participants: the participating and invited organisations, not the persons;
- an organisation invited for one item: the standing participants' organisations and its own invitation only;
- a portefeuillehouder who does not chair: the meeting's date, place, status and purpose, and the general agenda
  items (the agenda section decides), no participants at all.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.rollen import Rol
from tafels.models import Tafel

from .. import berichten, selectors
from ..forms.overleggen import (
    STANDAARD_DOEL,
    WANNEER_ALLE,
    WANNEER_GEWEEST,
    WANNEER_KOMEND,
    AnnulerenForm,
    JaarplanningForm,
    OverlegFilterForm,
    OverlegForm,
    PresentieForm,
    TafelKeuzeForm,
    jaarplanning_initial,
    moment,
    nieuw_initial,
    overleg_initial,
)
from ..models import Overleg, OverlegDeelnemer, OverlegStatus, Uitnodiging
from ..services import overleggen as services
from .agenda import agenda_context
from .besluitenlijst import besluitenlijst_context

PER_PAGINA = 25
LIJST_ROLLEN = (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER, Rol.PORTEFEUILLEHOUDER)

# Errors of the service named after a model field, shown at the form field that holds it.
_VELD_VAN = {"begint": "datum", "eindigt": "eindtijd", "duur_minuten": "duur_minuten"}


def _overleg_or_404(request, pk):
    queryset = selectors.overleggen_visible_for(request.user).select_related("tafel__district",
                                                                              "voorzitter__organisatie")
    return get_object_or_404(queryset, pk=pk)


def _beheerd_or_403(request, pk):
    overleg = _overleg_or_404(request, pk)
    if not selectors.may_manage_overleg(request.user, overleg):
        raise PermissionDenied
    return overleg


def _detail_url(overleg):
    return reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})


def _service_fouten(form, error):
    """Put a ValidationError of a service on the form: per field where it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for veld, fouten in error.error_dict.items():
            naam = _VELD_VAN.get(veld, veld)
            form.add_error(naam if naam in form.fields else None, fouten)
    else:
        form.add_error(None, error)


# --- the list --------------------------------------------------------------------------------------------


def _gesorteerd(rows, wanneer):
    nu = timezone.now()
    if wanneer == WANNEER_KOMEND:
        return rows.filter(eindigt__gte=nu).order_by("begint", "pk")
    if wanneer == WANNEER_GEWEEST:
        return rows.filter(eindigt__lt=nu).order_by("-begint", "-pk")
    # All: the upcoming ones first (soonest first), then the past ones (latest first).
    return rows.annotate(
        geweest=Case(When(eindigt__lt=nu, then=Value(1)), default=Value(0), output_field=IntegerField()),
        komend_begint=Case(When(eindigt__gte=nu, then=F("begint"))),
    ).order_by("geweest", F("komend_begint").asc(nulls_last=True), "-begint", "-pk")


@require_safe
def overleg_list(request):
    user = request.user
    if getattr(user, "rol", None) not in LIJST_ROLLEN:
        raise Http404
    zichtbaar = selectors.overleggen_visible_for(user)
    tafels = Tafel.objects.filter(pk__in=zichtbaar.values("tafel_id")).order_by("naam")
    form = OverlegFilterForm(request.GET, tafels=tafels)
    geldig = form.is_valid()
    wanneer = (form.cleaned_data.get("wanneer") if geldig else "") or WANNEER_KOMEND
    tafel = form.cleaned_data.get("tafel") if geldig else None
    rows = zichtbaar.select_related("tafel")
    if tafel is not None:
        rows = rows.filter(tafel=tafel)
    rows = _gesorteerd(rows, wanneer) if geldig else rows.none()
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    query = QueryDict(mutable=True)
    for name in ("wanneer", "tafel"):
        if request.GET.get(name):
            query[name] = request.GET[name]
    audit.log(user, AuditActie.LIST, Overleg, filters=request.GET)
    return render(request, "casusoverleg/overleg_list.html", {
        "form": form,
        "geldig": geldig,
        "wanneer": wanneer,
        "tafel": tafel,
        "overleggen": page.object_list,
        "page_obj": page,
        "paginator": paginator,
        "page_query": query,
        "gefilterd": tafel is not None or wanneer != WANNEER_KOMEND,
        "mag_plannen": selectors.beheerde_tafels(user).exists(),
        "WANNEER_ALLE": WANNEER_ALLE,
        "WANNEER_GEWEEST": WANNEER_GEWEEST,
    })


# --- scheduling --------------------------------------------------------------------------------------------


def _gekozen_tafel(request):
    """The managed table the form is for: ``?tafel=<pk>`` (or the posted one), or the only one the user manages.
    None: the user chooses first. 403 for a user who manages no table at all."""
    beheerd = selectors.beheerde_tafels(request.user)
    tafels = list(beheerd[:2])
    if not tafels:
        raise PermissionDenied
    keuze = request.POST.get("tafel") or request.GET.get("tafel")
    if keuze:
        return beheerd.select_related("voorzitter").filter(pk=keuze).first() if str(keuze).isdigit() else None
    return tafels[0] if len(tafels) == 1 else None


def _tafel_kiezen(request, *, titel, actie_url):
    form = TafelKeuzeForm(request.GET if "tafel" in request.GET else None, user=request.user)
    if form.is_bound:
        form.is_valid()
    return render(request, "casusoverleg/overleg_tafel_kiezen.html",
                  {"form": form, "titel": titel, "actie_url": actie_url})


def _standaard_doel(tafel):
    return selectors.laatste_doel(tafel) or str(STANDAARD_DOEL)


@require_http_methods(["GET", "POST"])
def overleg_nieuw(request):
    tafel = _gekozen_tafel(request)
    if tafel is None:
        return _tafel_kiezen(request, titel=_("Schedule a meeting"), actie_url=reverse("casusoverleg:overleg_nieuw"))
    if request.method == "POST":
        form = OverlegForm(request.POST, tafel=tafel, nieuw=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                overleg = services.schedule(
                    tafel, request.user, begint=data["begint"], eindigt=data["eindigt"], locatie=data["locatie"],
                    online_link=data["online_link"], voorzitter=data["voorzitter"], doel=data["doel"],
                    deelnemers=list(data["deelnemers"]),
                )
            except ValidationError as error:
                _service_fouten(form, error)
            else:
                messages.success(request, _("The meeting has been scheduled. The participants get an invitation by "
                                            "e-mail, with a calendar file."))
                return redirect(_detail_url(overleg))
    else:
        form = OverlegForm(initial=nieuw_initial(tafel, _standaard_doel(tafel)), tafel=tafel, nieuw=True)
    return render(request, "casusoverleg/overleg_form.html", {
        "form": form,
        "tafel": tafel,
        "overleg": None,
        "actie_url": f"{reverse('casusoverleg:overleg_nieuw')}?tafel={tafel.pk}",
        "meer_tafels": selectors.beheerde_tafels(request.user).count() > 1,
    })


@require_http_methods(["GET", "POST"])
def jaarplanning(request):
    tafel = _gekozen_tafel(request)
    if tafel is None:
        return _tafel_kiezen(request, titel=_("Plan the year's meetings"), actie_url=reverse("casusoverleg:jaarplanning"))
    voorbeeld = None
    if request.method == "POST":
        form = JaarplanningForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("actie") == "plannen":
                try:
                    overleggen = services.plan_year(
                        tafel, request.user, jaar=data["jaar"], eerste=data["eerste"], tijd=data["begintijd"],
                        duur_minuten=data["duur_minuten"], locatie=data["locatie"], online_link=data["online_link"],
                        doel=data["doel"],
                    )
                except ValidationError as error:
                    _service_fouten(form, error)
                else:
                    messages.success(request, ngettext(
                        "%(count)s meeting has been scheduled. The participants get an invitation by e-mail.",
                        "%(count)s meetings have been scheduled. The participants get an invitation by e-mail.",
                        len(overleggen),
                    ) % {"count": len(overleggen)})
                    return redirect(f"{reverse('casusoverleg:overleggen')}?tafel={tafel.pk}")
            if form.is_valid():
                voorbeeld = [
                    {"begint": moment(dag, data["begintijd"]), "verschoven": dag != gepland}
                    for dag, gepland in _voorbeeld_dagen(data["eerste"], tafel.vergaderingen_per_jaar)
                ]
    else:
        form = JaarplanningForm(initial=jaarplanning_initial(_standaard_doel(tafel)))
    jaar = form.cleaned_data.get("jaar") if form.is_bound and hasattr(form, "cleaned_data") else None
    jaar = jaar or form.initial.get("jaar") or timezone.localdate().year
    return render(request, "casusoverleg/overleg_jaarplanning.html", {
        "form": form,
        "tafel": tafel,
        "jaar": jaar,
        "bestaand": list(selectors.overleggen_van_tafel_in_jaar(tafel, jaar)),
        "voorbeeld": voorbeeld,
        "actie_url": f"{reverse('casusoverleg:jaarplanning')}?tafel={tafel.pk}",
        "meer_tafels": selectors.beheerde_tafels(request.user).count() > 1,
    })


def _voorbeeld_dagen(eerste, per_jaar):
    """[(date of the meeting, the date the rhythm gave before a weekend moved it), ...] for the preview."""
    gepland = services.ritme(eerste, per_jaar)
    return list(zip(services.jaarplanning_data(eerste, per_jaar), gepland, strict=True))


# --- one meeting --------------------------------------------------------------------------------------------


def _uitgenodigde_organisaties(uitnodigingen):
    """[(organisation, [Uitnodiging, ...]), ...] by organisation name."""
    per_org = {}
    for uitnodiging in uitnodigingen:
        per_org.setdefault(uitnodiging.organisatie_id, (uitnodiging.organisatie, []))[1].append(uitnodiging)
    return sorted(per_org.values(), key=lambda item: item[0].naam)


@require_safe
def overleg_detail(request, pk):
    user = request.user
    overleg = _overleg_or_404(request, pk)
    beheert = selectors.may_manage_overleg(user, overleg)
    is_voorzitter = overleg.voorzitter_id == user.pk
    # A portefeuillehouder who does not chair sees the date, place and general items only.
    alleen_algemeen = user.rol == Rol.PORTEFEUILLEHOUDER and not is_voorzitter
    deelnemers, uitgenodigd, alle_uitnodigingen = [], [], None
    if not alleen_algemeen:
        deelnemers = list(
            OverlegDeelnemer.objects.filter(overleg=overleg).select_related("organisatie", "deelnemer")
            .order_by("organisatie__naam", "pk")
        )
        uitnodigingen = Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related(
            "organisatie", "deelnemer", "agendapunt").order_by("organisatie__naam", "agendapunt__volgorde", "pk")
        eigen_org_neemt_deel = any(d.organisatie_id == user.organisatie_id for d in deelnemers)
        if not (beheert or is_voorzitter or eigen_org_neemt_deel):
            # An organisation invited for one item learns of no other invitee (it would hint at other cases).
            uitnodigingen = uitnodigingen.filter(organisatie_id=user.organisatie_id)
        elif beheert:
            # The agenda shows them per item to who manages the meeting: read once for both.
            uitnodigingen = alle_uitnodigingen = list(uitnodigingen)
        uitgenodigd = _uitgenodigde_organisaties(uitnodigingen)
    vandaag = timezone.localdate()
    context = {
        # The one audit row of reading the meeting, with the cases on its agenda (agenda_context).
        **agenda_context(request, overleg, beheert=beheert, uitnodigingen=alle_uitnodigingen, lezen_loggen=True),
        **besluitenlijst_context(request, overleg, beheert=beheert),
        "overleg": overleg,
        "tafel": overleg.tafel,
        "beheert": beheert,
        "is_voorzitter": is_voorzitter,
        "alleen_algemeen": alleen_algemeen,
        "ziet_personen": beheert,
        "deelnemers": deelnemers,
        "uitgenodigd": uitgenodigd,
        "gehouden": overleg.status in (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD),
        "mag_bewerken": beheert and overleg.status not in services.AFGEROND,
        "mag_annuleren": beheert and overleg.status in services.TE_ANNULEREN,
        "mag_presentie": beheert and overleg.status in services.PRESENTIE_VANAF
        and vandaag >= timezone.localdate(overleg.begint),
    }
    return render(request, "casusoverleg/overleg_detail.html", context)


@require_http_methods(["GET", "POST"])
def overleg_bewerken(request, pk):
    overleg = _beheerd_or_403(request, pk)
    if overleg.status in services.AFGEROND:
        messages.error(request, _("A meeting that has been held or cancelled can no longer be changed."))
        return redirect(_detail_url(overleg))
    if request.method == "POST":
        form = OverlegForm(request.POST, tafel=overleg.tafel, nieuw=False)
        if form.is_valid():
            data = form.cleaned_data
            volgnummer = overleg.ics_volgnummer
            try:
                overleg = services.update(
                    overleg, request.user, begint=data["begint"], eindigt=data["eindigt"], locatie=data["locatie"],
                    online_link=data["online_link"], voorzitter=data["voorzitter"], doel=data["doel"],
                )
            except ValidationError as error:
                _service_fouten(form, error)
            else:
                if overleg.ics_volgnummer != volgnummer:
                    messages.success(request, _("The meeting has been changed. The participants get an update by "
                                                "e-mail, with a calendar file."))
                else:
                    messages.success(request, _("The meeting has been changed."))
                return redirect(_detail_url(overleg))
    else:
        form = OverlegForm(initial=overleg_initial(overleg), tafel=overleg.tafel, nieuw=False)
    return render(request, "casusoverleg/overleg_form.html", {
        "form": form,
        "tafel": overleg.tafel,
        "overleg": overleg,
        "actie_url": reverse("casusoverleg:overleg_bewerken", kwargs={"pk": overleg.pk}),
        "meer_tafels": False,
    })


@require_http_methods(["GET", "POST"])
def overleg_annuleren(request, pk):
    overleg = _beheerd_or_403(request, pk)
    if overleg.status not in services.TE_ANNULEREN:
        messages.error(request, _("Only a meeting that has not been held yet can be cancelled."))
        return redirect(_detail_url(overleg))
    form = AnnulerenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(overleg, request.user, form.cleaned_data["reden"])
        except ValidationError as error:
            _service_fouten(form, error)
        else:
            messages.success(request, _("The meeting has been cancelled. The participants get a cancellation by "
                                        "e-mail that removes it from their calendar."))
            return redirect(_detail_url(overleg))
    return render(request, "casusoverleg/overleg_annuleren.html", {"form": form, "overleg": overleg})


@require_http_methods(["GET", "POST"])
def overleg_presentie(request, pk):
    overleg = _beheerd_or_403(request, pk)
    if overleg.status not in services.PRESENTIE_VANAF:
        messages.error(request, _("The attendance of a cancelled meeting, or one whose decision list has been "
                                  "adopted, can no longer be recorded."))
        return redirect(_detail_url(overleg))
    if timezone.localdate() < timezone.localdate(overleg.begint):
        messages.error(request, _("Attendance can be recorded from the day of the meeting on."))
        return redirect(_detail_url(overleg))
    deelnemers = list(OverlegDeelnemer.objects.filter(overleg=overleg).select_related("organisatie", "deelnemer")
                      .order_by("organisatie__naam", "pk"))
    uitgenodigd = _uitgenodigde_organisaties(
        Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("organisatie")
    )
    if request.method == "POST":
        form = PresentieForm(request.POST, deelnemers=deelnemers, uitgenodigd=uitgenodigd)
        if form.is_valid():
            orgs = set(form.cleaned_data.get("uitgenodigd", []))
            uitnodiging_ids = [u.pk for org, rows in uitgenodigd if str(org.pk) in orgs for u in rows]
            was_gehouden = overleg.status == OverlegStatus.GEHOUDEN
            try:
                services.record_attendance(overleg, request.user, aanwezig_deelnemers=form.cleaned_data["deelnemers"],
                                           aanwezig_uitnodigingen=uitnodiging_ids)
            except ValidationError as error:
                _service_fouten(form, error)
            else:
                if was_gehouden:
                    messages.success(request, _("The attendance list has been corrected."))
                else:
                    messages.success(request, _("The attendance has been recorded and the meeting is marked as held."))
                return redirect(_detail_url(overleg))
    else:
        form = PresentieForm(
            initial={
                "deelnemers": [str(d.pk) for d in deelnemers if d.aanwezig],
                "uitgenodigd": [str(org.pk) for org, rows in uitgenodigd if any(u.aanwezig for u in rows)],
            },
            deelnemers=deelnemers, uitgenodigd=uitgenodigd,
        )
    return render(request, "casusoverleg/overleg_presentie.html", {
        "form": form, "overleg": overleg, "deelnemers": deelnemers, "uitgenodigd": uitgenodigd,
    })


@require_safe
def overleg_ics(request, pk):
    overleg = _overleg_or_404(request, pk)
    audit.log(request.user, AuditActie.DOWNLOAD, overleg, omschrijving="agenda-uitnodiging (.ics)")
    response = HttpResponse(berichten.ics(overleg, methode=berichten.PUBLISH),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{berichten.ics_bestandsnaam(overleg)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
