"""Demo basisniveau measurements (``seed_demo``): the Midden-Nederland measurement of February 2022 from seed 002,
a Midden-Nederland measurement of October 2026 that is still open, and a Twente measurement of March 2026.

* **Midden-Nederland, 15 February 2022, closed.** The population of that date: the 38 gemeenten of today's
  Midden-Nederland plus Weesp (GM0457, merged into Amsterdam later in 2022; it has no ``Gemeente`` row). 28 of the
  39 took part and the answers give exactly the seed-002 dashboard: response 72%; 75, 60, 14, 25, 32, 25, 75 (per
  item ja/answered: 21/28, 15/25, 4/28, 7/28, 9/28, 7/28, 21/28 — three gemeenten left the policy item unanswered).
* **Midden-Nederland, 1 October 2026, open.** Today's 38 gemeenten; 22 have answered, further than in 2022 (the
  trend). Utrecht has not filled it in yet, so its coordinator can.
* **Twente, 16 March 2026, open.** The 14 Twente gemeenten; 10 have answered. Enschede has not, so its coordinator
  can.

The rows are made directly (a measurement with a population of an earlier date cannot be made through
``basisniveau.nieuwe_meting``, which takes today's gemeenten); the explanations are made up and name no persons.

Idempotent: a demo measurement is known by its werkgebied and date. A run adds only those that do not exist yet and
never touches an existing one, so a second run changes nothing and what a demo user filled in stays.
"""
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tafels.models import District, Gemeente, Regio
from tafels.selectors import gemeenten_in_werkgebied

from .basisniveau import ITEMS
from .models import BasisniveauAntwoord, Meting, MetingAntwoord, MetingGemeente

JA = BasisniveauAntwoord.JA
NEE = BasisniveauAntwoord.NEE
ONTW = BasisniveauAntwoord.IN_ONTWIKKELING
NIET = BasisniveauAntwoord.NIET_BEANTWOORD

REGISSEUR_MIDDEN = "regisseur@midden-nederland.example"
REGISSEUR_TWENTE = "regisseur@twente.example"

WEESP = ("GM0457", "Weesp")

# Midden-Nederland 2022: the 28 gemeenten that took part, roughly from furthest along to least far (the order in
# which the "ja" answers are handed out), and the 11 that did not.
MN_2022_DEELNEMERS = [
    "Utrecht", "Amersfoort", "Almere", "Lelystad", "Hilversum", "Nieuwegein", "Veenendaal", "Zeist", "Woerden",
    "Houten", "Soest", "Stichtse Vecht", "De Bilt", "Utrechtse Heuvelrug", "IJsselstein", "Gooise Meren", "Huizen",
    "Dronten", "Weesp", "Baarn", "Leusden", "De Ronde Venen", "Wijk bij Duurstede", "Bunnik", "Vijfheerenlanden",
    "Rhenen", "Noordoostpolder", "Zeewolde",
]
# Per item: (ja, answered) among the 28 — the seed-002 figures.
MN_2022_TELLINGEN = {
    "aandachtsfunctionaris": (21, 28),
    "beleid": (15, 25),
    "aard_en_omvang": (4, 28),
    "vormen": (7, 28),
    "training": (9, 28),
    "gegevensuitwisseling": (7, 28),
    "partners": (21, 28),
}

# Midden-Nederland 2026 (open): 22 gemeenten have answered so far (not Utrecht), further along than in 2022.
MN_2026_DEELNEMERS = [
    "Amersfoort", "Almere", "Lelystad", "Hilversum", "Nieuwegein", "Veenendaal", "Zeist", "Woerden", "Houten",
    "Soest", "Stichtse Vecht", "De Bilt", "Utrechtse Heuvelrug", "IJsselstein", "Gooise Meren", "Huizen", "Dronten",
    "Baarn", "Leusden", "Bunnik", "Rhenen", "Zeewolde",
]
MN_2026_TELLINGEN = {
    "aandachtsfunctionaris": (19, 22),
    "beleid": (15, 21),
    "aard_en_omvang": (6, 22),
    "vormen": (9, 22),
    "training": (10, 22),
    "gegevensuitwisseling": (8, 20),
    "partners": (20, 22),
}

