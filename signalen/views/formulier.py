"""The signal form: "Nieuw signaal" makes a draft, the draft saves itself while the author types, and
"Signaal indienen" turns it into a signal with a reference.

Every view starts from ``selectors.signalen_visible_for`` (through ``concept.concepten_van`` for drafts):
a draft exists only for its author, everyone else gets 404.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from .. import bijlagen, concept, selectors, services
from ..forms import PK, SignaalForm
from ..models import Antwoord, Status


@never_cache
@require_http_methods(["GET", "POST"])
def nieuw(request):
    """Start a signal: a draft of the user (an untouched empty one of the last hour is reused)."""
    if not selectors.may_submit(request.user):
        raise Http404
    signaal, _nieuw = concept.nieuw(request.user)
    return redirect("signalen:bewerken", pk=signaal.pk)


def _concept_of_redirect(request, pk):
    """The user's draft, or a redirect to the signal when it was submitted already; 404 for anyone else."""
    if not selectors.may_submit(request.user):
        raise Http404
    signaal = get_object_or_404(
        selectors.signalen_visible_for(request.user).select_related("gemeente", "sector", "bron"), pk=pk
    )
    if signaal.status == Status.CONCEPT and signaal.ingediend_door_id == request.user.pk:
        return signaal, None
    if signaal.status == Status.CONCEPT:
        raise Http404
    messages.info(request, _("This signal has been submitted already; it can no longer be changed."))
    return None, redirect("signalen:detail", pk=signaal.pk)


def _bijlagen_verwerken(request, signaal):
    """Remove the ticked staged attachments and add the uploaded ones. Returns the messages of refused files."""
    fouten = []
    verwijderen = [v for v in request.POST.getlist("bijlage_verwijderen") if PK.fullmatch(v)]
    bestanden = request.FILES.getlist("bijlagen")
    for bijlage in signaal.bijlagen.filter(pk__in=verwijderen):
        try:
            bijlagen.remove(bijlage, request.user)
        except (ValidationError, PermissionDenied):
            fouten.append(_("The attachment %(naam)s could not be removed.") % {"naam": bijlage.bestandsnaam})
    for bestand in bestanden:
        try:
            bijlagen.add(signaal, bestand, request.user)
        except ValidationError as exc:
            fouten.extend(exc.messages)  # each names the file
    return fouten


def _opslaan(form, signaal, user):
    """Save what passed the checks (a draft may be incomplete)."""
    form.is_valid()
    waarden, vormen, antwoorden = form.concept_waarden()
    return concept.opslaan(signaal, user, waarden, vormen, antwoorden)


def _render(request, signaal, form, bijlage_fouten=(), status=200):
    fouten = list(form.foutoverzicht()) if form.is_bound else []
    fouten += [("id_bijlagen", _("Attachments"), fout) for fout in bijlage_fouten]
    context = {
        "signaal": signaal,
        "form": form,
        "fouten": fouten,
        "bijlage_fouten": bijlage_fouten,
        "indicator_groepen": form.indicator_groepen(),
        "antwoorden": Antwoord.choices,
        "bijlagen": signaal.bijlagen.all(),
        "ALLOWED_ACCEPT": bijlagen.ALLOWED_ACCEPT,
        "opgeslagen": timezone.localtime(signaal.gewijzigd),
    }
    return render(request, "signalen/formulier.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def bewerken(request, pk):
    signaal, elders = _concept_of_redirect(request, pk)
    if elders:
        return elders
    if request.method == "GET":
        audit.log(request.user, AuditActie.VIEW, signaal)
        return _render(request, signaal, SignaalForm(user=request.user, signaal=signaal))

    bijlage_fouten = _bijlagen_verwerken(request, signaal)
    # Whatever is valid is kept, also when the submission itself is refused: nothing typed gets lost.
    concept_form = SignaalForm(request.POST, user=request.user, signaal=signaal)
    opgeslagen = _opslaan(concept_form, signaal, request.user)
    if opgeslagen is None:  # submitted in the meantime (another tab)
        return redirect("signalen:detail", pk=signaal.pk)
    signaal = opgeslagen

    if request.POST.get("actie") == "indienen":
        form = SignaalForm(request.POST, user=request.user, signaal=signaal, indienen=True)
        if form.is_valid() and not bijlage_fouten:
            signaal = services.submit(signaal, request.user)  # the confirmation page says so
            return redirect("signalen:ontvangen", pk=signaal.pk)
        return _render(request, signaal, form, bijlage_fouten)

    if concept_form.is_valid() and not bijlage_fouten:
        messages.success(request, _("Draft saved at %(tijd)s. You find it again under “My signals”.") % {
            "tijd": timezone.localtime(signaal.gewijzigd).strftime("%H:%M")})
        return redirect("signalen:bewerken", pk=signaal.pk)
    return _render(request, signaal, concept_form, bijlage_fouten)


@login_not_required
@never_cache
@require_POST
def autosave(request, pk):
    """htmx: save the draft while the author types. Never a form error: what does not pass is left out.
    An expired session loses nothing that was saved: htmx gets 401 with a message, a plain request the log-in."""
    bewerken_url = reverse("signalen:bewerken", kwargs={"pk": pk})
    if not request.user.is_authenticated:
        if getattr(request, "htmx", False):
            context = {"uitgelogd": True, "login_url": f"{reverse('login')}?{urlencode({'next': bewerken_url})}"}
            return render(request, "signalen/_concept_status.html", context, status=401)
        return redirect_to_login(bewerken_url)
    signaal = get_object_or_404(concept.concepten_van(request.user), pk=pk)
    form = SignaalForm(request.POST, user=request.user, signaal=signaal)
    opgeslagen = _opslaan(form, signaal, request.user)
    if opgeslagen is None:
        raise Http404
    return render(request, "signalen/_concept_status.html", {"opgeslagen": timezone.localtime(opgeslagen.gewijzigd)})


@never_cache
def ontvangen(request, pk):
    """The confirmation after submitting: the reference and what happens next."""
    signaal = get_object_or_404(
        selectors.signalen_visible_for(request.user).exclude(status=Status.CONCEPT).select_related("gemeente"),
        pk=pk,
    )
    audit.log(request.user, AuditActie.VIEW, signaal)
    return render(request, "signalen/ontvangen.html", {
        "signaal": signaal,
        "eigen": signaal.ingediend_door_id == request.user.pk,
        "may_submit": selectors.may_submit(request.user),
    })
