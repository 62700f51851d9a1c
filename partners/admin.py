"""Functional administration of organisations and users.

The beheerder never sets or sees a password: a new user gets an invitation link (``services.invite``)
to set their own password and enrol the second factor. Users are never deleted (their history stays):
they are deactivated. Re-invitation, deactivation, reactivation and lifting a lock-out are actions,
all through ``partners.services`` and so all in the audit log.
"""
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mensenhandel import audit
from mensenhandel.audit.models import Actie
from mensenhandel.core.admin_access import BeheerderOnlyAdmin, secure_admin_site

from . import services
from .models import ROLLEN_MET_WERKGEBIED, AccountLink, AccountLinkSoort, Organisatie, User

# partners comes after auth, django-otp and axes in INSTALLED_APPS, so their admins are registered by now.
secure_admin_site()


@admin.register(Organisatie)
class OrganisatieAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    beheer_delete = True  # only an organisation without members, tables or history; the admin says what protects it

    list_display = ("naam", "soort", "regio", "district", "gemeente", "email", "telefoon", "aantal_leden")
    list_filter = ("soort", "regio", "district")
    search_fields = ("naam", "email")
    list_select_related = ("regio", "district", "gemeente")
    fields = ("naam", "soort", "regio", "district", "gemeente", "email", "telefoon")
    autocomplete_fields = ("gemeente",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_leden=Count("leden"))

    @admin.display(description=_("members"), ordering="_aantal_leden")
    def aantal_leden(self, obj):
        url = reverse("admin:partners_user_changelist") + f"?organisatie__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj._aantal_leden)

    def delete_queryset(self, request, queryset):
        # One by one, so each organisation's own group goes with it (Organisatie.delete).
        for organisatie in queryset:
            organisatie.delete()


class UserAdminForm(forms.ModelForm):
    """Who someone is and what they do; never a password (the invitation link lets them set their own)."""

    class Meta:
        model = User
        fields = ("email", "naam", "organisatie", "rol", "werkgebied_district", "werkgebied_regio")

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data.get("email"))

    def clean(self):
        cleaned = super().clean()
        rol = cleaned.get("rol")
        district, regio = cleaned.get("werkgebied_district"), cleaned.get("werkgebied_regio")
        if not rol:
            return cleaned
        if rol in ROLLEN_MET_WERKGEBIED:
            if district is None and regio is None:
                self.add_error(
                    "werkgebied_district",
                    _("A chain director or portfolio holder needs a work area: choose a district or a region."),
                )
            elif district is not None and regio is not None:
                self.add_error("werkgebied_regio", _("Choose a district or a region as work area, not both."))
        else:
            for field in ("werkgebied_district", "werkgebied_regio"):
                if cleaned.get(field) is not None:
                    self.add_error(field, _("Only a chain director or portfolio holder has a work area."))
        return cleaned


class AccountLinkInline(BeheerderOnlyAdmin, admin.TabularInline):
    """The invitation and reset links sent to the user: when, valid until, used or withdrawn. Never the token."""

    model = AccountLink
    fk_name = "user"
    beheer_add = False
    beheer_change = False
    fields = ("soort", "aangemaakt", "verloopt", "gebruikt", "ingetrokken", "aangemaakt_door")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("invitation and password reset links")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("aangemaakt_door")


