"""Demo organisations and the demo accounts (README lists them). Fictitious people only."""
from django.contrib.auth import get_user_model

from tafels.models import District, Gemeente, Regio

from .models import Organisatie, OrganisatieSoort, Rol

DEMO_PASSWORD = "welkom-demo-2026"

S = OrganisatieSoort
# name, type, acts for: ("regio", name) | ("district", code) | ("gemeente", CBS code) | None, e-mail
ORGANISATIES = [
    ("Gemeente Enschede", S.GEMEENTE, ("gemeente", "GM0153"), "mensenhandel@enschede.example"),
    ("Gemeente Hengelo", S.GEMEENTE, ("gemeente", "GM0164"), "mensenhandel@hengelo.example"),
    ("Gemeente Almelo", S.GEMEENTE, ("gemeente", "GM0141"), "mensenhandel@almelo.example"),
    ("Gemeente Utrecht", S.GEMEENTE, ("gemeente", "GM0344"), "mensenhandel@utrecht.example"),
    ("Politie Oost-Nederland", S.POLITIE, ("regio", "Oost-Nederland"), "mensenhandel@oost-nederland.example"),
    ("Politie Midden-Nederland", S.POLITIE, ("regio", "Midden-Nederland"), "mensenhandel@midden-nederland.example"),
    ("OM Oost-Nederland", S.OM, ("regio", "Oost-Nederland"), "mensenhandel.oost-nederland@om.example"),
    ("OM Midden-Nederland", S.OM, ("regio", "Midden-Nederland"), "mensenhandel.midden-nederland@om.example"),
    ("Nederlandse Arbeidsinspectie", S.NLA, None, "signalen@nla.example"),
    ("Koninklijke Marechaussee", S.KMAR, None, "mensenhandel@kmar.example"),
    ("Belastingdienst", S.BELASTINGDIENST, None, "ketenpartners@belastingdienst.example"),
    ("RIEC Oost-Nederland", S.RIEC, ("regio", "Oost-Nederland"), "info@riec-oost-nederland.example"),
    ("RIEC Midden-Nederland", S.RIEC, ("regio", "Midden-Nederland"), "info@riec-midden-nederland.example"),
    ("CoMensha", S.COMENSHA, None, "aanmelden@comensha.example"),
    ("Zorgcoördinator Twente", S.ZORGCOORDINATOR, ("district", "TW"), "zorgcoordinatie@twente.example"),
    ("GGD Twente", S.GGD, ("district", "TW"), "seksuele-gezondheid@ggdtwente.example"),
    ("Zorg- en Veiligheidshuis Twente", S.ZORG_EN_VEILIGHEIDSHUIS, ("district", "TW"), "info@zvhtwente.example"),
    ("Functioneel beheer", S.FUNCTIONEEL_BEHEER, None, "beheer@ketenregie.example"),
    # Issue 21: the gemeente of the regional portefeuillehouder who chairs the Regionale Tafel Oost-Nederland.
    ("Gemeente Arnhem", S.GEMEENTE, ("gemeente", "GM0202"), "mensenhandel@arnhem.example"),
    # Issue 21: the gemeente of the chair of the Regiegroep Prostitutie Twente (the Twente gemeenten's standing member).
    ("Gemeente Oldenzaal", S.GEMEENTE, ("gemeente", "GM0173"), "mensenhandel@oldenzaal.example"),
]

