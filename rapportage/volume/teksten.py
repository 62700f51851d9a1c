"""Names, weights and texts of the generated history. Everything here is made up: the people are random combinations
of common first names and surnames (no real person is meant), businesses are "(demo)", addresses "Voorbeeldstraat".
The situations, case summaries, decisions and actions are those of the demo history (``rapportage.demo``), so the
generated history reads like the demo's.
"""
from casusoverleg.models import ActieSoort as AS

VOORNAMEN = (
    "Anna", "Bram", "Daan", "Emma", "Fleur", "Gijs", "Hanna", "Iris", "Jesse", "Julia", "Koen", "Lotte", "Lucas",
    "Maaike", "Milan", "Nina", "Olivier", "Priya", "Ruben", "Sara", "Sem", "Tess", "Thijs", "Vera", "Wout", "Yara",
    "Zoë", "Amir", "Aylin", "Bas", "Chantal", "Dewi", "Elif", "Femke", "Hamza", "Ilse", "Jasper", "Karim", "Lieke",
    "Marloes", "Mohamed", "Naima", "Pim", "Roos", "Sanne", "Stijn", "Tim", "Ufuk", "Wendy", "Youssef", "Anouk",
    "Bart", "Carmen", "Dirk", "Esther", "Frank", "Gerda", "Henk", "Ineke", "Joost", "Kim", "Linda", "Marco",
    "Nadia", "Orlando", "Petra", "Rik", "Sophie", "Tamara", "Vincent", "Willemijn", "Xander", "Yvette", "Zeynep",
)
ACHTERNAMEN = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "van der Veen", "van den Broek", "de Bruijn", "de Jong", "Schouten", "van Beek", "Willems", "van Vliet",
    "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman",
    "Peeters", "de Jonge", "Kuipers", "van Veen", "Post", "Kuiper", "Veenstra", "Kramer", "van den Brink",
    "Scholten", "van Wijk", "Postma", "Martens", "Vink", "de Ruiter", "Timmermans", "Groen", "Gerritsen",
    "Jonker", "van Loon", "Boersma", "van Dijk", "El Idrissi", "Yilmaz", "Kaya", "Öztürk", "Benali", "Haddou",
    "Tjon", "Sardjoe", "Nguyen", "Kowalski", "Nowak", "Ramdin", "Oude Veldhuis", "ter Haar", "Nijenhuis",
    "Wolters", "Brinkman", "Hofstede", "Lammers", "Evers",
)

# Rough numbers of inhabitants (thousands) of the larger gemeenten, for the share of signals each gets; the others
# get a number between 12 and 45 drawn from the seed.
INWONERS = {
    "Amsterdam": 930, "Rotterdam": 670, "'s-Gravenhage": 570, "Utrecht": 380, "Eindhoven": 245, "Groningen": 240,
    "Tilburg": 230, "Almere": 225, "Breda": 190, "Nijmegen": 185, "Apeldoorn": 170, "Arnhem": 170, "Haarlem": 165,
    "Haarlemmermeer": 160, "Enschede": 160, "Amersfoort": 160, "Zaanstad": 160, "'s-Hertogenbosch": 160,
    "Zwolle": 132, "Leiden": 127, "Zoetermeer": 127, "Leeuwarden": 125, "Maastricht": 122, "Ede": 120,
    "Dordrecht": 120, "Westland": 115, "Alphen aan den Rijn": 115, "Alkmaar": 110, "Emmen": 108, "Delft": 105,
    "Venlo": 102, "Deventer": 102, "Helmond": 93, "Oss": 93, "Amstelveen": 92, "Hilversum": 92, "Purmerend": 93,
    "Dijk en Waard": 90, "Súdwest-Fryslân": 90, "Sittard-Geleen": 92, "Heerlen": 87, "Nissewaard": 85,
    "Hengelo": 82, "Lelystad": 80, "Schiedam": 80, "Roosendaal": 78, "Gouda": 75, "Vlaardingen": 75, "Almelo": 74,
    "Hoorn": 74, "Veenendaal": 67, "Bergen op Zoom": 68, "Capelle aan den IJssel": 67, "Katwijk": 67, "Assen": 69,
    "Zeist": 66, "Nieuwegein": 65, "Barneveld": 60, "Doetinchem": 58, "Roermond": 58, "Oosterhout": 57,
    "Den Helder": 56, "Kampen": 55, "Terneuzen": 54, "Weert": 50, "Middelburg": 49, "Vlissingen": 44,
    "Rijssen-Holten": 38, "Hellendoorn": 36, "Hof van Twente": 35, "Twenterand": 34, "Oldenzaal": 32,
    "Dinkelland": 26, "Wierden": 25, "Borne": 24, "Haaksbergen": 24, "Losser": 22, "Tubbergen": 21,
}

# The fixed shares of the whole country's signals (and so of cases, meetings and actions): the demo's werkgebieden
# hold a larger share than their number of inhabitants would give, so the demo users see a lot.
AANDEEL_TWENTE = 0.12  # district TW
AANDEEL_MIDDEN = 0.18  # region MN
CODE_TWENTE = "TW"
CODE_MIDDEN = "MN"

