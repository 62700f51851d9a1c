from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "mensenhandel.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from mensenhandel.core import navigation, startpage
        from mensenhandel.core.rollen import Rol

        from . import signals  # noqa: F401  (log-in, log-out and failed log-in)
        from .startpage import BLOCKS

        for block in BLOCKS:
            startpage.register_block(block)
        navigation.register(
            navigation.NavItem(50, _("Audit log"), "audit:lijst", (Rol.BEHEERDER, Rol.KETENREGISSEUR), section="/audit/"),
        )
