"""The treffers of the demo (``seed_demo``): the demo signals (``signalen.demo``) hold one KvK number in both Twente
and Midden-Nederland (a treffer across werkgebieden) and one address twice in Enschede (a possible duplicate in
Twente). Submitting them indexes them already (without e-mail: the story lies in the past); this step indexes any
demo signal that is not in the index yet (a database seeded before the index existed) and dates each treffer at the
later submission of its pair. Safe to run again."""
from django.db.models import Exists, OuterRef

from signalen.models import Signaal
from signalen.models import Status as SignaalStatus

from . import services
from .models import IndexRegel, Treffer, TrefferHistorie


def stap_treffers(demo):
    ontbreekt = (Signaal.objects.exclude(status=SignaalStatus.CONCEPT).filter(verwijderd_op__isnull=True)
                 .exclude(Exists(IndexRegel.objects.filter(signaal_id=OuterRef("pk")))).order_by("ingediend_op", "pk"))
    for signaal in ontbreekt.select_related("ingediend_door"):
        services.indexeer(signaal, signaal.ingediend_door, notify=False)
    for treffer in Treffer.objects.filter(status="open").select_related("signaal_a", "signaal_b"):
        moment = max(treffer.signaal_a.ingediend_op, treffer.signaal_b.ingediend_op)
        if treffer.aangemaakt > moment:
            Treffer.objects.filter(pk=treffer.pk).update(aangemaakt=moment)
            TrefferHistorie.objects.filter(treffer=treffer, soort="gevonden").update(tijdstip=moment)
