"""``manage.py importsjabloon PATH [--voorbeeld]``: write the import template (XLSX; with ``--voorbeeld`` its fictional
demo rows of district Twente). ``docs/import-voorbeeld.xlsx`` is made with it:

    manage.py importsjabloon docs/import-voorbeeld.xlsx --voorbeeld
"""
from pathlib import Path

from django.core.management.base import BaseCommand

from importeren import sjabloon


class Command(BaseCommand):
    help = "Write the import template (XLSX), with --voorbeeld its demo rows."

    def add_arguments(self, parser):
        parser.add_argument("pad")
        parser.add_argument("--voorbeeld", action="store_true")

    def handle(self, *args, pad, voorbeeld, **options):
        Path(pad).write_bytes(sjabloon.xlsx(voorbeeld=voorbeeld))
        self.stdout.write(pad)
