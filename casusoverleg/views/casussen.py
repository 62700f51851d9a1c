"""The case pages: the list, opening a case, the detail page with its timeline, and the manager's changes.

Every view starts from ``selectors.casussen_visible_for`` (through ``casus_detail_for``/``casus_lijst``), so a case
the user may not see answers 404 on every URL; a user who sees it but does not manage it (a participant of a meeting
that has it on the agenda) gets 403 on the pages and actions of the manager, and reads the detail page only.

On the detail page a linked signal shows its reference (and a link) only to who may see that signal
(``signalen.selectors.signalen_visible_for``); a meeting is named and linked only when the user sees it.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mensenhandel import audit
from mensenhandel.audit import views as audit_views
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.rollen import Rol
from signalen import selectors as signaal_selectors
from signalen.models import Status as SignaalStatus
from signalen.views.detail import render_detail as render_signaal

from .. import selectors
from ..forms.casussen import (
    CasusBewerkenForm,
    CasusFilter,
    CasusNieuwForm,
    CasusStatusForm,
    InzageForm,
    SignaalKoppelForm,
    SignalenKoppelenForm,
    SlachtofferspoorForm,
)
from ..models import Casus, CasusGebeurtenis, CasusStatus
from ..services import casussen as services
from ..services import zorg as zorg_services
from . import zorg as zorg_views

PER_PAGINA = 25

# Roles that can see cases at all: the list answers 404 to the others (a portefeuillehouder, a beheerder).
ROLLEN_MET_CASUSSEN = (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER)


def _detail_url(casus, anker=""):
    return reverse("casusoverleg:casus", kwargs={"pk": casus.pk}) + (f"#{anker}" if anker else "")


def _casus_or_404(request, pk):
    return get_object_or_404(selectors.casus_detail_for(request.user), pk=pk)


def _beheerde_casus_or_404(request, pk):
    """The case, for its manager: 404 when the user does not see it, 403 when they see it but do not manage it."""
    casus = _casus_or_404(request, pk)
    if not selectors.may_manage_casus(request.user, casus):
        raise PermissionDenied
    return casus


# --- the list -------------------------------------------------------------------------------------------------


def _filter_query(request, filterset):
    query = QueryDict(mutable=True)
    for name in filterset.form.fields:
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            query.setlist(name, values)
    return query


def casus_list(request):
    """The cases the user may see, filtered; counts and choices only over those cases."""
    user = request.user
    if getattr(user, "rol", None) not in ROLLEN_MET_CASUSSEN:
        raise Http404
    base = selectors.casussen_visible_for(user)
    filterset = CasusFilter(request.GET, queryset=base, request=request)
    geldig = filterset.is_valid()
    rows = filterset.qs if geldig else base.none()
    rows = selectors.casus_lijst(rows).order_by("-geopend_op", "-pk")
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    casussen = list(page.object_list)
    volgende = selectors.volgende_overleggen(user, [casus.pk for casus in casussen]) if casussen else {}
    for casus in casussen:
        casus.volgend_overleg = volgende.get(casus.pk)
    filterset.label_counts(filterset.facet_counts() if geldig else {"status": {}, "gemeente": {}, "vorm": {}})
    filter_query = _filter_query(request, filterset)
    audit.log(user, AuditActie.LIST, Casus, filters=request.GET)
    return render(request, "casusoverleg/casus_list.html", {
        "filter": filterset,
        "geldig": geldig,
        "casussen": casussen,
        "page_obj": page,
        "paginator": paginator,
        "gefilterd": bool(filter_query),
        "page_query": filter_query,
        "mag_openen": selectors.may_open_casus(user),
    })


# --- opening a case ---------------------------------------------------------------------------------------------


def _signaal_voor_nieuw(request):
    """The signal of ``?signaal=<pk>``: one the user may triage, else 404."""
    waarde = request.GET.get("signaal", "")
    if not waarde:
        return None
    if not waarde.isdigit() or len(waarde) > 12:
        raise Http404
    signaal = get_object_or_404(
        signaal_selectors.signalen_visible_for(request.user).exclude(status=SignaalStatus.CONCEPT)
        .select_related("gemeente"),
        pk=int(waarde),
    )
    if not signaal_selectors.may_triage(request.user, signaal):
        raise Http404
    return signaal


def casus_nieuw(request):
    user = request.user
    if not selectors.may_open_casus(user):
        raise PermissionDenied
    signaal = _signaal_voor_nieuw(request)
    koppelbaar = True
    form = CasusNieuwForm(request.POST or None, user=user, signaal=signaal)
    if signaal is not None:
        koppelbaar = form.fields["signalen"].queryset.filter(pk=signaal.pk).exists()
        form.initial = {"gemeenten": [signaal.gemeente], "vormen": list(signaal.vormen.all())}
        if koppelbaar:
            form.initial["signalen"] = [signaal]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            casus = services.open_casus(
                user,
                gemeenten=data["gemeenten"],
                vormen=data["vormen"],
                samenvatting=data["samenvatting"],
                signalen=list(data["signalen"]),
                melder=data["melder"],
                notitie=data["notitie"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case %(code)s has been opened.") % {"code": casus.code})
            return redirect(_detail_url(casus))
    if signaal is not None:
        audit.log(user, AuditActie.VIEW, signaal, omschrijving="nieuwe casus")
    return render(request, "casusoverleg/casus_nieuw.html", {
        "form": form,
        "fouten": form.foutoverzicht() if form.is_bound else [],
        "signaal": signaal,
        "signaal_koppelbaar": koppelbaar,
    })


# --- the detail page ------------------------------------------------------------------------------------------


def _veldnaam(naam):
    try:
        return capfirst(Casus._meta.get_field(naam).verbose_name)
    except Exception:  # a field name from an older version of the model
        return naam


def _gewijzigde_velden(tekst):
    return [_veldnaam(naam.strip()) for naam in tekst.split(",") if naam.strip()]


def _slachtofferspoor_regels(tekst):
    """The dates a victim-track row recorded: [(label, date or None), ...]."""
    regels = []
    for regel in tekst.splitlines():
        naam, _sep, waarde = regel.partition("=")
        if naam.strip():
            regels.append((_veldnaam(naam.strip()), parse_date(waarde.strip()) if waarde.strip() else None))
    return regels


# Timeline rows that belong to one meeting: shown only to who sees the case's item in that meeting.
_PER_OVERLEG = {CasusGebeurtenis.AGENDA, CasusGebeurtenis.BESPROKEN, CasusGebeurtenis.BESLUIT}


def _tijdlijn(user, casus):
    """The case's timeline, oldest first, with what this user may see of each row."""
    rijen = list(casus.historie.select_related("door", "organisatie"))
    signaal_ids = {r.signaal_id for r in rijen if r.signaal_id}
    overleg_ids = {r.overleg_id for r in rijen if r.overleg_id}
    actie_ids = {r.actie_id for r in rijen if r.actie_id}
    signalen = (
        signaal_selectors.signalen_visible_for(user).filter(pk__in=signaal_ids).in_bulk() if signaal_ids else {}
    )
    # A meeting counts only where the user sees this case's item in it: seeing the case through one meeting does
    # not reveal that another meeting discussed it (nor what was decided there).
    zichtbaar_in = set(
        selectors.agendapunten_visible_for(user).filter(casus=casus, overleg_id__in=overleg_ids)
        .values_list("overleg_id", flat=True)
    ) if overleg_ids else set()
    overleggen = (
        selectors.overleggen_visible_for(user).filter(pk__in=zichtbaar_in).select_related("tafel").in_bulk()
        if zichtbaar_in else {}
    )
    acties = selectors.acties_visible_for(user).filter(pk__in=actie_ids).in_bulk() if actie_ids else {}
    zorg_lezer = None
    tijdlijn = []
    for rij in rijen:
        if rij.overleg_id and rij.overleg_id not in zichtbaar_in and rij.soort in _PER_OVERLEG:
            continue
        item = {
            "rij": rij,
            "signaal": signalen.get(rij.signaal_id),
            "overleg": overleggen.get(rij.overleg_id),
            "actie": acties.get(rij.actie_id),
        }
        if rij.soort == CasusGebeurtenis.GEWIJZIGD:
            item["velden"] = _gewijzigde_velden(rij.tekst)
        elif rij.soort == CasusGebeurtenis.SLACHTOFFERSPOOR:
            item["datums"] = _slachtofferspoor_regels(rij.tekst)
        elif rij.soort == CasusGebeurtenis.ZORGTRAJECT:
            # Issue 21: what changed in the care track only for who may read it; the others see that it changed.
            if zorg_lezer is None:
                zorg_lezer = selectors.may_keep_zorgtraject(user, casus)
            item["zorg"] = zorg_services.zorg_regels(rij.tekst) if zorg_lezer else []
        tijdlijn.append(item)
    return tijdlijn


