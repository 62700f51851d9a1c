"""The action pages after the meeting: "Mijn acties", one action with its feedback, and "Actiebewaking" for the
ketenregisseur (with its CSV export); the download of an attachment.

Every view starts from a selector (``acties_visible_for`` and the selectors built on it): an action the user may not
see answers 404; a user who sees it but may not change it (a participant of the meeting) gets 403 on the POSTs.
A responsible organisation that does not see the action's case sees the action with its text and due date but never
the case: a case code (and link) is shown only for cases in ``casussen_visible_for`` (``zichtbare_casussen``).
Changes go through ``services.acties`` (which audits them); reads, lists, exports and downloads are audited here.
"""
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.beschermd import download
from mensenhandel.core.csv_export import CsvExport
from mensenhandel.core.rollen import Rol
from partners.models import Organisatie

from .. import selectors
from ..filters_acties import ActieFilter, Termijn
from ..forms.acties import ActieStatusForm, MijnActiesForm, TerugkoppelForm
from ..models import Actie, ActieSoort, ActieStatus
from ..services import acties as services
from ..services.versie import Conflict

logger = logging.getLogger(__name__)

PER_PAGINA = 25

# Roles that can hold actions: Mijn acties answers 404 to the others (a portefeuillehouder, a beheerder).
ROLLEN_MET_ACTIES = (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER)


def _detail_url(actie, anker=""):
    return reverse("casusoverleg:actie", kwargs={"pk": actie.pk}) + (f"#{anker}" if anker else "")


def _actie_or_404(request, pk):
    return get_object_or_404(
        selectors.acties_visible_for(request.user).select_related("organisatie", "verantwoordelijke"), pk=pk
    )


def _met_casus(user, acties):
    """Give each action ``zichtbare_casus``: its case when the user may see it, else None (one query)."""
    casussen = selectors.zichtbare_casussen(user, [actie.casus_id for actie in acties])
    for actie in acties:
        actie.zichtbare_casus = casussen.get(actie.casus_id)
    return acties


def _page(request, rows):
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    return paginator, page


# --- Mijn acties ------------------------------------------------------------------------------------------------


def mijn_acties(request):
    """The actions of the user's organisation: assigned to the user first, then overdue, then by due date."""
    user = request.user
    if getattr(user, "rol", None) not in ROLLEN_MET_ACTIES:
        raise Http404
    keuze = MijnActiesForm(request.GET).keuze()
    alle = selectors.mijn_acties_for(user)
    rows = alle
    if keuze == MijnActiesForm.OPEN:
        rows = rows.filter(selectors.actie_open_q())
    elif keuze == MijnActiesForm.AFGEROND:
        rows = rows.exclude(selectors.actie_open_q())
    paginator, page = _page(request, rows.select_related("organisatie", "verantwoordelijke"))
    _met_casus(user, page.object_list)
    vandaag = timezone.localdate()
    aantallen = alle.aggregate(open=Count("pk", filter=selectors.actie_open_q()),
                               verlopen=Count("pk", filter=selectors.actie_verlopen_q(vandaag)))
    query = QueryDict(mutable=True)
    if keuze != MijnActiesForm.OPEN:
        query["status"] = keuze
    audit.log(user, AuditActie.LIST, Actie, filters=request.GET)
    return render(request, "casusoverleg/acties_mijn.html", {
        "form": MijnActiesForm({"status": keuze}),
        "keuze": keuze,
        "acties": page.object_list,
        "page_obj": page,
        "paginator": paginator,
        "page_query": query,
        "aantal_open": aantallen["open"],
        "aantal_verlopen": aantallen["verlopen"],
    })


# --- one action -------------------------------------------------------------------------------------------------


