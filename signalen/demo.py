"""Demo signals for Twente and Midden-Nederland (``seed_demo``). Fictitious situations only.

``seed(gebruikers)`` adds about thirty signals: every status (two drafts among them), every form of
exploitation, sector and source, the three urgencies, some with a possible minor (priority), some with a
question and an answer, some shared (with the Nederlandse Arbeidsinspectie, the zorgcoördinator, CoMensha, the
police, and via the Regiegroep Prostitutie Twente), three with a small generated PDF. They are submitted by the demo
coordinators and partners and decided by the ketenregisseur of their werkgebied, spread over the last nine months.

Everything goes through the application's own write paths (``concept`` for the draft, ``bijlagen.add``,
``services.submit``/``change_status``/``answer_question``/``share``), so references, history, grants and the
audit log are what real use gives (only the submitters get no 'there is news' e-mail). Afterwards the moments are set
back to the story's dates with queryset updates (submission, creation, every history row, shares, attachments); the
audit log keeps the real moment of seeding (it is append-only, and that is the truth).

The descriptions are generic and made up: no names of persons, no real businesses (names carry "(demo)"),
no real addresses (Voorbeeldstraat …) or KvK numbers.

Idempotent: a demo signal is known by its submitter and its description (each description below is unique). A
run adds only the demo signals that do not exist yet and never touches existing ones, so a second run changes
nothing and what a demo user did with a demo signal (a decision, an answer) stays. A removed draft (the 30-day
clean-up) comes back on the next run.
"""
import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tafels.models import Gemeente, Tafel

from . import services
from .models import (
    Antwoord,
    Bestemming,
    Bijlage,
    Bron,
    Grondslag,
    Indicator,
    Sector,
    Signaal,
    SignaalDeling,
    SignaalHistorie,
    Standaardtekst,
    Status,
    Urgentie,
    Vorm,
)
from .referentie import GRONDSLAGEN
from .referentie import load as load_referentie

ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"
UTRECHT = "coordinator@utrecht.example"
POLITIE = "politie@oost-nederland.example"
NLA = "inspectie@nla.example"
REGISSEUR_TWENTE = "regisseur@twente.example"
REGISSEUR_MIDDEN = "regisseur@midden-nederland.example"

REGIEGROEP = "Regiegroep Prostitutie Twente"
AVG = GRONDSLAGEN[0][0]
CONVENANT = GRONDSLAGEN[1][0]

# Short keys for the indicators of signalen/referentie.py (an indicator a beheerder renamed is skipped).
INDICATOREN = {
    "zelfde_persoon": "Huisvesting, vervoer of werk via dezelfde persoon",
    "schulden": "Schulden bij werkgever of bemiddelaar",
    "papieren": "Geen beschikking over eigen identiteitspapieren of bankrekening",
    "afhankelijk": "Taal, verblijfsstatus of isolement maakt afhankelijk",
    "niet_vrij": "Kan niet vrij gaan en staan",
    "gecontroleerd": "Wordt gecontroleerd of begeleid",
    "contact_beperkt": "Contact met familie of hulpverlening beperkt",
    "adres_onbekend": "Weet eigen (werk)adres niet",
    "lange_dagen": "Extreem lange werkdagen",
    "laag_loon": "(Veel) te laag of geen loon",
    "inhoudingen": "Inhoudingen voor huisvesting of boetes",
    "huisvesting": "Slechte of overvolle huisvesting",
    "onveilig": "Onveilig werk",
    "geweld": "Sporen van geweld of verwaarlozing",
    "dreiging": "Dreiging met geweld tegen persoon of familie",
    "middelen": "Gedwongen middelengebruik",
    "onveilige_seks": "Gedwongen abortus of onveilige seks",
    "meerdere": "Meerdere personen in dezelfde situatie",
    "zelfde_adressen": "Dezelfde bemiddelaar of dezelfde adressen",
    "wisselend": "Wisselende verblijfplaatsen",
    "meerdere_partners": "Signalen bij meerdere partners",
}


# --- the story of a signal: what happens how many days after it was submitted -----------------------


@dataclass(frozen=True)
class Stap:
    dag: float
    soort: str
    args: tuple = ()


def behandeling(dag):
    return Stap(dag, "status", (Status.IN_BEHANDELING, "", ""))


def vraag(dag, tekst):
    return Stap(dag, "status", (Status.INFORMATIE_OPGEVRAAGD, tekst, ""))


def antwoord(dag, tekst):
    return Stap(dag, "antwoord", (tekst,))