def _gekoppelde_signalen(user, casus):
    koppelingen = list(casus.koppelingen.all())
    ids = [k.signaal_id for k in koppelingen]
    zichtbaar = (
        signaal_selectors.signalen_visible_for(user).filter(pk__in=ids).select_related("gemeente").in_bulk()
        if ids else {}
    )
    return [{"koppeling": k, "signaal": zichtbaar.get(k.signaal_id)} for k in koppelingen]


def _render_detail(request, casus, *, status_form=None, spoor_form=None, status_fout="", status=200):
    user = request.user
    audit.log(user, AuditActie.VIEW, casus)
    beheer = selectors.may_manage_casus(user, casus)
    if beheer:
        status_form = status_form or CasusStatusForm(casus=casus)
        spoor_form = spoor_form or SlachtofferspoorForm(casus=casus)
    fouten = []
    for form in (status_form, spoor_form):
        if form is not None and form.is_bound:
            fouten += form.foutoverzicht()
    acties = list(selectors.acties_van_casus(user, casus))
    context = {
        "casus": casus,
        "gemeenten": list(casus.gemeenten.order_by("naam")),
        "vormen": list(casus.vormen.all()),
        "signalen": _gekoppelde_signalen(user, casus),
        "acties": acties,
        "open_acties": sum(1 for actie in acties if actie.is_open),
        "agendapunten": list(selectors.agendapunten_van_casus(user, casus)),
        "tijdlijn": _tijdlijn(user, casus),
        # Issue 21: the section "Zorgtraject" (what this reader may know of the care track).
        "zorg": zorg_views.sectie(user, casus),
        "beheer": beheer,
        "status_form": status_form if beheer else None,
        "spoor_form": spoor_form if beheer else None,
        "status_fout": status_fout,
        "fouten": fouten,
        # Issue 17: who processed this case, for the ketenregisseur of its werkgebied (it may question a read).
        "verwerkingsoverzicht": audit_views.verwerkingsoverzicht(casus) if beheer else None,
    }
    return render(request, "casusoverleg/casus_detail.html", context, status=status)