def _render_detail(request, actie, *, terugkoppel_form=None, status_form=None, conflict=None, status=200):
    user = request.user
    audit.log(user, AuditActie.VIEW, actie)
    beheer = selectors.may_manage_actie(user, actie)
    verantwoordelijk = selectors.is_verantwoordelijk(user, actie)
    keuzes = services.mogelijke_statussen(user, actie)
    mag_terugkoppelen = (beheer or verantwoordelijk) and actie.status != ActieStatus.VERVALLEN
    if mag_terugkoppelen:
        terugkoppel_form = terugkoppel_form or TerugkoppelForm(actie=actie, prefix="tk")
    else:
        terugkoppel_form = None
    if keuzes or (status_form is not None and status_form.is_bound):
        status_form = status_form or ActieStatusForm(actie=actie, keuzes=keuzes, prefix="status")
    else:
        status_form = None
    fouten = []
    for form in (terugkoppel_form, status_form):
        if form is not None and form.is_bound:
            fouten += form.foutoverzicht()
    casus = selectors.zichtbare_casussen(user, [actie.casus_id]).get(actie.casus_id)
    overleg = selectors.actie_overleg_for(user, actie)
    return render(request, "casusoverleg/actie_detail.html", {
        "actie": actie,
        "casus": casus,
        "overleg": overleg,
        "bijlagen": list(selectors.bijlagen_van_actie(user, actie).select_related("geupload_door")),
        "beheer": beheer,
        "verantwoordelijk": verantwoordelijk,
        "terugkoppel_form": terugkoppel_form,
        "status_form": status_form,
        "bewerk_url": reverse("casusoverleg:actie_bewerken", kwargs={"pk": actie.pk})
        if beheer and actie.agendapunt_id and actie.is_open else None,
        "max_bijlagen": services.MAX_BIJLAGEN,
        "conflict": conflict,
        "fouten": fouten,
    }, status=status)


def actie_detail(request, pk):
    return _render_detail(request, _actie_or_404(request, pk))


def _conflict(request, pk, error, soort, jouw):
    """Someone else saved the action meanwhile: the action as it is now, and what the user sent (kept in the form)."""
    huidig = _actie_or_404(request, pk)
    return huidig, {"soort": soort, "melding": " ".join(error.messages), "huidig": huidig, "jouw": jouw}


@require_POST
def terugkoppelen(request, pk):
    user = request.user
    actie = _actie_or_404(request, pk)
    if not selectors.may_report_back(user, actie):
        raise PermissionDenied
    form = TerugkoppelForm(request.POST, request.FILES, actie=actie, prefix="tk")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actie = services.report_back(actie, user, terugkoppeling=data["terugkoppeling"], bijlage=data["bijlage"],
                                         gereed=data.get("gereed", False), versie=data["versie"])
        except Conflict as error:
            huidig, conflict = _conflict(request, pk, error, "terugkoppeling", {
                "terugkoppeling": data["terugkoppeling"], "gereed": data.get("gereed", False),
                "bijlage": data["bijlage"].name if data["bijlage"] else "",
            })
            nieuw = TerugkoppelForm(actie=huidig, prefix="tk", initial={
                "versie": huidig.versie, "terugkoppeling": data["terugkoppeling"], "gereed": data.get("gereed", False)})
            return _render_detail(request, huidig, terugkoppel_form=nieuw, conflict=conflict, status=409)
        except ValidationError as error:
            form.add_error("bijlage" if getattr(error, "code", None) == "bijlage" else None, error)
        else:
            if actie.status == ActieStatus.GEREED and data.get("gereed"):
                messages.success(request, _("Your feedback has been saved and the action is marked as done."))
            else:
                messages.success(request, _("Your feedback has been saved."))
            return redirect(_detail_url(actie))
    return _render_detail(request, actie, terugkoppel_form=form)


