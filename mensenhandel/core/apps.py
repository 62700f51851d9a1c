from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mensenhandel.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # The platform imports no app: each app adds its start-page blocks, menu items, job handlers, folders of the
        # file store and demo steps in its own AppConfig.ready(), the way the platform's own are added here.
        from mensenhandel.access import lookups  # noqa: F401  (registers ``__in_ids`` on every field)
        from mensenhandel.core import checks  # noqa: F401  (registers the deploy check on DEMO_MODE)

        from . import jobs, navigation  # noqa: F401  (jobs: registers ``bestanden.opruimen`` with @job)

        navigation.register(*navigation.PLATFORM_ITEMS)
