"""The basisniveau monitor (issue 9, seed 002): measurements of the *bestuurlijk basisniveau mensenhandel* per
werkgebied, their write paths and their figures.

A measurement (``Meting``) keeps the population of its date (``MetingGemeente`` rows: the gemeenten it asked,
Weesp included in Midden-Nederland February 2022, though it has no ``Gemeente`` row any more), never today's.

The figures (pure functions over the answers, :func:`tel` and :func:`met_trend`; :func:`cijfers` reads one
measurement in two queries):

* per item the share of gemeenten that answered *ja* among those that answered the item (*ja*, *nee* or *in
  ontwikkeling*; *niet beantwoord* is not an answer), rounded half up to whole percents, and not shown over fewer
  than 5 answers (``suppressie.percentage``);
* the response: gemeenten that took part (answered at least one item) ÷ the population, half up;
* the trend: per item the difference in percentage points with the previous measurement of the same werkgebied
  (the latest with an earlier date), of the shares as shown; none where either share is not shown.

Write paths (each checks who may, locks the measurement, writes the audit log): :func:`nieuwe_meting`,
:func:`antwoorden_opslaan`, :func:`zet_open`. :func:`cijfers_voor_rapport` gives the quarterly report the latest
measurement of a werkgebied as JSON-able data.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from tafels.models import District, Regio

from . import selectors
from .models import BasisniveauAntwoord, BasisniveauItem, Meting, MetingAntwoord, MetingGemeente
from .suppressie import NIET_GETOOND, percentage

ITEMS = tuple(BasisniveauItem.values)
"""The seven items in the dashboard's order."""

BEANTWOORD = (BasisniveauAntwoord.JA.value, BasisniveauAntwoord.NEE.value, BasisniveauAntwoord.IN_ONTWIKKELING.value)
"""The answers that count as answering an item (*niet beantwoord* does not)."""

KORT = {
    BasisniveauItem.AANDACHTSFUNCTIONARIS: gettext_lazy("Contact person"),
    BasisniveauItem.BELEID: gettext_lazy("Policy"),
    BasisniveauItem.AARD_EN_OMVANG: gettext_lazy("Local figures"),
    BasisniveauItem.VORMEN: gettext_lazy("Forms"),
    BasisniveauItem.TRAINING: gettext_lazy("Training"),
    BasisniveauItem.GEGEVENSUITWISSELING: gettext_lazy("Data exchange"),
    BasisniveauItem.PARTNERS: gettext_lazy("Partners"),
}
"""Short item names for the column headings of the table per gemeente."""

KORT_ANTWOORD = {
    BasisniveauAntwoord.JA: gettext_lazy("yes"),
    BasisniveauAntwoord.NEE: gettext_lazy("no"),
    BasisniveauAntwoord.IN_ONTWIKKELING: gettext_lazy("in dev."),
    BasisniveauAntwoord.NIET_BEANTWOORD: NIET_GETOOND,
}
"""Short answers for the cells of the table per gemeente (the full answer is there for screen readers)."""


# --- the figures: pure functions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCijfers:
    """One item of one measurement: how many gemeenten answered it and how many of them said *ja*."""

    sleutel: str
    beantwoord: int
    ja: int
    # The share of the previous measurement as shown (None: not shown, or no previous measurement).
    vorig_aandeel: int | None = None

    @property
    def label(self):
        return BasisniveauItem(self.sleutel).label

    @property
    def kort(self):
        return KORT[BasisniveauItem(self.sleutel)]

    @property
    def aandeel(self) -> int | None:
        """The share that answered *ja*, in whole percents rounded half up; None (not shown) under 5 answers."""
        return percentage(self.ja, self.beantwoord)

    @property
    def verschil(self) -> int | None:
        """The difference with the previous measurement in percentage points; None when either share is not
        shown."""
        if self.aandeel is None or self.vorig_aandeel is None:
            return None
        return self.aandeel - self.vorig_aandeel

    @property
    def verschil_tekst(self) -> str:
        """The trend for display: "+5", "−3" (a minus sign), "0", or "–" when it cannot be given."""
        verschil = self.verschil
        if verschil is None:
            return NIET_GETOOND
        if verschil > 0:
            return f"+{verschil}"
        return f"\u2212{-verschil}" if verschil < 0 else "0"


@dataclass(frozen=True)
class Cijfers:
    """The figures of one measurement."""

    populatie: int
    deelgenomen: int
    items: tuple[ItemCijfers, ...]
    # The date of the previous measurement the trend is against (None: no trend).
    vorige_datum: date | None = field(default=None)

    @property
    def respons(self) -> int | None:
        """Gemeenten that took part ÷ the population, whole percents rounded half up (None under 5 gemeenten)."""
        return percentage(self.deelgenomen, self.populatie)

    def item(self, sleutel):
        return next(item for item in self.items if item.sleutel == sleutel)


