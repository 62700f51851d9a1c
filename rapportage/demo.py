"""Demo history and reports for the quarterly DVO report (``seed_demo``). Fictitious situations only.

The demo signals and cases of ``signalen.demo`` and ``casusoverleg.demo`` are too few for a quarterly report: almost
every figure would be "< 5". ``seed(gebruikers)`` therefore first adds a *history* to district Twente and region
Midden-Nederland over the six completed quarters before today (so the reports of the last two quarters have the
quarter before and the same quarter a year earlier beside them), and then makes the finalised reports of the last
two completed quarters for both, through the real path (``services.maak_concept`` → the job → ``definitief_maken``
with a toelichting written from the counted figures, as a ketenregisseur would for the board).

The history, per werkgebied and quarter:

- 25–45 submitted signals over the gemeenten (a few big ones dominate, small ones get 1–4, so suppression shows),
  with forms, sectors, sources and observed indicators, submitted by the demo coordinators and partners who may
  submit for that gemeente (``signalen.selectors.gemeenten_for_submitter``). In Twente the police and the labour
  inspectorate submit most of them: the coordinators of Enschede and Hengelo get at most ten each, so that their
  "My signals" keeps all their own (and the shared) signals on its first page, as the browser journeys expect. In
  Midden-Nederland the Utrecht coordinator submits for Utrecht, the labour inspectorate for the other gemeenten (the
  only demo submitters there). Each signal has the status history the services would write (submitted → being
  assessed → sometimes a question and an answer → a decision within hours for the most urgent, else after 1–20
  days, with the standard feedback), a reference from the same yearly numbering as ``signalen.services`` (oldest
  first); two of the latest quarter per werkgebied are still being assessed. No grants: a submitted signal is seen
  by its submitting organisation and by the ketenregisseur of its gemeente through ``signalen.selectors`` alone, as
  a real one.
- cases opened from the signals taken up in a case (and one now and then from a partner's report), with codes from
  the case numbering (``casusoverleg.services.casussen.next_code``), their status steps, victim track and timeline;
- a held meeting of each demo table of the werkgebied every month, with the attendance list, the
  cases discussed, decisions and actions of every type of intervention for the partner organisations: most done,
  some done late, a few dropped, a few still open and overdue.

Everything is written with ``bulk_create`` (a few seconds on SQLite) and is consistent with what the services would
have written: a signal's status is the last status of its history, a signal taken up in a case is linked to one, a
closed case has no open action, nothing is dated in the last week. No audit rows: nobody did these things in the
application (the reports' own steps are audited by the services). Descriptions are generic and made up: no names,
businesses carry "(demo)".

Idempotent: the history is there when its first signal (``MARKER``) is; a report is made only for a quarter that
has no final version yet (a concept of an earlier run is reused).
"""
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from barrieres import demo as barriere_demo
from casusoverleg import demo as casusoverleg_demo
from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Agendapunt,
    AgendapuntSoort,
    Besluit,
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    CasusSignaal,
    CasusStatus,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
)
from casusoverleg.services import casussen as casus_services
from casusoverleg.services import overleggen as overleg_services
from partners.models import Organisatie
from signalen import demo as signalen_demo
from signalen import services as signaal_services
from signalen.models import (
    Antwoord,
    Bestemming,
    Bron,
    Gebeurtenis,
    Indicator,
    Sector,
    Signaal,
    SignaalHistorie,
    SignaalIndicator,
    Standaardtekst,
    Status,
    Urgentie,
    Vorm,
)
from tafels.models import District, Gemeente, Tafel

from .perioden import Kwartaal

S = Status
B = Bestemming
A = ActieStatus
AS = ActieSoort

ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"
UTRECHT = "coordinator@utrecht.example"
POLITIE = "politie@oost-nederland.example"
NLA = "inspectie@nla.example"
REGISSEUR_TWENTE = "regisseur@twente.example"
REGISSEUR_MIDDEN = "regisseur@midden-nederland.example"

# The description of the first (oldest) history signal, used nowhere else: while it exists the history is there.
MARKER = (
    "Bij een controle van een bedrijfspand (demo) trof toezicht en handhaving achter de werkruimte een ingerichte "
    "slaapruimte aan; de aanwezigen wilden niets zeggen over hun werktijden of hun loon."
)

KWARTALEN = 6  # the history covers the six completed quarters before today
# The Twente coordinators' own signals stay few, so that "My signals" shows all of them (and the signals shared with
# them) on its first page of 25, as the browser journeys of the signal lists expect; the police and the labour
# inspectorate submit the rest of Twente's history.
MAX_PER_INDIENER = {ENSCHEDE: 10, HENGELO: 10}
RUST = timedelta(days=8)  # nothing of the history is dated in the last week


# --- what the signals are about ---------------------------------------------------------------------------------

POLITIE_BRONNEN = ("melding-burger", "toezicht-handhaving", "sociaal-domein", "woningcorporatie", "ggd")


@dataclass(frozen=True)
class Sjabloon:
    """What a signal is about: its sector, the sources a gemeente would name, the description, the observed
    indicators (keys of ``signalen.demo.INDICATOREN``), whether a minor is involved, the name of the place."""

    sector: str
    bronnen: tuple
    tekst: str
    indicatoren: str
    minderjarige: bool = False
    locatie: str = ""


