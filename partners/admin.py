"""Functional administration of organisations and users.

The beheerder never sets or sees a password: a new user gets an invitation link (``services.invite``)
to set their own password and enrol the second factor. Users are never deleted (their history stays):
they are deactivated. Re-invitation, deactivation, reactivation and lifting a lock-out are actions,
all through ``partners.services`` and so all in the audit log.
"""
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.admin_access import BeheerderOnlyAdmin, secure_admin_site
from mensenhandel.core.forms import SchoneModelForm

from . import services
from .models import (
    GEVOELIGE_VELDEN,
    ROLLEN_MET_WERKGEBIED,
    AccountLink,
    AccountLinkSoort,
    OidcKoppeling,
    Organisatie,
    User,
    VerzoekSoort,
    VerzoekStatus,
    Wijzigingsverzoek,
)

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


class UserAdminForm(SchoneModelForm):
    """Who someone is and what they do; never a password (the invitation link lets them set their own)."""

    class Meta(SchoneModelForm.Meta):
        model = User
        fields = ("email", "naam", "organisatie", "rol", "werkgebied_district", "werkgebied_regio")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data.get("email"))
        aangevraagd = Wijzigingsverzoek.objects.filter(status=VerzoekStatus.OPEN, email__iexact=email)
        if self.instance.pk is not None:
            aangevraagd = aangevraagd.exclude(user=self.instance)
        if email and aangevraagd.exists():
            raise forms.ValidationError(_("A new user or change with this e-mail address already awaits approval."))
        return email

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


