"""The start page: per role, the blocks a user lands on after logging in.

A block is a title, a template partial (``templates/core/start/<key>.html``) and a context function
``(request) -> dict`` that runs every query the block needs: the partial itself only reads what it
gets, so the page runs no queries while rendering. A block without data yet has no context
function; its partial shows an honest empty state.

A later feature (meetings, actions, reports) fills its block by giving it a context function and
changing that block's partial; no other block changes. The signal blocks (``signalen_beoordelen``,
``mijn_signalen``) already have theirs below; each still shows its empty state when there is nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import AccountLink, AccountLinkSoort, Rol, User, VerzoekStatus, Wijzigingsverzoek

START_TAFELS = 5
START_UITNODIGINGEN = 5
START_AUDIT = 10
START_SIGNALEN = 5
START_OVERLEGGEN = 3
START_ACTIES = 5


def optional_url(name, *args, **kwargs):
    """The URL of ``name``, or None while the feature behind it does not exist yet."""
    try:
        return reverse(name, args=args, kwargs=kwargs)
    except NoReverseMatch:
        return None


# --- context functions: all queries of a block happen here, evaluated (lists and numbers) -------


def tafels(request):
    from tafels.selectors import tafel_list_for

    qs = tafel_list_for(request.user)
    return {"tafels": list(qs[:START_TAFELS]), "aantal_tafels": qs.count()}


def gebruikers_en_uitnodigingen(request):
    open_uitnodigingen = AccountLink.objects.filter(
        soort=AccountLinkSoort.UITNODIGING, gebruikt__isnull=True, ingetrokken__isnull=True, verloopt__gt=timezone.now()
    )
    return {
        "aantal_gebruikers": User.objects.filter(is_active=True).count(),
        "uitnodigingen": list(
            open_uitnodigingen.select_related("user__organisatie").order_by("-aangemaakt", "-pk")[:START_UITNODIGINGEN]
        ),
        "aantal_uitnodigingen": open_uitnodigingen.count(),
        "gebruikers_url": optional_url("admin:partners_user_changelist"),
        # Vier-ogen: what another beheerder asked and this one may approve (not their own requests, not about them).
        "aantal_te_beoordelen": Wijzigingsverzoek.objects.filter(status=VerzoekStatus.OPEN)
        .exclude(aangevraagd_door=request.user).exclude(user=request.user).count(),
        "aantal_eigen_verzoeken": Wijzigingsverzoek.objects.filter(
            status=VerzoekStatus.OPEN, aangevraagd_door=request.user
        ).count(),
        "verzoeken_url": reverse("admin:partners_wijzigingsverzoek_changelist") + "?status__exact=open",
    }


def audit(request):
    from mensenhandel.audit.selectors import auditentry_list_for

    rows = list(auditentry_list_for(request.user)[:START_AUDIT])
    return {"audit_rows": rows, "audit_url": optional_url("audit:lijst")}


def signalen_beoordelen(request):
    """Ketenregisseur: the signals of the werkgebied waiting for them (submitted, or being assessed — which includes
    those whose question was answered), oldest first; and the questions waiting for a submitter's answer."""
    from django.db.models import Count, Q

    from signalen.models import Status
    from signalen.selectors import signalen_visible_for
    from tafels.selectors import gemeenten_in_werkgebied

    user = request.user
    # Only what this ketenregisseur decides on: a signal shared from elsewhere is assessed there.
    eigen = signalen_visible_for(user).filter(gemeente__in=gemeenten_in_werkgebied(user.werkgebied))
    wachtend = (Status.INGEDIEND, Status.IN_BEHANDELING)
    aantallen = eigen.aggregate(
        wachtend=Count("pk", filter=Q(status__in=wachtend)),
        vragen=Count("pk", filter=Q(status=Status.INFORMATIE_OPGEVRAAGD)),
    )
    vandaag = timezone.localdate()
    oudste = list(
        eigen.filter(status__in=wachtend).select_related("gemeente").order_by("ingediend_op", "pk")[:START_SIGNALEN]
    )
    for signaal in oudste:
        signaal.dagen_wachtend = (vandaag - timezone.localdate(signaal.ingediend_op)).days
    lijst_url = optional_url("signalen:lijst")
    return {
        "signalen": oudste,
        "aantal_wachtend": aantallen["wachtend"],
        "aantal_vragen": aantallen["vragen"],
        "lijst_url": lijst_url,
        "wachtend_url": f"{lijst_url}?status={Status.INGEDIEND}&status={Status.IN_BEHANDELING}&sorteer=ingediend"
        if lijst_url else None,
        "vragen_url": f"{lijst_url}?status={Status.INFORMATIE_OPGEVRAAGD}&sorteer=ingediend" if lijst_url else None,
    }