def besluit(dag, status, reden="", naar=""):
    return Stap(dag, "status", (status, reden, naar))


def heropen(dag, reden):
    return Stap(dag, "status", (Status.IN_BEHANDELING, reden, ""))


def deel(dag, organisatie, grondslag, toelichting):
    return Stap(dag, "deel", (organisatie, grondslag, toelichting))


def deel_tafel(dag, tafel, grondslag, toelichting):
    return Stap(dag, "deel_tafel", (tafel, grondslag, toelichting))


@dataclass(frozen=True)
class DemoSignaal:
    dagen_geleden: float  # submitted (a draft: last saved) this many days ago
    door: str
    gemeente: str
    vormen: tuple
    sector: str
    bron: str
    omschrijving: str
    indicatoren: str = ""  # "key key -key": observed, or (with "-") not observed
    urgentie: str = Urgentie.NORMAAL
    minderjarige: bool = False
    slachtoffers: int | None = None
    locatie_naam: str = ""
    locatie_adres: str = ""
    postcode: str = ""  # with ``huisnummer``: matched by the hit/no-hit index (treffers, issue 19)
    huisnummer: str = ""
    kvk: str = ""
    verloop: tuple = ()
    bijlage: str = ""  # file name of a generated PDF attached before submitting
    concept: bool = False


S = Status
B = Bestemming
U = Urgentie

