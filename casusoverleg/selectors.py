"""Who sees which case, meeting, agenda item, agenda PDF and action. Every list, count, filter, export,
PDF, e-mail and lookup of these objects starts here.

Role first, then organisation and werkgebied (DESIGN.md §3):

- Casus: the ketenregisseurs of its werkgebied; the standing participants (organisations) of a meeting that has it
  on the agenda, for their coordinators and partners (not for their ketenregisseurs, issue 16 §4); an organisation
  invited for its agenda item, for the person who accepted that meeting's confidentiality declaration; explicit
  grants. A portefeuillehouder or beheerder never sees a case as such: a chair sees the case items of the agendas of
  the meetings they chair, nothing else.
- Overleg: the ketenregisseurs whose werkgebied holds its table; the chair; its standing participants (not for their
  ketenregisseurs); the organisations invited for one of its items; the portefeuillehouders of the werkgebied (dates
  and general items).
- Agendapunt: general items for everyone who sees the meeting; a case item for whoever sees that case *through this
  meeting* (ketenregisseur of the case's werkgebied, the chair, a standing participant's coordinators and partners,
  the invitee after the declaration).
"""
from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects

from mensenhandel.access.grants import granted_ids
from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol

from .models import (
    OPEN_ACTIESTATUSSEN,
    Actie,
    AgendaDocument,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    Geheimhoudingsverklaring,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)

_NIEMAND = Q(pk__in=[])


