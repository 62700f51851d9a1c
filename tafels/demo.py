"""Demo districts and tables: Twente (seed 001) and Midden-Nederland (seed 003)."""
from . import reference_data
from .models import District, Gemeente, Regio, Tafel, TafelLid, TafelSoort


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
    for organisatie, wie in leden:
        deelnemer = gebruikers.get(wie)
        lid, _created = TafelLid.objects.update_or_create(
            tafel=tafel,
            organisatie=organisaties[organisatie],
            defaults={"deelnemer": deelnemer, "mailbox": "" if deelnemer else wie},
        )
        keep.append(lid.pk)
    tafel.leden.exclude(pk__in=keep).delete()
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


# --- the steps of seed_demo (registered in TafelsConfig.ready(); see mensenhandel/core/demo.py) ---------------------


def stap_referentiedata(demo):
    """The regions, municipalities and police units, when there are none yet."""
    if not Regio.objects.exists():
        reference_data.load()


def stap_districten(demo):
    seed_districten()


def stap_tafels(demo):
    demo.tafels = seed_tafels(demo.organisaties, demo.gebruikers)