SIGNALEN = [
    # --- district Twente -------------------------------------------------------------------------------
    DemoSignaal(
        265, ENSCHEDE, "Enschede", ("seksueel",), "prostitutie", "toezicht-handhaving",
        "Bij een controle in een vergund raamprostitutiebedrijf trof de BOA twee vrouwen aan die geen Nederlands of "
        "Engels spraken. Een man bij de ingang hield hun telefoons en paspoorten; de vrouwen keken steeds naar hem "
        "voordat zij antwoord gaven.",
        "papieren gecontroleerd afhankelijk niet_vrij -geweld", U.HOOG, slachtoffers=2,
        locatie_naam="Raamprostitutiebedrijf (demo)", locatie_adres="Voorbeeldstraat 12, Enschede",
        verloop=(behandeling(0.1),
                 deel_tafel(1, REGIEGROEP, CONVENANT, "Ter voorbereiding op de volgende controle door de regiegroep."),
                 besluit(6, S.DOORGEZET, naar=B.POLITIE_OM)),
        bijlage="controleverslag-boa.pdf",
    ),
    DemoSignaal(
        240, HENGELO, "Hengelo", ("arbeid",), "distributiecentra", "uitkering",
        "Bij een uitkeringsaanvraag vertelt de aanvrager dat het uitzendbureau huur, vervoer en boetes inhoudt op het "
        "loon van een orderpicker in een distributiecentrum. Na de inhoudingen blijft er minder dan 100 euro per week "
        "over.",
        "inhoudingen laag_loon zelfde_persoon schulden",
        verloop=(behandeling(1),
                 deel(2, "Nederlandse Arbeidsinspectie", CONVENANT, "Mogelijk past dit bij een lopend onderzoek."),
                 besluit(9, S.DOORGEZET, naar=B.NLA)),
    ),
    DemoSignaal(
        225, POLITIE, "Almelo", ("crimineel", "arbeid"), "hennep-drugs", "ketenpartner",
        "Twee minderjarigen worden regelmatig gezien bij een woning waar hennep wordt geteeld. Zij lijken er te "
        "verblijven en gaan volgens de wijkagent niet naar school.",
        "niet_vrij contact_beperkt onveilig meerdere", U.ZEER_HOOG, minderjarige=True, slachtoffers=2,
        verloop=(behandeling(0.05),
                 besluit(2, S.OPGEPAKT_IN_CASUS, "Ingebracht in het casusoverleg en opgepakt in een casus.")),
    ),
    DemoSignaal(
        210, ENSCHEDE, "Enschede", ("arbeid",), "huisvesting", "woningcorporatie",
        "De woningcorporatie signaleert overbewoning: twaalf arbeidsmigranten in een eengezinswoning. De huur wordt "
        "volgens de bewoners via de werkgever ingehouden; niemand heeft een eigen huurcontract.",
        "huisvesting inhoudingen zelfde_persoon -niet_vrij", slachtoffers=12,
        verloop=(behandeling(2),
                 besluit(20, S.AFGESLOTEN,
                         "Na een controle is de bewoning teruggebracht en zijn er huurcontracten afgesloten; geen "
                         "aanwijzingen voor uitbuiting gevonden.")),
    ),
    DemoSignaal(
        190, ENSCHEDE, "Enschede", ("seksueel",), "prostitutie", "ggd",
        "Op het spreekuur van de GGD vertelt een jonge vrouw met blauwe plekken dat zij haar verdiensten moet afstaan "
        "en niet zelf mag bepalen met wie en hoe vaak zij werkt.",
        "geweld gecontroleerd dreiging onveilige_seks", U.HOOG, slachtoffers=1,
        verloop=(behandeling(0.2),
                 deel_tafel(1, REGIEGROEP, AVG, "Voor de afstemming over zorg en veiligheid in de regiegroep."),
                 besluit(4, S.DOORGEZET, naar=B.ZORGCOORDINATOR)),
    ),
    DemoSignaal(
        175, POLITIE, "Oldenzaal", ("arbeid",), "transport-logistiek", "ketenpartner",
        "Vrachtwagenchauffeurs uit een land buiten de EU slapen wekenlang in hun cabine op een bedrijfsterrein. Hun "
        "loon wordt volgens hen maanden later en maar gedeeltelijk betaald.",
        "laag_loon lange_dagen huisvesting afhankelijk", slachtoffers=5,
        verloop=(behandeling(1), besluit(5, S.DOORGEZET, naar=B.NLA)),
    ),
    DemoSignaal(
        160, HENGELO, "Hengelo", ("arbeid",), "bouw", "vergunningen-bibob",
        "Bij een Bibob-toets voor een bouwbedrijf blijkt dat de werknemers via een buitenlandse constructie worden "
        "ingeleend en ver onder het minimumloon worden betaald.",
        "laag_loon zelfde_adressen -geweld",
        locatie_naam="Bouwbedrijf Proefbouw (demo)", kvk="00000107",
        verloop=(behandeling(3),
                 vraag(4, "Is bekend op welke bouwplaatsen de werknemers nu werken en hoe zij daar komen?"),
                 antwoord(6, "Volgens de aanvraag werken zij op twee projecten in Hengelo-Noord; ze worden met busjes "
                             "van het bedrijf gebracht."),
                 besluit(15, S.DOORGEZET, naar=B.BESTUURLIJK)),
    ),
    DemoSignaal(
        150, ENSCHEDE, "Enschede", ("crimineel",), "overig", "leerplicht",
        "Een leerling van vijftien jaar verzuimt veel. Tegen de leerplichtambtenaar zegt hij dat hij pakketjes moet "
        "rondbrengen om een schuld van zijn familie af te lossen.",
        "schulden dreiging gecontroleerd", U.ZEER_HOOG, minderjarige=True, slachtoffers=1,
        verloop=(behandeling(0.05), besluit(1, S.DOORGEZET, naar=B.VEILIG_THUIS)),
    ),
    DemoSignaal(
        135, ENSCHEDE, "Enschede", ("onbekend",), "textiel", "sociaal-domein",
        "Een Wmo-consulent zag in een bedrijfspand naaimachines en matrassen. Het is onduidelijk wie er werkt en wie "
        "er woont; de deur werd snel gesloten.",
        "huisvesting -niet_vrij",
        locatie_naam="Bedrijfspand Demolaan (demo)", locatie_adres="Demolaan 4, Enschede",
        verloop=(behandeling(2),
                 besluit(12, S.AFGESLOTEN, "Bij een bezoek waren geen bewoners of werkenden aanwezig."),
                 heropen(60, "Nieuwe melding over hetzelfde pand via de woningcorporatie.")),
        bijlage="foto-overzicht-pand.pdf",
    ),
    DemoSignaal(
        120, HENGELO, "Hengelo", ("arbeid",), "vleesverwerking", "publieksbalie",
        "Aan de balie vertellen medewerkers van een vleesverwerker dat zij na een ziekmelding direct hun huisvesting "
        "verliezen en dat hun paspoort bij het uitzendbureau ligt.",
        "papieren zelfde_persoon inhoudingen meerdere", slachtoffers=3,
        verloop=(behandeling(1),
                 besluit(8, S.OPGEPAKT_IN_CASUS, "Samen met signalen uit andere gemeenten opgepakt in een casus.")),
    ),
    DemoSignaal(
        100, NLA, "Rijssen-Holten", ("arbeid",), "champignonkwekerijen", "ketenpartner",
        "Bij een inspectie op een champignonkwekerij vertellen plukkers dat zij per kilo worden betaald en voor "
        "huisvesting en vervoer een vast bedrag per week moeten inleveren.",
        "laag_loon inhoudingen lange_dagen zelfde_persoon", slachtoffers=8,
        locatie_naam="Kwekerij De Proefhoeve (demo)", kvk="00000111",
        verloop=(behandeling(2), besluit(10, S.OPGEPAKT_IN_CASUS, "Opgepakt in een casus met de inspectie.")),
    ),
    DemoSignaal(
        80, ENSCHEDE, "Enschede", ("orgaan",), "overig", "ggd",
        "Een cliënt vertelt bij de GGD dat hem is voorgesteld een nier af te staan om een schuld bij een bemiddelaar "
        "af te lossen.",
        "schulden dreiging afhankelijk", U.ZEER_HOOG, slachtoffers=1,
        verloop=(behandeling(0.1),
                 deel(1, "Zorgcoördinator Twente", AVG, "Voor opvang en begeleiding van de betrokkene."),
                 besluit(3, S.OPGEPAKT_IN_CASUS, "Met spoed ingebracht in het casusoverleg.")),
    ),
    DemoSignaal(
        62, HENGELO, "Hengelo", ("arbeid",), "schoonmaak", "sociaal-domein",
        "Via het wijkteam: een schoonmaker werkt zeven dagen per week in meerdere panden en slaapt in een berging van "
        "het schoonmaakbedrijf.",
        "lange_dagen huisvesting adres_onbekend",
        verloop=(behandeling(1),
                 vraag(2, "Weet het wijkteam of er meer schoonmakers in dezelfde situatie zijn?"),
                 antwoord(3, "Het wijkteam heeft twee collega's gezien die ook in de berging slapen.")),
    ),
    DemoSignaal(
        45, HENGELO, "Borne", ("arbeid",), "land-tuinbouw", "toezicht-handhaving",
        "Bij een controle op een tuinbouwbedrijf verblijven seizoenswerkers in caravans zonder sanitair. Zij zeggen "
        "hun paspoort te hebben ingeleverd voor de administratie.",
        "papieren huisvesting meerdere -geweld", slachtoffers=14,
        verloop=(behandeling(1),
                 deel(2, "Nederlandse Arbeidsinspectie", CONVENANT, "Graag afstemmen voor een gezamenlijke controle.")),
    ),
    DemoSignaal(
        30, POLITIE, "Almelo", ("arbeid",), "huishoudelijk-au-pair", "ketenpartner",
        "Een au pair werkt volgens een kennis zestig uur per week bij een gastgezin, krijgt geen zakgeld en mag het "
        "huis alleen samen met het gezin verlaten.",
        "lange_dagen laag_loon niet_vrij contact_beperkt",
        verloop=(behandeling(1),
                 vraag(3, "Is bekend sinds wanneer de au pair bij het gastgezin verblijft en via welk bureau?")),
    ),
    DemoSignaal(
        21, ENSCHEDE, "Enschede", ("arbeid",), "nagelstudios-massage", "brp",
        "Meerdere personen wonen op één adres boven een nagelstudio en werken er lange dagen. In vier weken kwamen er "
        "negen nieuwe inschrijvingen op dit adres bij.",
        "lange_dagen huisvesting zelfde_adressen wisselend", slachtoffers=9,
        locatie_naam="Nagelstudio Glans (demo)", locatie_adres="Voorbeeldstraat 31, Enschede", kvk="00000121",
        postcode="7511 ZZ", huisnummer="31",
        verloop=(behandeling(2),),
        bijlage="brp-overzicht-adres.pdf",
    ),
    DemoSignaal(
        14, ENSCHEDE, "Hof van Twente", ("arbeid",), "uitzendbureaus", "brp",
        "In de BRP staan 23 inschrijvingen op één adres dat bij een uitzendbureau hoort, allemaal binnen vier weken.",
        "zelfde_adressen wisselend meerdere",
    ),
    DemoSignaal(
        9, ENSCHEDE, "Enschede", ("seksueel",), "online", "melding-burger",
        "Een buurtbewoner meldt advertenties voor escortwerk met steeds wisselende vrouwen op één adres in een flat. Er "
        "komen 's nachts veel bezoekers.",
        "wisselend meerdere",
        # The same address as the nail studio of 21 days ago: a possible duplicate in Twente (treffers).
        locatie_adres="Voorbeeldstraat 31, Enschede (bovenwoning)", postcode="7511 ZZ", huisnummer="31",
        verloop=(behandeling(1),
                 vraag(2, "Kunt u nagaan of het adres bekend is bij toezicht en handhaving, en sinds wanneer de "
                          "advertenties er staan?")),
    ),
    DemoSignaal(
        5, ENSCHEDE, "Haaksbergen", ("arbeid",), "land-tuinbouw", "melding-burger",
        "Een anonieme melder ziet werknemers van een tuinderij elke ochtend vroeg met busjes opgehaald en 's avonds "
        "laat teruggebracht worden, ook op zondag.",
        "lange_dagen zelfde_persoon", U.HOOG,
    ),
    DemoSignaal(
        2, ENSCHEDE, "Enschede", ("arbeid",), "horeca", "publieksbalie",
        "Een medewerker van een restaurant vraagt aan de balie hulp bij het openen van een bankrekening. De werkgever "
        "bewaart zijn identiteitsbewijs en betaalt contant.",
        "papieren afhankelijk",
    ),
    DemoSignaal(
        1, POLITIE, "Losser", ("seksueel", "crimineel"), "overig", "ketenpartner",
        "Bij een verkeerscontrole zaten drie jonge vrouwen in een auto met een bestuurder die voor hen sprak en hun "
        "papieren bewaarde. Zij waren op weg naar een adres in Duitsland.",
        "gecontroleerd papieren adres_onbekend", U.HOOG, slachtoffers=3,
    ),
    DemoSignaal(
        3, ENSCHEDE, "Enschede", ("seksueel",), "nagelstudios-massage", "toezicht-handhaving",
        "Massagesalon met steeds wisselende medewerkers; nog navragen bij toezicht en handhaving.",
        "wisselend", concept=True,
    ),
    # --- regio Midden-Nederland ------------------------------------------------------------------------
    DemoSignaal(
        255, UTRECHT, "Utrecht", ("seksueel",), "prostitutie", "toezicht-handhaving",
        "Bij een controle in het vergunde prostitutiegebied werkt een vrouw met een paspoort dat niet bij haar lijkt "
        "te horen. Zij wordt elke dag door dezelfde auto gebracht en gehaald.",
        "papieren gecontroleerd zelfde_persoon", U.HOOG, slachtoffers=1,
        verloop=(behandeling(0.2),
                 deel(1, "Politie Midden-Nederland", AVG, "Voor de beoordeling door de afdeling mensenhandel."),
                 besluit(3, S.DOORGEZET, naar=B.POLITIE_OM)),
    ),
    DemoSignaal(
        230, NLA, "Nieuwegein", ("arbeid",), "land-tuinbouw", "ketenpartner",
        "De inspectie trof op een kwekerij arbeiders aan die zeggen een bemiddelingsschuld van enkele duizenden euro's "
        "af te betalen.",
        "schulden laag_loon zelfde_persoon meerdere", slachtoffers=6,
        verloop=(behandeling(1), besluit(14, S.OPGEPAKT_IN_CASUS, "Opgepakt in het casusoverleg Midden-Nederland.")),
    ),
    DemoSignaal(
        200, UTRECHT, "Utrecht", ("arbeid",), "nagelstudios-massage", "brp",
        "Meerdere inschrijvingen op het adres van een nagelstudio; de bewoners wisselen elke paar weken.",
        "wisselend zelfde_adressen",
        verloop=(behandeling(3),
                 besluit(25, S.AFGESLOTEN, "De inschrijvingen bleken tijdelijke kamerverhuur; geen aanwijzingen "
                                           "voor uitbuiting.")),
    ),
    DemoSignaal(
        170, NLA, "Amersfoort", ("arbeid",), "distributiecentra", "ketenpartner",
        "Bij een inspectie in een distributiecentrum blijken uitzendkrachten dertien uur per dag te werken; "
        "loonstroken ontbreken.",
        "lange_dagen laag_loon onveilig", slachtoffers=20,
        verloop=(behandeling(1),
                 vraag(2, "Zijn er aanwijzingen dat de uitzendkrachten ook via de werkgever wonen?"),
                 antwoord(4, "Ja, een deel woont in panden die door het uitzendbureau worden verhuurd."),
                 besluit(10, S.DOORGEZET, naar=B.POLITIE_OM)),
    ),
    DemoSignaal(
        140, UTRECHT, "Utrecht", ("crimineel",), "overig", "sociaal-domein",
        "Jongeren uit een opvanglocatie worden volgens het wijkteam in georganiseerd verband ingezet voor "
        "winkeldiefstal.",
        "gecontroleerd dreiging meerdere", U.ZEER_HOOG, minderjarige=True, slachtoffers=4,
        verloop=(behandeling(0.05), besluit(1, S.DOORGEZET, naar=B.ZORGCOORDINATOR)),
    ),
    DemoSignaal(
        110, NLA, "Veenendaal", ("arbeid",), "vleesverwerking", "overig",
        "Via het meldpunt van de inspectie: medewerkers van een vleesverwerker krijgen hun loon pas na inhouding van "
        "reiskosten en huisvesting.",
        "inhoudingen laag_loon",
        verloop=(behandeling(2),
                 besluit(9, S.AFGESLOTEN, "De inspectie pakt dit zelf op in een lopend onderzoek; geen "
                                          "ketenvervolg nodig.")),
    ),
    DemoSignaal(
        70, UTRECHT, "Utrecht", ("seksueel",), "online", "publieksbalie",
        "Aan de balie vraagt een jonge vrouw hulp omdat een vriend advertenties van haar online zet en het geld houdt.",
        "gecontroleerd dreiging laag_loon", U.ZEER_HOOG, slachtoffers=1,
        verloop=(behandeling(0.1), deel(1, "CoMensha", AVG, "Voor aanmelding en opvang van de betrokkene.")),
    ),
    DemoSignaal(
        40, UTRECHT, "Utrecht", ("arbeid",), "horeca", "melding-burger",
        "Keukenpersoneel van een afhaalrestaurant slaapt volgens een buurtbewoner boven de zaak; er brandt tot diep in "
        "de nacht licht.",
        "huisvesting lange_dagen",
        verloop=(behandeling(2),
                 vraag(3, "Heeft de buurtbewoner gezien of het personeel overdag de zaak verlaat?")),
    ),
    DemoSignaal(
        12, NLA, "Zeist", ("arbeid",), "schoonmaak", "ketenpartner",
        "Schoonmakers van een hotel werken via een onderaannemer zonder contract en krijgen per kamer betaald.",
        "laag_loon lange_dagen",
        verloop=(behandeling(1),),
    ),
    DemoSignaal(
        6, UTRECHT, "Utrecht", ("onbekend",), "huisvesting", "woningcorporatie",
        "De woningcorporatie ziet in een flat een woning waar wisselende mannen verblijven en waar de huur contant "
        "door een derde wordt betaald.",
        "wisselend zelfde_persoon",
    ),
    DemoSignaal(
        3, UTRECHT, "Utrecht", ("arbeid",), "bouw", "vergunningen-bibob",
        "Bij een vergunningaanvraag voor een bouwproject vallen de zeer lage loonkosten per werknemer op.",
        "laag_loon", U.NORMAAL,
        # The KvK number of the building firm of the Hengelo signal: a hit between Twente and Midden-Nederland.
        locatie_naam="Bouwproject Stationsgebied (demo)", kvk="00000107",
    ),
    DemoSignaal(
        1, UTRECHT, "Utrecht", ("arbeid",), "distributiecentra", "publieksbalie",
        "Concept: vraag aan de balie over huisvesting via een werkgever; nog aanvullen na het gesprek.",
        "", concept=True,
    ),
]

