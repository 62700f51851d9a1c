from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BewarenConfig(AppConfig):
    name = "mensenhandel.bewaren"
    label = "bewaren"
    verbose_name = _("Retention")

    def ready(self):
        from mensenhandel.core import demo as platform_demo

        from . import demo, jobs, registry  # noqa: F401  (jobs: registers ``bewaren.toepassen`` with @job)

        # The audit log's own rule: its rows past their term go last, after every removal was logged.
        registry.register(registry.Opruimer(
            soort="audit", naam="auditregels", volgorde=100,
            kandidaten=registry.audit_kandidaten, verwijder_alles=registry.audit_verwijderen,
        ))
        # Last of the demo: after the history and its reports, the nightly run once.
        platform_demo.register(platform_demo.Stap(120, "bewaren.run", demo.stap_bewaren, fase=platform_demo.ERNA))
