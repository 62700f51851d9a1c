from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditActie(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed log-in")
    LOGOUT = "logout", _("logged out")
    LOCKOUT = "lockout", _("locked out")
    UNLOCK = "unlock", _("unlocked")
    TWO_FACTOR_ENROLMENT = "2fa_enrolment", _("second factor enrolled")
    TWO_FACTOR_RESET = "2fa_reset", _("second factor reset")
    INVITATION = "invitation", _("invitation sent")
    PASSWORD_RESET_REQUEST = "password_reset", _("password reset requested")
    PASSWORD_CHANGE = "password_change", _("password changed")
    DEACTIVATION = "deactivation", _("deactivated")
    LOGOUT_EVERYWHERE = "logout_all", _("logged out everywhere")
    APPROVAL_REQUEST = "approval_request", _("approval requested")
    APPROVAL = "approval", _("approved")
    REJECTION = "rejection", _("rejected")
    RETENTION = "retention", _("removed after its retention period")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")

    def bulk_update(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")


class AuditEntry(models.Model):
    """One event. Holds no personal data beyond who acted: the object is named by type and id."""

    tijdstip = models.DateTimeField(_("time"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("user"),
    )
    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("organisation"),
    )
    actie = models.CharField(_("action"), max_length=20, choices=AuditActie.choices, db_index=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True, editable=False)
    filters = models.JSONField(_("filters used"), default=dict, blank=True, editable=False)
    omschrijving = models.CharField(_("description"), max_length=255, blank=True, editable=False)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    # Where the event belongs, so a ketenregisseur can read the log of their own work area.
    gemeente = models.ForeignKey(
        "tafels.Gemeente", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("municipality"),
    )
    district = models.ForeignKey(
        "tafels.District", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("district"),
    )
    regio = models.ForeignKey(
        "tafels.Regio", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("region"),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-tijdstip", "-pk"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id", "tijdstip"])]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.get_actie_display()} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")