@require_POST
def status(request, pk):
    user = request.user
    actie = _actie_or_404(request, pk)
    if not selectors.may_report_back(user, actie):
        raise PermissionDenied
    keuzes = services.mogelijke_statussen(user, actie)
    gevraagd = request.POST.get("status-naar", "")
    if gevraagd in services.TRANSITIONS.get(actie.status, ()) and gevraagd not in keuzes:
        raise PermissionDenied  # e.g. the responsible organisation trying to drop or re-open an action
    form = ActieStatusForm(request.POST, actie=actie, keuzes=keuzes, prefix="status")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actie = services.change_status(actie, user, data["naar"], reden=data.get("reden", ""),
                                           versie=data["versie"])
        except Conflict as error:
            huidig, conflict = _conflict(request, pk, error, "status", {
                "naar": ActieStatus(data["naar"]).label, "reden": data.get("reden", "")})
            nieuw = ActieStatusForm(actie=huidig, keuzes=services.mogelijke_statussen(user, huidig), prefix="status",
                                    initial={"versie": huidig.versie, "naar": data["naar"],
                                             "reden": data.get("reden", "")})
            return _render_detail(request, huidig, status_form=nieuw, conflict=conflict, status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action is now '%(status)s'.") % {"status": actie.get_status_display()})
            return redirect(_detail_url(actie))
    return _render_detail(request, actie, status_form=form)


@require_safe
def bijlage(request, pk):
    rij = get_object_or_404(selectors.actiebijlagen_visible_for(request.user), pk=pk)
    try:
        bestand = services.open(rij)
    except (FileNotFoundError, ValueError):
        logger.error("The file of action attachment %s is missing", rij.pk)
        raise Http404 from None
    audit.log(request.user, AuditActie.DOWNLOAD, rij, omschrijving=f"bijlage bij actie {rij.actie_id}")
    return download(bestand, content_type=rij.content_type, naam=rij.bestandsnaam, grootte=rij.grootte)


# --- Actiebewaking ----------------------------------------------------------------------------------------------


def _bewaking_filter(request, *, overzicht=False):
    """The filter of Actiebewaking, bound to the request, over the actions the ketenregisseur may see."""
    user = request.user
    if getattr(user, "rol", None) != Rol.KETENREGISSEUR:
        raise Http404
    base = selectors.bewaakte_acties(user)
    filterset = ActieFilter(request.GET, queryset=base, request=request, overzicht=overzicht)
    geldig = filterset.is_valid()
    rows = filterset.qs if geldig else base.none()
    return filterset, geldig, rows


def _filter_query(request, filterset):
    query = QueryDict(mutable=True)
    for name in filterset.form.fields:
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            query.setlist(name, values)
    return query


PER_CASUS_MAX = 25


def _samenvatting(user, overzicht, rijen):
    """Counts per organisation, per case and per type of intervention over ``rijen`` (the visible, filtered actions
    of ``overzicht``; no query but the organisations' names and the case codes). Actions whose case the user may not
    see, and those without a case, are counted together under one line without a code."""
    per_organisatie_ids = overzicht.per(rijen, "organisatie")
    namen = dict(Organisatie.objects.filter(pk__in=sorted(per_organisatie_ids)).values_list("pk", "naam"))
    per_organisatie = sorted(
        ({"organisatie_id": pk, "organisatie__naam": namen.get(pk, ""), **aantal}
         for pk, aantal in per_organisatie_ids.items()),
        key=lambda rij: (rij["organisatie__naam"], rij["organisatie_id"]))
    per_soort = overzicht.per(rijen, "soort")
    soorten = [{"label": label, **per_soort[value]} for value, label in ActieSoort.choices if value in per_soort]
    per_casus_ids = overzicht.per(rijen, "casus")
    codes = selectors.zichtbare_casuscodes(user, per_casus_ids)
    per_casus, zonder = [], None
    for casus_id, aantal in per_casus_ids.items():
        code = codes.get(casus_id)
        if code is not None:
            per_casus.append({"casus": {"pk": casus_id, "code": code}, **aantal})
        elif zonder is None:
            zonder = dict(aantal, casus=None)
        else:
            for key, waarde in aantal.items():
                zonder[key] += waarde
    # The cases that need attention first (most overdue, then most open), at most PER_CASUS_MAX of them: at a
    # werkgebied's volume a line per case would be thousands of lines nobody reads.
    per_casus.sort(key=lambda rij: (-rij["verlopen"], -rij["open"], rij["casus"]["code"]))
    meer_casussen = max(0, len(per_casus) - PER_CASUS_MAX)
    per_casus = per_casus[:PER_CASUS_MAX]
    if zonder is not None:
        per_casus.append(zonder)
    return {"organisaties": per_organisatie, "casussen": per_casus, "meer_casussen": meer_casussen,
            "soorten": soorten, "codes": codes}


def _acties_in_volgorde(ids):
    acties = Actie.objects.filter(pk__in=ids).select_related("organisatie", "verantwoordelijke").in_bulk()
    return [acties[pk] for pk in ids if pk in acties]


def bewaking(request):
    """Actiebewaking: the ketenregisseur's actions by term, organisation, case and type, with counts. One read of the
    visible actions (``filters_acties.Overzicht``) gives every count and the list's order; the page's 25 actions are
    then fetched by id."""
    filterset, geldig, _rows = _bewaking_filter(request, overzicht=True)
    if geldig:
        overzicht = filterset.overzicht
        rijen = overzicht.gefilterd(filterset.actieve_waarden())
        paginator = Paginator(overzicht.volgorde(rijen), PER_PAGINA)
        page = paginator.get_page(request.GET.get("pagina"))
        page.object_list = _acties_in_volgorde(list(page.object_list))
        filterset.label_counts(filterset.facet_counts())
        samenvatting = _samenvatting(request.user, overzicht, rijen)
        # The page's cases are among the overview's: their codes are known (only where the user may see the case).
        for actie in page.object_list:
            code = samenvatting["codes"].get(actie.casus_id)
            actie.zichtbare_casus = {"pk": actie.casus_id, "code": code} if code is not None else None
    else:
        paginator, page = _page(request, Actie.objects.none())
        filterset.label_counts({"termijn": {}, "organisatie": {}, "casus": {}, "soort": {}})
        samenvatting = None
    filter_query = _filter_query(request, filterset)
    audit.log(request.user, AuditActie.LIST, Actie, filters=request.GET)
    return render(request, "casusoverleg/acties_bewaking.html", {
        "filter": filterset,
        "geldig": geldig,
        "acties": page.object_list,
        "page_obj": page,
        "paginator": paginator,
        "gefilterd": bool(filter_query),
        "page_query": filter_query,
        "samenvatting": samenvatting,
        "termijnen": Termijn,
        "binnenkort_dagen": selectors.BINNENKORT_DAGEN,
    })


EXPORT_KOPPEN = [
    gettext_lazy("Link"),
    gettext_lazy("Case"),
    gettext_lazy("Type of intervention"),
    gettext_lazy("Responsible organisation"),
    gettext_lazy("Due date"),
    gettext_lazy("Status"),
    gettext_lazy("Overdue"),
]


def bewaking_csv(request):
    """The actions of Actiebewaking (same filter and order, no pages) as CSV for Excel NL: the link to each action,
    the case code only where the user may see the case, no free text (no description, no feedback)."""
    _filterset, _geldig, rows = _bewaking_filter(request)
    rows = selectors.verlopen_eerst(rows).select_related("organisatie")
    casussen = selectors.zichtbare_casussen(request.user, set(rows.values_list("casus_id", flat=True)))
    export = CsvExport("actiebewaking", EXPORT_KOPPEN)
    ja, nee = _("yes"), _("no")
    for actie in rows.iterator(chunk_size=2000):
        casus = casussen.get(actie.casus_id)
        export.row((
            _detail_url(actie),
            casus.code if casus is not None else "",
            actie.get_soort_display(),
            actie.organisatie.naam,
            actie.deadline.isoformat(),
            actie.get_status_display(),
            ja if actie.is_verlopen else nee,
        ))
    audit.log(request.user, AuditActie.EXPORT, Actie, filters=request.GET)
    return export.response
