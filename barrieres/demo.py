"""Demo barriers (``seed_demo``): on the demo cases of Twente and Midden-Nederland, made up, no names.

Run from the report's demo step (``rapportage.demo``), after the case history and before the reports are counted, so
the quarterly reports of the demo count them. Idempotent: nothing is added when a demo case has barriers already.
"""
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from casusoverleg.models import Actie, ActieSoort, Casus
from partners.models import Organisatie, OrganisatieSoort

from .models import Barriere, BarriereActie, Domein, Instrument, Resultaat

# Per domain: the instruments that fit it, with what was done and, when it worked, what came of it.
PASSEND = {
    "werving_entree": [
        (Instrument.BIBOB, "Bibob-onderzoek bij de aanvraag van een vergunning voor een uitzendbureau (demo).",
         "Aanvraag ingetrokken na het Bibob-onderzoek."),
        (Instrument.VERGUNNING_GEWEIGERD, "Exploitatievergunning voor een massagesalon (demo) aangevraagd.",
         "Vergunning geweigerd: de aanvrager kon de herkomst van het geld niet aantonen."),
    ],
    "huisvesting": [
        (Instrument.CONTROLE, "Controle op overbewoning van een woning die via de werkgever wordt verhuurd.",
         "Overbewoning vastgesteld; de verhuurder is aangeschreven."),
        (Instrument.LAST_ONDER_DWANGSOM, "Last onder dwangsom wegens overbewoning en brandonveilige situatie.",
         "De bewoning is teruggebracht; de bewoners zijn elders gehuisvest met hulp van de gemeente."),
        (Instrument.SLUITING, "Sluiting van een pand waar arbeidsmigranten onder slechte omstandigheden wonen.",
         "Pand voor zes maanden gesloten op last van de burgemeester."),
    ],
    "identiteit_registratie": [
        (Instrument.CONTROLE, "Adresonderzoek BRP na veel inschrijvingen op één adres.",
         "Inschrijvingen gecorrigeerd; het adres wordt gevolgd bij nieuwe inschrijvingen."),
    ],
    "arbeid": [
        (Instrument.CONTROLE, "Gezamenlijke controle met de Arbeidsinspectie bij een bedrijf (demo).",
         "Overtredingen van de arbeidswetgeving vastgesteld; boeterapport opgemaakt."),
        (Instrument.SLUITING, "Tijdelijke sluiting van een nagelstudio (demo) na een controle.",
         "Zaak gesloten; de exploitant heeft beroep aangetekend."),
    ],
    "financien": [
        (Instrument.BIBOB, "Bibob-toets bij een subsidieaanvraag van een betrokken onderneming (demo).",
         "Subsidie niet verleend."),
    ],
    "verblijf": [
        (Instrument.CONTROLE, "Controle van de verblijfsdocumenten bij een werkgever, samen met de KMar.",
         "Geen overtredingen gevonden; de signalen zijn teruggelegd bij het casusoverleg."),
    ],
}
GEWICHTEN = {"huisvesting": 5, "arbeid": 4, "werving_entree": 3, "identiteit_registratie": 2, "financien": 1,
             "verblijf": 1}


def _demo_casussen():
    return (Casus.objects.filter(verwijderd_op__isnull=True)
            .filter(district__code="TW") | Casus.objects.filter(verwijderd_op__isnull=True,
                                                                regio__naam="Midden-Nederland", district__isnull=True))


def _organisatie(casus):
    gemeente_org = Organisatie.objects.filter(soort=OrganisatieSoort.GEMEENTE,
                                              gemeente__in=casus.gemeenten.all()).order_by("naam").first()
    return gemeente_org or casus.eigenaar.organisatie


def seed(vandaag=None):
    """Barriers on about half of the demo cases (always on a case with an administrative action). Returns the number
    made (0 when they were there)."""
    vandaag = vandaag or timezone.localdate()
    gisteren = vandaag - timedelta(days=1)
    casussen = list(_demo_casussen().select_related("eigenaar__organisatie").order_by("geopend_op", "pk"))
    if not casussen or Barriere.objects.filter(casus__in=casussen).exists():
        return 0
    domeinen = {d.code: d for d in Domein.objects.filter(code__in=PASSEND)}
    bestuurlijk = {}
    for actie in Actie.objects.filter(casus__in=casussen, soort=ActieSoort.BESTUURLIJK).order_by("deadline", "pk"):
        bestuurlijk.setdefault(actie.casus_id, []).append(actie)
    gemaakt = 0
    with transaction.atomic():
        for casus in casussen:
            rng = random.Random(f"barrieres-demo-{casus.code}")
            acties = bestuurlijk.get(casus.pk, [])
            if not acties and rng.random() > 0.5:
                continue
            begin = timezone.localdate(casus.geopend_op)
            for nummer in range(1 if rng.random() < 0.7 else 2):
                gestart = min(begin + timedelta(days=rng.randint(3, 40) + 30 * nummer), gisteren)
                if gestart < begin:
                    continue
                code = rng.choices(list(GEWICHTEN), weights=list(GEWICHTEN.values()))[0]
                if code not in domeinen:
                    continue
                instrument, wat, uitkomst = rng.choice(PASSEND[code])
                afgerond = gestart + timedelta(days=rng.randint(10, 60))
                if afgerond <= gisteren:
                    resultaat = Resultaat.OPGEWORPEN if rng.random() < 0.8 else Resultaat.GEEN_EFFECT
                    toelichting = f"{wat} {uitkomst}" if resultaat == Resultaat.OPGEWORPEN else (
                        f"{wat} Geen maatregel mogelijk: onvoldoende grond.")
                else:
                    afgerond, resultaat, toelichting = None, Resultaat.LOPEND, wat
                barriere = Barriere.objects.create(
                    casus=casus, domein=domeinen[code], instrument=instrument, organisatie=_organisatie(casus),
                    gestart_op=gestart, afgerond_op=afgerond, resultaat=resultaat, toelichting=toelichting,
                    aangemaakt_door=casus.eigenaar,
                    aangemaakt=timezone.make_aware(datetime.combine(gestart, time(10, 0))),
                )
                if nummer == 0 and acties:
                    BarriereActie.objects.create(barriere=barriere, actie=acties[0])
                gemaakt += 1
    return gemaakt
