from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be searched, never changed or deleted."""

    list_display = ("tijdstip", "actor", "organisatie", "actie", "object_type", "object_id", "ip")
    list_filter = ("actie", "object_type")
    search_fields = ("object_type", "object_id", "actor__email")
    date_hierarchy = "tijdstip"
    list_select_related = ("actor", "organisatie")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff
