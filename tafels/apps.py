from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TafelsConfig(AppConfig):
    name = "tafels"
    verbose_name = _("Regions and tables")

    def ready(self):
        # What tables add to the platform (see mensenhandel/core: startpage, navigation, demo).
        from mensenhandel.core import demo as platform_demo
        from mensenhandel.core import navigation, startpage

        from . import demo
        from .startpage import BLOCKS

        for block in BLOCKS:
            startpage.register_block(block)
        navigation.register(navigation.NavItem(40, _("Tables"), "tafels:lijst", navigation.ALLE_ROLLEN, section="/tafels/"))
        platform_demo.register(
            platform_demo.Stap(10, "tafels.referentiedata", demo.stap_referentiedata),
            platform_demo.Stap(30, "tafels.districten", demo.stap_districten),
            platform_demo.Stap(60, "tafels.tafels", demo.stap_tafels),
            # Issue 21: after the basis the tests build on, before the demo's meetings.
            platform_demo.Stap(75, "tafels.regio", demo.stap_regio, fase=platform_demo.ERNA),
        )
