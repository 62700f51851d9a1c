"""Read queries of tafels. Every list, count and lookup of a Tafel starts from ``tafels_visible_for``."""
from django.db.models import Count, Exists, OuterRef, Q

from mensenhandel.access.grants import granted_q
from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol

from .models import Gemeente, Tafel, TafelLid, TafelLidSoort


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


def alleen_uitgenodigd_tafels(organisatie_id):
    """The ids (a subquery) of the tables at which the organisation is a standing member for the general items only
    (issue 21): in their meetings it sees a case item only when invited for it. Few rows: the organisation's seats."""
    return TafelLid.objects.filter(organisatie_id=organisatie_id, soort=TafelLidSoort.ALLEEN_UITGENODIGD).values(
        "tafel_id")


def alleen_uitgenodigd_q(tafel_ref, organisatie_ref):
    """Exists: the organisation (``organisatie_ref``, an OuterRef) is a standing member of the table (``tafel_ref``)
    for the general items only."""
    return Exists(TafelLid.objects.filter(tafel_id=tafel_ref, organisatie_id=organisatie_ref,
                                          soort=TafelLidSoort.ALLEEN_UITGENODIGD))


def alleen_uitgenodigd_leden(tafel_id):
    """The ids of the organisations that are standing members of the table for the general items only."""
    return TafelLid.objects.filter(tafel_id=tafel_id, soort=TafelLidSoort.ALLEEN_UITGENODIGD).values_list(
        "organisatie_id", flat=True)


# --- which gemeenten of a werkgebied have a coordinator (issue 21) ------------------------------------------------

MET, ZONDER = "met", "zonder"


def mag_coordinatoren_zien(user):
    """The overview of coordinators per gemeente: the ketenregisseur (its own werkgebied) and the beheerder (any)."""
    return (getattr(user, "is_authenticated", False) and user.is_active
            and (user.rol == Rol.BEHEERDER or (user.rol == Rol.KETENREGISSEUR and user.werkgebied is not None)))


def coordinatoren_per_gemeente(werkgebied, toon=""):
    """The gemeenten of the werkgebied (a District or Regio) by name, each with ``aantal_coordinatoren``: its active
    coordinator accounts (coordinator role, of an organisation that acts for that gemeente). ``toon``: ``MET`` only
    those with one, ``ZONDER`` only those without. The cost follows the werkgebied: one indexed count per gemeente."""
    from django.contrib.auth import get_user_model
    from django.db.models import IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    telling = (get_user_model().objects.filter(organisatie__gemeente_id=OuterRef("pk"), rol=Rol.COORDINATOR,
                                               is_active=True)
               .order_by().values("organisatie__gemeente_id").annotate(n=Count("pk")).values("n"))
    gemeenten = gemeenten_in_werkgebied(werkgebied).annotate(
        aantal_coordinatoren=Coalesce(Subquery(telling, output_field=IntegerField()), Value(0)))
    if toon == MET:
        gemeenten = gemeenten.filter(aantal_coordinatoren__gt=0)
    elif toon == ZONDER:
        gemeenten = gemeenten.filter(aantal_coordinatoren=0)
    return gemeenten.order_by("naam", "cbs_code")


def coordinatoren_telling(werkgebied):
    """{"totaal": gemeenten in the werkgebied, "met": those with an active coordinator, "zonder": the rest}."""
    from django.contrib.auth import get_user_model

    gemeenten = gemeenten_in_werkgebied(werkgebied)
    totaal = gemeenten.count()
    met = (get_user_model().objects.filter(organisatie__gemeente_id__in=gemeenten.values("pk"), rol=Rol.COORDINATOR,
                                           is_active=True)
           .values("organisatie__gemeente_id").distinct().count())
    return {"totaal": totaal, "met": met, "zonder": totaal - met}


def coordinatoren_van(gemeente_ids):
    """{gemeente id: [its active coordinator accounts, by name]} for the gemeenten of one page."""
    from django.contrib.auth import get_user_model

    per = {}
    rijen = (get_user_model().objects.filter(organisatie__gemeente_id__in=list(gemeente_ids), rol=Rol.COORDINATOR,
                                             is_active=True)
             .select_related("organisatie").order_by("naam", "pk"))
    for user in rijen:
        per.setdefault(user.organisatie.gemeente_id, []).append(user)
    return per


def districten_van(gemeente_ids):
    """{gemeente id: [district names]} for the gemeenten of one page (a region's overview says which district)."""
    from .models import District

    per = {}
    for gemeente_id, naam in District.gemeenten.through.objects.filter(gemeente_id__in=list(gemeente_ids)).values_list(
            "gemeente_id", "district__naam").order_by("district__naam"):
        per.setdefault(gemeente_id, []).append(naam)
    return per


def werkgebied_keuzes():
    """For the beheerder: every district and region, as (value, label) with value ``d<pk>`` or ``r<pk>``."""
    from .models import District, Regio

    return ([(f"d{d.pk}", d.naam) for d in District.objects.order_by("naam")],
            [(f"r{r.pk}", r.naam) for r in Regio.objects.order_by("naam")])


def werkgebied_uit(waarde):
    """The District or Regio a ``werkgebied_keuzes`` value names, or None."""
    from .models import District, Regio

    waarde = (waarde or "").strip()
    if len(waarde) < 2 or waarde[0] not in "dr" or not waarde[1:].isdigit():
        return None
    model = District if waarde[0] == "d" else Regio
    return model.objects.filter(pk=int(waarde[1:])).first()