SJABLONEN = {
    "arbeid": [
        Sjabloon("distributiecentra", ("uitkering", "publieksbalie", "sociaal-domein"),
                 "Uitzendkrachten in een distributiecentrum (demo) werken volgens een melding structureel meer dan "
                 "twaalf uur per dag; de huur van hun kamer wordt op het loon ingehouden.",
                 "lange_dagen inhoudingen zelfde_persoon", locatie="Distributiecentrum (demo)"),
        Sjabloon("land-tuinbouw", ("toezicht-handhaving", "brp", "melding-burger"),
                 "Seizoenswerkers op een tuinbouwbedrijf (demo) verblijven in overvolle caravans en hebben hun paspoort "
                 "afgegeven aan een tussenpersoon.",
                 "papieren huisvesting meerdere", locatie="Tuinbouwbedrijf (demo)"),
        Sjabloon("champignonkwekerijen", ("toezicht-handhaving", "sociaal-domein"),
                 "Plukkers op een champignonkwekerij (demo) worden per kilo betaald en houden na inhoudingen voor "
                 "huisvesting en vervoer weinig over.",
                 "laag_loon inhoudingen lange_dagen", locatie="Champignonkwekerij (demo)"),
        Sjabloon("vleesverwerking", ("publieksbalie", "uitkering", "woningcorporatie"),
                 "Medewerkers van een vleesverwerker (demo) verliezen volgens een melding hun kamer zodra zij zich ziek "
                 "melden; hun contract loopt via een uitzendbureau uit het buitenland.",
                 "zelfde_persoon afhankelijk huisvesting", locatie="Vleesverwerker (demo)"),
        Sjabloon("bouw", ("vergunningen-bibob", "toezicht-handhaving"),
                 "Op een bouwplaats werken arbeiders via een buitenlandse constructie ver onder het minimumloon; zij "
                 "slapen in een loods op het terrein.",
                 "laag_loon huisvesting zelfde_adressen"),
        Sjabloon("schoonmaak", ("sociaal-domein", "publieksbalie"),
                 "Schoonmakers van een schoonmaakbedrijf (demo) werken zeven dagen per week zonder contract en worden "
                 "contant per adres betaald.",
                 "lange_dagen laag_loon adres_onbekend", locatie="Schoonmaakbedrijf (demo)"),
        Sjabloon("horeca", ("melding-burger", "toezicht-handhaving"),
                 "Keukenpersoneel van een restaurant (demo) slaapt boven de zaak en werkt volgens buurtbewoners tot "
                 "diep in de nacht.",
                 "huisvesting lange_dagen", locatie="Restaurant (demo)"),
        Sjabloon("huishoudelijk-au-pair", ("sociaal-domein", "melding-burger"),
                 "Een au pair werkt volgens een kennis veel meer uren dan afgesproken, krijgt geen zakgeld en mag het "
                 "huis alleen met het gastgezin verlaten.",
                 "lange_dagen niet_vrij contact_beperkt"),
        Sjabloon("transport-logistiek", ("toezicht-handhaving", "melding-burger"),
                 "Chauffeurs van een transportbedrijf (demo) overnachten wekenlang in hun cabine; hun loon wordt "
                 "onregelmatig en maar gedeeltelijk betaald.",
                 "laag_loon lange_dagen huisvesting", locatie="Transportbedrijf (demo)"),
        Sjabloon("uitzendbureaus", ("uitkering", "brp", "publieksbalie"),
                 "Een uitzendbureau (demo) regelt werk, huisvesting en vervoer; werknemers hebben volgens een melding "
                 "een schuld bij het bureau die steeds verder oploopt.",
                 "schulden zelfde_persoon inhoudingen", locatie="Uitzendbureau (demo)"),
        Sjabloon("huisvesting", ("brp", "woningcorporatie"),
                 "Op één adres zijn in korte tijd veel arbeidsmigranten ingeschreven; de huur wordt volgens de "
                 "bewoners door de werkgever ingehouden.",
                 "huisvesting zelfde_adressen inhoudingen"),
        Sjabloon("nagelstudios-massage", ("brp", "toezicht-handhaving"),
                 "Medewerkers van een nagelstudio (demo) wonen boven de zaak, werken lange dagen en lijken niet over "
                 "eigen geld te beschikken.",
                 "lange_dagen huisvesting papieren", locatie="Nagelstudio (demo)"),
        Sjabloon("textiel", ("toezicht-handhaving", "sociaal-domein"),
                 "In een bedrijfspand (demo) staan naaimachines en matrassen; het is onduidelijk wie er werkt en wie er "
                 "woont.",
                 "huisvesting wisselend", locatie="Bedrijfspand (demo)"),
    ],
    "seksueel": [
        Sjabloon("prostitutie", ("toezicht-handhaving", "vergunningen-bibob"),
                 "Bij een controle in een vergund prostitutiebedrijf (demo) gaf een vrouw aan haar verdiensten af te "
                 "moeten staan; zij kon niet zeggen waar zij woont.",
                 "gecontroleerd adres_onbekend laag_loon", locatie="Prostitutiebedrijf (demo)"),
        Sjabloon("prostitutie", ("ggd", "toezicht-handhaving"),
                 "Een sekswerker wordt volgens een melding elke dag door dezelfde persoon gebracht en gehaald en spreekt "
                 "alleen als die persoon erbij is.",
                 "gecontroleerd zelfde_persoon niet_vrij"),
        Sjabloon("online", ("melding-burger", "sociaal-domein"),
                 "Advertenties voor erotische diensten met steeds wisselende telefoonnummers verwijzen naar hetzelfde "
                 "adres; mogelijk werken daar jonge vrouwen onder dwang.",
                 "wisselend zelfde_adressen gecontroleerd"),
        Sjabloon("nagelstudios-massage", ("toezicht-handhaving", "brp"),
                 "Een massagesalon (demo) heeft steeds wisselende medewerkers die in de salon lijken te overnachten.",
                 "wisselend huisvesting", locatie="Massagesalon (demo)"),
        Sjabloon("overig", ("sociaal-domein", "ggd"),
                 "Bij een huisbezoek zag het wijkteam aanwijzingen dat een jonge vrouw door haar partner tot "
                 "prostitutie wordt aangezet en het geld moet afstaan.",
                 "dreiging gecontroleerd contact_beperkt"),
        Sjabloon("online", ("leerplicht", "sociaal-domein"),
                 "Een minderjarige wordt volgens school via sociale media benaderd met geld en cadeaus in ruil voor "
                 "afspraken met onbekenden.",
                 "gecontroleerd dreiging", minderjarige=True),
    ],
    "crimineel": [
        Sjabloon("hennep-drugs", ("melding-burger", "woningcorporatie"),
                 "Jongeren worden volgens buurtbewoners ingezet bij een hennepkwekerij in een woning en lijken er ook "
                 "te verblijven.",
                 "niet_vrij onveilig meerdere", minderjarige=True),
        Sjabloon("overig", ("leerplicht", "sociaal-domein"),
                 "Een leerling verzuimt veel en vertelt pakketjes te moeten rondbrengen om een schuld van de familie af "
                 "te lossen.",
                 "schulden dreiging gecontroleerd", minderjarige=True),
        Sjabloon("overig", ("melding-burger", "publieksbalie"),
                 "Een groep jongvolwassenen wordt volgens winkeliers in georganiseerd verband ingezet voor "
                 "winkeldiefstal en moet de opbrengst afdragen.",
                 "gecontroleerd meerdere dreiging"),
        Sjabloon("overig", ("uitkering", "publieksbalie"),
                 "Bij een uitkeringsaanvraag blijkt dat op naam van de aanvrager meerdere bankrekeningen zijn geopend "
                 "die door een ander worden gebruikt.",
                 "papieren afhankelijk schulden"),
    ],
    "onbekend": [
        Sjabloon("huisvesting", ("woningcorporatie", "brp"),
                 "De woningcorporatie ziet een woning waar steeds wisselende personen verblijven; de huur wordt contant "
                 "door een derde betaald.",
                 "wisselend zelfde_persoon"),
        Sjabloon("overig", ("melding-burger", "toezicht-handhaving"),
                 "Een buurtbewoner meldt dat 's nachts busjes met personen bij een bedrijfspand (demo) aankomen en "
                 "vertrekken.",
                 "meerdere wisselend", locatie="Bedrijfspand (demo)"),
    ],
    "orgaan": [
        Sjabloon("overig", ("ggd", "sociaal-domein"),
                 "Een cliënt vertelt dat hem is voorgesteld een nier af te staan om een schuld bij een bemiddelaar af "
                 "te lossen.",
                 "schulden dreiging afhankelijk"),
    ],
}

# How often a sector comes up, relative to the others of the same form (10 when not named): labour exploitation is
# seen most in distribution, horticulture and through employment agencies.
SECTOR_GEWICHT = {
    ("arbeid", "distributiecentra"): 22, ("arbeid", "land-tuinbouw"): 16, ("arbeid", "uitzendbureaus"): 14,
    ("arbeid", "vleesverwerking"): 9, ("arbeid", "transport-logistiek"): 8, ("arbeid", "champignonkwekerijen"): 7,
    ("arbeid", "bouw"): 6, ("arbeid", "schoonmaak"): 6, ("arbeid", "horeca"): 6, ("arbeid", "nagelstudios-massage"): 5,
    ("arbeid", "huishoudelijk-au-pair"): 3, ("arbeid", "textiel"): 3,
    ("seksueel", "prostitutie"): 14, ("seksueel", "online"): 10, ("crimineel", "hennep-drugs"): 18,
}
VORM_KANS = {"arbeid": 48, "seksueel": 30, "crimineel": 14, "onbekend": 6, "orgaan": 2}
# A second form now and then, as seen in practice.
TWEEDE_VORM = {"seksueel": "crimineel", "arbeid": "crimineel", "crimineel": "seksueel"}

AFSLUITREDENEN = [
    "Na navraag bij de melder en een controle ter plaatse zijn geen aanwijzingen voor uitbuiting gevonden.",
    "De situatie is bij een ketenpartner al bekend en wordt daar opgepakt; een ketenvervolg is niet nodig.",
    "Te weinig aanknopingspunten om verder te onderzoeken; de melder is gevraagd nieuwe signalen direct te melden.",
    "Bij een bezoek bleek het om tijdelijke kamerverhuur te gaan; geen aanwijzingen voor uitbuiting.",
    "De betrokkene is inmiddels vertrokken en niet meer te bereiken; het signaal is vastgelegd voor de analyse.",
]
VRAGEN = [
    ("Is bekend sinds wanneer deze situatie speelt en of er meer personen bij betrokken zijn?",
     "Volgens de melder speelt het al enkele maanden; er zijn ten minste twee anderen in dezelfde situatie."),
    ("Kunt u aangeven op welk adres de betrokkenen verblijven en hoe zij naar hun werk gaan?",
     "Zij wonen op een adres aan de rand van de gemeente en worden met een busje opgehaald."),
    ("Heeft de melder gezien wie de betrokkenen aanstuurt of begeleidt?",
     "Er komt steeds dezelfde man langs; meer weet de melder niet."),
]


# --- the two werkgebieden ---------------------------------------------------------------------------------------


@dataclass
class Gebied:
    sleutel: str
    regisseur: str
    aantallen: tuple  # submitted signals per quarter, oldest first
    groot: tuple  # (gemeente, share of the quarter) for the big ones
    klein: tuple  # (gemeente, weight) for the rest
    tafels: tuple  # (table, every N months, weekday, week of the month, hour, hours, place)
    indieners: dict = field(default_factory=dict)  # gemeente (or "*") -> ((e-mail, weight), ...)
    organisaties: dict = field(default_factory=dict)  # intervention type -> organisations
    melders: tuple = ()


TWENTE = Gebied(
    "tw", REGISSEUR_TWENTE, (29, 33, 31, 36, 40, 43),
    groot=(("Enschede", 0.30), ("Hengelo", 0.18), ("Almelo", 0.13)),
    klein=(("Oldenzaal", 6), ("Rijssen-Holten", 6), ("Hof van Twente", 5), ("Borne", 4), ("Losser", 4),
           ("Wierden", 3), ("Twenterand", 3), ("Hellendoorn", 3), ("Haaksbergen", 3), ("Dinkelland", 2),
           ("Tubbergen", 1)),
    tafels=(("Casusoverleg Mensenhandel Twente", 1, 1, 2, 13, 2, "Stadhuis Enschede, Langestraat 24, vergaderzaal 2"),
            ("Regiegroep Prostitutie Twente", 1, 2, 3, 10, 1.5, "Stadhuis Hengelo, kamer 2.14")),
    indieners={
        "Enschede": ((ENSCHEDE, 15), (POLITIE, 60), (NLA, 25)),
        "Hengelo": ((HENGELO, 15), (POLITIE, 60), (NLA, 25)),
        "Borne": ((HENGELO, 10), (POLITIE, 60), (NLA, 30)),
        "*": ((POLITIE, 65), (NLA, 30), (HENGELO, 3), (ENSCHEDE, 2)),
    },
    organisaties={
        AS.STRAFRECHTELIJK: ("Politie Oost-Nederland", "Politie Oost-Nederland", "OM Oost-Nederland"),
        AS.BESTUURLIJK: ("gemeente", "RIEC Oost-Nederland"),
        AS.FISCAAL: ("Belastingdienst",),
        AS.ARBEIDSRECHTELIJK: ("Nederlandse Arbeidsinspectie",),
        AS.ZORG: ("Zorgcoördinator Twente", "Zorgcoördinator Twente", "GGD Twente", "CoMensha"),
    },
    melders=("Nederlandse Arbeidsinspectie", "Politie Oost-Nederland", "Zorg- en Veiligheidshuis Twente"),
)

