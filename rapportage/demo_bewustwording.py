"""Demo awareness sessions (``seed_demo``): the last two years in Twente (organised by RIEC Oost-Nederland) and in
Midden-Nederland (RIEC Midden-Nederland). Fictitious sessions; dates relative to today.

Twente: 9 of its 14 gemeenten had a session in the last 12 months (64%); Dinkelland, Haaksbergen, Hellendoorn,
Rijssen-Holten and Tubbergen did not (their last one was longer ago), so the page marks them.
Midden-Nederland: 25 of its 38 gemeenten in the last 12 months (66%); the Utrechtse Heuvelrug, Zeist, Woerden and
the other gemeenten of the older sessions are marked.

Sessions are registered through ``bewustwording.registreer`` by the werkgebied's demo ketenregisseur (so the audit
log holds them as real use would). Idempotent: a werkgebied that already has sessions of its own gets none added.
"""
from datetime import timedelta

from django.utils import timezone

from partners.models import Organisatie
from tafels.models import District, Regio

from . import bewustwording
from .models import Afdeling, Bewustwordingsbijeenkomst
from .selectors import werkgebied_zonder_districten_q

A = Afdeling

# days ago, gemeenten (by name), departments, other department, participants
TWENTE = [
    (19, ["Enschede"], [A.PUBLIEKSBALIE, A.HANDHAVING, A.BURGERZAKEN], "", 34),
    (61, ["Hengelo", "Borne"], [A.SOCIAAL_DOMEIN, A.HANDHAVING], "", 26),
    (118, ["Almelo", "Wierden", "Twenterand"], [A.VERGUNNINGEN, A.HANDHAVING, A.BURGERZAKEN], "", 41),
    (204, ["Oldenzaal", "Losser"], [A.SOCIAAL_DOMEIN, A.OVERIG], "Leerplicht", 22),
    (297, ["Hof van Twente"], [A.PUBLIEKSBALIE, A.SOCIAAL_DOMEIN], "", 17),
    (402, ["Haaksbergen", "Enschede"], [A.HANDHAVING, A.VERGUNNINGEN], "", 29),
    (488, ["Rijssen-Holten", "Hellendoorn"], [A.SOCIAAL_DOMEIN, A.PUBLIEKSBALIE], "", 23),
    (566, ["Tubbergen", "Dinkelland"], [A.PUBLIEKSBALIE, A.BURGERZAKEN, A.OVERIG], "Schuldhulpverlening", 18),
    (671, ["Almelo", "Hengelo"], [A.HANDHAVING], "", 31),
]

MIDDEN = [
    (33, ["Utrecht"], [A.SOCIAAL_DOMEIN, A.PUBLIEKSBALIE, A.BURGERZAKEN], "", 46),
    (89, ["Amersfoort", "Leusden", "Soest", "Baarn", "Bunschoten", "Woudenberg"],
     [A.HANDHAVING, A.VERGUNNINGEN, A.SOCIAAL_DOMEIN], "", 38),
    (152, ["Almere", "Lelystad", "Dronten", "Zeewolde", "Noordoostpolder", "Urk"],
     [A.SOCIAAL_DOMEIN, A.PUBLIEKSBALIE, A.OVERIG], "Leerplicht", 52),
    (236, ["Hilversum", "Gooise Meren", "Huizen", "Blaricum", "Laren", "Wijdemeren", "Eemnes"],
     [A.HANDHAVING, A.BURGERZAKEN], "", 35),
    (331, ["Nieuwegein", "IJsselstein", "Houten", "Vijfheerenlanden", "Lopik"],
     [A.PUBLIEKSBALIE, A.VERGUNNINGEN], "", 29),
    (421, ["Zeist", "De Bilt", "Bunnik", "Utrechtse Heuvelrug", "Wijk bij Duurstede", "Rhenen", "Veenendaal",
           "Renswoude"], [A.SOCIAAL_DOMEIN, A.HANDHAVING], "", 31),
    (547, ["Woerden", "Oudewater", "Montfoort", "De Ronde Venen", "Stichtse Vecht"],
     [A.PUBLIEKSBALIE, A.SOCIAAL_DOMEIN, A.BURGERZAKEN], "", 27),
    (694, ["Utrecht"], [A.HANDHAVING, A.VERGUNNINGEN], "", 40),
]


def _seed_werkgebied(werkgebied, organisator, regisseur, sessies):
    if Bewustwordingsbijeenkomst.objects.filter(werkgebied_zonder_districten_q(werkgebied)).exists():
        return []
    gemeenten = {g.naam: g for g in bewustwording.gemeenten_keuze(werkgebied)}
    vandaag = timezone.localdate()
    gemaakt = []
    for dagen, namen, afdelingen, overig, deelnemers in sessies:
        gemaakt.append(bewustwording.registreer(
            regisseur, datum=vandaag - timedelta(days=dagen), organisator=organisator,
            gemeenten=[gemeenten[naam] for naam in namen], afdelingen=afdelingen, afdeling_overig=overig,
            deelnemers=deelnemers,
        ))
    return gemaakt


def seed(gebruikers):
    """The demo sessions of Twente and Midden-Nederland; returns the sessions added (none on a second run)."""
    twente = District.objects.get(code="TW")
    midden = Regio.objects.get(naam="Midden-Nederland")
    return [
        *_seed_werkgebied(twente, Organisatie.objects.get(naam="RIEC Oost-Nederland"),
                          gebruikers["regisseur@twente.example"], TWENTE),
        *_seed_werkgebied(midden, Organisatie.objects.get(naam="RIEC Midden-Nederland"),
                          gebruikers["regisseur@midden-nederland.example"], MIDDEN),
    ]


# --- the step of seed_demo (registered in RapportageConfig.ready(); see mensenhandel/core/demo.py) ------------------


def stap_bewustwording(demo):
    """The awareness sessions (seed 001 §1), before the reports."""
    seed(demo.gebruikers)
