from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarrieresConfig(AppConfig):
    name = "barrieres"
    verbose_name = _("Barrier model")

    def ready(self):
        from mensenhandel.bewaren import registry as bewaren

        from . import bewaartermijn

        # Retention: after the cases (casusoverleg, volgorde 10), the free text of their barriers.
        bewaren.register(bewaren.Opruimer(
            soort="casus", naam="barrieres", volgorde=11, kandidaten=bewaartermijn.kandidaten,
            beschrijf=bewaartermijn.beschrijf, verwijder=bewaartermijn.verwijder))
        # The demo barriers (demo.seed) are made by the report's demo step (rapportage.demo), between the case history
        # and the counting of the demo reports, so the reports count them.