def mijn_signalen(request):
    """Coordinator and partner: the latest signals of their organisation, questions waiting for them, their drafts."""
    from django.db.models import Count, Q

    from signalen.models import Status
    from signalen.selectors import signalen_visible_for

    user = request.user
    visible = signalen_visible_for(user)
    eigen = visible.filter(organisatie_id=user.organisatie_id).exclude(status=Status.CONCEPT)
    aantallen = visible.aggregate(
        ingediend=Count("pk", filter=Q(organisatie_id=user.organisatie_id) & ~Q(status=Status.CONCEPT)),
        vragen=Count("pk", filter=Q(organisatie_id=user.organisatie_id, status=Status.INFORMATIE_OPGEVRAAGD)),
        concepten=Count("pk", filter=Q(status=Status.CONCEPT, ingediend_door=user)),
    )
    return {
        "signalen": list(eigen.select_related("gemeente").order_by("-ingediend_op", "-pk")[:START_SIGNALEN]),
        "aantal_ingediend": aantallen["ingediend"],
        "aantal_vragen": aantallen["vragen"],
        "aantal_concepten": aantallen["concepten"],
        "mijn_url": optional_url("signalen:mijn"),
        "nieuw_url": optional_url("signalen:nieuw"),
    }


def volgend_overleg(request):
    """Ketenregisseur: the next meetings of the tables they manage. Portefeuillehouder: the next meetings they chair
    or of their werkgebied. Cancelled and held meetings are left out."""
    from casusoverleg import selectors as overleg_selectors

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
        "lijst_url": optional_url("casusoverleg:overleggen"),
        "nieuw_url": optional_url("casusoverleg:overleg_nieuw") if regisseur else None,
    }


def uitnodigingen_overleg(request):
    """Coordinator and partner: the coming meetings their organisation takes part in or is invited to for an item,
    and whether the user still has to accept the confidentiality declaration to see that item."""
    from django.db.models import Exists, OuterRef

    from casusoverleg import selectors as overleg_selectors
    from casusoverleg.models import Geheimhoudingsverklaring, OverlegDeelnemer

    user = request.user
    komend = overleg_selectors.komende_overleggen(user).annotate(
        vast_deelnemer=Exists(OverlegDeelnemer.objects.filter(overleg=OuterRef("pk"), organisatie_id=user.organisatie_id)),
        verklaard=Exists(Geheimhoudingsverklaring.objects.filter(overleg=OuterRef("pk"), gebruiker=user)),
    )
    rows = list(komend[:START_UITNODIGINGEN])
    return {
        "overleggen": rows,
        "aantal": komend.count() if len(rows) == START_UITNODIGINGEN else len(rows),
        "lijst_url": optional_url("casusoverleg:overleggen"),
    }


def acties_verlopen(request):
    """Ketenregisseur: the overdue actions of their werkgebied (cases and meetings of their tables, as far as they may
    see them), longest overdue first; a case code only where they may see the case."""
    from casusoverleg import selectors as overleg_selectors

    user = request.user
    verlopen = overleg_selectors.bewaakte_acties(user).filter(overleg_selectors.actie_verlopen_q(timezone.localdate()))
    rows = list(verlopen.select_related("organisatie").order_by("deadline", "pk")[:START_ACTIES])
    casussen = overleg_selectors.zichtbare_casussen(user, [actie.casus_id for actie in rows])
    for actie in rows:
        actie.zichtbare_casus = casussen.get(actie.casus_id)
    bewaking_url = optional_url("casusoverleg:actiebewaking")
    return {
        "acties": rows,
        "aantal": verlopen.count() if len(rows) == START_ACTIES else len(rows),
        "bewaking_url": bewaking_url,
        "verlopen_url": f"{bewaking_url}?termijn=verlopen" if bewaking_url else None,
    }