def tel(antwoorden: Iterable[tuple[object, str, str]], populatie: int) -> Cijfers:
    """The figures from the answers of a measurement: ``(gemeente, item, antwoord)`` triples (the gemeente is any
    key, e.g. the ``MetingGemeente`` id) and the size of the population.

    A gemeente took part when it answered at least one item; one with only *niet beantwoord* did not.
    """
    beantwoord = dict.fromkeys(ITEMS, 0)
    ja = dict.fromkeys(ITEMS, 0)
    deelnemers = set()
    for gemeente, item, antwoord in antwoorden:
        if item not in beantwoord or antwoord not in BEANTWOORD:
            continue
        beantwoord[item] += 1
        deelnemers.add(gemeente)
        if antwoord == BasisniveauAntwoord.JA:
            ja[item] += 1
    if len(deelnemers) > populatie:
        raise ValueError("More gemeenten took part than the population holds.")
    return Cijfers(
        populatie=populatie,
        deelgenomen=len(deelnemers),
        items=tuple(ItemCijfers(sleutel=item, beantwoord=beantwoord[item], ja=ja[item]) for item in ITEMS),
    )


def met_trend(huidig: Cijfers, vorig: Cijfers | None, vorige_datum: date | None = None) -> Cijfers:
    """``huidig`` with, per item, the share of the previous measurement beside it (for the trend)."""
    if vorig is None:
        return huidig
    vorige = {item.sleutel: item.aandeel for item in vorig.items}
    return Cijfers(
        populatie=huidig.populatie,
        deelgenomen=huidig.deelgenomen,
        items=tuple(ItemCijfers(item.sleutel, item.beantwoord, item.ja, vorig_aandeel=vorige.get(item.sleutel))
                    for item in huidig.items),
        vorige_datum=vorige_datum,
    )


# --- reading measurements ----------------------------------------------------------------------------------------


def metingen_van(werkgebied):
    """The measurements of exactly this District or Regio, newest first."""
    return Meting.objects.filter(selectors.werkgebied_zonder_districten_q(werkgebied)).order_by("-datum", "-pk")


def cijfers(meting) -> Cijfers:
    """The figures of one measurement, without trend (two queries)."""
    antwoorden = MetingAntwoord.objects.filter(meting_gemeente__meting=meting).values_list(
        "meting_gemeente_id", "item", "antwoord")
    return tel(antwoorden, MetingGemeente.objects.filter(meting=meting).count())


def vorige_meting(meting):
    """The previous measurement of the same werkgebied: the latest with an earlier date, or None."""
    werkgebied = meting.district if meting.district_id else meting.regio
    return metingen_van(werkgebied).filter(datum__lt=meting.datum).first()


def cijfers_met_trend(meting) -> Cijfers:
    vorige = vorige_meting(meting)
    return met_trend(cijfers(meting), cijfers(vorige) if vorige else None, vorige.datum if vorige else None)


def met_respons(metingen):
    """The measurements of ``metingen`` annotated with ``aantal_gemeenten`` and ``aantal_deelgenomen`` (one query).
    Counted on a fresh queryset: a selector that filters on the gemeenten (a coordinator's) would count only those."""
    return Meting.objects.filter(pk__in=metingen.values("pk")).select_related("district", "regio").annotate(
        aantal_gemeenten=Count("gemeenten", distinct=True),
        aantal_deelgenomen=Count("gemeenten", filter=Q(gemeenten__antwoorden__antwoord__in=BEANTWOORD),
                                 distinct=True),
    )


@dataclass(frozen=True)
class Cel:
    """One gemeente's answer to one item, for the table per gemeente."""

    sleutel: str
    antwoord: str
    toelichting: str

    @property
    def label(self):
        return BasisniveauItem(self.sleutel).label

    @property
    def kort(self):
        return KORT[BasisniveauItem(self.sleutel)]

    @property
    def antwoord_label(self):
        return BasisniveauAntwoord(self.antwoord).label

    @property
    def antwoord_kort(self):
        return KORT_ANTWOORD[BasisniveauAntwoord(self.antwoord)]

    @property
    def afgekort(self):
        return str(self.antwoord_kort) != str(self.antwoord_label)


@dataclass(frozen=True)
class GemeenteRij:
    meting_gemeente: MetingGemeente
    cellen: tuple[Cel, ...]

    @property
    def deelgenomen(self):
        return any(cel.antwoord in BEANTWOORD for cel in self.cellen)

    @property
    def toelichtingen(self):
        return [cel for cel in self.cellen if cel.toelichting]


