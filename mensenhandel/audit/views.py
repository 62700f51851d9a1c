"""View mixins that log reads: one row per detail view, per list request, per export and download."""
from . import log
from .models import Actie


class AuditedDetailMixin:
    """For DetailView-like views: logs a 'view' of the object the view shows."""

    audit_action = Actie.VIEW

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        log(self.request.user, self.audit_action, obj)
        return obj


class AuditedListMixin:
    """For ListView-like views: logs a 'list' of the model with the filter the user asked for."""

    audit_action = Actie.LIST

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(request.user, self.audit_action, self.model, filters=request.GET)
        return response
