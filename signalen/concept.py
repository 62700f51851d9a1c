"""Drafts (concepten): the one write path for a signal before it is submitted.

A draft belongs to its author alone; it is saved while the author types (autosave) and on
"Opslaan als concept". Submitting goes through ``services.submit``.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from . import selectors
from .models import Antwoord, Bijlage, Signaal, SignaalIndicator, Status, Urgentie

# An untouched empty draft younger than this is reused by "Nieuw signaal" instead of making another.
HERGEBRUIK_BINNEN = timedelta(hours=1)


def concepten_van(user):
    """The drafts a user may edit: their own, through the signal selector."""
    if not selectors.may_submit(user):
        return Signaal.objects.none()
    return selectors.signalen_visible_for(user).filter(status=Status.CONCEPT, ingediend_door=user)


def _leeg_concept(user):
    return (
        concepten_van(user)
        .filter(
            aangemaakt__gte=timezone.now() - HERGEBRUIK_BINNEN,
            gemeente=selectors.default_gemeente(user),
            waargenomen_van__isnull=True, waargenomen_tot__isnull=True, sector__isnull=True, bron__isnull=True,
            omschrijving="", locatie_naam="", locatie_adres="", kvk_nummer="", aantal_slachtoffers__isnull=True,
            minderjarige=False, urgentie=Urgentie.NORMAAL,
        )
        .exclude(Exists(Signaal.vormen.through.objects.filter(signaal_id=OuterRef("pk"))))
        .exclude(Exists(SignaalIndicator.objects.filter(signaal_id=OuterRef("pk")).exclude(antwoord=Antwoord.ONBEKEND)))
        .exclude(Exists(Bijlage.objects.filter(signaal_id=OuterRef("pk"))))
        .order_by("-aangemaakt")
        .first()
    )


@transaction.atomic
def nieuw(user):
    """A new draft for the user (or their untouched empty one of the last hour). Returns (signaal, nieuw)."""
    bestaand = _leeg_concept(user)
    if bestaand is not None:
        return bestaand, False
    signaal = Signaal.objects.create(
        status=Status.CONCEPT,
        ingediend_door=user,
        organisatie=user.organisatie,
        gemeente=selectors.default_gemeente(user),
    )
    audit.log(user, AuditActie.CREATE, signaal, omschrijving="concept")
    return signaal, True


@transaction.atomic
def opslaan(signaal, user, waarden, vormen=None, antwoorden=None):
    """Store what passed the form's checks on the user's draft. Returns the saved draft, or None when it is
    no longer a draft of this user (submitted in the meantime, e.g. by a second tab): then nothing changes."""
    signaal = concepten_van(user).select_for_update().filter(pk=signaal.pk).first()
    if signaal is None:
        return None
    for name, value in waarden.items():
        setattr(signaal, name, value)
    signaal.save(update_fields=[*waarden, "gewijzigd"])
    if vormen is not None:
        signaal.vormen.set(vormen)
    if antwoorden:
        _antwoorden_opslaan(signaal, antwoorden)
    audit.log(user, AuditActie.CHANGE, signaal, omschrijving="concept opgeslagen")
    return signaal


def _antwoorden_opslaan(signaal, antwoorden):
    """One row per indicator that was observed or not observed; no row means 'unknown' (the default)."""
    bestaand = {rij.indicator_id: rij for rij in signaal.indicatoren.all()}
    weg = [pk for pk, antwoord in antwoorden.items() if antwoord == Antwoord.ONBEKEND and pk in bestaand]
    if weg:
        SignaalIndicator.objects.filter(signaal=signaal, indicator_id__in=weg).delete()
    nieuw_rijen, gewijzigd = [], []
    for pk, antwoord in antwoorden.items():
        if antwoord == Antwoord.ONBEKEND:
            continue
        rij = bestaand.get(pk)
        if rij is None:
            nieuw_rijen.append(SignaalIndicator(signaal=signaal, indicator_id=pk, antwoord=antwoord))
        elif rij.antwoord != antwoord:
            rij.antwoord = antwoord
            gewijzigd.append(rij)
    if nieuw_rijen:
        SignaalIndicator.objects.bulk_create(nieuw_rijen)
    if gewijzigd:
        SignaalIndicator.objects.bulk_update(gewijzigd, ["antwoord"])
