"""Who may use the Django admin (``/beheer/``): the active beheerder, and nobody else.

The beheerder is not a superuser and holds no Django model permissions; every ``ModelAdmin`` of the
project mixes in ``BeheerderOnlyAdmin``, which answers the admin's permission questions from the role.
``secure_admin_site()`` closes the admin's own side doors: its log-in form (our log-in with the second
factor is the only way in), its password change (ours is audited) and the admins of third-party apps.
"""
from functools import partial

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.forms import schone_formfield
from mensenhandel.core.rollen import Rol


def is_beheerder(user):
    """An active user with the role beheerder (never decided by ``is_superuser`` or model permissions)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "rol", None) == Rol.BEHEERDER
    )


class BeheerderOnlyAdmin:
    """Mix into a ``ModelAdmin`` or inline: only the beheerder views; add/change/delete as switched on here.

    Delete is off unless a model admin switches it on: reference data, users (deactivate them instead)
    and the audit log are never deleted. Additions, changes and deletions are also written to the audit log.
    """

    beheer_add = True
    beheer_change = True
    beheer_delete = False

    def has_module_permission(self, request):
        return is_beheerder(request.user)

    def has_view_permission(self, request, obj=None):
        return is_beheerder(request.user)

    def has_add_permission(self, request, obj=None):
        return self.beheer_add and is_beheerder(request.user)

    def has_change_permission(self, request, obj=None):
        return self.beheer_change and is_beheerder(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.beheer_delete and is_beheerder(request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Text fields strip control characters (``mensenhandel.core.forms.Tekstveld`` and its kin), in the add and
        # change forms, the inlines and the list-editable columns alike.
        formfield = schone_formfield(partial(super().formfield_for_dbfield, db_field, request), **kwargs)
        # No deleting an organisation or district from inside another object's form.
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget.can_delete_related = False
        return formfield

    # The audit log records what the beheerder changed, by object type and id (never the values).
    def log_addition(self, request, obj, message):
        audit.log(request.user, AuditActie.CREATE, obj, omschrijving="beheer")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit.log(request.user, AuditActie.CHANGE, obj, omschrijving=_describe_change(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.log(request.user, AuditActie.DELETE, obj, omschrijving="beheer")
        return super().log_deletions(request, queryset)


def _describe_change(message):
    """``beheer: naam, rol`` from the admin's change message (field labels only, no values)."""
    fields = []
    for part in message if isinstance(message, list) else []:
        for detail in part.values():
            if isinstance(detail, dict):
                fields.extend(str(f) for f in detail.get("fields", []))
    return ("beheer: " + ", ".join(dict.fromkeys(fields))) if fields else "beheer"


@never_cache
@login_not_required
def admin_login(request, extra_context=None):
    """The admin has no log-in form of its own: everyone logs in through ``/inloggen/`` (with the second factor)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    if is_beheerder(request.user):
        return redirect(target or reverse("admin:index"))
    if request.user.is_authenticated:
        # Logged in with another role: the admin is not for them. No `next`, or the log-in page (which sends
        # a logged-in user on) would send them straight back here.
        return redirect(resolve_url(settings.LOGIN_URL))
    return redirect_to_login(target or reverse("admin:index"), settings.LOGIN_URL)


def admin_password_change(request, extra_context=None):
    """Changing a password goes through the account page (audited, checked against the password rules)."""
    return redirect("account:wachtwoord_wijzigen")


def admin_logout(request, extra_context=None):
    """Log out the way the rest of the application does."""
    return resolve(reverse("logout")).func(request)


# Third-party admins that do not belong in the functional administration: groups are kept in sync per
# organisation; second-factor devices and lock-outs are handled through actions on the user.
HIDDEN_MODELS = (
    "auth.Group",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
)


def secure_admin_site(site=admin.site):
    """Unregister the third-party admins and route the admin's log-in, log-out and password change to ours.

    Call it from an admin module that is loaded after those apps' admin modules (``partners.admin``).
    """
    from django.apps import apps

    for label in HIDDEN_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if site.is_registered(model):
            site.unregister(model)
    site.login = admin_login
    site.logout = admin_logout
    site.password_change = admin_password_change
