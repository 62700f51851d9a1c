from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mensenhandel.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from mensenhandel.access import lookups  # noqa: F401  (registers ``__in_ids`` on every field)
        from mensenhandel.core import checks  # noqa: F401  (registers the deploy check on DEMO_MODE)