def _actief(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def casus_werkgebied_q(user, prefix=""):
    """Cases of the user's werkgebied: of their district, or anywhere in their region."""
    if user.werkgebied_district_id:
        return Q(**{f"{prefix}district_id": user.werkgebied_district_id})
    if user.werkgebied_regio_id:
        return Q(**{f"{prefix}regio_id": user.werkgebied_regio_id})
    return _NIEMAND


def tafel_werkgebied_q(user, prefix=""):
    """Tables of the user's werkgebied: its own district or region, the districts of that region, the region of
    that district (as ``tafels.selectors``)."""
    if user.werkgebied_district_id:
        district = user.werkgebied_district
        return Q(**{f"{prefix}district_id": district.pk}) | Q(**{f"{prefix}regio_id": district.regio_id})
    if user.werkgebied_regio_id:
        return Q(**{f"{prefix}regio_id": user.werkgebied_regio_id}) | Q(
            **{f"{prefix}district__regio_id": user.werkgebied_regio_id}
        )
    return _NIEMAND


def _lopend():
    return ~Q(overleg__status=OverlegStatus.GEANNULEERD)


def _deelnemer_q(user):
    """Case items of meetings the user's organisation takes part in as a standing participant."""
    return Exists(OverlegDeelnemer.objects.filter(overleg=OuterRef("overleg"), organisatie_id=user.organisatie_id))


# --- standing members for the general items only (issue 21; ``tafels.models.TafelLidSoort``) -------------------
# Such a member (in Twente the chair of the regiegroep prostitutie, for all Twente gemeenten) is a standing participant
# of every meeting (``OverlegDeelnemer``, calendar invitations, attendance) and sees its general and theme items, the
# confidential ones included; a case item only as an invitee does: invited for that item, after the declaration.
# The kind is read from the table's membership, so a standing participant is a full one unless its table says so.


def _alleen_uitgenodigd_tafels(user):
    from tafels.selectors import alleen_uitgenodigd_tafels

    return alleen_uitgenodigd_tafels(user.organisatie_id)


def _volledig_deelnemer_q(user):
    """Case items of meetings the user's organisation takes part in as a full standing participant."""
    return _deelnemer_q(user) & ~Q(overleg__tafel_id__in=_alleen_uitgenodigd_tafels(user))


def volledige_deelnemers(overleg):
    """The meeting's standing participants that see every case item: all but those for the general items only."""
    from tafels.selectors import alleen_uitgenodigd_q

    return OverlegDeelnemer.objects.filter(overleg=overleg).exclude(
        alleen_uitgenodigd_q(OuterRef("overleg__tafel_id"), OuterRef("organisatie_id")))


def alleen_uitgenodigd_organisaties(overleg):
    """The ids of the meeting's standing participants for the general items only."""
    from tafels.selectors import alleen_uitgenodigd_leden

    return set(alleen_uitgenodigd_leden(overleg.tafel_id))


def _algemeen_q(user):
    """General items: seen by everyone who sees the meeting, except a confidential one (``vertrouwelijk``, issue 18),
    which an organisation invited as a guest sees only once the user accepted the meeting's declaration."""
    return ~Q(soort=AgendapuntSoort.CASUS) & (Q(vertrouwelijk=False) | _deelnemer_q(user) | _uitgenodigd_en_verklaard_q(
        user) | Q(overleg__voorzitter=user))


def _uitgenodigd_en_verklaard_q(user):
    """Items the user's organisation is invited for, once the user accepted the meeting's declaration."""
    return Exists(Uitnodiging.objects.filter(agendapunt=OuterRef("pk"), organisatie_id=user.organisatie_id)) & Exists(
        Geheimhoudingsverklaring.objects.filter(overleg=OuterRef("overleg"), gebruiker=user)
    )


def _lopende_casuspunten():
    return Agendapunt.objects.filter(casus__isnull=False).exclude(overleg__status=OverlegStatus.GEANNULEERD)


def casussen_visible_for(user, binnen=None):
    """Each way in is a set of case ids fetched once from the user's side (their organisation's seats, its
    invitations with the user's declaration, its grants) or the werkgebied's index: the cost follows what the user
    may see, not the number of cases in the country.

    ``binnen`` (a few case ids, such as those of one page of actions) bounds every way in to those ids, so asking
    "which of these may I see" costs in proportion to the question, not to all the user may see."""
    if not _actief(user):
        return Casus.objects.none()
    if user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        return Casus.objects.none()
    punten = _lopende_casuspunten()
    grants = granted_ids(user, Casus)
    if binnen is not None:
        binnen = list(binnen)
        punten = punten.filter(casus_id__in=binnen)
        grants = grants.filter(content_object_id__in=binnen)
    via_uitnodiging = punten.filter(
        uitnodigingen__organisatie_id=user.organisatie_id, overleg__verklaringen__gebruiker=user)
    q = Q(pk__in_ids=via_uitnodiging.values("casus_id")) | Q(pk__in_ids=grants)
    if user.rol == Rol.KETENREGISSEUR:
        # Role first: its werkgebied. Its organisation's standing seats at other tables serve that organisation's
        # partner-role users, not its ketenregisseurs (a RIEC sits at every district casusoverleg of its region).
        q |= casus_werkgebied_q(user)
    else:
        via_deelname = punten.filter(overleg__deelnemers__organisatie_id=user.organisatie_id).exclude(
            overleg__tafel_id__in=_alleen_uitgenodigd_tafels(user))  # issue 21: a seat for the general items only
        q |= Q(pk__in_ids=via_deelname.values("casus_id"))
    # A case retention removed is a tombstone: nobody opens it any more (``casusoverleg.bewaartermijn``).
    zichtbaar = Casus.objects.filter(q, verwijderd_op__isnull=True)
    return zichtbaar if binnen is None else zichtbaar.filter(pk__in=binnen)


register_selector(Casus, casussen_visible_for)


def overleggen_visible_for(user):
    if not _actief(user):
        return Overleg.objects.none()
    deelnemer = Q(pk__in_ids=OverlegDeelnemer.objects.filter(organisatie_id=user.organisatie_id).values("overleg_id"))
    uitgenodigd = Q(pk__in_ids=Uitnodiging.objects.filter(organisatie_id=user.organisatie_id).values(
        "agendapunt__overleg_id"))
    if user.rol in (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER):
        from tafels.models import Tafel

        werkgebied = Q(tafel_id__in_ids=Tafel.objects.filter(tafel_werkgebied_q(user)).values("pk"))
        q = werkgebied | Q(voorzitter=user)
        if user.rol == Rol.KETENREGISSEUR:
            q |= uitgenodigd  # not its organisation's standing seats elsewhere (see casussen_visible_for)
    elif user.rol in (Rol.COORDINATOR, Rol.PARTNER):
        q = deelnemer | uitgenodigd
    else:
        return Overleg.objects.none()
    return Overleg.objects.filter(q)


register_selector(Overleg, overleggen_visible_for)


def agendapunten_visible_for(user):
    """The agenda items a user may read (case items only where the user may see the case through that meeting;
    the case items of a cancelled meeting only for the ketenregisseur of the case's werkgebied)."""
    if not _actief(user):
        return Agendapunt.objects.none()
    algemeen = _algemeen_q(user)
    lopend = _lopend()
    if user.rol == Rol.PORTEFEUILLEHOUDER:
        q = algemeen | (lopend & Q(overleg__voorzitter=user))
    elif user.rol == Rol.KETENREGISSEUR:
        # The werkgebied's ketenregisseur reads every general item of its tables, confidential ones included.
        q = algemeen | (~Q(soort=AgendapuntSoort.CASUS) & tafel_werkgebied_q(user, "overleg__tafel__")) | (
            casus_werkgebied_q(user, "casus__")) | (lopend & (
            Q(overleg__voorzitter=user) | _uitgenodigd_en_verklaard_q(user)))
    elif user.rol in (Rol.COORDINATOR, Rol.PARTNER):
        q = algemeen | (lopend & (_volledig_deelnemer_q(user) | _uitgenodigd_en_verklaard_q(user)))
    else:
        return Agendapunt.objects.none()
    # The visible meetings' items first (by index), then the per-item rule on those only.
    return Agendapunt.objects.filter(overleg_id__in_ids=overleggen_visible_for(user).values("pk")).filter(q)


register_selector(Agendapunt, agendapunten_visible_for)


def uitnodigingen_zonder_verklaring(user, overleg):
    """Items the user's organisation is invited for but that stay closed until the user accepts the declaration."""
    if not _actief(user) or user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        return Uitnodiging.objects.none()
    if Geheimhoudingsverklaring.objects.filter(overleg=overleg, gebruiker=user).exists():
        return Uitnodiging.objects.none()
    zichtbaar = agendapunten_visible_for(user).filter(overleg=overleg)
    return Uitnodiging.objects.filter(agendapunt__overleg=overleg, organisatie_id=user.organisatie_id).exclude(
        agendapunt__in=zichtbaar
    )


def agendadocumenten_visible_for(user):
    """Agenda PDFs: the full document for the managing ketenregisseur and the chair; an organisation's document for
    its members, only while they may read every case in it through this meeting (an invitee after the
    declaration; nobody once the meeting is cancelled or the case was taken off the agenda)."""
    if not _actief(user):
        return AgendaDocument.objects.none()
    beheerd = Q(overleg__tafel__in=_beheerde_tafels(user)) if user.rol == Rol.KETENREGISSEUR else _NIEMAND
    voorzitter = Q(overleg__voorzitter=user) & ~Q(overleg__status=OverlegStatus.GEANNULEERD)
    q = Q(organisatie__isnull=True) & (beheerd | voorzitter)
    if user.rol in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        zichtbaar = agendapunten_visible_for(user).filter(overleg=OuterRef("agendadocument__overleg"),
                                                          casus=OuterRef("casus"))
        verborgen = AgendaDocument.casussen.through.objects.filter(agendadocument=OuterRef("pk")).exclude(
            Exists(zichtbaar))
        q |= Q(organisatie_id=user.organisatie_id) & ~Q(overleg__status=OverlegStatus.GEANNULEERD) & ~Q(
            Exists(verborgen))
    return AgendaDocument.objects.filter(overleg__in=overleggen_visible_for(user)).filter(q)


register_selector(AgendaDocument, agendadocumenten_visible_for)


def acties_visible_for(user, binnen=None):
    """Actions: everyone who sees the case (or, without a case, its agenda item); the responsible organisation
    always. Each branch is an index lookup from ids fetched once.

    The chair (a portefeuillehouder) sees the decisions and actions of the meetings it chairs: its actions follow the
    agenda items it may read (the items of the meetings it chairs, and general items), as the meeting page and the
    besluitenlijst show them; never an action by its case alone.

    ``binnen`` (a few action ids, such as those on one meeting page): only those, and the case branch asks about
    their cases alone (``casussen_visible_for(user, binnen=...)``)."""
    if not _actief(user):
        return Actie.objects.none()
    rijen = Actie.objects.filter(verwijderd_op__isnull=True)  # retention removed it with its case: nobody sees it
    if binnen is not None:
        rijen = rijen.filter(pk__in=list(binnen))
    if user.rol == Rol.PORTEFEUILLEHOUDER:
        return rijen.filter(agendapunt_id__in_ids=agendapunten_visible_for(user).values("pk"))
    if user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        return Actie.objects.none()
    if binnen is None:
        casussen = casussen_visible_for(user)
    else:
        casussen = casussen_visible_for(user, binnen=set(rijen.exclude(casus_id=None).values_list("casus_id",
                                                                                                   flat=True)))
    return rijen.filter(
        Q(casus_id__in_ids=casussen.values("pk"))
        | Q(organisatie_id=user.organisatie_id)
        # An action under a general agenda item follows that item, like a decision; a general item is seen by everyone
        # who sees its meeting (agendapunten_visible_for). A partial index holds exactly these actions.
        | Q(casus__isnull=True, agendapunt_id__in_ids=Agendapunt.objects.filter(
            casus__isnull=True, overleg_id__in_ids=overleggen_visible_for(user).values("pk")).values("pk"))
    )


register_selector(Actie, acties_visible_for)


# --- what a user may do ---------------------------------------------------------------------------------


def _beheerde_tafels(user):
    from tafels.models import Tafel

    if user.rol != Rol.KETENREGISSEUR:
        return Tafel.objects.none()
    if user.werkgebied_district_id:
        return Tafel.objects.filter(district_id=user.werkgebied_district_id)
    if user.werkgebied_regio_id:
        return Tafel.objects.filter(Q(regio_id=user.werkgebied_regio_id) | Q(district__regio_id=user.werkgebied_regio_id))
    return Tafel.objects.none()


def beheerde_tafels(user):
    """Tables whose meetings the user schedules and whose agendas they build: a ketenregisseur's own district's
    tables, or those of their region."""
    return _beheerde_tafels(user).order_by("naam")


def may_manage_overleg(user, overleg):
    return _actief(user) and beheerde_tafels(user).filter(pk=overleg.tafel_id).exists()


def may_manage_casus(user, casus):
    """Only a ketenregisseur of the case's werkgebied opens, changes and links signals to it."""
    return (
        _actief(user) and user.rol == Rol.KETENREGISSEUR
        and Casus.objects.filter(casus_werkgebied_q(user), pk=casus.pk).exists()
    )


def may_open_casus(user):
    return _actief(user) and user.rol == Rol.KETENREGISSEUR and user.werkgebied is not None


def beheerde_casussen(user):
    if not _actief(user) or user.rol != Rol.KETENREGISSEUR:
        return Casus.objects.none()
    return Casus.objects.filter(casus_werkgebied_q(user))


def open_acties(casus_ids):
    """Open actions per case id (open or in progress), overdue first: {casus_id: [Actie, ...]}."""
    result = {}
    rows = (
        Actie.objects.filter(casus_id__in=casus_ids, status__in=OPEN_ACTIESTATUSSEN)
        .select_related("organisatie")
        .order_by("deadline", "pk")
    )
    for actie in rows:
        result.setdefault(actie.casus_id, []).append(actie)
    return result


def uitnodigingen_visible_for(user):
    """Invitations: the ketenregisseur who manages the meeting's table, and the invited organisation itself."""
    if not _actief(user):
        return Uitnodiging.objects.none()
    q = Q(organisatie_id=user.organisatie_id) if user.rol in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER) else _NIEMAND
    if user.rol == Rol.KETENREGISSEUR:
        q |= Q(agendapunt__overleg__tafel__in=_beheerde_tafels(user))
    return Uitnodiging.objects.filter(q)


