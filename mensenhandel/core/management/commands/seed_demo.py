import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from mensenhandel.core import demo


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
        # The steps are the apps' (registered in their AppConfig.ready(); see mensenhandel/core/demo.py).
        stand = demo.Demo(zonder_rapporten=options["zonder_rapporten"])
        fasen_in_transactie = (demo.BASIS,) if options["zonder_signalen"] else (demo.BASIS, demo.INHOUD)
        with transaction.atomic():
            for stap in demo.stappen(*fasen_in_transactie):
                stap.uitvoeren(stand)
        if not options["zonder_signalen"]:
            # Outside the transaction above: these steps commit in steps of their own.
            for stap in demo.stappen(demo.ERNA):
                stap.uitvoeren(stand)
        self.stdout.write(
            _("Demo data ready in %(seconds).1f s: %(orgs)s organisations, %(users)s accounts, %(tables)s tables.")
            % {
                "seconds": time.monotonic() - started,
                "orgs": len(stand.organisaties),
                "users": len(stand.gebruikers),
                "tables": len(stand.tafels),
            }
        )