MIDDEN = Gebied(
    "mn", REGISSEUR_MIDDEN, (26, 28, 27, 31, 35, 38),
    groot=(("Utrecht", 0.42), ("Amersfoort", 0.12)),
    klein=(("Almere", 6), ("Nieuwegein", 5), ("Veenendaal", 4), ("Zeist", 3), ("Lelystad", 3), ("Hilversum", 3),
           ("Houten", 2), ("Woerden", 2), ("IJsselstein", 2), ("De Bilt", 1), ("Stichtse Vecht", 1), ("Soest", 1),
           ("Vijfheerenlanden", 1), ("Utrechtse Heuvelrug", 1), ("Noordoostpolder", 1), ("Dronten", 1)),
    tafels=(("Casusoverleg Mensenhandel Midden-Nederland", 1, 3, 2, 10, 2, "RIEC Midden-Nederland, Utrecht"),),
    indieners={
        "Utrecht": ((UTRECHT, 70), (NLA, 30)),
        "*": ((NLA, 100),),
    },
    organisaties={
        AS.STRAFRECHTELIJK: ("Politie Midden-Nederland", "Politie Midden-Nederland", "OM Midden-Nederland",
                             "Koninklijke Marechaussee"),
        AS.BESTUURLIJK: ("gemeente", "RIEC Midden-Nederland"),
        AS.FISCAAL: ("Belastingdienst",),
        AS.ARBEIDSRECHTELIJK: ("Nederlandse Arbeidsinspectie",),
        AS.ZORG: ("CoMensha", "gemeente"),
    },
    melders=("Politie Midden-Nederland", "Nederlandse Arbeidsinspectie", "Koninklijke Marechaussee"),
)

GEBIEDEN = (TWENTE, MIDDEN)

# The demo account that answers for an organisation (the responsible person of its actions), when there is one.
PERSOON_VAN = {
    "Politie Oost-Nederland": POLITIE,
    "Nederlandse Arbeidsinspectie": NLA,
    "Gemeente Enschede": ENSCHEDE,
    "Gemeente Hengelo": HENGELO,
    "Gemeente Utrecht": UTRECHT,
}
# How likely a standing participant of a meeting is present.
AANWEZIG_KANS = {"Belastingdienst": 0.6, "Koninklijke Marechaussee": 0.55, "OM Oost-Nederland": 0.8,
                 "OM Midden-Nederland": 0.8, "GGD Twente": 0.8, "Gemeente Almelo": 0.75}

CASUS_SAMENVATTINGEN = {
    "arbeid": [
        "Arbeidsmigranten bij een werkgever (demo) wonen via die werkgever en houden na inhoudingen voor huur en "
        "vervoer weinig loon over; mogelijk zijn meer werknemers in dezelfde situatie.",
        "Werknemers van een uitzendconstructie (demo) hebben een oplopende schuld bij hun bemiddelaar en leveren hun "
        "identiteitspapieren in.",
        "Seizoenswerkers in de teelt (demo) werken lange dagen zonder vrije dag en verblijven in overvolle "
        "huisvesting op het bedrijfsterrein.",
    ],
    "seksueel": [
        "Een jonge vrouw werkt mogelijk onder dwang in de prostitutie; zij wordt gebracht en gehaald en staat haar "
        "verdiensten af.",
        "Advertenties voor erotische diensten (demo) wijzen op meerdere vrouwen die van adres naar adres worden "
        "gebracht.",
    ],
    "crimineel": [
        "Jongeren worden ingezet voor drugshandel of diefstal en moeten een opgelegde schuld afbetalen.",
        "Minderjarigen zijn mogelijk betrokken bij een hennepkwekerij (demo) en verblijven daar ook.",
    ],
    "onbekend": [
        "Op een adres verblijven steeds wisselende personen; de aard van hun werk is nog onduidelijk.",
    ],
    "orgaan": [
        "Een betrokkene is onder druk gezet om een orgaan af te staan om een schuld af te lossen.",
    ],
}
CASUS_AFSLUITREDENEN = [
    "De interventies zijn afgerond: de werkgever is beboet en de betrokkenen zijn begeleid naar ander werk en "
    "andere huisvesting.",
    "Het strafrechtelijk onderzoek is overgedragen aan het OM; de betrokkenen ontvangen zorg via de "
    "zorgcoördinator.",
    "De situatie is beëindigd en de betrokkenen zijn in veiligheid; er zijn geen verdere acties nodig.",
    "Na onderzoek geen aanwijzingen meer voor uitbuiting; de bestuurlijke maatregelen zijn uitgevoerd.",
    "De betrokkenen zijn met hulp van CoMensha opgevangen; het pand is gesloten.",
]
BESLUITEN = [
    "De politie onderzoekt de aanwijzingen verder; de gemeente toetst de huisvesting.",
    "Gezamenlijke controle door de inspectie en de gemeente; de zorgcoördinator biedt de betrokkenen hulp aan.",
    "De casus blijft in onderzoek; de partners delen binnen twee weken wat zij weten.",
    "Bestuurlijke maatregelen voorbereiden en de betrokkenen via de zorgcoördinator hulp aanbieden.",
    "De Belastingdienst en de inspectie kijken samen naar de werkgever; de politie verzamelt informatie.",
]
ACTIES = {
    AS.STRAFRECHTELIJK: ["Informatie over de betrokken adressen en voertuigen verzamelen en analyseren.",
                         "Verhoor van betrokkenen voorbereiden en afstemmen met het OM.",
                         "Nagaan of er eerdere meldingen of aangiftes over deze werkgever zijn."],
    AS.BESTUURLIJK: ["Huisvesting op de betrokken adressen controleren en zo nodig handhaven.",
                     "Bibob-toets van de vergunning van het bedrijf (demo) uitvoeren.",
                     "Bestuurlijke rapportage opstellen voor de burgemeester."],
    AS.FISCAAL: ["Fiscaal onderzoek naar de werkgever (demo) en de loonadministratie.",
                 "Nagaan of de inhoudingen op het loon fiscaal zijn verantwoord."],
    AS.ARBEIDSRECHTELIJK: ["Controle op arbeidsvoorwaarden en arbeidsomstandigheden bij het bedrijf (demo).",
                           "Loonstroken en urenregistratie van de werknemers opvragen en beoordelen."],
    AS.ZORG: ["Betrokkenen informeren over hulp en opvang en zo nodig aanmelden bij CoMensha.",
              "Contact leggen met de betrokkene en een veilige verblijfplaats regelen.",
              "Begeleiding naar zorg en ander werk organiseren."],
}
TERUGKOPPELINGEN = {
    AS.STRAFRECHTELIJK: "Informatie verzameld en gedeeld met het OM; het onderzoek loopt.",
    AS.BESTUURLIJK: "Controle uitgevoerd; de eigenaar heeft een last onder dwangsom gekregen.",
    AS.FISCAAL: "Onderzoek afgerond; er is een naheffing opgelegd.",
    AS.ARBEIDSRECHTELIJK: "Controle uitgevoerd; overtredingen vastgesteld en een boeterapport opgemaakt.",
    AS.ZORG: "Betrokkenen gesproken; twee hebben hulp aanvaard en zijn aangemeld.",
}
REDEN_VERVALLEN = "De betrokkenen zijn inmiddels vertrokken; deze actie is niet meer nodig."
REGIEGROEP_ONDERWERPEN = [
    ("Controles in de vergunde prostitutiebranche",
     (AS.BESTUURLIJK, "Gemeente Enschede", "Gezamenlijke controles van de vergunde bedrijven in het komende kwartaal "
                                           "plannen.")),
    ("Zorg en spreekuren voor sekswerkers",
     (AS.ZORG, "GGD Twente", "Extra spreekuur voor sekswerkers organiseren en de informatie in meerdere talen "
                             "verspreiden.")),
    ("Signalen van onvergunde prostitutie online",
     (AS.STRAFRECHTELIJK, "Politie Oost-Nederland", "Online advertenties in de regio analyseren en verdachte adressen "
                                                    "delen met de gemeenten.")),
    ("Exit-trajecten en opvang",
     (AS.ZORG, "Zorgcoördinator Twente", "Overzicht maken van de beschikbare opvangplekken en exit-trajecten.")),
    ("Vergunningen en Bibob",
     (AS.BESTUURLIJK, "Gemeente Almelo", "Bibob-toetsen van de aanvragen voor nieuwe vergunningen afronden.")),
]
REGIEGROEP_DOEL = (
    "Afstemming tussen gemeenten, politie en zorg over toezicht, handhaving en hulp in de prostitutiebranche in "
    "Twente. Gedeelde informatie wordt alleen daarvoor gebruikt, op grond van het convenant."
)