# e-mail, name, role, organisation, work area ("district", code) | ("regio", name) | None
GEBRUIKERS = [
    ("regisseur@twente.example", "Sanne Oude Veldhuis", Rol.KETENREGISSEUR, "RIEC Oost-Nederland", ("district", "TW")),
    ("coordinator@enschede.example", "Joris Brinkhuis", Rol.COORDINATOR, "Gemeente Enschede", None),
    ("coordinator@hengelo.example", "Fatima El Amrani", Rol.COORDINATOR, "Gemeente Hengelo", None),
    ("politie@oost-nederland.example", "Erik Nijhof", Rol.PARTNER, "Politie Oost-Nederland", None),
    ("inspectie@nla.example", "Linda Kamphuis", Rol.PARTNER, "Nederlandse Arbeidsinspectie", None),
    ("burgemeester@twente.example", "Renske ter Horst", Rol.PORTEFEUILLEHOUDER, "Gemeente Enschede", ("district", "TW")),
    (
        "regisseur@midden-nederland.example", "Thomas van Dijk", Rol.KETENREGISSEUR, "RIEC Midden-Nederland",
        ("regio", "Midden-Nederland"),
    ),
    ("coordinator@utrecht.example", "Noor Bakker", Rol.COORDINATOR, "Gemeente Utrecht", None),
    (
        "burgemeester@midden-nederland.example", "Hanneke Verbeek", Rol.PORTEFEUILLEHOUDER, "Gemeente Utrecht",
        ("regio", "Midden-Nederland"),
    ),
    ("beheer@ketenregie.example", "Pieter Smit", Rol.BEHEERDER, "Functioneel beheer", None),
    # The second beheerder: a new user or a change of what someone may see needs both (vier-ogen).
    ("beheer2@ketenregie.example", "Yvonne Mulder", Rol.BEHEERDER, "Functioneel beheer", None),
    # Issue 21: the care coordinator of Twente, who keeps the victims' care track of the cases it is named for.
    ("zorg@twente.example", "Mirjam Scholten", Rol.PARTNER, "Zorgcoördinator Twente", None),
]


# Issue 21: the region's ketenregisseur, who plans the Regionale Tafel Mensenhandel Oost-Nederland; the regional
# portefeuillehouder who chairs it; and the chair of the Regiegroep Prostitutie Twente, the standing member for the
# Twente gemeenten in the casusoverleg (seed 001). A step after the demo basis (``stap_gebruikers_regio``): the basis
# that the tests build on (``seed_demo --zonder-signalen``) keeps its accounts; the full demo has these too.
GEBRUIKERS_REGIO = [
    (
        "regisseur@oost-nederland.example", "Ilse Hofstede", Rol.KETENREGISSEUR, "RIEC Oost-Nederland",
        ("regio", "Oost-Nederland"),
    ),
    (
        "burgemeester@oost-nederland.example", "Gert-Jan Wolters", Rol.PORTEFEUILLEHOUDER, "Gemeente Arnhem",
        ("regio", "Oost-Nederland"),
    ),
    ("regiegroep@oldenzaal.example", "Anouk Schuurman", Rol.COORDINATOR, "Gemeente Oldenzaal", None),
]


def _gebied(ref):
    if ref is None:
        return {}
    kind, key = ref
    if kind == "regio":
        return {"regio": Regio.objects.get(naam=key)}
    if kind == "district":
        return {"district": District.objects.get(code=key)}
    return {"gemeente": Gemeente.objects.get(cbs_code=key)}


def seed_organisaties():
    organisaties = {}
    for naam, soort, gebied, email in ORGANISATIES:
        defaults = {"soort": soort, "email": email, "regio": None, "district": None, "gemeente": None}
        defaults.update(_gebied(gebied))
        organisatie, _created = Organisatie.objects.update_or_create(naam=naam, defaults=defaults)
        organisaties[naam] = organisatie
    return organisaties


def seed_gebruikers(organisaties, lijst=None):
    User = get_user_model()
    gebruikers = {}
    for email, naam, rol, organisatie, werkgebied in GEBRUIKERS if lijst is None else lijst:
        gebied = _gebied(werkgebied)
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        user.naam = naam
        user.rol = rol
        user.organisatie = organisaties[organisatie]
        user.werkgebied_district = gebied.get("district")
        user.werkgebied_regio = gebied.get("regio")
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.full_clean(exclude=["password"])
        user.save()
        gebruikers[email] = user
    return gebruikers


# --- the steps of seed_demo (registered in PartnersConfig.ready(); see mensenhandel/core/demo.py) -------------------


def stap_organisaties(demo):
    demo.organisaties = seed_organisaties()


def stap_gebruikers(demo):
    demo.gebruikers = seed_gebruikers(demo.organisaties)


def stap_gebruikers_regio(demo):
    """Issue 21: the accounts of the regional table and of the standing member (``GEBRUIKERS_REGIO``)."""
    demo.gebruikers.update(seed_gebruikers(demo.organisaties or seed_organisaties(), GEBRUIKERS_REGIO))