# Twente 2026 (open): 10 of the 14 have answered (not Enschede).
TW_2026_DEELNEMERS = [
    "Hengelo", "Almelo", "Oldenzaal", "Borne", "Hof van Twente", "Rijssen-Holten", "Wierden", "Losser",
    "Haaksbergen", "Tubbergen",
]
TW_2026_TELLINGEN = {
    "aandachtsfunctionaris": (8, 10),
    "beleid": (5, 9),
    "aard_en_omvang": (2, 10),
    "vormen": (3, 10),
    "training": (4, 10),
    "gegevensuitwisseling": (3, 8),
    "partners": (9, 10),
}

# A few explanations: (gemeente, item) -> text.
TOELICHTINGEN = {
    ("Utrecht", "aandachtsfunctionaris"): "Aandachtsfunctionaris mensenhandel bij de afdeling Openbare Orde en "
                                         "Veiligheid, 0,6 fte.",
    ("Utrecht", "aard_en_omvang"): "Cijfers van CoMensha en de politie worden één keer per jaar gedeeld; lokaal "
                                   "beeld is in voorbereiding.",
    ("Amersfoort", "training"): "Training voor de publieksbalie en de BOA's in het voorjaar; het sociaal domein "
                                "volgt.",
    ("Almere", "beleid"): "Actieplan mensenhandel vastgesteld door het college; onderdeel van het regionale "
                          "programma.",
    ("Lelystad", "gegevensuitwisseling"): "Convenant met het RIEC is getekend; werkafspraken met het wijkteam "
                                          "volgen.",
    ("Weesp", "beleid"): "Geen eigen beleid: Weesp sluit aan bij het beleid van Amsterdam.",
    ("Zeist", "vormen"): "Vooral zicht op seksuele uitbuiting; arbeidsuitbuiting is nog een blinde vlek.",
    ("Hengelo", "training"): "E-learning voor alle medewerkers van Burgerzaken en Vergunningen.",
    ("Almelo", "aandachtsfunctionaris"): "Vast contactpersoon bij het team Veiligheid.",
    ("Oldenzaal", "gegevensuitwisseling"): "Afspraken lopen via het Zorg- en Veiligheidshuis Twente.",
    ("Amersfoort", "aard_en_omvang"): "Eerste lokale analyse samen met de politie in 2026.",
}


def _rangorde(deelnemers, item_index):
    """The order in which the "ja" answers go: the list's order, shuffled a little per item (deterministically), so
    that not the same gemeenten lead on every item."""
    def sleutel(paar):
        positie, naam = paar
        return positie + (sum(map(ord, naam)) * (item_index + 3)) % 7

    return [naam for _positie, naam in sorted(enumerate(deelnemers), key=sleutel)]


def antwoorden_voor(deelnemers, tellingen):
    """{gemeente: {item: antwoord}} for the gemeenten that took part, giving exactly ``tellingen`` (per item: ja,
    answered): per item the first ``ja`` in the item's order say *ja*, the last ones leave it unanswered, the rest
    answer *in ontwikkeling* and *nee* in turn."""
    antwoorden = {naam: {} for naam in deelnemers}
    for index, item in enumerate(ITEMS):
        ja, beantwoord = tellingen[item]
        volgorde = _rangorde(deelnemers, index)
        for positie, naam in enumerate(volgorde):
            if positie < ja:
                antwoord = JA
            elif positie >= beantwoord:
                antwoord = NIET
            else:
                antwoord = ONTW if (positie - ja) % 2 == 0 else NEE
            antwoorden[naam][item] = antwoord
    for naam, per_item in antwoorden.items():
        if all(a == NIET for a in per_item.values()):
            raise ValueError(f"{naam} would not take part")
    return antwoorden


