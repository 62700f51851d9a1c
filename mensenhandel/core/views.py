from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from mensenhandel.bewaren.selectors import termijnen_tekst

from .startpage import blocks_for

# The day the accessibility statement was last drawn up (update it with the statement).
TOEGANKELIJKHEID_VERKLARING_DATUM = date(2026, 11, 25)


def start(request):
    """The landing page after log-in: who you are here and the blocks of your role (see startpage.py)."""
    return render(request, "core/start.html", {"blocks": blocks_for(request)})


@login_not_required
def privacy(request):
    """The privacy statement: public, also for people who never get an account. The retention periods are read from
    the rules the beheerder sets (``mensenhandel.bewaren``), never typed twice."""
    return render(request, "core/privacy.html", {"termijnen": termijnen_tekst()})


@login_not_required
def toegankelijkheid(request):
    """The accessibility statement (after the model of toegankelijkheidsverklaring.nl)."""
    return render(request, "core/toegankelijkheid.html", {"verklaring_datum": TOEGANKELIJKHEID_VERKLARING_DATUM})