# The district code per safety region (veiligheidsregio) that becomes a district; codes stay unique beside the
# region codes (NN, ON, MN, NH, AM, DH, RT, ZWB, OB, LB).
DISTRICT_CODES = {
    "Groningen": "GR", "Fryslân": "FR", "Drenthe": "DR", "IJsselland": "IJ", "Twente": "TW",
    "Noord- en Oost-Gelderland": "NOG", "Gelderland-Midden": "GM", "Gelderland-Zuid": "GZ", "Utrecht": "UT",
    "Flevoland": "FL", "Gooi en Vechtstreek": "GV", "Noord-Holland Noord": "NHN", "Zaanstreek-Waterland": "ZWL",
    "Kennemerland": "KL", "Amsterdam-Amstelland": "AA", "Haaglanden": "HL", "Hollands Midden": "HM",
    "Rotterdam-Rijnmond": "RR", "Zuid-Holland Zuid": "ZHZ", "Zeeland": "ZL", "Midden- en West-Brabant": "MWB",
    "Brabant-Noord": "BN", "Brabant-Zuidoost": "BZO", "Limburg-Noord": "LN", "Zuid-Limburg": "ZLB",
}

# Themed case meetings a werkgebied with a large share holds beside its general one: (name prefix, form of
# exploitation routed to it, minimum share of the werkgebied).
THEMATAFELS = (
    ("Casusoverleg Arbeidsuitbuiting", "arbeid", 0.045),
    ("Casusoverleg Seksuele Uitbuiting", "seksueel", 0.09),
    ("Casusoverleg Criminele Uitbuiting", "crimineel", 0.15),
)
ALGEMENE_TAFEL = "Casusoverleg Mensenhandel"
REGIONALE_TAFEL = "Regionale Tafel Mensenhandel"

DOEL_REGIONAAL = (
    "Afstemming tussen de ketenpartners van de regio over de aanpak van mensenhandel: signalen, trends, "
    "bestuurlijke maatregelen en de inzet van zorg. Gedeelde informatie wordt alleen daarvoor gebruikt."
)
LOCATIES = (
    "Stadhuis {plaats}, vergaderzaal 2", "Politiebureau {plaats}, zaal 1.04", "{riec}, {plaats}",
    "Gemeentehuis {plaats}, raadszaal", "Veiligheidshuis {plaats}, kamer 3",
)

# General topics of a regional table: (title, type of intervention, responsible organisation kind, action).
ONDERWERPEN = (
    ("Trends in signalen van arbeidsuitbuiting", AS.ARBEIDSRECHTELIJK, "nla",
     "Een overzicht maken van de signalen uit de logistiek en de teelt van het afgelopen kwartaal."),
    ("Controles in de vergunde prostitutiebranche", AS.BESTUURLIJK, "gemeente",
     "Gezamenlijke controles van de vergunde bedrijven in het komende kwartaal plannen."),
    ("Zorg en opvang voor slachtoffers", AS.ZORG, "zorgcoordinator",
     "Overzicht maken van de beschikbare opvangplekken en exit-trajecten."),
    ("Signalen van criminele uitbuiting van jongeren", AS.STRAFRECHTELIJK, "politie",
     "Signalen van scholen en jongerenwerk bundelen en delen met de gemeenten."),
    ("Bewustwording bij frontlijnmedewerkers", AS.BESTUURLIJK, "riec",
     "Een training voor frontlijnmedewerkers van de gemeenten organiseren."),
    ("Fiscale aanpak van malafide uitzendbureaus", AS.FISCAAL, "belastingdienst",
     "Nagaan welke uitzendbureaus (demo) in de regio al onder toezicht staan."),
)

VRAGEN = (
    ("Is bekend sinds wanneer deze situatie speelt en of er meer personen bij betrokken zijn?",
     "Volgens de melder speelt het al enkele maanden; er zijn ten minste twee anderen in dezelfde situatie."),
    ("Kunt u aangeven op welk adres de betrokkenen verblijven en hoe zij naar hun werk gaan?",
     "Zij wonen op een adres aan de rand van de gemeente en worden met een busje opgehaald."),
    ("Heeft de melder gezien wie de betrokkenen aanstuurt of begeleidt?",
     "Er komt steeds dezelfde man langs; meer weet de melder niet."),
)
HEROPEN_REDEN = "Nieuwe informatie van de melder ontvangen; het signaal wordt opnieuw beoordeeld."
ANNULERINGSREDENEN = (
    "Te weinig deelnemers konden aanwezig zijn; de casussen schuiven door naar het volgende overleg.",
    "Geen casussen om te bespreken; de lopende acties worden per e-mail afgestemd.",
    "Het overleg valt samen met een feestdag.",
)
NOTITIES = (
    "Stand van zaken besproken; de partners delen na afloop wat zij weten.",
    "De casus ligt op koers; de lopende acties lopen door.",
    "Nieuwe informatie van de politie besproken; aanvullende acties afgesproken.",
)
ONDERWERP_BESLUITEN = (
    "De partners stemmen de planning af en koppelen in het volgende overleg terug.",
    "Het onderwerp komt over een kwartaal terug op de agenda.",
)
