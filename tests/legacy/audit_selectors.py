# Frozen copy of mensenhandel/audit/selectors.py before issue 14 (scale): do not edit.
# ruff: noqa
"""Read queries of the audit log. Every list, count, filter choice and export of it starts from
``auditentries_visible_for``."""
from django.apps import apps
from django.db.models import Q
from django.utils.text import capfirst

from mensenhandel.access.registry import register_selector
from partners.models import Rol

from mensenhandel.audit.models import AuditEntry

# The roles that may read the audit log at all; every other role gets 404 on its pages.
ROLLEN_MET_AUDITLOG = (Rol.BEHEERDER, Rol.KETENREGISSEUR)


def may_read_audit_log(user):
    return getattr(user, "is_authenticated", False) and user.is_active and user.rol in ROLLEN_MET_AUDITLOG


def _werkgebied_q(user):
    """Rows that belong to the ketenregisseur's work area, and the rows of what they did themselves."""
    from tafels.selectors import gemeenten_in_werkgebied

    if user.werkgebied_district_id:
        gemeenten = gemeenten_in_werkgebied(user.werkgebied_district).values("pk")
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


def object_types_in(queryset):
    """The distinct object types of the given rows as (value, label) choices, sorted by label."""
    values = queryset.order_by().exclude(object_type="").values_list("object_type", flat=True).distinct()
    return sorted(((value, object_type_label(value)) for value in values), key=lambda choice: str(choice[1]).lower())