def casus_detail(request, pk):
    casus = _casus_or_404(request, pk)
    return _render_detail(request, casus)


@require_POST
def casus_status(request, pk):
    casus = _beheerde_casus_or_404(request, pk)
    form = CasusStatusForm(request.POST, casus=casus)
    if form.is_valid():
        data = form.cleaned_data
        try:
            casus = services.change_status(casus, request.user, data["naar"], reden=data.get("reden", ""),
                                           verwacht=data["verwacht"])
        except services.StaleStatus as error:
            # Show the case as it is now, with the form as the user filled it in (against the new status).
            casus = _casus_or_404(request, pk)
            form = CasusStatusForm(initial={"verwacht": casus.status, "reden": data.get("reden", "")}, casus=casus)
            return _render_detail(request, casus, status_form=form, status_fout=" ".join(error.messages))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case %(code)s is now '%(status)s'.") % {
                "code": casus.code, "status": casus.get_status_display()})
            return redirect(_detail_url(casus))
    return _render_detail(request, casus, status_form=form)


@require_POST
def casus_slachtofferspoor(request, pk):
    casus = _beheerde_casus_or_404(request, pk)
    form = SlachtofferspoorForm(request.POST, casus=casus)
    if form.is_valid():
        try:
            gewijzigd = services.set_slachtofferspoor(
                casus, request.user,
                comensha_aangemeld_op=form.cleaned_data["comensha_aangemeld_op"],
                zorgcoordinator_betrokken_op=form.cleaned_data["zorgcoordinator_betrokken_op"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if gewijzigd:
                messages.success(request, _("The victim track of case %(code)s has been saved.") % {"code": casus.code})
            else:
                messages.info(request, _("The dates were the same as before; nothing has changed."))
            return redirect(_detail_url(casus, "slachtofferspoor"))
    return _render_detail(request, casus, spoor_form=form)


# --- the manager's pages -------------------------------------------------------------------------------------


def casus_bewerken(request, pk):
    casus = _beheerde_casus_or_404(request, pk)
    form = CasusBewerkenForm(request.POST or None, casus=casus)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gewijzigd = services.update_details(
                casus, request.user, gemeenten=data["gemeenten"], vormen=data["vormen"],
                samenvatting=data["samenvatting"], eigenaar=data["eigenaar"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if gewijzigd:
                messages.success(request, _("The details of case %(code)s have been saved.") % {"code": casus.code})
            else:
                messages.info(request, _("You changed nothing; the case stays as it was."))
            return redirect(_detail_url(casus))
    audit.log(request.user, AuditActie.VIEW, casus, omschrijving="bewerken")
    return render(request, "casusoverleg/casus_bewerken.html", {
        "casus": casus,
        "form": form,
        "fouten": form.foutoverzicht() if form.is_bound else [],
    })


def casus_signalen(request, pk):
    """Choose more signals of the werkgebied to link to the case."""
    casus = _beheerde_casus_or_404(request, pk)
    if casus.status == CasusStatus.AFGESLOTEN:
        messages.error(request, _("Case %(code)s is closed: re-open it before you link a signal.") % {
            "code": casus.code})
        return redirect(_detail_url(casus))
    form = SignalenKoppelenForm(request.POST or None, user=request.user, casus=casus)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                nieuw = [
                    koppeling for signaal in form.cleaned_data["signalen"]
                    if (koppeling := services.link_signaal(casus, signaal, request.user,
                                                           notitie=form.cleaned_data["notitie"])) is not None
                ]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if nieuw:
                messages.success(request, ngettext(
                    "%(count)d signal has been linked to case %(code)s. Its submitter hears that it has been taken up.",
                    "%(count)d signals have been linked to case %(code)s. Their submitters hear that they have been "
                    "taken up.",
                    len(nieuw),
                ) % {"count": len(nieuw), "code": casus.code})
            else:
                messages.info(request, _("The chosen signals were already linked; nothing has changed."))
            return redirect(_detail_url(casus, "signalen"))
    audit.log(request.user, AuditActie.VIEW, casus, omschrijving="signalen koppelen")
    return render(request, "casusoverleg/casus_signalen.html", {
        "casus": casus,
        "form": form,
        "fouten": form.foutoverzicht() if form.is_bound else [],
    })


# --- on the signal's page ---------------------------------------------------------------------------------------


# The "Case" section of a signal's detail page, registered with ``signalen.secties`` in CasusoverlegConfig.ready().
SIGNAAL_SECTIE = "casus"
SIGNAAL_SECTIE_TEMPLATE = "casusoverleg/_signaal_casus.html"


def signaal_casus_context(user, signaal, koppel_form=None):
    """The "Case" section of a signal's detail page (``koppel_form``: the link form sent with an error, if any).

    Who may triage the signal sees the cases it is linked to (those they may see), can open a new case with it and
    link it to an open case of their werkgebied; everyone else sees only the codes of linked cases they may see.
    """
    beheer = signaal_selectors.may_triage(user, signaal)
    context = {
        "casus_gekoppeld": list(selectors.casussen_van_signaal(user, signaal)),
        "casus_beheer": beheer,
    }
    if beheer:
        context["casus_koppelbaar"] = signaal.status in (*services.OPPAKBAAR, SignaalStatus.OPGEPAKT_IN_CASUS)
        context["casus_mag_openen"] = selectors.may_open_casus(user)
        form = koppel_form or SignaalKoppelForm(user=user, signaal=signaal)
        context["casus_koppel_form"] = form
        # A form sent with an error is shown again (with the error), even when no case can be chosen any more.
        context["casus_koppel_keuzes"] = form.is_bound or form.fields["casus"].queryset.exists()
    return context


@require_POST
def signaal_koppelen(request, pk):
    """From a signal's page: link the signal to an open case the user manages."""
    user = request.user
    signaal = get_object_or_404(
        signaal_selectors.signalen_visible_for(user).exclude(status=SignaalStatus.CONCEPT)
        .select_related("gemeente", "sector", "bron", "organisatie", "ingediend_door"),
        pk=pk,
    )
    if not signaal_selectors.may_triage(user, signaal):
        raise PermissionDenied
    form = SignaalKoppelForm(request.POST, user=user, signaal=signaal)
    if form.is_valid():
        casus = form.cleaned_data["casus"]
        al_opgepakt = signaal.status == SignaalStatus.OPGEPAKT_IN_CASUS
        try:
            services.link_signaal(casus, signaal, user, notitie=form.cleaned_data.get("notitie", ""))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if al_opgepakt:
                messages.success(request, _("The signal has been linked to case %(code)s.") % {"code": casus.code})
            else:
                messages.success(request, _(
                    "The signal has been linked to case %(code)s and is now 'taken up in a case'. The submitter gets "
                    "an e-mail that there is news, without the case code.") % {"code": casus.code})
            return redirect(reverse("signalen:detail", kwargs={"pk": signaal.pk}) + "#casus")
    return render_signaal(request, signaal, sectie=SIGNAAL_SECTIE, staat=form)


# --- inzageverzoek (issue 17) -------------------------------------------------------------------------------------


def inzageverzoek(request):
    """For the ketenregisseur (404 for everyone else, the beheerder included): find a name or number in the signals
    and cases of its own werkgebied, to answer a data subject's request. The search is written to the audit log."""
    user = request.user
    if getattr(user, "rol", None) != Rol.KETENREGISSEUR:
        raise Http404
    form = InzageForm(request.GET or None)
    signalen, casussen, aantallen = [], [], None
    if form.is_valid():
        term = form.cleaned_data["term"]
        gevonden_signalen = selectors.inzage_signalen(user, term)
        gevonden_casussen = selectors.inzage_casussen(user, term)
        signalen = list(gevonden_signalen[:selectors.INZAGE_MAX])
        casussen = list(gevonden_casussen[:selectors.INZAGE_MAX])
        aantallen = {
            "signalen": len(signalen) if len(signalen) < selectors.INZAGE_MAX else gevonden_signalen.count(),
            "casussen": len(casussen) if len(casussen) < selectors.INZAGE_MAX else gevonden_casussen.count(),
        }
        audit.log(user, AuditActie.LIST, Casus, filters=request.GET, omschrijving="inzageverzoek: zoeken")
    return render(request, "casusoverleg/inzageverzoek.html", {
        "form": form,
        "signalen": signalen,
        "casussen": casussen,
        "aantallen": aantallen,
        "max": selectors.INZAGE_MAX,
    })
