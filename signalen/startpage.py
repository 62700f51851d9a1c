"""The start-page blocks of signals (registered in ``SignalenConfig.ready()``; see ``mensenhandel/core/startpage.py``)."""
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.startpage import Block
from tafels.selectors import gemeenten_in_werkgebied

from .models import Status
from .selectors import signalen_visible_for, urgentie_rang

START_SIGNALEN = 5


def signalen_beoordelen(request):
    """Ketenregisseur: the signals of the werkgebied waiting for them (submitted, or being assessed — which includes
    those whose question was answered), most urgent first (``urgentie_rang``) and with the same urgency oldest first,
    at most five with their count and a link to all of them; the answers to questions they have not read yet
    (``Signaal.antwoord_ongelezen_sinds``: read once a ketenregisseur of the werkgebied opens the signal or decides),
    oldest first; and the questions waiting for a submitter's answer.

    One query counts, one lists the waiting signals and — only when there are any — one lists the answers: the same
    number whatever the number of signals, each over the signals of the werkgebied only."""
    user = request.user
    # Only what this ketenregisseur decides on: a signal shared from elsewhere is assessed there.
    eigen = signalen_visible_for(user).filter(gemeente__in=gemeenten_in_werkgebied(user.werkgebied))
    wachtend = (Status.INGEDIEND, Status.IN_BEHANDELING)
    aantallen = eigen.aggregate(
        wachtend=Count("pk", filter=Q(status__in=wachtend)),
        vragen=Count("pk", filter=Q(status=Status.INFORMATIE_OPGEVRAAGD)),
        antwoorden=Count("pk", filter=Q(antwoord_ongelezen_sinds__isnull=False)),
    )
    vandaag = timezone.localdate()
    eerst = list(
        eigen.filter(status__in=wachtend).select_related("gemeente")
        .order_by(urgentie_rang(), "ingediend_op", "pk")[:START_SIGNALEN]
    ) if aantallen["wachtend"] else []
    for signaal in eerst:
        signaal.dagen_wachtend = (vandaag - timezone.localdate(signaal.ingediend_op)).days
    antwoorden = list(
        eigen.filter(antwoord_ongelezen_sinds__isnull=False).select_related("gemeente")
        .order_by("antwoord_ongelezen_sinds", "pk")[:START_SIGNALEN]
    ) if aantallen["antwoorden"] else []
    lijst_url = reverse("signalen:lijst")
    return {
        "signalen": eerst,
        "aantal_wachtend": aantallen["wachtend"],
        "aantal_vragen": aantallen["vragen"],
        "antwoorden": antwoorden,
        "aantal_antwoorden": aantallen["antwoorden"],
        "lijst_url": lijst_url,
        "wachtend_url": f"{lijst_url}?status={Status.INGEDIEND}&status={Status.IN_BEHANDELING}&sorteer=-urgentie",
        "vragen_url": f"{lijst_url}?status={Status.INFORMATIE_OPGEVRAAGD}&sorteer=ingediend",
    }


def mijn_signalen(request):
    """Coordinator and partner: the latest signals of their organisation, questions waiting for them, their drafts."""
    user = request.user
    visible = signalen_visible_for(user)
    eigen = visible.filter(organisatie_id=user.organisatie_id).exclude(status=Status.CONCEPT)
    aantallen = visible.aggregate(
        ingediend=Count("pk", filter=Q(organisatie_id=user.organisatie_id) & ~Q(status=Status.CONCEPT)),
        vragen=Count("pk", filter=Q(organisatie_id=user.organisatie_id, status=Status.INFORMATIE_OPGEVRAAGD)),
        concepten=Count("pk", filter=Q(status=Status.CONCEPT, ingediend_door=user)),
    )
    return {
        "signalen": list(eigen.select_related("gemeente").order_by("-ingediend_op", "-pk")[:START_SIGNALEN]),
        "aantal_ingediend": aantallen["ingediend"],
        "aantal_vragen": aantallen["vragen"],
        "aantal_concepten": aantallen["concepten"],
        "mijn_url": reverse("signalen:mijn"),
        "nieuw_url": reverse("signalen:nieuw"),
    }


BLOCKS = (
    Block("signalen_beoordelen", _("Signals waiting for assessment"), signalen_beoordelen),
    Block("mijn_signalen", _("My signals"), mijn_signalen),
)
