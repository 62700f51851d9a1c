"""Demo (issue 21): the Regionale Tafel Mensenhandel Oost-Nederland in use. The region's ketenregisseur
(``regisseur@oost-nederland.example``) has planned its next meeting, chaired by the regional portefeuillehouder, with
a theme item on the regional picture. Safe to run again: a meeting of that table on that day is not planned twice.

The standing member for the Twente gemeenten (``regiegroep@oldenzaal.example``, ``tafels.demo``) needs no step of its
own: it is a participant of every Twente casusoverleg the demo plans, and sees the case items only where invited."""
from datetime import timedelta

from django.db import transaction
from django.test.utils import override_settings

from tafels.models import Tafel

from .demo import _moment
from .models import AgendapuntSoort, Overleg
from .services import agenda, overleggen

TAFEL_REGIO = "Regionale Tafel Mensenhandel Oost-Nederland"
REGISSEUR_OOST = "regisseur@oost-nederland.example"
DOEL_REGIO = (
    "Zicht op de regionale problematiek en casuïstiek mensenhandel in Oost-Nederland en afstemming van de aanpak "
    "tussen de districten. Gedeelde informatie wordt alleen daarvoor gebruikt, op grond van het RIEC-convenant."
)
THEMA = "Regionaal beeld: arbeidsuitbuiting in logistiek en land- en tuinbouw"
THEMA_TOELICHTING = (
    "De ketenregisseur van de regio presenteert de signalen en casussen van de districten van het afgelopen half jaar; "
    "de tafel bespreekt welke aanpak regionaal opgepakt wordt."
)


def seed(gebruikers):
    """The planned meeting of the regional table, 30 days from now (a weekday), with its theme item."""
    regisseur = gebruikers.get(REGISSEUR_OOST)
    tafel = Tafel.objects.filter(naam=TAFEL_REGIO).first()
    if regisseur is None or tafel is None:
        return None
    begint = _moment(30, 10)
    if Overleg.objects.filter(tafel=tafel, begint__date=begint.date()).exists():
        return None
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        overleg = overleggen.schedule(tafel, regisseur, begint=begint, eindigt=begint + timedelta(hours=2),
                                      locatie="Provinciehuis Gelderland, Arnhem", doel=DOEL_REGIO)
        agenda.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel=THEMA, toelichting=THEMA_TOELICHTING)
    return overleg


# --- the step of seed_demo (registered in CasusoverlegConfig.ready(); see mensenhandel/core/demo.py) ----------------


def stap_regionale_tafel(demo):
    seed(demo.gebruikers)
