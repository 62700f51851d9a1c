"""The agenda of a meeting: its section on the meeting page (``agenda_context``), the changes the managing
ketenregisseur makes (items and their order, cases, invitations per case item, making the agenda final and
re-opening it), the confidentiality declaration of an invitee, the progress of the agenda PDFs and their download.

Every view starts from a selector: a meeting, item, invitation or document the user may not see answers 404; a user
who sees it but may not change the agenda (``selectors.may_manage_overleg``) gets 403. Changes go through
``services.agenda`` (which audits them); reads and downloads are audited here.

Who sees what in the agenda section (need to know):
- the managing ketenregisseur: every item with the case's details, open actions and invitations, the proposals and
  the controls while the meeting is planned, the progress of the PDFs and every PDF it may download;
- the chair and the standing participants: every item (case items with code, gemeenten, forms, summary, open
  actions), no invitations; a standing member for the general items only (issue 21) sees the case items as an invitee;
- an organisation invited for one case item: the general items and, after the user accepted the declaration, that
  item; before that a placeholder that links to the declaration;
- a portefeuillehouder who does not chair: the general items only.
"""
import logging
import unicodedata
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.beschermd import download

from .. import agenda_pdf, selectors
from ..forms.agenda import CasusForm, PuntForm, UitnodigenForm, VerklaringForm
from ..models import AgendapuntSoort, DocumentSoort, Geheimhoudingsverklaring, OverlegStatus
from ..services import agenda as services

logger = logging.getLogger(__name__)

# Shown as the agenda, with the PDFs of the current version (earlier ones are marked superseded).
DEFINITIEF = (OverlegStatus.AGENDA_DEFINITIEF, OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD)


# --- lookups ----------------------------------------------------------------------------------------------


def _overleg_or_404(request, pk):
    queryset = selectors.overleggen_visible_for(request.user).select_related("tafel", "voorzitter", "agenda_job")
    return get_object_or_404(queryset, pk=pk)


def _beheerd_or_403(request, pk):
    overleg = _overleg_or_404(request, pk)
    if not selectors.may_manage_overleg(request.user, overleg):
        raise PermissionDenied
    return overleg


def _punt_or_404(request, pk, *, beheer=True):
    queryset = selectors.agendapunten_visible_for(request.user).select_related("overleg__tafel", "casus")
    punt = get_object_or_404(queryset, pk=pk)
    if beheer and not selectors.may_manage_overleg(request.user, punt.overleg):
        raise PermissionDenied
    return punt


def _overleg_url(overleg, anker="agenda"):
    return reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + (f"#{anker}" if anker else "")


def _fout(request, error):
    messages.error(request, " ".join(error.messages))


# --- the agenda section of the meeting page ---------------------------------------------------------------


@dataclass
class Regel:
    """One line of the agenda as the user sees it: an item, or a closed placeholder for an item the user's
    organisation is invited for (until the declaration is accepted)."""

    nummer: int
    punt: object = None
    eerste: bool = False
    laatste: bool = False
    casus_link: bool = False
    # A closed placeholder for a general item (a confidential theme item with guests, issue 18), not a case item.
    algemeen: bool = False

    @property
    def gesloten(self):
        return self.punt is None


def _geannuleerd_voor(user, overleg, beheert=None):
    """A cancelled meeting opens no case to anyone but the managing ketenregisseur (as ``casussen_visible_for``):
    its case items and agenda PDFs are closed to the chair, participants and invitees. ``beheert``: whether the user
    manages the meeting, when the caller knows it already."""
    if overleg.status != OverlegStatus.GEANNULEERD:
        return False
    return not (selectors.may_manage_overleg(user, overleg) if beheert is None else beheert)


def _documenten_visible_for(user):
    """``agendadocumenten_visible_for`` without the PDFs of cancelled meetings, except for their managers."""
    documenten = selectors.agendadocumenten_visible_for(user)
    return documenten.exclude(
        Q(overleg__status=OverlegStatus.GEANNULEERD) & ~Q(overleg__tafel__in=selectors.beheerde_tafels(user)))


