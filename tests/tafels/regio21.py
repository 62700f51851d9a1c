"""The issue-21 part of the demo (the regional table's chair and ketenregisseur, the standing member for the Twente
gemeenten, their accounts), as ``seed_demo`` adds it after the demo basis the other tests build on."""
from partners import demo as partners_demo
from partners.models import Organisatie
from tafels import demo as tafels_demo


def regio_wereld(demo):
    """Add the issue-21 accounts and seats to the demo basis; ``demo`` (email -> user) gets the new accounts."""
    organisaties = {o.naam: o for o in Organisatie.objects.all()}
    demo.update(partners_demo.seed_gebruikers(organisaties, partners_demo.GEBRUIKERS_REGIO))
    tafels_demo.seed_regio(organisaties, demo)
    return demo