register_selector(Uitnodiging, uitnodigingen_visible_for)


# --- casussen (cases): the read queries of the case pages -------------------------------------------------


def koppelbare_signalen(user):
    """Signals a ketenregisseur may take up in a case: of the gemeenten of their werkgebied (``may_triage``),
    submitted and not yet decided on (a passed-on or closed signal must be re-opened first)."""
    from signalen.models import Signaal, Status
    from signalen.selectors import signalen_visible_for
    from tafels.selectors import gemeenten_in_werkgebied

    if not _actief(user) or user.rol != Rol.KETENREGISSEUR or user.werkgebied is None:
        return Signaal.objects.none()
    return signalen_visible_for(user).filter(
        gemeente__in=gemeenten_in_werkgebied(user.werkgebied),
        status__in=(Status.INGEDIEND, Status.IN_BEHANDELING, Status.INFORMATIE_OPGEVRAAGD),
    )


def _aantal_open_acties():
    from django.db.models import Count, IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    rows = (
        Actie.objects.filter(casus=OuterRef("pk"), status__in=OPEN_ACTIESTATUSSEN)
        .order_by().values("casus").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def volgende_overleggen(user, casus_ids):
    """{case id: the next (not cancelled, not yet ended) meeting the user sees that has the case on its agenda, as far
    as the user sees the case's item there} for the cases of one list page: one query, bounded by the page."""
    from django.utils import timezone

    punten = (
        agendapunten_visible_for(user).filter(casus_id__in=list(casus_ids), overleg__eindigt__gte=timezone.now())
        .exclude(overleg__status=OverlegStatus.GEANNULEERD)
        .select_related("overleg__tafel")
        .order_by("overleg__begint", "overleg__pk")
    )
    volgende = {}
    for punt in punten:
        volgende.setdefault(punt.casus_id, punt.overleg)
    return volgende


def casus_lijst(casussen):
    """The cases of the list (already filtered by ``casussen_visible_for``), with what a row shows: the number of open
    actions (the next meeting: ``volgende_overleggen``, for the page only)."""
    return (
        casussen.select_related("district", "regio")
        .prefetch_related("gemeenten", "vormen")
        .annotate(aantal_open_acties=_aantal_open_acties())
    )


def casus_detail_for(user):
    return casussen_visible_for(user).select_related("district", "regio", "eigenaar__organisatie", "melder")


def acties_van_casus(user, casus):
    """The case's actions the user sees: open ones first (by due date), then the rest."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        acties_visible_for(user).filter(casus=casus)
        .select_related("organisatie", "verantwoordelijke")
        .annotate(rang=Case(When(status__in=OPEN_ACTIESTATUSSEN, then=Value(0)), default=Value(1),
                            output_field=IntegerField()))
        .order_by("rang", "deadline", "pk")
    )


def agendapunten_van_casus(user, casus):
    """Where the case is or was on the agenda, as far as the user sees the case's item in that meeting (seeing a
    case through one meeting does not reveal that it is on the agenda of another)."""
    return (
        agendapunten_visible_for(user).filter(casus=casus)
        .select_related("overleg__tafel")
        .order_by("overleg__begint", "overleg__pk")
    )


def casussen_van_signaal(user, signaal):
    """The cases a signal is linked to, as far as the user may see them."""
    return casussen_visible_for(user).filter(koppelingen__signaal=signaal).distinct().order_by("code")


def eigenaar_keuzes(casus):
    """Who can own a case: the active ketenregisseurs of its werkgebied (as ``may_manage_casus``)."""
    from django.contrib.auth import get_user_model

    q = Q(werkgebied_regio_id=casus.regio_id)
    if casus.district_id:
        q |= Q(werkgebied_district_id=casus.district_id)
    return get_user_model().objects.filter(q, rol=Rol.KETENREGISSEUR, is_active=True).order_by("naam", "pk")


# --- overleggen (meetings): the read queries of the meeting pages and the start page ----------------------


def ketenregisseurs_van_tafel(tafel):
    """The active ketenregisseurs who manage ``tafel`` (as ``beheerde_tafels``): of its district or region."""
    from django.contrib.auth import get_user_model

    if tafel.district_id:
        q = Q(werkgebied_district_id=tafel.district_id) | Q(werkgebied_regio_id=tafel.district.regio_id)
    else:
        q = Q(werkgebied_regio_id=tafel.regio_id)
    return get_user_model().objects.filter(q, rol=Rol.KETENREGISSEUR, is_active=True)


def mogelijke_voorzitters(tafel):
    """Who may chair a meeting of ``tafel``: the table's chair, a ketenregisseur of its werkgebied, or the person
    who takes part for one of its member organisations."""
    from django.contrib.auth import get_user_model

    q = Q(pk__in=ketenregisseurs_van_tafel(tafel).values("pk")) | Q(
        pk__in=tafel.leden.filter(deelnemer__isnull=False).values("deelnemer_id")
    )
    if tafel.voorzitter_id:
        q |= Q(pk=tafel.voorzitter_id)
    return get_user_model().objects.filter(q, is_active=True).select_related("organisatie").order_by("naam", "pk")


def komende_overleggen(user):
    """Meetings the user sees that have not ended and are not cancelled or held, soonest first."""
    from django.utils import timezone

    return (
        overleggen_visible_for(user)
        .filter(eindigt__gte=timezone.now(), status__in=(OverlegStatus.GEPLAND, OverlegStatus.AGENDA_DEFINITIEF))
        .select_related("tafel")
        .order_by("begint", "pk")
    )


def overleggen_van_tafel_in_jaar(tafel, jaar):
    """The meetings of a table in a calendar year (for the year planning: what is there already)."""
    return Overleg.objects.filter(tafel=tafel, begint__year=jaar).order_by("begint", "pk")


def laatste_doel(tafel):
    """The purpose (doelbinding) of the table's most recently scheduled meeting, to start a new one from."""
    return Overleg.objects.filter(tafel=tafel).order_by("-aangemaakt", "-pk").values_list("doel", flat=True).first()


