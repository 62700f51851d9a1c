"""The start-page blocks of meetings and actions (registered in ``CasusoverlegConfig.ready()``; see
``mensenhandel/core/startpage.py``)."""
from django.db.models import Count, Exists, OuterRef, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.rollen import Rol
from mensenhandel.core.startpage import Block

from . import selectors as overleg_selectors
from .models import Actie, Geheimhoudingsverklaring, OverlegDeelnemer

START_UITNODIGINGEN = 5
START_OVERLEGGEN = 3
START_ACTIES = 5


def volgend_overleg(request):
    """Ketenregisseur: the next meetings of the tables they manage. Portefeuillehouder: the next meetings they chair
    or of their werkgebied. Cancelled and held meetings are left out."""
    user = request.user
    komend = overleg_selectors.komende_overleggen(user)
    regisseur = user.rol == Rol.KETENREGISSEUR
    if regisseur:
        komend = komend.filter(tafel__in=overleg_selectors.beheerde_tafels(user).values("pk"))
    rows = list(komend[:START_OVERLEGGEN])
    return {
        "volgend": rows[0] if rows else None,
        "daarna": rows[1:],
        "aantal": komend.count() if len(rows) == START_OVERLEGGEN else len(rows),
        "lijst_url": reverse("casusoverleg:overleggen"),
        "nieuw_url": reverse("casusoverleg:overleg_nieuw") if regisseur else None,
    }


def uitnodigingen_overleg(request):
    """Coordinator and partner: the coming meetings their organisation takes part in or is invited to for an item,
    and whether the user still has to accept the confidentiality declaration to see that item."""
    user = request.user
    komend = overleg_selectors.komende_overleggen(user).annotate(
        vast_deelnemer=Exists(OverlegDeelnemer.objects.filter(overleg=OuterRef("pk"), organisatie_id=user.organisatie_id)),
        verklaard=Exists(Geheimhoudingsverklaring.objects.filter(overleg=OuterRef("pk"), gebruiker=user)),
    )
    rows = list(komend[:START_UITNODIGINGEN])
    return {
        "overleggen": rows,
        "aantal": komend.count() if len(rows) == START_UITNODIGINGEN else len(rows),
        "lijst_url": reverse("casusoverleg:overleggen"),
    }


def acties_verlopen(request):
    """Ketenregisseur: the overdue actions of their werkgebied (cases and meetings of their tables, as far as they may
    see them), longest overdue first; a case code only where they may see the case."""
    user = request.user
    verlopen = overleg_selectors.bewaakte_acties(user).filter(overleg_selectors.actie_verlopen_q(timezone.localdate()))
    # The overdue ones' ids and due dates (a few hundred, by the open-action indexes), ordered here: asked in order
    # with a limit, PostgreSQL walks the due-date index through ten years of actions instead (issue 14).
    alle = sorted(verlopen.order_by().values_list("deadline", "pk"))
    eerste = [pk for _deadline, pk in alle[:START_ACTIES]]
    # Those ids came out of the access filter a moment ago: fetched by id only.
    per_pk = Actie.objects.select_related("organisatie").in_bulk(eerste) if eerste else {}
    rows = [per_pk[pk] for pk in eerste if pk in per_pk]
    casussen = overleg_selectors.zichtbare_casussen(user, [actie.casus_id for actie in rows])
    for actie in rows:
        actie.zichtbare_casus = casussen.get(actie.casus_id)
    bewaking_url = reverse("casusoverleg:actiebewaking")
    return {
        "acties": rows,
        "aantal": len(alle),
        "bewaking_url": bewaking_url,
        "verlopen_url": f"{bewaking_url}?termijn=verlopen",
    }


def acties_organisatie(request):
    """Coordinator and partner: the open actions of their organisation, overdue first, by due date."""
    user = request.user
    vandaag = timezone.localdate()
    open_ = overleg_selectors.mijn_acties_for(user).filter(overleg_selectors.actie_open_q())
    # Overdue first; the numbers with the first rows, in one query.
    rows = list(open_.annotate(aantal=Window(Count("pk")), aantal_verlopen=Window(
        Count("pk", filter=overleg_selectors.actie_verlopen_q(vandaag)))).order_by(
        "verlopen_rang", "deadline", "pk")[:START_ACTIES])
    aantal, aantal_verlopen = (rows[0].aantal, rows[0].aantal_verlopen) if rows else (0, 0)
    return {
        "acties": rows,
        "aantal": aantal,
        "aantal_verlopen": aantal_verlopen,
        "mijn_url": reverse("casusoverleg:mijn_acties"),
    }


BLOCKS = (
    Block("volgend_overleg", _("Next meeting"), volgend_overleg),
    Block("acties_verlopen", _("Overdue actions"), acties_verlopen),
    Block("acties_organisatie", _("Actions of my organisation"), acties_organisatie),
    Block("uitnodigingen_overleg", _("Meetings I am invited to"), uitnodigingen_overleg),
)