REGISSEUR_VOOR = {
    ENSCHEDE: REGISSEUR_TWENTE,
    HENGELO: REGISSEUR_TWENTE,
    POLITIE: REGISSEUR_TWENTE,
    UTRECHT: REGISSEUR_MIDDEN,
}


# --- a small PDF, made here (no file in the repository, no network) ----------------------------------


def demo_pdf(titel):
    """A valid one-page PDF that says it is a fictitious demo document."""
    tekst = f"Demodocument (fictief): {titel}".encode("latin-1", "replace")
    tekst = tekst.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    inhoud = b"BT /F1 14 Tf 72 760 Td (" + tekst + b") Tj ET"
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(inhoud)).encode() + b" >>\nstream\n" + inhoud + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    uit = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posities = []
    for nummer, obj in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += f"{nummer} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(uit)
    uit += f"xref\n0 {len(objecten) + 1}\n0000000000 65535 f \n".encode()
    for positie in posities:
        uit += f"{positie:010d} 00000 n \n".encode()
    uit += f"trailer\n<< /Size {len(objecten) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(uit)


# --- seeding ------------------------------------------------------------------------------------------


class _Lijsten:
    """The reference data the demo signals use, looked up once."""

    def __init__(self):
        self.vormen = {v.code: v for v in Vorm.objects.all()}
        self.sectoren = {s.code: s for s in Sector.objects.all()}
        self.bronnen = {b.code: b for b in Bron.objects.all()}
        self.indicatoren = {i.tekst: i.pk for i in Indicator.objects.filter(tekst__in=INDICATOREN.values())}
        self.gemeenten = {g.naam: g for g in Gemeente.objects.filter(naam__in={d.gemeente for d in SIGNALEN})}
        self.teksten = {}
        for tekst in Standaardtekst.objects.order_by("titel", "pk"):
            self.teksten.setdefault(tekst.status, tekst.tekst)
        vandaag = timezone.localdate()
        geldig = list(Grondslag.objects.geldig_op(vandaag))
        self.grondslagen = {g.naam: g for g in geldig}
        self.grondslag_reserve = geldig[0] if geldig else None

    def grondslag(self, naam):
        return self.grondslagen.get(naam) or self.grondslag_reserve

    def antwoorden(self, spec):
        result = {}
        for woord in spec.split():
            antwoord_ = Antwoord.NIET_WAARGENOMEN if woord.startswith("-") else Antwoord.WAARGENOMEN
            pk = self.indicatoren.get(INDICATOREN[woord.lstrip("-")])
            if pk is not None:
                result[pk] = antwoord_
        return result