# --- Agenda ---------------------------------------------------------------------------------------------


def agendapunten_details(punten, *, met_uitnodigingen=False, uitnodigingen=None, meer_casussen=()):
    """Agenda items (already filtered by ``agendapunten_visible_for`` or meant for one agenda PDF), in order, made
    ready to show: a case item gets ``casus`` with its gemeenten and vormen loaded, ``open_acties`` (the case's
    open actions, by due date) and ``verlopen_acties`` (the overdue ones); with ``met_uitnodigingen`` every item gets
    ``uitnodigingen_lijst`` (from ``uitnodigingen``, the meeting's invitations, when the caller has read them
    already). Returns a list; a fixed number of queries whatever the number of items.

    ``meer_casussen``: other cases the same page shows (the meeting page's proposals), loaded in the same queries:
    each gets its gemeenten, vormen and ``open_acties``."""
    punten = list(punten)
    # The items' cases as the caller selected them with the items, else in one query.
    ontbrekend = [punt.casus_id for punt in punten if punt.casus_id and not Agendapunt.casus.is_cached(punt)]
    los = Casus.objects.in_bulk(ontbrekend) if ontbrekend else {}
    casussen = {}
    for punt in punten:
        if punt.casus_id:
            casussen[punt.casus_id] = los[punt.casus_id] if punt.casus_id in los else punt.casus
    alle = [*casussen.values(), *(casus for casus in meer_casussen if casus.pk not in casussen)]
    if alle:
        prefetch_related_objects(alle, "gemeenten", "vormen")
        acties = open_acties([casus.pk for casus in alle])
        for casus in alle:
            casus.open_acties = acties.get(casus.pk, [])
    per_punt = {}
    uitnodigbaar = {p.pk for p in punten if p.casus_id or p.soort == AgendapuntSoort.ONDERWERP}
    if met_uitnodigingen and uitnodigbaar:
        if uitnodigingen is None:
            uitnodigingen = Uitnodiging.objects.filter(agendapunt__in=uitnodigbaar).select_related(
                "organisatie", "deelnemer")
        for uitnodiging in uitnodigingen:
            if uitnodiging.agendapunt_id in uitnodigbaar:
                per_punt.setdefault(uitnodiging.agendapunt_id, []).append(uitnodiging)
    for punt in punten:
        punt.open_acties = []
        punt.verlopen_acties = []
        if punt.casus_id:
            punt.casus = casussen[punt.casus_id]
            punt.open_acties = punt.casus.open_acties
            punt.verlopen_acties = [actie for actie in punt.open_acties if actie.is_verlopen]
        punt.uitnodigingen_lijst = per_punt.get(punt.pk, [])
    return punten


