"""The start-page block of tables (registered in ``TafelsConfig.ready()``; see ``mensenhandel/core/startpage.py``)."""
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.startpage import Block

from .selectors import tafel_list_for

START_TAFELS = 5


def tafels(request):
    qs = tafel_list_for(request.user)
    return {"tafels": list(qs[:START_TAFELS]), "aantal_tafels": qs.count()}


BLOCKS = (Block("tafels", _("Your tables"), tafels),)