def _moment(dagen_geleden, volgnummer):
    """A moment during office hours ``dagen_geleden`` days ago (deterministic minutes per signal)."""
    nu = timezone.localtime()
    dag = nu.date() - timedelta(days=math.floor(dagen_geleden))
    minuten = (volgnummer * 47) % 420  # between 09:00 and 16:00
    moment = timezone.make_aware(datetime.combine(dag, time(9, 0))) + timedelta(minutes=minuten)
    return min(moment, nu - timedelta(hours=2))


def _bestaat(door, omschrijving):
    return Signaal.objects.filter(ingediend_door=door, omschrijving=omschrijving).exists()


def _stempel(signaal, vanaf_pk, moment):
    """Date the history rows written since ``vanaf_pk`` at ``moment``; returns the new high-water mark."""
    rows = SignaalHistorie.objects.filter(signaal=signaal, pk__gt=vanaf_pk)
    rows.update(tijdstip=moment)
    return SignaalHistorie.objects.filter(signaal=signaal).order_by("-pk").values_list("pk", flat=True).first() or 0


def _concept(demo, door, lijsten):
    from . import concept

    signaal, _nieuw = concept.nieuw(door)
    waarden = {
        "gemeente": lijsten.gemeenten[demo.gemeente],
        "sector": lijsten.sectoren.get(demo.sector),
        "bron": lijsten.bronnen.get(demo.bron),
        "omschrijving": demo.omschrijving,
        "urgentie": demo.urgentie,
        "minderjarige": demo.minderjarige,
        "aantal_slachtoffers": demo.slachtoffers,
        "locatie_naam": demo.locatie_naam,
        "locatie_adres": demo.locatie_adres,
        "locatie_postcode": demo.postcode,
        "locatie_huisnummer": demo.huisnummer,
        "kvk_nummer": demo.kvk,
    }
    vormen = [lijsten.vormen[code] for code in demo.vormen if code in lijsten.vormen]
    return concept.opslaan(signaal, door, waarden, vormen=vormen, antwoorden=lijsten.antwoorden(demo.indicatoren))