def rijen_per_gemeente(meting) -> list[GemeenteRij]:
    """What every gemeente of the measurement answered, by name (two queries). Only for who may see it
    (``selectors.ziet_antwoorden_per_gemeente``): the caller checks."""
    rijen = []
    for mg in meting.gemeenten.select_related("ingevuld_door", "gemeente").prefetch_related("antwoorden"):
        per_item = {antwoord.item: antwoord for antwoord in mg.antwoorden.all()}
        cellen = []
        for item in ITEMS:
            antwoord = per_item.get(item)
            cellen.append(Cel(item, antwoord.antwoord if antwoord else BasisniveauAntwoord.NIET_BEANTWOORD.value,
                              antwoord.toelichting if antwoord else ""))
        rijen.append(GemeenteRij(mg, tuple(cellen)))
    return rijen


def antwoorden_van(meting_gemeente) -> dict[str, MetingAntwoord]:
    """One gemeente's answers per item (a missing row reads as *niet beantwoord*)."""
    bestaand = {a.item: a for a in meting_gemeente.antwoorden.all()}
    return {item: bestaand.get(item) or MetingAntwoord(meting_gemeente=meting_gemeente, item=item)
            for item in ITEMS}


def mag_invullen(user, meting_gemeente):
    """The coordinator of that gemeente or the ketenregisseur of the werkgebied, while the measurement is open."""
    return meting_gemeente.meting.open and selectors.meting_gemeenten_visible_for(user).filter(
        pk=meting_gemeente.pk).exists()


# --- write paths -------------------------------------------------------------------------------------------------


def _werkgebied_velden(werkgebied):
    if isinstance(werkgebied, District):
        return {"district": werkgebied, "regio": None}
    if isinstance(werkgebied, Regio):
        return {"district": None, "regio": werkgebied}
    raise ValueError(f"A measurement is of a District or a Regio, not {werkgebied!r}.")


def _omschrijving(meting):
    return f"basisniveau-meting {meting.datum:%Y-%m-%d}"


def nieuwe_meting(werkgebied, datum: date, door) -> Meting:
    """A new, open measurement of ``werkgebied`` on ``datum`` with today's gemeenten of the werkgebied as its
    population, every item *niet beantwoord* for every gemeente. Only the ketenregisseur of that werkgebied."""
    from tafels.selectors import gemeenten_in_werkgebied

    if not (selectors.may_manage_metingen(door) and door.werkgebied == werkgebied):
        raise PermissionDenied
    if datum > timezone.localdate():
        raise ValidationError(_("The date of a measurement cannot be in the future."), code="toekomst")
    with transaction.atomic():
        # One at a time per werkgebied, so two measurements on one date cannot slip in side by side.
        werkgebied = type(werkgebied).objects.select_for_update().get(pk=werkgebied.pk)
        if metingen_van(werkgebied).filter(datum=datum).exists():
            raise ValidationError(_("%(werkgebied)s already has a measurement on this date.")
                                  % {"werkgebied": werkgebied}, code="dubbel")
        meting = Meting.objects.create(**_werkgebied_velden(werkgebied), datum=datum, open=True, aangemaakt_door=door)
        gemeenten = MetingGemeente.objects.bulk_create([
            MetingGemeente(meting=meting, gemeente=gemeente, cbs_code=gemeente.cbs_code, naam=gemeente.naam)
            for gemeente in gemeenten_in_werkgebied(werkgebied).order_by("naam", "cbs_code")
        ])
        if any(mg.pk is None for mg in gemeenten):  # a backend that does not return ids from a bulk insert
            gemeenten = list(meting.gemeenten.all())
        MetingAntwoord.objects.bulk_create([MetingAntwoord(meting_gemeente=mg, item=item)
                                            for mg in gemeenten for item in ITEMS])
        audit.log(door, AuditActie.CREATE, meting,
                  omschrijving=f"{_omschrijving(meting)}, {len(gemeenten)} gemeenten")
    return meting


