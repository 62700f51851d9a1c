from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from signalen import referentie


class Command(BaseCommand):
    help = "Load the lists of forms, sectors, sources, indicators, legal bases and standard texts. Safe to run again."

    def handle(self, *args, **options):
        referentie.load()
        self.stdout.write(_("Signal reference lists loaded."))
