"""Explicit per-object grants to organisations, held by django-guardian.

Grants go to the organisation's group and are stored in the model's direct foreign-key
permission model (e.g. ``TafelGroupObjectPermission``). They are read inside selectors with
``granted_q``, so a grant widens exactly the queryset every list, count and lookup starts from.
"""
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model


def _codename(model, action):
    return f"{action}_{model._meta.model_name}"


def grant(organisatie, obj, action="view"):
    """Give ``organisatie`` the ``action`` permission on ``obj`` (e.g. share a signal)."""
    return assign_perm(_codename(type(obj), action), organisatie.group, obj)


def revoke(organisatie, obj, action="view"):
    """Take the grant back; access ends at once, because selectors read grants on every query."""
    remove_perm(_codename(type(obj), action), organisatie.group, obj)


def granted_q(user, model, action="view"):
    """A ``Q`` on ``model`` matching the objects granted to the user's organisation."""
    if not user.is_authenticated or not user.organisatie_id:
        return Q(pk__in=[])
    return Q(Exists(_grants(user, model, action).filter(content_object=OuterRef("pk"))))


def granted_ids(user, model, action="view"):
    """The ids of the ``model`` objects granted to the user's organisation, as a subquery.

    Use it as ``Q(pk__in_ids=granted_ids(...))`` where the grants are OR'ed with other conditions: the ids are
    fetched once and looked up by primary key, instead of a correlated check on every row of the table."""
    if not user.is_authenticated or not user.organisatie_id:
        return get_group_obj_perms_model(model).objects.none().values("content_object_id")
    return _grants(user, model, action).values("content_object_id")


def _grants(user, model, action):
    perm_model = get_group_obj_perms_model(model)
    permission = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model), codename=_codename(model, action)
    )
    return perm_model.objects.filter(group__organisatie__pk=user.organisatie_id, permission__in=permission)