def antwoorden_opslaan(meting_gemeente, door, antwoorden: Mapping[str, tuple[str, str]]) -> MetingGemeente:
    """Save one gemeente's answers: ``{item: (antwoord, toelichting)}`` for the seven items. Only the coordinator
    of that gemeente or the ketenregisseur of the werkgebied, and only while the measurement is open (checked under
    a lock on the measurement, so closing and saving do not cross)."""
    if set(antwoorden) != set(ITEMS):
        raise ValueError("All seven items are saved at once.")
    for antwoord, _toelichting in antwoorden.values():
        if antwoord not in BasisniveauAntwoord.values:
            raise ValueError(f"Not an answer: {antwoord!r}")
    with transaction.atomic():
        mg = selectors.meting_gemeenten_visible_for(door).filter(pk=meting_gemeente.pk).first()
        if mg is None:
            raise PermissionDenied
        meting = Meting.objects.select_for_update().get(pk=mg.meting_id)
        if not meting.open:
            raise ValidationError(_("This measurement has been closed: answers can no longer be changed."),
                                  code="gesloten")
        bestaand = {a.item: a for a in MetingAntwoord.objects.filter(meting_gemeente=mg)}
        gewijzigd = []
        for item, (antwoord, toelichting) in antwoorden.items():
            toelichting = (toelichting or "").strip()
            rij = bestaand.get(item)
            if rij is None:
                MetingAntwoord.objects.create(meting_gemeente=mg, item=item, antwoord=antwoord, toelichting=toelichting)
                gewijzigd.append(item)
            elif (rij.antwoord, rij.toelichting) != (antwoord, toelichting):
                rij.antwoord, rij.toelichting = antwoord, toelichting
                rij.save(update_fields=["antwoord", "toelichting"])
                gewijzigd.append(item)
        mg.ingevuld_door = door
        mg.ingevuld_op = timezone.now()
        mg.save(update_fields=["ingevuld_door", "ingevuld_op"])
        audit.log(door, AuditActie.CHANGE, mg, omschrijving=(
            f"antwoorden {_omschrijving(meting)}, {len(gewijzigd)} items gewijzigd"
            + (f" ({', '.join(gewijzigd)})" if gewijzigd else "")))
    return mg


def zet_open(meting, door, open_: bool) -> Meting:
    """Close a measurement (no more answers) or re-open it. Only the ketenregisseur of the werkgebied."""
    with transaction.atomic():
        if not (selectors.may_manage_metingen(door)
                and selectors.metingen_visible_for(door).filter(pk=meting.pk).exists()):
            raise PermissionDenied
        meting = Meting.objects.select_for_update().get(pk=meting.pk)
        if meting.open != open_:
            meting.open = open_
            meting.save(update_fields=["open"])
            audit.log(door, AuditActie.CHANGE, meting,
                      omschrijving=f"{_omschrijving(meting)} {'heropend' if open_ else 'gesloten'}")
    return meting


# --- for the quarterly report ------------------------------------------------------------------------------------


def _als_data(meting, figuren: Cijfers) -> dict:
    return {
        "meting": meting.pk,
        "datum": meting.datum.isoformat(),
        "open": meting.open,
        "populatie": figuren.populatie,
        "deelgenomen": figuren.deelgenomen,
        "respons": figuren.respons,
        "items": [{"sleutel": item.sleutel, "beantwoord": item.beantwoord, "ja": item.ja, "aandeel": item.aandeel}
                  for item in figuren.items],
    }


def cijfers_voor_rapport(werkgebied, peildatum: date) -> dict | None:
    """The latest measurement of ``werkgebied`` on or before ``peildatum`` as JSON-able data for a report, or None
    when there is none::

        {"meting": 12, "datum": "2022-02-15", "open": false, "populatie": 39, "deelgenomen": 28, "respons": 72,
         "items": [{"sleutel": "aandachtsfunctionaris", "beantwoord": 28, "ja": 21, "aandeel": 75,
                    "vorig_aandeel": null, "verschil": null}, ...],        # the seven items in order
         "vorige": null | {"meting": 7, "datum": "2020-03-01", "populatie": …, "deelgenomen": …, "respons": …,
                           "items": [{"sleutel": …, "beantwoord": …, "ja": …, "aandeel": …}, ...]}}

    ``aandeel`` is None where fewer than 5 gemeenten answered the item (not shown), ``verschil`` (percentage
    points) where either share is not shown. ``open`` says the measurement was still taking answers (its figures
    are so far). No names: only counts of gemeenten, which are no personal data.
    """
    meting = metingen_van(werkgebied).filter(datum__lte=peildatum).first()
    if meting is None:
        return None
    vorige = vorige_meting(meting)
    vorige_cijfers = cijfers(vorige) if vorige else None
    figuren = met_trend(cijfers(meting), vorige_cijfers, vorige.datum if vorige else None)
    data = _als_data(meting, figuren)
    for regel, item in zip(data["items"], figuren.items, strict=True):
        regel["vorig_aandeel"] = item.vorig_aandeel
        regel["verschil"] = item.verschil
    data["vorige"] = _als_data(vorige, vorige_cijfers) if vorige else None
    if data["vorige"]:
        del data["vorige"]["open"]
    return data