@admin.register(User)
class UserAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    form = UserAdminForm
    list_display = (
        "naam", "email", "organisatie", "rol", "werkgebied_display", "is_active", "tweede_factor", "uitnodiging_open",
    )
    # An organisation's members: the "members" link in the organisation list filters on organisatie__id__exact.
    list_filter = ("rol", "is_active", "werkgebied_district", "werkgebied_regio")
    search_fields = ("naam", "email", "organisatie__naam")
    list_select_related = ("organisatie", "werkgebied_district", "werkgebied_regio")
    autocomplete_fields = ("organisatie",)
    actions = ("opnieuw_uitnodigen", "deactiveren", "weer_activeren", "inlogblokkade_opheffen")
    readonly_fields = ("is_active", "tweede_factor", "uitnodiging_open", "date_joined", "last_login")

    def get_fieldsets(self, request, obj=None):
        who = (None, {"fields": ("email", "naam", "organisatie", "rol", "werkgebied_district", "werkgebied_regio")})
        if obj is None:
            who[1]["description"] = _(
                "After saving, the user gets an e-mail with a single-use link (valid for %(hours)s hours) "
                "to set their own password and set up the second factor."
            ) % {"hours": settings.ACCOUNT_LINK_VALID_HOURS}
            return (who,)
        return (
            who,
            (_("Account"), {"fields": ("is_active", "tweede_factor", "uitnodiging_open", "date_joined", "last_login")}),
        )

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_inlines(self, request, obj):
        return (AccountLinkInline,) if obj is not None else ()

    def get_queryset(self, request):
        invitations = AccountLink.objects.filter(soort=AccountLinkSoort.UITNODIGING)
        return super().get_queryset(request).prefetch_related(
            Prefetch("account_links", queryset=invitations, to_attr="_uitnodigingen")
        )

    # --- columns -------------------------------------------------------------------------------------

    @admin.display(description=_("work area"))
    def werkgebied_display(self, obj):
        return obj.werkgebied or "—"

    @admin.display(description=_("second factor set up"), boolean=True)
    def tweede_factor(self, obj):
        return services.has_second_factor(obj)

    @admin.display(description=_("invitation pending"), boolean=True)
    def uitnodiging_open(self, obj):
        links = getattr(obj, "_uitnodigingen", None)
        if links is None:
            links = obj.account_links.filter(soort=AccountLinkSoort.UITNODIGING)
        return any(link.bruikbaar for link in links)

    # --- reading personal data is audited ------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            audit.log(request.user, Actie.LIST, User, filters=request.GET, omschrijving="beheer")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                audit.log(request.user, Actie.VIEW, obj, omschrijving="beheer")
        return super().change_view(request, object_id, form_url, extra_context)

    # --- creating a user sends the invitation --------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            # Nobody knows a password for the new account; the invitation lets the user set one.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            services.invite(obj, door=request.user, request=request)
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": obj.email})

    # --- actions -------------------------------------------------------------------------------------

    def _others(self, request, queryset):
        """The selected users except the beheerder themself (who would lock themself out)."""
        if queryset.filter(pk=request.user.pk).exists():
            messages.warning(request, _("You cannot do this to your own account; it was skipped."))
        return list(queryset.exclude(pk=request.user.pk))

    @admin.action(description=_("Invite again and set up the second factor again"))
    def opnieuw_uitnodigen(self, request, queryset):
        users = self._others(request, queryset)
        active = [u for u in users if u.is_active]
        for user in active:
            services.invite(user, door=request.user, request=request)
        if active:
            messages.success(request, ngettext(
                "%(count)d user invited again; their old password and second factor no longer work.",
                "%(count)d users invited again; their old passwords and second factors no longer work.",
                len(active),
            ) % {"count": len(active)})
        if skipped := len(users) - len(active):
            messages.warning(request, ngettext(
                "%(count)d deactivated user was skipped: activate them first.",
                "%(count)d deactivated users were skipped: activate them first.",
                skipped,
            ) % {"count": skipped})

    @admin.action(description=_("Deactivate"))
    def deactiveren(self, request, queryset):
        users = [u for u in self._others(request, queryset) if u.is_active]
        for user in users:
            services.deactivate(user, door=request.user)
        if users:
            messages.success(request, ngettext(
                "%(count)d user deactivated; their sessions have ended.",
                "%(count)d users deactivated; their sessions have ended.",
                len(users),
            ) % {"count": len(users)})

    @admin.action(description=_("Activate again"))
    def weer_activeren(self, request, queryset):
        users = [u for u in queryset if not u.is_active]
        for user in users:
            services.reactivate(user, door=request.user)
        if users:
            messages.success(request, ngettext(
                "%(count)d user activated again.", "%(count)d users activated again.", len(users)
            ) % {"count": len(users)})

    @admin.action(description=_("Lift log-in lock-out"))
    def inlogblokkade_opheffen(self, request, queryset):
        users = list(queryset)
        for user in users:
            services.unlock(user, door=request.user)
        if users:
            messages.success(request, ngettext(
                "Log-in lock-out lifted for %(count)d user.", "Log-in lock-out lifted for %(count)d users.", len(users)
            ) % {"count": len(users)})
