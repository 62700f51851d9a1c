"""The signal reference lists, which the beheerder extends (the law changes). Signals themselves hold
personal data and are never in the admin."""
from django.contrib import admin

from mensenhandel.core.admin_access import BeheerderOnlyAdmin

from .models import Bron, Grondslag, Indicator, IndicatorCluster, Sector, Standaardtekst, Vorm


class ReferentielijstAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    """Items are switched off ('in use'), never deleted: existing signals refer to them."""

    list_display = ("naam", "code", "volgorde", "actief")
    list_editable = ("volgorde", "actief")
    list_filter = ("actief",)
    search_fields = ("naam", "code")


admin.site.register(Vorm, ReferentielijstAdmin)
admin.site.register(Sector, ReferentielijstAdmin)
admin.site.register(Bron, ReferentielijstAdmin)


class IndicatorInline(BeheerderOnlyAdmin, admin.TabularInline):
    model = Indicator
    fields = ("tekst", "volgorde", "actief")
    extra = 1


@admin.register(IndicatorCluster)
class IndicatorClusterAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    list_display = ("naam", "volgorde")
    inlines = [IndicatorInline]


@admin.register(Grondslag)
class GrondslagAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    """A legal basis is offered for a share only between its valid-from and valid-until dates."""

    list_display = ("naam", "geldig_van", "geldig_tot")
    search_fields = ("naam",)


@admin.register(Standaardtekst)
class StandaardtekstAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    list_display = ("titel", "status")
    list_filter = ("status",)