# --- decisions, action attachments (issue 7) ---------------------------------------------------------------


def besluiten_visible_for(user):
    """Decisions follow their agenda item."""
    from .models import Besluit

    return Besluit.objects.filter(agendapunt__in=agendapunten_visible_for(user))


def actiebijlagen_visible_for(user):
    from .models import ActieBijlage

    return ActieBijlage.objects.filter(actie__in=acties_visible_for(user))


def _register_issue7():
    from .models import ActieBijlage, Besluit

    register_selector(Besluit, besluiten_visible_for)
    register_selector(ActieBijlage, actiebijlagen_visible_for)


_register_issue7()


# --- acties (Mijn acties, Actiebewaking, the action page) -------------------------------------------------

# An action counts as "due soon" in Actiebewaking when its due date is at most this many days away.
BINNENKORT_DAGEN = 14


def actie_open_q(prefix=""):
    return Q(**{f"{prefix}status__in": OPEN_ACTIESTATUSSEN})


def actie_verlopen_q(vandaag, prefix=""):
    """Open and past its due date."""
    return actie_open_q(prefix) & Q(**{f"{prefix}deadline__lt": vandaag})


def actie_binnenkort_q(vandaag, prefix=""):
    """Open and due today or within ``BINNENKORT_DAGEN`` days."""
    from datetime import timedelta

    return actie_open_q(prefix) & Q(**{f"{prefix}deadline__gte": vandaag,
                                       f"{prefix}deadline__lte": vandaag + timedelta(days=BINNENKORT_DAGEN)})


