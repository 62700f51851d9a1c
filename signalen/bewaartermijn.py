"""What retention (``mensenhandel.bewaren``, issue 17) removes of signals.

- ``signalen``: a submitted signal that did not lead to a case, once its term (rule ``signaal``) has passed since its
  final decision (closed without follow-up, or passed on: the last status change). It is anonymised, not deleted:
  what the quarterly figures are counted from stays (dates, gemeente, forms, sector, source, status,
  ``doorgezet_naar``, the status history without its texts, the submitting organisation, the shares without their
  notes); its free text, location, business, KvK number, indicator answers, history texts and attachments go.
  ``verwijderd_op`` marks it: from then on nobody sees it (``selectors.signalen_visible_for``).
- ``concepten``: a draft nobody changed within its term (rule ``concept``) is deleted with its staged attachments.

A signal linked to a case goes with that case (casusoverleg's step), through ``anonimiseer``.
"""
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, ProtectedError, Q
from django.utils import timezone

from mensenhandel.audit.services import log_verwijdering
from mensenhandel.bewaren.selectors import maanden_terug

from . import bijlagen, signals
from .models import Bijlage, Gebeurtenis, Signaal, SignaalDeling, SignaalHistorie, SignaalIndicator, Status

EINDBESLUITEN = (Status.DOORGEZET, Status.AFGESLOTEN)
# A signal without a decision for this long is listed for its ketenregisseur to decide (never removed by itself).
ZONDER_BESLUIT_MAANDEN = 24
OPEN_STATUSSEN = (Status.INGEDIEND, Status.IN_BEHANDELING, Status.INFORMATIE_OPGEVRAAGD)


def _besloten_na(grens):
    return SignaalHistorie.objects.filter(signaal=OuterRef("pk"), soort=Gebeurtenis.STATUS, tijdstip__gte=grens)


def _kandidaten_qs(grens):
    return (Signaal.objects.filter(status__in=EINDBESLUITEN, verwijderd_op__isnull=True, casuskoppelingen__isnull=True)
            .exclude(Exists(_besloten_na(grens))))


def kandidaten(grens):
    return _kandidaten_qs(grens).order_by("pk").values_list("pk", flat=True)


def beschrijf(ids):
    """"SIG-2025-00012 doorgezet, besluit 03-01-2025" per id: for ``apply_retention --dry-run``."""
    rijen = (Signaal.objects.filter(pk__in=ids).order_by("pk")
             .annotate(besluit=Max("historie__tijdstip", filter=Q(historie__soort=Gebeurtenis.STATUS)))
             .values_list("referentie", "status", "besluit"))
    return [f"{referentie} {status}, besluit {timezone.localtime(besluit):%d-%m-%Y}"
            for referentie, status, besluit in rijen]


def anonimiseer(signaal, regel, *, omschrijving=""):
    """Strip a signal (locked by the caller) of everything but what it is counted by, and log it. Returns the names
    of its stored files, to delete once the transaction commits."""
    namen = list(Bijlage.objects.filter(signaal=signaal).values_list("opslagnaam", flat=True))
    # What other apps derived from the record goes with it (the hit/no-hit index of ``treffers``).
    signals.signaal_geanonimiseerd.send(sender=Signaal, signaal=signaal)
    Bijlage.objects.filter(signaal=signaal).delete()
    SignaalIndicator.objects.filter(signaal=signaal).delete()
    SignaalHistorie.objects.filter(signaal=signaal).update(tekst="", terugkoppeling="")
    SignaalDeling.objects.filter(signaal=signaal).update(toelichting="")
    Signaal.objects.filter(pk=signaal.pk).update(
        omschrijving="", locatie_naam="", locatie_adres="", locatie_postcode="", locatie_huisnummer="", kvk_nummer="",
        verwijderd_op=timezone.now())
    log_verwijdering(signaal, regel, omschrijving=omschrijving)
    return namen


def verwijder(pk, grens, regel):
    signaal = _kandidaten_qs(grens).select_for_update(of=("self",)).filter(pk=pk).first()
    if signaal is None:
        return {}
    namen = anonimiseer(signaal, regel)
    transaction.on_commit(lambda: bijlagen.MAP.verwijder(namen))
    return {"signalen": 1, "bijlagen": len(namen)}


# --- drafts --------------------------------------------------------------------------------------------------


def _concepten(grens):
    return Signaal.objects.filter(status=Status.CONCEPT, gewijzigd__lt=grens)


def concept_kandidaten(grens):
    return _concepten(grens).order_by("pk").values_list("pk", flat=True)


def concept_beschrijf(ids):
    return [f"concept {pk} (laatst gewijzigd {gewijzigd:%d-%m-%Y})"
            for pk, gewijzigd in Signaal.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "gewijzigd")]


def concept_verwijder(pk, grens, regel):
    """Delete a draft nobody changed within the term, with its staged files (once the deletion is committed). Locked
    and looked at again: its author may be saving it right now."""
    signaal = _concepten(grens).select_for_update().filter(pk=pk).first()
    if signaal is None:
        return {}
    namen = list(Bijlage.objects.filter(signaal=signaal).values_list("opslagnaam", flat=True))
    try:
        with transaction.atomic():
            signals.concept_verwijderd.send(sender=Signaal, signaal=signaal)
            log_verwijdering(signaal, regel, omschrijving="concept")
            signaal.delete()
    except ProtectedError:
        return {}
    transaction.on_commit(lambda: bijlagen.MAP.verwijder(namen))
    return {"concepten": 1, "bijlagen": len(namen)}


def zonder_besluit(signalen, nu=None):
    """Of ``signalen`` (a visible set), those submitted more than 24 months ago that still have no decision,
    oldest first."""
    grens = maanden_terug(timezone.localtime(nu or timezone.now()), ZONDER_BESLUIT_MAANDEN)
    return signalen.filter(status__in=OPEN_STATUSSEN, ingediend_op__lt=grens).order_by("ingediend_op", "pk")
