from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreffersConfig(AppConfig):
    name = "treffers"
    verbose_name = _("Hits")

    def ready(self):
        # What the hit/no-hit index adds to the platform (navigation, jobs, demo, the deploy check on its key) and to
        # signals (their section on a signal's page; the receivers of signalen.signals).
        from mensenhandel.core import demo as platform_demo
        from mensenhandel.core import navigation
        from mensenhandel.core.rollen import Rol
        from signalen import secties as signaal_secties

        from . import checks, demo, jobs, ontvangers, sectie  # noqa: F401  (checks and jobs register themselves)

        ontvangers.connect()
        navigation.register(
            navigation.NavItem(17, _("Hits"), "treffers:lijst", (Rol.KETENREGISSEUR,), section="/treffers/"),
        )
        signaal_secties.registreer(signaal_secties.Sectie(sectie.KEY, sectie.TEMPLATE, sectie.context))
        platform_demo.register(
            platform_demo.Stap(77, "treffers.treffers", demo.stap_treffers, fase=platform_demo.INHOUD),
        )