def _verlopen_rang(vandaag):
    from django.db.models import Case, IntegerField, Value, When

    return Case(When(actie_verlopen_q(vandaag), then=Value(0)), default=Value(1), output_field=IntegerField())


def is_verantwoordelijk(user, actie):
    """A member (coordinator, partner, ketenregisseur) of the action's responsible organisation."""
    return (
        _actief(user) and user.rol in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER)
        and user.organisatie_id is not None and user.organisatie_id == actie.organisatie_id
    )


def may_manage_actie(user, actie):
    """The ketenregisseur who manages the action's case, or the table of the meeting where it was agreed."""
    if not _actief(user) or user.rol != Rol.KETENREGISSEUR:
        return False
    if actie.casus_id and may_manage_casus(user, actie.casus):
        return True
    return bool(actie.agendapunt_id) and may_manage_overleg(user, actie.agendapunt.overleg)


def may_report_back(user, actie):
    return is_verantwoordelijk(user, actie) or may_manage_actie(user, actie)


def mijn_acties_for(user):
    """Mijn acties: the actions of the user's organisation (the responsible organisation always sees them); those
    assigned to the user personally first, then the overdue ones, then by due date."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    if not _actief(user) or user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER) \
            or not user.organisatie_id:
        return Actie.objects.none()
    vandaag = timezone.localdate()
    # The responsible organisation always sees its actions (a branch of acties_visible_for): by its index alone.
    return (
        Actie.objects.filter(organisatie_id=user.organisatie_id)
        .annotate(
            persoonlijk=Case(When(verantwoordelijke_id=user.pk, then=Value(0)), default=Value(1),
                             output_field=IntegerField()),
            verlopen_rang=_verlopen_rang(vandaag),
        )
        .order_by("persoonlijk", "verlopen_rang", "deadline", "pk")
    )


def bewaakte_acties(user):
    """Actiebewaking: the actions of the cases of the ketenregisseur's werkgebied and those agreed in meetings of
    the tables they manage — always only the actions they may see."""
    if not _actief(user) or user.rol != Rol.KETENREGISSEUR:
        return Actie.objects.none()
    # Two hashed id sets checked per visible action (no join to the agenda items and meetings of every action).
    punten = Agendapunt.objects.filter(overleg__tafel__in=_beheerde_tafels(user)).values("pk")
    return acties_visible_for(user).filter(
        Q(casus_id__in=beheerde_casussen(user).values("pk")) | Q(agendapunt_id__in=punten)
    )


def verlopen_eerst(acties):
    """Overdue first, then by due date."""
    from django.utils import timezone

    return acties.annotate(verlopen_rang=_verlopen_rang(timezone.localdate())).order_by("verlopen_rang", "deadline", "pk")


def zichtbare_casussen(user, casus_ids):
    """{case id: Casus} of those of ``casus_ids`` the user may see (one query): a case code is shown only there."""
    ids = {pk for pk in casus_ids if pk}
    if not ids:
        return {}
    return casussen_visible_for(user, binnen=ids).only("pk", "code").in_bulk()


# Above this many case ids, asking "which of these may I see" per id costs more than reading the user's visible cases.
_BINNEN_MAX = 200


def zichtbare_casuscodes(user, casus_ids):
    """{case id: code} of those of ``casus_ids`` the user may see (one query, no model instances): for the thousands
    of cases of an overview. Many ids are answered from the user's visible cases (by index, what the user may see),
    few by asking about those ids alone."""
    ids = {pk for pk in casus_ids if pk}
    if not ids:
        return {}
    if len(ids) <= _BINNEN_MAX:
        return dict(casussen_visible_for(user, binnen=ids).values_list("pk", "code"))
    return {pk: code for pk, code in casussen_visible_for(user).values_list("pk", "code") if pk in ids}


def actie_overleg_for(user, actie):
    """The meeting where the action was agreed, when the user sees that meeting (else None)."""
    if not actie.agendapunt_id:
        return None
    return (
        overleggen_visible_for(user).filter(agendapunten__pk=actie.agendapunt_id).select_related("tafel").first()
    )


def bijlagen_van_actie(user, actie):
    return actiebijlagen_visible_for(user).filter(actie=actie).order_by("geupload_op", "pk")


# --- inzageverzoek (issue 17): finding a person's data in the records of one's own werkgebied ---------------------

INZAGE_MAX = 50


def inzage_signalen(user, term):
    """The submitted signals of the ketenregisseur's werkgebied whose free text, location, address, KvK number or
    history texts hold ``term`` (case-insensitive): records it may read anyway. Nobody else searches this way."""
    from signalen.models import Signaal, SignaalHistorie, Status
    from signalen.selectors import signalen_visible_for
    from tafels.selectors import gemeenten_in_werkgebied

    if not _actief(user) or user.rol != Rol.KETENREGISSEUR or not term:
        return Signaal.objects.none()
    gemeenten = gemeenten_in_werkgebied(user.werkgebied).values("pk")
    # Only the history of the werkgebied's signals is searched: the cost follows the werkgebied, not the country.
    in_historie = SignaalHistorie.objects.filter(signaal__gemeente_id__in_ids=gemeenten).filter(
        Q(tekst__icontains=term) | Q(terugkoppeling__icontains=term))
    return (
        signalen_visible_for(user).exclude(status=Status.CONCEPT)
        .filter(gemeente_id__in_ids=gemeenten)
        .filter(Q(omschrijving__icontains=term) | Q(locatie_naam__icontains=term) | Q(locatie_adres__icontains=term)
                | Q(kvk_nummer__icontains=term) | Q(pk__in=in_historie.values("signaal_id")))
        .select_related("gemeente").order_by("-ingediend_op", "-pk")
    )


def inzage_casussen(user, term):
    """The cases of the ketenregisseur's werkgebied whose summary, closing reason, agenda notes and minutes, decisions
    or actions hold ``term`` (case-insensitive)."""
    if not _actief(user) or user.rol != Rol.KETENREGISSEUR or not term:
        return Casus.objects.none()
    from .models import Besluit

    # The agenda items, decisions and actions of the werkgebied's cases only: the cost follows the werkgebied.
    casussen = beheerde_casussen(user)
    punten = Agendapunt.objects.filter(casus_id__in_ids=casussen.values("pk"))
    besluiten = Besluit.objects.filter(agendapunt__casus_id__in_ids=casussen.values("pk"), tekst__icontains=term)
    punten = punten.filter(Q(toelichting__icontains=term) | Q(notities__icontains=term)
                           | Q(pk__in=besluiten.values("agendapunt_id")))
    acties = Actie.objects.filter(casus_id__in_ids=casussen.values("pk")).filter(
        Q(omschrijving__icontains=term) | Q(terugkoppeling__icontains=term) | Q(reden_vervallen__icontains=term))
    return (
        casussen
        .filter(Q(samenvatting__icontains=term) | Q(afsluitreden__icontains=term)
                | Q(pk__in=punten.values("casus_id")) | Q(pk__in=acties.values("casus_id")))
        .order_by("-geopend_op", "-pk")
    )


# --- zorgtraject (issue 21): the victims' care track, seen by fewer than the case -----------------------------


def zorgtrajecten_visible_for(user):
    """The cases whose care part (``Zorgtraject``) the user may read and keep: the ketenregisseurs of the case's
    werkgebied, and the members of the case's zorgcoordinator organisation, whether or not they see the case itself.
    Nobody else: who sees the case sees on its page only that a care track exists (the police whether a report was
    made, ``zorg.sectie``)."""
    from .models import Zorgtraject

    if not _actief(user) or user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        return Zorgtraject.objects.none()
    q = Q(zorgcoordinator_id=user.organisatie_id) if user.organisatie_id else _NIEMAND
    if user.rol == Rol.KETENREGISSEUR:
        q |= casus_werkgebied_q(user)
    return Zorgtraject.objects.filter(q, verwijderd_op__isnull=True)


def slachtoffers_visible_for(user):
    """The possible victims of the care tracks the user may read."""
    from .models import Slachtoffer

    return Slachtoffer.objects.filter(casus_id__in_ids=zorgtrajecten_visible_for(user).values("pk"))


def _register_issue21():
    from .models import Slachtoffer, Zorgtraject

    register_selector(Zorgtraject, zorgtrajecten_visible_for)
    register_selector(Slachtoffer, slachtoffers_visible_for)


_register_issue21()


def may_keep_zorgtraject(user, casus):
    """Who changes a case's care track: whoever may read it (the zorgcoordinator organisation, the ketenregisseur)."""
    return zorgtrajecten_visible_for(user).filter(pk=casus.pk).exists()


