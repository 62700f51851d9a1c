from django.urls import path

from mensenhandel.access.registry import listing_path

from . import views
from .models import AuditEntry

app_name = "audit"

urlpatterns = [
    # Issue 17: the beheerder's list of unusual reading (no object in the URL; 404 for every other role).
    path("ongebruikelijk/", views.ongebruikelijk, name="ongebruikelijk"),
    listing_path(
        "", views.AuditEntryListView.as_view(), name="lijst", model=AuditEntry,
        reveals=lambda entry: f'data-entry="{entry.pk}"',
    ),
    listing_path(
        "export.csv", views.AuditEntryExportView.as_view(), name="export", model=AuditEntry,
        # Every data row of the export starts with the row's id, right after the previous line break.
        reveals=lambda entry: f"\r\n{entry.pk};",
    ),
]
