"""Put the submitted signals that are not in the hit/no-hit index yet into it (a database from before the index, or
records written around ``signalen.services.submit``, such as ``generate_volume``'s). ``--opnieuw`` first empties the
index and rebuilds it: needed after a new ``TREFFERS_HMAC_KEY`` (a hash under the old key matches nothing). Existing
treffers stay; a pair found again is no new treffer. No e-mail: this finds what could have been found before."""
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef

from signalen.models import Signaal
from signalen.models import Status as SignaalStatus
from treffers import services
from treffers.models import IndexRegel


class Command(BaseCommand):
    help = "Index the submitted signals that are not in the hit/no-hit index yet (--opnieuw: rebuild it)."

    def add_arguments(self, parser):
        parser.add_argument("--opnieuw", action="store_true", help="Empty the index first (after a new key).")

    def handle(self, *args, opnieuw=False, **options):
        if opnieuw:
            IndexRegel.objects.all().delete()
        ontbreekt = (Signaal.objects.exclude(status=SignaalStatus.CONCEPT).filter(verwijderd_op__isnull=True)
                     .exclude(Exists(IndexRegel.objects.filter(signaal_id=OuterRef("pk"))))
                     .order_by("ingediend_op", "pk").select_related("ingediend_door"))
        aantal = nieuw = 0
        for signaal in ontbreekt.iterator(chunk_size=500):
            with transaction.atomic():
                nieuw += len(services.indexeer(signaal, signaal.ingediend_door, notify=False))
            aantal += 1
        self.stdout.write(f"Geïndexeerd: {aantal} signalen; nieuwe treffers: {nieuw}.")
