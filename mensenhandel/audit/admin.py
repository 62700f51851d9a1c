from django.contrib import admin

from mensenhandel.core.admin_access import BeheerderOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    """Read-only: the audit log can be searched, never changed or deleted."""

    beheer_add = False
    beheer_change = False
    beheer_delete = False

    list_display = ("tijdstip", "actor", "organisatie", "actie", "object_type", "object_id", "ip")
    list_filter = ("actie", "object_type")
    search_fields = ("object_type", "object_id", "actor__email")
    date_hierarchy = "tijdstip"
    list_select_related = ("actor", "organisatie")
