"""Read queries of the audit log. Every list, count, filter choice and export of it starts from
``auditentries_visible_for``."""
import statistics
from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone
from django.utils.text import capfirst

from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol
from mensenhandel.core.tijd import begin_van_dag

from .models import AuditActie, AuditEntry

# The roles that may read the audit log at all; every other role gets 404 on its pages.
ROLLEN_MET_AUDITLOG = (Rol.BEHEERDER, Rol.KETENREGISSEUR)


def may_read_audit_log(user):
    return getattr(user, "is_authenticated", False) and user.is_active and user.rol in ROLLEN_MET_AUDITLOG


def _werkgebied_q(user):
    """Rows that belong to the ketenregisseur's work area, and the rows of what they did themselves. The area's
    municipalities come by the relations of the user's district (no import of the area app: the platform sits below
    the apps)."""
    if user.werkgebied_district_id:
        gemeenten = user.werkgebied_district.gemeenten.values("pk")
        q = Q(district_id=user.werkgebied_district_id) | Q(gemeente_id__in=gemeenten)
    elif user.werkgebied_regio_id:
        q = Q(regio_id=user.werkgebied_regio_id)
    else:  # a ketenregisseur without a work area (the database does not allow it) sees nothing
        return None
    return q | Q(actor_id=user.pk)


def auditentries_visible_for(user):
    """The audit rows a user may read: role first (beheerder all, ketenregisseur their work area), others none."""
    if not may_read_audit_log(user):
        return AuditEntry.objects.none()
    if user.rol == Rol.BEHEERDER:
        return AuditEntry.objects.all()
    q = _werkgebied_q(user)
    if q is None:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(q)


register_selector(AuditEntry, auditentries_visible_for)


def auditentry_list_for(user):
    """The visible rows with what the list and the export show, in a constant number of queries."""
    return auditentries_visible_for(user).select_related("actor", "organisatie").order_by("-tijdstip", "-pk")


def object_type_label(object_type):
    """'partners.user' -> 'Gebruiker' (the model's translated name); the raw value for anything else."""
    if not object_type:
        return ""
    try:
        return str(capfirst(apps.get_model(object_type)._meta.verbose_name))
    except (LookupError, ValueError):
        return object_type


def object_types():
    """Every kind of object the log can name (the project's own models and the user model), as (value, label)
    choices sorted by label."""
    from django.conf import settings

    eigen = {"partners", "tafels", "signalen", "casusoverleg", "rapportage", "audit"}
    labels = {model._meta.label_lower for model in apps.get_models() if model._meta.app_label in eigen}
    labels.add(settings.AUTH_USER_MODEL.lower())
    return sorted(((value, object_type_label(value)) for value in labels), key=lambda choice: str(choice[1]).lower())


def organisaties_in_area(user):
    """The organisations the audit filter offers: all for the beheerder; for a ketenregisseur those acting for
    (a part of) their work area."""
    Organisatie = apps.get_model("partners", "Organisatie")
    if not may_read_audit_log(user):
        return Organisatie.objects.none()
    if user.rol == Rol.BEHEERDER:
        return Organisatie.objects.all()
    # By the relations of the organisation itself (no import of the area app: the platform sits below the apps).
    if user.werkgebied_district_id:
        q = Q(district_id=user.werkgebied_district_id) | Q(gemeente__districten=user.werkgebied_district_id)
    elif user.werkgebied_regio_id:
        regio = user.werkgebied_regio_id
        q = Q(regio_id=regio) | Q(district__regio_id=regio) | Q(gemeente__regio_id=regio)
    else:
        return Organisatie.objects.filter(pk=user.organisatie_id)
    return Organisatie.objects.filter(q | Q(pk=user.organisatie_id)).distinct()


def actors_in_area(user):
    """The users the audit filter offers: all for the beheerder; for a ketenregisseur the members of the
    organisations of their work area, the ketenregisseurs and portefeuillehouders of that area, and themself."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not may_read_audit_log(user):
        return User.objects.none()
    if user.rol == Rol.BEHEERDER:
        return User.objects.all()
    orgs = organisaties_in_area(user).exclude(pk=user.organisatie_id).values("pk")
    q = Q(organisatie_id__in=orgs) | Q(pk=user.pk)
    if user.werkgebied_district_id:
        q |= Q(werkgebied_district_id=user.werkgebied_district_id)
    elif user.werkgebied_regio_id:
        q |= Q(werkgebied_regio_id=user.werkgebied_regio_id)
    return User.objects.filter(q)


# --- the processing overview of one record (issue 17: verwerkingsoverzicht) ---------------------------------------

# How many of a record's audit rows its page shows; the rest are in the audit log, filtered on the record.
VERWERKINGEN_MAX = 25


def verwerkingen(obj, ook=(), limiet=VERWERKINGEN_MAX):
    """Who read, changed, shared, exported or downloaded ``obj`` (and the records in ``ook`` that belong to it, such
    as a signal's attachments) and when, newest first: the audit rows about them (detail views, downloads, exports
    and changes write one each; lists write none per row). Returns (the newest ``limiet`` rows, each with
    ``object_label``, and how many there are). By the index on (object type, object id, time): the cost follows the
    record's own history, not the size of the log."""
    per_type = {}
    for record in (obj, *ook):
        per_type.setdefault(record._meta.label_lower, []).append(str(record.pk))
    q = Q()
    for object_type, ids in per_type.items():
        q |= Q(object_type=object_type, object_id__in=ids)
    rows = AuditEntry.objects.filter(q)
    eerste = list(rows.select_related("actor", "organisatie").order_by("-tijdstip", "-pk")[:limiet])
    for rij in eerste:
        rij.object_label = object_type_label(rij.object_type)
    aantal = len(eerste) if len(eerste) < limiet else rows.count()
    return eerste, aantal


