"""Who sees which case, meeting, agenda item, agenda PDF and action. Every list, count, filter, export,
PDF, e-mail and lookup of these objects starts here.

Role first, then organisation and werkgebied (DESIGN.md §3):

- Casus: the ketenregisseurs of its werkgebied; the standing participants (organisations) of a meeting that has it
  on the agenda; an organisation invited for its agenda item, for the person who accepted that meeting's
  confidentiality declaration; explicit grants. A portefeuillehouder or beheerder never sees a case as such: a chair
  sees the case items of the agendas of the meetings they chair, nothing else.
- Overleg: the ketenregisseurs whose werkgebied holds its table; the chair; its standing participants; the
  organisations invited for one of its items; the portefeuillehouders of the werkgebied (dates and general items).
- Agendapunt: general items for everyone who sees the meeting; a case item for whoever sees that case *through this
  meeting* (ketenregisseur of the case's werkgebied, the chair, a standing participant, the invitee after the
  declaration).
"""
from django.db.models import Exists, OuterRef, Q

from mensenhandel.access.grants import granted_q
from mensenhandel.access.registry import register_selector
from partners.models import Rol

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


def _uitgenodigd_en_verklaard_q(user):
    """Case items the user's organisation is invited for, once the user accepted the meeting's declaration."""
    return Exists(Uitnodiging.objects.filter(agendapunt=OuterRef("pk"), organisatie_id=user.organisatie_id)) & Exists(
        Geheimhoudingsverklaring.objects.filter(overleg=OuterRef("overleg"), gebruiker=user)
    )


def casussen_visible_for(user):
    if not _actief(user):
        return Casus.objects.none()
    if user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        return Casus.objects.none()
    via_agenda = Agendapunt.objects.filter(_lopend(), casus=OuterRef("pk")).filter(
        _deelnemer_q(user) | _uitgenodigd_en_verklaard_q(user)
    )
    q = Q(Exists(via_agenda)) | granted_q(user, Casus)
    if user.rol == Rol.KETENREGISSEUR:
        q |= casus_werkgebied_q(user)
    return Casus.objects.filter(q)


register_selector(Casus, casussen_visible_for)


def overleggen_visible_for(user):
    if not _actief(user):
        return Overleg.objects.none()
    deelnemer = Exists(OverlegDeelnemer.objects.filter(overleg=OuterRef("pk"), organisatie_id=user.organisatie_id))
    uitgenodigd = Exists(Uitnodiging.objects.filter(agendapunt__overleg=OuterRef("pk"), organisatie_id=user.organisatie_id))
    if user.rol == Rol.KETENREGISSEUR:
        q = tafel_werkgebied_q(user, "tafel__") | Q(voorzitter=user) | deelnemer | uitgenodigd
    elif user.rol == Rol.PORTEFEUILLEHOUDER:
        q = tafel_werkgebied_q(user, "tafel__") | Q(voorzitter=user)
    elif user.rol in (Rol.COORDINATOR, Rol.PARTNER):
        q = deelnemer | uitgenodigd
    else:
        return Overleg.objects.none()
    return Overleg.objects.filter(q)


register_selector(Overleg, overleggen_visible_for)


def agendapunten_visible_for(user):
    """The agenda items a user may read (case items only where the user may see the case through that meeting)."""
    if not _actief(user):
        return Agendapunt.objects.none()
    algemeen = ~Q(soort=AgendapuntSoort.CASUS)
    if user.rol == Rol.PORTEFEUILLEHOUDER:
        q = algemeen | Q(overleg__voorzitter=user)
    elif user.rol == Rol.KETENREGISSEUR:
        q = algemeen | Q(overleg__voorzitter=user) | casus_werkgebied_q(user, "casus__") | _deelnemer_q(user) | (
            _uitgenodigd_en_verklaard_q(user))
    elif user.rol in (Rol.COORDINATOR, Rol.PARTNER):
        q = algemeen | _deelnemer_q(user) | _uitgenodigd_en_verklaard_q(user)
    else:
        return Agendapunt.objects.none()
    return Agendapunt.objects.filter(overleg__in=overleggen_visible_for(user)).filter(q)


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


def heeft_verklaard(user, overleg):
    return Geheimhoudingsverklaring.objects.filter(overleg=overleg, gebruiker=user).exists()


def agendadocumenten_visible_for(user):
    """Agenda PDFs: the full agenda for the managing ketenregisseur and the chair; an organisation's PDF for its
    members, only when they may read every case item in it (an invitee after the declaration)."""
    if not _actief(user):
        return AgendaDocument.objects.none()
    volledig = Q(organisatie__isnull=True) & (
        Q(overleg__voorzitter=user) | (Q(overleg__tafel__in=_beheerde_tafels(user)) if user.rol == Rol.KETENREGISSEUR
                                       else _NIEMAND)
    )
    q = volledig
    if user.rol in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        verborgen = AgendaDocument.punten.through.objects.filter(
            agendadocument=OuterRef("pk"), agendapunt__soort=AgendapuntSoort.CASUS
        ).exclude(agendapunt__in=agendapunten_visible_for(user))
        q |= Q(organisatie_id=user.organisatie_id) & ~Q(Exists(verborgen))
    return AgendaDocument.objects.filter(overleg__in=overleggen_visible_for(user)).filter(q)


register_selector(AgendaDocument, agendadocumenten_visible_for)


def acties_visible_for(user):
    """Actions: everyone who sees the case; the responsible organisation always."""
    if not _actief(user) or user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
        return Actie.objects.none()
    return Actie.objects.filter(Q(casus__in=casussen_visible_for(user)) | Q(organisatie_id=user.organisatie_id))


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