# --- the plan: plain Python objects, written afterwards in bulk ---------------------------------------------------


@dataclass
class PSignaal:
    moment: datetime
    door: str
    gemeente: str
    vormen: tuple
    sjabloon: Sjabloon
    bron: str
    urgentie: str
    slachtoffers: int | None
    stappen: list = field(default_factory=list)  # (moment, soort, van, naar, tekst, terugkoppeling, bestemming, door)
    status: str = S.INGEDIEND
    doorgezet_naar: str = ""
    casus: "PCasus | None" = None
    besluit_op: datetime | None = None
    omschrijving: str = ""
    referentie: str = ""
    waargenomen: int = 7  # observed from this many days before submitting
    obj: Signaal | None = None


@dataclass
class PCasus:
    geopend: datetime
    gemeente: str
    vormen: tuple
    samenvatting: str
    stappen: list  # (moment, naar_status)
    afsluitreden: str = ""
    comensha: object = None
    zorg: object = None
    melder: str = ""
    signalen: list = field(default_factory=list)  # (PSignaal, moment)
    besproken: list = field(default_factory=list)
    obj: Casus | None = None

    def status_op(self, moment):
        status = CasusStatus.OPEN
        for wanneer, naar in self.stappen:
            if wanneer <= moment:
                status = naar
        return status

    @property
    def afgesloten_op(self):
        return next((w for w, naar in self.stappen if naar == CasusStatus.AFGESLOTEN), None)

    def open_op(self, moment):
        dicht = self.afgesloten_op
        return self.geopend <= moment and (dicht is None or moment < dicht)


def _kwartalen(vandaag):
    laatste = Kwartaal.laatst_afgesloten(vandaag)
    return [laatste.terug(i) for i in range(KWARTALEN - 1, -1, -1)]


def _kies(rng, gewogen):
    keuzes, gewichten = zip(*gewogen, strict=True)
    return rng.choices(keuzes, weights=gewichten)[0]


def _moment_in(rng, dag, grens):
    """A moment during office hours on ``dag`` (moved to the Friday before in a weekend), never after ``grens``."""
    while dag.weekday() >= 5:
        dag -= timedelta(days=1)
    moment = timezone.make_aware(datetime.combine(dag, time(8, 30))) + timedelta(minutes=rng.randrange(0, 510))
    return min(moment, grens)


def _gemeenten_van_kwartaal(rng, gebied, aantal):
    namen = []
    for naam, aandeel in gebied.groot:
        namen += [naam] * round(aantal * aandeel)
    while len(namen) < aantal:
        namen.append(_kies(rng, gebied.klein))
    rng.shuffle(namen)
    return namen


def _indiener(rng, gebied, gemeente, vorm, per_indiener):
    door = _kies(rng, gebied.indieners.get(gemeente, gebied.indieners["*"]))
    if door == NLA and vorm not in ("arbeid", "onbekend"):
        # The labour inspectorate reports labour exploitation; other forms come from the police or the gemeente.
        door = POLITIE if gebied is TWENTE else UTRECHT
    if per_indiener.get(door, 0) >= MAX_PER_INDIENER.get(door, 10**6):
        door = POLITIE
    per_indiener[door] = per_indiener.get(door, 0) + 1
    return door


def _vorm(rng, gebied, gemeente):
    if gebied.sleutel == "mn" and gemeente != "Utrecht":
        # Outside Utrecht, the demo's only submitter in the region is the labour inspectorate.
        return _kies(rng, (("arbeid", 85), ("onbekend", 15)))
    return _kies(rng, tuple(VORM_KANS.items()))


def _bron(rng, door, sjabloon):
    if door in (ENSCHEDE, HENGELO, UTRECHT):
        return rng.choice(sjabloon.bronnen)
    if door == POLITIE:
        # The police hear of a situation from a partner, a citizen, or a gemeente's enforcement or social team.
        eigen = [b for b in sjabloon.bronnen if b in POLITIE_BRONNEN]
        if eigen and rng.random() < 0.45:
            return rng.choice(eigen)
        return _kies(rng, (("ketenpartner", 70), ("melding-burger", 20), ("overig", 10)))
    return _kies(rng, (("ketenpartner", 70), ("melding-burger", 15), ("overig", 15)))


def _plan_signalen(rng, gebied, kwartalen, grens):
    signalen = []
    per_indiener = {}
    for index, kwartaal in enumerate(kwartalen):
        aantal = gebied.aantallen[index]
        dagen = (kwartaal.laatste_dag - kwartaal.eerste_dag).days + 1
        for gemeente in _gemeenten_van_kwartaal(rng, gebied, aantal):
            vorm = _vorm(rng, gebied, gemeente)
            door = _indiener(rng, gebied, gemeente, vorm, per_indiener)
            sjablonen = SJABLONEN[vorm]
            sjabloon = rng.choices(sjablonen, weights=[SECTOR_GEWICHT.get((vorm, t.sector), 10) for t in sjablonen])[0]
            vormen = (vorm,)
            if vorm in TWEEDE_VORM and rng.random() < 0.08 and door != NLA:
                vormen = (vorm, TWEEDE_VORM[vorm])
            bron = _bron(rng, door, sjabloon)
            if sjabloon.minderjarige or vorm == "orgaan":
                urgentie = Urgentie.ZEER_HOOG
            else:
                urgentie = _kies(rng, ((Urgentie.NORMAAL, 75), (Urgentie.HOOG, 22), (Urgentie.ZEER_HOOG, 3)))
            moment = _moment_in(rng, kwartaal.eerste_dag + timedelta(days=rng.randrange(dagen)), grens)
            signalen.append(PSignaal(
                moment=moment, door=door, gemeente=gemeente, vormen=vormen, sjabloon=sjabloon, bron=bron,
                urgentie=urgentie, slachtoffers=rng.choice((None, 1, 1, 2, 2, 3, 4, 6)),
                omschrijving=sjabloon.tekst, waargenomen=rng.randrange(1, 40),
            ))
    signalen.sort(key=lambda s: s.moment)
    if gebied is TWENTE:
        eerste = signalen[0]
        eerste.omschrijving, eerste.vormen = MARKER, ("arbeid",)
        eerste.sjabloon = Sjabloon("textiel", ("toezicht-handhaving",), MARKER, "huisvesting lange_dagen laag_loon",
                                   locatie="Bedrijfspand (demo)")
    return signalen


def _uitkomst(rng, signaal):
    vorm = signaal.vormen[0]
    uitkomst = _kies(rng, ((S.OPGEPAKT_IN_CASUS, 22), (S.DOORGEZET, 50), (S.AFGESLOTEN, 28)))
    if uitkomst != S.DOORGEZET:
        return uitkomst, ""
    bestemmingen = [(B.POLITIE_OM, 35), (B.ZORGCOORDINATOR, 15), (B.BESTUURLIJK, 12)]
    if vorm == "arbeid" and signaal.door != NLA:
        bestemmingen.append((B.NLA, 30))
    if vorm in ("seksueel", "arbeid", "orgaan"):
        bestemmingen.append((B.COMENSHA, 8))
    if signaal.sjabloon.minderjarige:
        bestemmingen = [(B.VEILIG_THUIS, 50), (B.POLITIE_OM, 30), (B.ZORGCOORDINATOR, 20)]
    return S.DOORGEZET, _kies(rng, bestemmingen)


def _beslisdagen(rng, signaal):
    if signaal.urgentie == Urgentie.ZEER_HOOG:
        return 0.2 + rng.random() * 2
    return rng.choice((1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20)) + rng.random() * 0.8


def _plan_triage(rng, gebied, signalen, grens, teksten):
    """The steps of each signal; the last few of the latest quarter stay 'being assessed'."""
    regisseur = gebied.regisseur
    open_houden = {id(s) for s in sorted(signalen, key=lambda s: s.moment)[-12:][::5][:2]}
    for signaal in signalen:
        start = signaal.moment
        signaal.stappen.append((start, Gebeurtenis.STATUS, S.CONCEPT, S.INGEDIEND, "", "", "", signaal.door))
        dagen = _beslisdagen(rng, signaal)
        besluit = start + timedelta(days=dagen)
        behandeling = min(start + (besluit - start) * (0.15 + rng.random() * 0.25), grens)
        signaal.stappen.append((behandeling, Gebeurtenis.STATUS, S.INGEDIEND, S.IN_BEHANDELING, "",
                                teksten.get(S.IN_BEHANDELING, ""), "", regisseur))
        if id(signaal) in open_houden or besluit > grens:
            # Not decided yet (when the quarter ended only a few weeks ago, the most recent signals).
            signaal.status = S.IN_BEHANDELING
            continue
        if dagen >= 5 and rng.random() < 0.15:
            vraag, antwoord = rng.choice(VRAGEN)
            gevraagd = behandeling + (besluit - behandeling) * 0.3
            beantwoord = behandeling + (besluit - behandeling) * 0.6
            signaal.stappen.append((gevraagd, Gebeurtenis.VRAAG, S.IN_BEHANDELING, S.INFORMATIE_OPGEVRAAGD, vraag,
                                    teksten.get(S.INFORMATIE_OPGEVRAAGD, ""), "", regisseur))
            signaal.stappen.append((beantwoord, Gebeurtenis.ANTWOORD, S.INFORMATIE_OPGEVRAAGD, S.IN_BEHANDELING,
                                    antwoord, "", "", signaal.door))
        naar, bestemming = _uitkomst(rng, signaal)
        reden = rng.choice(AFSLUITREDENEN) if naar == S.AFGESLOTEN else ""
        signaal.stappen.append((besluit, Gebeurtenis.STATUS, S.IN_BEHANDELING, naar, reden, teksten.get(naar, ""),
                                bestemming, regisseur))
        signaal.status = naar
        signaal.doorgezet_naar = bestemming
        signaal.besluit_op = besluit