def _moment(dag, uur):
    return timezone.make_aware(datetime.combine(dag, time(uur, 0)))


def _meting(werkgebied, datum, *, open_, populatie, deelnemers, tellingen, door, invullers):
    """One measurement with its population [(gemeente or None, cbs_code, naam)] and answers; None if it exists."""
    velden = {"district": werkgebied} if isinstance(werkgebied, District) else {"regio": werkgebied}
    if Meting.objects.filter(**velden, datum=datum).exists():
        return None
    meting = Meting.objects.create(**velden, datum=datum, open=open_, aangemaakt_door=door,
                                   aangemaakt=_moment(datum - timedelta(days=14), 9))
    antwoorden = antwoorden_voor(deelnemers, tellingen)
    rijen = []
    for dag, (gemeente, cbs_code, naam) in enumerate(sorted(populatie, key=lambda g: (g[2], g[1]))):
        per_item = antwoorden.get(naam)
        ingevuld = {}
        if per_item is not None:
            # A closed measurement was answered in the weeks before its date; an open one since its date.
            verschuiving = timedelta(days=1 + dag % 20) if open_ else -timedelta(days=10 - dag % 10)
            ingevuld = {"ingevuld_door": invullers.get(naam, door),
                        "ingevuld_op": min(_moment(datum + verschuiving, 10 + dag % 6), timezone.now())}
        mg = MetingGemeente.objects.create(meting=meting, gemeente=gemeente, cbs_code=cbs_code, naam=naam, **ingevuld)
        for item in ITEMS:
            rijen.append(MetingAntwoord(meting_gemeente=mg, item=item,
                                        antwoord=per_item[item] if per_item else NIET,
                                        toelichting=TOELICHTINGEN.get((naam, item), "") if per_item else ""))
    MetingAntwoord.objects.bulk_create(rijen)
    return meting


def _vandaag(werkgebied):
    return [(g, g.cbs_code, g.naam) for g in gemeenten_in_werkgebied(werkgebied)]


def seed(gebruikers):
    midden = Regio.objects.get(naam="Midden-Nederland")
    twente = District.objects.get(code="TW")
    regisseur_midden = gebruikers[REGISSEUR_MIDDEN]
    regisseur_twente = gebruikers[REGISSEUR_TWENTE]
    utrecht = gebruikers.get("coordinator@utrecht.example")
    hengelo = gebruikers.get("coordinator@hengelo.example")
    gemaakt = []
    with transaction.atomic():
        if Gemeente.objects.filter(cbs_code=WEESP[0]).exists():
            raise RuntimeError("Weesp has a Gemeente row: the 2022 population would count it twice.")
        gemaakt.append(_meting(
            midden, date(2022, 2, 15), open_=False, populatie=[*_vandaag(midden), (None, *WEESP)],
            deelnemers=MN_2022_DEELNEMERS, tellingen=MN_2022_TELLINGEN, door=regisseur_midden,
            invullers={"Utrecht": utrecht} if utrecht else {}))
        gemaakt.append(_meting(
            midden, date(2026, 10, 1), open_=True, populatie=_vandaag(midden), deelnemers=MN_2026_DEELNEMERS,
            tellingen=MN_2026_TELLINGEN, door=regisseur_midden, invullers={}))
        gemaakt.append(_meting(
            twente, date(2026, 3, 16), open_=True, populatie=_vandaag(twente), deelnemers=TW_2026_DEELNEMERS,
            tellingen=TW_2026_TELLINGEN, door=regisseur_twente, invullers={"Hengelo": hengelo} if hengelo else {}))
    return {"metingen": sum(1 for m in gemaakt if m is not None)}


# --- the step of seed_demo (registered in RapportageConfig.ready(); see mensenhandel/core/demo.py) ------------------


def stap_basisniveau(demo):
    """The basisniveau measurements (seed 002), before the reports."""
    seed(demo.gebruikers)