# --- unusual reading (issue 17) -------------------------------------------------------------------------------------
#
# A user's day is unusual when they opened at least ONGEBRUIKELIJK_MIN records (distinct objects of their detail
# views) and more than ONGEBRUIKELIJK_FACTOR times the median of their own previous ONGEBRUIKELIJK_PATROON days
# (days without a read count as 0). Apps add their own kinds of unusual reading with ``register_ongebruikelijk``
# (signalen: records read through a share, outside the reader's own area).

ONGEBRUIKELIJK_FACTOR = 3
ONGEBRUIKELIJK_MIN = 20
ONGEBRUIKELIJK_PATROON = 30
ONGEBRUIKELIJK_DAGEN = 14
VEEL, GEDEELD = "veel", "gedeeld"

_ongebruikelijk_hooks = []


def register_ongebruikelijk(hook):
    """``hook(van, tot)`` -> iterable of (actor id, day, number of records): another reason to list a user's day."""
    if hook not in _ongebruikelijk_hooks:
        _ongebruikelijk_hooks.append(hook)


def ongebruikelijk_lezen(vandaag=None):
    """The unusual reading of the last ONGEBRUIKELIJK_DAGEN days, newest day first: a list of dicts with dag, actor,
    aantal, mediaan (None for an app's own reason) and reden. One pass over the read rows of those days and the
    30 before them, by the index on time."""
    vandaag = vandaag or timezone.localdate()
    eerste = vandaag - timedelta(days=ONGEBRUIKELIJK_DAGEN - 1)
    van = begin_van_dag(eerste - timedelta(days=ONGEBRUIKELIJK_PATROON))
    tot = begin_van_dag(vandaag + timedelta(days=1))
    per_actor = defaultdict(dict)
    rijen = (
        AuditEntry.objects.filter(tijdstip__gte=van, tijdstip__lt=tot, actie=AuditActie.VIEW, actor__isnull=False)
        .exclude(object_id="")
        .annotate(dag=TruncDate("tijdstip", tzinfo=timezone.get_current_timezone()))
        .values("actor_id", "dag")
        .annotate(n=Count(Concat("object_type", Value(":"), "object_id"), distinct=True))
        .order_by()
    )
    for rij in rijen:
        per_actor[rij["actor_id"]][rij["dag"]] = rij["n"]
    bevindingen = []
    for actor_id, per_dag in per_actor.items():
        for i in range(ONGEBRUIKELIJK_DAGEN):
            dag = eerste + timedelta(days=i)
            aantal = per_dag.get(dag, 0)
            if aantal < ONGEBRUIKELIJK_MIN:
                continue
            mediaan = statistics.median(per_dag.get(dag - timedelta(days=k), 0)
                                        for k in range(1, ONGEBRUIKELIJK_PATROON + 1))
            if aantal > ONGEBRUIKELIJK_FACTOR * mediaan:
                bevindingen.append({"dag": dag, "actor_id": actor_id, "aantal": aantal, "mediaan": mediaan,
                                    "reden": VEEL})
    for hook in _ongebruikelijk_hooks:
        for actor_id, dag, aantal in hook(begin_van_dag(eerste), tot):
            bevindingen.append({"dag": dag, "actor_id": actor_id, "aantal": aantal, "mediaan": None,
                                "reden": GEDEELD})
    users = get_user_model().objects.select_related("organisatie").in_bulk({b["actor_id"] for b in bevindingen})
    for bevinding in bevindingen:
        bevinding["actor"] = users.get(bevinding["actor_id"])
    bevindingen.sort(key=lambda b: (b["dag"], b["aantal"]), reverse=True)
    return bevindingen


def rijen_voor(grens):
    """The audit rows older than ``grens``: what the retention run deletes (by the time index)."""
    return AuditEntry.objects.filter(tijdstip__lt=grens)
