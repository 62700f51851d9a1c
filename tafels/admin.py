"""Functional administration of the reference data (read-only but for a region's board), districts and tables."""
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.admin_access import BeheerderOnlyAdmin
from mensenhandel.core.forms import SchoneModelForm

from .models import District, Gemeente, Regio, Tafel, TafelLid, TafelLidSoort


@admin.register(Regio)
class RegioAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    """The ten police units: loaded from ``tafels/data`` (``load_reference_data``), never added or deleted here. The
    beheerder sets only the name of the region's board (for its quarterly report); the reference data is read-only."""

    beheer_add = False

    list_display = ("naam", "code", "riec", "bestuurlijk_overleg", "aantal_gemeenten")
    search_fields = ("naam", "code", "riec")
    fields = ("naam", "code", "riec", "bestuurlijk_overleg")
    readonly_fields = ("naam", "code", "riec")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_gemeenten=Count("gemeenten"))

    @admin.display(description=_("municipalities"), ordering="_aantal_gemeenten")
    def aantal_gemeenten(self, obj):
        return obj._aantal_gemeenten


@admin.register(Gemeente)
class GemeenteAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    """All municipalities, from the CBS data in ``tafels/data``: read-only."""

    beheer_add = False
    beheer_change = False

    list_display = ("cbs_code", "naam", "provincie", "regio", "veiligheidsregio")
    list_filter = ("provincie", "regio", "veiligheidsregio")
    search_fields = ("naam", "cbs_naam", "cbs_code")
    list_select_related = ("regio",)
    readonly_fields = ("cbs_code", "cbs_naam", "naam", "provincie", "regio", "veiligheidsregio")
    list_per_page = 50


class DistrictForm(SchoneModelForm):
    class Meta(SchoneModelForm.Meta):
        model = District
        fields = ("naam", "code", "regio", "bestuurlijk_overleg", "gemeenten")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the municipalities of the district's region (the one being chosen, else the saved one).
        regio_id = self.data.get(self.add_prefix("regio")) if self.is_bound else None
        regio_id = regio_id or self.instance.regio_id
        if "gemeenten" in self.fields and regio_id and str(regio_id).isdigit():
            self.fields["gemeenten"].queryset = Gemeente.objects.filter(regio_id=regio_id)

    def clean(self):
        cleaned = super().clean()
        regio, gemeenten = cleaned.get("regio"), cleaned.get("gemeenten")
        if regio is not None and gemeenten is not None:
            elders = [g.naam for g in gemeenten if g.regio_id != regio.pk]
            if elders:
                self.add_error(
                    "gemeenten",
                    _("These municipalities are not in the region %(regio)s: %(gemeenten)s.")
                    % {"regio": regio, "gemeenten": ", ".join(elders)},
                )
        return cleaned


@admin.register(District)
class DistrictAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    beheer_delete = True  # only a district nothing refers to; the admin lists what protects it

    form = DistrictForm
    list_display = ("naam", "code", "regio", "bestuurlijk_overleg", "aantal_gemeenten")
    list_filter = ("regio",)
    search_fields = ("naam", "code")
    list_select_related = ("regio",)
    filter_horizontal = ("gemeenten",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_gemeenten=Count("gemeenten"))

    @admin.display(description=_("municipalities"), ordering="_aantal_gemeenten")
    def aantal_gemeenten(self, obj):
        return obj._aantal_gemeenten


class TafelLidForm(SchoneModelForm):
    """A member without a kind chosen is a full standing member (issue 21)."""

    class Meta(SchoneModelForm.Meta):
        model = TafelLid
        fields = ("organisatie", "deelnemer", "mailbox", "soort")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "soort" in self.fields:
            self.fields["soort"].required = False

    def clean_soort(self):
        return self.cleaned_data.get("soort") or TafelLidSoort.VOLLEDIG


class TafelLidInline(BeheerderOnlyAdmin, admin.TabularInline):
    """Per member organisation who takes part: a person of that organisation or a functional mailbox, and whether it
    sees every case item or only those it is invited for (issue 21)."""

    model = TafelLid
    form = TafelLidForm
    beheer_delete = True
    fields = ("organisatie", "deelnemer", "mailbox", "soort")
    autocomplete_fields = ("organisatie", "deelnemer")
    extra = 1


@admin.register(Tafel)
class TafelAdmin(BeheerderOnlyAdmin, admin.ModelAdmin):
    beheer_delete = True

    list_display = ("naam", "soort", "werkgebied_display", "voorzitter", "vergaderingen_per_jaar", "aantal_leden")
    list_filter = ("soort", "regio", "district")
    search_fields = ("naam",)
    list_select_related = ("regio", "district", "voorzitter")
    fields = ("naam", "soort", "regio", "district", "voorzitter", "vergaderingen_per_jaar")
    autocomplete_fields = ("voorzitter",)
    inlines = (TafelLidInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_leden=Count("leden"))

    @admin.display(description=_("work area"), ordering="district__naam")
    def werkgebied_display(self, obj):
        return obj.werkgebied

    @admin.display(description=_("member organisations"), ordering="_aantal_leden")
    def aantal_leden(self, obj):
        return obj._aantal_leden
