from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from mensenhandel.bewaren import services


class Command(BaseCommand):
    help = ("Apply the retention periods: remove or anonymise what has passed its term, as the nightly job does. "
            "With --dry-run: only list what would go.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would go; change nothing.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options):
        if options["dry_run"]:
            totaal = 0
            for opruimer, regel, aantal, regels in services.vooruitblik():
                self.stdout.write(_("%(step)s (term %(term)s): %(count)s") % {
                    "step": opruimer.naam, "term": regel.tekst, "count": aantal})
                for regel_ in regels:
                    self.stdout.write(f"  {regel_}")
                totaal += aantal
            self.stdout.write(_("Dry run: nothing was changed; %(count)s would go.") % {"count": totaal})
            return
        run = services.toepassen()
        for naam, aantal in sorted(run.aantallen.items()):
            self.stdout.write(f"{naam}: {aantal}")
        self.stdout.write(_("Retention applied (run %(run)s): %(count)s removed.") % {"run": run.pk,
                                                                                      "count": run.totaal})
