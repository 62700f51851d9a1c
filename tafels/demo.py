"""Demo districts and tables: Twente (seed 001) and Midden-Nederland (seed 003)."""
from . import reference_data
from .models import District, Gemeente, Regio, Tafel, TafelLid, TafelLidSoort, TafelSoort


def seed_districten():
    """District Twente: the 14 municipalities of the Twente safety region, in police unit Oost-Nederland."""
    twente, _created = District.objects.update_or_create(
        code="TW", defaults={"naam": "Twente", "regio": Regio.objects.get(naam="Oost-Nederland")}
    )
    twente.gemeenten.set(Gemeente.objects.filter(veiligheidsregio="Twente"))
    return {"TW": twente}


def _tafel(naam, soort, leden, organisaties, gebruikers, *, voorzitter=None, per_jaar=4, district=None, regio=None):
    tafel, _created = Tafel.objects.update_or_create(
        naam=naam,
        defaults={
            "soort": soort,
            "district": district,
            "regio": regio,
            "voorzitter": gebruikers.get(voorzitter),
            "vergaderingen_per_jaar": per_jaar,
        },
    )
    keep = []
    for organisatie, wie, *soort in leden:
        deelnemer = gebruikers.get(wie)
        lid, _created = TafelLid.objects.update_or_create(
            tafel=tafel,
            organisatie=organisaties[organisatie],
            defaults={"deelnemer": deelnemer, "mailbox": "" if deelnemer else wie,
                      "soort": soort[0] if soort else TafelLidSoort.VOLLEDIG},
        )
        keep.append(lid.pk)
    # A seat of the later step (``stap_vast_lid``) stays when the demo runs again.
    tafel.leden.exclude(pk__in=keep).exclude(organisatie__naam=VAST_LID_ORGANISATIE).delete()
    return tafel


def seed_tafels(organisaties, gebruikers):
    """The demo tables. ``per_jaar`` says what the demo does: the two casusoverleggen and the regiegroep meet every
    month in the demo's history (``rapportage/demo.py``, ``Gebied.tafels``)."""
    twente = District.objects.get(code="TW")
    oost = Regio.objects.get(naam="Oost-Nederland")
    midden = Regio.objects.get(naam="Midden-Nederland")
    return [
        _tafel(
            "Casusoverleg Mensenhandel Twente", TafelSoort.CASUSOVERLEG_MENSENHANDEL,
            [
                # The portefeuillehouder chairs (voorzitter); the coordinator of the gemeente where a case plays is
                # invited per agenda item, so no gemeente is a standing member (seed 001).
                ("RIEC Oost-Nederland", "regisseur@twente.example"),
                ("OM Oost-Nederland", "casusoverleg.twente@om.example"),
                ("Politie Oost-Nederland", "politie@oost-nederland.example"),
                ("Belastingdienst", "casusoverleg.oost@belastingdienst.example"),
                ("Nederlandse Arbeidsinspectie", "inspectie@nla.example"),
                ("Zorgcoördinator Twente", "zorgcoordinatie@twente.example"),
                # The standing member for the Twente gemeenten joins in a later step (``stap_vast_lid``).
            ],
            organisaties, gebruikers, voorzitter="burgemeester@twente.example", per_jaar=12, district=twente,
        ),
        _tafel(
            "Regiegroep Prostitutie Twente", TafelSoort.REGIEGROEP_PROSTITUTIE,
            [
                ("Gemeente Enschede", "coordinator@enschede.example"),
                ("Gemeente Hengelo", "coordinator@hengelo.example"),
                ("Gemeente Almelo", "prostitutiebeleid@almelo.example"),
                ("Politie Oost-Nederland", "politie@oost-nederland.example"),
                ("GGD Twente", "seksuele-gezondheid@ggdtwente.example"),
                ("Zorgcoördinator Twente", "zorgcoordinatie@twente.example"),
            ],
            organisaties, gebruikers, per_jaar=12, district=twente,
        ),
        _tafel(
            "Regionale Tafel Mensenhandel Oost-Nederland", TafelSoort.REGIONALE_TAFEL_MENSENHANDEL,
            [
                # Issue 21: the region's ketenregisseur takes part for the RIEC in the full demo (``seed_regio``).
                ("RIEC Oost-Nederland", "regisseur@twente.example"),
                ("Politie Oost-Nederland", "politie@oost-nederland.example"),
                ("OM Oost-Nederland", "mensenhandel.oost-nederland@om.example"),
                ("Gemeente Almelo", "mensenhandel@almelo.example"),
                ("CoMensha", "aanmelden@comensha.example"),
            ],
            organisaties, gebruikers, per_jaar=2, regio=oost,
        ),
        _tafel(
            "Casusoverleg Mensenhandel Midden-Nederland", TafelSoort.CASUSOVERLEG_MENSENHANDEL,
            [
                ("RIEC Midden-Nederland", "regisseur@midden-nederland.example"),
                ("Gemeente Utrecht", "coordinator@utrecht.example"),
                ("Politie Midden-Nederland", "casusoverleg@midden-nederland.example"),
                ("OM Midden-Nederland", "mensenhandel.midden-nederland@om.example"),
                ("Nederlandse Arbeidsinspectie", "inspectie@nla.example"),
                ("Koninklijke Marechaussee", "mensenhandel@kmar.example"),
                ("CoMensha", "aanmelden@comensha.example"),
            ],
            organisaties, gebruikers, voorzitter="regisseur@midden-nederland.example", per_jaar=12, regio=midden,
        ),
    ]


