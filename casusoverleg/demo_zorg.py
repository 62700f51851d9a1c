"""The demo care track (issue 21, ``seed_demo``): the Twente labour-exploitation case (the distribution centre) gets the
Zorgcoördinator Twente as its care coordinator and two possible victims in various states: one registered with
CoMensha, in a shelter, registered in the BRP and insured, who reported to the police; one from outside the EU whose
registration with CoMensha was sent but not yet confirmed, in her reflection period, with the B8 permit requested.
Fictitious: victims have no names, only a number and groups.

Through the application's own write paths (``services.zorg``), as the care coordinator (``zorg@twente.example``)
would record it; afterwards the moments are set back to the story's dates. Idempotent: a case that has victims
already is left alone.
"""
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from partners.models import Organisatie

from .demo import CASUSSEN, REGISSEUR_TWENTE
from .models import Casus, CasusGebeurtenis, CasusHistorie, Slachtoffer, ZorgStap
from .models import ZorgStapStatus as S
from .services import zorg

ZORG = "zorg@twente.example"
ZORGCOORDINATOR = "Zorgcoördinator Twente"
CASUS = "tw-distributie"

# Per victim: its groups, the day it was added (days ago), and per step (status, requested days ago, outcome days ago).
SLACHTOFFERS = [
    ({"leeftijdsgroep": "23-29", "geslacht": "man", "nationaliteitsgroep": "eu_eer"}, 50, {
        "comensha": (S.GEREGELD, 50, 50),
        "bedenktijd": (S.NIET_NODIG, None, None),
        "opvang": (S.GEREGELD, 50, 49),
        "brp": (S.GEREGELD, 45, 38),
        "zorgverzekering": (S.GEREGELD, 37, 30),
        "uitkering": (S.AANGEVRAAGD, 21, None),
        "verblijfsvergunning": (S.NIET_NODIG, None, None),
        "aangifte": (S.GEREGELD, None, 26),
    }),
    ({"leeftijdsgroep": "18-22", "geslacht": "vrouw", "nationaliteitsgroep": "derde_land"}, 47, {
        "comensha": (S.AANGEVRAAGD, 6, None),
        "bedenktijd": (S.GEREGELD, 46, 45),
        "opvang": (S.GEREGELD, 47, 46),
        "brp": (S.AANGEVRAAGD, 10, None),
        "verblijfsvergunning": (S.AANGEVRAAGD, 12, None),
        "zorgverzekering": (S.NOG_NIET, None, None),
        "uitkering": (S.NOG_NIET, None, None),
        "aangifte": (S.NOG_NIET, None, None),
    }),
]


def _dag(dagen):
    return None if dagen is None else timezone.localdate() - timedelta(days=dagen)


def _moment(dagen, uur=15):
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=dagen), time(uur)))


def seed(gebruikers):
    demo = next(d for d in CASUSSEN if d.sleutel == CASUS)
    casus = Casus.objects.filter(samenvatting=demo.samenvatting).first()
    if casus is None or casus.slachtoffers.exists():
        return 0
    regisseur, medewerker = gebruikers[REGISSEUR_TWENTE], gebruikers[ZORG]
    with transaction.atomic():
        eerste = CasusHistorie.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        zorg.set_zorgcoordinator(casus, regisseur, Organisatie.objects.get(naam=ZORGCOORDINATOR))
        # Named on the day the first victim was registered with CoMensha (the case's victim track says so too).
        CasusHistorie.objects.filter(casus=casus, pk__gt=eerste).update(tijdstip=_moment(demo.comensha_dagen, 9))
        for gegevens, dagen, stappen in SLACHTOFFERS:
            eerste = CasusHistorie.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            slachtoffer = zorg.add_slachtoffer(casus, medewerker, **gegevens)
            zorg.update_slachtoffer(
                slachtoffer, medewerker, versie=slachtoffer.versie, gegevens=gegevens,
                stappen={soort: (status, _dag(aangevraagd), _dag(afgerond))
                         for soort, (status, aangevraagd, afgerond) in stappen.items()})
            # Back to the story's dates: added on its day, the steps recorded on their last date.
            Slachtoffer.objects.filter(pk=slachtoffer.pk).update(aangemaakt=_moment(dagen, 11))
            laatste = min(d for _s, a, b in stappen.values() for d in (a, b) if d is not None)
            for soort, (status, aangevraagd, afgerond) in stappen.items():
                if status != S.NOG_NIET:
                    datums = [d for d in (aangevraagd, afgerond) if d is not None]
                    ZorgStap.objects.filter(slachtoffer=slachtoffer, soort=soort).update(
                        vastgelegd_op=_moment(min(datums) if datums else dagen))
            rijen = list(CasusHistorie.objects.filter(casus=casus, pk__gt=eerste, soort=CasusGebeurtenis.ZORGTRAJECT)
                         .order_by("pk").values_list("pk", flat=True))
            CasusHistorie.objects.filter(pk=rijen[0]).update(tijdstip=_moment(dagen, 11))
            CasusHistorie.objects.filter(pk__in=rijen[1:]).update(tijdstip=_moment(laatste, 16))
    return 1


def stap_zorgtraject(demo):
    seed(demo.gebruikers)
