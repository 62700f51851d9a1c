from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    name = "signalen"
    verbose_name = _("Signals")

    def ready(self):
        # What signals add to the platform (see mensenhandel/core: startpage, navigation, beschermd, demo;
        # mensenhandel/jobs).
        from mensenhandel.audit import selectors as audit_selectors
        from mensenhandel.bewaren import registry as bewaren
        from mensenhandel.core import beschermd, navigation, startpage
        from mensenhandel.core import demo as platform_demo
        from mensenhandel.core.rollen import Rol

        from . import bewaartermijn, bijlagen, demo, jobs  # noqa: F401  (jobs: registers the job handlers with @job)
        from .selectors import gelezen_via_deling
        from .startpage import BLOCKS

        # The beheerder's list of unusual reading also names signals read through a share (issue 17).
        audit_selectors.register_ongebruikelijk(gelezen_via_deling)

        for block in BLOCKS:
            startpage.register_block(block)
        navigation.register(
            navigation.NavItem(10, _("Signals"), "signalen:lijst", (Rol.KETENREGISSEUR,), section="/signalen/"),
            navigation.NavItem(11, _("Report a signal"), "signalen:nieuw", (Rol.COORDINATOR, Rol.PARTNER),
                               section="/signalen/concept/"),
            navigation.NavItem(12, _("My signals"), "signalen:mijn", (Rol.COORDINATOR, Rol.PARTNER),
                               section="/signalen/mijn/"),
        )
        beschermd.registreer(bijlagen.MAP)
        # Retention (issue 17): signals that did not lead to a case, and drafts.
        bewaren.register(
            bewaren.Opruimer(soort="signaal", naam="signalen", volgorde=20, kandidaten=bewaartermijn.kandidaten,
                             beschrijf=bewaartermijn.beschrijf, verwijder=bewaartermijn.verwijder),
            bewaren.Opruimer(soort="concept", naam="concepten", volgorde=30,
                             kandidaten=bewaartermijn.concept_kandidaten, beschrijf=bewaartermijn.concept_beschrijf,
                             verwijder=bewaartermijn.concept_verwijder),
        )
        platform_demo.register(
            platform_demo.Stap(20, "signalen.referentie", demo.stap_referentie),
            platform_demo.Stap(70, "signalen.signalen", demo.stap_signalen, fase=platform_demo.INHOUD),
        )
