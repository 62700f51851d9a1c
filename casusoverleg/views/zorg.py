"""The care track of a case (issue 21): its own pages, because it is seen by fewer than the case.

- ``/casussen/<pk>/zorgtraject/``: the care page, for whoever may read the care track
  (``selectors.zorgtrajecten_visible_for``: the ketenregisseur of the werkgebied and the members of the case's
  zorgcoordinator organisation, whether or not they see the case); 404 for everyone else, also for who sees the case.
- a victim's page (groups and steps) and its printable summary for CoMensha: the same people;
- ``/zorgtrajecten/`` and ``/zorgtrajecten/niet-aangemeld/``: the care tracks, and the victims not yet registered
  with CoMensha, for the ketenregisseur and the members of a zorgcoordinator organisation (only what they may read).

On the case page, ``sectie`` gives the section "Zorgtraject": the care track in short for who may read it, whether a
report to the police was made for the police, and for everyone else who sees the case only that a care track exists.
Every page view and change goes to the audit log.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import OrganisatieSoort

from .. import selectors
from ..forms.zorg import UITLEG, SlachtofferForm, SlachtofferNieuwForm, ZorgcoordinatorForm
from ..models import Casus, CasusGebeurtenis, CasusStatus, Slachtoffer, ZorgStapSoort, ZorgStapStatus
from ..services import zorg as services

PER_PAGINA = 25


def _zorg_url(casus, anker=""):
    return reverse("casusoverleg:zorgtraject", kwargs={"pk": casus.pk}) + (f"#{anker}" if anker else "")


def _zorgtraject_or_404(request, pk):
    """The case as a ``Casus`` (so that the audit log and the case's processing overview name the case), when the
    user may read its care track."""
    zichtbaar = selectors.zorgtrajecten_visible_for(request.user).filter(pk=pk).values("pk")
    return get_object_or_404(
        Casus.objects.filter(pk__in=zichtbaar).select_related("zorgcoordinator", "district", "regio"), pk=pk)


def _slachtoffer_or_404(request, pk):
    return get_object_or_404(selectors.slachtoffers_visible_for(request.user).select_related(
        "casus", "casus__zorgcoordinator", "casus__district", "casus__regio"), pk=pk)


# --- the section on the case page -----------------------------------------------------------------------------


def sectie(user, casus):
    """The "Zorgtraject" section of the case page (the user sees the case): ``lezer`` with the victims and their
    steps for who may read the care track; ``aangifte`` (per victim: its report step) for the police; else only
    ``bestaat``."""
    slachtoffers = casus.slachtoffers.all()
    lezer = selectors.may_keep_zorgtraject(user, casus)
    context = {"url": _zorg_url(casus), "lezer": lezer, "zorgcoordinator": None}
    if lezer:
        context["zorgcoordinator"] = casus.zorgcoordinator
        context["slachtoffers"] = selectors.slachtoffers_met_stappen(slachtoffers)
        for slachtoffer in context["slachtoffers"]:
            slachtoffer.in_het_kort = _in_het_kort(slachtoffer)
        context["bestaat"] = bool(context["slachtoffers"])
        context["soorten"] = list(ZorgStapSoort)
        return context
    aantal = slachtoffers.count()
    context["bestaat"] = aantal > 0
    organisatie = getattr(user, "organisatie", None)
    if aantal and organisatie is not None and organisatie.soort == OrganisatieSoort.POLITIE:
        context["aangifte"] = [
            (s, s.stap.get(ZorgStapSoort.AANGIFTE)) for s in selectors.slachtoffers_met_stappen(slachtoffers)]
    return context


def _in_het_kort(slachtoffer):
    """A victim's care track in a few words, for the case page: CoMensha, and how many steps stand where."""
    aanmelding = slachtoffer.stap.get(ZorgStapSoort.COMENSHA)
    if aanmelding is not None and aanmelding.status == ZorgStapStatus.GEREGELD:
        delen = [_("registered with CoMensha on %(datum)s") % {"datum": date_format(aanmelding.afgerond_op, "j F Y")}]
    else:
        delen = [_("not yet registered with CoMensha")]
    aantal = {status: sum(1 for s in slachtoffer.stappen_lijst if s.status == status) for status in ZorgStapStatus}
    delen.append(_("%(geregeld)s of %(totaal)s steps arranged") % {
        "geregeld": aantal[ZorgStapStatus.GEREGELD], "totaal": len(slachtoffer.stappen_lijst)})
    if aantal[ZorgStapStatus.AANGEVRAAGD]:
        delen.append(_("%(aantal)s requested") % {"aantal": aantal[ZorgStapStatus.AANGEVRAAGD]})
    if aantal[ZorgStapStatus.AFGEWEZEN]:
        delen.append(_("%(aantal)s refused") % {"aantal": aantal[ZorgStapStatus.AFGEWEZEN]})
    return "; ".join(delen)


# --- the care page ------------------------------------------------------------------------------------------------


def _tijdlijn(casus):
    rijen = casus.historie.filter(soort=CasusGebeurtenis.ZORGTRAJECT).select_related("door", "organisatie")
    return [{"rij": rij, "regels": services.zorg_regels(rij.tekst)} for rij in rijen.order_by("-tijdstip", "-pk")]


def _render_zorgtraject(request, casus, *, zc_form=None, nieuw_form=None, status=200):
    user = request.user
    audit.log(user, AuditActie.VIEW, casus, omschrijving="zorgtraject")
    beheer = selectors.may_manage_casus(user, casus)
    fouten = []
    for form in (zc_form, nieuw_form):
        if form is not None and form.is_bound:
            fouten += form.foutoverzicht()
    open_ = casus.status != CasusStatus.AFGESLOTEN
    return render(request, "casusoverleg/zorgtraject.html", {
        "casus": casus,
        "ziet_casus": selectors.casussen_visible_for(user).filter(pk=casus.pk).exists(),
        "beheer": beheer,
        "zc_form": (zc_form or ZorgcoordinatorForm(casus=casus)) if beheer else None,
        "nieuw_form": (nieuw_form or SlachtofferNieuwForm()) if open_ else None,
        "slachtoffers": selectors.slachtoffers_met_stappen(casus.slachtoffers.all()),
        "soorten": list(ZorgStapSoort),
        "uitleg": UITLEG,
        "tijdlijn": _tijdlijn(casus),
        "fouten": fouten,
    }, status=status)


def zorgtraject(request, pk):
    return _render_zorgtraject(request, _zorgtraject_or_404(request, pk))


@require_POST
def zorgcoordinator(request, pk):
    casus = _zorgtraject_or_404(request, pk)
    if not selectors.may_manage_casus(request.user, casus):
        raise PermissionDenied
    form = ZorgcoordinatorForm(request.POST, casus=casus)
    if form.is_valid():
        try:
            gewijzigd = services.set_zorgcoordinator(casus, request.user, form.cleaned_data["zorgcoordinator"])
        except ValidationError as error:
            form.add_error("zorgcoordinator", error)
        else:
            if gewijzigd:
                messages.success(request, _("The care coordinator organisation of case %(code)s has been saved.")
                                 % {"code": casus.code})
            else:
                messages.info(request, _("That was already the care coordinator organisation; nothing has changed."))
            return redirect(_zorg_url(casus))
    return _render_zorgtraject(request, casus, zc_form=form)


@require_POST
def slachtoffer_nieuw(request, pk):
    casus = _zorgtraject_or_404(request, pk)
    form = SlachtofferNieuwForm(request.POST)
    if form.is_valid():
        try:
            slachtoffer = services.add_slachtoffer(casus, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Victim %(nummer)s has been added. Record the steps of the care track below.")
                             % {"nummer": slachtoffer.nummer})
            return redirect(reverse("casusoverleg:slachtoffer", kwargs={"pk": slachtoffer.pk}))
    return _render_zorgtraject(request, casus, nieuw_form=form)


# --- one victim ------------------------------------------------------------------------------------------------


def slachtoffer(request, pk):
    """A victim's groups and the status and dates of each step of its care track."""
    slachtoffer = _slachtoffer_or_404(request, pk)
    slachtoffer = selectors.slachtoffers_met_stappen([slachtoffer])[0]
    form = SlachtofferForm(request.POST or None, slachtoffer=slachtoffer)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            wijzigingen = services.update_slachtoffer(
                slachtoffer, request.user, versie=form.cleaned_data["versie"], gegevens=form.gegevens(),
                stappen=form.stap_waarden())
        except services.StaleSlachtoffer as error:
            # Show what it holds now; the user makes the changes again on top of it.
            conflict = " ".join(error.messages)
            slachtoffer = selectors.slachtoffers_met_stappen([_slachtoffer_or_404(request, pk)])[0]
            form = SlachtofferForm(slachtoffer=slachtoffer)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if wijzigingen:
                messages.success(request, _("The care track of victim %(nummer)s in case %(code)s has been saved.")
                                 % {"nummer": slachtoffer.nummer, "code": slachtoffer.casus.code})
            else:
                messages.info(request, _("You changed nothing; the care track stays as it was."))
            return redirect(_zorg_url(slachtoffer.casus, f"slachtoffer-{slachtoffer.nummer}"))
    audit.log(request.user, AuditActie.VIEW, slachtoffer, omschrijving="zorgtraject: slachtoffer")
    return render(request, "casusoverleg/zorg_slachtoffer.html", {
        "slachtoffer": slachtoffer,
        "casus": slachtoffer.casus,
        "form": form,
        "fouten": form.foutoverzicht() if form.is_bound else [],
        "conflict": conflict,
    }, status=409 if conflict else 200)


def comensha(request, pk):
    """The printable summary for CoMensha of one victim: the fields CoMensha asks, never a name. The zorgcoordinator
    prints it (or saves it as PDF from the browser) and sends it; the print is written to the audit log."""
    slachtoffer = selectors.slachtoffers_met_stappen([_slachtoffer_or_404(request, pk)])[0]
    casus = slachtoffer.casus
    audit.log(request.user, AuditActie.EXPORT, slachtoffer, omschrijving="zorgtraject: CoMensha-overzicht")
    return render(request, "casusoverleg/zorg_comensha.html", {
        "slachtoffer": slachtoffer,
        "casus": casus,
        "gemeenten": list(casus.gemeenten.order_by("naam")),
        "vormen": list(casus.vormen.all()),
        "aanmelding": slachtoffer.stap.get(ZorgStapSoort.COMENSHA),
        "stappen": [s for s in slachtoffer.stappen_lijst if s.soort != ZorgStapSoort.COMENSHA],
        "GEREGELD": ZorgStapStatus.GEREGELD,
    })


# --- the overviews ---------------------------------------------------------------------------------------------


def _overzicht_of_404(user):
    if not selectors.zorg_overzicht_for(user):
        raise Http404


def zorgtrajecten(request):
    """The care tracks the user may read (with a zorgcoordinator or victims), newest case first."""
    user = request.user
    _overzicht_of_404(user)
    page = Paginator(selectors.zorgtrajecten_lijst(user), PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = list(page.object_list)
    zichtbaar = selectors.zichtbare_casussen(user, [c.pk for c in rijen])
    niet_aangemeld = {}
    for s in selectors.niet_bij_comensha(user).filter(casus_id__in=[c.pk for c in rijen]):
        niet_aangemeld[s.casus_id] = niet_aangemeld.get(s.casus_id, 0) + 1
    for casus in rijen:
        casus.ziet_casus = casus.pk in zichtbaar
        casus.niet_aangemeld = niet_aangemeld.get(casus.pk, 0)
    audit.log(user, AuditActie.LIST, Slachtoffer, filters=request.GET, omschrijving="zorgtrajecten")
    return render(request, "casusoverleg/zorgtrajecten.html", {
        "casussen": rijen, "page_obj": page, "paginator": page.paginator,
        "aantal_niet_aangemeld": selectors.niet_bij_comensha(user).count(),
    })


def niet_aangemeld(request):
    """The victims of open cases not yet registered with CoMensha, as far as the user may read their care track."""
    user = request.user
    _overzicht_of_404(user)
    page = Paginator(selectors.niet_bij_comensha(user), PER_PAGINA).get_page(request.GET.get("pagina"))
    slachtoffers = selectors.slachtoffers_met_stappen(page.object_list)
    for slachtoffer in slachtoffers:
        slachtoffer.aanmelding = slachtoffer.stap.get(ZorgStapSoort.COMENSHA)
    audit.log(user, AuditActie.LIST, Slachtoffer, filters=request.GET, omschrijving="niet aangemeld bij CoMensha")
    return render(request, "casusoverleg/zorg_niet_aangemeld.html", {
        "slachtoffers": slachtoffers, "page_obj": page, "paginator": page.paginator,
    })
