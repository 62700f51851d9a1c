"""Awareness sessions (*bewustwordingsbijeenkomsten*, issue 9, seed 001 §1): registering and changing a session, and
the figures per gemeente of a werkgebied (the page ``/bewustwording/`` and the quarterly report's chapter).

Registering and changing
------------------------
Only the ketenregisseur of a werkgebied registers a session, always for their own werkgebied, and changes only the
sessions of that werkgebied (``selectors.may_manage_bijeenkomst``). A session reaches at least one gemeente, and only
gemeenten of that werkgebied; at least one department (``models.Afdeling``), where "other" needs the department's
name; at least one participant; and it took place today or earlier. :func:`registreer` and :func:`wijzig` are the
one write path: they check all of this again (the form checks it first, for the messages) and write the audit log.

The 12-month rule
-----------------
A gemeente counts as *reached* on a peildatum P when a session that reached it took place on a day from P minus 12
months up to and including P. "P minus 12 months" is the same day one year earlier (from 29 February: 28 February).
Both ends count: on 25 November 2026 a session of 25 November 2025 still counts, one of 24 November 2025 does not.
A session after P does not count (a report counts what had happened on its peildatum), and neither is it the "last
session" on P.

Which sessions count for a gemeente: every session that reached it, whoever registered it (a session of the region
Oost-Nederland that reached Enschede counts for Twente too), as ``selectors.bijeenkomsten_visible_for`` shows them.

The share of gemeenten reached is taken over today's gemeenten of the werkgebied (the population of the page and of
the report on its peildatum), in whole percents rounded half up, as ``suppressie.percentage`` rounds. The
denominator here is a number of gemeenten, not of people, so a share over fewer than five is still shown.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import Organisatie, OrganisatieSoort
from tafels.models import District, Gemeente

from . import selectors
from .models import Afdeling, Bewustwordingsbijeenkomst

MAANDEN = 12
MAX_DEELNEMERS = 10000

Bereik = Bewustwordingsbijeenkomst.gemeenten.through


# --- the 12-month rule ----------------------------------------------------------------------------------------


def begin_venster(peildatum: date) -> date:
    """The first day that still counts on ``peildatum``: the same day twelve months earlier (see the module)."""
    jaar = peildatum.year - 1
    return date(jaar, peildatum.month, min(peildatum.day, calendar.monthrange(jaar, peildatum.month)[1]))


def telt_mee(datum: date | None, peildatum: date) -> bool:
    """Whether a session on ``datum`` reached its gemeenten "in the last 12 months" on ``peildatum``."""
    return datum is not None and begin_venster(peildatum) <= datum <= peildatum


def percentage(teller: int, noemer: int) -> int | None:
    """Whole percents, half up (``suppressie.percentage``'s rounding); None when there is nothing to divide by."""
    if noemer <= 0:
        return None
    return int((Decimal(teller) * 100 / Decimal(noemer)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- the figures ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GemeenteStand:
    """One gemeente on the peildatum: its last session up to then (or None) and whether it is reached."""

    gemeente: Gemeente
    laatste: Bewustwordingsbijeenkomst | None
    bereikt: bool

    @property
    def laatste_datum(self) -> date | None:
        return self.laatste.datum if self.laatste else None


@dataclass(frozen=True)
class Overzicht:
    werkgebied: object
    peildatum: date
    vanaf: date
    gemeenten: list[GemeenteStand]

    @property
    def aantal(self) -> int:
        return len(self.gemeenten)

    @property
    def aantal_bereikt(self) -> int:
        return sum(stand.bereikt for stand in self.gemeenten)

    @property
    def percentage(self) -> int | None:
        return percentage(self.aantal_bereikt, self.aantal)

    @property
    def niet_bereikt(self) -> list[GemeenteStand]:
        return [stand for stand in self.gemeenten if not stand.bereikt]


def _standen(gemeenten, peildatum: date) -> list[GemeenteStand]:
    """Two queries whatever the number of gemeenten: the gemeenten with the id of their last session up to the
    peildatum, then those sessions with their organiser."""
    laatste = (Bereik.objects.filter(gemeente_id=OuterRef("pk"), bewustwordingsbijeenkomst__datum__lte=peildatum)
               .order_by("-bewustwordingsbijeenkomst__datum", "-bewustwordingsbijeenkomst_id")
               .values("bewustwordingsbijeenkomst_id")[:1])
    rijen = list(gemeenten.annotate(laatste_id=Subquery(laatste)).order_by("naam", "cbs_code"))
    ids = {rij.laatste_id for rij in rijen if rij.laatste_id}
    sessies = Bewustwordingsbijeenkomst.objects.select_related("organisator").in_bulk(ids) if ids else {}
    standen = []
    for rij in rijen:
        sessie = sessies.get(rij.laatste_id)
        standen.append(GemeenteStand(rij, sessie, telt_mee(sessie.datum if sessie else None, peildatum)))
    return standen


def overzicht(werkgebied, peildatum: date | None = None) -> Overzicht:
    """Per gemeente of the werkgebied (today's gemeenten, by name) its last session and whether it is reached."""
    from tafels.selectors import gemeenten_in_werkgebied

    peildatum = peildatum or timezone.localdate()
    return Overzicht(werkgebied, peildatum, begin_venster(peildatum),
                     _standen(gemeenten_in_werkgebied(werkgebied), peildatum))


def stand_van(gemeente: Gemeente, peildatum: date | None = None) -> GemeenteStand:
    """One gemeente (a coordinator's own)."""
    peildatum = peildatum or timezone.localdate()
    return _standen(Gemeente.objects.filter(pk=gemeente.pk), peildatum)[0]


def cijfers_voor_rapport(werkgebied, peildatum: date) -> dict:
    """The figures of the werkgebied on ``peildatum``, JSON-able, for the quarterly report::

        {"peildatum": "2026-09-30", "vanaf": "2025-09-30",
         "gemeenten": [{"naam": "Almelo", "cbs_code": "GM0141", "laatste_bijeenkomst": "2026-05-12" | None,
                        "bereikt": true}, ...],          # today's gemeenten of the werkgebied, by name
         "bereikt": 9, "populatie": 14, "percentage": 64}  # percentage None when the werkgebied has no gemeenten

    No personal data: dates, gemeenten and counts only.
    """
    stand = overzicht(werkgebied, peildatum)
    return {
        "peildatum": stand.peildatum.isoformat(),
        "vanaf": stand.vanaf.isoformat(),
        "gemeenten": [
            {
                "naam": g.gemeente.naam,
                "cbs_code": g.gemeente.cbs_code,
                "laatste_bijeenkomst": g.laatste_datum.isoformat() if g.laatste_datum else None,
                "bereikt": g.bereikt,
            }
            for g in stand.gemeenten
        ],
        "bereikt": stand.aantal_bereikt,
        "populatie": stand.aantal,
        "percentage": stand.percentage,
    }


# --- choices for the form -----------------------------------------------------------------------------------


def gemeenten_keuze(werkgebied):
    """The gemeenten a session of ``werkgebied`` can reach."""
    from tafels.selectors import gemeenten_in_werkgebied

    return gemeenten_in_werkgebied(werkgebied).order_by("naam", "cbs_code")


def organisatoren() -> tuple[list[Organisatie], list[Organisatie]]:
    """The organisations that can organise a session: the RIECs first, then the others (each by name)."""
    alle = list(Organisatie.objects.order_by("naam"))
    return ([o for o in alle if o.soort == OrganisatieSoort.RIEC], [o for o in alle if o.soort != OrganisatieSoort.RIEC])


def may_register(user) -> bool:
    """A ketenregisseur with a werkgebied registers sessions for it."""
    return selectors.may_manage_rapporten(user)


# --- writing ----------------------------------------------------------------------------------------------------


def _velden(werkgebied) -> dict:
    if isinstance(werkgebied, District):
        return {"district": werkgebied, "regio": None}
    return {"district": None, "regio": werkgebied}


def _schoon(werkgebied, *, datum, organisator, gemeenten, afdelingen, afdeling_overig, deelnemers):
    """Check a session's data against the rules in the module docstring: (the fields to store, the gemeenten), or
    ValidationError with the messages per field."""
    fouten = {}
    if datum is None:
        fouten["datum"] = _("Give the date of the session.")
    elif datum > timezone.localdate():
        fouten["datum"] = _("The date cannot be in the future: register a session once it has taken place.")
    if organisator is None:
        fouten["organisator"] = _("Choose the organisation that organised the session.")
    gemeenten = list(gemeenten or [])
    if not gemeenten:
        fouten["gemeenten"] = _("Choose at least one municipality the session reached.")
    else:
        toegestaan = set(gemeenten_keuze(werkgebied).values_list("pk", flat=True))
        if any(g.pk not in toegestaan for g in gemeenten):
            fouten["gemeenten"] = _("Choose only municipalities of %(werkgebied)s.") % {"werkgebied": werkgebied}
    gekozen = set(afdelingen or [])
    afdelingen = [a for a in Afdeling.values if a in gekozen]  # in the list's order
    afdeling_overig = (afdeling_overig or "").strip()
    if gekozen - set(Afdeling.values):
        fouten["afdelingen"] = _("Choose departments from the list.")
    elif not afdelingen:
        fouten["afdelingen"] = _("Choose at least one department the session reached.")
    elif Afdeling.OVERIG in afdelingen and not afdeling_overig:
        fouten["afdeling_overig"] = _("Give the name of the other department.")
    if Afdeling.OVERIG not in afdelingen:
        afdeling_overig = ""
    if deelnemers is None or deelnemers < 1:
        fouten["deelnemers"] = _("A session has at least one participant.")
    elif deelnemers > MAX_DEELNEMERS:
        fouten["deelnemers"] = _("Give the number of participants (at most %(max)s).") % {"max": MAX_DEELNEMERS}
    if fouten:
        raise ValidationError(fouten)
    return {"datum": datum, "organisator": organisator, "afdelingen": afdelingen,
            "afdeling_overig": afdeling_overig[:150], "deelnemers": deelnemers}, gemeenten


@transaction.atomic
def registreer(door, *, datum, organisator, gemeenten, afdelingen, afdeling_overig="", deelnemers):
    """Register a session for the werkgebied of ``door`` (a ketenregisseur)."""
    if not may_register(door):
        raise PermissionDenied
    werkgebied = door.werkgebied
    velden, gemeenten = _schoon(werkgebied, datum=datum, organisator=organisator, gemeenten=gemeenten,
                                afdelingen=afdelingen, afdeling_overig=afdeling_overig, deelnemers=deelnemers)
    bijeenkomst = Bewustwordingsbijeenkomst.objects.create(**_velden(werkgebied), **velden, aangemaakt_door=door)
    bijeenkomst.gemeenten.set(gemeenten)
    audit.log(door, AuditActie.CREATE, bijeenkomst,
              omschrijving=f"bewustwordingsbijeenkomst {bijeenkomst.pk} ({len(gemeenten)} gemeenten)")
    return bijeenkomst


@transaction.atomic
def wijzig(door, bijeenkomst, *, datum, organisator, gemeenten, afdelingen, afdeling_overig="", deelnemers):
    """Change a session of the werkgebied of ``door``; it stays a session of that werkgebied."""
    bijeenkomst = Bewustwordingsbijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    if not selectors.may_manage_bijeenkomst(door, bijeenkomst):
        raise PermissionDenied
    velden, gemeenten = _schoon(bijeenkomst.werkgebied, datum=datum, organisator=organisator, gemeenten=gemeenten,
                                afdelingen=afdelingen, afdeling_overig=afdeling_overig, deelnemers=deelnemers)
    voor_gemeenten = set(bijeenkomst.gemeenten.values_list("pk", flat=True))
    gewijzigd = [naam for naam, waarde in velden.items() if getattr(bijeenkomst, naam) != waarde]
    if voor_gemeenten != {g.pk for g in gemeenten}:
        gewijzigd.append("gemeenten")
    for naam, waarde in velden.items():
        setattr(bijeenkomst, naam, waarde)
    bijeenkomst.save()
    bijeenkomst.gemeenten.set(gemeenten)
    audit.log(door, AuditActie.CHANGE, bijeenkomst,
              omschrijving=f"bewustwordingsbijeenkomst {bijeenkomst.pk}: {', '.join(gewijzigd) or 'niets gewijzigd'}")
    return bijeenkomst