def acties_organisatie(request):
    """Coordinator and partner: the open actions of their organisation, overdue first, by due date."""
    from casusoverleg import selectors as overleg_selectors

    user = request.user
    vandaag = timezone.localdate()
    open_ = overleg_selectors.mijn_acties_for(user).filter(overleg_selectors.actie_open_q())
    rows = list(open_.order_by("verlopen_rang", "deadline", "pk")[:START_ACTIES])  # overdue first
    aantal = len(rows)
    aantal_verlopen = sum(1 for actie in rows if actie.deadline < vandaag)
    if aantal == START_ACTIES:
        from django.db.models import Count

        aantallen = open_.aggregate(
            aantal=Count("pk"), verlopen=Count("pk", filter=overleg_selectors.actie_verlopen_q(vandaag)))
        aantal, aantal_verlopen = aantallen["aantal"], aantallen["verlopen"]
    return {
        "acties": rows,
        "aantal": aantal,
        "aantal_verlopen": aantal_verlopen,
        "mijn_url": optional_url("casusoverleg:mijn_acties"),
    }


def laatste_rapport(request):
    """Portefeuillehouder: the latest finalised quarterly report of their werkgebied (with its PDF), and the archive."""
    from rapportage import selectors as rapport_selectors
    from rapportage.perioden import Kwartaal

    rapport = rapport_selectors.laatste_definitief(request.user)
    return {
        "rapport": rapport,
        "periode": Kwartaal(rapport.jaar, rapport.kwartaal) if rapport else None,
        "archief_url": optional_url("rapportage:rapporten"),
    }


def kwartaalrapport(request):
    """Ketenregisseur: how far the report of the last quarter that ended is (final, a concept waiting for the
    explanation, or none yet), with the way to the next step and the archive."""
    from rapportage import selectors as rapport_selectors
    from rapportage.perioden import Kwartaal

    kwartaal = Kwartaal.laatst_afgesloten(timezone.localdate())
    definitief, concept = rapport_selectors.stand_van_kwartaal(request.user, kwartaal)
    return {
        "periode": kwartaal,
        "definitief": definitief,
        "concept": concept,
        "archief_url": optional_url("rapportage:rapporten"),
        "nieuw_url": optional_url("rapportage:rapport_nieuw"),
    }


# --- the blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    context: Callable | None = None

    @property
    def template(self):
        return f"core/start/{self.key}.html"

    @property
    def heading_id(self):
        return f"kop-{self.key.replace('_', '-')}"


BLOCKS = {
    block.key: block
    for block in (
        Block("signalen_beoordelen", _("Signals waiting for assessment"), signalen_beoordelen),
        Block("volgend_overleg", _("Next meeting"), volgend_overleg),
        Block("acties_verlopen", _("Overdue actions"), acties_verlopen),
        Block("mijn_signalen", _("My signals"), mijn_signalen),
        Block("acties_organisatie", _("Actions of my organisation"), acties_organisatie),
        Block("uitnodigingen_overleg", _("Meetings I am invited to"), uitnodigingen_overleg),
        Block("laatste_rapport", _("Latest report"), laatste_rapport),
        Block("kwartaalrapport", _("Quarterly report"), kwartaalrapport),
        Block("gebruikers", _("Users and invitations"), gebruikers_en_uitnodigingen),
        Block("audit", _("Audit log"), audit),
        Block("tafels", _("Your tables"), tafels),
    )
}

ROLE_BLOCKS = {
    Rol.KETENREGISSEUR: ("signalen_beoordelen", "volgend_overleg", "acties_verlopen", "kwartaalrapport", "tafels"),
    Rol.COORDINATOR: ("mijn_signalen", "acties_organisatie", "uitnodigingen_overleg", "tafels"),
    Rol.PARTNER: ("mijn_signalen", "acties_organisatie", "uitnodigingen_overleg", "tafels"),
    Rol.PORTEFEUILLEHOUDER: ("laatste_rapport", "volgend_overleg", "tafels"),
    Rol.BEHEERDER: ("gebruikers", "audit", "tafels"),
}


def blocks_for(request):
    """The blocks of the user's role, each with its data: ``[{"block": Block, "data": dict}, ...]``."""
    keys = ROLE_BLOCKS.get(getattr(request.user, "rol", None), ())
    result = []
    for key in keys:
        block = BLOCKS[key]
        result.append({"block": block, "data": block.context(request) if block.context else {}})
    return result
