from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = _("Reports")

    def ready(self):
        # What reports, the basic level and awareness add to the platform (see mensenhandel/core: startpage,
        # navigation, beschermd, demo; mensenhandel/jobs).
        from mensenhandel.core import beschermd, navigation, startpage
        from mensenhandel.core import demo as platform_demo
        from mensenhandel.core.rollen import Rol

        from . import demo, demo_basisniveau, demo_bewustwording, dvo, jobs, pdf  # noqa: F401  (jobs: @job handlers)
        from .startpage import BLOCKS

        for block in BLOCKS:
            startpage.register_block(block)
        monitor = (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER, Rol.COORDINATOR)
        navigation.register(
            navigation.NavItem(30, _("Reports"), "rapportage:rapporten", (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER),
                               section="/rapporten/"),
            navigation.NavItem(31, _("Basic level"), "basisniveau:metingen", monitor, section="/basisniveau/"),
            navigation.NavItem(32, _("Awareness"), "basisniveau:bijeenkomsten", monitor, section="/bewustwording/"),
        )
        beschermd.registreer(pdf.MAP)
        beschermd.registreer(dvo.MAP)
        platform_demo.register(
            platform_demo.Stap(90, "rapportage.basisniveau", demo_basisniveau.stap_basisniveau, fase=platform_demo.ERNA),
            platform_demo.Stap(100, "rapportage.bewustwording", demo_bewustwording.stap_bewustwording,
                               fase=platform_demo.ERNA),
            platform_demo.Stap(110, "rapportage.rapporten", demo.stap_rapporten, fase=platform_demo.ERNA),
        )
