from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "mensenhandel.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import signals  # noqa: F401  (log-in, log-out and failed log-in)
