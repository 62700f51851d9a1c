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
    perm_model = get_group_obj_perms_model(model)
    permission = Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model), codename=_codename(model, action)
    )
    return Q(
        Exists(
            perm_model.objects.filter(
                content_object=OuterRef("pk"),
                group__organisatie__pk=user.organisatie_id,
                permission__in=permission,
            )
        )
    )