def _plan_casus(rng, geopend, gemeente, vormen, grens, melder=""):
    vorm = vormen[0]
    stappen = []
    moment = geopend
    if rng.random() < 0.75:
        moment += timedelta(days=rng.uniform(3, 12))
        stappen.append((moment, CasusStatus.IN_ONDERZOEK))
        if rng.random() < 0.7:
            moment += timedelta(days=rng.uniform(10, 40))
            stappen.append((moment, CasusStatus.INTERVENTIES_LOPEN))
    dicht = geopend + timedelta(days=rng.uniform(50, 230))
    afsluitreden = ""
    if dicht > moment:
        stappen.append((dicht, CasusStatus.AFGESLOTEN))
        afsluitreden = rng.choice(CASUS_AFSLUITREDENEN)
    stappen = [(w, naar) for w, naar in stappen if w <= grens]
    if not any(naar == CasusStatus.AFGESLOTEN for _w, naar in stappen):
        afsluitreden = ""
    casus = PCasus(geopend=geopend, gemeente=gemeente, vormen=vormen,
                   samenvatting=rng.choice(CASUS_SAMENVATTINGEN[vorm]), stappen=stappen, afsluitreden=afsluitreden,
                   melder=melder)
    grensdag = timezone.localdate(grens)
    if vorm in ("arbeid", "seksueel", "orgaan") and rng.random() < 0.45:
        dag = timezone.localdate(geopend) + timedelta(days=rng.randrange(2, 25))
        casus.comensha = dag if dag <= grensdag else None
    if rng.random() < 0.65:
        dag = timezone.localdate(geopend) + timedelta(days=rng.randrange(1, 15))
        casus.zorg = dag if dag <= grensdag else None
    return casus


def _plan_casussen(rng, gebied, signalen, kwartalen, grens):
    casussen = []
    for signaal in signalen:
        if signaal.status != S.OPGEPAKT_IN_CASUS:
            continue
        moment = signaal.besluit_op
        kandidaten = [c for c in casussen if c.vormen[0] == signaal.vormen[0] and not c.melder
                      and c.geopend + timedelta(days=1) < moment < c.geopend + timedelta(days=150)
                      and c.open_op(moment + timedelta(days=1))]
        if kandidaten and rng.random() < 0.35:
            casus = rng.choice(kandidaten)
        else:
            casus = _plan_casus(rng, moment, signaal.gemeente, signaal.vormen, grens)
            casussen.append(casus)
        casus.signalen.append((signaal, moment))
        signaal.casus = casus
    # Now and then a case opened from a partner's report, without signals.
    for kwartaal in kwartalen:
        if rng.random() < 0.7:
            dag = kwartaal.eerste_dag + timedelta(days=rng.randrange(10, 80))
            moment = _moment_in(rng, dag, grens)
            gemeente = gebied.groot[rng.randrange(len(gebied.groot))][0]
            vorm = _kies(rng, (("arbeid", 60), ("seksueel", 25), ("crimineel", 15)))
            casussen.append(_plan_casus(rng, moment, gemeente, (vorm,), grens, melder=rng.choice(gebied.melders)))
    casussen.sort(key=lambda c: c.geopend)
    return casussen


def _vergaderdag(jaar, maand, weekdag, week):
    """The ``week``-th ``weekdag`` (0 = Monday) of the month."""
    dag = datetime(jaar, maand, 1).date()
    while dag.weekday() != weekdag:
        dag += timedelta(days=1)
    return dag + timedelta(weeks=week - 1)


@dataclass
class POverleg:
    tafel: str
    begint: datetime
    eindigt: datetime
    plaats: str
    casussen: list = field(default_factory=list)
    onderwerp: tuple | None = None
    punten: list = field(default_factory=list)  # (Agendapunt, PCasus | None)
    obj: Overleg | None = None


def _plan_overleggen(rng, gebied, kwartalen, casussen, grens, bestaande):
    overleggen = []
    for tafel, elke, weekdag, week, uur, duur, plaats in gebied.tafels:
        for kwartaal in kwartalen:
            for maand in range(3 * kwartaal.kwartaal - 2, 3 * kwartaal.kwartaal + 1):
                if (maand - 1) % elke:
                    continue
                dag = _vergaderdag(kwartaal.jaar, maand, weekdag, week)
                begint = timezone.make_aware(datetime.combine(dag, time(uur, 0)))
                eindigt = begint + timedelta(hours=duur)
                if eindigt > grens or any(abs((dag - ander).days) < 10 for ander in bestaande.get(tafel, ())):
                    continue
                overleg = POverleg(tafel, begint, eindigt, plaats)
                if tafel.startswith("Casusoverleg"):
                    lopend = [c for c in casussen if c.geopend + timedelta(days=2) < begint and c.open_op(eindigt)]
                    # Cases not discussed for the longest time first, at most five per meeting.
                    lopend.sort(key=lambda c: (c.besproken[-1] if c.besproken else c.geopend))
                    overleg.casussen = lopend[:5]
                    for casus in overleg.casussen:
                        casus.besproken.append(begint)
                else:
                    overleg.onderwerp = rng.choice(REGIEGROEP_ONDERWERPEN)
                overleggen.append(overleg)
    overleggen.sort(key=lambda o: o.begint)
    return overleggen


# --- writing ------------------------------------------------------------------------------------------------------


