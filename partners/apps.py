from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Organisations and users")

    def ready(self):
        from . import signals  # noqa: F401  (lock-outs go to the audit log)