def zorg_overzicht_for(user):
    """Whether the user has the overviews of care tracks: a ketenregisseur, or a member of an organisation that is
    the zorgcoordinator of some case."""
    if not _actief(user):
        return False
    if user.rol == Rol.KETENREGISSEUR:
        return True
    return user.rol in (Rol.COORDINATOR, Rol.PARTNER) and bool(user.organisatie_id) and Casus.objects.filter(
        zorgcoordinator_id=user.organisatie_id, verwijderd_op__isnull=True).exists()


def slachtoffers_met_stappen(slachtoffers):
    """The victims (a queryset already filtered by access) with their steps in the order of ``ZorgStapSoort``:
    each gets ``stappen_lijst`` and ``stap`` ({soort: ZorgStap}). Two queries."""
    from .models import ZorgStap, ZorgStapSoort

    slachtoffers = list(slachtoffers)
    volgorde = {soort: i for i, soort in enumerate(ZorgStapSoort.values)}
    per = {}
    for stap in ZorgStap.objects.filter(slachtoffer__in=[s.pk for s in slachtoffers]).select_related(
            "vastgelegd_door", "vastgelegd_organisatie"):
        per.setdefault(stap.slachtoffer_id, []).append(stap)
    for slachtoffer in slachtoffers:
        stappen = sorted(per.get(slachtoffer.pk, []), key=lambda s: volgorde[s.soort])
        slachtoffer.stappen_lijst = stappen
        slachtoffer.stap = {s.soort: s for s in stappen}
    return slachtoffers


