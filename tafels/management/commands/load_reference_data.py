from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tafels import reference_data


class Command(BaseCommand):
    help = "Load (or update) the police units and municipalities from tafels/data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(reference_data.DATA_DIR), help="Folder with the CSV files.")

    def handle(self, *args, **options):
        try:
            result = reference_data.load(options["dir"])
        except reference_data.ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Reference data: %(regios)s regions, %(gemeenten)s municipalities.")
            % {"regios": result.regios, "gemeenten": result.gemeenten}
        )
