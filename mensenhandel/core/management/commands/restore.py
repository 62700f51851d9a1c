import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mensenhandel.core import backup


class Command(BaseCommand):
    help = "Restore a backup archive (make restore FILE=...) into an empty database and an empty file store."

    def add_arguments(self, parser):
        parser.add_argument("archief", help="The .tar made by `manage.py backup`; its .sha256 must lie next to it.")
        parser.add_argument("--forceer", action="store_true",
                            help="Replace a database and a file store that are not empty.")

    def handle(self, *args, **options):
        begin = time.monotonic()
        try:
            manifest = backup.herstel(options["archief"], forceer=options["forceer"])
        except backup.BackupFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(_("Restored in %(seconds).1f s: the database (%(engine)s) and %(files)s files.") % {
            "seconds": time.monotonic() - begin, "engine": manifest["engine"],
            "files": sum(1 for naam in manifest["leden"] if naam.startswith(backup.BESTANDEN + "/"))})