def niet_bij_comensha(user):
    """The victims of open cases the user may read whose registration with CoMensha is not arranged (nor marked not
    needed): the to-do list of the zorgcoordinator and the ketenregisseur. Oldest first."""
    from .models import CasusStatus, ZorgStap, ZorgStapSoort, ZorgStapStatus

    geregeld = ZorgStap.objects.filter(soort=ZorgStapSoort.COMENSHA, status__in=(
        ZorgStapStatus.GEREGELD, ZorgStapStatus.NIET_NODIG)).values("slachtoffer_id")
    return (
        slachtoffers_visible_for(user).exclude(casus__status=CasusStatus.AFGESLOTEN).exclude(pk__in=geregeld)
        .select_related("casus", "casus__zorgcoordinator").order_by("aangemaakt", "pk")
    )


def zorgtrajecten_lijst(user):
    """The care tracks the user may read that have a zorgcoordinator or victims, newest case first, each with
    ``aantal_slachtoffers``."""
    return (
        zorgtrajecten_visible_for(user)
        .annotate(aantal_slachtoffers=Count("slachtoffers"))
        .filter(Q(zorgcoordinator__isnull=False) | Q(aantal_slachtoffers__gt=0))
        .select_related("zorgcoordinator", "district", "regio")
        .order_by("-geopend_op", "-pk")
    )
