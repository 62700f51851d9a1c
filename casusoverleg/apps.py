from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasusoverlegConfig(AppConfig):
    name = "casusoverleg"
    verbose_name = _("Case meetings")

    def ready(self):
        # What cases and meetings add to the platform (see mensenhandel/core: startpage, navigation, beschermd, demo;
        # mensenhandel/jobs) and to a signal's page (signalen/secties.py).
        from mensenhandel.bewaren import registry as bewaren
        from mensenhandel.core import beschermd, navigation, startpage
        from mensenhandel.core import demo as platform_demo
        from mensenhandel.core.rollen import Rol
        from signalen import secties as signaal_secties

        from . import agenda_pdf, bewaartermijn, demo, jobs, selectors  # noqa: F401  (jobs: registers the job handlers)
        from .services import acties
        from .startpage import BLOCKS
        from .views import casussen

        for block in BLOCKS:
            startpage.register_block(block)
        alle_behalve_bestuur = (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER)
        navigation.register(
            navigation.NavItem(20, _("Cases"), "casusoverleg:casussen", alle_behalve_bestuur, section="/casussen/"),
            navigation.NavItem(21, _("Meetings"), "casusoverleg:overleggen", (*alle_behalve_bestuur, Rol.PORTEFEUILLEHOUDER),
                               section="/overleggen/"),
            navigation.NavItem(22, _("My actions"), "casusoverleg:mijn_acties", alle_behalve_bestuur,
                               section="/acties/mijn/"),
            navigation.NavItem(23, _("Action follow-up"), "casusoverleg:actiebewaking", (Rol.KETENREGISSEUR,),
                               section="/acties/bewaking/"),
            # Issue 21: the care tracks, for the ketenregisseur and a zorgcoordinator organisation's members.
            navigation.NavItem(24, _("Care tracks"), "casusoverleg:zorgtrajecten", alle_behalve_bestuur,
                               section="/zorgtrajecten/", zichtbaar=selectors.zorg_overzicht_for),
        )
        beschermd.registreer(acties.MAP)
        beschermd.registreer(agenda_pdf.MAP)
        # Retention (issue 17): closed cases go first, with their signals, before the signals' own rule.
        bewaren.register(bewaren.Opruimer(
            soort="casus", naam="casussen", volgorde=10, kandidaten=bewaartermijn.kandidaten,
            beschrijf=bewaartermijn.beschrijf, verwijder=bewaartermijn.verwijder))
        signaal_secties.registreer(signaal_secties.Sectie(
            casussen.SIGNAAL_SECTIE, casussen.SIGNAAL_SECTIE_TEMPLATE, casussen.signaal_casus_context))
        platform_demo.register(
            platform_demo.Stap(80, "casusoverleg.casussen_en_overleggen", demo.stap_casussen_en_overleggen,
                               fase=platform_demo.ERNA),
        )
        from . import demo_zorg  # issue 21: the victims' care track

        platform_demo.register(platform_demo.Stap(82, "casusoverleg.zorgtraject", demo_zorg.stap_zorgtraject,
                                                  fase=platform_demo.ERNA))
        from . import demo_regio  # issue 21: the regional table in use

        platform_demo.register(platform_demo.Stap(85, "casusoverleg.regionale_tafel", demo_regio.stap_regionale_tafel,
                                                  fase=platform_demo.ERNA))