def _bijlage(signaal, door, naam):
    from . import bijlagen

    bestand = SimpleUploadedFile(naam, demo_pdf(naam.removesuffix(".pdf").replace("-", " ")),
                                 content_type="application/pdf")
    bijlagen.add(signaal, bestand, door)


def _herschrijf_referentie(signaal, moment):
    """A signal dated in an earlier year gets a reference of that year (SIG-<year>-…), as real use would give."""
    if signaal.referentie and not signaal.referentie.startswith(f"SIG-{moment.year}-"):
        signaal.referentie = services._next_reference(moment)
        Signaal.objects.filter(pk=signaal.pk).update(referentie=signaal.referentie)


def _maak(demo, volgnummer, gebruikers, lijsten, tafels):
    door = gebruikers[demo.door]
    signaal = _concept(demo, door, lijsten)
    moment = _moment(demo.dagen_geleden, volgnummer)
    aangemaakt = moment - timedelta(minutes=25)
    if demo.bijlage:
        _bijlage(signaal, door, demo.bijlage)
        Bijlage.objects.filter(signaal=signaal).update(geupload_op=aangemaakt + timedelta(minutes=10))
    if demo.concept:
        Signaal.objects.filter(pk=signaal.pk).update(aangemaakt=aangemaakt, gewijzigd=moment)
        SignaalHistorie.objects.filter(signaal=signaal).update(tijdstip=aangemaakt + timedelta(minutes=10))
        return signaal
    hoogste = _stempel(signaal, 0, aangemaakt + timedelta(minutes=10))
    signaal = services.submit(signaal, door, notify=False)  # the story lies in the past: no e-mail about hits
    _herschrijf_referentie(signaal, moment)
    hoogste = _stempel(signaal, hoogste, moment)
    laatste = moment
    regisseur = gebruikers[REGISSEUR_VOOR.get(demo.door) or _regisseur_voor(demo, lijsten)]
    nu = timezone.now()
    for stap in demo.verloop:
        wanneer = min(moment + timedelta(days=stap.dag), nu - timedelta(minutes=30))
        if stap.soort == "status":
            naar, reden, bestemming = stap.args
            # The story lies in the past: no 'there is news' e-mail to the demo submitters.
            signaal = services.change_status(signaal, regisseur, naar, reden=reden, doorgezet_naar=bestemming,
                                             terugkoppeling=lijsten.teksten.get(naar, ""), notify=False)
        elif stap.soort == "antwoord":
            # No mail to the demo ketenregisseurs; the answer is unread since the story's day, not the seeding.
            signaal = services.answer_question(signaal, door, stap.args[0], notify=False)
            Signaal.objects.filter(pk=signaal.pk).update(antwoord_ongelezen_sinds=wanneer)
        elif stap.soort == "deel":
            organisatie, grondslag, toelichting = stap.args
            _deel(signaal, regisseur, gebruikers, organisatie, lijsten.grondslag(grondslag), toelichting, wanneer)
        elif stap.soort == "deel_tafel" and stap.args[0] in tafels:
            tafel, grondslag, toelichting = stap.args
            for lid in tafels[tafel].leden.select_related("organisatie"):
                if lid.organisatie_id != signaal.organisatie_id:
                    _deel(signaal, regisseur, gebruikers, lid.organisatie, lijsten.grondslag(grondslag), toelichting,
                          wanneer, via_tafel=tafels[tafel])
        hoogste = _stempel(signaal, hoogste, wanneer)
        laatste = max(laatste, wanneer)
    Signaal.objects.filter(pk=signaal.pk).update(aangemaakt=aangemaakt, ingediend_op=moment, gewijzigd=laatste)
    return signaal


