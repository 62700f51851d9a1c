from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mensenhandel.core import views as core_views

admin.site.site_header = _("Ketenregie Mensenhandel — administration")
admin.site.site_title = _("Administration")
admin.site.index_title = _("Functional administration")
admin.site.site_url = "/"

urlpatterns = [
    path("", core_views.start, name="start"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("toegankelijkheid/", core_views.toegankelijkheid, name="toegankelijkheid"),
    path("", include("partners.urls")),
    path("tafels/", include("tafels.urls")),
    path("signalen/", include("signalen.urls")),
    path("treffers/", include("treffers.urls")),
    path("", include("casusoverleg.urls")),
    path("barrieres/", include("barrieres.urls")),
    path("rapporten/", include("rapportage.urls")),
    path("", include("rapportage.urls_basisniveau")),
    path("audit/", include("mensenhandel.audit.urls")),
    path("import/", include("importeren.urls")),
    path("beheer/bewaartermijnen/", include("mensenhandel.bewaren.urls")),
    path("beheer/", admin.site.urls),
]

handler400 = "mensenhandel.core.errors.bad_request"
handler403 = "mensenhandel.core.errors.permission_denied"
handler404 = "mensenhandel.core.errors.page_not_found"
handler500 = "mensenhandel.core.errors.server_error"