class _Schrijver:
    """Writes the plan of one werkgebied with bulk inserts, keeping every row consistent with the others."""

    def __init__(self, gebied, gebruikers, grens):
        self.gebied = gebied
        self.gebruikers = gebruikers
        self.grens = grens
        self.regisseur = gebruikers[gebied.regisseur]
        self.vormen = {v.code: v for v in Vorm.objects.all()}
        self.sectoren = {s.code: s for s in Sector.objects.all()}
        self.bronnen = {b.code: b for b in Bron.objects.all()}
        self.indicatoren = {i.tekst: i.pk for i in Indicator.objects.filter(tekst__in=signalen_demo.INDICATOREN.values())}
        self.organisaties = {o.naam: o for o in Organisatie.objects.all()}
        self.teksten = {}
        for tekst in Standaardtekst.objects.order_by("titel", "pk"):
            self.teksten.setdefault(tekst.status, tekst.tekst)
        werkgebied = self.regisseur.werkgebied
        if isinstance(werkgebied, District):
            self.gemeenten = {g.naam: g for g in werkgebied.gemeenten.all()}
            self.district, self.regio, self.prefix = werkgebied, werkgebied.regio, werkgebied.code
        else:
            self.gemeenten = {g.naam: g for g in Gemeente.objects.filter(regio=werkgebied)}
            self.district, self.regio, self.prefix = None, werkgebied, werkgebied.code
        self.historie = []  # CasusHistorie rows, written at the end

    # signals

    def signalen(self, plan):
        rijen = []
        for nummer, p in enumerate(plan):
            door = self.gebruikers[p.door]
            p.obj = Signaal(
                referentie=p.referentie, status=p.status, ingediend_door=door, organisatie=door.organisatie,
                gemeente=self.gemeenten[p.gemeente],
                waargenomen_van=timezone.localdate(p.moment) - timedelta(days=p.waargenomen),
                sector=self.sectoren.get(p.sjabloon.sector), bron=self.bronnen.get(p.bron), omschrijving=p.omschrijving,
                locatie_naam=p.sjabloon.locatie,
                locatie_adres=f"Voorbeeldstraat {nummer % 90 + 1}, {p.gemeente}" if p.sjabloon.locatie else "",
                aantal_slachtoffers=p.slachtoffers, minderjarige=p.sjabloon.minderjarige, urgentie=p.urgentie,
                prioriteit=p.sjabloon.minderjarige, doorgezet_naar=p.doorgezet_naar,
                aangemaakt=p.moment - timedelta(minutes=25), ingediend_op=p.moment,
            )
            rijen.append(p.obj)
        Signaal.objects.bulk_create(rijen)
        for p in plan:  # ``gewijzigd`` is auto_now: set to the last step afterwards
            p.obj.gewijzigd = p.stappen[-1][0]
        Signaal.objects.bulk_update(rijen, ["gewijzigd"])
        door_vormen = Signaal.vormen.through
        door_vormen.objects.bulk_create(
            door_vormen(signaal_id=p.obj.pk, vorm_id=self.vormen[code].pk)
            for p in plan for code in p.vormen if code in self.vormen
        )
        SignaalIndicator.objects.bulk_create(
            SignaalIndicator(signaal_id=p.obj.pk, indicator_id=self.indicatoren[signalen_demo.INDICATOREN[sleutel]],
                             antwoord=Antwoord.WAARGENOMEN)
            for p in plan for sleutel in p.sjabloon.indicatoren.split()
            if signalen_demo.INDICATOREN[sleutel] in self.indicatoren
        )
        historie = []
        for p in plan:
            for moment, soort, van, naar, tekst, terugkoppeling, bestemming, email in p.stappen:
                door = self.gebruikers[email]
                historie.append(SignaalHistorie(
                    signaal_id=p.obj.pk, tijdstip=moment, door=door, organisatie=door.organisatie, soort=soort,
                    van_status=van, naar_status=naar, tekst=tekst, terugkoppeling=terugkoppeling,
                    doorgezet_naar=bestemming,
                ))
        SignaalHistorie.objects.bulk_create(historie)

    # cases

    def _rij(self, casus, moment, soort, door=None, **velden):
        door = door or self.regisseur
        self.historie.append(CasusHistorie(casus_id=casus.obj.pk, tijdstip=moment, door=door,
                                           organisatie=door.organisatie, soort=soort, **velden))

    def casussen(self, plan):
        for p in plan:
            p.obj = Casus(
                code=casus_services.next_code(self.prefix, timezone.localtime(p.geopend).year),
                district=self.district, regio=self.regio, eigenaar=self.regisseur, samenvatting=p.samenvatting,
                melder=self.organisaties.get(p.melder) if p.melder else None,
                comensha_aangemeld_op=p.comensha, zorgcoordinator_betrokken_op=p.zorg,
                status=p.status_op(self.grens), afsluitreden=p.afsluitreden,
                geopend_op=p.geopend, status_gewijzigd_op=p.stappen[-1][0] if p.stappen else p.geopend,
                afgesloten_op=p.afgesloten_op,
            )
        Casus.objects.bulk_create([p.obj for p in plan])
        for p in plan:
            p.obj.gewijzigd = max([p.geopend, *(w for w, _n in p.stappen)])
        Casus.objects.bulk_update([p.obj for p in plan], ["gewijzigd"])
        Casus.gemeenten.through.objects.bulk_create(
            Casus.gemeenten.through(casus_id=p.obj.pk, gemeente_id=self.gemeenten[p.gemeente].pk) for p in plan
        )
        Casus.vormen.through.objects.bulk_create(
            Casus.vormen.through(casus_id=p.obj.pk, vorm_id=self.vormen[code].pk) for p in plan for code in p.vormen
        )
        CasusSignaal.objects.bulk_create(
            CasusSignaal(casus_id=p.obj.pk, signaal_id=s.obj.pk, gekoppeld_door=self.regisseur, gekoppeld_op=moment)
            for p in plan for s, moment in p.signalen
        )
        for p in plan:
            self._rij(p, p.geopend, CasusGebeurtenis.GEOPEND, naar_status=CasusStatus.OPEN)
            for signaal, moment in p.signalen:
                self._rij(p, moment, CasusGebeurtenis.SIGNAAL, signaal_id=signaal.obj.pk)
            if p.comensha or p.zorg:
                # Recorded on the later of the two days (a date in the future cannot be entered).
                dag = max(d for d in (p.comensha, p.zorg) if d)
                moment = max(min(timezone.make_aware(datetime.combine(dag, time(11, 0))), self.grens), p.geopend)
                regels = [f"comensha_aangemeld_op={p.comensha.isoformat()}" if p.comensha else "",
                          f"zorgcoordinator_betrokken_op={p.zorg.isoformat()}" if p.zorg else ""]
                self._rij(p, moment, CasusGebeurtenis.SLACHTOFFERSPOOR, tekst="\n".join(r for r in regels if r))
            van = CasusStatus.OPEN
            for moment, naar in p.stappen:
                self._rij(p, moment, CasusGebeurtenis.STATUS, van_status=van, naar_status=naar,
                          tekst=p.afsluitreden if naar == CasusStatus.AFGESLOTEN else "")
                van = naar

    # meetings, decisions and actions

    def _organisatie_voor(self, rng, soort, casus):
        keuzes = [n for n in self.gebied.organisaties[soort] if n != "GGD Twente" or casus.vormen[0] == "seksueel"]
        naam = rng.choice(keuzes)
        if naam == "gemeente":
            naam = f"Gemeente {casus.gemeente}"
            if naam not in self.organisaties:  # no demo organisation for this gemeente
                riec = "RIEC Oost-Nederland" if self.gebied is TWENTE else "RIEC Midden-Nederland"
                naam = riec if soort == AS.BESTUURLIJK else "CoMensha"
        return self.organisaties[naam]

    def _actie(self, rng, overleg, punt, soort, organisatie, omschrijving, casus, recent_vanaf):
        aangemaakt = overleg.eindigt
        deadline = timezone.localdate(aangemaakt) + timedelta(days=rng.choice((14, 21, 28, 28, 42)))
        dicht = casus.afgesloten_op if casus else None
        recent = aangemaakt >= recent_vanaf
        kans = rng.random()
        status, gereed_op = A.GEREED, None
        if kans < 0.06:
            status = A.VERVALLEN
        elif kans < 0.18 and recent and dicht is None:
            status = rng.choice((A.OPEN, A.IN_UITVOERING))  # still open: most of these are overdue by now
        if status == A.GEREED:
            looptijd = (deadline - timezone.localdate(aangemaakt)).days
            # Most are done before the due date, some (up to a third of the time) after it.
            gereed_op = aangemaakt + timedelta(days=looptijd * rng.uniform(0.25, 1.35), hours=rng.uniform(0, 6))
            grens = min(self.grens, dicht - timedelta(hours=2)) if dicht else self.grens
            if gereed_op > grens:
                if dicht is None and recent:
                    status, gereed_op = A.IN_UITVOERING, None
                else:
                    gereed_op = max(grens, aangemaakt + timedelta(hours=3))
        persoon = PERSOON_VAN.get(organisatie.naam)
        return Actie(
            casus=casus.obj if casus else None, agendapunt=punt, omschrijving=omschrijving, soort=soort,
            organisatie=organisatie, verantwoordelijke=self.gebruikers.get(persoon) if persoon else None,
            deadline=deadline, status=status,
            reden_vervallen=REDEN_VERVALLEN if status == A.VERVALLEN else "",
            terugkoppeling=TERUGKOPPELINGEN[soort] if status == A.GEREED else "",
            gereed_op=gereed_op, aangemaakt_door=self.regisseur, aangemaakt=aangemaakt,
        )

    def overleggen(self, rng, plan, recent_vanaf):
        tafels = {t.naam: t for t in Tafel.objects.filter(naam__in={o.tafel for o in plan})
                  .prefetch_related("leden__organisatie")}
        for p in plan:
            tafel = tafels[p.tafel]
            p.obj = Overleg(
                tafel=tafel, begint=p.begint, eindigt=p.eindigt, locatie=p.plaats, voorzitter=tafel.voorzitter,
                doel=REGIEGROEP_DOEL if p.onderwerp else casusoverleg_demo.DOEL,
                status=OverlegStatus.GEHOUDEN, aangemaakt_door=self.regisseur,
                aangemaakt=p.begint - timedelta(days=21),
            )
        Overleg.objects.bulk_create([p.obj for p in plan])
        for p in plan:
            p.obj.gewijzigd = p.eindigt
        Overleg.objects.bulk_update([p.obj for p in plan], ["gewijzigd"])
        deelnemers, punten = [], []
        for p in plan:
            for lid in tafels[p.tafel].leden.all():
                kans = 1.0 if lid.organisatie.soort == "riec" else AANWEZIG_KANS.get(lid.organisatie.naam, 0.9)
                deelnemers.append(OverlegDeelnemer(
                    overleg=p.obj, organisatie=lid.organisatie, deelnemer_id=lid.deelnemer_id,
                    mailbox="" if lid.deelnemer_id else lid.mailbox, aanwezig=rng.random() < kans,
                ))
            volgorde = [(AgendapuntSoort.OPENING, None, ""), (AgendapuntSoort.BESLUITENLIJST, None, "")]
            volgorde += [(AgendapuntSoort.CASUS, casus, "") for casus in p.casussen]
            if p.onderwerp:
                volgorde.append((AgendapuntSoort.ONDERWERP, None, p.onderwerp[0]))
            volgorde.append((AgendapuntSoort.RONDVRAAG, None, ""))
            for nummer, (soort, casus, titel) in enumerate(volgorde, 1):
                punt = Agendapunt(overleg=p.obj, volgorde=nummer, soort=soort, titel=titel,
                                  casus=casus.obj if casus else None)
                p.punten.append((punt, casus))
                punten.append(punt)
        OverlegDeelnemer.objects.bulk_create(deelnemers)
        Agendapunt.objects.bulk_create(punten)

        besluiten, acties = [], []  # acties: (Actie, POverleg, PCasus | None)
        for p in plan:
            tekst = overleg_services._historie_tekst(p.obj)
            for punt, casus in p.punten:
                if punt.soort == AgendapuntSoort.ONDERWERP:
                    soort, organisatie, omschrijving = p.onderwerp[1]
                    acties.append((self._actie(rng, p, punt, soort, self.organisaties[organisatie], omschrijving,
                                               None, recent_vanaf), p, None))
                if casus is None:
                    continue
                self._rij(casus, p.begint - timedelta(days=8), CasusGebeurtenis.AGENDA, overleg=p.obj)
                self._rij(casus, p.eindigt, CasusGebeurtenis.BESPROKEN, overleg=p.obj, tekst=tekst)
                if rng.random() < 0.75:
                    besluit = rng.choice(BESLUITEN)
                    besluiten.append(Besluit(agendapunt=punt, tekst=besluit, vastgelegd_door=self.regisseur,
                                             vastgelegd_op=p.eindigt))
                    self._rij(casus, p.eindigt, CasusGebeurtenis.BESLUIT, overleg=p.obj, tekst=besluit)
                eerste = casus.besproken[0] == p.begint
                for _i in range(rng.choice((1, 2, 2, 3) if eerste else (0, 0, 1, 1, 2))):
                    soort = _kies(rng, ((AS.STRAFRECHTELIJK, 30), (AS.BESTUURLIJK, 25), (AS.ZORG, 20),
                                        (AS.ARBEIDSRECHTELIJK, 15 if casus.vormen[0] == "arbeid" else 3),
                                        (AS.FISCAAL, 10)))
                    acties.append((self._actie(rng, p, punt, soort, self._organisatie_voor(rng, soort, casus),
                                               rng.choice(ACTIES[soort]), casus, recent_vanaf), p, casus))
        Besluit.objects.bulk_create(besluiten)
        rijen = [actie for actie, _o, _c in acties]
        Actie.objects.bulk_create(rijen)
        for actie in rijen:
            actie.gewijzigd = actie.gereed_op or actie.aangemaakt
        Actie.objects.bulk_update(rijen, ["gewijzigd"])
        with translation.override(settings.LANGUAGE_CODE):
            labels = {status: str(status.label) for status in A}
        for actie, overleg, casus in acties:
            if casus is None:
                continue
            self._rij(casus, actie.aangemaakt, CasusGebeurtenis.ACTIE, overleg=overleg.obj, actie=actie)
            if actie.status == A.OPEN:
                continue
            # Done or in progress: reported by the responsible organisation; dropped: by the ketenregisseur.
            door = self.regisseur if actie.status == A.VERVALLEN else actie.verantwoordelijke or self.regisseur
            moment = min(actie.gereed_op or actie.aangemaakt + timedelta(days=5), self.grens)
            tekst = f"{labels[A.OPEN]} → {labels[actie.status]}"
            if actie.status == A.VERVALLEN:
                tekst += f"\n{actie.reden_vervallen}"
            self._rij(casus, moment, CasusGebeurtenis.ACTIE_STATUS, door=door, van_status=A.OPEN,
                      naar_status=actie.status, tekst=tekst, actie=actie)
        return rijen

    def schrijf_historie(self):
        CasusHistorie.objects.bulk_create(self.historie)
        self.historie = []


