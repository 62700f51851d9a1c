from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "mensenhandel.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # Each app registers its own handlers in its AppConfig.ready() (``from . import jobs``: @job(...)); this is
        # the built-in ``jobs.controle``.
        from . import jobs  # noqa: F401
