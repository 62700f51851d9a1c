from django.shortcuts import render

from tafels.selectors import tafel_list_for

START_TAFELS = 5


def start(request):
    """The landing page after log-in: who you are here and the tables you take part in."""
    tafels = tafel_list_for(request.user)
    return render(
        request,
        "core/start.html",
        {"tafels": tafels[:START_TAFELS], "aantal_tafels": tafels.count()},
    )