class AuditedReadsAdmin:
    """Reading personal data in Beheer is audited: every list (with its filters) and every opened record."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            audit.log(request.user, AuditActie.LIST, self.model, filters=request.GET, omschrijving="beheer")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                audit.log(request.user, AuditActie.VIEW, obj, omschrijving="beheer")
        return super().change_view(request, object_id, form_url, extra_context)


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
class UserAdmin(AuditedReadsAdmin, BeheerderOnlyAdmin, admin.ModelAdmin):
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
    readonly_fields = ("is_active", "tweede_factor", "uitnodiging_open", "organisatie_accounts", "date_joined", "last_login")

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
            (_("Account"), {"fields": ("is_active", "tweede_factor", "uitnodiging_open", "organisatie_accounts",
                                       "date_joined", "last_login")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.pk == request.user.pk:
            # Nobody changes who they are or what they may see; another beheerder can ask for it.
            return (*GEVOELIGE_VELDEN, *self.readonly_fields)
        return self.readonly_fields

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

    @admin.display(description=_("log-in with an organisation account"))
    def organisatie_accounts(self, obj):
        """The OpenID providers (issuers) the user logs in with, since when: never the sub."""
        links = OidcKoppeling.objects.filter(user=obj).order_by("gekoppeld_op")
        return "; ".join(
            _("%(issuer)s (since %(date)s)") % {"issuer": link.issuer, "date": date_format(
                timezone.localtime(link.gekoppeld_op), "SHORT_DATE_FORMAT")}
            for link in links
        ) or "—"

    @admin.display(description=_("invitation pending"), boolean=True)
    def uitnodiging_open(self, obj):
        links = getattr(obj, "_uitnodigingen", None)
        if links is None:
            links = obj.account_links.filter(soort=AccountLinkSoort.UITNODIGING)
        return any(link.bruikbaar for link in links)

    # --- vier-ogen: a new user, or a change of what a user may see, waits for a second beheerder -----

    def save_model(self, request, obj, form, change):
        if not change:
            # Nothing is saved yet: the user is created (and invited) when another beheerder approves.
            obj._verzoek = services.request_creation(request.user, **form.cleaned_data)
            messages.info(request, _(
                "The new user %(email)s awaits approval by a second administrator. The invitation is sent once "
                "it is approved."
            ) % {"email": obj.email})
            return
        huidig = User.objects.get(pk=obj.pk)
        gevraagd = {veld: getattr(obj, veld) for veld in GEVOELIGE_VELDEN}
        # Only the name takes effect now; the sensitive fields keep their value until the request is approved.
        for veld in GEVOELIGE_VELDEN:
            setattr(obj, veld, getattr(huidig, veld))
        super().save_model(request, obj, form, change)
        if obj.pk == request.user.pk or not services.changed_fields(huidig, gevraagd):
            return
        try:
            services.request_change(huidig, request.user, naam=obj.naam, **gevraagd)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return
        messages.info(request, _(
            "The change of %(fields)s awaits approval by a second administrator; until then nothing changes."
        ) % {"fields": ", ".join(str(User._meta.get_field(v).verbose_name) for v in
                                 services.changed_fields(huidig, gevraagd))})

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "pk", None) is not None:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if obj.pk is None:
            return None  # a request, not a user: services.request_creation logged it
        return super().log_addition(request, obj, message)

    def construct_change_message(self, request, form, formsets, add=False):
        # Only what took effect: the sensitive fields of a change are in the request, not (yet) in the user.
        message = super().construct_change_message(request, form, formsets, add)
        for part in message:
            for detail in part.values():
                if isinstance(detail, dict) and "fields" in detail:
                    gevoelig = {str(User._meta.get_field(v).verbose_name) for v in GEVOELIGE_VELDEN}
                    detail["fields"] = [f for f in detail["fields"] if str(f) not in gevoelig]
        return [part for part in message if not any(isinstance(d, dict) and d.get("fields") == [] for d in part.values())]

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return HttpResponseRedirect(reverse("admin:partners_wijzigingsverzoek_changelist"))
        return super().response_add(request, obj, post_url_continue)

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
            services.invite(user, door=request.user)
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


@admin.register(Wijzigingsverzoek)
class WijzigingsverzoekAdmin(AuditedReadsAdmin, BeheerderOnlyAdmin, admin.ModelAdmin):
    """New users and changes of who a user is or what they may see, each waiting for a second beheerder.

    Read-only: a request is decided with the actions, never edited. The requester may withdraw it; another
    beheerder, who is not the user it is about, approves or rejects it."""

    beheer_add = False
    beheer_change = False
    list_display = ("betreft", "soort", "gevraagde_wijziging", "aangevraagd_door", "aangevraagd_op", "status",
                    "beoordeeld_door")
    list_filter = ("status", "soort")
    list_select_related = ("user", "organisatie", "werkgebied_district", "werkgebied_regio", "aangevraagd_door",
                           "beoordeeld_door", "vorige_organisatie", "vorig_werkgebied_district",
                           "vorig_werkgebied_regio")
    search_fields = ("email", "naam", "user__naam", "user__email")
    actions = ("goedkeuren", "afwijzen")
    fields = ("soort", "status", "user", "gevraagde_wijziging", "aangevraagd_door", "aangevraagd_op",
              "beoordeeld_door", "beoordeeld_op")
    readonly_fields = fields

    def get_queryset(self, request):
        # Open requests first, the newest on top.
        return super().get_queryset(request).annotate(
            _open=Case(When(status=VerzoekStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("_open", "-aangevraagd_op", "-pk")

    @admin.display(description=_("about"))
    def betreft(self, obj):
        if obj.soort == VerzoekSoort.AANMAKEN:
            return f"{obj.naam} ({obj.email})"
        return f"{obj.user.naam} ({obj.vorig_email or obj.user.email})"

    @admin.display(description=_("requested change"))
    def gevraagde_wijziging(self, obj):
        regels = []
        for _veld, label, oud, nieuw in obj.wijzigingen():
            if oud is None:
                regels.append(format_html("{}: {}", label, nieuw))
            else:
                regels.append(format_html("{}: {} → {}", label, oud, nieuw))
        return format_html_join(mark_safe("<br>"), "{}", ((r,) for r in regels)) or "—"

    def _decide(self, request, queryset, decide, done_message):
        gedaan, overgeslagen = 0, []
        for verzoek in queryset.select_related("user"):
            try:
                decide(verzoek)
            except (ValidationError, PermissionDenied) as error:
                reden = " ".join(getattr(error, "messages", None) or [str(error)])
                overgeslagen.append(f"{self.betreft(verzoek)}: {reden}")
            else:
                gedaan += 1
        if gedaan:
            messages.success(request, done_message(gedaan))
        for regel in overgeslagen:
            messages.error(request, _("Skipped %(request)s") % {"request": regel})

    @admin.action(description=_("Approve (four-eyes)"))
    def goedkeuren(self, request, queryset):
        self._decide(
            request, queryset, lambda v: services.approve(v, door=request.user),
            lambda n: ngettext("%(count)d request approved; it has taken effect.",
                               "%(count)d requests approved; they have taken effect.", n) % {"count": n},
        )

    @admin.action(description=_("Reject or withdraw"))
    def afwijzen(self, request, queryset):
        self._decide(
            request, queryset, lambda v: services.reject(v, door=request.user),
            lambda n: ngettext("%(count)d request rejected or withdrawn; nothing has changed.",
                               "%(count)d requests rejected or withdrawn; nothing has changed.", n) % {"count": n},
        )

