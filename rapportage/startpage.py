"""The start-page blocks of the quarterly report (registered in ``RapportageConfig.ready()``; see
``mensenhandel/core/startpage.py``)."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.startpage import Block

from . import selectors as rapport_selectors
from .perioden import Kwartaal


def laatste_rapport(request):
    """Portefeuillehouder: the latest finalised quarterly report of their werkgebied (with its PDF), and the archive."""
    rapport = rapport_selectors.laatste_definitief(request.user)
    werkgebied = request.user.werkgebied
    return {
        "rapport": rapport,
        # The board the reports are for, as the werkgebied names it (the empty state says it).
        "overleg": werkgebied.bestuurlijk_overleg if werkgebied else "",
        "periode": Kwartaal(rapport.jaar, rapport.kwartaal) if rapport else None,
        "archief_url": reverse("rapportage:rapporten"),
    }


def kwartaalrapport(request):
    """Ketenregisseur: how far the report of the last quarter that ended is (final, a concept waiting for the
    explanation, or none yet), with the way to the next step and the archive."""
    kwartaal = Kwartaal.laatst_afgesloten(timezone.localdate())
    definitief, concept = rapport_selectors.stand_van_kwartaal(request.user, kwartaal)
    return {
        "periode": kwartaal,
        "definitief": definitief,
        "concept": concept,
        "archief_url": reverse("rapportage:rapporten"),
        "nieuw_url": reverse("rapportage:rapport_nieuw"),
    }


BLOCKS = (
    Block("laatste_rapport", _("Latest report"), laatste_rapport),
    Block("kwartaalrapport", _("Quarterly report"), kwartaalrapport),
)
