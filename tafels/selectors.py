"""Read queries of tafels. Every list, count and lookup of a Tafel starts from ``tafels_visible_for``."""
from django.db.models import Count, Exists, OuterRef, Q

from mensenhandel.access.grants import granted_q
from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol

from .models import Gemeente, Tafel, TafelLid


def gemeenten_in_werkgebied(werkgebied):
    """The municipalities of a District or Regio (empty for None)."""
    from .models import District, Regio

    if isinstance(werkgebied, District):
        return werkgebied.gemeenten.all()
    if isinstance(werkgebied, Regio):
        return Gemeente.objects.filter(regio=werkgebied)
    return Gemeente.objects.none()


def _werkgebied_q(user):
    """Tables that belong to the user's work area: its own district or region, the districts of
    that region, or the region of that district."""
    if user.werkgebied_district_id:
        district = user.werkgebied_district
        return Q(district_id=district.pk) | Q(regio_id=district.regio_id)
    if user.werkgebied_regio_id:
        return Q(regio_id=user.werkgebied_regio_id) | Q(district__regio_id=user.werkgebied_regio_id)
    return Q(pk__in=[])


def _member_q(user):
    return Q(Exists(TafelLid.objects.filter(tafel=OuterRef("pk"), organisatie_id=user.organisatie_id)))


def tafels_visible_for(user):
    """The tables a user may see: role first, then work area, organisation and explicit grants."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Tafel.objects.none()
    if user.rol == Rol.BEHEERDER:
        q = Q()
    elif user.rol in (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER):
        q = _werkgebied_q(user) | Q(voorzitter=user) | _member_q(user) | granted_q(user, Tafel)
    elif user.rol in (Rol.COORDINATOR, Rol.PARTNER):
        q = _member_q(user) | granted_q(user, Tafel)
    else:
        return Tafel.objects.none()
    return Tafel.objects.filter(q)


register_selector(Tafel, tafels_visible_for)


def tafel_list_for(user):
    return (
        tafels_visible_for(user)
        .select_related("regio", "district", "voorzitter")
        .annotate(aantal_leden=Count("leden", distinct=True))
        .order_by("naam")
    )


def tafel_detail_for(user):
    return tafels_visible_for(user).select_related("regio", "district__regio", "voorzitter__organisatie")


def leden_van(tafel):
    return tafel.leden.select_related("organisatie", "deelnemer").order_by("organisatie__naam")