# --- the history of both werkgebieden ---------------------------------------------------------------------------


def historie_bestaat():
    """The history is there when its first signal is: by its ``MARKER``, or, once the demo's retention run
    (``mensenhandel.bewaren.demo``) has anonymised the history's oldest signals with the marker among them, by an
    anonymised signal (the demo's own signals are all younger than the signal rule's term)."""
    return Signaal.objects.filter(omschrijving=MARKER).exists() or Signaal.objects.filter(
        verwijderd_op__isnull=False).exists()


def _grens(vandaag):
    return min(timezone.now(), timezone.make_aware(datetime.combine(vandaag, time(0, 0)))) - RUST


def seed_historie(gebruikers, vandaag=None):
    """Add the history of both werkgebieden, once. Returns {werkgebied key: counts}; empty when it was there."""
    if historie_bestaat():
        return {}
    vandaag = vandaag or timezone.localdate()
    grens = _grens(vandaag)
    kwartalen = _kwartalen(vandaag)
    with transaction.atomic():
        plannen = []
        for gebied in GEBIEDEN:
            rng = random.Random(f"rapportage-demo-{gebied.sleutel}")
            schrijver = _Schrijver(gebied, gebruikers, grens)
            signalen = _plan_signalen(rng, gebied, kwartalen, grens)
            _plan_triage(rng, gebied, signalen, grens, schrijver.teksten)
            casussen = _plan_casussen(rng, gebied, signalen, kwartalen, grens)
            bestaande = {}
            for naam, begint in Overleg.objects.filter(tafel__naam__in=[t[0] for t in gebied.tafels]).values_list(
                    "tafel__naam", "begint"):
                bestaande.setdefault(naam, []).append(timezone.localdate(begint))
            overleggen = _plan_overleggen(rng, gebied, kwartalen, casussen, grens, bestaande)
            plannen.append((gebied, rng, schrijver, signalen, casussen, overleggen))
        # One reference numbering for both, oldest first, as submitting them one by one would have given.
        for signaal in sorted((s for plan in plannen for s in plan[3]), key=lambda s: s.moment):
            signaal.referentie = signaal_services._next_reference(timezone.localtime(signaal.moment))
        aantallen = {}
        for gebied, rng, schrijver, signalen, casussen, overleggen in plannen:
            schrijver.signalen(signalen)
            schrijver.casussen(casussen)
            acties = schrijver.overleggen(rng, overleggen, recent_vanaf=kwartalen[-2].begin)
            schrijver.schrijf_historie()
            aantallen[gebied.sleutel] = {"signalen": len(signalen), "casussen": len(casussen),
                                         "overleggen": len(overleggen), "acties": len(acties)}
    return aantallen


def seed(gebruikers):
    """The history (once), the barriers of its cases (once) and the final reports of the last two completed quarters
    (once)."""
    historie = seed_historie(gebruikers)
    barriere_demo.seed()
    return {"historie": historie, "rapporten": seed_rapporten(gebruikers)}



def stap_rapporten(demo):
    """The step of seed_demo (registered in ``RapportageConfig.ready()``): the history the quarterly report counts, and
    (without ``--zonder-rapporten``) the final reports of the last two quarters, counted by the report job, run here
    in-process, also when Redis is configured.

    Their PDFs too, except under `make run` (in-process jobs in a thread, ``JOBS_IN_THREAD``): rendering the eight PDFs
    took most of seed_demo's time, so their jobs stay queued (``held_back``) and the development server makes them in
    a thread as soon as it starts; the reports' pages show them as being made until then. The tests (no thread) get
    every PDF before seed_demo returns, as before."""
    if demo.zonder_rapporten:
        seed_historie(demo.gebruikers)
        barriere_demo.seed()
    elif pdfs_na_start():
        from mensenhandel.jobs.services import held_back

        with held_back():
            seed(demo.gebruikers)
    else:
        seed(demo.gebruikers)


def pdfs_na_start():
    """Whether the demo reports' PDFs are left to the development server (see ``stap_rapporten``)."""
    return settings.JOBS_EAGER and settings.JOBS_IN_THREAD


# --- the reports ----------------------------------------------------------------------------------------------

KWARTAAL_NAMEN = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}
VORM_NAMEN = {"arbeid": "arbeidsuitbuiting", "seksueel": "seksuele uitbuiting", "crimineel": "criminele uitbuiting",
              "orgaan": "gedwongen orgaanverwijdering", "onbekend": "signalen waarvan de vorm nog onbekend is"}
BESTEMMING_NAMEN = {"politie_om": "politie en OM", "nla": "de Arbeidsinspectie", "zorgcoordinator": "de zorgcoördinator",
                    "comensha": "CoMensha", "veilig_thuis": "Veilig Thuis", "bestuurlijk": "de bestuurlijke aanpak"}
# The seasonal paragraph names no sector: which sectors stood out is said from the figures themselves (``toelichting``),
# so the text never names a sector its own table does not show (issue 18).
SEIZOEN = {
    1: "Na de jaarwisseling zien we traditioneel minder signalen uit de seizoensarbeid; de aandacht lag dit kwartaal "
       "daarom meer op de bestuurlijke aanpak van panden waar arbeidsmigranten wonen.",
    2: "Met de start van het seizoen nemen de signalen over seizoensarbeid toe. In de overleggen is afgesproken de "
       "controles bij werkgevers en huisvesters gezamenlijk te plannen, zodat de betrokkenen meteen hulp kunnen "
       "krijgen.",
    3: "De zomermaanden laten het bekende beeld zien van seizoensarbeid, met lange werkdagen en een woning via de "
       "werkgever. De gezamenlijke controles zijn dit kwartaal voortgezet.",
    4: "In de aanloop naar de feestdagen is de werkdruk bij veel werkgevers hoog; signalen over arbeidsuitbuiting "
       "krijgen daarom voorrang bij de beoordeling.",
}
AANDACHT = {
    "tw": "Aandachtspunt voor het komende kwartaal is de doorlooptijd van acties die over de afgesproken termijn "
          "heen gaan: de partners bespreken die voortaan als vast agendapunt in het casusoverleg. Daarnaast vragen wij "
          "de gemeenten met weinig signalen om hun frontlijnmedewerkers opnieuw te trainen in het herkennen van "
          "signalen; een laag aantal betekent niet dat mensenhandel er niet voorkomt.",
    "mn": "De meeste signalen komen uit de gemeente Utrecht; uit de andere gemeenten van de regio komen signalen nog "
          "vooral via de Arbeidsinspectie binnen. Wij vragen het bestuur de aandachtsfunctionarissen van die gemeenten "
          "te steunen bij het melden van signalen uit hun eigen organisatie. Acties die over de termijn gaan, worden "
          "in het eerstvolgende casusoverleg besproken.",
}