def _regisseur_voor(demo, lijsten):
    """NLA works everywhere: the ketenregisseur is the one of the signal's gemeente."""
    return REGISSEUR_TWENTE if lijsten.gemeenten[demo.gemeente].veiligheidsregio == "Twente" else REGISSEUR_MIDDEN


def _deel(signaal, door, gebruikers, organisatie, grondslag, toelichting, wanneer, via_tafel=None):
    from partners.models import Organisatie

    if grondslag is None:  # no legal basis is valid today: then nothing is shared
        return
    if isinstance(organisatie, str):
        organisatie = Organisatie.objects.get(naam=organisatie)
    deling = services.share(signaal, door, organisatie, grondslag, toelichting=toelichting, via_tafel=via_tafel)
    if deling is not None:
        SignaalDeling.objects.filter(pk=deling.pk).update(gedeeld_op=wanneer)


@transaction.atomic
def seed(gebruikers):
    """Add the demo signals that are not there yet. ``gebruikers``: {e-mail: User} of partners.demo. Returns the
    number of signals added."""
    lijsten = _Lijsten()
    tafels = {t.naam: t for t in Tafel.objects.filter(naam=REGIEGROEP)}
    toegevoegd = 0
    # Oldest first, so the reference numbers follow the dates.
    volgorde = sorted(enumerate(SIGNALEN), key=lambda item: -item[1].dagen_geleden)
    for volgnummer, demo in volgorde:
        door = gebruikers[demo.door]
        if _bestaat(door, demo.omschrijving):
            continue
        _maak(demo, volgnummer, gebruikers, lijsten, tafels)
        toegevoegd += 1
    return toegevoegd


# --- the steps of seed_demo (registered in SignalenConfig.ready(); see mensenhandel/core/demo.py) -------------------


def stap_referentie(demo):
    """The reference lists of the signal form (forms of exploitation, sectors, sources, indicators, legal bases)."""
    load_referentie()


def stap_signalen(demo):
    seed(demo.gebruikers)
