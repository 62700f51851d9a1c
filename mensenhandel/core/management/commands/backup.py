from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mensenhandel.core import backup


class Command(BaseCommand):
    help = "Back up the database and the protected file store into one archive with checksums (make backup)."

    def add_arguments(self, parser):
        parser.add_argument("--map", default=str(settings.VAR_DIR / "backups"),
                            help="Folder for the archive (default: var/backups).")

    def handle(self, *args, **options):
        try:
            archief = backup.maak(options["map"])
        except backup.BackupFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(_("Backup written: %(archive)s (checksum in %(archive)s.sha256).") % {"archive": archief})