def _vergelijk(nu, toen):
    if toen == 0 or abs(nu - toen) / toen < 0.05:
        return "ongeveer evenveel als"
    return "meer dan" if nu > toen else "minder dan"


def _aantal(n, enkelvoud, meervoud):
    """A count in the text only where the report shows it too (5 or more); smaller counts as a word."""
    if n >= 5:
        return f"{n} {meervoud}"
    return f"minder dan vijf {meervoud}" if n > 0 else f"geen {meervoud}"


def _getal(n):
    """A count as the report shows it: 1–4 as words for "< 5"."""
    return str(n) if n >= 5 or n == 0 else "minder dan vijf"


def _opsomming(een, meer, woorden, en=" en "):
    """", vooral in de sectoren x en y"; nothing when there are no words."""
    if not woorden:
        return ""
    return f"{een if len(woorden) == 1 else meer} {en.join(woorden)}"


def toelichting(gebied, gegevens):
    """The ketenregisseur's explanation for the board: three paragraphs about the figures of ``gegevens`` (the counted
    report), naming only totals of 5 or more and no gemeente's, case's or person's particulars."""
    kwartaal = Kwartaal(*gegevens["kwartaal"])
    s = gegevens["signalen"]
    nu, vorige, jaar = s["ontvangen"]
    vormen = sorted(((r["waarden"][0], r["label"]) for r in s["per_vorm"]), reverse=True)
    grootste = next((code for code, v in Vorm.objects.values_list("code", "naam") if v == vormen[0][1]), "arbeid")
    # Only sectors the table shows with a number (5 or more): a "< 5" row is not named.
    sectoren = [r["label"].split(" (")[0].split(" / ")[0].lower() for r in sorted(
        (r for r in s["per_sector"] if r["label"] and r["label"] != "Overig" and r["waarden"][0] >= 5),
        key=lambda r: -r["waarden"][0])[:2]]
    sector_zin = _opsomming(" De sector met de meeste signalen is", " De sectoren met de meeste signalen zijn",
                            sectoren) + ("." if sectoren else "")
    mediaan = s["beslisduur"]["mediaan_dagen"][0]
    beslis = (f" De helft van de signalen had binnen {str(mediaan).replace('.', ',')} dagen een besluit van de "
              f"ketenregisseur." if mediaan is not None and s["beslisduur"]["aantal"][0] >= 5 else "")
    alinea1 = (
        f"In het {KWARTAAL_NAMEN[kwartaal.kwartaal]} kwartaal van {kwartaal.jaar} ontving de ketenregie {_getal(nu)} "
        f"signalen van mogelijke mensenhandel, {_vergelijk(nu, vorige)} in het kwartaal ervoor ({_getal(vorige)}) en "
        f"{_vergelijk(nu, jaar)} in hetzelfde kwartaal een jaar eerder ({_getal(jaar)}). De grootste groep betreft "
        f"{VORM_NAMEN[grootste]}.{sector_zin}{beslis} "
        f"Gemeenten met weinig signalen staan in de tabellen als “< 5”: zo blijven kleine aantallen niet herleidbaar."
    )
    c, a = gegevens["casussen"], gegevens["acties"]
    uitkomst = {(r["sleutel"], r.get("bestemming")): r["waarden"][0] for r in s["uitkomst"]}
    doorgezet = sum(n for (sleutel, _b), n in uitkomst.items() if sleutel == "doorgezet")
    bestemmingen = sorted(((n, b) for (sleutel, b), n in uitkomst.items() if sleutel == "doorgezet" and n),
                          reverse=True)
    naar = [BESTEMMING_NAMEN[b] for _n, b in bestemmingen[:2]]
    alinea2 = (
        f"{'De meeste' if doorgezet * 2 > nu else 'Veel'} signalen zijn na beoordeling doorgezet naar de partner die ze "
        f"verder oppakt{_opsomming(', vooral naar', ', vooral naar', naar, en=' en naar ')}; "
        f"{'een kleiner deel' if uitkomst[('opgepakt_in_casus', None)] < doorgezet else 'een groot deel'} is "
        f"opgepakt in een casus van het casusoverleg. In het kwartaal zijn "
        f"{_aantal(c['geopend'][0], 'casus', 'casussen')} geopend en "
        f"{_aantal(c['afgesloten'][0], 'casus', 'casussen')} afgesloten. In de overleggen zijn "
        f"{_aantal(a['afgesproken'][0], 'actie', 'acties')} afgesproken en zijn "
        f"{_aantal(a['gereed'][0], 'actie', 'acties')} afgerond; "
        f"{'enkele acties liepen' if a['verlopen'][0] else 'geen enkele actie liep'} over de afgesproken termijn."
    )
    alinea3 = f"{SEIZOEN[kwartaal.kwartaal]} {AANDACHT[gebied.sleutel]}"
    return "\n\n".join((alinea1, alinea2, alinea3))


def dvo_voorstel(gebied, werkgebied, kwartaal):
    """The proposal to the board of a demo report (issue 21): decision points as a ketenregisseur would put them, and
    the board's agenda item and registration number."""
    overleg = werkgebied.bestuurlijk_overleg
    kort = overleg[overleg.rfind("(") + 1:-1] if overleg.endswith(")") else "bestuur"
    punten = [
        f"Het {kort} stemt ermee in dat acties die over de afgesproken termijn gaan als vast agendapunt in het "
        "casusoverleg worden besproken.",
        f"Het {kort} vraagt de gemeenten bij de huisvesting van arbeidsmigranten vaker barrières op te werpen "
        "(controle op overbewoning, last onder dwangsom), zoals dit kwartaal in enkele casussen is gedaan.",
        f"Het {kort} vraagt de gemeenten zonder bewustwordingsbijeenkomst in de afgelopen twaalf maanden er in het "
        "komende halfjaar een te organiseren voor hun frontlijnmedewerkers.",
    ]
    return {
        "dvo_besluitpunten": "\n\n".join(punten),
        "dvo_agendapunt": "B3" if gebied.sleutel == "tw" else "4",
        "dvo_registratienummer": f"{kort}-{kwartaal.jaar}-K{kwartaal.kwartaal}-MH",
    }


def _draai_job(rapport):
    """Run the report's job here until its figures are counted and its PDF is made (only the figures when the PDFs are
    left to the development server, ``pdfs_na_start``). Without Redis the job already ran after the commit (eager);
    with Redis a worker may run it too: the job locks the report, so the work is done once. Returns the report as it
    is now."""
    from mensenhandel.jobs.services import execute

    alleen_cijfers = pdfs_na_start()
    for _stap in range(4):
        rapport.refresh_from_db()
        if rapport.heeft_pdf or rapport.job_id is None or (alleen_cijfers and rapport.gegevens is not None):
            break
        execute(rapport.job_id)
    rapport.refresh_from_db()
    return rapport


def seed_rapporten(gebruikers, vandaag=None):
    """The final reports of the last two completed quarters of Twente and Midden-Nederland, made as a ketenregisseur
    makes them: a concept (counted by the job), then final with the toelichting. A quarter that has a final report
    already is left alone; a counted concept of an earlier run is reused. Returns the final reports made."""
    from . import services
    from .models import Rapport, RapportStatus
    from .selectors import werkgebied_zonder_districten_q

    laatste = Kwartaal.laatst_afgesloten(vandaag or timezone.localdate())
    gemaakt = []
    for gebied in GEBIEDEN:
        regisseur = gebruikers[gebied.regisseur]
        werkgebied = regisseur.werkgebied
        for kwartaal in (laatste.vorige, laatste):
            rapporten = Rapport.objects.filter(werkgebied_zonder_districten_q(werkgebied), jaar=kwartaal.jaar,
                                               kwartaal=kwartaal.kwartaal)
            if rapporten.filter(status=RapportStatus.DEFINITIEF).exists():
                continue
            concept = rapporten.filter(status=RapportStatus.CONCEPT, gegevens__isnull=False).order_by("-versie").first()
            if concept is None:
                concept = _draai_job(services.maak_concept(werkgebied, kwartaal, door=regisseur))
            if concept.gegevens is None:
                raise RuntimeError(f"The report job could not count the figures of {concept}: "
                                   f"{concept.job.fout if concept.job else 'no job'}")
            definitief = services.definitief_maken(concept, regisseur, toelichting(gebied, concept.gegevens),
                                                   dvo=dvo_voorstel(gebied, werkgebied, kwartaal))
            gemaakt.append(_draai_job(definitief))
    return gemaakt