# --- the standing member for the Twente gemeenten (issue 21) -------------------------------------------------------

VAST_LID_ORGANISATIE = "Gemeente Oldenzaal"
VAST_LID = "regiegroep@oldenzaal.example"


def seed_vast_lid(organisaties, gebruikers):
    """Seed 001: "De voorzitter van de regiegroep is vaste deelnemer namens de gemeenten in het casusoverleg." The
    coordinator of Oldenzaal chairs the Regiegroep Prostitutie Twente and sits in the Twente casusoverleg as a standing
    member for the general items only: it sees the general and theme items, and a case item only when invited.

    A step of its own, after the demo basis (``seed_demo --zonder-signalen``, what the tests build on, keeps the Twente
    casusoverleg's six members), before the demo's meetings are planned (so they have it as a participant)."""
    persoon = gebruikers.get(VAST_LID)
    organisatie = organisaties.get(VAST_LID_ORGANISATIE)
    if persoon is None or organisatie is None:
        return
    casusoverleg = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    regiegroep = Tafel.objects.get(naam="Regiegroep Prostitutie Twente")
    TafelLid.objects.update_or_create(tafel=casusoverleg, organisatie=organisatie, defaults={
        "deelnemer": persoon, "mailbox": "", "soort": TafelLidSoort.ALLEEN_UITGENODIGD})
    TafelLid.objects.update_or_create(tafel=regiegroep, organisatie=organisatie, defaults={
        "deelnemer": persoon, "mailbox": "", "soort": TafelLidSoort.VOLLEDIG})
    Tafel.objects.filter(pk=regiegroep.pk).update(voorzitter=persoon)


REGIO_TAFEL = "Regionale Tafel Mensenhandel Oost-Nederland"
REGIO_REGISSEUR = "regisseur@oost-nederland.example"
REGIO_VOORZITTER = "burgemeester@oost-nederland.example"


def seed_regionale_tafel(organisaties, gebruikers):
    """The Regionale Tafel Mensenhandel Oost-Nederland in use: the regional portefeuillehouder chairs it (Kompas: "onder
    voorzitterschap van deze burgemeester"), the region's ketenregisseur takes part for the RIEC and plans it."""
    regisseur, voorzitter = gebruikers.get(REGIO_REGISSEUR), gebruikers.get(REGIO_VOORZITTER)
    if regisseur is None or voorzitter is None:
        return
    tafel = Tafel.objects.get(naam=REGIO_TAFEL)
    Tafel.objects.filter(pk=tafel.pk).update(voorzitter=voorzitter)
    TafelLid.objects.update_or_create(tafel=tafel, organisatie=organisaties["RIEC Oost-Nederland"], defaults={
        "deelnemer": regisseur, "mailbox": "", "soort": TafelLidSoort.VOLLEDIG})


def seed_regio(organisaties, gebruikers):
    """Issue 21, after the demo basis: the regional table's chair and ketenregisseur, the standing member."""
    seed_regionale_tafel(organisaties, gebruikers)
    seed_vast_lid(organisaties, gebruikers)


# --- the steps of seed_demo (registered in TafelsConfig.ready(); see mensenhandel/core/demo.py) ---------------------


def stap_referentiedata(demo):
    """The regions, municipalities and police units, when there are none yet."""
    if not Regio.objects.exists():
        reference_data.load()


def stap_districten(demo):
    seed_districten()


def stap_tafels(demo):
    demo.tafels = seed_tafels(demo.organisaties, demo.gebruikers)
    # Seeded again over a full demo (``--zonder-signalen``): the tables keep what the later step gave them.
    from django.contrib.auth import get_user_model

    eerder = {u.email: u for u in get_user_model().objects.filter(email__in=[REGIO_REGISSEUR, REGIO_VOORZITTER,
                                                                               VAST_LID])}
    if eerder:
        seed_regio(demo.organisaties, {**demo.gebruikers, **eerder})


def stap_regio(demo):
    seed_regio(demo.organisaties, demo.gebruikers)
