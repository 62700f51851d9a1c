"""The domain's own lists, as data a beheerder can extend in Beheer.

Source: ``signalen/data/mensenhandel-referentie.md`` — art. 273f Sr (forms), the Twente proposal
(seed 001) and the national rapporteur's reports (sectors), seed 001 and municipal practice
(sources), our working grouping of the public signal lists of the OM (Aanwijzing mensenhandel),
the zorgcoördinatie/Veiligheidshuizen and CoMensha (indicators; not an official taxonomy, no
nationality or origin as an indicator), and the legal frame (legal bases).

Loading is idempotent and never removes or renames what a beheerder changed: existing codes are
left alone, missing ones are added.
"""
from datetime import date

from django.db import transaction

from .models import Bron, Grondslag, Indicator, IndicatorCluster, Sector, Standaardtekst, Status, Vorm

VORMEN = [
    ("seksueel", "Seksuele uitbuiting"),
    ("arbeid", "Arbeidsuitbuiting (uitbuiting buiten de seksindustrie)"),
    ("crimineel", "Criminele uitbuiting (gedwongen criminele activiteiten)"),
    ("orgaan", "Gedwongen orgaanverwijdering"),
    ("onbekend", "Onbekend / nog niet vast te stellen"),
]

SECTOREN = [
    ("prostitutie", "Prostitutie / seksbranche (vergund en onvergund)"),
    ("land-tuinbouw", "Land- en tuinbouw"),
    ("champignonkwekerijen", "Champignonkwekerijen"),
    ("hennep-drugs", "Hennepteelt / drugsproductie"),
    ("horeca", "Horeca"),
    ("textiel", "Naaiateliers / textiel"),
    ("uitzendbureaus", "Uitzendbureaus"),
    ("huisvesting", "Huisvesting (huisjesmelkers)"),
    ("transport-logistiek", "Transport en logistiek"),
    ("bouw", "Bouw"),
    ("schoonmaak", "Schoonmaak"),
    ("distributiecentra", "Distributiecentra"),
    ("vleesverwerking", "Vleesverwerking"),
    ("nagelstudios-massage", "Nagelstudio's / massagesalons"),
    ("huishoudelijk-au-pair", "Huishoudelijk werk / au pair"),
    ("online", "Online"),
    ("overig", "Overig"),
]

BRONNEN = [
    ("brp", "BRP-inschrijving (o.a. veel inschrijvingen op één adres)"),
    ("vergunningen-bibob", "Vergunningverlening / Bibob"),
    ("toezicht-handhaving", "Toezicht en handhaving (BOA)"),
    ("sociaal-domein", "Sociaal domein / wijkteam / Wmo"),
    ("uitkering", "Uitkering / Participatiewet"),
    ("leerplicht", "Leerplicht"),
    ("publieksbalie", "Publieksbalie"),
    ("melding-burger", "Melding van een burger"),
    ("woningcorporatie", "Woningcorporatie"),
    ("ggd", "GGD"),
    ("ketenpartner", "Signaal van een ketenpartner"),
    ("overig", "Overig"),
]

INDICATOREN = [
    ("Meervoudige afhankelijkheid", [
        "Huisvesting, vervoer of werk via dezelfde persoon",
        "Schulden bij werkgever of bemiddelaar",
        "Geen beschikking over eigen identiteitspapieren of bankrekening",
        "Taal, verblijfsstatus of isolement maakt afhankelijk",
    ]),
    ("Inperking van basisvrijheden", [
        "Kan niet vrij gaan en staan",
        "Wordt gecontroleerd of begeleid",
        "Contact met familie of hulpverlening beperkt",
        "Weet eigen (werk)adres niet",
    ]),
    ("Slechte werk- en leefomstandigheden", [
        "Extreem lange werkdagen",
        "(Veel) te laag of geen loon",
        "Inhoudingen voor huisvesting of boetes",
        "Slechte of overvolle huisvesting",
        "Onveilig werk",
    ]),
    ("Aantasting van lichamelijke integriteit", [
        "Sporen van geweld of verwaarlozing",
        "Dreiging met geweld tegen persoon of familie",
        "Gedwongen middelengebruik",
        "Gedwongen abortus of onveilige seks",
    ]),
    ("Patroon / georganiseerd verband", [
        "Meerdere personen in dezelfde situatie",
        "Dezelfde bemiddelaar of dezelfde adressen",
        "Wisselende verblijfplaatsen",
        "Signalen bij meerdere partners",
    ]),
]

GRONDSLAGEN = [
    ("AVG art. 6 lid 1 sub e — taak van algemeen belang", "Verwerking noodzakelijk voor een publieke taak.",
     date(2018, 5, 25)),
    ("Convenant RIEC/LIEC met privacyprotocol", "Gegevensdeling per casus met de deelnemers aan die casus.",
     date(2020, 1, 1)),
    ("Wet politiegegevens art. 16, 19 en 20", "Verstrekking van politiegegevens aan samenwerkingsverbanden.",
     date(2008, 1, 1)),
    ("Wjsg art. 39f", "Verstrekking van justitiële en strafvorderlijke gegevens voor een integrale aanpak.",
     date(2013, 1, 1)),
]
# The Wet gegevensverwerking door samenwerkingsverbanden (WGS) is added by the beheerder with the date
# its implementing decree takes effect: a legal basis may only be offered from the day it is in force.

STANDAARDTEKSTEN = [
    (Status.IN_BEHANDELING, "In behandeling",
     "Dank voor uw signaal. De ketenregisseur beoordeelt het nu; u hoort wat ermee gebeurt."),
    (Status.INFORMATIE_OPGEVRAAGD, "Aanvullende informatie nodig",
     "Om uw signaal goed te kunnen beoordelen, hebben we nog een vraag. U kunt die in de applicatie beantwoorden."),
    (Status.OPGEPAKT_IN_CASUS, "Opgepakt in een casus",
     "Uw signaal is opgepakt in een casus van het casusoverleg. Dank voor het melden."),
    (Status.DOORGEZET, "Doorgezet",
     "Uw signaal is doorgezet naar de partner die het verder oppakt. Wat die partner doet, kunnen wij niet altijd "
     "terugmelden."),
    (Status.AFGESLOTEN, "Afgesloten zonder vervolg",
     "Uw signaal is beoordeeld en leidt op dit moment niet tot vervolg. Ziet u nieuwe signalen, meld ze dan opnieuw."),
]


@transaction.atomic
def load():
    for model, rows in ((Vorm, VORMEN), (Sector, SECTOREN), (Bron, BRONNEN)):
        for volgorde, (code, naam) in enumerate(rows, start=1):
            model.objects.get_or_create(code=code, defaults={"naam": naam, "volgorde": volgorde * 10})
    for c, (cluster_naam, teksten) in enumerate(INDICATOREN, start=1):
        cluster, _created = IndicatorCluster.objects.get_or_create(naam=cluster_naam, defaults={"volgorde": c * 10})
        for i, tekst in enumerate(teksten, start=1):
            Indicator.objects.get_or_create(cluster=cluster, tekst=tekst, defaults={"volgorde": i * 10})
    for naam, omschrijving, van in GRONDSLAGEN:
        Grondslag.objects.get_or_create(naam=naam, defaults={"omschrijving": omschrijving, "geldig_van": van})
    for status, titel, tekst in STANDAARDTEKSTEN:
        Standaardtekst.objects.get_or_create(status=status, titel=titel, defaults={"tekst": tekst})
