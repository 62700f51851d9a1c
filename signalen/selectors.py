"""Who sees which signal. Every list, count, filter, export and lookup of a Signaal starts here."""
from django.db.models import Case, IntegerField, Q, Value, When

from mensenhandel.access.grants import granted_ids
from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol
from tafels.selectors import gemeenten_in_werkgebied

from .models import Bijlage, Grondslag, Signaal, SignaalDeling, Status, Urgentie


def signalen_visible_for(user):
    """Role first: only ketenregisseurs, coordinators and partners see signals at all (a
    portefeuillehouder or beheerder never does). Then: the submitting organisation sees its signals
    (a draft only its author), the ketenregisseur those of the gemeenten in their werkgebied, and an
    organisation the signal is shared with sees it until the share is withdrawn. Nobody sees a signal retention
    removed (``verwijderd_op``): it is only counted any more."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Signaal.objects.none()
    submitted = ~Q(status=Status.CONCEPT)
    # Every branch is an index lookup; the grants are fetched once by id (an OR'ed correlated check on every
    # signal would scan the whole country's signals).
    gedeeld = Q(pk__in_ids=granted_ids(user, Signaal))
    if user.rol == Rol.KETENREGISSEUR:
        q = submitted & (Q(gemeente_id__in_ids=gemeenten_in_werkgebied(user.werkgebied).values("pk")) | gedeeld)
    elif user.rol in (Rol.COORDINATOR, Rol.PARTNER):
        q = (submitted & (Q(organisatie_id=user.organisatie_id) | gedeeld)) | Q(
            status=Status.CONCEPT, ingediend_door=user)
    else:
        return Signaal.objects.none()
    return Signaal.objects.filter(q, verwijderd_op__isnull=True)


register_selector(Signaal, signalen_visible_for)


def bijlagen_visible_for(user):
    return Bijlage.objects.filter(signaal__in=signalen_visible_for(user))


register_selector(Bijlage, bijlagen_visible_for)


def delingen_visible_for(user):
    return SignaalDeling.objects.filter(signaal__in=signalen_visible_for(user))


register_selector(SignaalDeling, delingen_visible_for)


def may_triage(user, signaal):
    """Only an active ketenregisseur whose werkgebied holds the signal's gemeente decides on it."""
    return (
        getattr(user, "is_active", False)
        and user.rol == Rol.KETENREGISSEUR
        and signaal.gemeente_id is not None
        and gemeenten_in_werkgebied(user.werkgebied).filter(pk=signaal.gemeente_id).exists()
    )


def ketenregisseurs_van(signaal):
    """The users who decide on ``signaal`` (``may_triage``): the active ketenregisseurs whose werkgebied — a district
    or a region — holds its gemeente. They hear of an answer to a question (``notifications``)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if signaal.gemeente_id is None:
        return User.objects.none()
    gemeente = signaal.gemeente
    return User.objects.filter(
        Q(werkgebied_district__gemeenten=gemeente.pk) | Q(werkgebied_regio_id=gemeente.regio_id),
        is_active=True, rol=Rol.KETENREGISSEUR,
    ).distinct()


def may_submit(user):
    return getattr(user, "is_authenticated", False) and user.rol in (Rol.COORDINATOR, Rol.PARTNER)


def gemeenten_for_submitter(user):
    """The gemeenten a submitter may choose: a coordinator those of the district(s) of their own gemeente,
    a partner those of the area their organisation acts for."""
    from tafels.models import Gemeente

    org = user.organisatie
    if org.gemeente_id:
        districten = org.gemeente.districten.all()
        if districten.exists():
            return Gemeente.objects.filter(districten__in=districten).distinct()
        return Gemeente.objects.filter(pk=org.gemeente_id)
    if org.district_id:
        return org.district.gemeenten.all()
    if org.regio_id:
        return Gemeente.objects.filter(regio_id=org.regio_id)
    return Gemeente.objects.all()


def default_gemeente(user):
    return user.organisatie.gemeente


def grondslagen_geldig(datum):
    return Grondslag.objects.geldig_op(datum)


def gelezen_via_deling(van, tot):
    """For the beheerder's list of unusual reading (issue 17): per user and day, how many signals they opened that
    their organisation sees only through a share (outside its own area). (actor id, day, number)."""
    from django.db.models import BigIntegerField, Count, Exists, OuterRef
    from django.db.models.functions import Cast, TruncDate
    from django.utils import timezone

    from mensenhandel.audit.models import AuditActie, AuditEntry

    from .models import SignaalDeling

    via_deling = SignaalDeling.objects.filter(signaal_id=Cast(OuterRef("object_id"), BigIntegerField()),
                                              organisatie_id=OuterRef("organisatie_id"))
    return (
        AuditEntry.objects.filter(tijdstip__gte=van, tijdstip__lt=tot, actie=AuditActie.VIEW,
                                  object_type="signalen.signaal", actor__isnull=False)
        .filter(Exists(via_deling))
        .annotate(dag=TruncDate("tijdstip", tzinfo=timezone.get_current_timezone()))
        .values_list("actor_id", "dag").annotate(n=Count("object_id", distinct=True)).order_by()
    )


def urgentie_rang():
    """0 for the most urgent signals, then 1 and 2: urgency 'very high' — and a signal with priority (a minor may be
    involved, ``Signaal.prioriteit``), which counts as very high whatever urgency the submitter chose —, then 'high',
    then 'normal'."""
    return Case(
        When(Q(prioriteit=True) | Q(urgentie=Urgentie.ZEER_HOOG), then=Value(0)),
        When(urgentie=Urgentie.HOOG, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
