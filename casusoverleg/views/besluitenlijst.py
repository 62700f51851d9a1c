"""The decision list (besluitenlijst) of a meeting: its section on the meeting page (``besluitenlijst_context``),
making it after the meeting, the progress of its PDFs, and adopting the previous meeting's list at the next one.

Every view starts from ``selectors.overleggen_visible_for``: a meeting the user may not see answers 404; who sees it
but does not manage its table (``selectors.may_manage_overleg``) gets 403 on the changes. Changes go through
``services.besluitenlijst`` (which audits them). The PDFs are downloaded through ``casusoverleg:document`` (the
agenda's permission-checked, audited download), and listed here only as far as the reader may download them.

Who sees what in the section:
- the managing ketenregisseur: the button to make the list once the meeting is held, the progress, every PDF it may
  download; on the next meeting's page the button to record that the previous list was adopted;
- everyone else who sees the meeting: the state of the list and the PDFs of their own organisation (or the full
  list for the chair), once ready.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import besluitenlijst_pdf, selectors
from ..models import DocumentSoort, OverlegStatus
from ..services import besluitenlijst as services
from ..services.agenda import vorig_overleg
from .agenda import _documenten_visible_for

ANKER = "besluitenlijst"


def _overleg_or_404(request, pk):
    queryset = selectors.overleggen_visible_for(request.user).select_related(
        "tafel", "voorzitter", "besluitenlijst_job", "besluitenlijst_vastgesteld_in")
    return get_object_or_404(queryset, pk=pk)


def _beheerd_or_403(request, pk):
    overleg = _overleg_or_404(request, pk)
    if not selectors.may_manage_overleg(request.user, overleg):
        raise PermissionDenied
    return overleg


def _overleg_url(overleg):
    return reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + f"#{ANKER}"


def _documenten(user, overleg):
    """The decision list PDFs of ``overleg`` the user may download: (current version, earlier versions)."""
    rijen = list(
        _documenten_visible_for(user).filter(overleg=overleg, soort=DocumentSoort.BESLUITENLIJST)
        .select_related("organisatie").order_by("-versie", "organisatie__naam", "pk")
    )
    huidig = [d for d in rijen if d.versie == overleg.besluitenlijst_versie]
    eerder = [d for d in rijen if d.versie != overleg.besluitenlijst_versie]
    return huidig, eerder


def _voortgang_context(request, overleg, *, beheert=None):
    user = request.user
    beheert = selectors.may_manage_overleg(user, overleg) if beheert is None else beheert
    huidig, eerder = _documenten(user, overleg)
    return {
        "overleg": overleg,
        "beheert": beheert,
        "voortgang": besluitenlijst_pdf.voortgang(overleg),
        "documenten": huidig,
        "eerdere_documenten": eerder,
        "voortgang_url": reverse("casusoverleg:besluitenlijst_voortgang", kwargs={"pk": overleg.pk}),
        "verklaring_nodig": selectors.uitnodigingen_zonder_verklaring(user, overleg).exists(),
    }


def _vorige_context(request, overleg, beheert):
    """The previous held meeting's decision list, as adopted (or to be adopted) in ``overleg``; None when there is
    nothing to show here."""
    if overleg.status not in (*services.VASTSTELLEN_IN, OverlegStatus.BESLUITENLIJST_VASTGESTELD):
        return None
    vorige = vorig_overleg(overleg)
    if vorige is None or not vorige.besluitenlijst_versie:
        return None
    hier_vastgesteld = vorige.besluitenlijst_vastgesteld_in_id == overleg.pk
    if vorige.status != OverlegStatus.GEHOUDEN and not hier_vastgesteld:
        return None
    if not selectors.overleggen_visible_for(request.user).filter(pk=vorige.pk).exists():
        return None
    huidig, _eerder = _documenten(request.user, vorige)
    voortgang = besluitenlijst_pdf.voortgang(vorige)
    return {
        "overleg": vorige,
        "documenten": huidig,
        "vastgesteld": hier_vastgesteld,
        "klaar": voortgang is not None and voortgang.gereed,
        "mag_vaststellen": beheert and not hier_vastgesteld and overleg.status in services.VASTSTELLEN_IN,
    }


def besluitenlijst_context(request, overleg, beheert=None):
    """The context of ``casusoverleg/_besluitenlijst.html`` on the meeting page, under the one key
    ``besluitenlijst`` (``toon`` False: the section is left out). ``beheert``: as ``agenda_context``."""
    if beheert is None:
        beheert = selectors.may_manage_overleg(request.user, overleg)
    eigen = overleg.status in besluitenlijst_pdf.MET_BESLUITENLIJST or bool(overleg.besluitenlijst_versie)
    context = {
        "overleg": overleg,
        "beheert": beheert,
        "eigen": eigen,
        "mag_maken": beheert and overleg.status == OverlegStatus.GEHOUDEN,
        "vastgesteld_in": None,
        "vorige": _vorige_context(request, overleg, beheert),
    }
    if eigen:
        context.update(_voortgang_context(request, overleg, beheert=beheert))
        context["vernieuw_url"] = _overleg_url(overleg)
        if overleg.besluitenlijst_vastgesteld_in_id:
            volgend = overleg.besluitenlijst_vastgesteld_in
            context["vastgesteld_in"] = volgend
            context["vastgesteld_in_zichtbaar"] = selectors.overleggen_visible_for(request.user).filter(
                pk=volgend.pk).exists()
    context["toon"] = eigen or context["vorige"] is not None
    return {"besluitenlijst": context}


# --- making, adopting, progress ---------------------------------------------------------------------------


@require_POST
def maken(request, pk):
    overleg = _beheerd_or_403(request, pk)
    try:
        overleg = services.make(overleg, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision list (version %(versie)s) is being made: a PDF for every "
                                    "participating and invited organisation. They get an e-mail when it is ready.")
                         % {"versie": overleg.besluitenlijst_versie})
    return redirect(_overleg_url(overleg))


@require_POST
def vaststellen(request, pk):
    """Record, in the next meeting ``pk``, that the decision list of the previous held meeting was adopted."""
    overleg = _beheerd_or_403(request, pk)
    try:
        vorige = services.adopt(overleg, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision list of the meeting of %(datum)s has been adopted.") % {
            "datum": _datum(vorige)})
    return redirect(_overleg_url(overleg))


def _datum(overleg):
    return formats.date_format(timezone.localtime(overleg.begint), "j F Y")


@require_safe
def voortgang(request, pk):
    """The progress of the decision list PDFs: the fragment htmx polls every 2 s, or a page of its own without it."""
    overleg = _overleg_or_404(request, pk)
    context = _voortgang_context(request, overleg)
    if request.htmx:
        # Swapped into the meeting page: without JavaScript its "Refresh" link reloads that page.
        context.update(vernieuw_url=_overleg_url(overleg), kop_niveau=3)
        return render(request, "casusoverleg/besluitenlijst_voortgang_deel.html", context)
    context.update(vernieuw_url=context["voortgang_url"], kop_niveau=2)
    return render(request, "casusoverleg/besluitenlijst_voortgang.html", context)
