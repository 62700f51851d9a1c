import importlib.util
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from casusoverleg import demo as casusoverleg_demo
from partners import demo as partners_demo
from rapportage import demo as rapportage_demo
from rapportage import demo_basisniveau as basisniveau_demo
from signalen import demo as signalen_demo
from signalen import referentie as signaal_referentie
from tafels import demo as tafels_demo
from tafels import reference_data
from tafels.models import Regio


class Command(BaseCommand):
    help = "Fill the database with the demo organisations, accounts and tables. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--zonder-signalen", action="store_true",
            help="Only organisations, accounts and tables (the tests build their own signals, cases and meetings).",
        )
        parser.add_argument(
            "--zonder-rapporten", action="store_true",
            help="Everything but the quarterly reports (their counting and PDFs): the history they count is made.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                _("seed_demo only runs with DEMO_MODE on: the demo accounts share a published password.")
            )
        started = time.monotonic()
        with transaction.atomic():
            if not Regio.objects.exists():
                reference_data.load()
            signaal_referentie.load()
            tafels_demo.seed_districten()
            organisaties = partners_demo.seed_organisaties()
            gebruikers = partners_demo.seed_gebruikers(organisaties)
            tafels = tafels_demo.seed_tafels(organisaties, gebruikers)
            if not options["zonder_signalen"]:
                signalen_demo.seed(gebruikers)
        if not options["zonder_signalen"]:
            # Outside the transaction above: it commits in steps, so the agenda PDFs are made in between.
            casusoverleg_demo.seed(gebruikers)
            # The basisniveau measurements (seed 002) and the awareness sessions (seed 001 §1), before the reports.
            basisniveau_demo.seed(gebruikers)
            if importlib.util.find_spec("rapportage.demo_bewustwording") is not None:
                from rapportage import demo_bewustwording

                demo_bewustwording.seed(gebruikers)
            # The history the quarterly report counts, and the final reports of the last two quarters (counted and
            # rendered by the report job, run here in-process, also when Redis is configured).
            if options["zonder_rapporten"]:
                rapportage_demo.seed_historie(gebruikers)
            else:
                rapportage_demo.seed(gebruikers)
        self.stdout.write(
            _("Demo data ready in %(seconds).1f s: %(orgs)s organisations, %(users)s accounts, %(tables)s tables.")
            % {
                "seconds": time.monotonic() - started,
                "orgs": len(organisaties),
                "users": len(gebruikers),
                "tables": len(tafels),
            }
        )