def _documenten(user, overleg):
    """The PDFs the user may download: (current version, earlier versions)."""
    rijen = list(
        _documenten_visible_for(user).filter(overleg=overleg, soort=DocumentSoort.AGENDA).select_related("organisatie")
        .order_by("-versie", "organisatie__naam", "pk")
    )
    actueel = overleg.status in DEFINITIEF
    huidig = [d for d in rijen if actueel and d.versie == overleg.agenda_versie]
    eerder = [d for d in rijen if d not in huidig]
    return huidig, eerder


def _voortgang_context(request, overleg, *, beheert=None):
    user = request.user
    beheert = selectors.may_manage_overleg(user, overleg) if beheert is None else beheert
    voortgang = agenda_pdf.voortgang(overleg) if overleg.status in DEFINITIEF else None
    huidig, eerder = _documenten(user, overleg)
    return {
        "overleg": overleg,
        "beheert": beheert,
        "voortgang": voortgang,
        "documenten": huidig,
        "eerdere_documenten": eerder,
        "voortgang_url": reverse("casusoverleg:voortgang", kwargs={"pk": overleg.pk}),
    }


def agenda_context(request, overleg, beheert=None, uitnodigingen=None, lezen_loggen=False):
    """The context of ``casusoverleg/_agenda.html`` on the meeting page, under the one key ``agenda``. ``beheert``:
    whether the user manages the meeting, and ``uitnodigingen``: all the meeting's invitations, when the caller has
    them already (the meeting page reads each only once: issue 14). ``lezen_loggen``: the meeting page's one audit
    row of reading the meeting (naming the cases on its agenda) is written here."""
    user = request.user
    if beheert is None:
        beheert = selectors.may_manage_overleg(user, overleg)
    bewerkbaar = beheert and overleg.status == OverlegStatus.GEPLAND
    zichtbaar = selectors.agendapunten_visible_for(user).filter(overleg=overleg).select_related("casus")
    geannuleerd = _geannuleerd_voor(user, overleg, beheert=beheert)
    if geannuleerd:
        zichtbaar = zichtbaar.exclude(soort=AgendapuntSoort.CASUS)
    # While the agenda is built, the cases that can go on it are shown too (proposals and a list to choose from):
    # read once, with the items' cases, in the same queries.
    kandidaten = list(services.voorstel_kandidaten(overleg)) if bewerkbaar else []
    punten = selectors.agendapunten_details(zichtbaar.order_by("volgorde", "pk"), met_uitnodigingen=beheert,
                                            uitnodigingen=uitnodigingen, meer_casussen=kandidaten)
    # issue 7 (verslag): the decisions and actions of every visible item, loaded at once (views.verslag).
    from .verslag import verslag_context

    verslag = verslag_context(request, overleg, punten, beheert=beheert)
    casus_ids = [p.casus_id for p in punten if p.casus_id]
    # Link a case item to the case page only for who sees the case as such (not the chair, for example).
    te_openen = set(selectors.casussen_visible_for(user, binnen=casus_ids).values_list("pk", flat=True)) \
        if casus_ids else set()
    regels = [Regel(p.volgorde, p, casus_link=p.casus_id in te_openen) for p in punten]
    # Items closed until the declaration: none when the user's organisation is not invited at all (known when the
    # caller read all the meeting's invitations).
    niet_uitgenodigd = uitnodigingen is not None and all(u.organisatie_id != user.organisatie_id for u in uitnodigingen)
    gesloten = [] if geannuleerd or niet_uitgenodigd else list(
        selectors.uitnodigingen_zonder_verklaring(user, overleg).select_related("agendapunt"))
    regels += [Regel(u.agendapunt.volgorde, algemeen=u.agendapunt.soort != AgendapuntSoort.CASUS) for u in gesloten]
    regels.sort(key=lambda r: r.nummer)
    if regels:
        regels[0].eerste = True
        regels[-1].laatste = True
    if casus_ids or lezen_loggen:
        audit.log(user, AuditActie.VIEW, overleg, omschrijving=(
            f"agenda met casussen {','.join(str(i) for i in casus_ids)}"[:255] if casus_ids else ""))
    agenda = {
        "overleg": overleg,
        "beheert": beheert,
        "bewerkbaar": bewerkbaar,
        "regels": regels,
        "aantal_gesloten": len(gesloten),
        "verklaring_url": reverse("casusoverleg:verklaring", kwargs={"pk": overleg.pk}),
        "vernieuw_url": _overleg_url(overleg),
        "definitief": overleg.status in DEFINITIEF,
        "mag_heropenen": beheert and overleg.status == OverlegStatus.AGENDA_DEFINITIEF,
        "verslag": verslag,  # issue 7 (verslag)
    }
    if bewerkbaar:
        agenda.update({
            "voorstellen": services.voorstellen(overleg, kandidaten=kandidaten),
            # Every item is visible to the managing ketenregisseur while the agenda is built (the fixed kinds are
            # general items): their kinds are those on the agenda.
            "punt_form": PuntForm(overleg=overleg, aanwezig={punt.soort for punt in punten}, prefix="punt"),
            "casus_form": CasusForm(user=user, overleg=overleg, kandidaten=kandidaten, prefix="casus"),
        })
    if agenda["definitief"] or overleg.agenda_versie:
        agenda.update(_voortgang_context(request, overleg, beheert=beheert))
    return {"agenda": agenda}


# --- changing the agenda ----------------------------------------------------------------------------------


@require_POST
def punt_toevoegen(request, pk):
    overleg = _beheerd_or_403(request, pk)
    form = PuntForm(request.POST, overleg=overleg, prefix="punt")
    if form.is_valid():
        try:
            punt = services.add_punt(overleg, request.user, soort=form.cleaned_data["soort"],
                                     titel=form.cleaned_data["titel"], toelichting=form.cleaned_data["toelichting"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item %(nummer)s has been added to the agenda.") % {"nummer": punt.volgorde})
            return redirect(_overleg_url(overleg, f"punt-{punt.pk}"))
    return render(request, "casusoverleg/agenda_punt.html", {"overleg": overleg, "form": form})


@require_POST
def casus_toevoegen(request, pk):
    overleg = _beheerd_or_403(request, pk)
    form = CasusForm(request.POST, user=request.user, overleg=overleg, prefix="casus")
    if not form.is_valid():
        messages.error(request, _("Choose a case that can be put on this agenda."))
        return redirect(_overleg_url(overleg))
    try:
        punt = services.add_casus(overleg, request.user, form.cleaned_data["casus"])
    except ValidationError as error:
        _fout(request, error)
        return redirect(_overleg_url(overleg))
    messages.success(request, _("Case %(code)s is on the agenda as item %(nummer)s.") % {
        "code": punt.casus.code, "nummer": punt.volgorde})
    return redirect(_overleg_url(overleg, f"punt-{punt.pk}"))


def _verplaats(request, pk, richting):
    punt = _punt_or_404(request, pk)
    try:
        verplaatst = services.move(punt, request.user, richting)
    except ValidationError as error:
        _fout(request, error)
        return redirect(_overleg_url(punt.overleg))
    if verplaatst:
        punt.refresh_from_db(fields=["volgorde"])
        messages.success(request, _("The item is now number %(nummer)s.") % {"nummer": punt.volgorde})
    else:
        messages.info(request, _("The item is already at the top.") if richting == services.OMHOOG
                      else _("The item is already at the bottom."))
    return redirect(_overleg_url(punt.overleg, f"punt-{punt.pk}"))


@require_POST
def punt_omhoog(request, pk):
    return _verplaats(request, pk, services.OMHOOG)


@require_POST
def punt_omlaag(request, pk):
    return _verplaats(request, pk, services.OMLAAG)


@require_POST
def punt_verwijderen(request, pk):
    punt = _punt_or_404(request, pk)
    try:
        services.remove(punt, request.user)
    except ValidationError as error:
        _fout(request, error)
    else:
        messages.success(request, _("The item has been removed from the agenda."))
    return redirect(_overleg_url(punt.overleg))


# --- invitations per case item ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def uitnodigen(request, pk):
    """Invite organisations for one item: a case item (the municipalities where the case plays are proposed, none
    ticked in advance) or a general topic with guests (issue 18). Before anything is saved the page names the
    organisations that will see the item; only "confirm" invites them."""
    punt = _punt_or_404(request, pk)
    if punt.soort not in services.UITNODIGBAAR:
        raise Http404
    overleg = punt.overleg
    if overleg.status != OverlegStatus.GEPLAND:
        messages.error(request, _("Invitations can only be changed while the meeting is planned. Re-open the agenda "
                                  "first."))
        return redirect(_overleg_url(overleg, f"punt-{punt.pk}"))
    form = UitnodigenForm(request.POST or None, punt=punt)
    bevestigen = None
    if request.method == "POST" and form.is_valid():
        gekozen = form.uitnodigingen()
        if "bevestigd" not in request.POST or "wijzigen" in request.POST:
            bevestigen = gekozen if "wijzigen" not in request.POST else None
        else:
            try:
                with transaction.atomic():
                    if "vertrouwelijk" in form.cleaned_data:
                        services.set_vertrouwelijk(punt, request.user, form.cleaned_data["vertrouwelijk"])
                    for organisatie, deelnemer, mailbox in gekozen:
                        services.invite(punt, request.user, organisatie, deelnemer=deelnemer, mailbox=mailbox)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, ngettext(
                    "%(count)d organisation has been invited for this item. It gets a calendar invitation.",
                    "%(count)d organisations have been invited for this item. They get a calendar invitation.",
                    len(gekozen),
                ) % {"count": len(gekozen)})
                return redirect(_overleg_url(overleg, f"punt-{punt.pk}"))
    if request.method == "GET":
        audit.log(request.user, AuditActie.VIEW, punt, omschrijving="uitnodigen voor agendapunt")
    [punt] = selectors.agendapunten_details([punt], met_uitnodigingen=True)
    return render(request, "casusoverleg/agenda_uitnodigen.html", {
        "overleg": overleg, "punt": punt, "form": form, "terug_url": _overleg_url(overleg, f"punt-{punt.pk}"),
        "bevestigen": bevestigen,
        "staand": selectors.volledige_deelnemers(overleg).select_related("organisatie").order_by("organisatie__naam"),
    })


@require_POST
def uitnodiging_intrekken(request, pk):
    queryset = selectors.uitnodigingen_visible_for(request.user).select_related("agendapunt__overleg", "organisatie")
    uitnodiging = get_object_or_404(queryset, pk=pk)
    overleg = uitnodiging.agendapunt.overleg
    if not selectors.may_manage_overleg(request.user, overleg):
        raise PermissionDenied
    try:
        services.revoke_invitation(uitnodiging, request.user)
    except ValidationError as error:
        _fout(request, error)
    else:
        messages.success(request, _("The invitation of %(organisatie)s has been withdrawn.") % {
            "organisatie": uitnodiging.organisatie.naam})
    return redirect(_overleg_url(overleg, f"punt-{uitnodiging.agendapunt_id}"))


# --- the confidentiality declaration ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verklaring(request, pk):
    """An invitee reads and accepts the declaration before anything of the case opens."""
    overleg = _overleg_or_404(request, pk)
    user = request.user
    if not services.moet_verklaren(user, overleg):
        raise PermissionDenied
    bestaand = Geheimhoudingsverklaring.objects.filter(overleg=overleg, gebruiker=user).first()
    tekst = services.verklaring_tekst(overleg)
    kenmerk = services.verklaring_kenmerk(tekst)
    form = VerklaringForm(initial={"kenmerk": kenmerk})
    fout = ""
    if request.method == "POST":
        if bestaand is not None:
            messages.info(request, _("You had already accepted the declaration for this meeting."))
            return redirect(_overleg_url(overleg))
        form = VerklaringForm(request.POST)
        if form.is_valid():
            try:
                services.accept_declaration(overleg, user, kenmerk=form.cleaned_data["kenmerk"])
            except ValidationError as error:
                # The text changed since the page was shown: show the new text to accept.
                fout = " ".join(error.messages)
                form = VerklaringForm(initial={"kenmerk": kenmerk})
            else:
                messages.success(request, _("You accepted the confidentiality declaration. The items you are invited "
                                            "for are now open to you."))
                return redirect(_overleg_url(overleg))
    else:
        audit.log(user, AuditActie.VIEW, overleg, omschrijving="geheimhoudingsverklaring")
    return render(request, "casusoverleg/verklaring.html", {
        "overleg": overleg, "tekst": tekst, "form": form, "bestaand": bestaand, "fout": fout,
    })


# --- final, re-open, progress, download -------------------------------------------------------------------


@require_POST
def definitief(request, pk):
    overleg = _beheerd_or_403(request, pk)
    try:
        services.finalise(overleg, request.user)
    except ValidationError as error:
        _fout(request, error)
    else:
        messages.success(request, _("The agenda is final. The agenda PDFs are being made; the participants and "
                                    "invitees get an e-mail when they are ready."))
    return redirect(_overleg_url(overleg))


@require_POST
def heropenen(request, pk):
    overleg = _beheerd_or_403(request, pk)
    try:
        services.reopen(overleg, request.user)
    except ValidationError as error:
        _fout(request, error)
    else:
        messages.success(request, _("The agenda has been re-opened and can be changed. Make it final again to send "
                                    "new PDFs; the earlier PDFs are marked as superseded."))
    return redirect(_overleg_url(overleg))


@require_safe
def voortgang(request, pk):
    """The progress of the agenda PDFs: the fragment htmx polls every 2 s, or a page of its own without it."""
    overleg = _overleg_or_404(request, pk)
    context = _voortgang_context(request, overleg)
    context["verklaring_nodig"] = selectors.uitnodigingen_zonder_verklaring(request.user, overleg).exists()
    if request.htmx:
        # Swapped into the meeting page: without JavaScript its "Refresh" link reloads that page.
        context.update(vernieuw_url=_overleg_url(overleg), kop_niveau=3)
        return render(request, "casusoverleg/agenda_voortgang_deel.html", context)
    context.update(vernieuw_url=context["voortgang_url"], kop_niveau=2)
    return render(request, "casusoverleg/agenda_voortgang.html", context)


def bestandsnaam(document):
    """'agenda-casusoverleg-mensenhandel-twente-2026-11-25-v1.pdf' (or 'besluitenlijst-...'): the kind of document,
    table, date and version, never a case."""
    datum = timezone.localtime(document.overleg.begint).date().isoformat()
    delen = [document.soort, slugify(document.overleg.tafel.naam), datum, f"v{document.versie}"]
    if document.organisatie_id:
        delen.append(slugify(unicodedata.normalize("NFKD", document.organisatie.naam)))
    return "-".join(d for d in delen if d) + ".pdf"


@require_safe
def document(request, pk):
    """Download one agenda (or decision list) PDF: only through the selector, audited, never shown inline or cached."""
    queryset = _documenten_visible_for(request.user).select_related("overleg__tafel", "organisatie")
    doc = get_object_or_404(queryset, pk=pk)
    try:
        bestand = agenda_pdf.open(doc)
    except (FileNotFoundError, ValueError):
        logger.error("The file of agenda document %s is missing", doc.pk)
        raise Http404 from None
    audit.log(request.user, AuditActie.DOWNLOAD, doc,
              omschrijving=f"{doc.soort}-pdf overleg {doc.overleg_id} versie {doc.versie}")
    return download(bestand, content_type="application/pdf", naam=bestandsnaam(doc), grootte=doc.grootte)
