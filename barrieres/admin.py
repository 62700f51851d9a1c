"""The domains of the barrier model, which the beheerder edits (Beheer → Barrièremodel → Domeinen). Barriers
themselves belong to cases and are never in the admin."""
from django.contrib import admin

from mensenhandel.core.admin_access import BeheerderOnlyAdmin

from .models import Domein


@admin.register(Domein)
class DomeinAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    """Domains are switched off ('in use'), never deleted: existing barriers refer to them."""

    list_display = ("naam", "code", "volgorde", "actief")
    list_editable = ("volgorde", "actief")
    list_filter = ("actief",)
    search_fields = ("naam", "code")
