from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterenConfig(AppConfig):
    name = "importeren"
    verbose_name = _("Import")

    def ready(self):
        # What the import adds to the platform: its menu item (ketenregisseur) and its folder of the protected store
        # (files whose row never got committed are swept nightly).
        from mensenhandel.core import beschermd, navigation
        from mensenhandel.core.rollen import Rol

        from . import opslag, selectors  # noqa: F401  (selectors: registers importbestanden_visible_for)

        navigation.register(
            navigation.NavItem(55, _("Import"), "importeren:start", (Rol.KETENREGISSEUR,), section="/import/"),
        )
        beschermd.registreer(opslag.MAP)
