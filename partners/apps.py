from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Organisations and users")

    def ready(self):
        # What organisations and users add to the platform (see mensenhandel/core: startpage, demo; mensenhandel/jobs).
        from mensenhandel.core import demo as platform_demo
        from mensenhandel.core import startpage

        # jobs: registers the e-mail job handlers with @job; signals: lock-outs go to the audit log.
        from . import demo, jobs, signals  # noqa: F401
        from .oidc import check_configuration

        checks.register(check_configuration)
        from .startpage import BLOCKS

        for block in BLOCKS:
            startpage.register_block(block)
        platform_demo.register(
            platform_demo.Stap(40, "partners.organisaties", demo.stap_organisaties),
            platform_demo.Stap(50, "partners.gebruikers", demo.stap_gebruikers),
            # Issue 21: after the basis the tests build on.
            platform_demo.Stap(74, "partners.gebruikers_regio", demo.stap_gebruikers_regio, fase=platform_demo.ERNA),
        )
