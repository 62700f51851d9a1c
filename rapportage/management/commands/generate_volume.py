from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from rapportage import volume
from tafels.models import Regio

DEMO_MARKER = "beheer@ketenregie.example"


class Command(BaseCommand):
    help = (
        "Fill a PostgreSQL demo database, on top of seed_demo, with ten years of reproducible national history "
        "(at --scale 1: 200,000 signals, 50,000 cases, 20,000 meetings, 500,000 actions, 5,000,000 audit rows, "
        "3,000 accounts). Runs once per database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Fraction of the full volume, e.g. 0.01 for 1/100 (default 1).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices (default 1).")

    def handle(self, *args, **options):
        scale, seed = options["scale"], options["seed"]
        if not settings.DEMO_MODE:
            raise CommandError(
                _("generate_volume only runs with DEMO_MODE on: it fills the database with fictitious history.")
            )
        if connection.vendor != "postgresql":
            raise CommandError(_("generate_volume needs PostgreSQL (it writes with COPY); this database is %(vendor)s.")
                               % {"vendor": connection.vendor})
        if not 0 < scale <= 10:
            raise CommandError(_("--scale must be more than 0 and at most 10."))
        eerder = volume.eerdere_run()
        if eerder is not None:
            raise CommandError(
                _("This database already has generated history (%(run)s, on %(date)s). generate_volume runs once per "
                  "database: start again from an empty database.")
                % {"run": eerder.omschrijving, "date": eerder.tijdstip.date().isoformat()}
            )
        from django.contrib.auth import get_user_model

        if not Regio.objects.exists() or not get_user_model().objects.filter(email=DEMO_MARKER).exists():
            self.stdout.write(_("The demo data is missing: running seed_demo first."))
            call_command("seed_demo", "--zonder-rapporten", stdout=self.stdout)
        aantallen = volume.genereer(scale=scale, seed=seed, stdout=self.stdout)
        self.stdout.write(
            _("Generated in %(seconds)s s: %(signalen)s signals, %(casussen)s cases, %(overleggen)s meetings, "
              "%(acties)s actions, %(audit)s audit rows, %(gebruikers)s accounts, %(rapporten)s report versions.")
            % {**aantallen, "seconds": f"{aantallen['seconden']:.0f}"}
        )
